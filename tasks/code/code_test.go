package code_test

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/mootlab/moot/internal/reading"
	"github.com/mootlab/moot/tasks"
	"github.com/mootlab/moot/tasks/code"
	"github.com/mootlab/moot/tasks/taskstest"
	"github.com/mootlab/moot/transcript"
)

func generate(t *testing.T, d float64, seed uint64, n int) []tasks.Question {
	t.Helper()
	return taskstest.Generate(t, taskstest.New(t, code.New, code.Settings{Difficulty: d}), seed, n)
}

// TestTrueClaimsByTheirWords: a pass that names the result too is not
// the wrong side's claim.
func TestTrueClaimsByTheirWords(t *testing.T) {
	for _, d := range []float64{0, 0.5, 1} {
		taskstest.CheckTrueClaimsByTheirWords(t, generate(t, d, 3, 500))
	}
}

func TestGeneratorContract(t *testing.T) {
	for _, kind := range []string{code.KindOutput, code.KindSpec, code.KindMixed} {
		g := taskstest.New(t, code.New, code.Settings{Difficulty: 0.5, Kind: kind})
		t.Run(kind, func(t *testing.T) { taskstest.Conform(t, g, "code-%d-%04d", transcript.FamilyCode) })
	}
}

func TestFactory(t *testing.T) {
	factory := taskstest.Factory(t, "code")
	decode := taskstest.Decoder
	if _, err := factory(decode("difficulty: 0.3\n")); err != nil {
		t.Errorf("factory(difficulty: 0.3): got error %v; want nil", err)
	}
	for _, bad := range []string{"difficulty: 1.5\n", "difficulty: .nan\n", "steps: 3\n"} {
		g, err := factory(decode(bad))
		if err == nil || g != nil {
			t.Errorf("factory(%q): got %v, %v; want a nil generator and an error", bad, g, err)
		}
	}
	if _, err := code.New(code.Settings{Difficulty: -0.1}); err == nil || !strings.Contains(err.Error(), "difficulty") {
		t.Errorf("New(difficulty -0.1): got %v; want an error naming difficulty", err)
	}
}

var (
	startRe = regexp.MustCompile(`^(\w+)\((\d+)\) starts with (.+)\.$`)
	passRe  = regexp.MustCompile(`^Pass (\w+) = (\d+): (the if (holds|fails), so )?(.+)\.$`)
	finalRe = regexp.MustCompile(`^The loop ends after (\w+) = (\d+), so (\w+)\((\d+)\) returned (\d+)\.$`)
	bindRe  = regexp.MustCompile(`(\w+) = (\d+)`)
)

func parseBindings(t *testing.T, s string) map[string]int64 {
	t.Helper()
	out := map[string]int64{}
	for _, m := range bindRe.FindAllStringSubmatch(s, -1) {
		v, _ := strconv.ParseInt(m[2], 10, 64)
		out[m[1]] = v
	}
	return out
}

