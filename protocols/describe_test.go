package protocols_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/looplab/fsm"

	"github.com/mootlab/moot/protocols"
)

// TestDescriptions checks that every registered protocol describes itself,
// and that no two share a description.
func TestDescriptions(t *testing.T) {
	seen := map[string]string{}
	for _, e := range protocols.Entries() {
		if e.Doc == "" || !strings.HasSuffix(e.Doc, ".") || !strings.Contains(e.Doc, "judge") {
			t.Errorf("%s: Doc = %q; want sentences that say what the judge sees", e.Name, e.Doc)
		}
		if other, dup := seen[e.Doc]; dup {
			t.Errorf("%s and %s have the same description %q", other, e.Name, e.Doc)
		}
		seen[e.Doc] = e.Name
	}
}

// TestRequiredSettings checks that the settings each protocol lists as
// required are exactly those its minimal block gives, and that leaving
// out any one of them is an error.
func TestRequiredSettings(t *testing.T) {
	for _, e := range protocols.Entries() {
		var required []string
		for _, s := range e.Settings {
			if s.Required {
				required = append(required, s.Name)
			}
		}
		lines := strings.SplitAfter(strings.TrimSuffix(minimal[e.Name], "\n"), "\n")
		var given []string
		for _, l := range lines {
			k, _, _ := strings.Cut(l, ":")
			given = append(given, k)
		}
		slices.Sort(required)
		slices.Sort(given)
		if !slices.Equal(required, given) {
			t.Errorf("%s: required settings %v; want those of its minimal block, %v", e.Name, required, given)
		}
		for i := range lines {
			doc := strings.Join(slices.Delete(slices.Clone(lines), i, i+1), "")
			if _, err := e.New(decoder(doc)); err == nil {
				t.Errorf("%s without %q: got no error", e.Name, lines[i])
			}
		}
		if _, err := e.Example(); err != nil {
			t.Errorf("%s: Example: %v", e.Name, err)
		}
	}
}

// TestMachineCallbacks walks every protocol's machine, in several
// configurations, by firing Step(state).Event from the initial state. Every
// state must be reached, each transition must run the enter_ callback of
// its destination exactly once, and the walk must end in the final state.
func TestMachineCallbacks(t *testing.T) {
	type config struct{ label, name, doc string }
	var configs []config
	for _, name := range protocols.Names() {
		configs = append(configs, config{name + "/defaults", name, minimal[name]})
	}
	for _, rounds := range []string{"1", "7"} {
		for _, name := range []string{"debate", "consultancy"} {
			configs = append(configs, config{name + "/rounds-" + rounds, name, minimal[name] + "rounds: " + rounds + "\n"})
		}
	}
	for _, c := range configs {
		t.Run(c.label, func(t *testing.T) {
			p := build(t, c.name, c.doc)
			m := p.Machine()
			states := map[string]bool{m.Initial: true}
			for _, e := range m.Events {
				for _, src := range e.Src {
					states[src] = true
				}
				states[e.Dst] = true
			}
			if !states[m.Final] {
				t.Fatalf("final state %q is in no event", m.Final)
			}
			entered := map[string]int{}
			callbacks := fsm.Callbacks{}
			for s := range states {
				callbacks["enter_"+s] = func(context.Context, *fsm.Event) { entered[s]++ }
			}
			f := fsm.NewFSM(m.Initial, m.Events, callbacks)
			reached := map[string]bool{m.Initial: true}
			// Each event must reach a new state, so the walk ends.
			for f.Current() != m.Final {
				from := f.Current()
				ev := p.Step(from).Event
				if err := f.Event(context.Background(), ev); err != nil {
					t.Fatalf("state %q: event %q: %v", from, ev, err)
				}
				to := f.Current()
				if reached[to] {
					t.Fatalf("state %q: event %q goes back to %q", from, ev, to)
				}
				reached[to] = true
				total := 0
				for _, n := range entered {
					total += n
				}
				if entered[to] != 1 || total != len(reached)-1 {
					t.Fatalf("event %q into %q: enter_%s ran %d times, %d enter_ callbacks in all; want 1 and %d", ev, to, to, entered[to], total, len(reached)-1)
				}
			}
			for s := range states {
				if !reached[s] {
					t.Errorf("state %q is not reached from %q", s, m.Initial)
				}
			}
			if entered[m.Initial] != 0 {
				t.Errorf("enter_%s ran %d times; want 0 (the machine starts there)", m.Initial, entered[m.Initial])
			}
		})
	}
}
