package finance_test

import (
	"testing"

	"github.com/mootlab/moot/internal/deceptiontest"
	"github.com/mootlab/moot/tasks/finance"
	"github.com/mootlab/moot/tasks/taskstest"
)

// TestInventedAlike: the pool offers both answers invented quotes alike,
// in every question (taskstest.CheckInventedAlike): one each where the
// company's filing is read (plain or OCR-damaged), the key sentence as
// read framed by the same lead, with each answer's figure; none where it
// is not. Until 2026-12-05 only the distractor had one (the key sentence
// with its figure swapped in), so that whether a speaker could lie was
// set by the gold label: an audit found the correct side's debaters
// citing none in 150 questions, the wrong side's 1,270–1,350 a task.
func TestInventedAlike(t *testing.T) {
	for _, ctx := range []string{finance.None, finance.OCR, finance.Irrelevant, finance.Missing} {
		t.Run(ctx, func(t *testing.T) {
			s := finance.DefaultSettings()
			s.PerturbContext = ctx
			want := 1
			if ctx == finance.Irrelevant || ctx == finance.Missing {
				want = 0
			}
			for _, q := range taskstest.Generate(t, taskstest.New(t, finance.New, s), 5, 300) {
				if n := taskstest.CheckInventedAlike(t, q); n != want {
					t.Errorf("%s: %d invented quotes for each answer; want %d", q.ID, n, want)
				}
			}
		})
	}
}

// TestBothSidesCanLie: in a debate whose debaters invent whenever they
// can, with quotes verified, the correct side's debaters cite invented
// quotes too, about as often as the wrong side's (the audit's count: 0
// against 1,270–1,350 before 2026-12-05).
func TestBothSidesCanLie(t *testing.T) {
	deceptiontest.CheckBothSides(t, "{name: finance, generator: finance, n: 60, difficulty: 0.5}")
}
