package analysis

import (
	"bytes"
	encodingcsv "encoding/csv"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"gonum.org/v1/gonum/stat"

	"github.com/mootlab/moot/transcript"
)

// graded is one hand-made graded episode: question, exam-taker, whether
// its answer was right, and the judge's call ("" unparsed).
func graded(q, agent string, right bool, call string) transcript.Episode {
	ep := transcript.Episode{Protocol: "g", Kind: "grade", Task: "t", Judge: "j", QuestionID: q, CorrectAnswer: 0,
		Answers: [2]string{"x", "y"}, Assignment: agent, Verdict: transcript.Verdict{Answer: transcript.Unparsed, Parse: "unparsed"}}
	answer := 1
	if right {
		answer = 0
	}
	ep.Graded = &transcript.Graded{Seat: "Exam-taker", Agent: agent, Answer: answer, Call: call}
	switch call {
	case transcript.GradeCorrect:
		ep.Verdict = transcript.Verdict{Answer: answer, Slot: "A", Parse: "answer-line"}
	case transcript.GradeIncorrect:
		ep.Verdict = transcript.Verdict{Answer: 1 - answer, Slot: "B", Parse: "answer-line"}
	}
	ep.Correct = ep.Verdict.Answer == 0
	return ep
}

// handTable is the 12 graded answers worked by hand below, plus an
// unparsed grade and a failed episode that the grading leaves out.
//
//	    q1   q2   q3   q4    true  judged
//	A   R+   R+   R+   W+    3/4   4/4
//	B   R+   W-   R-   W-    2/4   1/4
//	C   W+   W-   W-   R+    1/4   2/4
//
// (R/W: the answer right or wrong; +/-: called correct or incorrect.)
// Truth × call: right&correct 5, right&incorrect 1, wrong&correct 2,
// wrong&incorrect 4. Agreement 9/12 = 0.75; p_e = ½·7/12 + ½·5/12 = ½;
// κ = (0.75 − 0.5)/(1 − 0.5) = 0.5. Leniency 2/6, strictness 1/6. The
// rankings: A > B > C by truth, A > C > B as judged: pairs AB and AC
// concordant, BC discordant, τ = (2 − 1)/3 = 1/3.
func handTable() []transcript.Episode {
	c, i := transcript.GradeCorrect, transcript.GradeIncorrect
	eps := []transcript.Episode{
		graded("q1", "A", true, c), graded("q2", "A", true, c), graded("q3", "A", true, c), graded("q4", "A", false, c),
		graded("q1", "B", true, c), graded("q2", "B", false, i), graded("q3", "B", true, i), graded("q4", "B", false, i),
		graded("q1", "C", false, c), graded("q2", "C", false, i), graded("q3", "C", false, i), graded("q4", "C", true, c),
		graded("q5", "A", true, ""),
	}
	failed := graded("q5", "B", true, c)
	failed.Error = "engine: episode failed"
	return append(eps, failed)
}

