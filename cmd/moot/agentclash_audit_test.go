package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/mootlab/moot/engine"
	"github.com/mootlab/moot/transcript"
)

// TestAgentDiffersAudit: what two locks' setups of one agent differ in,
// by the doc of agentDiffers: the backend first; a setting one lock
// leaves out counts as zero; 2 and 2.0 (YAML's int and float) are one
// number.
func TestAgentDiffersAudit(t *testing.T) {
	sim := func(s map[string]any) engine.LockHeadAgent { return engine.LockHeadAgent{Backend: "sim", Settings: s} }
	for _, c := range []struct {
		name string
		a, b engine.LockHeadAgent
		want []string
	}{
		{"another backend", sim(map[string]any{"skill": 0.5}), engine.LockHeadAgent{Backend: "openai", Settings: map[string]any{"skill": 0.5}}, []string{"backend"}},
		{"left out in a, zero in b", sim(map[string]any{"skill": 0.5}), sim(map[string]any{"skill": 0.5, "deception": 0.0}), nil},
		{"zero in a, left out in b", sim(map[string]any{"skill": 0.5, "deception": 0.0}), sim(map[string]any{"skill": 0.5}), nil},
		{"int and float of one number", sim(map[string]any{"rounds": 2}), sim(map[string]any{"rounds": 2.0}), nil},
		{"a setting apart", sim(map[string]any{"skill": 0.5, "rounds": 2}), sim(map[string]any{"skill": 0.7, "rounds": 2}), []string{"skill"}},
	} {
		if got := agentDiffers(c.a, c.b); !slices.Equal(got, c.want) {
			t.Errorf("%s: agentDiffers = %v; want %v", c.name, got, c.want)
		}
	}
	a := engine.LockHeadAgent{Backend: "sim", Settings: map[string]any{"skill": 0.9}}
	if got := settingsText(a, []string{"backend", "skill", "deception"}); got != "sim, 0.9, unset" {
		t.Errorf("settingsText = %q; want %q", got, "sim, 0.9, unset")
	}
}

// TestAgentsApartSaysEachAgentOnce: three runs that each set x up
// otherwise name x apart, and say so once, for the first two runs that
// differ.
func TestAgentsApartSaysEachAgentOnce(t *testing.T) {
	root := t.TempDir()
	var dirs []string
	for i, skill := range []string{"0.9", "0.3", "0.5"} {
		dir := filepath.Join(root, fmt.Sprint("r", i))
		if err := os.Mkdir(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		writeFile(t, filepath.Join(dir, engine.LockFile), []byte("agents:\n  x: {backend: sim, settings: {skill: "+skill+"}}\n  j: {backend: sim, settings: {skill: 0.5}}\n"))
		dirs = append(dirs, dir)
	}
	var w bytes.Buffer
	rename := agentsApart(&w, dirs, []string{"A", "B", "C"})
	said := w.String()
	if n := strings.Count(said, "x (skill"); n != 1 || !strings.Contains(said, "x (skill: 0.9 in A, 0.3 in B)") {
		t.Errorf("x said %d times; want once, as x (skill: 0.9 in A, 0.3 in B):\n%s", n, said)
	}
	if strings.Contains(said, "j (") {
		t.Errorf("j, set up alike, is said apart:\n%s", said)
	}
	for i, want := range []string{"x@A", "x@B", "x@C"} {
		e := transcript.Episode{Judge: "x"}
		rename(i, &e)
		if e.Judge != want {
			t.Errorf("run %d's x renamed %q; want %q", i, e.Judge, want)
		}
	}
}
