package analysis

import (
	"fmt"
	"strings"
	"testing"

	"github.com/mootlab/moot/transcript"
)

// withInterim gives ep interim verdicts after rounds 1, 2…, one answer
// each (0 correct, 1 wrong, transcript.Unparsed).
func withInterim(ep transcript.Episode, answers ...int) transcript.Episode {
	for r, a := range answers {
		v := transcript.Verdict{Answer: a, Round: r + 1}
		if a != transcript.Unparsed {
			v.Slot = "A"
		}
		ep.Interim = append(ep.Interim, v)
	}
	return ep
}

// TestSummarizeByRound: each round's accuracy is over the finished
// episodes' verdicts after it — the interim ones, then the verdict as the
// last round — an unparsed one wrong, and the last is the cell's.
func TestSummarizeByRound(t *testing.T) {
	var eps []transcript.Episode
	for q := range 6 {
		qid := fmt.Sprintf("q%d", q)
		// Round 1: q0, q1 correct; round 2: q0…q3 (q4 unparsed); final: q0…q4.
		r1, r2, final := 1, 1, 1
		if q < 2 {
			r1 = 0
		}
		switch {
		case q < 4:
			r2 = 0
		case q == 4:
			r2 = transcript.Unparsed
		}
		if q < 5 {
			final = 0
		}
		eps = append(eps, withInterim(episode("debate", "debate", "t", "j", qid, "", final, ""), r1, r2))
	}
	// A failed episode counts in no round.
	eps = append(eps, withInterim(episode("debate", "debate", "t", "j", "q9", "", 0, "agents: down"), 0))
	// A cell without interim verdicts has no accuracy by round.
	eps = append(eps, episode("direct", "direct", "t", "j", "q0", "", 0, ""))

	s := Summarize("e", 1, eps)
	debate, direct := s.Cells[0], s.Cells[1]
	if direct.ByRound != nil {
		t.Errorf("direct: by_round %+v; want none", direct.ByRound)
	}
	// A cell pooling episodes with and without interim verdicts (moot
	// table --by judge) has none either: its rounds would be the debate's
	// alone, and the last not its accuracy.
	pooled, err := SummarizeBy("e", 1, eps, []string{FieldJudge})
	if err != nil {
		t.Fatal(err)
	}
	if got := pooled.Cells[0].ByRound; got != nil {
		t.Errorf("debate and direct pooled: by_round %+v; want none", got)
	}
	// Nor has a cell pooling debates of two lengths (a sweep of
	// debate.rounds by protocol): its round 2 would mix the two-round
	// debates' verdicts with the three-round ones' interim verdicts.
	var lengths []transcript.Episode
	for q := range 4 {
		short := withInterim(episode("debate", "debate", "t", "j", fmt.Sprintf("q%d", q), "", 0, ""), 1)
		short.Cell = "debate.rounds=2"
		long := withInterim(episode("debate", "debate", "t", "j", fmt.Sprintf("q%d", q), "", 1, ""), 1, 1)
		long.Cell = "debate.rounds=3"
		lengths = append(lengths, short, long)
	}
	byProtocol, err := SummarizeBy("e", 1, lengths, []string{FieldProtocol})
	if err != nil {
		t.Fatal(err)
	}
	if got := byProtocol.Cells[0].ByRound; len(byProtocol.Cells) != 1 || got != nil {
		t.Errorf("debates of two and three rounds pooled: %d cells, by_round %+v; want one cell and none", len(byProtocol.Cells), got)
	}
	if each := Summarize("e", 1, lengths); len(each.Cells) != 2 || len(each.Cells[0].ByRound) != 2 || len(each.Cells[1].ByRound) != 3 {
		t.Errorf("each length its own cell: want rounds 1–2 and 1–3, got %+v", each.Cells)
	}
	want := []struct{ round, n, correct int }{{1, 6, 2}, {2, 6, 4}, {3, 6, 5}}
	if len(debate.ByRound) != len(want) {
		t.Fatalf("got %d points by round; want %d", len(debate.ByRound), len(want))
	}
	for i, w := range want {
		p := debate.ByRound[i]
		if p.Round != w.round || p.N != w.n || p.Correct != w.correct || !near(p.Accuracy, float64(w.correct)/float64(w.n)) {
			t.Errorf("point %d: got %+v; want round %d, %d of %d", i, p, w.round, w.correct, w.n)
		}
		if !(p.CILow < p.Accuracy && p.Accuracy < p.CIHigh) {
			t.Errorf("point %d: interval [%v, %v] does not hold %v", i, p.CILow, p.CIHigh, p.Accuracy)
		}
	}
	last := debate.ByRound[len(want)-1]
	if last.N != debate.N || last.Correct != debate.Correct || last.CILow != debate.CILow || last.CIHigh != debate.CIHigh {
		t.Errorf("last round %+v; want the cell's %d of %d, [%v, %v]", last, debate.Correct, debate.N, debate.CILow, debate.CIHigh)
	}
}

// TestTablesByRound: the tables show a cell's accuracy by round in its
// notes and the CSV a row per round in a last column, "round"; a summary
// without it keeps its columns.
func TestTablesByRound(t *testing.T) {
	cell := Cell{
		Protocol: "debate", Kind: "debate", Task: "quality", Judge: "j", N: 100, Questions: 50, Correct: 80,
		Accuracy: 0.8, Interval: Interval{CILow: 0.7, CIHigh: 0.9, CIMethod: MethodBootstrap},
		ByRound: []RoundPoint{
			{Round: 1, N: 100, Correct: 71, Accuracy: 0.71, Interval: Interval{CILow: 0.6, CIHigh: 0.8}},
			{Round: 2, N: 100, Correct: 80, Accuracy: 0.8, Interval: Interval{CILow: 0.7, CIHigh: 0.9}},
		},
	}
	s := Summary{Cells: []Cell{cell}}
	tablesContain(t, s, "by round: 1: 71.0% → 2: 80.0%")
	out := csvOf(t, s)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	want := []string{
		"protocol,kind,task,judge,assignment,n,correct,unparsed,failed,accuracy,ci_low,ci_high,ci_method,repeat,consistency,first_slot_preference,ece,brier,round",
		"debate,debate,quality,j,,100,80,0,0,0.8000,0.7000,0.9000,bootstrap-questions,,,,,,",
		"debate,debate,quality,j,,100,71,,,0.7100,0.6000,0.8000,,,,,,,1",
		"debate,debate,quality,j,,100,80,,,0.8000,0.7000,0.9000,,,,,,,2",
	}
	if strings.Join(lines, "\n") != strings.Join(want, "\n") {
		t.Errorf("csv:\n%s\nwant\n%s", out, strings.Join(want, "\n"))
	}
	cell.ByRound = nil
	if got := strings.SplitN(csvOf(t, Summary{Cells: []Cell{cell}}), "\n", 2)[0]; strings.HasSuffix(got, ",round") {
		t.Errorf("csv header without by_round: %q; want no round column", got)
	}
}
