package analysis

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/mootlab/moot/transcript"
)

func TestSplitOrder(t *testing.T) {
	tests := []struct {
		assignment, rest string
		first, ok        bool
	}{
		{"correct-first", "*", true, true},
		{"correct-second", "*", false, true},
		{"correct-first/strong-as-A", "*/strong-as-A", true, true},
		{"assigned-correct/correct-second", "assigned-correct/*", false, true},
		{"assigned-incorrect", "", false, false},
		{"as-given", "", false, false},
		{"", "", false, false},
	}
	for _, tt := range tests {
		rest, first, ok := splitOrder(tt.assignment)
		if rest != tt.rest || first != tt.first || ok != tt.ok {
			t.Errorf("splitOrder(%q) = %q, %v, %v; want %q, %v, %v", tt.assignment, rest, first, ok, tt.rest, tt.first, tt.ok)
		}
	}
}

func TestComputePositionBias(t *testing.T) {
	const u = transcript.Unparsed
	ep := func(question, assignment string, repeat, answer int, errMsg string) transcript.Episode {
		e := episode("debate", "debate", "t", "j", question, assignment, answer, errMsg)
		e.Repeat = repeat
		return e
	}
	eps := []transcript.Episode{
		// q1: right both times (slot A, then slot B): consistent.
		ep("q1", "correct-first", 0, 0, ""), ep("q1", "correct-second", 0, 0, ""),
		// q2: slot A both times: inconsistent.
		ep("q2", "correct-first", 0, 0, ""), ep("q2", "correct-second", 0, 1, ""),
		// q3: wrong both times (slot B, then slot A): consistent.
		ep("q3", "correct-first", 0, 1, ""), ep("q3", "correct-second", 0, 1, ""),
		// q4: unparsed, then slot B: inconsistent.
		ep("q4", "correct-first", 0, u, ""), ep("q4", "correct-second", 0, 0, ""),
		// Not pairs: the other order failed; no order; the debaters
		// traded answers (x argues the correct one from slot A, then the
		// wrong one from slot A).
		ep("q1", "correct-first", 1, 0, ""), ep("q1", "correct-second", 1, 0, "timeout"),
		ep("q5", "as-given", 0, 0, ""),
		seated(ep("q6", "correct-first/x-as-A", 0, 0, ""), "x", "y"), seated(ep("q6", "correct-second/x-as-A", 0, 0, ""), "x", "y"),
	}
	// 4 pairs, 2 consistent; 7 parsed verdicts, 4 in slot A (q1 first,
	// q2 both, q3 second); only q1 is right twice; q2 and q4 tie.
	want := &PositionBias{
		Pairs: 4, Consistent: 2, Consistency: 0.5,
		Verdicts: 7, FirstSlot: 4, FirstSlotPreference: ptr(4.0 / 7),
		PairAccuracy: []PairScore{{Rule: RuleInconsistentWrong, Accuracy: 0.25}, {Rule: RuleInconsistentTie, Accuracy: 0.5}},
	}
	if diff := cmp.Diff(want, ComputePositionBias(eps)); diff != "" {
		t.Errorf("position bias (-want +got):\n%s", diff)
	}
	if got := ComputePositionBias(eps[8:]); got != nil {
		t.Errorf("no complete pair: got %+v; want nil", got)
	}
	// A pair whose verdicts never parsed has no preference: summary.json
	// leaves it out, where 0 read as a lean to slot B.
	none := ComputePositionBias([]transcript.Episode{ep("q8", "correct-first", 0, u, ""), ep("q8", "correct-second", 0, u, "")})
	if data, _ := json.Marshal(none); none == nil || none.FirstSlotPreference != nil || strings.Contains(string(data), "first_slot_preference") {
		t.Errorf("a pair with no verdict parsed: %s; want no first_slot_preference", data)
	}
	// Nor a pair accuracy under the rules that score an unparsed verdict
	// ½: a judge that never answered would read 50% under the tie rule.
	if want := []PairScore{{Rule: RuleInconsistentWrong, Accuracy: 0}}; none != nil && !cmp.Equal(want, none.PairAccuracy) {
		t.Errorf("a pair with no verdict parsed: pair accuracy %v; want %v", none.PairAccuracy, want)
	}
	// The pair of two debaters who each keep their answer: x argues the
	// correct one from slot A, then from slot B, where y now sits in A.
	pair := []transcript.Episode{
		seated(ep("q7", "correct-first/x-as-A", 0, 0, ""), "x", "y"),
		seated(ep("q7", "correct-second/y-as-A", 0, 0, ""), "y", "x"),
	}
	if got := ComputePositionBias(pair); got == nil || got.Pairs != 1 || got.Consistent != 1 {
		t.Errorf("two debaters keeping their answers as the order swaps: got %+v; want 1 consistent pair", got)
	}
}

// seated gives e two debaters: a in slot A, b in slot B, each arguing the
// answer its slot shows.
func seated(e transcript.Episode, a, b string) transcript.Episode {
	e.Seats = []transcript.Seat{
		{Name: "Debater A", Role: transcript.RoleDebater, Agent: a, Argues: e.Order[0]},
		{Name: "Debater B", Role: transcript.RoleDebater, Agent: b, Argues: e.Order[1]},
	}
	return e
}

