package analysis

import (
	"bytes"
	encodingcsv "encoding/csv"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/mootlab/moot/transcript"
)

// byHandOverSeeds checks f against each replicate's own value (want, in
// the order of the seeds) and their mean, SD and 95% interval worked out
// here: the mean, the SD with n − 1, and mean ± t·SD/√n with Student t's
// 97.5% point at n − 1 degrees of freedom (from a table), kept within
// [lo, hi].
func byHandOverSeeds(t *testing.T, name string, f *SeedFigure, want []float64, lo, hi float64) {
	t.Helper()
	if f == nil {
		t.Errorf("%s: no figure over seeds; want one of %v", name, want)
		return
	}
	t975 := map[int]float64{2: 12.706204736174705, 3: 4.302652729749464}[len(want)]
	var m, ss float64
	for _, x := range want {
		m += x / float64(len(want))
	}
	for _, x := range want {
		ss += (x - m) * (x - m)
	}
	sd := math.Sqrt(ss / float64(len(want)-1))
	half := t975 * sd / math.Sqrt(float64(len(want)))
	near := func(a, b float64) bool { return math.Abs(a-b) < 1e-9 }
	if fmt.Sprint(f.Values) != fmt.Sprint(want) || f.Replicates != len(want) {
		t.Errorf("%s: values %v over %d replicates; want %v", name, f.Values, f.Replicates, want)
	}
	if !near(f.Mean, m) || !near(f.SD, sd) || f.CIMethod != MethodReplicatesT ||
		!near(f.CILow, max(lo, m-half)) || !near(f.CIHigh, min(hi, m+half)) {
		t.Errorf("%s: mean %v, SD %v, CI [%v, %v] %s; want %v, %v, [%v, %v] %s", name, f.Mean, f.SD, f.CILow, f.CIHigh, f.CIMethod,
			m, sd, max(lo, m-half), min(hi, m+half), MethodReplicatesT)
	}
}

// flipped is handTable with the calls of the episodes at is turned over.
func flipped(is ...int) []transcript.Episode {
	eps := handTable()
	for _, i := range is {
		e := eps[i]
		call := transcript.GradeCorrect
		if e.Graded.Call == call {
			call = transcript.GradeIncorrect
		}
		eps[i] = graded(e.QuestionID, e.Graded.Agent, e.Graded.Answer == e.CorrectAnswer, call)
	}
	return eps
}

// TestReplicatedGradingByHand: a grading study at three seeds carries its
// agreement, κ, leniency, strictness and τ over the seeds, each the mean
// of the seeds' own values (from each seed's summary: seed 1's are
// handTable's, worked out by hand there) with the t interval over seeds.
func TestReplicatedGradingByHand(t *testing.T) {
	seeds := []uint64{1, 2, 3}
	z := NewReplicateSummarizer("x", seeds)
	for r, eps := range [][]transcript.Episode{handTable(), flipped(3), flipped(5, 6)} {
		for i := range eps {
			z.Add(r, &eps[i])
		}
	}
	var own [5][]float64
	for _, s := range z.Summaries() {
		g := s.Cells[0].Grading
		for i, x := range []float64{g.Agreement, g.Kappa, g.Leniency, g.Strictness, g.Tau} {
			own[i] = append(own[i], x)
		}
	}
	if own[1][0] != 0.5 || own[2][0] != nine(2.0/6) || own[4][0] != nine(1.0/3) {
		t.Fatalf("seed 1's κ %v, leniency %v, τ %v; want handTable's 0.5, 1/3, 1/3", own[1][0], own[2][0], own[4][0])
	}
	rs := z.Run().Replicates
	g := rs.Cells[0].Grading
	if g == nil {
		t.Fatal("the replicated cell has no grading")
	}
	for i, f := range []struct {
		name   string
		figure *SeedFigure
		lo     float64
	}{{"agreement", g.Agreement, 0}, {"κ", g.Kappa, -1}, {"leniency", g.Leniency, 0}, {"strictness", g.Strictness, 0}, {"τ", g.Tau, -1}} {
		byHandOverSeeds(t, f.name, f.figure, own[i], f.lo, 1)
	}
	var text bytes.Buffer
	if err := WriteReplicates(&text, rs, FormatMarkdown); err != nil {
		t.Fatal(err)
	}
	kappa := fmt.Sprintf("%.2f [%.2f, %.2f]", g.Kappa.Mean, g.Kappa.CILow, g.Kappa.CIHigh)
	if !strings.Contains(text.String(), " Agreement |") || !strings.Contains(text.String(), kappa) {
		t.Errorf("the tables have no grading across seeds with κ %s:\n%s", kappa, text.String())
	}
	if note := ReplicateNote(rs); !strings.Contains(note, "Judge studies") || !strings.Contains(note, MethodReplicatesT+" (Student t over the replicates") {
		t.Errorf("the note does not say how the judge-study figures are made: %s", note)
	}
	// table.csv has the seeds' table.csv's columns, with the means over
	// seeds and κ's interval over them.
	replicateCSVHas(t, rs, map[string]float64{"kappa": g.Kappa.Mean, "kappa_ci_low": g.Kappa.CILow, "leniency": g.Leniency.Mean, "tau_ci_high": g.Tau.CIHigh})
	// summary.json keeps four places, as each seed's has them.
	data, err := json.Marshal(rs.Cells[0])
	if err != nil {
		t.Fatal(err)
	}
	want := fmt.Sprintf(`"leniency":{"values":[0.3333,0.1667,0.5],"replicates":3,"mean":%v`, round4(g.Leniency.Mean))
	if !strings.Contains(string(data), want) {
		t.Errorf("summary.json's cell:\n%s\nwant %s", data, want)
	}
}

