package protocols_test

import (
	"strings"
	"testing"

	"github.com/mootlab/moot/protocols"
	"github.com/mootlab/moot/protocols/protocoltest"
	"github.com/mootlab/moot/transcript"
)

// TestEveryPromptShowsTheExhibit checks that every prompt of every
// protocol, the judge's included, shows a question's exhibit (a code task's
// program) right after the question: each seat in its own role, and in
// each other role whose template the protocol defines (an open protocol's
// answerer, a best-of-N scorer, an interactive judge's questions).
func TestEveryPromptShowsTheExhibit(t *testing.T) {
	const exhibit = "func EXHIBIT(n) {\n    return n\n}"
	for _, name := range protocols.Names() {
		t.Run(name, func(t *testing.T) {
			p := build(t, name, minimal[name])
			rendered := 0
			for _, a := range p.Assignments() {
				for _, seat := range a.Seats {
					for _, role := range []transcript.Role{seat.Role, transcript.RoleAnswerer, transcript.RoleScorer, transcript.RoleQuestioner, transcript.RoleModerator} {
						s := seat
						s.Role = role
						v := protocoltest.View(s.SeesContext)
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
						generic := name == "society" || strings.HasPrefix(name, "direct")
						if role == transcript.RoleJudge && !generic && !strings.Contains(protocoltest.Format(msgs), "a code question ") {
							t.Errorf("%s/%s: the judge is not told what a code question and its text are", a.Name, s.Name)
						}
						got := protocoltest.Format(msgs)
						if !strings.Contains(got, v.Question+"\n\n"+exhibit+"\n\n") {
							t.Errorf("%s/%s: the prompt does not show the exhibit after the question:\n%s", a.Name, s.Name, got)
						}
						v.Exhibit = ""
						msgs, _ = p.Render(protocols.Prompt{Seat: s, Side: side, Round: 1, View: v})
						if got := protocoltest.Format(msgs); strings.Contains(got, v.Question+"\n\n") {
							t.Errorf("%s/%s: without an exhibit the question is followed by a blank line:\n%s", a.Name, s.Name, got)
						}
					}
				}
			}
			t.Logf("%d prompts rendered", rendered)
		})
	}
}
