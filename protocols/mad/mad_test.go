package mad_test

import (
	"context"
	"strings"
	"testing"

	"github.com/looplab/fsm"

	"github.com/mootlab/moot/protocols"
	"github.com/mootlab/moot/protocols/mad"
	"github.com/mootlab/moot/protocols/protocoltest"
)

// walk fires Decide after each state with the moderator saying pref, and
// returns the states visited.
func walk(t *testing.T, p protocols.Protocol, pref string) []string {
	t.Helper()
	m := p.Machine()
	f := fsm.NewFSM(m.Initial, m.Events, nil)
	var states []string
	for f.Current() != m.Final && len(states) < 50 {
		states = append(states, f.Current())
		ev := p.(protocols.Decider).Decide(f.Current(), []string{"Preference: " + pref + "\n"})
		if err := f.Event(context.Background(), ev); err != nil {
			t.Fatalf("%s: %s: %v", f.Current(), ev, err)
		}
	}
	return states
}

func TestMachine(t *testing.T) {
	p := protocoltest.Build(t, "mad", "judge: j\ndebaters: d\nmoderator: m\n")
	tests := []struct {
		pref string
		want []string
	}{
		{"none", []string{"round-1", "moderate-1", "round-2", "moderate-2", "round-3", "judging"}},
		{"A", []string{"round-1", "moderate-1", "judging"}},
		{"B", []string{"round-1", "moderate-1", "judging"}},
	}
	for _, tt := range tests {
		got := walk(t, p, tt.pref)
		if len(got) != len(tt.want) {
			t.Fatalf("moderator saying %s: states %v; want %v", tt.pref, got, tt.want)
		}
		for i := range got {
			if got[i] != tt.want[i] {
				t.Errorf("moderator saying %s: states %v; want %v", tt.pref, got, tt.want)
				break
			}
		}
	}
	one := protocoltest.Build(t, "mad", "judge: j\ndebaters: d\nmoderator: m\nrounds: 1\n")
	if got := walk(t, one, "A"); len(got) != 2 {
		t.Errorf("one round: states %v; want round-1, judging", got)
	}
}

func TestPreferred(t *testing.T) {
	for text, want := range map[string]int{
		"Preference: A": 0, "Preference: B.\n": 1, "Preference: none": -1, "I prefer A": -1,
		"Preference: A\nPreference: none": -1, "": -1, "Preference: **B**": 1,
		// Formatted as a model formats a verdict line, and read as one is.
		"B argues better.\n**Preference:** B": 1, "**Preference: A**": 0, "preference: a": 0,
		"Preference: [B]": 1, "PREFERENCE: (A).": 0, "**Preference:** none": -1, "Preferences: A": -1,
	} {
		if got := mad.Preferred(text); got != want {
			t.Errorf("Preferred(%q) = %d; want %d", text, got, want)
		}
	}
}

// TestMachineSettledByTheModerator: with verdict: moderator, the moderator
// also speaks after the last round; a preference ends the debate with no
// judge, none after the last round leaves it to the judge; Settle reads
// the last remark's preference.
func TestMachineSettledByTheModerator(t *testing.T) {
	p := protocoltest.Build(t, "mad", "judge: j\ndebaters: d\nmoderator: m\nverdict: moderator\n")
	for pref, want := range map[string]string{
		"none": "round-1 moderate-1 round-2 moderate-2 round-3 moderate-3 judging",
		"A":    "round-1 moderate-1",
	} {
		if got := strings.Join(walk(t, p, pref), " "); got != want {
			t.Errorf("moderator saying %s: states %s; want %s", pref, got, want)
		}
	}
	s := p.(protocols.Settler)
	if slot, how, ok := s.Settle([]string{"Preference: none", "Preference: B"}); !ok || slot != 1 || how != mad.VerdictModerator {
		t.Errorf("Settle after B: %d %q %v; want 1, moderator", slot, how, ok)
	}
	if _, _, ok := s.Settle([]string{"Preference: A", "Preference: none"}); ok {
		t.Error("Settle after none: settled; want no verdict")
	}
	judge := protocoltest.Build(t, "mad", "judge: j\ndebaters: d\nmoderator: m\nverdict: judge\n")
	if _, _, ok := judge.(protocols.Settler).Settle([]string{"Preference: A"}); ok {
		t.Error("verdict: judge settled on the moderator's preference; want the judge's verdict alone")
	}
	if got := strings.Join(walk(t, judge, "none"), " "); got != "round-1 moderate-1 round-2 moderate-2 round-3 judging" {
		t.Errorf("verdict: judge: states %s; want the default's", got)
	}
}

// TestDebaterSeats: debaters names one agent for both sides or two, the
// affirmative and then the negative (docs/protocols.md, mad); the
// affirmative argues the answer it picks, the negative the other.
func TestDebaterSeats(t *testing.T) {
	for settings, want := range map[string][2]string{
		"judge: j\ndebaters: d\nmoderator: m\n":          {"d", "d"},
		"judge: j\ndebaters: [aff, neg]\nmoderator: m\n": {"aff", "neg"},
	} {
		for _, a := range protocoltest.Build(t, "mad", settings).Assignments() {
			aff, neg := a.Seats[0], a.Seats[1]
			if aff.Name != "Affirmative" || aff.Agent != want[0] || aff.Stance != protocols.Own ||
				neg.Name != "Negative" || neg.Agent != want[1] || neg.Stance != protocols.Other {
				t.Errorf("%q: %s: seats %s (%s, stance %d) and %s (%s, stance %d); want Affirmative (%s, Own) and Negative (%s, Other)",
					settings, a.Name, aff.Name, aff.Agent, aff.Stance, neg.Name, neg.Agent, neg.Stance, want[0], want[1])
			}
		}
	}
}
