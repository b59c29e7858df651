package sim

import (
	"math"
	"testing"

	"github.com/mootlab/moot/agents"
)

// TestYesOrNoReadersSkipSentencesOffTheQuestion: of a yes-or-no question,
// where every sentence says one answer or the other, a judge or grader
// reading the article reads only the sentences that share a key term with
// the question (docs/simulation.md, Finding evidence and The judge;
// read, readGraded). "The weather was fine." shares none, so neither
// reads it, and a side's quote of it is only heard: skimmed by a judge of
// skill 0 and diligence 0, it counts +1 at every seed. Read, it would be
// checked for certain against the question and caught (−1.5) at the
// seeds that found it.
func TestYesOrNoReadersSkipSentencesOffTheQuestion(t *testing.T) {
	const off = "The weather was fine."
	quoted := "I argue that the answer is A.\nThe article says " + vq(off) + "\n"
	for _, tt := range []struct {
		name string
		req  agents.Request
	}{
		{"judge", judgeRequest(turn(1, 0, quoted))},
		{"grader", gradeRequest(0, quoted+"Answer: A\n")},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s := judgeSettings(func(s *Settings) { s.Skill, s.Diligence, s.Noise, s.Leniency = 0, 0, 0, 0.5 })
			req := tt.req
			req.View.Question = "Did the council of Northam approve the tower?"
			req.View.Answers = [2]string{"yes", "no"}
			req.View.Context, req.View.Difficulty = off, 0
			for seed := uint64(1); seed <= 100; seed++ {
				req.Seed = seed
				if got, want := mustGenerate(t, New(s), req).Probabilities[0], sig(1); math.Abs(got-want) > 1e-9 {
					t.Fatalf("seed %d: P(A) = %.4f; want σ(1) = %.4f", seed, got, want)
				}
			}
		})
	}
}
