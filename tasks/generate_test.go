package tasks

import (
	"errors"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

func TestEach(t *testing.T) {
	qs, err := Each(3, func(i int) (Question, error) { return Question{ID: string(rune('a' + i))}, nil })
	if err != nil || len(qs) != 3 || qs[2].ID != "c" {
		t.Fatalf("Each(3) = %v, %v; want a, b, c", qs, err)
	}
	if _, err := Each(-1, nil); !errors.Is(err, ErrNegativeCount) {
		t.Errorf("Each(-1): err = %v; want ErrNegativeCount", err)
	}
	boom := errors.New("boom")
	if _, err := Each(2, func(int) (Question, error) { return Question{}, boom }); !errors.Is(err, boom) {
		t.Errorf("Each with a failing question: err = %v; want it passed on", err)
	}
}

func TestDrawDifficulty(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, mean := range []float64{0, 0.5, 1} {
		for range 1000 {
			d := DrawDifficulty(rng, mean)
			if d < 0 || d > 1 || d < mean-DifficultyNoise || d > mean+DifficultyNoise {
				t.Fatalf("DrawDifficulty(%g) = %g; want within %g of it, in [0, 1]", mean, d, DifficultyNoise)
			}
		}
	}
}

type fixedGenerator struct{ n int }

func (g *fixedGenerator) Generate(uint64, int) ([]Question, error) { return nil, nil }

func TestMake(t *testing.T) {
	type settings struct{ N, M int }
	tooBig := errors.New("too big")
	build := func(s settings) (*fixedGenerator, error) {
		if s.N > 9 {
			return nil, tooBig
		}
		return &fixedGenerator{n: s.N*10 + s.M}, nil
	}
	factory := Make("", func() settings { return settings{N: 1, M: 2} }, build).New

	// The block sets N only; M keeps its default.
	g, err := factory(func(v any) error { v.(*settings).N = 5; return nil })
	if err != nil || g.(*fixedGenerator).n != 52 {
		t.Fatalf("factory(N=5) = %v, %v; want n = 52", g, err)
	}
	g, err = factory(func(v any) error { v.(*settings).N = 10; return nil })
	if !errors.Is(err, tooBig) || g != nil {
		t.Errorf("factory(N=10) = %#v, %v; want a nil Generator and the build error", g, err)
	}
	bad := errors.New("line 3: field x not found")
	if g, err := factory(func(any) error { return bad }); !errors.Is(err, bad) || g != nil {
		t.Errorf("factory with a decode error = %#v, %v; want a nil Generator and the decode error", g, err)
	}
}

func TestRetry(t *testing.T) {
	calls := 0
	q, err := Retry(Stream(1, 2, 3), "widget", func(rng *rand.Rand) (Question, bool, error) {
		calls++
		return Question{ID: "x"}, calls == 3, nil
	})
	if err != nil || q.ID != "x" || calls != 3 {
		t.Errorf("Retry succeeding on the third try: got %+v, %v after %d calls; want the question after 3", q, err, calls)
	}
	calls = 0
	_, err = Retry(Stream(1, 2, 3), "widget", func(*rand.Rand) (Question, bool, error) {
		calls++
		return Question{}, false, nil
	})
	if err == nil || !strings.Contains(err.Error(), "no consistent widget in 100 attempts") || calls != MaxAttempts {
		t.Errorf("Retry never succeeding: got %v after %d calls; want the limit's error after %d", err, calls, MaxAttempts)
	}
	boom := errors.New("boom")
	if _, err := Retry(Stream(1, 2, 3), "widget", func(*rand.Rand) (Question, bool, error) { return Question{}, false, boom }); !errors.Is(err, boom) {
		t.Errorf("Retry with a failing build: got %v; want its error", err)
	}
}

func TestStream(t *testing.T) {
	a, b := Stream(7, 0x10, 4).Uint64(), Stream(7, 0x10, 4).Uint64()
	if a != b {
		t.Errorf("Stream is not deterministic: %d, %d", a, b)
	}
	if Stream(7, 0x10, 5).Uint64() == a || Stream(7, 0x11, 4).Uint64() == a {
		t.Errorf("Stream ignores the question index or the tag")
	}
}

func TestValidateDifficulty(t *testing.T) {
	for _, d := range []float64{0, 0.5, 1} {
		if err := ValidateDifficulty(d); err != nil {
			t.Errorf("ValidateDifficulty(%v): %v", d, err)
		}
	}
	for _, d := range []float64{-0.1, 1.01, math.NaN()} {
		if err := ValidateDifficulty(d); err == nil || !strings.HasPrefix(err.Error(), "difficulty: ") {
			t.Errorf("ValidateDifficulty(%v): got %v; want an error naming difficulty", d, err)
		}
	}
}
