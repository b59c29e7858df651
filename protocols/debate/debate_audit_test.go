package debate_test

import (
	"testing"

	"github.com/mootlab/moot/protocols"
	"github.com/mootlab/moot/protocols/protocoltest"
)

// TestOpenDebateJudgeIsTold: in open debate the judge is told that the
// protagonist chose its answer (Seat.Open), so that its prompts do not say
// the sides were assigned; in debate it is not.
func TestOpenDebateJudgeIsTold(t *testing.T) {
	for name, open := range map[string]bool{"debate": false, "open-debate": true} {
		for _, a := range protocoltest.Build(t, name, "judge: j\ndebaters: [x, y]\n").Assignments() {
			for _, s := range a.Seats {
				if s.Act == protocols.Decide && s.Open != open {
					t.Errorf("%s: %s: the judge's Open = %v; want %v", name, a.Name, s.Open, open)
				}
			}
		}
	}
}
