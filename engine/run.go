package engine

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/mootlab/moot/batch"
	"github.com/mootlab/moot/cache"
	"github.com/mootlab/moot/internal/atomicfile"
	"github.com/mootlab/moot/transcript"
)

// The files the engine writes into a run's folder; the sinks that cmd
// assembles write the others (summary, tables, report).
const (
	TranscriptsFile = transcript.FileName
	LockFile        = "config.lock.yaml"
)

// Options control a run.
type Options struct {
	// Out is the run's folder; it is created if missing.
	Out string
	// Concurrency is the number of episodes played at once; 0 means
	// what the agents' endpoints can keep busy (see InFlight).
	Concurrency int
	// Cache, if not nil, answers the calls of every agent that can be
	// cached (agents.Keyer) and stores their answers.
	Cache *cache.Store
	// Stop, when closed, stops the run from starting episodes; those in
	// flight finish unless ctx is cancelled.
	Stop <-chan struct{}
	// Grace is how long episodes in flight may go on once an endpoint
	// down stops the run; then they are cut short and played again on
	// resume. Zero cuts them at once; cmd/moot's default is DefaultGrace.
	Grace time.Duration
	// OnCut, if not nil, is told when an endpoint down stops the run and
	// its grace period starts, with the reason. It must not block.
	OnCut func(reason error, grace time.Duration)
	// Fresh discards an earlier run in Out instead of resuming it.
	Fresh bool
	// Sinks receive each episode in plan order after the transcript log
	// (see Sink), and are finished when the run ends (see Finisher).
	Sinks []Sink
	// Watchers are told of each episode as it finishes, in the order
	// they finish (see Watcher).
	Watchers []Watcher
	// Partial, if set, says why the plan itself is partial, however the
	// run ends: Rejudge of a run that stopped early judges only what it
	// finished. The summary is then marked partial with it.
	Partial string
	// BatchLog, if not nil, gets a line for each batch sent and each
	// change of a batch's state (batch mode).
	BatchLog io.Writer
	// Resuming, if not nil, is told before play starts how many of the
	// planned episodes an earlier run into the same folder finished.
	Resuming func(done, planned int)
	// Planned, if not nil, is told as play starts, once the run has read
	// its folder, and after Resuming, how many episodes the run plays or
	// resumes: a progress display's total, which a rejudge knows only
	// once it has read the run it judges, and the start of its rate.
	Planned func(n int)
	// OnRetry, if not nil, is told of each failed attempt of a call that
	// its backend will try again, as it happens, with the attempt's
	// error: a progress display shows retries while the calls still wait.
	// It may be called concurrently.
	OnRetry func(err error)
	// EpisodeUSD, if set, is the estimated mean cost of an episode of the
	// plan's dearest protocol (Estimate.DearestEpisodeUSD): budget_usd
	// counts it for each episode in flight until the run has paid for a
	// dearer one, so that
	// the first episodes, started before any has been paid for, stay
	// within the budget.
	EpisodeUSD float64
	// MeanEpisodeUSD, if set, is the estimated mean cost of an episode of
	// the plan (Estimate.CostUSD over its episodes): a batch run, whose
	// episodes start together, counts it for each in flight.
	MeanEpisodeUSD float64
	// PaidElsewhereUSD is what the other runs that budget_usd bounds
	// together with this one have paid (a replicated run's other seeds):
	// the budget counts it as paid, beside what this folder's log has.
	PaidElsewhereUSD float64
}

// resuming tells opts.Resuming what log kept of an earlier run, if any,
// then opts.Planned the plan's size: a progress display that starts once
// told the plan then counts the earlier run's episodes from its first.
func (opts *Options) resuming(log *episodeLog, planned int) {
	if opts.Resuming != nil && len(log.prior) > 0 {
		opts.Resuming(len(log.prior), planned)
	}
	if opts.Planned != nil {
		opts.Planned(planned)
	}
}

