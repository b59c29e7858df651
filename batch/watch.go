package batch

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/mootlab/moot/internal/wait"
)

// maxCheckErrors is how many checks of a batch in a row may fail before
// its requests are counted as failed (and sent again).
const maxCheckErrors = 8

// cancelWait bounds the wait for a batch that moot cancelled (max_wait)
// to end: OpenAI's stays cancelling for up to 10 minutes. A max_wait
// shorter than it bounds that wait instead.
const cancelWait = 15 * time.Minute

// watch polls a batch, whose input file's lines are the requests of the
// custom ids lines, until it ends (await), then hands out its answers
// and errors. Of a batch an earlier run sent (earlier), a request that
// failed as another attempt may mend (a 429, a 5xx, an expiry) goes
// again once, no failure counted: the earlier run may have counted it
// already (its episode failed there, and a resume plays it again), or
// died before it knew; either way this run's own send decides. One that
// failed for good (a 400) is not sent again.
func (a *Agent) watch(id string, cs []*call, lines []string, earlier bool) {
	ctx := a.run.ctx
	st, overdue, err := a.await(id, len(cs))
	if ctx.Err() != nil {
		return
	}
	if err != nil {
		a.settle(cs, func(c *call) Result { return lostOrFailed(c, err) })
		return
	}
	results, err := a.results(ctx, st)
	if ctx.Err() != nil {
		return
	}
	refused := refusedLines(st, lines)
	a.settle(cs, func(c *call) Result {
		if err != nil {
			return lostOrFailed(c, fmt.Errorf("batch %s: reading its results: %w", id, err))
		}
		res, ok := results[c.key]
		if !ok {
			res = unanswered(id, st, overdue, refused, c)
		}
		if overdue && res.Err != nil && res.Retry {
			res.Err = fmt.Errorf("batch %s had not ended %s after its creation (batch.max_wait), and moot cancelled it: %w", id, a.s.MaxWait, res.Err)
		}
		if earlier && res.Err != nil && res.Retry && c.resent == 0 {
			c.resent++
			return Result{Err: res.Err, Again: true}
		}
		return res
	})
}

// unanswered is the result of c, which batch id, in state st, ended
// without answering. Where the provider failed the batch for lines it
// names (refused), c fails at once if its line is one (as a request the
// provider will not take), and goes again otherwise: the first time with
// no failure counted, for it did not fail; after that as a failed
// attempt, so that a provider naming one bad line a batch where every
// line is bad (a setting sent with each) cannot make a batch of each
// request, one after another. Where an error names no line, c goes again
// as a failed attempt.
func unanswered(id string, st Status, overdue bool, refused map[string]Refusal, c *call) Result {
	r, bad := refused[c.key]
	switch {
	case overdue:
		return Result{Err: errors.New("the request was left undone"), Retry: true}
	case bad:
		return Result{Err: fmt.Errorf("batch %s failed, refusing line %d of its input, this request's: %s", id, r.Line, r.Message)}
	case refused != nil && c.spared == 0:
		c.spared++
		return Result{Err: fmt.Errorf("batch %s failed for other lines of its input: %s", id, st.Problem), Again: true}
	case refused != nil:
		return Result{Err: fmt.Errorf("batch %s failed for other lines of its input, again: %s", id, st.Problem), Retry: true}
	}
	why := st.State
	if st.Problem != "" {
		why += ": " + st.Problem
	}
	return Result{Err: fmt.Errorf("batch %s %s without answering it", id, why), Retry: true}
}

// refusedLines maps the custom ids of the lines that batch st's errors
// name (st.Refusals: it failed as a whole) to their errors, lines being
// the custom ids of its input file's lines. It is nil where no error
// names a line, or one names none or a line the file does not have.
func refusedLines(st Status, lines []string) map[string]Refusal {
	if len(st.Refusals) == 0 {
		return nil
	}
	out := map[string]Refusal{}
	for _, r := range st.Refusals {
		if r.Line < 1 || r.Line > len(lines) {
			return nil
		}
		out[lines[r.Line-1]] = r
	}
	return out
}

