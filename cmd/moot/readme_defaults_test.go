package main

import (
	"regexp"
	"strings"
	"testing"

	"github.com/mootlab/moot/agents"
	"github.com/mootlab/moot/protocols"
)

// readmeDefault finds a setting and the default the README gives it in
// its prose: "`rounds` (3)", "`interactive` (false: with true, …)".
var readmeDefault = regexp.MustCompile("`([a-z_]+)` \\(([0-9]+|true|false)[:)]")

// TestReadmeProtocolDefaults: the defaults the README's Protocols section
// gives consultancy's and debate's settings, in the sentences beginning
// "Consultancy:", "Debate:" and "Both:", are those the protocols fill in.
func TestReadmeProtocolDefaults(t *testing.T) {
	section := between(t, readme(t), "### Protocols", "\n### ", "no ### Protocols section in the README")
	defaults := map[string]map[string]string{}
	for _, e := range protocols.Entries() {
		defaults[e.Name] = map[string]string{}
		for _, s := range e.Settings {
			defaults[e.Name][s.Name] = protocols.DefaultText(s)
		}
	}
	for _, part := range []struct{ start, end string }{
		{"Consultancy: ", "Debate: "}, {"Debate: ", "Both: "}, {"Both: ", "\n\n"},
	} {
		text := between(t, section, part.start, part.end, "no sentence beginning "+part.start+"in the README's Protocols section")
		kinds := []string{strings.ToLower(strings.TrimSuffix(part.start, ": "))}
		if kinds[0] == "both" {
			kinds = []string{"consultancy", "debate"}
		}
		found := readmeDefault.FindAllStringSubmatch(text, -1)
		if len(found) == 0 {
			t.Errorf("README: %q… gives no default", part.start)
		}
		for _, m := range found {
			for _, kind := range kinds {
				got, ok := defaults[kind][m[1]]
				if !ok {
					t.Errorf("README: %s has no setting %s", kind, m[1])
				} else if got != m[2] {
					t.Errorf("README: %s's %s defaults to %s, where the protocol fills in %s", kind, m[1], m[2], got)
				}
			}
		}
	}
}

// TestReadmeSimDefaults: the default column of the README's sim agent
// table is what the sim backend fills in.
func TestReadmeSimDefaults(t *testing.T) {
	text := readme(t)
	for _, e := range agents.Entries() {
		if e.Name != "sim" {
			continue
		}
		for _, s := range e.Settings {
			if s.Name == "backend" {
				continue
			}
			row := regexp.MustCompile("\n\\| `" + regexp.QuoteMeta(s.Name) + "` \\| ([^|]+) \\|").FindStringSubmatch(text)
			if row == nil {
				t.Errorf("README: no row of the sim agent table for %s", s.Name)
			} else if got, want := strings.TrimSpace(row[1]), protocols.DefaultText(s); got != want {
				t.Errorf("README: sim's %s defaults to %s, where the backend fills in %s", s.Name, got, want)
			}
		}
	}
}
