package batch

import (
	"context"
	"errors"
	"fmt"
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

// resume waits on the batch of an earlier run that cs were sent in:
// created from its file now if the run stopped between the upload and
// the batch, and no batch of that file is found.
func (a *Agent) resume(f ref, cs []*call) {
	defer a.run.wg.Done()
	ctx := a.run.ctx
	id := f.batch
	if id == "" {
		var err error
		if id, err = a.made(ctx, f.file); err != nil {
			a.failed(cs, fmt.Errorf("resuming the batch of file %s: %w", f.file, err))
			return
		}
	}
	a.run.logf("batch %s (%s): waiting on %d requests an earlier run sent", id, a.name, len(cs))
	a.watch(id, cs, a.run.jour.lines(f.file), true)
}

// made returns the batch of an earlier run's upload file that the
// journal names no batch of: the one made of it, else one created of it
// now; one resume at a time, so that two resumes of the file do not each
// create one and pay for its requests twice. Where the earlier run asked
// for a batch of it ("creating"), the one it asked for is looked for a
// while longer before one is created (unlisted).
func (a *Agent) made(ctx context.Context, file string) (string, error) {
	a.run.mu.Lock()
	m := a.making[file]
	if m == nil {
		m = &making{}
		a.making[file] = m
	}
	a.run.mu.Unlock()
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.id != "" {
		return m.id, nil
	}
	id, err := a.find(ctx, file)
	if err == nil && id == "" {
		if asked, ok := a.run.jour.askedAt(file); ok {
			id, err = a.unlisted(ctx, file, asked)
		} else {
			id, err = a.create(ctx, file)
		}
	} else if err == nil {
		a.journalCreated(file, id)
	}
	if err == nil {
		m.id = id
	}
	return id, err
}

// unlisted returns the batch of file that an earlier run asked for at
// asked and stopped before it wrote the answer down, where the provider's
// list showed none: looked for again on the poll schedule until
// Settings.ListLag after asked (a provider's list may not yet show a
// batch just created; an asking later than now, by another machine's
// clock, counts as now), else created now. The run may have stopped
// before its request reached the provider, or the provider may list its
// batch later still; the log names the file, so that a second batch of
// it, if one turns up, can be cancelled at the provider.
func (a *Agent) unlisted(ctx context.Context, file string, asked time.Time) (string, error) {
	if now := time.Now(); asked.After(now) {
		asked = now
	}
	until := asked.Add(a.s.ListLag)
	if time.Now().Before(until) {
		a.run.logf("%s: an earlier run asked for a batch of input file %s at %s and stopped before its answer; the provider lists none yet: looking again until %s",
			a.name, file, asked.Format(time.RFC3339), until.Format(time.RFC3339))
	}
	for pause := a.s.Poll; ; pause = min(2*pause, a.s.PollMax) {
		left := time.Until(until)
		if left <= 0 {
			break
		}
		if err := wait.Sleep(ctx, min(pause, left)); err != nil {
			return "", err
		}
		id, err := a.find(ctx, file)
		if err != nil || id != "" {
			if id != "" {
				a.journalCreated(file, id)
			}
			return id, err
		}
	}
	a.run.logf("%s: the provider lists no batch of input file %s, which an earlier run asked for at %s: creating it now; "+
		"should the provider list two batches of that file later, cancel one of them there, or its requests are paid twice",
		a.name, file, asked.Format(time.RFC3339))
	return a.create(ctx, file)
}
