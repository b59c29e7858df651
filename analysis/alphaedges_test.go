package analysis

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/mootlab/moot/transcript"
)

// TestAlphaLeavesOutWhatNoJudgeSaid: a settled episode (a moderator's
// remark chose its answer, no judge) is no verdict, though it names an
// answer; a verdict naming an answer past those alpha knows is not parsed;
// an item whose verdicts none parsed is not lone (it has no verdict to
// stand alone).
func TestAlphaLeavesOutWhatNoJudgeSaid(t *testing.T) {
	settled := judged("c", "q1", 1)
	settled.Verdict.Parse = transcript.ParsedModerator
	eps := []transcript.Episode{
		judged("a", "q1", 0), judged("b", "q1", 0), settled,
		judged("a", "q2", 1), judged("b", "q2", 1), judged("c", "q2", alphaLabels),
		judged("a", "q3", 0), judged("b", "q3", 1),
		judged("a", "q4", transcript.Unparsed), judged("b", "q4", transcript.Unparsed),
	}
	got := JudgeReliability(eps)
	if got.Items != 3 || got.Verdicts != 6 || got.Unparsed != 3 || got.Lone != 0 {
		t.Errorf("items %d, verdicts %d, unparsed %d, lone %d; want 3, 6, 3 (c's answer past the labels, q4's two), 0",
			got.Items, got.Verdicts, got.Unparsed, got.Lone)
	}
	if !slices.Equal(got.Judges, []string{"a", "b"}) {
		t.Errorf("judges %v; want [a b]: c's only verdicts are settled or unparsed", got.Judges)
	}
}

// TestAlphaIntervalDrawsGroups: twelve items, each asked as four questions
// of one group that the three judges label alike. Drawn by group, as each
// episode's group says, the interval is that of twelve units, well wider
// than that of the 48 questions drawn as if independent.
func TestAlphaIntervalDrawsGroups(t *testing.T) {
	r := rand.New(rand.NewPCG(31, 32))
	var grouped, loose []transcript.Episode
	for i := range 12 {
		truth := r.IntN(2)
		var said []int
		for range 3 {
			v := truth
			if r.Float64() < 0.25 {
				v = 1 - v
			}
			said = append(said, v)
		}
		for k := range 4 {
			for j, v := range said {
				ep := judged(fmt.Sprintf("j%d", j), fmt.Sprintf("q%d-%d", i, k), v)
				loose = append(loose, ep)
				ep.Group = fmt.Sprint(i)
				grouped = append(grouped, ep)
			}
		}
	}
	g, l := JudgeReliability(grouped), JudgeReliability(loose)
	if g.Alpha != l.Alpha || g.AlphaCI == nil || l.AlphaCI == nil {
		t.Fatalf("alpha %v and %v, intervals %+v and %+v; want one alpha, both intervals", g.Alpha, l.Alpha, g.AlphaCI, l.AlphaCI)
	}
	if gw, lw := g.AlphaCI.CIHigh-g.AlphaCI.CILow, l.AlphaCI.CIHigh-l.AlphaCI.CILow; gw < 1.5*lw {
		t.Errorf("drawn by group, width %.3f; want well above the width over the 48 questions, %.3f", gw, lw)
	}
}

// TestAgreementOfJudgesByCellAndPair: alpha cell by cell names each cell
// by its protocol, task and sweep cell; the pairs are each two distinct
// judges that share an episode, with a pair kept whose shared episodes
// none parsed (its kappa undefined, but the pair there); a study of no shared episode names no
// judge, as an empty list.
func TestAgreementOfJudgesByCellAndPair(t *testing.T) {
	var eps []transcript.Episode
	for _, q := range []string{"q1", "q2", "q3"} {
		for j, v := range []int{0, 0, 1} {
			ep := judged(string(rune('a'+j)), q, v)
			ep.Task, ep.Cell = "quality", "turns=2"
			eps = append(eps, ep)
		}
	}
	// d shares a parsed episode with a alone, one with c that neither
	// verdict parsed, and none with b.
	eps = append(eps, judged("a", "q5", 0), judged("d", "q5", 0),
		judged("c", "q9", transcript.Unparsed), judged("d", "q9", transcript.Unparsed))
	got := AgreementOfJudges(eps)
	if len(got.Cells) != 2 || got.Cells[0].Protocol != "debate" || got.Cells[0].Task != "quality" || got.Cells[0].Cell != "turns=2" ||
		got.Cells[1].Task != "t" || got.Cells[1].Cell != "" {
		t.Errorf("cells %+v; want debate · quality [turns=2], then debate · t", got.Cells)
	}
	var pairs []string
	for _, p := range got.Pairs {
		pairs = append(pairs, p.JudgeA+p.JudgeB)
	}
	if want := []string{"ab", "ac", "ad", "bc", "cd"}; !slices.Equal(pairs, want) {
		t.Errorf("pairs %v; want %v", pairs, want)
	}
	none := AgreementOfJudges([]transcript.Episode{judged("a", "q1", 0), judged("b", "q2", 1)})
	if none.All.Judges == nil || len(none.All.Judges) != 0 || len(none.Pairs) != 0 {
		t.Errorf("no shared episode: judges %#v, pairs %v; want an empty list, no pair", none.All.Judges, none.Pairs)
	}
}

// TestSaidReadsNoGradeIntoAnAnswer: a record whose answer index is
// neither 0 nor 1 and that graded nothing is no verdict to compare, not
// the grade whose label its index happens to share.
func TestSaidReadsNoGradeIntoAnAnswer(t *testing.T) {
	for _, answer := range []int{2, 3, 7} {
		a, b := judged("a", "q", 0), judged("b", "q", 0)
		b.Verdict.Answer = answer
		if got := JudgeAgreement([]transcript.Episode{a, b}, "a", "b"); got.Items != 0 || got.Skipped != 1 {
			t.Errorf("answer %d: %d items, %d skipped; want it skipped as unparsed", answer, got.Items, got.Skipped)
		}
		if got := JudgeReliability([]transcript.Episode{a, b}); got.Unparsed != 1 || got.Items != 0 {
			t.Errorf("answer %d: alpha counts %d items, %d unparsed; want it unparsed", answer, got.Items, got.Unparsed)
		}
	}
}

// TestAlphaMixesOnlyCountedItems: grades of an item that one judge alone
// graded (lone, not counted) do not make the items alpha counts, all
// chosen answers, a mix of grades and answers: alpha is theirs, as the
// pair's kappa is.
func TestAlphaMixesOnlyCountedItems(t *testing.T) {
	eps := []transcript.Episode{
		judged("a", "q1", 0), judged("b", "q1", 0),
		judged("a", "q2", 1), judged("b", "q2", 1),
		judged("a", "q3", 0), judged("b", "q3", 1),
		graded("q4", "x", true, transcript.GradeCorrect), // judge j alone: lone
	}
	// o00 = 2, o11 = 2, o01 = o10 = 1; n0 = n1 = 3, n = 6:
	// α = 1 − 5·2 / (36 − 9 − 9) = 4/9.
	got := JudgeReliability(eps)
	if got.Mixed || !got.AlphaDefined || math.Abs(got.Alpha-4.0/9) > 1e-12 {
		t.Errorf("alpha %v (defined %v, mixed %v); want 4/9, not mixed", got.Alpha, got.AlphaDefined, got.Mixed)
	}
	if got.Items != 3 || got.Lone != 1 {
		t.Errorf("%d items, %d lone; want 3, 1", got.Items, got.Lone)
	}
	if p := JudgeAgreement(eps, "a", "b"); p.Mixed {
		t.Errorf("the pair's kappa mixed; want not")
	}
}