func TestGradingByHand(t *testing.T) {
	s := Summarize("x", 1, handTable())
	if len(s.Cells) != 1 || s.Cells[0].Grading == nil {
		t.Fatalf("cells %+v; want one with grading", s.Cells)
	}
	c := s.Cells[0]
	g := c.Grading
	near := func(name string, got, want float64) {
		t.Helper()
		if math.Abs(got-want) > 1e-4 {
			t.Errorf("%s = %v; want %v", name, got, want)
		}
	}
	if g.N != 12 || g.RightN != 6 || g.WrongN != 6 {
		t.Errorf("n %d, right %d, wrong %d; want 12, 6, 6", g.N, g.RightN, g.WrongN)
	}
	near("agreement", g.Agreement, 0.75)
	near("kappa", g.Kappa, 0.5)
	near("base rate", g.BaseRate, 0.5)
	near("said correct", g.SaidCorrect, 7.0/12)
	near("leniency", g.Leniency, 2.0/6)
	near("strictness", g.Strictness, 1.0/6)
	near("tau", g.Tau, 1.0/3)
	// Four questions: a resample of them often ties a ranking (every
	// draw q2, say), far more often than one in 40, and tau, as kappa
	// would, has no interval.
	if !g.KappaDefined || !g.TauDefined || g.TauCI != nil || g.TauText() != "0.33" {
		t.Errorf("kappa defined %v, tau defined %v, interval %+v (%q); want both defined, tau without an interval", g.KappaDefined, g.TauDefined, g.TauCI, g.TauText())
	}
	// Twenty questions, each of the four five times over: tau as before,
	// and resamples that tie a ranking are few.
	wide := Summarize("x", 1, fiveTimes(handTable())).Cells[0].Grading
	if ci := wide.TauCI; math.Abs(wide.Tau-g.Tau) > 1e-9 || ci == nil || ci.CIMethod != MethodBootstrap || !(ci.CILow <= wide.Tau && wide.Tau <= ci.CIHigh) || ci.CILow < -1 || ci.CIHigh > 1 {
		t.Errorf("twenty questions: tau %v, interval %+v; want 1/3 within a bootstrap interval inside [-1, 1]", wide.Tau, ci)
	}
	// Three exam-takers answer each question: the answers are not
	// independent, and leniency's interval is drawn over the questions.
	if ci := g.LeniencyCI; ci == nil || ci.CIMethod != MethodBootstrap || !(ci.CILow <= g.Leniency && g.Leniency <= ci.CIHigh) {
		t.Errorf("leniency %v, interval %+v; want the bootstrap over questions around it", g.Leniency, ci)
	}
	want := []ExamTaker{{"A", 4, 3, 4, 0.75, 1}, {"B", 4, 2, 1, 0.5, 0.25}, {"C", 4, 1, 2, 0.25, 0.5}}
	for k, e := range want {
		if k >= len(g.ExamTakers) || g.ExamTakers[k] != e {
			t.Errorf("exam-takers %+v; want %+v", g.ExamTakers, want)
			break
		}
	}
	// The cell's own accuracy is agreement over every judged episode, the
	// unparsed grade counted wrong.
	if c.N != 13 || c.Correct != 9 || c.Unparsed != 1 || c.Failed != 1 {
		t.Errorf("cell n %d correct %d unparsed %d failed %d; want 13, 9, 1, 1", c.N, c.Correct, c.Unparsed, c.Failed)
	}
	// Kappa agrees with the package's own Kappa on the same labels.
	truth := []int{1, 1, 1, 0, 1, 0, 1, 0, 0, 0, 0, 1}
	call := []int{1, 1, 1, 1, 1, 0, 0, 0, 1, 0, 0, 1}
	if k, a := Kappa(truth, call); math.Abs(k-g.Kappa) > 1e-4 || math.Abs(a-g.Agreement) > 1e-4 {
		t.Errorf("Kappa of the labels = %v, %v; grading says %v, %v", k, a, g.Kappa, g.Agreement)
	}
	md := markdownOf(t, s)
	for _, w := range []string{"κ 0.50", "lenient 33.3%", "strict 16.7%", "τ 0.33", "| g        | t    | j     | A          |"} {
		if !strings.Contains(md, w) {
			t.Errorf("table.md lacks %q:\n%s", w, md)
		}
	}
	// The exam-taker table: the cell's agreement on a row of its own,
	// (all), not on the first exam-taker's.
	for _, line := range strings.Split(md, "\n") {
		cells := strings.Split(line, "|")
		if len(cells) < 13 || !strings.Contains(line, "%") || strings.Contains(line, "Exam-taker") {
			continue // no row of the exam-taker table (no cell column: no sweep), or its header
		}
		agreement := strings.TrimSpace(cells[8])
		if all := strings.TrimSpace(cells[4]) == "(all)"; (agreement != "") != all {
			t.Errorf("exam-taker row %q: agreement %q; want it on the row (all) alone", line, agreement)
		}
	}
	if !strings.Contains(md, "| (all) ") {
		t.Errorf("table.md has no row (all) for a cell of several exam-takers:\n%s", md)
	}
	csv := csvOf(t, s)
	ci := s.Cells[0].Grading.KappaCI
	if ci == nil {
		t.Fatal("no kappa interval")
	}
	kappaCols := fmt.Sprintf(",0.5000,%s,%s,0.3333,0.1667,0.3333,", ftoa(ci.CILow), ftoa(ci.CIHigh))
	if lines := strings.Split(csv, "\n"); !strings.HasSuffix(lines[0], ",kappa,kappa_ci_low,kappa_ci_high,leniency,strictness,tau,tau_ci_low,tau_ci_high") ||
		!strings.Contains(lines[1], kappaCols) {
		t.Errorf("table.csv:\n%s", csv)
	}
}

