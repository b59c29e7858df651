package sim

import (
	"math"
	"strings"
	"testing"
)

// TestFramingFollowsTheDocumentedCounts: a speaker adds round(2 ×
// persuasion) lines of framing to a turn, and a judge adds susceptibility ×
// (framedA − framedB)/(framedA + framedB) to the log-odds for A
// (docs/simulation.md, The parameters). Counts worked by hand.
func TestFramingFollowsTheDocumentedCounts(t *testing.T) {
	for _, tt := range []struct {
		persuasion float64
		want       int
	}{{0, 0}, {0.2, 0}, {0.3, 1}, {0.6, 1}, {0.8, 2}, {1, 2}} {
		req := lanternSpeaker(0, true, nil)
		req.Seed = 1
		text := mustGenerate(t, New(Settings{Skill: 1, Persuasion: tt.persuasion}), req).Text
		n := 0
		for _, line := range strings.Split(text, "\n") {
			if isFraming(line) {
				n++
			}
		}
		if n != tt.want {
			t.Errorf("persuasion %g: %d lines of framing; want %d:\n%s", tt.persuasion, n, tt.want, text)
		}
	}
	framed := func(side, lines int) string {
		var b strings.Builder
		b.WriteString("I argue that the answer is " + slot(side) + ".\n")
		for k := range lines {
			b.WriteString(framings[k] + "\n")
		}
		return b.String()
	}
	for _, tt := range []struct {
		a, b           int
		susceptibility float64
		logit          float64
	}{
		{2, 0, 1, 1},
		{2, 1, 1, 1.0 / 3},
		{1, 3, 0.5, 0.5 * -2.0 / 4},
		{0, 0, 1, 0},
	} {
		s := judgeSettings(func(s *Settings) { s.Susceptibility, s.Noise = tt.susceptibility, 0 })
		req := judgeRequest(turn(1, 0, framed(0, tt.a)), turn(1, 1, framed(1, tt.b)))
		if got, want := mustGenerate(t, New(s), req).Probabilities[0], sig(tt.logit); math.Abs(got-want) > 1e-9 {
			t.Errorf("framing %d to %d, susceptibility %g: P(A) = %.6f; want σ(%.4f) = %.6f", tt.a, tt.b, tt.susceptibility, got, tt.logit, want)
		}
	}
}
