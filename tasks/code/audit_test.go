package code_test

import (
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/mootlab/moot/tasks"
	"github.com/mootlab/moot/tasks/code"
	"github.com/mootlab/moot/tasks/taskstest"
)

// TestComparisonsAtTheBoundary: each comparison gives 1 or 0, and <= and
// >= hold where the two sides are equal, < and > do not.
func TestComparisonsAtTheBoundary(t *testing.T) {
	f, err := code.Parse("func f(n) { return (n <= 3) + (n >= 3) * 10 + (n < 3) * 100 + (n > 3) * 1000 }")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ arg, want int64 }{{3, 11}, {2, 101}, {4, 1010}} {
		if tr, err := code.Run(f, c.arg, code.Options{}); err != nil || tr.Result != c.want {
			t.Errorf("f(%d) = %v, %v; want %d", c.arg, tr, err, c.want)
		}
	}
}

var callOf = regexp.MustCompile(`(\w+)\((\d+)\)`)

// outputRun is a generated output question's program run here: its trace,
// the distractor, and what the reader slipping on the last pass's if, or
// returning the other variable, would give.
type outputRun struct {
	twoVars                    bool
	wrong, flipped, otherFinal int64
}

func runQuestion(t *testing.T, q tasks.Question) outputRun {
	t.Helper()
	f, err := code.Parse(q.Exhibit)
	if err != nil {
		t.Fatalf("%s: %v", q.ID, err)
	}
	m := callOf.FindStringSubmatch(q.Text)
	arg, _ := strconv.ParseInt(m[2], 10, 64)
	tr, err := code.Run(f, arg, code.Options{})
	if err != nil || strconv.FormatInt(tr.Result, 10) != q.Answers[q.Correct] {
		t.Fatalf("%s: the program gives %v, %v; the correct answer is %s", q.ID, tr, err, q.Answers[q.Correct])
	}
	r := outputRun{twoVars: strings.Count(q.Exhibit, "let ") == 2, flipped: -1, otherFinal: -1}
	r.wrong, _ = strconv.ParseInt(q.Answers[1-q.Correct], 10, 64)
	if n := len(tr.Passes); n > 0 {
		if fl, err := code.Run(f, arg, code.Options{FlipIf: n}); err == nil && strings.Contains(q.Exhibit, "if ") {
			r.flipped = fl.Result
		}
		returned := regexp.MustCompile(`return (\w+)`).FindStringSubmatch(q.Exhibit)[1]
		for _, b := range tr.Passes[n-1].After {
			if b.Name != returned && b.Name != "i" && r.twoVars {
				r.otherFinal = b.Value
			}
		}
	}
	return r
}

// TestHarderProgramsKeepASecondVariable: a program keeps a second
// variable with chance 0.3 + 0.6·d (d the question's difficulty, drawn
// within 0.15 of the mean and clipped to [0, 1], so about 0.04 at mean 0
// and 0.96 at 1): about 32% at difficulty 0, 88% at 1.
func TestHarderProgramsKeepASecondVariable(t *testing.T) {
	share := func(d float64) float64 {
		n := 0
		for _, q := range generate(t, d, 5, 400) {
			if runQuestion(t, q).twoVars {
				n++
			}
		}
		return float64(n) / 400
	}
	if easy, hard := share(0), share(1); easy < 0.24 || easy > 0.42 || hard < 0.8 || hard > 0.95 {
		t.Errorf("two variables in %.0f%% of programs at difficulty 0 and %.0f%% at 1; want about 32%% and 88%%", 100*easy, 100*hard)
	}
}

// TestDistractorSlips: the distractor is at times the other variable
// returned (of two-variable programs, at difficulty 0, where that slip
// is likeliest), and harder questions lean to the misjudged branch: the
// last pass's if taken the other way gives the distractor far more often
// at difficulty 1 (odds 1.6 against 1.0, 1.0, 0.4, and nearly every
// program has an if) than at 0 (odds 0.4 against 0.9, 0.9, 1.2, an if in
// about 42%): the odds alone make it over three times as often.
func TestDistractorSlips(t *testing.T) {
	other, two := 0, 0
	flips := [2]int{}
	for i, d := range []float64{0, 1} {
		for _, q := range generate(t, d, 6, 600) {
			r := runQuestion(t, q)
			if r.wrong == r.flipped {
				flips[i]++
			}
			if d == 0 && r.twoVars {
				two++
				if r.wrong == r.otherFinal {
					other++
				}
			}
		}
	}
	if other*10 < two {
		t.Errorf("the other variable's value is the distractor in %d of %d two-variable programs; want at least a tenth", other, two)
	}
	if flips[1] < 60 || flips[1] < 3*flips[0] {
		t.Errorf("a misjudged last if gives the distractor in %d of 600 questions at difficulty 0 and %d at 1; want three times as many at 1", flips[0], flips[1])
	}
}

// disagreeing is the share of inputs 1 to 30 on which a spec question's
// two functions return different values (both run here), of those both
// run on.
func disagreeing(t *testing.T, q tasks.Question) float64 {
	t.Helper()
	fns := map[string]*code.Func{}
	for _, part := range strings.Split(q.Exhibit, "func ")[1:] {
		f, err := code.Parse("func " + part)
		if err != nil {
			t.Fatalf("%s: %v", q.ID, err)
		}
		fns[f.Name] = f
	}
	good, bad := fns[q.Answers[q.Correct]], fns[q.Answers[1-q.Correct]]
	if good == nil || bad == nil {
		t.Fatalf("%s: answers %v; want the exhibit's two functions", q.ID, q.Answers)
	}
	differ, ran := 0, 0
	for n := int64(1); n <= 30; n++ {
		g, err1 := code.Run(good, n, code.Options{})
		b, err2 := code.Run(bad, n, code.Options{})
		if err1 != nil || err2 != nil {
			continue
		}
		ran++
		if g.Result != b.Result {
			differ++
		}
	}
	return float64(differ) / float64(max(ran, 1))
}

// TestHarderSpecsLeanToTheCloseBug: harder spec questions lean to the
// close bug, which shows on fewer inputs (spec.go), so the buggy function
// disagrees with the correct one on fewer inputs at difficulty 1 than at
// 0.
func TestHarderSpecsLeanToTheCloseBug(t *testing.T) {
	mean := func(d float64) float64 {
		g := taskstest.New(t, code.New, code.Settings{Difficulty: d, Kind: code.KindSpec})
		sum := 0.0
		qs := taskstest.Generate(t, g, 4, 300)
		for _, q := range qs {
			sum += disagreeing(t, q)
		}
		return sum / float64(len(qs))
	}
	easy, hard := mean(0), mean(1)
	if hard >= easy-0.05 {
		t.Errorf("the buggy function disagrees on %.0f%% of inputs 1 to 30 at difficulty 0 and %.0f%% at 1; want fewer at 1", 100*easy, 100*hard)
	}
}