// fiveTimes is eps with each question five times over, as five
// questions of their own (ids suffixed -1 … -5).
func fiveTimes(eps []transcript.Episode) []transcript.Episode {
	var out []transcript.Episode
	for k := 1; k <= 5; k++ {
		for _, ep := range eps {
			ep.QuestionID = fmt.Sprintf("%s-%d", ep.QuestionID, k)
			out = append(out, ep)
		}
	}
	return out
}

// TestTauIntervalSettled: when every question ranks the exam-takers the
// same way, every resample does too: the bootstrap says nothing of what
// is left uncertain, and tau has no interval, as kappa has none then.
func TestTauIntervalSettled(t *testing.T) {
	c, i := transcript.GradeCorrect, transcript.GradeIncorrect
	var eps []transcript.Episode
	for _, q := range []string{"q1", "q2", "q3", "q4", "q5"} {
		eps = append(eps, graded(q, "A", true, c), graded(q, "B", false, i), graded(q, "C", true, c))
		eps = append(eps, graded(q+"b", "A", true, c), graded(q+"b", "B", false, i), graded(q+"b", "C", false, i))
	}
	g := Summarize("x", 3, eps).Cells[0].Grading
	if !g.TauDefined || g.Tau != 1 || g.TauCI != nil || g.TauText() != "1.00" {
		t.Errorf("tau %v, interval %+v, defined %v (%q); want 1 and no interval", g.Tau, g.TauCI, g.TauDefined, g.TauText())
	}
	if g.Leniency != 0 || g.Strictness != 0 || g.Kappa != 1 {
		t.Errorf("leniency %v strictness %v kappa %v; want 0, 0, 1", g.Leniency, g.Strictness, g.Kappa)
	}
}

// TestNoIntervalOfNoWidth: where all but a few resamples in the tails
// give one value (1993 of 2000 a tau of 1, four −1, three undefined), the
// percentile interval has no width, and none is given, as where every
// resample gives one value; it had read [1.00, 1.00].
func TestNoIntervalOfNoWidth(t *testing.T) {
	stats := make([]float64, 0, 1997)
	for range 1993 {
		stats = append(stats, 1)
	}
	stats = append(stats, -1, -1, -1, -1)
	if got := percentileInterval(stats, 2000); got != nil {
		t.Errorf("interval %+v; want none", got)
	}
	// Spread past the tails, the interval stands.
	for i := range 100 {
		stats[i] = 0.5
	}
	if got := percentileInterval(stats, 2000); got == nil || got.CILow != 0.5 || got.CIHigh != 1 {
		t.Errorf("interval %+v; want [0.5, 1]", got)
	}
}

func TestKendallTauBByHand(t *testing.T) {
	tests := []struct {
		x, y []float64
		want float64
		ok   bool
	}{
		// Pairs: 4 concordant, 1 tied in x, 1 tied in y: 4/√(5·5).
		{[]float64{1, 2, 2, 3}, []float64{1, 2, 3, 3}, 0.8, true},
		{[]float64{1, 2, 3}, []float64{3, 2, 1}, -1, true},
		{[]float64{1, 2, 3}, []float64{1, 3, 2}, 1.0 / 3, true},
		// Pairs: 1 concordant, 1 discordant, 2 tied in x, 2 tied in y: 0/√(4·4).
		{[]float64{1, 1, 2, 2}, []float64{1, 2, 1, 2}, 0, true},
		// Ties on one side only, where the two factors differ: 5
		// concordant of 6 pairs, one tied in y alone: 5/√(6·5) = 0.9129;
		// in x alone, the same.
		{[]float64{1, 2, 3, 4}, []float64{1, 1, 2, 3}, 5 / math.Sqrt(30), true},
		{[]float64{1, 1, 2, 3}, []float64{1, 2, 3, 4}, 5 / math.Sqrt(30), true},
		// Two pairs tied in x, none in y, one of the others discordant:
		// (3 − 1)/√(4·6).
		{[]float64{1, 1, 2, 2}, []float64{1, 3, 4, 2}, 2 / math.Sqrt(24), true},
		{[]float64{1, 1, 1}, []float64{1, 2, 3}, 0, false},
		{[]float64{1}, []float64{1}, 0, false},
	}
	for _, tt := range tests {
		got, ok := KendallTauB(tt.x, tt.y)
		if ok != tt.ok || math.Abs(got-tt.want) > 1e-12 {
			t.Errorf("KendallTauB(%v, %v) = %v, %v; want %v, %v", tt.x, tt.y, got, ok, tt.want, tt.ok)
		}
	}
}

