package consultancy_test

import (
	"slices"
	"testing"

	"github.com/mootlab/moot/protocols"
	"github.com/mootlab/moot/protocols/protocoltest"
)

// TestSwappedAssignmentsAreNamedApart: with swap, the consultant argues
// the correct and then the incorrect answer in each order of the answers:
// four assignments (docs/protocols.md), each with a name of its own.
func TestSwappedAssignmentsAreNamedApart(t *testing.T) {
	p := protocoltest.Build(t, "consultancy", "judge: weak\nconsultant: strong\nswap: true\n")
	var names []string
	for _, a := range p.Assignments() {
		names = append(names, a.Name)
	}
	slices.Sort(names)
	want := []string{"assigned-correct/correct-first", "assigned-correct/correct-second", "assigned-incorrect/correct-first", "assigned-incorrect/correct-second"}
	if !slices.Equal(names, want) {
		t.Errorf("assignments %q; want %q", names, want)
	}
}

// TestJudgeEveryRoundReachesTheRules: judge_every_round: true has the
// engine ask the judge after each round (Rules.JudgeEveryRound), in
// consultancy and in open consultancy.
func TestJudgeEveryRoundReachesTheRules(t *testing.T) {
	for _, name := range []string{"consultancy", "open-consultancy"} {
		p := protocoltest.Build(t, name, "judge: weak\nconsultant: strong\njudge_every_round: true\n")
		if !p.Rules().JudgeEveryRound {
			t.Errorf("%s: Rules().JudgeEveryRound = false; want true", name)
		}
		if err := protocols.Check(p); err != nil {
			t.Errorf("%s: Check = %v", name, err)
		}
	}
}

// TestQuestionsBelongToTheirRound: the question asked after round r
// (state ask-r) is a turn of round r, the consultant's next answer one of
// round r+1, and the verdict follows the last round.
func TestQuestionsBelongToTheirRound(t *testing.T) {
	p := protocoltest.Build(t, "consultancy", "judge: j\nconsultant: c\ninteractive: true\n")
	for state, want := range map[string]int{"round-1": 1, "ask-1": 1, "round-2": 2, "ask-2": 2, "round-3": 3, "judging": 4} {
		if got := p.Step(state).Round; got != want {
			t.Errorf("Step(%s).Round = %d; want %d", state, got, want)
		}
	}
}

// TestOpenQuestioner: in open consultancy the judge, as questioner and
// as judge, is told that the consultant chose its answer (Seat.Open); in
// consultancy neither is.
func TestOpenQuestioner(t *testing.T) {
	for name, open := range map[string]bool{"consultancy": false, "open-consultancy": true} {
		p := protocoltest.Build(t, name, "judge: j\nconsultant: c\ninteractive: true\n")
		for _, a := range p.Assignments() {
			for _, s := range a.Seats[1:] {
				if s.Open != open {
					t.Errorf("%s: %s: seat %s (%s) Open = %v; want %v", name, a.Name, s.Name, s.Role, s.Open, open)
				}
			}
		}
	}
}
