package engine

import (
	"testing"

	"go.yaml.in/yaml/v3"
)

// TestSameSettingsOfTwoEntries: two protocol entries play alike — an
// episode replaying in one is counted once over both — where they are
// one entry, or of one label and prompts with settings alike value for
// value but for the experiment's agents they seat: not where the label,
// the prompts, or any other value differs, a value's type, a list's
// length, a key, or what an alias names.
func TestSameSettingsOfTwoEntries(t *testing.T) {
	node := func(src string) *yaml.Node {
		var doc yaml.Node
		if err := yaml.Unmarshal([]byte(src), &doc); err != nil {
			t.Fatal(err)
		}
		return doc.Content[0]
	}
	tl := &tally{agentNames: map[string]bool{"alice": true, "bob": true}}
	entry := func(label, prompts, src string) *ProtocolEntry {
		e := &ProtocolEntry{Label: label, promptsSHA256: prompts}
		if src != "" {
			e.node = node(src)
		}
		return e
	}
	one := entry("debate", "p", "judge: alice\nrounds: 3")
	for _, tc := range []struct {
		name string
		a, b *ProtocolEntry
		want bool
	}{
		{"one entry", one, one, true},
		{"alike", one, entry("debate", "p", "judge: alice\nrounds: 3"), true},
		{"another agent seated", one, entry("debate", "p", "judge: bob\nrounds: 3"), true},
		{"another agent seated, first", entry("debate", "p", "judge: bob\nrounds: 3"), one, true},
		{"a value that is no agent", one, entry("debate", "p", "judge: carol\nrounds: 3"), false},
		{"no agent for an agent", entry("debate", "p", "judge: carol\nrounds: 3"), one, false},
		{"another label", one, entry("debate-2", "p", "judge: alice\nrounds: 3"), false},
		{"other prompts", one, entry("debate", "q", "judge: alice\nrounds: 3"), false},
		{"a string for a number", one, entry("debate", "p", "judge: alice\nrounds: '3'"), false},
		{"another key first", one, entry("debate", "p", "jury: alice\nrounds: 3"), false},
		{"a list shorter", entry("debate", "p", "seats: [alice, bob]"), entry("debate", "p", "seats: [alice, bob, alice]"), false},
		{"a list longer", entry("debate", "p", "seats: [alice, bob, alice]"), entry("debate", "p", "seats: [alice, bob]"), false},
		{"an alias naming another value", entry("debate", "p", "x: &k 1\ny: &m 2\nz: *k"), entry("debate", "p", "x: &m 1\ny: &k 2\nz: *k"), false},
		{"an alias naming the same", entry("debate", "p", "x: &k 1\nz: *k"), entry("debate", "p", "x: &k 1\nz: *k"), true},
		{"no settings", entry("debate", "p", ""), entry("debate", "p", ""), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := tl.sameSettings(tc.a, tc.b); got != tc.want {
				t.Errorf("sameSettings = %v; want %v", got, tc.want)
			}
		})
	}
}