// TestKendallTauBAgreesWithGonum: without ties tau-b is tau-a, which
// gonum computes independently.
func TestKendallTauBAgreesWithGonum(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for trial := range 50 {
		n := 2 + r.IntN(12)
		x, y := make([]float64, n), make([]float64, n)
		for i := range x {
			x[i], y[i] = r.Float64(), r.Float64()
		}
		got, ok := KendallTauB(x, y)
		if want := stat.Kendall(x, y, nil); !ok || math.Abs(got-want) > 1e-12 {
			t.Fatalf("trial %d: KendallTauB = %v, %v; gonum's Kendall = %v", trial, got, ok, want)
		}
	}
}

// TestReferenceSplitByHand: an agent's reference, right on 3 episodes
// (the judge right on 3) and wrong on 2 (the judge right on 1, one of them
// with no answer); a gold reference is an upper bound.
func TestReferenceSplitByHand(t *testing.T) {
	ep := func(q string, ref int, correct bool) transcript.Episode {
		e := transcript.Episode{Protocol: "d", Kind: "direct", Task: "t", Judge: "j", QuestionID: q, CorrectAnswer: 1,
			Verdict: transcript.Verdict{Answer: 1, Slot: "A", Parse: "answer-line"}, Correct: correct,
			Reference: &transcript.Reference{Source: transcript.ReferenceAgent, Agent: "r", Answer: ref}}
		if !correct {
			e.Verdict.Answer = 0
		}
		return e
	}
	eps := []transcript.Episode{ep("a", 1, true), ep("b", 1, true), ep("c", 1, true), ep("d", 0, true), ep("e", -1, false)}
	f := Summarize("x", 1, eps).Cells[0].Reference
	if f == nil || f.Source != "agent" || f.Agent != "r" || f.UpperBound || f.Accuracy != 0.6 || f.NoAnswer != 1 {
		t.Fatalf("reference %+v; want agent r right on 60%%, one with no answer", f)
	}
	if f.Right.N != 3 || f.Right.Correct != 3 || f.Wrong.N != 2 || f.Wrong.Correct != 1 || f.Wrong.Accuracy != 0.5 {
		t.Errorf("right %+v wrong %+v; want 3/3 and 1/2", f.Right, f.Wrong)
	}
	// Each episode of its own question: Wilson over the episodes.
	if lo, hi := Wilson(1, 2); f.Wrong.CIMethod != MethodWilson || f.Wrong.CILow != nine(lo) || f.Wrong.CIHigh != nine(hi) {
		t.Errorf("wrong side's interval %+v; want Wilson's [%.4f, %.4f]", f.Wrong.Interval, lo, hi)
	}
	// A question judged three times (three exam-takers, both orders…):
	// its episodes are not independent, and the side's interval is over
	// its questions, as a breakdown part's.
	again := append(eps[:len(eps):len(eps)], ep("a", 1, false), ep("a", 1, false), ep("b", 1, true))
	if r := Summarize("x", 1, again).Cells[0].Reference.Right; r.N != 6 || r.CIMethod != MethodBootstrap {
		t.Errorf("right side with questions judged again: %+v; want 6 episodes, an interval over questions", r)
	}
	for i := range eps {
		eps[i].Reference = &transcript.Reference{Source: transcript.ReferenceGold, Answer: 1}
	}
	s := Summarize("x", 1, eps)
	md := markdownOf(t, s)
	if f := s.Cells[0].Reference; !f.UpperBound || !strings.Contains(md, "gold reference: upper bound") {
		t.Errorf("gold: %+v\n%s; want it marked an upper bound", f, md)
	}
	// The gold is never wrong: the judge's accuracy where it was has no
	// value in the CSV, not 0.
	csv := csvOf(t, s)
	rows, err := encodingcsv.NewReader(strings.NewReader(csv)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	right, wrong := slices.Index(rows[0], "accuracy_reference_right"), slices.Index(rows[0], "accuracy_reference_wrong")
	if right < 0 || wrong < 0 || rows[1][right] == "" || rows[1][wrong] != "" {
		t.Errorf("gold reference's CSV row:\n%q\n%q\nwant accuracy_reference_wrong empty, accuracy_reference_right set", rows[0], rows[1])
	}
}

// TestPooledGoldIsMarked: a pool of cells (moot table --by judge) whose
// references are an agent's and the gold, or the gold and none, is in
// part an upper bound, and its notes and CSV say so; a pool of agents'
// references alone is not.
func TestPooledGoldIsMarked(t *testing.T) {
	ep := func(protocol, q, source string) transcript.Episode {
		return transcript.Episode{Protocol: protocol, Kind: "direct", Task: "t", Judge: "j", QuestionID: q, CorrectAnswer: 1,
			Verdict: transcript.Verdict{Answer: 1, Slot: "A", Parse: "answer-line"}, Correct: true,
			Reference: &transcript.Reference{Source: source, Answer: 1}}
	}
	eps := []transcript.Episode{ep("agentref", "a", transcript.ReferenceAgent), ep("agentref", "b", transcript.ReferenceAgent),
		ep("gold", "a", transcript.ReferenceGold), ep("gold", "b", transcript.ReferenceGold)}
	// The gold pooled with a cell whose judge read no reference.
	plain := []transcript.Episode{ep("none", "a", ""), ep("none", "b", ""), eps[2], eps[3]}
	plain[0].Reference, plain[1].Reference = nil, nil
	for _, tt := range []struct {
		eps  []transcript.Episode
		want bool
	}{{eps, true}, {eps[:2], false}, {plain, true}} {
		s, err := SummarizeBy("x", 1, tt.eps, []string{"judge"})
		if err != nil {
			t.Fatal(err)
		}
		md := markdownOf(t, s)
		csv := csvOf(t, s)
		f := s.Cells[0].Reference
		marked := strings.Contains(md, "gold reference in part: in part an upper bound") && strings.Contains(csv, "mixed (gold in part: upper bound in part)")
		if f == nil || f.GoldInPart != tt.want || marked != tt.want || f.UpperBound {
			t.Errorf("%d episodes pooled: reference %+v, marked %v; want gold in part %v\n%s%s", len(tt.eps), f, marked, tt.want, md, csv)
		}
	}
}

// TestRatesRoundOnce: leniency and strictness are shown from their counts,
// rounded once: 177 of 188 reads 94.1%, not 94.2% from the summary's
// 0.9415; 16 of 562, 2.8%, not 2.9% from 0.0285.
func TestRatesRoundOnce(t *testing.T) {
	g := &Grading{WrongN: 188, Leniency: round4(177.0 / 188), RightN: 562, Strictness: round4(16.0 / 562)}
	if g.Leniency != 0.9415 || g.Strictness != 0.0285 {
		t.Fatalf("rounded %v, %v; the case needs 0.9415 and 0.0285", g.Leniency, g.Strictness)
	}
	s := Summary{Cells: []Cell{{Protocol: "grade", Kind: "grade", Task: "t", Judge: "j", N: 750, Grading: g}}}
	md := markdownOf(t, s)
	for _, want := range []string{"lenient 94.1%", "strict 2.8%"} {
		if !strings.Contains(md, want) {
			t.Errorf("table:\n%s\nwant %q", md, want)
		}
	}
	if got := RatePercent(0, 0); got != "n/a" {
		t.Errorf("RatePercent over nothing = %q; want n/a", got)
	}
}

// TestGradingTableRoundsOnce: the grading table's shares are shown from
// their counts, rounded once (23 of 34 right reads 67.6%, not 0.6765's
// 67.7%, as the cell's line reads it); with one exam-taker the cell's
// agreement, kappa, leniency, strictness and tau stand on its row, and
// there is no row (all).
func TestGradingTableRoundsOnce(t *testing.T) {
	g := &Grading{N: 34, Agreement: round4(23.0 / 34), Kappa: 0.1, KappaDefined: true, WrongN: 11, RightN: 23, Leniency: round4(1.0 / 11), Strictness: round4(3.0 / 23),
		ExamTakers: []ExamTaker{{Agent: "ace", N: 34, Right: 23, Said: 23, Accuracy: round4(23.0 / 34), Judged: round4(23.0 / 34)}}}
	var buf bytes.Buffer
	if err := WriteGrading(&buf, Summary{Cells: []Cell{{Protocol: "g", Task: "t", Judge: "j", Grading: g}}}, FormatMarkdown); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	if !strings.Contains(out, "| ace        | 34 | 67.6% |  67.6% |     67.6% |") || strings.Contains(out, "67.7%") || strings.Contains(out, "(all) |") {
		t.Errorf("grading table:\n%s\nwant 67.6%% three times on ace's row, rounded once, and no row (all)", out)
	}
	if !strings.Contains(out, "| 0.10 |    9.1% |  13.0% |") {
		t.Errorf("grading table:\n%s\nwant leniency 9.1%% and strictness 13.0%% on ace's row", out)
	}
}

// TestGradingTableKeepsTheGrouping: grouped by protocol and repeat, the
// table of exam-takers has the cells' key columns, so that each repeat's
// rows say which they are; without a Task column where the grouping has
// none.
func TestGradingTableKeepsTheGrouping(t *testing.T) {
	eps := handTable()
	again := handTable()
	for i := range again {
		again[i].Repeat = 1
		again[i].EpisodeID += "/r1"
	}
	s, err := SummarizeBy("x", 1, append(eps, again...), []string{FieldProtocol, FieldRepeat})
	if err != nil {
		t.Fatal(err)
	}
	var md strings.Builder
	if err := WriteGrading(&md, s, FormatMarkdown); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(md.String()), "\n")
	if !strings.HasPrefix(lines[0], "| Protocol | Repeat | Exam-taker |") {
		t.Fatalf("header %q; want the grouping's columns, Protocol and Repeat, then the exam-taker", lines[0])
	}
	repeats := map[string]int{}
	for _, l := range lines[2:] {
		if f := strings.Split(l, "|"); len(f) > 3 && strings.TrimSpace(f[3]) == "(all)" {
			repeats[strings.TrimSpace(f[2])]++
		}
	}
	if repeats["0"] != 1 || repeats["1"] != 1 {
		t.Errorf("rows (all) by repeat %v; want one of each repeat:\n%s", repeats, md.String())
	}
}

