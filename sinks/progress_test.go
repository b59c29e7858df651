package sinks

import (
	"testing"

	"github.com/mootlab/moot/transcript"
)

// TestProgressCountsNoEarlierFailureDone: of the records handed on as
// resumed, a success of an earlier run is done; a failure of one, handed
// on by a run stopped before it played it again, is not.
func TestProgressCountsNoEarlierFailureDone(t *testing.T) {
	p := NewProgress()
	for _, rec := range []transcript.Episode{
		{Protocol: "debate"},
		{Protocol: "debate", Error: "engine: episode failed: 503"},
		{Protocol: "direct"},
	} {
		if err := p.Episode(&rec, true); err != nil {
			t.Fatal(err)
		}
	}
	if _, resumed := p.Counts(); resumed != 2 {
		t.Errorf("%d resumed episodes counted done; want the 2 that did not fail", resumed)
	}
}
