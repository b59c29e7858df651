package math_test

import (
	"fmt"
	"testing"

	"github.com/mootlab/moot/internal/deceptiontest"
	"github.com/mootlab/moot/tasks/math"
	"github.com/mootlab/moot/tasks/taskstest"
)

// TestInventedAlike: the pool offers both answers invented quotes alike,
// in every question (taskstest.CheckInventedAlike): as many, as many with
// every key term, framed by the same lead. Until 2026-12-05 only the
// distractor had any (the final sentence with it swapped in, and the
// slipped step worked out), so that whether a speaker could lie was set
// by the gold label: an audit found the correct side's debaters citing
// none in 150 questions, the wrong side's 1,270–1,350 a task.
func TestInventedAlike(t *testing.T) {
	for _, d := range []float64{0.1, 0.5, 0.9} {
		t.Run(fmt.Sprint(d), func(t *testing.T) {
			qs := taskstest.Generate(t, taskstest.New(t, math.New, math.Settings{Difficulty: d}), 5, 400)
			two := 0
			for _, q := range qs {
				if taskstest.CheckInventedAlike(t, q) == 2 {
					two++
				}
			}
			// A dropped step has no step of its own to work out; every
			// other slip does.
			if two == 0 || two == len(qs) {
				t.Errorf("%d of %d questions with two invented quotes each; want some, not all", two, len(qs))
			}
		})
	}
}

// TestBothSidesCanLie: in a debate whose debaters invent whenever they
// can, with quotes verified, the correct side's debaters cite invented
// quotes too, about as often as the wrong side's (the audit's count: 0
// against 1,270–1,350 before 2026-12-05).
func TestBothSidesCanLie(t *testing.T) {
	deceptiontest.CheckBothSides(t, "{name: math, generator: math, n: 60, difficulty: 0.5}")
}
