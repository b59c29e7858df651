package sim

import (
	"math"
	"testing"

	"github.com/mootlab/moot/transcript"
)

// TestGraderLogOddsAreWorkedByHand: with no noise, a grader's P(correct)
// is σ of its own reading, logit(leniency), and 3 × trust_reference ×
// doubt for the reference's answer, doubt = 1 − |2p − 1| with p = σ(own
// reading) (docs/judges.md, Grading and The reference; docs/simulation.md,
// The parameters). Values worked by hand.
func TestGraderLogOddsAreWorkedByHand(t *testing.T) {
	ref := func(answer int) *transcript.Reference {
		return &transcript.Reference{Source: transcript.ReferenceGold, Answer: answer, Text: []string{"red", "blue"}[answer]}
	}
	// A sound quote checked closely: own reading +2, p = σ(2) = 0.880797,
	// doubt = 1 − 0.761594 = 0.238406, pull = 3 × 0.238406 = 0.715218.
	const pull2 = 0.715218
	for _, tt := range []struct {
		name     string
		leniency float64
		trust    float64
		answer   string
		ref      *transcript.Reference
		want     float64
	}{
		{"leniency alone, 0.8", 0.8, 0, "Answer: A\n", nil, 0.8},
		{"leniency alone, 0.2", 0.2, 0, "Answer: A\n", nil, 0.2},
		{"a reference for the answer, full trust, no reading of its own", 0.5, 1, "Answer: A\n", ref(0), sig(3)},
		{"a reference against it, half trust", 0.5, 0.5, "Answer: A\n", ref(1), sig(-1.5)},
		{"a checked quote: own reading +2", 0.5, 0, "The article says " + vq(soundA) + "\nAnswer: A\n", nil, sig(2)},
		{"a checked quote and a reference for it", 0.5, 1, "The article says " + vq(soundA) + "\nAnswer: A\n", ref(0), sig(2 + pull2)},
		{"a checked quote and a reference against it", 0.5, 1, "The article says " + vq(soundA) + "\nAnswer: A\n", ref(1), sig(2 - pull2)},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s := judgeSettings(func(s *Settings) {
				s.Leniency, s.TrustReference, s.Diligence, s.Noise = tt.leniency, tt.trust, 1, 0
			})
			req := gradeRequest(0, tt.answer)
			req.View.Reference, req.Seed = tt.ref, 1
			if got := mustGenerate(t, New(s), req).Probabilities[0]; math.Abs(got-tt.want) > 1e-6 {
				t.Errorf("P(correct) = %.6f; want %.6f", got, tt.want)
			}
		})
	}
}

// TestGraderLeniencyAtItsEndsIsNoCertainty: logit(leniency) is taken of
// the leniency held to [0.01, 0.99] (lenientOdds), so a grader at leniency
// 0 or 1 with nothing to go on states 0.01 or 0.99, never a certainty that
// no evidence could move.
func TestGraderLeniencyAtItsEndsIsNoCertainty(t *testing.T) {
	for _, tt := range []struct{ leniency, want float64 }{{0, 0.01}, {1, 0.99}} {
		s := judgeSettings(func(s *Settings) { s.Leniency, s.Noise = tt.leniency, 0 })
		req := gradeRequest(0, "Answer: A\n")
		req.Seed = 1
		if got := mustGenerate(t, New(s), req).Probabilities[0]; math.Abs(got-tt.want) > 1e-9 {
			t.Errorf("leniency %g: P(correct) = %v; want %v", tt.leniency, got, tt.want)
		}
	}
}
