package sinks

import (
	"sync"

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

// Episode counts a resumed episode; the run's own come to Played.
func (p *Progress) Episode(rec *transcript.Episode, resumed bool) error {
	if resumed {
		p.mu.Lock()
		defer p.mu.Unlock()
		p.resumed++
		p.byProtocol[rec.Protocol]++
	}
	return nil
}

// Counts returns the episodes played so far, their failures and usage,
// and how many were resumed.
func (p *Progress) Counts() (played analysis.Counts, resumed int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.played, p.resumed
}

// Protocol returns how many episodes of the protocol labelled label are
// done, played or resumed.
func (p *Progress) Protocol(label string) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.byProtocol[label]
}
