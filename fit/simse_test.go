package fit

import (
	"context"
	"fmt"
	"maps"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/mootlab/moot/transcript"
)

// countEpisodes counts eps as an evaluation's run does, its SE set.
func countEpisodes(t *testing.T, eps []transcript.Episode) Outcome {
	t.Helper()
	out := Outcome{}
	ct := &counter{out: out}
	for i := range eps {
		if err := ct.Episode(&eps[i], false); err != nil {
			t.Fatal(err)
		}
	}
	ct.setSE()
	return out
}

// TestCountSEKeepsTasksApart: a question is a unit of its task: two tasks
// whose questions share their ids (q1 and q2 of each) are four units, not
// two. Task a gets q1 right twice and q2 wrong twice, b the reverse: p =
// 1/2, Σ (C_u − 2p)² = 4, SE = √(4/3 · 4) / 8; the two ids pooled across
// tasks (2 of 4 each) would give 0.
func TestCountSEKeepsTasksApart(t *testing.T) {
	var eps []transcript.Episode
	for i, c := range []struct {
		task, q string
		correct bool
	}{{"a", "q1", true}, {"a", "q1", true}, {"a", "q2", false}, {"a", "q2", false},
		{"b", "q1", false}, {"b", "q1", false}, {"b", "q2", true}, {"b", "q2", true}} {
		eps = append(eps, transcript.Episode{EpisodeID: fmt.Sprint(i), Protocol: "debate", Task: c.task, Assignment: "x", QuestionID: c.q, Correct: c.correct})
	}
	got, _ := countEpisodes(t, eps).Of(Target{Protocol: "debate"})
	if want := math.Sqrt(16.0/3) / 8; !(math.Abs(got.SE-want) <= 1e-12) {
		t.Errorf("SE %v; want %v, each task's questions units of their own", got.SE, want)
	}
}

// TestCountSESameAtEveryRun: the SE sums its units' terms in the units'
// order, so that a count, and a fit from it, is the same to the last
// digit at every run: 60 questions of uneven tallies give, at every one of
// 20 counts, the sum taken in order (a map's order differs from one count
// to the next, and a float sum with it).
func TestCountSESameAtEveryRun(t *testing.T) {
	var eps []transcript.Episode
	tally := map[string][2]int{}
	for q := range 60 {
		name := fmt.Sprintf("q%02d", q)
		for e := range 1 + q%4 {
			correct := (q*7+e*3)%5 < 2
			eps = append(eps, transcript.Episode{EpisodeID: fmt.Sprint(q, "-", e), Protocol: "debate", Task: "qa", Assignment: "x", QuestionID: name, Correct: correct})
			tl := tally["qa\x00"+name]
			tl[0]++
			if correct {
				tl[1]++
			}
			tally["qa\x00"+name] = tl
		}
	}
	first, _ := countEpisodes(t, eps).Of(Target{Protocol: "debate"})
	p := first.Accuracy()
	var ss float64
	for _, name := range slices.Sorted(maps.Keys(tally)) {
		d := float64(tally[name][1]) - float64(tally[name][0])*p
		ss += d * d
	}
	want := math.Sqrt(60.0/59*ss) / float64(first.N)
	for range 20 {
		if got, _ := countEpisodes(t, eps).Of(Target{Protocol: "debate"}); got.SE != want {
			t.Fatalf("SE %v; want %v to the last digit, the units summed in their order", got.SE, want)
		}
	}
}

// TestFitRedrawsWithTheSimsSE: a fit's residual holds the sim's SE at the
// fit (the count's at the fitted setting), and the refits redraw with it:
// a target of a half-width of 0.001 at the sim's own accuracy moved the
// refits by a hundredth of a point, where the sim's SE over 60 questions
// (about 6 points) moves the judge's skill well apart.
func TestFitRedrawsWithTheSimsSE(t *testing.T) {
	m, ctx := recoverModel(t), context.Background()
	params := []Parameter{{Name: "agents.judge.skill", Min: 0, Max: 1, Start: 0.5, Line: 1}}
	fitTo := simTargets(t, m, params, []float64{0.5}, 0.001, "truth", Condition{"with-article", "", ""})
	res, err := Fit(ctx, m, &Targets{Path: "generated", Parameters: params, Evaluations: 6, Bootstrap: 6, Seed: 1, Fit: fitTo})
	if err != nil {
		t.Fatal(err)
	}
	at, err := m.Evaluate(ctx, params, []float64{res.Parameters[0].Value})
	if err != nil {
		t.Fatal(err)
	}
	c, _ := at.Of(fitTo[0])
	if r := res.Residuals[0]; r.SimSE <= 0 || r.SimSE != c.SE {
		t.Errorf("residual's sim SE %v; want the count's at the fit, %v (above 0)", r.SimSE, c.SE)
	}
	if e := res.Parameters[0]; e.High-e.Low < 0.02 {
		t.Errorf("skill over the refits [%v, %v]; want them spread by the sim's SE", e.Low, e.High)
	}
}

