package consultancy_test

import (
	"slices"
	"testing"

	"github.com/mootlab/moot/protocols"
	"github.com/mootlab/moot/protocols/protocoltest"
	"github.com/mootlab/moot/transcript"
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

// TestAssignmentsArgueWhatTheyAreNamed: an assignment's name is what its
// results are tabled under, so it says what the consultant argues and in
// which order the answers are shown: in consultancy the correct answer,
// then the incorrect one, in each order (docs/protocols.md); in open
// consultancy the consultant's own choice (stance Own), once per order.
func TestAssignmentsArgueWhatTheyAreNamed(t *testing.T) {
	type got struct {
		name   string
		order  protocols.Order
		stance protocols.Stance
	}
	for _, tc := range []struct {
		protocol, settings string
		want               []got
	}{
		{"consultancy", "", []got{
			{"assigned-correct", protocols.AsGiven, protocols.Correct},
			{"assigned-incorrect", protocols.AsGiven, protocols.Incorrect},
		}},
		{"consultancy", "swap: true\n", []got{
			{"assigned-correct/correct-first", protocols.CorrectFirst, protocols.Correct},
			{"assigned-incorrect/correct-first", protocols.CorrectFirst, protocols.Incorrect},
			{"assigned-correct/correct-second", protocols.CorrectSecond, protocols.Correct},
			{"assigned-incorrect/correct-second", protocols.CorrectSecond, protocols.Incorrect},
		}},
		{"open-consultancy", "", []got{{"as-given", protocols.AsGiven, protocols.Own}}},
		{"open-consultancy", "swap: true\n", []got{
			{"correct-first", protocols.CorrectFirst, protocols.Own},
			{"correct-second", protocols.CorrectSecond, protocols.Own},
		}},
	} {
		p := protocoltest.Build(t, tc.protocol, "judge: j\nconsultant: c\n"+tc.settings)
		var as []got
		for _, a := range p.Assignments() {
			as = append(as, got{a.Name, a.Order, a.Seats[0].Stance})
		}
		if !slices.Equal(as, tc.want) {
			t.Errorf("%s %q: assignments (name, order, consultant's stance) %v; want %v", tc.protocol, tc.settings, as, tc.want)
		}
	}
}

// TestOnlyTheConsultantSeesTheContext: the consultant reads the hidden
// context and the judge never does, in consultancy and open consultancy
// alike, whether it judges or, in interactive consultancy, asks; and the
// questioner is the judge's agent, not the consultant's.
func TestOnlyTheConsultantSeesTheContext(t *testing.T) {
	for _, name := range []string{"consultancy", "open-consultancy"} {
		p := protocoltest.Build(t, name, "judge: j\nconsultant: c\ninteractive: true\nswap: true\n")
		for _, a := range p.Assignments() {
			for _, s := range a.Seats {
				consultant := s.Role == transcript.RoleConsultant
				if s.SeesContext != consultant {
					t.Errorf("%s: %s: seat %s (%s) SeesContext = %v; want %v", name, a.Name, s.Name, s.Role, s.SeesContext, consultant)
				}
				if want := map[bool]string{true: "c", false: "j"}[consultant]; s.Agent != want {
					t.Errorf("%s: %s: seat %s (%s) is played by %q; want %q", name, a.Name, s.Name, s.Role, s.Agent, want)
				}
			}
		}
	}
}