// TestTraceIsCheckable reads every question's hidden trace as a checker
// would: each pass sentence must follow from the one before it by running
// the loop body once, and the closing sentence must state the returned
// variable's last value as the result — the correct answer.
func TestTraceIsCheckable(t *testing.T) {
	for _, d := range []float64{0, 0.5, 1} {
		for _, q := range generate(t, d, 3, 60) {
			fn, err := code.Parse(q.Exhibit)
			if err != nil {
				t.Fatalf("%s: the exhibit does not parse: %v", q.ID, err)
			}
			var loop *code.For
			var ret string
			for _, s := range fn.Body {
				switch s := s.(type) {
				case *code.For:
					loop = s
				case *code.Return:
					ret = code.FormatExpr(s.Value)
				}
			}
			sentences := reading.Sentences(q.Context)
			m := startRe.FindStringSubmatch(sentences[0])
			if m == nil || m[1] != fn.Name {
				t.Fatalf("%s: opening sentence %q", q.ID, sentences[0])
			}
			state := parseBindings(t, m[3])
			arg, _ := strconv.ParseInt(m[2], 10, 64)
			state[fn.Param] = arg
			for _, s := range sentences[1 : len(sentences)-1] {
				pm := passRe.FindStringSubmatch(s)
				if pm == nil {
					t.Fatalf("%s: pass sentence %q", q.ID, s)
				}
				i, _ := strconv.ParseInt(pm[2], 10, 64)
				// One pass of the body from the stated values.
				var lets []code.Stmt
				for name, v := range state {
					if name != fn.Param && name != pm[1] {
						lets = append(lets, &code.Let{Name: name, Value: &code.Num{Value: v}})
					}
				}
				once := &code.For{Var: pm[1], From: &code.Num{Value: i}, To: &code.Num{Value: i + 1}, Body: loop.Body}
				check := &code.Func{Name: "check", Param: fn.Param, Body: append(lets, once, &code.Return{Value: &code.Num{Value: 0}})}
				tr, err := code.Run(check, state[fn.Param], code.Options{})
				if err != nil {
					t.Fatalf("%s: rerunning %q: %v", q.ID, s, err)
				}
				pass := tr.Passes[0]
				if (pm[3] != "") != (len(pass.Branches) > 0) || (len(pass.Branches) > 0 && pass.Branches[0] != (pm[4] == "holds")) {
					t.Errorf("%s: %q misstates the branch (ran %v)", q.ID, s, pass.Branches)
				}
				stated := parseBindings(t, pm[5])
				for _, b := range pass.After {
					if b.Name == fn.Param || b.Name == pm[1] {
						continue
					}
					if stated[b.Name] != b.Value {
						t.Errorf("%s: %q states %s = %d; running the body gives %d", q.ID, s, b.Name, stated[b.Name], b.Value)
					}
					state[b.Name] = b.Value
				}
			}
			fm := finalRe.FindStringSubmatch(sentences[len(sentences)-1])
			if fm == nil {
				t.Fatalf("%s: closing sentence %q", q.ID, sentences[len(sentences)-1])
			}
			if want := strconv.FormatInt(state[ret], 10); fm[5] != want || q.Answers[q.Correct] != want {
				t.Errorf("%s: closing sentence says %s, correct answer %s; the trace's %s is %s", q.ID, fm[5], q.Answers[q.Correct], ret, want)
			}
			tr, err := code.Run(fn, arg, code.Options{})
			if err != nil || strconv.FormatInt(tr.Result, 10) != q.Answers[q.Correct] {
				t.Errorf("%s: running the exhibit gives %v (%v); the correct answer is %s", q.ID, tr, err, q.Answers[q.Correct])
			}
		}
	}
}

func TestQuestions(t *testing.T) {
	qs := generate(t, 0.5, 1, 300)
	ids := map[string]bool{}
	finals := map[string]int{}
	for _, q := range qs {
		if ids[q.ID] {
			t.Errorf("duplicate id %s", q.ID)
		}
		ids[q.ID] = true
		if q.Family != transcript.FamilyCode || q.ContextShared {
			t.Errorf("%s: family %q, shared %v; want code, hidden", q.ID, q.Family, q.ContextShared)
		}
		cs, ws := q.Answers[q.Correct], q.Answers[1-q.Correct]
		if cs == ws {
			t.Errorf("%s: both answers are %s", q.ID, cs)
		}
		for _, shown := range []string{q.Text, q.Exhibit} {
			if reading.Mentions(shown, cs) || reading.Mentions(shown, ws) {
				t.Errorf("%s: an answer can be read off %q", q.ID, shown)
			}
		}
		key := reading.KeyTerms(q.Text)
		var sound int
		for _, c := range q.Evidence {
			inTrace := strings.Contains(q.Context, c.Text)
			relevant := reading.Missing(key, c.Text) == 0
			if !reading.Mentions(c.Text, q.Answers[c.Answer]) {
				t.Errorf("%s: claim %q does not mention its answer %s", q.ID, c.Text, q.Answers[c.Answer])
			}
			switch {
			case !inTrace: // invented: checked below
				_, rest, _ := strings.Cut(c.Text, ", ")
				finals[strings.SplitN(rest, " ", 2)[0]]++
			case c.Answer == q.Correct && !relevant:
				t.Errorf("%s: true claim for the correct answer %q is not on point", q.ID, c.Text)
			case c.Answer != q.Correct && relevant:
				t.Errorf("%s: claim for the distractor %q is true and on point", q.ID, c.Text)
			case c.Answer == q.Correct:
				sound++
			}
		}
		if sound != 1 {
			t.Errorf("%s: %d sound claims; want 1", q.ID, sound)
		}
		if taskstest.CheckInventedAlike(t, q) == 0 {
			t.Errorf("%s: no invented quotes; want one or two for each answer", q.ID)
		}
	}
	// Both kinds of invented quote occur: a pass as traced, and a
	// closing sentence.
	if finals["pass"] == 0 || finals["the"] == 0 {
		t.Errorf("invented claims by opening: %v; want passes and closing sentences", finals)
	}
}

