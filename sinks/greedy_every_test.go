package sinks

import (
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/mootlab/moot/analysis"
)

// TestGreedyRepeatsWarningCounts: the warning of a greedy agent says how
// many of its answers were to a prompt given at another seed, of how
// many: 3 of its 10, not 10 of its 3.
func TestGreedyRepeatsWarningCounts(t *testing.T) {
	ws := ReplicateWarnings(&analysis.ReplicateSummary{GreedyRepeats: []analysis.RepeatedDraws{{Agent: "judge", Answers: 10, Repeated: 3}}})
	if len(ws) != 1 || ws[0].Kind != analysis.WarnGreedyRepeats ||
		!strings.Contains(ws[0].Message, "agent judge samples at temperature 0, and 3 of its 10 answers are to a prompt") {
		t.Errorf("warnings %+v; want judge's, 3 of its 10 answers", ws)
	}
}

// TestEveryStopWaitsForATick: stop returns once a tick in progress ends,
// so that nothing is written after it (a progress line after the table).
func TestEveryStopWaitsForATick(t *testing.T) {
	started := make(chan struct{}, 1)
	var ended atomic.Bool
	stop := Every(time.Millisecond, func() bool {
		select {
		case started <- struct{}{}:
		default:
		}
		time.Sleep(50 * time.Millisecond)
		ended.Store(true)
		return true
	})
	<-started
	stop()
	if !ended.Load() {
		t.Error("stop returned while a tick was in progress")
	}
}