// Result is what a run did.
type Result struct {
	// Planned is the number of episodes of the plan; Done, how many of
	// them were handed to the sinks, Resumed ones included.
	Planned, Done int
	// Resumed counts the episodes taken from an earlier run in the folder,
	// and Left, of Done too, the failures of an earlier run that a run
	// stopped early handed on without playing them again.
	Resumed, Left int
	// DroppedPartialLine is set when the earlier run's log ended in a line
	// cut short, which was dropped and its episode played again.
	DroppedPartialLine bool
	// Partial says why the run stopped early, "" if it did not.
	Partial string
	// Calls counts the agent calls this run made (not those of the
	// episodes it resumed).
	Calls CallStats
	// Warnings are what the caller should tell the user of a result that
	// is whole but lacks something (Merge: a shard's prompts cut short).
	Warnings []string
	// Carried counts, of a rejudge, the episodes handed to the sinks that
	// had failed in the run judged again and are carried over as failed:
	// of its failures, those that are not the new judge's.
	Carried int
}

// Reasons a run stops before its plan is done. Each is returned with the
// run's result, and the sinks are finished with the run marked partial.
var (
	ErrBudget          = errors.New("budget reached")
	ErrTooManyFailures = errors.New("too many failed episodes")
	// ErrInterrupted wraps context.Canceled, so that an interrupted run
	// exits 130.
	ErrInterrupted = fmt.Errorf("interrupted: %w", context.Canceled)
)

// Run plays the planned episodes and writes the run's files to opts.Out:
// the lock file first, then each episode's transcript as it finishes, then
// the summary and tables.
//
// A run into a folder that holds an earlier run of the same experiment
// resumes it: finished episodes are kept, failed and missing ones played
// (through the cache, so that no paid call is repeated), and the log ends
// as that of a run never interrupted. With opts.Fresh the earlier run is
// discarded.
//
// When opts.Stop is closed, the run starts no more episodes and lets those
// in flight finish; cancelling ctx cuts them short. Either way, and when a
// budget or the failure limit stops it, Run writes the transcripts of the
// finished episodes and a summary marked partial, and returns the result
// with an error saying why.
//
// In batch mode — an agent with mode: batch, or x.BatchAll — the plan's
// episodes are all in flight at once (up to BatchWindow), and the batched
// agents' calls go through package batch, its journal in opts.Out.
func Run(ctx context.Context, x *Experiment, opts Options) (*Result, error) {
	plan := x.planned()
	if err := x.Unready(x.agentsOf(plan)); err != nil {
		return nil, err
	}
	unlock, err := LockFolder(opts.Out)
	if err != nil {
		return nil, err
	}
	defer unlock()
	lock, err := x.Lock()
	if err != nil {
		return nil, err
	}
	log, err := x.startLog(opts.Out, lock, x.Path, plan, opts.Fresh)
	if err != nil {
		return nil, err
	}
	defer log.f.Close()
	calls := &callCounts{onRetry: opts.OnRetry}
	inPlay := x.agentsOf(plan)
	n, _ := InFlight(opts.Concurrency, inPlay)
	n = min(n, max(plan.Len(), 1)) // no more workers than episodes
	batches, n, err := x.openBatches(ctx, opts, inPlay, plan.Len(), n)
	if err != nil {
		return nil, err
	}
	for _, a := range x.allAgents() {
		a.wire(opts.Cache, calls, batches, x.BatchAll)
	}
	r := &runner{
		n:       plan.Len(),
		workers: n,
		play: func(ctx context.Context, i int) transcript.Episode {
			ep := plan.At(i)
			return x.play(ctx, &ep)
		},
		policies: x.policies(plan.Len(), inPlay, log, opts, batches == nil),
		watchers: opts.Watchers,
		stop:     opts.Stop,
		grace:    opts.Grace,
		onCut:    opts.OnCut,
		shape:    plan.Shape,
	}
	r.resumeFrom(log)
	if x.prompts, err = openPrompts(opts.Out, opts.Fresh); err != nil {
		if batches != nil {
			batches.Close()
		}
		return nil, err
	}
	// Told once the folder is read (a resume reads its prompt store
	// whole), as play starts: a progress display times its rate from it.
	opts.resuming(log, plan.Len())
	if batches != nil {
		r.leave, x.paths = batches.Leave, batches
	}
	res, err := x.runAll(ctx, r, log, plan, opts.Sinks, calls)
	if err == nil {
		x.tidyBatches(ctx, opts, batches, res)
	}
	if batches != nil {
		if berr := batches.Close(); berr != nil && err == nil {
			res, err = nil, berr
		}
		x.paths = nil
	}
	if perr := x.prompts.close(); perr != nil && err == nil {
		res, err = nil, perr
	}
	x.prompts = nil
	return res, err
}

