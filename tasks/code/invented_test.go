package code_test

import (
	"fmt"
	"testing"

	"github.com/mootlab/moot/internal/deceptiontest"
	"github.com/mootlab/moot/tasks/code"
	"github.com/mootlab/moot/tasks/taskstest"
)

// TestInventedAlike: the pool offers both answers invented quotes alike,
// in every question of either kind (taskstest.CheckInventedAlike): as
// many, as many with every key term, framed by the same lead. Until
// 2026-12-05 only the distractor had any (its mis-traced pass and
// closing sentence; the buggy function claimed for the spec), so that
// whether a speaker could lie was set by the gold label: an audit found
// the correct side's debaters citing none in 150 questions, the wrong
// side's 1,270–1,350 a task.
func TestInventedAlike(t *testing.T) {
	for _, kind := range []string{code.KindOutput, code.KindSpec} {
		for _, d := range []float64{0.1, 0.5, 0.9} {
			t.Run(fmt.Sprint(kind, d), func(t *testing.T) {
				qs := taskstest.Generate(t, taskstest.New(t, code.New, code.Settings{Difficulty: d, Kind: kind}), 5, 300)
				two := 0
				for _, q := range qs {
					switch taskstest.CheckInventedAlike(t, q) {
					case 0:
						t.Errorf("%s: no invented quotes; want one or two for each answer", q.ID)
					case 2:
						two++
					}
				}
				// A spec's are two (its closing, its claim for the spec's
				// input); a program's, two where the slip runs a pass.
				if two == 0 {
					t.Errorf("no question with two invented quotes each of %d; want some", len(qs))
				}
			})
		}
	}
}

// TestBothSidesCanLie: in a debate whose debaters invent whenever they
// can, with quotes verified, the correct side's debaters cite invented
// quotes too, about as often as the wrong side's (the audit's count: 0
// against 1,270–1,350 before 2026-12-05).
func TestBothSidesCanLie(t *testing.T) {
	for _, kind := range []string{code.KindOutput, code.KindSpec} {
		deceptiontest.CheckBothSides(t, "{name: code, generator: code, n: 60, difficulty: 0.5, kind: "+kind+"}")
	}
}
