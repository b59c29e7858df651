package taskstest

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/mootlab/moot/internal/reading"
	"github.com/mootlab/moot/internal/settings"
	"github.com/mootlab/moot/quotes"
	"github.com/mootlab/moot/tasks"
	"github.com/mootlab/moot/transcript"
)

// Decoder returns a decode function like the experiment loader's: it
// decodes src strictly (unknown keys are errors), and leaves the settings
// alone when src is empty (settings.Decoder).
func Decoder(src string) func(any) error { return settings.Decoder(src) }

// New returns the generator newGen makes of s, failing the test on an
// error.
func New[S, G any](t testing.TB, newGen func(S) (G, error), s S) G {
	t.Helper()
	g, err := newGen(s)
	if err != nil {
		t.Fatalf("New(%+v): got error %v; want nil", s, err)
	}
	return g
}

// Errorf returns a t.Errorf that opens each message with id, the id of
// the question it is about.
func Errorf(t testing.TB, id string) func(format string, args ...any) {
	return func(format string, args ...any) {
		t.Helper()
		t.Errorf("%s: "+format, append([]any{id}, args...)...)
	}
}

// CheckDifficulty checks that q's difficulty is within 0.15 of the
// difficulty its generator was set to, kept within [0, 1].
func CheckDifficulty(t testing.TB, q tasks.Question, difficulty float64) {
	t.Helper()
	if lo, hi := max(difficulty-0.15, 0), min(difficulty+0.15, 1); q.Difficulty < lo-1e-9 || q.Difficulty > hi+1e-9 {
		t.Errorf("%s: got difficulty %v; want within [%v, %v]", q.ID, q.Difficulty, lo, hi)
	}
}

// Generate returns g's n questions for seed, failing the test on an error
// or a wrong count.
func Generate(t testing.TB, g tasks.Generator, seed uint64, n int) []tasks.Question {
	t.Helper()
	qs, err := g.Generate(seed, n)
	if err != nil {
		t.Fatalf("Generate(%d, %d): got error %v; want nil", seed, n, err)
	}
	if len(qs) != n {
		t.Fatalf("Generate(%d, %d): got %d questions; want %d", seed, n, len(qs), n)
	}
	return qs
}

// Conform checks the contract every generator keeps (Contract), and that
// ids are fmt.Sprintf(idFormat, seed, i) and the family is family.
func Conform(t *testing.T, g tasks.Generator, idFormat string, family transcript.Family) {
	t.Helper()
	a := Contract(t, g)
	for i, q := range a {
		if want := fmt.Sprintf(idFormat, 42, i); q.ID != want {
			t.Errorf("question %d: got ID %q; want %q", i, q.ID, want)
		}
		if q.Family != family {
			t.Errorf("question %d: got family %q; want %q", i, q.Family, family)
		}
	}
}

// Contract checks what every generator keeps, whatever it generates: a
// negative count is tasks.ErrNegativeCount and zero gives none; question
// i depends only on the seed and i (the same seed gives the same
// questions, a shorter run is a prefix of a longer one, another seed
// gives other questions, question by question); ids are distinct, each
// question has two distinct answers, one of them correct; and Generate is
// safe to call concurrently. It returns the 20 questions of seed 42.
func Contract(t *testing.T, g tasks.Generator) []tasks.Question {
	t.Helper()
	if _, err := g.Generate(1, -1); !errors.Is(err, tasks.ErrNegativeCount) {
		t.Errorf("Generate(1, -1): got error %v; want %v", err, tasks.ErrNegativeCount)
	}
	Generate(t, g, 1, 0)

	a := Generate(t, g, 42, 20)
	if diff := cmp.Diff(a, Generate(t, g, 42, 20)); diff != "" {
		t.Errorf("the same seed gives other questions (-first +second):\n%s", diff)
	}
	if diff := cmp.Diff(a[:5], Generate(t, g, 42, 5)); diff != "" {
		t.Errorf("question i depends on n (-of 20 +of 5):\n%s", diff)
	}
	other := Generate(t, g, 43, 20)
	ids := map[string]bool{}
	for i, q := range a {
		if q.Text+q.Exhibit+q.Context == other[i].Text+other[i].Exhibit+other[i].Context {
			t.Errorf("question %d: the same for seeds 42 and 43; want different", i)
		}
		if ids[q.ID] || q.ID == "" {
			t.Errorf("question %d: id %q empty or repeated", i, q.ID)
		}
		ids[q.ID] = true
		if q.Answers[0] == "" || q.Answers[0] == q.Answers[1] || q.Correct < 0 || q.Correct > 1 || q.Family == "" {
			t.Errorf("question %d: answers %q, correct %d, family %q; want two distinct answers, one correct, a family", i, q.Answers, q.Correct, q.Family)
		}
	}

	var wg sync.WaitGroup
	got := make([][]tasks.Question, 4)
	errs := make([]error, 4)
	for k := range got {
		wg.Go(func() { got[k], errs[k] = g.Generate(42, 20) })
	}
	wg.Wait()
	for k := range got {
		if errs[k] != nil {
			t.Fatalf("goroutine %d: got error %v; want nil", k, errs[k])
		}
		if diff := cmp.Diff(a, got[k]); diff != "" {
			t.Errorf("goroutine %d: questions differ from a lone run (-want +got):\n%s", k, diff)
		}
	}
	return a
}

