package code

import (
	"math/rand/v2"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/mootlab/moot/internal/reading"
	"github.com/mootlab/moot/tasks"
	"github.com/mootlab/moot/tasks/taskstest"
	"github.com/mootlab/moot/transcript"
)

// TestSpecsAgainstTheirReferences runs every spec's correct body against
// the spec's Go reference on many inputs, and checks that each bug departs
// from it on some.
func TestSpecsAgainstTheirReferences(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for si, sp := range specs {
		for _, km := range [][2]int64{{2, 7}, {3, 11}, {6, 16}} {
			k, m := km[0], km[1]
			good := &Func{Name: "good", Param: "n", Body: sp.correct(k, m)}
			departs := make([]bool, len(sp.bugs(k, m)))
			for range 200 {
				n := sp.inputs(rng)
				tr, err := Run(good, n, Options{})
				if err != nil || tr.Result != sp.reference(n, k, m) {
					t.Fatalf("spec %d (%s), n=%d: the correct body gives %v (%v), the reference %d", si, sp.words(k, m), n, tr, err, sp.reference(n, k, m))
				}
				for bi, body := range sp.bugs(k, m) {
					tr, err := Run(&Func{Name: "bad", Param: "n", Body: body}, n, Options{})
					if err != nil {
						t.Fatalf("spec %d bug %d, n=%d: %v", si, bi, n, err)
					}
					if tr.Result != sp.reference(n, k, m) {
						departs[bi] = true
					}
				}
			}
			for bi, d := range departs {
				if !d {
					t.Errorf("spec %d (%s): bug %d never departs from the spec", si, sp.words(k, m), bi)
				}
			}
		}
	}
}

var runRe = regexp.MustCompile(`^For n = (\d+), (\w+)\((\d+)\) returns (\d+)\.$`)

// generateKind returns the n questions of seed from a generator of kind
// ("" for the default) at difficulty 0.5, failing the test on an error.
func generateKind(t *testing.T, kind string, seed uint64, n int) []tasks.Question {
	t.Helper()
	return taskstest.Generate(t, taskstest.New(t, New, Settings{Difficulty: 0.5, Kind: kind}), seed, n)
}

// TestSpecQuestions reads each spec question as a checker would: the
// exhibit's two functions parse, every "returns" sentence of the trace is
// what running the function gives, and the correct answer is the function
// that agrees with the closing sentence's spec value.
func TestSpecQuestions(t *testing.T) {
	qs := generateKind(t, KindSpec, 4, 120)
	seenSpecs := map[string]bool{}
	for _, q := range qs {
		if q.Text != specQuestion || q.Family != transcript.FamilyCode {
			t.Fatalf("%s: text %q family %q", q.ID, q.Text, q.Family)
		}
		parts := strings.Split(strings.TrimPrefix(q.Exhibit, divisionNote), "\nfunc ")
		if len(parts) != 3 || !strings.HasPrefix(parts[0], "# The spec: ") {
			t.Fatalf("%s: exhibit is not a spec and two functions:\n%s", q.ID, q.Exhibit)
		}
		seenSpecs[strings.SplitN(parts[0], "\n", 2)[0]] = true
		fns := map[string]*Func{}
		for _, p := range parts[1:] {
			fn, err := Parse("func " + p)
			if err != nil {
				t.Fatalf("%s: %v", q.ID, err)
			}
			fns[fn.Name] = fn
		}
		correct, wrong := q.Answers[q.Correct], q.Answers[1-q.Correct]
		if fns[correct] == nil || fns[wrong] == nil {
			t.Fatalf("%s: answers %q are not the exhibit's functions", q.ID, q.Answers)
		}
		sentences := reading.Sentences(q.Context)
		var decisive int64 = -1
		for _, s := range sentences[:len(sentences)-1] {
			if m := runRe.FindStringSubmatch(s); m != nil {
				n, _ := strconv.ParseInt(m[1], 10, 64)
				want, _ := strconv.ParseInt(m[4], 10, 64)
				tr, err := Run(fns[m[2]], n, Options{})
				if err != nil || tr.Result != want {
					t.Errorf("%s: %q, but running it gives %v (%v)", q.ID, s, tr, err)
				}
				decisive = n
			}
		}
		if decisive < 0 {
			t.Fatalf("%s: no decisive run in %q", q.ID, q.Context)
		}
		good, _ := Run(fns[correct], decisive, Options{})
		bad, _ := Run(fns[wrong], decisive, Options{})
		closing := sentences[len(sentences)-1]
		if good.Result == bad.Result || !strings.HasPrefix(closing, "The spec gives "+strconv.FormatInt(good.Result, 10)+" ") || !reading.Mentions(closing, correct) || reading.Mentions(closing, wrong) {
			t.Errorf("%s: on n=%d %s gives %d, %s gives %d; closing %q", q.ID, decisive, correct, good.Result, wrong, bad.Result, closing)
		}
	}
	if len(seenSpecs) < 4 {
		t.Errorf("%d kinds of spec in 120 questions; want all 4", len(seenSpecs))
	}
}

func TestKind(t *testing.T) {
	if _, err := New(Settings{Difficulty: 0.5, Kind: "riddle"}); err == nil || !strings.HasPrefix(err.Error(), "kind: ") {
		t.Errorf("kind riddle: got %v; want an error naming kind", err)
	}
	qs := generateKind(t, KindMixed, 2, 100)
	spec := 0
	for _, q := range qs {
		if q.Text == specQuestion {
			spec++
		}
	}
	if spec < 30 || spec > 70 {
		t.Errorf("mixed: %d spec questions of 100; want about half", spec)
	}
	// Output questions are those of the default kind: kind only adds.
	a := generateKind(t, "", 3, 5)
	b := generateKind(t, KindOutput, 3, 5)
	for i := range a {
		if a[i].Exhibit != b[i].Exhibit {
			t.Fatalf("question %d: kind output differs from the default", i)
		}
	}
}

// TestDivisionIsSaid: an exhibit whose programs divide or take a remainder
// opens with a note that / and % truncate (a reader who knows Python takes
// 7 / 2 for 3.5), and one whose programs do neither has none; the note is
// a comment of the language, and a program's exhibit still parses.
func TestDivisionIsSaid(t *testing.T) {
	for _, kind := range []string{KindOutput, KindSpec} {
		qs := generateKind(t, kind, 4, 80)
		with := 0
		for _, q := range qs {
			body := strings.TrimPrefix(q.Exhibit, divisionNote)
			divides := strings.Contains(body, " / ") || strings.Contains(body, " % ")
			if noted := body != q.Exhibit; noted != divides {
				t.Errorf("%s: noted %v, divides %v:\n%s", q.ID, noted, divides, q.Exhibit)
			}
			if divides {
				with++
			}
			if kind == KindOutput {
				if _, err := Parse(q.Exhibit); err != nil {
					t.Errorf("%s: the exhibit does not parse: %v", q.ID, err)
				}
			}
		}
		if with == 0 {
			t.Errorf("%s: no exhibit of 80 divides; the test needs some", kind)
		}
	}
}
