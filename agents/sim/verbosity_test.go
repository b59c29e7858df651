package sim

import (
	"strings"
	"testing"
)

// TestJudgeWeighsAnswerLengthWhenNoOneSpoke: with no speeches (a pairwise
// preference judged directly), a length-biased judge leans towards the
// longer answer; with speeches, the answers' own lengths do not count.
func TestJudgeWeighsAnswerLengthWhenNoOneSpoke(t *testing.T) {
	long := strings.Repeat("a long and careful response ", 10)
	tests := []struct {
		name     string
		answers  [2]string
		bias     float64
		min, max float64
	}{
		{"no bias", [2]string{long, "short"}, 0, 0.4, 0.6},
		{"bias favours the longer A", [2]string{long, "short"}, 3, 0.8, 1},
		{"bias favours the longer B", [2]string{"short", long}, 3, 0, 0.2},
		{"negative bias favours the shorter B", [2]string{long, "short"}, -3, 0, 0.2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := judgeRequest()
			req.View.Answers = tt.answers
			s := judgeSettings(func(s *Settings) { s.LengthBias = tt.bias })
			shareA, _, _ := judgeStats(t, s, req, seeds)
			if shareA < tt.min || shareA > tt.max {
				t.Errorf("share of A = %.3f; want in [%.2f, %.2f]", shareA, tt.min, tt.max)
			}
		})
	}
	// Once a side has spoken, only the words spoken count.
	spoken := judgeRequest(turn(1, 0, "I argue A."), turn(1, 1, "I argue B."))
	spoken.View.Answers = [2]string{long, "short"}
	s := judgeSettings(func(s *Settings) { s.LengthBias = 3 })
	if shareA, _, _ := judgeStats(t, s, spoken, seeds); shareA < 0.4 || shareA > 0.6 {
		t.Errorf("with equal speeches, share of A = %.3f; want in [0.40, 0.60]", shareA)
	}
}