func TestPositionBiasSlot(t *testing.T) {
	// The judge's own letter wins over the order; without a letter, the
	// order says which slot the chosen answer was in.
	a := episode("p", "direct", "t", "j", "q", "assigned-correct/correct-first", 0, "")
	b := episode("p", "direct", "t", "j", "q", "assigned-correct/correct-second", 0, "")
	if a.Order != [2]int{0, 1} || b.Order != [2]int{1, 0} {
		t.Fatalf("test episodes: got orders %v, %v; want [0 1], [1 0]", a.Order, b.Order)
	}
	b.Verdict.Slot = ""
	got := ComputePositionBias([]transcript.Episode{a, b})
	if got == nil || got.FirstSlot != 1 || got.Consistent != 1 {
		t.Errorf("slot from order: got %+v; want 1 consistent pair, 1 verdict in slot A", got)
	}
	b.Verdict.Slot = "A" // contradicts the order: the letter wins
	got = ComputePositionBias([]transcript.Episode{a, b})
	if got == nil || got.FirstSlot != 2 {
		t.Errorf("slot from the verdict: got %+v; want 2 verdicts in slot A", got)
	}
}

func TestSwapAverage(t *testing.T) {
	const u = transcript.Unparsed
	// ep is one order of a question: the judge chose answer with
	// probability p (0: none given).
	ep := func(question, assignment string, answer int, p float64) transcript.Episode {
		e := episode("debate", "debate", "t", "j", question, assignment, answer, "")
		e.Verdict.Probability = p
		return e
	}
	eps := []transcript.Episode{
		// q1: wrong with 0.55 shown first, right with 0.9 shown second:
		// mean P(correct) (0.45 + 0.9)/2 > ½, recovered.
		ep("q1", "correct-second", 1, 0.55), ep("q1", "correct-first", 0, 0.9),
		// q2: wrong with 0.8, right with 0.6: (0.2 + 0.6)/2 < ½.
		ep("q2", "correct-first", 1, 0.8), ep("q2", "correct-second", 0, 0.6),
		// q3: unparsed (½) and right with 0.5: exactly ½, half a pair.
		ep("q3", "correct-first", u, 0), ep("q3", "correct-second", 0, 0.5),
		// q4: right twice.
		ep("q4", "correct-first", 0, 0.7), ep("q4", "correct-second", 0, 0.99),
	}
	got := ComputePositionBias(eps)
	want := []PairScore{{Rule: RuleInconsistentWrong, Accuracy: 0.25}, {Rule: RuleInconsistentTie, Accuracy: 0.25 + 0.5*3/4}, {Rule: RuleSwapAverage, Accuracy: 2.5 / 4}}
	if got == nil {
		t.Fatal("no position bias")
	}
	if diff := cmp.Diff(want, got.PairAccuracy); diff != "" {
		t.Errorf("pair accuracy (-want +got):\n%s", diff)
	}
	// Each pair alone: above ½ counts 1, exactly ½ a half, below ½ 0 (a
	// fixture whose errors cancel, as the four pairs together could, would
	// not tell these apart).
	for i, want := range []float64{1, 0, 0.5, 1} {
		got := ComputePositionBias(eps[2*i : 2*i+2])
		if got == nil || len(got.PairAccuracy) != 3 || got.PairAccuracy[2].Accuracy != want {
			t.Errorf("q%d alone: got %+v; want swap-average accuracy %v", i+1, got, want)
		}
	}
	// A parsed verdict without a probability: the rule is not reported.
	eps[7].Verdict.Probability = 0
	if got := ComputePositionBias(eps).PairAccuracy; len(got) != 2 {
		t.Errorf("without probabilities: got %v; want the two rules that need none", got)
	}
}

// TestUnparsedSecondOrderIsInconsistent: a pair whose correct-second
// verdict did not parse is inconsistent, as is one whose correct-first
// verdict did not (TestComputePositionBias's q4).
func TestUnparsedSecondOrderIsInconsistent(t *testing.T) {
	eps := []transcript.Episode{
		episode("debate", "debate", "t", "j", "q1", "correct-first", 0, ""),
		episode("debate", "debate", "t", "j", "q1", "correct-second", transcript.Unparsed, ""),
	}
	eps[0].Verdict.Probability = 0.9
	got := ComputePositionBias(eps)
	if got == nil || got.Pairs != 1 || got.Consistent != 0 || got.Verdicts != 1 {
		t.Fatalf("got %+v; want 1 pair, none consistent, 1 parsed verdict", got)
	}
	// One verdict parsed, with a probability: the swap-average rule is
	// reported, P(correct) 0.9 and ½ for the unparsed one, mean 0.7 > ½.
	if len(got.PairAccuracy) != 3 || got.PairAccuracy[2] != (PairScore{Rule: RuleSwapAverage, Accuracy: 1}) {
		t.Errorf("got %v; want the swap-average rule at 1", got.PairAccuracy)
	}
}

// TestSwapAverageCertainWrong: a judge certain of the wrong answer gave the
// correct one probability 0, which is a probability, not none: the
// swap-average rule is still reported, in either order.
func TestSwapAverageCertainWrong(t *testing.T) {
	ep := func(assignment string, answer int, p float64) transcript.Episode {
		e := episode("debate", "debate", "t", "j", "q1", assignment, answer, "")
		e.Verdict.Probability = p
		return e
	}
	for _, eps := range [][]transcript.Episode{
		{ep("correct-first", 1, 1), ep("correct-second", 0, 0.8)},
		{ep("correct-first", 0, 0.8), ep("correct-second", 1, 1)},
	} {
		// P(correct) 0 and 0.8: mean 0.4, below one half.
		got := ComputePositionBias(eps)
		if got == nil || len(got.PairAccuracy) != 3 || got.PairAccuracy[2] != (PairScore{Rule: RuleSwapAverage, Accuracy: 0}) {
			t.Errorf("got %+v; want the swap-average rule at 0", got)
		}
	}
}
