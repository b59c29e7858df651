package engine

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const goodHead = `name: t
seed: 1
agents:
  a: {backend: sim}
  j: {backend: sim}
tasks:
  - {name: q, generator: qa, n: 3}
protocols:
`

func TestLoadErrors(t *testing.T) {
	tests := []struct {
		name string
		yaml string
		want string // a substring of the message, after "<file>:"
	}{
		{"empty", "", ": empty file"},
		{"not yaml", "name: [unclosed\n", ":1: did not find expected"},
		{"top-level unknown key", "name: t\nsede: 1\n", ":2: sede: unknown field (known: agents, budget_usd, max_failures, name, protocols, repeats, seed, tasks, verdict_retries)"},
		{"wrong type", "name: t\nseed: many\n", ":2: cannot unmarshal !!str `many` into uint64"},
		{"bad name", "name: ../escape\n", ":1: name: want 1-64 letters"},
		{"no agents", "name: t\n", "agents: want a map of agent name to settings"},
		{"unknown backend", "name: t\nagents:\n  a: {backend: gpt}\n", `:3: agents.a.backend: agents: unknown backend "gpt" (known: openai, sim)`},
		{"missing backend", "name: t\nagents:\n  a: {skill: 1}\n", ":3: agents.a.backend: missing (known: openai, sim)"},
		{"unknown agent setting", "name: t\nagents:\n  a:\n    backend: sim\n    diligance: 0.3\n", ":5: agents.a.diligance: unknown field (known: backend, deception, diligence, length_bias, noise, position_bias, skill, trust_unverified)"},
		{"agent setting out of range", "name: t\nagents:\n  a:\n    backend: sim\n    skill: 1.5\n", ":5: agents.a.skill: must be in [0, 1], got 1.5"},
		{"agent setting wrong type", "name: t\nagents:\n  a:\n    backend: sim\n    skill: high\n", ":5: agents.a: cannot unmarshal !!str `high` into float64"},
		{"no protocols", goodHead, "protocols: want a list of at least one protocol"},
		{"unknown protocol", goodHead + "  - {name: duel, judge: j}\n", `:9: protocols[0].name: protocols: unknown protocol "duel" (known: consultancy, debate, direct, direct-with-context)`},
		{"unknown agent in role", goodHead + "  - name: debate\n    judge: jj\n    debaters: a\n", `:10: protocols[0].judge: unknown agent "jj" (agents: a, j)`},
		{"unknown debater", goodHead + "  - name: debate\n    judge: j\n    debaters: [a, b]\n", `:11: protocols[0].debaters: unknown agent "b"`},
		{"three debaters", goodHead + "  - name: debate\n    judge: j\n    debaters: [a, a, a]\n", ":11: protocols[0].debaters: want one agent (for both sides) or two, got 3"},
		{"rounds 0", goodHead + "  - name: debate\n    judge: j\n    debaters: a\n    rounds: 0\n", ":12: protocols[0].rounds: must be between 1 and 20, got 0"},
		{"bad turns", goodHead + "  - {name: debate, judge: j, debaters: a, turns: both}\n", `protocols[0].turns: want "simultaneous" or "sequential", got "both"`},
		{"unknown protocol setting", goodHead + "  - name: consultancy\n    judge: j\n    consultant: a\n    round: 2\n", ":12: protocols[0].round: unknown field"},
		{"missing judge", goodHead + "  - {name: direct}\n", "protocols[0].judge: a judge agent is required"},
		{"duplicate label", goodHead + "  - {name: direct, judge: j}\n  - {name: direct, judge: j}\n", `:10: protocols[1].label: "direct" is already used by protocols[0]`},
		{"no tasks", "name: t\nagents:\n  j: {backend: sim}\nprotocols:\n  - {name: direct, judge: j}\n", "tasks: want a list of at least one task"},
		{"negative n", "name: t\nagents:\n  j: {backend: sim}\nprotocols:\n  - {name: direct, judge: j}\ntasks:\n  - name: q\n    generator: qa\n    n: -3\n", ":9: tasks[0].n: want a number of questions between 1 and 100000, got -3"},
		{"missing n", "name: t\nagents:\n  j: {backend: sim}\nprotocols:\n  - {name: direct, judge: j}\ntasks:\n  - {name: q, generator: qa}\n", "tasks[0].n: want a number of questions between 1 and 100000, got nothing"},
		{"unknown generator", "name: t\nagents:\n  j: {backend: sim}\nprotocols:\n  - {name: direct, judge: j}\ntasks:\n  - {name: q, generator: trivia, n: 2}\n", `:7: tasks[0].generator: tasks: unknown generator "trivia" (known: qa)`},
		{"generator setting out of range", "name: t\nagents:\n  j: {backend: sim}\nprotocols:\n  - {name: direct, judge: j}\ntasks:\n  - name: q\n    generator: qa\n    n: 2\n    difficulty: 3\n", ":10: tasks[0].difficulty: must be in [0, 1], got 3"},
		{"generator unknown setting", "name: t\nagents:\n  j: {backend: sim}\nprotocols:\n  - {name: direct, judge: j}\ntasks:\n  - {name: q, generator: qa, n: 2, hardness: 1}\n", ":7: tasks[0].hardness: unknown field"},
		{"loader", "name: t\nagents:\n  j: {backend: sim}\nprotocols:\n  - {name: direct, judge: j}\ntasks:\n  - {name: q, loader: quality, path: x.jsonl}\n", "tasks[0].loader: dataset loaders are not part of this version"},
		{"duplicate task", "name: t\nagents:\n  j: {backend: sim}\nprotocols:\n  - {name: direct, judge: j}\ntasks:\n  - {name: q, generator: qa, n: 2}\n  - {name: q, generator: qa, n: 2}\n", `:8: tasks[1].name: duplicate task name "q"`},
		{"api key in the file", "name: t\nagents:\n  a:\n    backend: openai\n    base_url: http://127.0.0.1:9/v1\n    model: m\n    api_key: sk-123\n", ":7: agents.a.api_key: a key is never accepted in an experiment file"},
		{"api key variable unset", "name: t\nagents:\n  a:\n    backend: openai\n    base_url: http://127.0.0.1:9/v1\n    model: m\n    api_key_env: MOOT_TEST_UNSET_VARIABLE\n", ":7: agents.a.api_key_env: the environment variable MOOT_TEST_UNSET_VARIABLE is not set"},
		{"openai without model", "name: t\nagents:\n  a: {backend: openai, base_url: http://127.0.0.1:9/v1}\n", ":3: agents.a.model: required"},
		{"bad timeout", "name: t\nagents:\n  a: {backend: openai, base_url: http://127.0.0.1:9/v1, model: m, timeout: soon}\n", "agents.a: cannot unmarshal !!str `soon` into time.Duration"},
		{"repeats 0", "name: t\nrepeats: 0\n", ":2: repeats: must be between 1 and 1000, got 0"},
		{"binary garbage", "\x00\x01\x02\xff\xfe", ""},
		{"invalid utf-8", "name: t\xff\xfe\n", ""},
		{"yaml bomb", yamlBomb(), ""},
		{"a list, not a map", "- name: t\n", "cannot unmarshal !!seq"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "x.yaml")
			if err := os.WriteFile(path, []byte(tt.yaml), 0o644); err != nil {
				t.Fatal(err)
			}
			_, err := Load(path)
			if err == nil {
				t.Fatal("Load: got no error")
			}
			if !errors.Is(err, ErrBadInput) {
				t.Errorf("error %q does not wrap ErrBadInput", err)
			}
			msg := err.Error()
			if !strings.HasPrefix(msg, path) {
				t.Errorf("error %q; want it to start with the file name", msg)
			}
			if !strings.Contains(msg, tt.want) {
				t.Errorf("error = %q; want it to contain %q", msg, tt.want)
			}
			if strings.Contains(msg, "\n") {
				t.Errorf("error %q spans lines; want one line", msg)
			}
		})
	}
}

