package protocoltest

import (
	"strings"
	"testing"

	"github.com/mootlab/moot/protocols"
	"github.com/mootlab/moot/transcript"
)

// CheckExhibit checks that every prompt of p, the judge's included, shows
// a question's exhibit (a code task's program) right after the question,
// and nothing there without one: each seat in its own role, and in each
// other role whose template p defines (an open protocol's answerer, a
// best-of-N scorer, an interactive judge's questions). Where namesFamily,
// the judge's prompt also says what a code question and its text are
// ({{subject .View.Family …}}), as every shipped protocol's does but the
// generic ones' (direct, society). It returns the number of prompts
// rendered.
func CheckExhibit(t *testing.T, p protocols.Protocol, namesFamily bool) int {
	t.Helper()
	const exhibit = "func EXHIBIT(n) {\n    return n\n}"
	rendered := 0
	for _, a := range p.Assignments() {
		for _, seat := range a.Seats {
			for _, role := range []transcript.Role{seat.Role, transcript.RoleAnswerer, transcript.RoleScorer, transcript.RoleQuestioner, transcript.RoleModerator} {
				s := seat
				s.Role = role
				v := View(s.SeesContext)
				v.Exhibit = exhibit
				v.Family = transcript.FamilyCode
				side := transcript.NoSide
				if s.Stance != protocols.None {
					side = 0
				}
				msgs, err := p.Render(protocols.Prompt{Seat: s, Side: side, Round: 1, View: v})
				if err != nil {
					if role == seat.Role {
						t.Fatalf("%s/%s: Render: %v", a.Name, s.Name, err)
					}
					continue // the protocol has no prompt for this role
				}
				rendered++
				got := Format(msgs)
				if role == transcript.RoleJudge && namesFamily && !strings.Contains(got, "a code question ") {
					t.Errorf("%s/%s: the judge is not told what a code question and its text are", a.Name, s.Name)
				}
				if !strings.Contains(got, v.Question+"\n\n"+exhibit+"\n\n") {
					t.Errorf("%s/%s: the prompt does not show the exhibit after the question:\n%s", a.Name, s.Name, got)
				}
				v.Exhibit = ""
				msgs, _ = p.Render(protocols.Prompt{Seat: s, Side: side, Round: 1, View: v})
				if got := Format(msgs); strings.Contains(got, v.Question+"\n\n") {
					t.Errorf("%s/%s: without an exhibit the question is followed by a blank line:\n%s", a.Name, s.Name, got)
				}
			}
		}
	}
	return rendered
}
