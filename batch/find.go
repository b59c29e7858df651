package batch

import (
	"context"
	"errors"
	"time"

	"github.com/mootlab/moot/internal/wait"
)

// find looks for the batch made of file (API.Find), asking again on the
// poll schedule while the provider does not answer, as a check of a
// batch's state is (again): a batch may have been made of the file — a
// creation whose answer was lost, a run killed before it wrote the batch
// down — and a failed look taken for none would send its requests again,
// paid twice.
func (a *Agent) find(ctx context.Context, file string) (string, error) {
	return again(ctx, a.s, func() (string, error) { return a.api.Find(ctx, file) }, func(err error, pause time.Duration) {
		a.run.logf("%s: looking for the batch made of input file %s: %v; looking again in %s", a.name, file, err, pause)
	})
}

// again calls try, and again on the poll schedule (s.Poll, doubling up to
// s.PollMax) while it fails with an error that may pass, up to
// maxCheckErrors times more: not a batch or file gone (ErrGone), nor a
// refusal (ErrRefused), nor ctx's end. said, if set, is told each failure
// and the wait before the next try.
func again[T any](ctx context.Context, s Settings, try func() (T, error), said func(error, time.Duration)) (T, error) {
	pause := s.Poll
	for attempt := 0; ; attempt++ {
		v, err := try()
		if err == nil || attempt == maxCheckErrors || ctx.Err() != nil || errors.Is(err, ErrGone) || errors.Is(err, ErrRefused) {
			return v, err
		}
		if said != nil {
			said(err, pause)
		}
		if wait.Sleep(ctx, pause) != nil {
			var none T
			return none, ctx.Err()
		}
		pause = min(2*pause, s.PollMax)
	}
}