// TestReplicatedGradingAtSomeSeeds: a figure that one seed leaves
// undefined (strictness, where every answer was wrong) is over the seeds
// that have it, which it names; at one seed its interval is that seed's
// own, marked ‡ in the tables, which say at how many seeds it was.
func TestReplicatedGradingAtSomeSeeds(t *testing.T) {
	z := NewReplicateSummarizer("x", []uint64{1, 2})
	eps := handTable()
	for i := range eps {
		z.Add(0, &eps[i])
	}
	c, i := transcript.GradeCorrect, transcript.GradeIncorrect
	wrong := []transcript.Episode{graded("q1", "A", false, c), graded("q2", "A", false, i), graded("q1", "B", false, i)}
	for j := range wrong {
		z.Add(1, &wrong[j])
	}
	ownCI := *z.Summaries()[0].Cells[0].Grading.StrictnessCI
	rs := z.Run().Replicates
	s := rs.Cells[0].Grading.Strictness
	if s == nil || s.Replicates != 1 || fmt.Sprint(s.Seeds) != "[1]" || s.Interval != ownCI {
		t.Fatalf("strictness %+v; want seed 1's alone, with its own interval %+v", s, ownCI)
	}
	var text bytes.Buffer
	if err := WriteReplicates(&text, rs, FormatText); err != nil {
		t.Fatal(err)
	}
	if want := ReplicateCIText(ownCI.CILow, ownCI.CIHigh, ownCI.CIMethod, false) + " (1 seed)"; !strings.Contains(text.String(), want) {
		t.Errorf("the tables do not show strictness at one seed as %q:\n%s", want, text.String())
	}
}

// TestReplicatedReferenceAndPositionByHand: a judge that read an agent's
// reference and saw each question in both orders carries the reference
// split and its position bias over the seeds.
func TestReplicatedReferenceAndPositionByHand(t *testing.T) {
	seeds := []uint64{1, 2, 3}
	z := NewReplicateSummarizer("x", seeds)
	// Seed r: question q's reference is right for q < refRight[r]; the
	// judge is right in both orders on q < bothRight[r], in slot A in
	// both orders on the rest.
	refRight, bothRight := []int{2, 3, 1}, []int{1, 2, 3}
	for r := range seeds {
		for q := range 4 {
			qid := fmt.Sprintf("s%dq%d", r, q)
			for _, order := range []string{"correct-first", "correct-second"} {
				answer := 0
				if q >= bothRight[r] && order == "correct-second" {
					answer = 1 // slot A, which shows the wrong answer
				}
				e := episode("d", "direct", "t", "j", qid, order, answer, "")
				e.Reference = &transcript.Reference{Source: transcript.ReferenceAgent, Agent: "w", Answer: 1}
				if q < refRight[r] {
					e.Reference.Answer = 0
				}
				z.Add(r, &e)
			}
		}
	}
	var refAcc, right, wrong, consistency, first []float64
	for _, s := range z.Summaries() {
		f, p := s.Cells[0].Reference, s.Cells[0].Position
		refAcc, right, wrong = append(refAcc, f.Accuracy), append(right, f.Right.Accuracy), append(wrong, f.Wrong.Accuracy)
		consistency, first = append(consistency, p.Consistency), append(first, *p.FirstSlotPreference)
	}
	// Seed 1 by hand: 2 of 4 references right; 1 of 4 questions right in
	// both orders, the others in slot A both times: consistent 1 of 4,
	// slot A in 3 + 4 of 8 verdicts.
	if refAcc[0] != 0.5 || consistency[0] != 0.25 || first[0] != nine(7.0/8) {
		t.Fatalf("seed 1: reference right %v, consistency %v, first slot %v; want 0.5, 0.25, 7/8", refAcc[0], consistency[0], first[0])
	}
	c := z.Run().Replicates.Cells[0]
	if c.Reference == nil || c.Position == nil {
		t.Fatalf("cell %+v; want its reference and position bias over the seeds", c)
	}
	byHandOverSeeds(t, "reference right", c.Reference.Accuracy, refAcc, 0, 1)
	byHandOverSeeds(t, "judge, reference right", c.Reference.Right, right, 0, 1)
	byHandOverSeeds(t, "judge, reference wrong", c.Reference.Wrong, wrong, 0, 1)
	byHandOverSeeds(t, "consistency", c.Position.Consistency, consistency, 0, 1)
	byHandOverSeeds(t, "first slot", c.Position.FirstSlotPreference, first, 0, 1)
	if len(c.Position.PairAccuracy) == 0 || c.Position.PairAccuracy[0].Rule != RuleInconsistentWrong {
		t.Errorf("pair accuracy %+v; want %s first", c.Position.PairAccuracy, RuleInconsistentWrong)
	} else {
		byHandOverSeeds(t, "pair accuracy", c.Position.PairAccuracy[0].Accuracy, consistency, 0, 1) // right twice or slot A twice
	}
}