// TestLeniencyIntervalIsAPartsInterval: one exam-taker, each answer of a
// question of its own: leniency's and strictness's intervals are Wilson's
// over the answers. The same answers with every question asked twice (a
// repeat) are not independent: the intervals are drawn over the questions.
func TestLeniencyIntervalIsAPartsInterval(t *testing.T) {
	c, i := transcript.GradeCorrect, transcript.GradeIncorrect
	var eps []transcript.Episode
	// q0–q5 right, called incorrect at q0 and q1 (strict on 2 of 6);
	// q6–q9 wrong, called correct at q6 and q7 (lenient on 2 of 4).
	calls := []string{i, i, c, c, c, c, c, c, i, i}
	for q, call := range calls {
		eps = append(eps, graded(fmt.Sprint("q", q), "A", q < 6, call))
	}
	g := Summarize("x", 1, eps).Cells[0].Grading
	wilson := func(name string, got *Interval, hits, n int) {
		t.Helper()
		lo, hi := Wilson(hits, n)
		if got == nil || got.CIMethod != MethodWilson || math.Abs(got.CILow-lo) > 1e-6 || math.Abs(got.CIHigh-hi) > 1e-6 {
			t.Errorf("%s: %+v; want Wilson's over %d of %d, [%.4f, %.4f]", name, got, hits, n, lo, hi)
		}
	}
	wilson("leniency", g.LeniencyCI, 2, 4)
	wilson("strictness", g.StrictnessCI, 2, 6)
	twice := Summarize("x", 1, append(slices.Clone(eps), eps...)).Cells[0].Grading
	for name, ci := range map[string]*Interval{"leniency": twice.LeniencyCI, "strictness": twice.StrictnessCI} {
		if ci == nil || ci.CIMethod != MethodBootstrap {
			t.Errorf("%s with every question asked twice: %+v; want the bootstrap over questions", name, ci)
		}
	}
	// No wrong answer: no leniency, and no interval for it.
	if none := Summarize("x", 1, eps[:6]).Cells[0].Grading; none.WrongN != 0 || none.LeniencyCI != nil {
		t.Errorf("no wrong answer: leniency interval %+v; want none", none.LeniencyCI)
	}
}
