package analysis

import (
	"testing"

	"github.com/mootlab/moot/transcript"
)

// TestUsageOfFailedCalls: a call that got no answer after 2 retries counts
// once, with its retries, in the total, for its agent and for the
// episode's protocol.
func TestUsageOfFailedCalls(t *testing.T) {
	ep := episode("debate", "debate", "t", "j", "q1", "", 0, "")
	ep.FailedCalls = []transcript.FailedCall{{Name: "A", Agent: "strong", Round: 1, Retries: 2}}
	var s UsageSummary
	s.add(&ep)
	want := Usage{FailedCalls: 1, Retries: 2}
	if s.Total != want || s.ByAgent["strong"] != want || s.ByProtocol["debate"] != want {
		t.Errorf("total %+v, agent %+v, protocol %+v; want each %+v", s.Total, s.ByAgent["strong"], s.ByProtocol["debate"], want)
	}
}