// TestFigureAtOneValueSpansTheSeedsIntervals: where every seed gave one
// value, the spread over seeds says nothing; the interval is the span of
// the seeds' own, as a replicated Elo rating's is, marked ‡; a figure of
// no interval of its own (agreement) then has none.
func TestFigureAtOneValueSpansTheSeedsIntervals(t *testing.T) {
	var v, bare seedValues
	v.add(1, 0.5, &Interval{CILow: 0.2, CIHigh: 0.6, CIMethod: MethodBootstrap})
	v.add(2, 0.5, &Interval{CILow: 0.3, CIHigh: 0.7, CIMethod: MethodBootstrap})
	bare.add(1, 0.5, nil)
	bare.add(2, 0.5, nil)
	f := v.figure([]uint64{1, 2}, 0, 1)
	if want := (Interval{CILow: 0.2, CIHigh: 0.7, CIMethod: MethodBootstrap}); f.Interval != want || f.Mean != 0.5 || f.SD != 0 {
		t.Errorf("figure %+v; want mean 0.5, SD 0, interval %+v", f, want)
	}
	if got := f.text(true, 2); got != "50.0% [20.0, 70.0] ‡" {
		t.Errorf("as a table shows it: %q; want %q", got, "50.0% [20.0, 70.0] ‡")
	}
	if b := bare.figure([]uint64{1, 2}, 0, 1); b.CIMethod != "" || b.text(true, 2) != "50.0%" {
		t.Errorf("figure with no interval of its own: %+v, shown %q; want no interval", b, b.text(true, 2))
	}
}