// TestDifficulty checks the knob: harder questions run more passes and
// branch more often.
func TestDifficulty(t *testing.T) {
	stats := func(d float64) (passes, branching float64) {
		qs := generate(t, d, 5, 150)
		for _, q := range qs {
			passes += float64(strings.Count(q.Context, "Pass "))
			if strings.Contains(q.Exhibit, "if ") {
				branching++
			}
		}
		return passes / float64(len(qs)), branching / float64(len(qs))
	}
	easyPasses, easyBranch := stats(0)
	hardPasses, hardBranch := stats(1)
	if !(easyPasses < 4 && hardPasses > 8) {
		t.Errorf("mean passes: %.2f at difficulty 0, %.2f at 1; want under 4 and over 8", easyPasses, hardPasses)
	}
	if !(hardBranch > easyBranch+0.3) {
		t.Errorf("share branching: %.2f at difficulty 0, %.2f at 1; want a clear rise", easyBranch, hardBranch)
	}
}

func ExampleGenerator_Generate() {
	g, err := code.New(code.Settings{Difficulty: 0.3})
	if err != nil {
		panic(err)
	}
	qs, err := g.Generate(4, 1)
	if err != nil {
		panic(err)
	}
	q := qs[0]
	fmt.Println(q.ID, q.Text)
	fmt.Print(q.Exhibit)
	fmt.Printf("answers %q, correct %d\n\n", q.Answers, q.Correct)
	fmt.Println(strings.Join(reading.Sentences(q.Context), "\n"))
	// Output:
	// code-4-0000 What is returned by drift(4)?
	// # / and % are integer division and remainder, truncating toward zero.
	// func drift(n) {
	//     let carry = 4
	//     for i in range(0, n) {
	//         if i % 3 == 0 {
	//             carry = carry + 8
	//         } else {
	//             carry = carry + i
	//         }
	//     }
	//     return carry
	// }
	// answers ["23" "27"], correct 0
	//
	// drift(4) starts with carry = 4.
	// Pass i = 0: the if holds, so carry = 12.
	// Pass i = 1: the if fails, so carry = 13.
	// Pass i = 2: the if fails, so carry = 15.
	// Pass i = 3: the if holds, so carry = 23.
	// The loop ends after i = 3, so drift(4) returned 23.
}

// BenchmarkGenerate measures making one code question: drawing a program,
// formatting and parsing it, running it and its mis-traces.
func BenchmarkGenerate(b *testing.B) {
	g, err := code.New(code.DefaultSettings())
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		if _, err := g.Generate(uint64(i), 1); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRun measures the interpreter alone on a loop of 1000 passes.
func BenchmarkRun(b *testing.B) {
	fn, err := code.Parse("func f(n) { let s = 0 for i in range(0, n) { if i % 3 == 0 { s = s + i } else { s = s - 1 } } return s }")
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := code.Run(fn, 1000, code.Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// TestAnswersAloneDoNotTell: a reader of a question's two answers (an
// output question's, a spec question's two functions) alone cannot tell
// the correct one (taskstest.CheckAnswersAloneDoNotTell:
// the model right in at most 55%, 50.3–54.3% today; the larger correct in
// 46% to 54%, 47.4–50.4% today), at difficulty 0.2, 0.5 and 0.8. When
// harder questions leaned to the pass too few (the smaller, for a value
// that grows) and the returned variable was always the faster growing, the
// larger answer was correct in 46.8% at 0.2 rising to 58.8% at 0.8, and
// the model right in 54.7–57.9%.
func TestAnswersAloneDoNotTell(t *testing.T) {
	for _, kind := range []string{code.KindOutput, code.KindSpec} {
		for _, d := range []float64{0.2, 0.5, 0.8} {
			t.Run(fmt.Sprint(kind, d), func(t *testing.T) {
				taskstest.CheckAnswersAloneDoNotTell(t, func(seed uint64, n int) []tasks.Question {
					return taskstest.Generate(t, taskstest.New(t, code.New, code.Settings{Difficulty: d, Kind: kind}), seed, n)
				}, nil)
			})
		}
	}
}
