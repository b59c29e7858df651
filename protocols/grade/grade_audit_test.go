package grade_test

import (
	"testing"

	"github.com/mootlab/moot/protocols"
	"github.com/mootlab/moot/protocols/protocoltest"
)

// TestExamTakersShareDraws: the exam-takers answer before anything the
// grader's settings change, so they draw by the protocol's kind
// (protocols.DrawSharer); the grader, whose prompt those settings change,
// does not.
func TestExamTakersShareDraws(t *testing.T) {
	p := protocoltest.Build(t, "grade", "judge: j\nexam_takers: [x, y]\n")
	for _, a := range p.Assignments() {
		for _, s := range a.Seats {
			want := s.Act != protocols.Decide
			if got := p.(protocols.DrawSharer).SharesDraws(s); got != want {
				t.Errorf("%s: SharesDraws(%s) = %v; want %v", a.Name, s.Name, got, want)
			}
		}
	}
}
