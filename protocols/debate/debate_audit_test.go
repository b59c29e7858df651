package debate_test

import (
	"strings"
	"testing"

	"github.com/mootlab/moot/internal/settings"
	"github.com/mootlab/moot/protocols"
	"github.com/mootlab/moot/protocols/protocoltest"
)

// TestOpenDebateJudgeIsTold: in open debate the judge is told that the
// protagonist chose its answer (Seat.Open), so that its prompts do not say
// the sides were assigned; in debate it is not.
func TestOpenDebateJudgeIsTold(t *testing.T) {
	for name, open := range map[string]bool{"debate": false, "open-debate": true} {
		for _, a := range protocoltest.Build(t, name, "judge: j\ndebaters: [x, y]\n").Assignments() {
			for _, s := range a.Seats {
				if s.Act == protocols.Decide && s.Open != open {
					t.Errorf("%s: %s: the judge's Open = %v; want %v", name, a.Name, s.Open, open)
				}
			}
		}
	}
}

// TestTurnsRoundByRound: which rounds the debaters speak in turn, by the
// turns setting: none, every one, or every one but the first (Khan et
// al.'s sequential debate, whose opening statements are written at once).
func TestTurnsRoundByRound(t *testing.T) {
	for turns, want := range map[string][3]bool{
		"simultaneous":            {false, false, false},
		"sequential":              {true, true, true},
		"sequential-from-round-2": {false, true, true},
	} {
		p := protocoltest.Build(t, "debate", "judge: j\ndebaters: x\nrounds: 3\nturns: "+turns+"\n")
		for r := 1; r <= 3; r++ {
			if got := p.Step(protocols.RoundState(r)).Sequential; got != want[r-1] {
				t.Errorf("turns %s, round %d: in turn = %v; want %v", turns, r, got, want[r-1])
			}
		}
		if p.Step(protocols.StateJudging).Sequential {
			t.Errorf("turns %s: the judging step is in turn", turns)
		}
	}
	f, err := protocols.Lookup("debate")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f(settings.Decoder("judge: j\ndebaters: x\nturns: alternate\n")); err == nil || !strings.Contains(err.Error(), `"sequential-from-round-2"`) {
		t.Errorf("turns: alternate: err %v; want refused, naming the three ways", err)
	}
}
