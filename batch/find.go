package batch

import (
	"context"
	"errors"

	"github.com/mootlab/moot/internal/wait"
)

// find looks for the batch made of file (API.Find), asking again on the
// poll schedule while the provider does not answer, as a check of a
// batch's state is (up to maxCheckErrors times more): a batch may have
// been made of the file — a creation whose answer was lost, a run killed
// before it wrote the batch down — and a failed look taken for none
// would send its requests again, paid twice.
func (a *Agent) find(ctx context.Context, file string) (string, error) {
	pause := a.s.Poll
	for attempt := 0; ; attempt++ {
		id, err := a.api.Find(ctx, file)
		if err == nil || attempt == maxCheckErrors || ctx.Err() != nil || errors.Is(err, ErrGone) || errors.Is(err, ErrRefused) {
			return id, err
		}
		a.run.logf("%s: looking for the batch made of input file %s: %v; looking again in %s", a.name, file, err, pause)
		if wait.Sleep(ctx, pause) != nil {
			return "", ctx.Err()
		}
		pause = min(2*pause, a.s.PollMax)
	}
}