// yamlBomb nests aliases nine deep, ten to a level: expanded, 10⁹ nodes.
func yamlBomb() string {
	var b strings.Builder
	b.WriteString("name: t\nagents:\n  a: {backend: sim}\nx0: &x0 [lol]\n")
	for i := 1; i < 10; i++ {
		fmt.Fprintf(&b, "x%d: &x%d [", i, i)
		for j := range 10 {
			if j > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "*x%d", i-1)
		}
		b.WriteString("]\n")
	}
	return b.String()
}

func TestLoadMissingFile(t *testing.T) {
	_, err := Load(filepath.Join(t.TempDir(), "nope.yaml"))
	if !errors.Is(err, ErrBadInput) || !errors.Is(err, os.ErrNotExist) {
		t.Errorf("Load of a missing file: err = %v; want ErrBadInput and ErrNotExist", err)
	}
}

func TestLoadHugeFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "big.yaml")
	if err := os.WriteFile(path, []byte("name: t\n#"+strings.Repeat("x", maxFileBytes)+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := Load(path)
	if !errors.Is(err, ErrBadInput) || !strings.Contains(err.Error(), "larger than") {
		t.Errorf("Load of a huge file: err = %v; want a size error", err)
	}
}

func TestLoadDefaults(t *testing.T) {
	x := loadSmall(t)
	if x.Name != "small" || x.Seed != 11 || x.Repeats != 2 {
		t.Errorf("got name %q seed %d repeats %d; want small 11 2", x.Name, x.Seed, x.Repeats)
	}
	labels := []string{}
	for _, p := range x.Protocols {
		labels = append(labels, p.Label)
	}
	if got, want := strings.Join(labels, ","), "direct,direct-with-context,consultancy,debate,debate-unverified"; got != want {
		t.Errorf("labels = %s; want %s", got, want)
	}
	lock, err := x.Lock()
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"rounds: 3", "turns: sequential", "verify_quotes: false", "questions_sha256:", "diligence: 0.3"} {
		if !strings.Contains(string(lock), want) {
			t.Errorf("lock file lacks %q:\n%s", want, lock)
		}
	}
}
