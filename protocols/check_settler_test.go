package protocols

import (
	"testing"

	"github.com/mootlab/moot/transcript"
)

// settlerOnly is a protocol whose verdict a remark gives and that has no
// judge: two debaters, then a moderator who remarks.
type settlerOnly struct{ Prompter }

func (settlerOnly) Settings() any                       { return nil }
func (settlerOnly) Common() *Common                     { return &Common{} }
func (settlerOnly) Machine() Machine                    { return RoundsMachine(1) }
func (settlerOnly) Rules() Rules                        { return Rules{Rounds: 1, WordLimit: 50} }
func (settlerOnly) Comparison() Comparison              { return Comparison{Class: "settler-only"} }
func (settlerOnly) Settle([]string) (int, string, bool) { return 0, "", true }

func (settlerOnly) Step(state string) Step {
	if state == RoundState(1) {
		return Step{Round: 1, Seats: []int{0, 1}, Event: "to-" + StateJudging}
	}
	return Step{Round: 2, Seats: []int{2}, Event: EventVerdict}
}

func (settlerOnly) Assignments() []Assignment {
	return []Assignment{{Name: "as-given", Seats: []Seat{
		{Name: "A", Role: transcript.RoleDebater, Agent: "x", Stance: SlotA, Setting: "debaters"},
		{Name: "B", Role: transcript.RoleDebater, Agent: "x", Stance: SlotB, Setting: "debaters"},
		{Name: "Moderator", Role: transcript.RoleModerator, Agent: "x", Act: Remark, Setting: "moderator"},
	}}}
}

// TestCheckASettlerWithNoJudge: a Settler with no seat that decides, its
// last step a remark, passes Check: the rule of the judge alone in the
// last step holds where a seat decides.
func TestCheckASettlerWithNoJudge(t *testing.T) {
	if err := Check(&settlerOnly{}); err != nil {
		t.Error(err)
	}
}
