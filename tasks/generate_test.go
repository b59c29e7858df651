package tasks

import (
	"errors"
	"math/rand/v2"
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

func TestSettingsFactory(t *testing.T) {
	type settings struct{ N, M int }
	tooBig := errors.New("too big")
	build := func(s settings) (*fixedGenerator, error) {
		if s.N > 9 {
			return nil, tooBig
		}
		return &fixedGenerator{n: s.N*10 + s.M}, nil
	}
	factory := SettingsFactory(func() settings { return settings{N: 1, M: 2} }, build)

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