// TestNoisiestIsAMovedTarget: the note names the noisiest target some
// setting moved, whatever the order: a noisier unmoved one before it or
// after it is passed over.
func TestNoisiestIsAMovedTarget(t *testing.T) {
	res := &Result{Bootstrap: 20, Residuals: []Residual{
		{Target: Target{Protocol: "naive"}, SimSE: 0.05, Unmoved: true},
		{Target: Target{Protocol: "debate"}, SimSE: 0.031},
		{Target: Target{Protocol: "with-article"}, SimSE: 0.012},
		{Target: Target{Protocol: "consultancy"}, SimSE: 0.06, Unmoved: true},
	}}
	text := written(t, res, "text")
	if want := "(sim_se in JSON; the largest 3.1 points, debate)"; !strings.Contains(text, want) {
		t.Errorf("notes\n%s\nwant %q", text, want)
	}
}

// TestCoarseSaysTheRedrawSD: a coarse target's note gives the SD its
// refits redraw it with, √(SE² + sim_se²): an SE of 10.2 points and a sim
// SE of 5 give 11.4; a target none judged (n 0) is not called coarse.
func TestCoarseSaysTheRedrawSD(t *testing.T) {
	res := &Result{Bootstrap: 5, Residuals: []Residual{
		{Target: Target{Protocol: "few", Accuracy: 0.4, CILow: 0.2, CIHigh: 0.6}, N: 13, SimSE: 0.05},
		{Target: Target{Protocol: "none", Accuracy: 0.4, CILow: 0.3, CIHigh: 0.5}, Empty: true},
	}}
	text := written(t, res, "text")
	if !strings.Contains(text, "few is judged on 13 episodes at the fit, a step of 7.7 points against a redraw SD of 11.4") ||
		strings.Contains(text, "none is judged") {
		t.Errorf("text:\n%s\nwant few coarse against a redraw SD of 11.4, none not named", text)
	}
}

// TestRedrawUsesEachTargetsSimSE: each target is redrawn with its own
// sim SE: of two targets of SE 0.03, the one whose sim SE is 0.04 is
// drawn with SD 0.05, the other (none) with 0.03.
func TestRedrawUsesEachTargetsSimSE(t *testing.T) {
	half := 0.03 * 1.959963984540054
	tg := Target{Accuracy: 0.5, CILow: 0.5 - half, CIHigh: 0.5 + half}
	fitted := []Residual{{}, {SimSE: 0.04}}
	r := rand.New(rand.NewPCG(5, 6))
	var ss [2]float64
	const n = 4000
	for range n {
		for i, g := range redraw(r, []Target{tg, tg}, fitted) {
			ss[i] += (g - 0.5) * (g - 0.5)
		}
	}
	for i, want := range []float64{0.03, 0.05} {
		if sd := math.Sqrt(ss[i] / n); math.Abs(sd-want) > 0.003 {
			t.Errorf("target %d drawn with SD %.4f; want %v", i, sd, want)
		}
	}
}

// TestEpisodeWithoutAssignmentCountedOnce: a record with no assignment is
// counted once at the protocol's level and with its task, not again as if
// its assignment ("") were each of those.
func TestEpisodeWithoutAssignmentCountedOnce(t *testing.T) {
	out := Outcome{}
	c := &counter{out: out}
	ep := transcript.Episode{EpisodeID: "e", Protocol: "debate", Task: "qa", QuestionID: "q", Correct: true}
	if err := c.Episode(&ep, false); err != nil {
		t.Fatal(err)
	}
	for _, tg := range []Target{{Protocol: "debate"}, {Protocol: "debate", Task: "qa"}} {
		if got, _ := out.Of(tg); got.N != 1 || got.Correct != 1 {
			t.Errorf("%s: %+v; want 1 judged, 1 correct", tg.Name(), got)
		}
	}
}

// TestZWithSimCountsBothSEs: a miss of 12 points against a target of 48%
// [42%, 54%] (SE 3.06 points) by a sim whose own SE is 4.8 points is z
// −3.92 as the objective weighs it and −2.11 against both: −0.12 /
// √(0.0306² + 0.048²). The objective sums the first alone.
func TestZWithSimCountsBothSEs(t *testing.T) {
	tg := Target{Protocol: "naive", Accuracy: 0.48, CILow: 0.42, CIHigh: 0.54}
	rs, f := residuals([]Target{tg}, Outcome{{Protocol: "naive"}: {N: 100, Correct: 36, SE: 0.048}})
	se := 0.06 / 1.959963984540054
	r := rs[0]
	if want := -0.12 / se; math.Abs(r.Z-want) > 1e-9 || math.Abs(f-want*want) > 1e-9 {
		t.Errorf("z %v, objective %v; want %v, %v", r.Z, f, want, want*want)
	}
	if want := -0.12 / math.Sqrt(se*se+0.048*0.048); math.Abs(r.ZWithSim-want) > 1e-9 || math.Abs(want+2.11) > 0.01 {
		t.Errorf("z with sim %v; want %v (−2.11)", r.ZWithSim, want)
	}
}

// TestNotesSayWhatZWithSimIs: the notes under the parameters' table, in
// text and Markdown, say what the residuals' two z columns divide by: z
// the target's SE (as Σz² weighs it), z with sim √(SE² + sim_se²).
func TestNotesSayWhatZWithSimIs(t *testing.T) {
	for _, format := range []string{"text", "markdown"} {
		text := written(t, writtenResult(0), format)
		for _, want := range []string{"z is Δ over the target's SE, as Σz² weighs it", "z with sim is Δ over √(SE² + sim_se²)"} {
			if !strings.Contains(text, want) {
				t.Errorf("%s: notes without %q:\n%s", format, want, text)
			}
		}
	}
}