// Factory returns the factory registered as name, failing the test if
// there is none.
func Factory(t testing.TB, name string) tasks.Factory {
	t.Helper()
	factory, err := tasks.Lookup(name)
	if err != nil {
		t.Fatalf("Lookup(%q): got error %v; want nil", name, err)
	}
	return factory
}

// Decoded is a settings block and the settings it must decode to, over
// the generator's defaults.
type Decoded[S any] struct {
	Name string
	Src  string
	Want S
}

// CheckDecoded checks that the generator registered as name decodes each
// block over its defaults: given Src, its factory makes the same questions
// as newGen(Want).
func CheckDecoded[S any, G tasks.Generator](t *testing.T, name string, cases []Decoded[S], newGen func(S) (G, error)) {
	factory := Factory(t, name)
	for _, tt := range cases {
		t.Run(tt.Name, func(t *testing.T) {
			g, err := factory(Decoder(tt.Src))
			if err != nil {
				t.Fatalf("factory(%q): got error %v; want nil", tt.Src, err)
			}
			got, want := Generate(t, g, 3, 5), Generate(t, New(t, newGen, tt.Want), 3, 5)
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("factory(%q) questions differ from New(%+v) (-want +got):\n%s", tt.Src, tt.Want, diff)
			}
		})
	}
}

// Refused is a settings block a generator must refuse, and a substring of
// the error it must give.
type Refused struct {
	Name string
	Src  string
	Want string
}

// CheckRefused checks that the generator registered as name refuses each
// block with an error containing its Want.
func CheckRefused(t *testing.T, name string, cases []Refused) {
	factory := Factory(t, name)
	for _, tt := range cases {
		t.Run(tt.Name, func(t *testing.T) {
			_, err := factory(Decoder(tt.Src))
			if err == nil || !strings.Contains(err.Error(), tt.Want) {
				t.Errorf("factory(%q): got error %v; want one containing %q", tt.Src, err, tt.Want)
			}
		})
	}
}

// Validated is settings given to a generator's New, and the start of the
// error New must return for them ("" for none).
type Validated[S any] struct {
	Settings S
	WantErr  string
}

// CheckNew checks that newGen validates each case's settings as it says.
func CheckNew[S, G any](t *testing.T, cases []Validated[S], newGen func(S) (G, error)) {
	for _, tt := range cases {
		t.Run(fmt.Sprintf("%+v", tt.Settings), func(t *testing.T) {
			_, err := newGen(tt.Settings)
			switch {
			case tt.WantErr == "" && err != nil:
				t.Errorf("New: got error %v; want nil", err)
			case tt.WantErr != "" && (err == nil || !strings.HasPrefix(err.Error(), tt.WantErr)):
				t.Errorf("New: got error %v; want one starting %q", err, tt.WantErr)
			}
		})
	}
}

// CheckTrueClaimsByTheirWords checks that no true claim (one the context
// holds) is the wrong answer's though it names the correct one too: such
// a sentence speaks for neither by its words alone, and a pool that gave
// it to the wrong side would do so because the label says so.
func CheckTrueClaimsByTheirWords(t *testing.T, qs []tasks.Question) {
	t.Helper()
	for _, q := range qs {
		for _, c := range q.Evidence {
			if c.Answer == 1-q.Correct && quotes.Found(c.Text, q.Context) && reading.Mentions(c.Text, q.Answers[q.Correct]) {
				t.Errorf("%s: the true claim %q, which names the correct answer %q, is the wrong answer's", q.ID, c.Text, q.Answers[q.Correct])
			}
		}
	}
}
