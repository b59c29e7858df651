package sim

import (
	"fmt"
	"strings"
	"testing"

	"github.com/mootlab/moot/transcript"
)

// TestJudgeWritesTenNotes: a judge's answer writes out at most ten notes
// and counts the rest (docs/simulation.md, The judge: "I weighed 12 more
// passages besides.").
func TestJudgeWritesTenNotes(t *testing.T) {
	for _, tt := range []struct {
		claims, notes int
		more          string
	}{
		{10, 10, ""},
		{11, 10, "I weighed one more passage besides.\n"},
		{22, 10, "I weighed 12 more passages besides.\n"},
	} {
		t.Run(fmt.Sprint(tt.claims), func(t *testing.T) {
			var b strings.Builder
			b.WriteString("I argue that the answer is A.\n")
			for i := range tt.claims {
				fmt.Fprintf(&b, "The article says %s\n", vq(fmt.Sprintf("In year %d Ortha Ashby carried a red lantern to Kessmoor.", 1700+i)))
			}
			s := judgeSettings(func(s *Settings) { s.Diligence, s.Noise = 1, 0 })
			text := mustGenerate(t, New(s), judgeRequest(turn(1, 0, b.String()))).Text
			if got := strings.Count(text, "The passage "); got != tt.notes {
				t.Errorf("%d notes; want %d:\n%s", got, tt.notes, text)
			}
			if got := strings.Contains(text, "besides"); got != (tt.more != "") || tt.more != "" && !strings.Contains(text, tt.more) {
				t.Errorf("answer:\n%s\nwant the count %q of the notes left out", text, tt.more)
			}
		})
	}
}

// TestModeratorPrefersOnlyPastNinety: a MAD moderator states a preference
// only when its probability for one side passes 0.9 (docs/simulation.md,
// moderate): σ(3.5) ≈ 0.97 for A or B is a preference, σ(±2) ≈ 0.88 none.
func TestModeratorPrefersOnlyPastNinety(t *testing.T) {
	three := func(side int, q [3]string) transcript.Turn {
		return cite(1, side, vq(q[0])+" and "+vq(q[1])+" and "+vq(q[2]))
	}
	forA := [3]string{soundA, soundA2, soundA3}
	forB := [3]string{soundB, "Ortha Ashby carried the blue lantern to Kessmoor.", "At Kessmoor, Ortha Ashby carried a blue lantern."}
	for _, tt := range []struct {
		name  string
		turns []transcript.Turn
		want  string
	}{
		{"A at σ(3.5)", []transcript.Turn{three(0, forA)}, "Preference: A\n"},
		{"B at σ(-3.5)", []transcript.Turn{three(1, forB)}, "Preference: B\n"},
		{"none at σ(2)", []transcript.Turn{cite(1, 0, vq(soundA))}, "Preference: none\n"},
		{"none at σ(-2)", []transcript.Turn{cite(1, 1, vq(soundB))}, "Preference: none\n"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s := judgeSettings(func(s *Settings) { s.Diligence, s.Noise = 1, 0 })
			req := judgeRequest(tt.turns...)
			req.Role = transcript.RoleModerator
			if got := mustGenerate(t, New(s), req).Text; got != tt.want {
				t.Errorf("got %q; want %q", got, tt.want)
			}
		})
	}
}
