package engine

import (
	"fmt"
	"strconv"

	"github.com/mootlab/moot/internal/noun"
	"github.com/mootlab/moot/transcript"
)

// Sink receives each finished episode of a run in plan order: a record
// comes after those of every episode planned before it, resumed ones
// included (with resumed set). Only when a run stops early are the
// episodes that finished after one that did not handed on last, so that
// no finished work is lost.
//
// Episode is called from one goroutine, one call at a time, never
// concurrently; workers wait when it falls behind, so it should return
// quickly. It must not keep rec after it returns. An error stops the run:
// no more episodes start, no more records are handed on, and Run returns
// the error.
//
// The engine's own first sink is the transcript log (transcripts.jsonl):
// it stays in the engine because resuming a run reads it back and the
// plan decides which episodes are left; Options.Sinks come after it.
type Sink interface {
	Episode(rec *transcript.Episode, resumed bool) error
}

// Watcher is told of each episode the run plays as soon as it finishes,
// in the order episodes finish, not in plan order: what a progress
// display counts, so that it moves when any episode ends instead of
// waiting on one planned earlier that is slow. Resumed episodes are not
// played and come only to the sinks; episodes cut short by the run's
// context come to neither. Played is called by the worker that played
// the episode, concurrently with other workers' calls: it must be safe for
// that, return quickly, and not keep rec.
type Watcher interface {
	Played(rec *transcript.Episode)
}

// Opener is a Sink with work to do before the run changes its folder's
// log: Open is called once, just before the first record this run plays
// is written to the log, and not at all by a run that writes none (a
// resume with nothing left to play). A sink whose files describe the run
// as an earlier pass left it (a summary that says it finished) removes
// them there, so that a run killed before it finishes leaves no file
// saying the log is what it no longer is. It is called from the goroutine
// that hands records to the sinks, between two calls of Episode.
type Opener interface {
	Open() error
}

// Finisher is a Sink with work to do when a run ends with a result — its
// plan done, or stopped early by Ctrl-C, a budget or the failure limit —
// but not when it fails. Finish is called once, after the transcript log
// is closed and put in plan order, so that it may read the log; stopped
// says why the run stopped early, as in "interrupted after 3 of 10
// episodes", or is "" when the plan is done.
type Finisher interface {
	Finish(stopped string) error
}

// Policy decides whether a run may go on. Start is asked before each
// episode starts, in plan order; Finish is told of each episode that
// finishes, in the order they finish, except those cut short by the run's
// context. A non-nil error from either stops the run from starting
// episodes, and is the reason the run gives — but for the engine's own
// budget, whose Start may say to wait until an episode in flight has
// finished and ask again. The runner calls a policy's
// methods one at a time, never concurrently.
type Policy interface {
	Start() error
	Finish(rec *transcript.Episode) error
}

// policies are the limits on a plan of total episodes that calls the
// agents as: budget_usd and max_failures of x's experiment file (by
// default DefaultMaxFailures), and a stop once an agent's endpoint is down.
// The budget counts what an earlier run into the same folder, log, paid,
// and what the runs it bounds together with this one paid
// (opts.PaidElsewhereUSD): budget_usd bounds the run, however often it
// resumes; it takes an episode to cost at least opts.EpisodeUSD, the
// estimate of the dearest. A batch run (live false), whose window of
// episodes in flight is the whole plan or 50,000 of it, reserves the mean
// episode instead (opts.MeanEpisodeUSD, or the run's own mean if more):
// the dearest for each of so many would refuse most of a plan its
// estimate fits, while the mean lets it start what the estimate, checked
// against the budget before it started, says fits.
func (x *Experiment) policies(total int, as []*AgentEntry, log *episodeLog, opts Options, live bool) []Policy {
	// The endpoint down first: the episodes that fail because of it may
	// also pass the failure limit, and the run must stop as what it is,
	// cutting the calls in flight to the dead server (runner.grace).
	var ps []Policy
	if p := downPolicy(as); p != nil {
		ps = append(ps, p)
	}
	// A damaged cache likewise: its reads fail episode after episode.
	if p := damagePolicy(opts.Cache); p != nil {
		ps = append(ps, p)
	}
	switch {
	case x.BudgetUSD > 0 && live:
		ps = append(ps, &budget{limit: x.BudgetUSD, spent: log.spentUSD + opts.PaidElsewhereUSD, each: max(log.dearestUSD, opts.EpisodeUSD)})
	case x.BudgetUSD > 0:
		ps = append(ps, &budget{limit: x.BudgetUSD, spent: log.spentUSD + opts.PaidElsewhereUSD, each: opts.MeanEpisodeUSD, mean: true})
	}
	ps = append(ps, &failureLimit{limit: x.failureLimit().limit(total)})
	return ps
}

// policiesOf lists the policies that are not nil.
func policiesOf(ps ...Policy) []Policy {
	var out []Policy
	for _, p := range ps {
		if p != nil {
			out = append(out, p)
		}
	}
	return out
}

// DefaultMaxFailures is the failure limit of a file that sets none.
var DefaultMaxFailures = FailureLimit{Share: 0.10}

// failureLimit is max_failures as the file sets it, else the default.
func (x *Experiment) failureLimit() FailureLimit {
	if x.MaxFailures == (FailureLimit{}) {
		return DefaultMaxFailures
	}
	return x.MaxFailures
}