// await polls batch id, with backoff, until it ends, and returns its last
// state and whether moot cancelled it for batch.max_wait (overdue). An
// error gives the batch up, its n requests unanswered: its checks failed
// maxCheckErrors times in a row, the server no longer knows it, or moot
// cancelled it and it did not end in the time given (overdue).
func (a *Agent) await(id string, n int) (st Status, cancelled bool, _ error) {
	ctx := a.run.ctx
	pause := a.s.Poll
	made := a.run.jour.createdAt(id)
	if made.IsZero() {
		made = time.Now()
	}
	d := deadline{at: made.Add(a.s.MaxWait)}
	for errs := 0; ; {
		now, err := a.api.Status(ctx, id)
		if ctx.Err() != nil {
			return st, false, ctx.Err()
		}
		switch {
		case err != nil:
			if errs++; errs > maxCheckErrors || errors.Is(err, ErrGone) {
				why := fmt.Sprintf("%d checks in a row failed", errs)
				if errors.Is(err, ErrGone) {
					why = "the server no longer knows it (restarted, or the batch expired)"
				}
				a.run.logf("batch %s (%s): %s: %v; its %d requests go again", id, a.name, why, err, n)
				return st, false, fmt.Errorf("batch %s: %w", id, err)
			}
			a.run.logf("batch %s (%s): %v; checking again in %s", id, a.name, err, pause)
		case now.State != st.State || now.Completed != st.Completed || now.Failed != st.Failed || now.Progress != st.Progress:
			a.run.logf("batch %s (%s): %s%s", id, a.name, now.State, done(now))
			if now.State != st.State && now.Strange {
				a.run.logf("batch %s (%s): %q is no state the backend knows: moot waits on it until batch.max_wait (%s) from its creation, then cancels it and sends its requests again", id, a.name, now.State, a.s.MaxWait)
			}
		}
		if err == nil {
			st, errs = now, 0 // the failed checks are counted in a row
			if st.Ended {
				return st, !d.cancelled.IsZero(), nil
			}
		}
		if started, err := a.overdue(id, st, &d); err != nil {
			a.run.logf("batch %s (%s): %v; its %d requests go again", id, a.name, err, n)
			return st, true, err
		} else if started {
			pause = a.s.Poll // it ends soon: look again soon
		}
		if wait.Sleep(ctx, min(pause, d.left(a.s.MaxWait))) != nil {
			return st, false, ctx.Err()
		}
		pause = min(2*pause, a.s.PollMax)
	}
}

// done says how much of a batch in state st is done: its counts, or its
// percentage where the provider gives that alone, or nothing where it
// gives neither (a count of 0 of 0 would say what is not known).
func done(st Status) string {
	switch {
	case st.Total > 0 || st.Completed > 0 || st.Failed > 0:
		return fmt.Sprintf(", %d of %d done, %d failed", st.Completed, st.Total, st.Failed)
	case st.Progress > 0:
		return fmt.Sprintf(", %.0f%% done", st.Progress)
	}
	return ""
}

// deadline is batch.max_wait's bound on waiting for one batch.
type deadline struct {
	// at is when the batch is cancelled: its creation, as the provider
	// says, or else as the journal says, or else when this process began
	// to wait on it, plus max_wait.
	at time.Time
	// cancelled is when moot first asked to cancel it (zero before);
	// asked, whether the provider took the cancel.
	cancelled time.Time
	asked     bool
}

// left is the time until d's next limit: the batch's cancel, or the end
// of the wait for its cancellation (at least a millisecond).
func (d *deadline) left(maxWait time.Duration) time.Duration {
	next := d.at
	if !d.cancelled.IsZero() {
		next = d.cancelled.Add(min(cancelWait, maxWait))
	}
	return max(time.Until(next), time.Millisecond)
}

// overdue cancels batch id, in state st, once d.at has passed (started:
// it asked first now), asking again at each check until the provider
// takes the cancel. It returns an error once the cancelled batch has had
// cancelWait (max_wait if shorter) to end.
func (a *Agent) overdue(id string, st Status, d *deadline) (started bool, _ error) {
	if !st.Created.IsZero() {
		d.at = st.Created.Add(a.s.MaxWait)
	}
	now := time.Now()
	switch {
	case d.cancelled.IsZero() && now.Before(d.at):
		return false, nil
	case !d.cancelled.IsZero() && now.Sub(d.cancelled) >= min(cancelWait, a.s.MaxWait):
		return false, fmt.Errorf("batch %s had not ended %s after its creation (batch.max_wait), nor %s after moot cancelled it",
			id, a.s.MaxWait, now.Sub(d.cancelled).Round(time.Millisecond))
	case d.asked:
		return false, nil
	}
	started = d.cancelled.IsZero()
	if started {
		d.cancelled = now
		a.run.logf("batch %s (%s): not ended %s after its creation (batch.max_wait): cancelling it", id, a.name, a.s.MaxWait)
	}
	if err := a.api.Cancel(a.run.ctx, id); err != nil {
		a.run.logf("batch %s (%s): cancelling it: %v; asking again at the next check", id, a.name, err)
	} else {
		d.asked = true
	}
	return started, nil
}

// lostOrFailed is the result of c, whose batch ended without its answer
// (err): where the server no longer knows the batch or its output
// (ErrGone: restarted, expired), the provider lost the request, which did
// not fail, and it goes again without counting a failure — once: a second
// loss, or any other error, is a failed attempt, so that a server that
// loses every batch cannot keep a run waiting.
func lostOrFailed(c *call, err error) Result {
	if errors.Is(err, ErrGone) && c.lost == 0 {
		c.lost++
		return Result{Err: err, Again: true}
	}
	return Result{Err: err, Retry: true}
}

// results reads a finished batch's results, trying again a few times.
func (a *Agent) results(ctx context.Context, st Status) (map[string]Result, error) {
	return again(ctx, a.s, func() (map[string]Result, error) { return a.api.Results(ctx, st) }, nil)
}
