package sinks

import (
	"sync"
	"time"

	"github.com/mootlab/moot/analysis"
	"github.com/mootlab/moot/transcript"
)

// Progress tallies a run for its progress display: each episode played as
// it finishes, in any order (an engine.Watcher), so that the display
// moves when any episode ends, not only when the one planned first does;
// and each episode resumed from an earlier run as the sinks get it (an
// engine.Sink). It counts episodes in total and by protocol, failures, and
// the calls, retries and cost of the episodes played. Its methods may be
// called concurrently.
type Progress struct {
	mu         sync.Mutex
	played     analysis.Counts
	resumed    int
	byProtocol map[string]int
	// retries counts the failed attempts the backends will try again, as
	// they happen (Retry); lastRetry is the last one's error, at when.
	retries   int
	lastRetry string
	when      time.Time
	// total is the episodes planned, when told (SetTotal), at totalAt.
	total   int
	totalAt time.Time
	// told is the episodes an earlier run did, when told (SetResumed):
	// they reach the sinks (resumed) as the run goes.
	told int
	// stop, once closed, says the run is stopping (StopOn).
	stop <-chan struct{}
	// ended is set once the run's play has ended (Finish), and stopped
	// says why it stopped early, "" where its plan is done.
	ended   bool
	stopped string
}

// StopOn tells the tally that the run stops once stop is closed (Ctrl-C):
// its lines then say so, not when the whole plan would end.
func (p *Progress) StopOn(stop <-chan struct{}) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.stop = stop
}

// stopping reports whether the run has been told to stop (StopOn).
func (p *Progress) stopping() bool {
	p.mu.Lock()
	stop := p.stop
	p.mu.Unlock()
	select {
	case <-stop:
		return stop != nil
	default:
		return false
	}
}

// Finish tells the tally that the run's play has ended (an
// engine.Finisher), stopped early for the reason stopped, or with its plan
// done where stopped is "": what is left is writing the results, which the
// lines then say once. It is called before the summary's sink writes them
// where the tally is the earlier sink.
func (p *Progress) Finish(stopped string) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.ended, p.stopped = true, stopped
	return nil
}

// end reports whether the run's play has ended (Finish), and why it
// stopped early.
func (p *Progress) end() (ended bool, stopped string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.ended, p.stopped
}

// SetTotal tells the tally how many episodes the run plans
// (engine.Options.Planned).
func (p *Progress) SetTotal(n int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.total, p.totalAt = n, time.Now()
}

// SetResumed tells the tally how many episodes an earlier run did, before
// they reach it (engine.Options.Resuming).
func (p *Progress) SetResumed(n int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.told = n
}

// Total is the episodes planned, 0 until told, and when it was told
// (SetTotal, as play starts).
func (p *Progress) Total() (int, time.Time) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.total, p.totalAt
}

// RecentRetry is how long Retrying names the last failed attempt.
const RecentRetry = 10 * time.Second

// Retry counts a failed attempt of a call that its backend will try
// again, as it happens (engine.Options.OnRetry).
func (p *Progress) Retry(err error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.retries++
	p.lastRetry, p.when = err.Error(), time.Now()
}

// Retrying returns the retries so far — those counted as they happened,
// or, if more, those of the episodes played (a backend may not tell of
// its retries as they happen) — and the last failed attempt's error if it
// came within RecentRetry, else "".
func (p *Progress) Retrying() (retries int, recent string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if time.Since(p.when) < RecentRetry {
		recent = p.lastRetry
	}
	return max(p.retries, p.played.Usage.Retries), recent
}

// NewProgress returns an empty tally.
func NewProgress() *Progress { return &Progress{byProtocol: map[string]int{}} }

// Played counts an episode the run played.
func (p *Progress) Played(rec *transcript.Episode) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.played.Episodes++
	if rec.Error != "" {
		p.played.Failed++
	}
	for i := range rec.Messages {
		// A message kept from a run judged again is no call of this one.
		p.played.Usage.AddMessage(&rec.Messages[i])
	}
	p.byProtocol[rec.Protocol]++
}

// Episode counts a resumed episode; the run's own come to Played. A
// failure of an earlier attempt, handed on by a run stopped before it
// played it again, is not done, and not counted.
func (p *Progress) Episode(rec *transcript.Episode, resumed bool) error {
	if resumed && rec.Error == "" {
		p.mu.Lock()
		defer p.mu.Unlock()
		p.resumed++
		p.byProtocol[rec.Protocol]++
	}
	return nil
}

// Counts returns the episodes played so far, their failures and usage,
// and how many resumed episodes the sinks have had.
func (p *Progress) Counts() (played analysis.Counts, resumed int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.played, p.resumed
}

// Done returns the episodes played so far, their failures and usage, and
// how many an earlier run did: as told (SetResumed), before they reach
// the sinks (in plan order, behind any failure played again), or as many
// as the sinks have had, if more.
func (p *Progress) Done() (played analysis.Counts, resumed int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.played, max(p.resumed, p.told)
}

// Protocol returns how many episodes of the protocol labelled label are
// done, played or resumed.
func (p *Progress) Protocol(label string) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.byProtocol[label]
}