// wire sets the agent's caller: through its batch API when batches is
// not nil and the agent is batched (all: every one that can be), then
// through the cache when there is one, and counted in calls.
func (a *AgentEntry) wire(c *cache.Store, calls *callCounts, batches *batch.Run, all bool) {
	a.caller = a.Agent
	if batches != nil {
		a.caller = batches.Wrap(a.Agent, a.Name, all)
	}
	if c != nil {
		a.caller = c.Wrap(a.caller, a.Backend+" "+a.Name)
	}
	a.caller = calls.wrap(a.caller)
}

// startLog creates the run's folder, opens its transcript log (resuming
// an earlier run of the plan, whose lock matches lock, unless fresh; what
// names the run in the error when it does not) and writes the lock file.
// A folder that holds a merge that did not finish (MergingFile) is
// refused, unless fresh discards it.
func (x *Experiment) startLog(dir string, lock []byte, what string, plan episodeIDs, fresh bool) (*episodeLog, error) {
	if err := RefuseUnfinishedMerge(dir, fresh); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(dir, 0o777); err != nil { // less the umask
		return nil, err
	}
	log, err := openLog(dir, lock, what, plan, fresh)
	if err != nil {
		return nil, err
	}
	if err := MergeDone(dir); err != nil { // fresh: the merge is discarded
		log.f.Close()
		return nil, err
	}
	if len(log.prior) > 0 {
		lock = oldestFormat(lock, dir) // records of an older moot resumed
	}
	if err := atomicfile.WriteBytes(filepath.Join(dir, LockFile), lock); err != nil {
		log.f.Close()
		return nil, err
	}
	if err := x.writeQuestions(dir); err != nil {
		log.f.Close()
		return nil, err
	}
	return log, nil
}

// runAll runs r with the log as its first sink, closes the log — put in
// plan order when the plan is done — and finishes the sinks.
func (x *Experiment) runAll(ctx context.Context, r *runner, log *episodeLog, plan episodeIDs, sinks []Sink, calls *callCounts) (*Result, error) {
	r.sinks = append([]Sink{log}, sinks...)
	r.encode = encodeLine
	log.beforeWrite = x.prompts.flushed
	log.beforeFirst = func() error {
		for _, s := range sinks {
			if o, ok := s.(Opener); ok {
				if err := o.Open(); err != nil {
					return err
				}
			}
		}
		return nil
	}
	end, err := r.run(ctx)
	if cerr := log.close(); err == nil {
		err = cerr
	}
	if err != nil {
		return nil, err
	}
	// A run stopped before it played again an earlier failure is not
	// done: its log keeps every line, which a budget counts.
	if end.done-end.left == r.n && (!log.ordered || end.unordered) {
		if err := log.compact(plan); err != nil {
			return nil, err
		}
	}
	res := &Result{Planned: r.n, Done: end.done, Resumed: len(log.prior), Left: end.left, DroppedPartialLine: log.dropped, Calls: calls.stats()}
	switch {
	case end.reason != nil:
		res.Partial = x.stoppedAfter(end, r.n, r.partial)
	case r.partial != "":
		res.Partial = r.partial
	}
	for _, s := range sinks {
		if f, ok := s.(Finisher); ok {
			if err := f.Finish(res.Partial); err != nil {
				return nil, err
			}
		}
	}
	if end.reason != nil {
		if x.stopReason(end.reason) == "interrupted" {
			// The partial names the interruption: said once, not as
			// "interrupted: context canceled: interrupted after …".
			return res, &interrupted{end.reason, res.Partial}
		}
		return res, fmt.Errorf("%w: %s", end.reason, res.Partial)
	}
	return res, nil
}