// budget keeps a run within budget_usd. Before an episode starts, it
// checks that the cost so far, plus the dearest episode yet (or the
// estimate of the dearest, if more) for each episode in flight and the
// new one, stays within the budget. Where it does not, but would once
// those in flight are paid, the episode waits for them (errWait); the run
// stops when not even one more fits. With mean, it reserves the mean
// episode instead: the estimate's, or the run's own so far if more, and
// stops at once.
type budget struct {
	limit float64
	spent float64
	// each is what an episode in flight is taken to cost: the dearest
	// (or the estimate of the dearest) or, with mean, the estimate's mean.
	each     float64
	inFlight int
	mean     bool
	// paid and finished are this run's, for its mean.
	paid     float64
	finished int
}

func (b *budget) Start() error {
	each := b.each
	if b.mean && b.finished > 0 {
		each = max(each, b.paid/float64(b.finished))
	}
	// The tolerance: a plan whose estimate is the budget to the cent
	// starts whole, though its mean times its episodes rounds above it.
	fits := func(episodes int) bool { return b.spent+each*float64(episodes) <= b.limit*(1+1e-9) }
	if !fits(b.inFlight + 1) {
		if b.inFlight > 0 && fits(1) && !b.mean {
			// The episodes in flight may cost less than reserved: the
			// next waits for them rather than end the run. (A batch
			// run's window is the whole plan; its budget stops it.)
			return errWait
		}
		return &overBudget{spent: b.spent, each: each, inFlight: b.inFlight, mean: b.mean}
	}
	b.inFlight++
	return nil
}

func (b *budget) Finish(rec *transcript.Episode) error {
	cost := episodeCost(rec)
	b.inFlight--
	b.spent += cost
	b.paid += cost
	b.finished++
	if !b.mean {
		b.each = max(b.each, cost)
	}
	return nil
}

// overBudget is ErrBudget with what the budget had counted when it
// refused an episode, for the run's reason for stopping.
type overBudget struct {
	spent, each float64
	inFlight    int
	mean        bool // each is the mean episode's cost (batch)
}

func (e *overBudget) Error() string { return ErrBudget.Error() }
func (e *overBudget) Unwrap() error { return ErrBudget }

// noneStarted reports whether the budget refused the first episode it
// was asked for: nothing paid, nothing in flight.
func (e *overBudget) noneStarted() bool { return e.spent == 0 && e.inFlight == 0 }

// reason says why the budget refused, for a budget of limit dollars: a
// head, which a stopped run's partial follows with how far it got
// (stoppedAfter), and the amounts behind it.
func (e *overBudget) reason(limit float64) (head, detail string) {
	if e.noneStarted() && e.mean {
		return fmt.Sprintf("budget_usd of %s is less than the plan's mean episode is estimated to cost ($%.4f): no episode started", Dollars(limit), e.each), ""
	}
	if e.noneStarted() {
		return fmt.Sprintf("budget_usd of %s is less than an episode of the plan's dearest protocol is estimated to cost ($%.4f): no episode started", Dollars(limit), e.each), ""
	}
	head = fmt.Sprintf("budget of %s reached", Dollars(limit))
	// With episodes in flight the budget counts what they are reserved,
	// not yet what they cost: the amounts are those when the next was to
	// start, and the summary has what the run paid in the end.
	// "each" of several; of one, "1 episode was in flight, each" is not.
	flying, each, eachOf := noun.Count(e.inFlight, "episode")+" "+noun.Were(e.inFlight), "each ", "each of which"
	if e.inFlight == 1 {
		each, eachOf = "", "which"
	}
	if e.inFlight > 0 && e.mean {
		return head, fmt.Sprintf(", counting what the episodes in flight are expected to cost: when the next was to start, $%.4f was paid and %s in flight, %sexpected to cost $%.4f (the mean episode); what they cost is in the summary", e.spent, flying, each, e.each)
	}
	if e.inFlight > 0 {
		return head, fmt.Sprintf(", counting what the episodes in flight could cost: when the next was to start, $%.4f was paid and %s in flight, %s could cost $%.4f; what they cost is in the summary", e.spent, flying, eachOf, e.each)
	}
	return head, fmt.Sprintf(": $%.4f paid, and the next episode could cost $%.4f", e.spent, e.each)
}

// Dollars writes an amount of dollars as the user gave it (budget_usd),
// $0.005 as "$0.005", not rounded to cents.
func Dollars(usd float64) string { return "$" + strconv.FormatFloat(usd, 'f', -1, 64) }

// episodeCost is what the calls of rec's messages cost.
func episodeCost(rec *transcript.Episode) float64 {
	cost := 0.0
	for _, m := range rec.Messages {
		cost += m.CostUSD
	}
	return cost
}

// failureLimit stops a run once more episodes have failed than
// max_failures allows. Failures count as they finish, not as they are
// written: the log waits for plan order, and the limit should not.
type failureLimit struct {
	limit, failed int
	last          string // the last failed episode's error
}

func (f *failureLimit) Start() error { return nil }

func (f *failureLimit) Finish(rec *transcript.Episode) error {
	if rec.Error != "" {
		f.failed++
		f.last = rec.Error
	}
	if f.failed > f.limit {
		return &tooManyFailures{last: f.last}
	}
	return nil
}

// tooManyFailures is ErrTooManyFailures with the last failure's error, so
// that a run stopped by its failures names their cause: the run's reason
// for stopping (stopReason) says it once.
type tooManyFailures struct{ last string }

func (e *tooManyFailures) Error() string { return ErrTooManyFailures.Error() }
func (e *tooManyFailures) Unwrap() error { return ErrTooManyFailures }