// TestReplicatedExamTakersByHand: a grading study at three seeds carries
// each exam-taker's true and judged accuracy over the seeds, and the
// shares of all answers right and called correct, from handTable (seed
// 1: A 3/4 true, 4/4 judged; B 2/4, 1/4; C 1/4, 2/4; 6 of 12 answers
// right, 7 called correct), with A's q4 called incorrect at seed 2 (A
// judged 3/4, 6 called correct) and B's q2 and q3 called correct at seed
// 3 (B judged 3/4, 9 called correct). A figure every seed gives alike
// has that value and no interval; the others the t interval over seeds.
func TestReplicatedExamTakersByHand(t *testing.T) {
	z := NewReplicateSummarizer("x", []uint64{1, 2, 3})
	for r, eps := range [][]transcript.Episode{handTable(), flipped(3), flipped(5, 6)} {
		for i := range eps {
			z.Add(r, &eps[i])
		}
	}
	rs := z.Run().Replicates
	g := rs.Cells[0].Grading
	same := func(name string, f *SeedFigure, want float64) {
		t.Helper()
		if f == nil || fmt.Sprint(f.Values) != fmt.Sprint([]float64{want, want, want}) || f.Mean != want || f.SD != 0 || f.CIMethod != "" {
			t.Errorf("%s: %+v; want %v at each seed, no interval", name, f, want)
		}
	}
	same("base rate", g.BaseRate, 0.5)
	byHandOverSeeds(t, "said correct", g.SaidCorrect, []float64{nine(7.0 / 12), 0.5, 0.75}, 0, 1)
	want := []struct {
		agent  string
		right  float64
		judged []float64
	}{{"A", 0.75, []float64{1, 0.75, 1}}, {"B", 0.5, []float64{0.25, 0.25, 0.75}}, {"C", 0.25, nil}}
	if len(g.ExamTakers) != len(want) {
		t.Fatalf("exam-takers %+v; want A, B, C", g.ExamTakers)
	}
	for i, w := range want {
		e := g.ExamTakers[i]
		if e.Agent != w.agent {
			t.Errorf("exam-taker %d is %s; want %s", i, e.Agent, w.agent)
		}
		same(w.agent+"'s true accuracy", e.Accuracy, w.right)
		if w.judged == nil {
			same(w.agent+"'s judged accuracy", e.Judged, 0.5)
		} else {
			byHandOverSeeds(t, w.agent+"'s judged accuracy", e.Judged, w.judged, 0, 1)
		}
	}
	// The tables have them, a row an exam-taker and one (all), its
	// name before the seeds.
	var text bytes.Buffer
	if err := WriteReplicates(&text, rs, FormatMarkdown); err != nil {
		t.Fatal(err)
	}
	tables := strings.Join(strings.Fields(text.String()), " ")
	for _, row := range []string{"| A | 3 | 75.0% | 91.7% [", "| C | 3 | 25.0% | 50.0% |", "| (all) | 3 | 50.0% | 61.1% ["} {
		if !strings.Contains(tables, row) {
			t.Errorf("the exam-takers across seeds have no row %q:\n%s", row, text.String())
		}
	}
}

// TestReplicatedCalibrationByHand: a judge's calibration over three
// seeds, four verdicts each: at seed 1 all at 0.75 with three right (ECE
// 0, Brier (3·¼² + ¾²)/4 = 0.1875), at seed 2 all at 0.75 with two right
// (ECE |½ − ¾| = 0.25, Brier (2·¼² + 2·¾²)/4 = 0.3125), at seed 3 all at
// ½ with two right (ECE 0, Brier ¼). Each is a figure over seeds with its
// t interval, in the tables and table.csv.
func TestReplicatedCalibrationByHand(t *testing.T) {
	z := NewReplicateSummarizer("x", []uint64{1, 2, 3})
	for r, seed := range []struct {
		p     float64
		right int
	}{{0.75, 3}, {0.75, 2}, {0.5, 2}} {
		for i := range 4 {
			answer := 0
			if i >= seed.right {
				answer = 1
			}
			e := episode("naive", "direct", "t", "j", fmt.Sprint("q", i), "", answer, "")
			e.Verdict.Probability = seed.p
			z.Add(r, &e)
		}
	}
	rs := z.Run().Replicates
	k := rs.Cells[0].Calibration
	if k == nil {
		t.Fatal("the replicated cell has no calibration")
	}
	byHandOverSeeds(t, "ECE", k.ECE, []float64{0, 0.25, 0}, 0, 1)
	byHandOverSeeds(t, "Brier", k.Brier, []float64{0.1875, 0.3125, 0.25}, 0, 1)
	var text bytes.Buffer
	if err := WriteReplicates(&text, rs, FormatMarkdown); err != nil {
		t.Fatal(err)
	}
	ece := fmt.Sprintf("| %.3f [%.3f, %.3f] |", k.ECE.Mean, k.ECE.CILow, k.ECE.CIHigh)
	if tables := strings.Join(strings.Fields(text.String()), " "); !strings.Contains(tables, "| ECE | Brier |") || !strings.Contains(tables, ece) {
		t.Errorf("the tables have no calibration across seeds with ECE %s:\n%s", ece, text.String())
	}
	replicateCSVHas(t, rs, map[string]float64{"ece": k.ECE.Mean, "ece_ci_high": k.ECE.CIHigh, "brier": k.Brier.Mean, "brier_ci_low": k.Brier.CILow})
}

// replicateCSVHas checks that rs's table.csv has, in its first cell's row,
// each column of want at its value.
func replicateCSVHas(t *testing.T, rs *ReplicateSummary, want map[string]float64) {
	t.Helper()
	var csv bytes.Buffer
	if err := WriteReplicatesCSV(&csv, rs); err != nil {
		t.Fatal(err)
	}
	rows, err := encodingcsv.NewReader(&csv).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for col, w := range want {
		if i := slices.Index(rows[0], col); i < 0 || rows[1][i] != ftoa(w) {
			t.Errorf("table.csv's %s: header %q, row %q; want %s", col, rows[0], rows[1], ftoa(w))
		}
	}
}