// stoppedAfter says why a run that stopped early stopped, and how far it
// got: the episodes done, as a resume counts them, then those that
// failed, which a resume plays again. "after 33 of 100 episodes" of a
// run where 8 of the 33 had failed read as 33 done, and the resume said
// 25 (a researcher's trial); "after 8 of 120 episodes, and 18 that
// failed" read oddly (another's): "after 8 of 120 episodes done, and 18
// failed". also, if not "", says why the plan itself
// is partial (a rejudge of a partial run); it comes before a failure's
// error, whose own words end the partial, and after any other detail.
func (x *Experiment) stoppedAfter(end runEnd, planned int, also string) string {
	head, detail := x.stopWhy(end.reason)
	if also != "" {
		also = "; " + also
		if errors.Is(end.reason, ErrTooManyFailures) {
			// "…; the last failed with: …(after 1 attempt); the run
			// judged again is partial (…)" read as the error's.
			detail, also = also, detail
		}
	}
	if ob, ok := errors.AsType[*overBudget](end.reason); ok && ob.noneStarted() && end.done == 0 {
		// "…: no episode started after 0 of 40 episodes" said it twice.
		return fmt.Sprintf("%s, of %d planned%s%s", head, planned, detail, also)
	}
	s := fmt.Sprintf("%s after %d of %d episodes", head, end.done-end.failed, planned)
	if failed := end.failed - end.left; failed > 0 {
		s += fmt.Sprintf(" done, and %d failed", failed)
	}
	if end.left > 0 {
		s += fmt.Sprintf(" (and %d that had failed before, not played again)", end.left)
	}
	return s + detail + also
}

// Interrupted is the error of a run interrupted (ErrInterrupted) whose
// message is partial alone, which says so and how far it got: not
// "interrupted: context canceled: …".
func Interrupted(partial string) error { return &interrupted{ErrInterrupted, partial} }

// interrupted is the error of a run interrupted (ErrInterrupted): its
// partial, which says so and how far it got.
type interrupted struct {
	reason  error
	partial string
}

func (e *interrupted) Error() string { return e.partial }
func (e *interrupted) Unwrap() error { return e.reason }

// StoppedAtBudget reports whether partial, a run's Partial, says that its
// budget stopped it (stopReason): run again as it is, it stops again.
func StoppedAtBudget(partial string) bool { return strings.HasPrefix(partial, "budget") }

// stopReason says in words why a run stopped early; a budget's reason
// begins with "budget" (StoppedAtBudget).
func (x *Experiment) stopReason(err error) string {
	head, detail := x.stopWhy(err)
	return head + detail
}

// stopWhy is stopReason in two parts: the head, which a stopped run's
// partial follows with how far it got, and the detail behind it (the
// amounts a budget counted, the last failure's error), which ends the
// partial, so that no count reads as part of an error ("…(after 1
// attempt) after 0 of 40 episodes").
func (x *Experiment) stopWhy(err error) (head, detail string) {
	switch {
	case errors.Is(err, ErrBudget):
		if ob, ok := errors.AsType[*overBudget](err); ok {
			return ob.reason(x.BudgetUSD)
		}
		return fmt.Sprintf("budget of %s reached", Dollars(x.BudgetUSD)), ""
	case errors.Is(err, ErrTooManyFailures):
		head = fmt.Sprintf("more episodes failed than max_failures (%s) allows", x.failureLimit())
		if tm, ok := errors.AsType[*tooManyFailures](err); ok {
			last := tm.last
			if r := []rune(last); len(r) > 300 {
				last = string(r[:300]) + "…"
			}
			detail = "; the last failed with: " + last
		}
		return head, detail
	case errors.Is(err, ErrEndpointDown):
		return "stopped: an endpoint is down", " (run again to resume once it answers)"
	case errors.Is(err, ErrCacheDamaged):
		return "stopped: the response cache is damaged", " (resume with another --cache, or --no-cache; the answers it held are asked again)"
	}
	return "interrupted", ""
}

// RefuseUnfinishedMerge refuses a run into dir where dir holds a merge
// that did not finish (MergingFile: a run's folder, or a replicated run's
// above its seeds'), unless fresh discards it.
func RefuseUnfinishedMerge(dir string, fresh bool) error {
	if fresh || !Merging(dir) {
		return nil
	}
	return fmt.Errorf("%w: %s holds a merge that did not finish (moot merge stopped before the run was whole): run that moot merge again to finish it, or --fresh to discard it", ErrFolderTaken, dir)
}
