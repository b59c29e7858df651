package engine

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/mootlab/moot/protocols"
	"github.com/mootlab/moot/protocols/mad"
	"github.com/mootlab/moot/transcript"
)

// TestMAD: the affirmative chooses its answer, the negative argues the
// other, the moderator speaks after each round but the last and a stated
// preference ends the debate early; the judge decides; the gold label
// reaches no one.
func TestMAD(t *testing.T) {
	x := mustParse(t, "mad.yaml", `name: mad
seed: 3
agents:
  strong: {backend: sim, skill: 0.8, deception: 0.6}
  moderator: {backend: sim, skill: 0.6, diligence: 0.6, trust_unverified: 0.3}
  judge: {backend: sim, skill: 0.5, diligence: 0.2, trust_unverified: 0.3, position_bias: 0.3}
tasks:
  - {name: qa, generator: qa, n: 40, difficulty: 0.6}
protocols:
  - {name: mad, judge: judge, debaters: strong, moderator: moderator}
`)
	early, full := 0, 0
	for _, ep := range x.Plan() {
		rec := x.play(context.Background(), &ep)
		if rec.Error != "" || rec.Verdict.Answer < 0 {
			t.Fatalf("%s: error %q, verdict %+v", ep.ID, rec.Error, rec.Verdict)
		}
		var moderations, rounds int
		lastPref := -1
		for _, m := range rec.Messages {
			switch m.Role {
			case transcript.RoleModerator:
				moderations++
				lastPref = mad.Preferred(m.Text)
			case transcript.RoleDebater:
				rounds = max(rounds, m.Round)
			}
		}
		switch {
		case rounds == 3 && moderations == 2 && lastPref < 0:
			full++
		case rounds < 3 && moderations == rounds && lastPref >= 0:
			early++
		default:
			t.Fatalf("%s: %d rounds, %d moderations, last preference %d: not a MAD run", ep.ID, rounds, moderations, lastPref)
		}
		if ep.Assignment.Order == protocols.AsGiven {
			if got := playFlipped(x, ep); !cmp.Equal(rec.Messages, got.Messages) {
				t.Fatalf("%s: messages changed when the label flipped", ep.ID)
			}
		}
	}
	if early == 0 || full == 0 {
		t.Errorf("%d debates ended early, %d went the distance; want some of each", early, full)
	}
}
