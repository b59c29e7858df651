package engine

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/mootlab/moot/agents/sim"
	"github.com/mootlab/moot/analysis"
	"github.com/mootlab/moot/transcript"
)

// loadText writes an experiment file and loads it.
func loadText(t *testing.T, name, text string) *Experiment {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return mustLoad(t, path)
}

const sharedSweep = `name: shared
seed: 9
agents:
  strong: {backend: sim, skill: 0.9, deception: 0.8}
  judge: {backend: sim, skill: 0.5, diligence: 0.3, trust_unverified: 0.3}
tasks:
  - {name: qa, generator: qa, n: 12, difficulty: 0.6}
protocols:
  - {name: direct, label: alone, judge: judge}
  - {name: debate, judge: judge, debaters: strong, rounds: 2}
sweep:
  agents.strong.skill: [0.3, 0.6, 0.9]
`

// TestSweepPlaysUntouchedProtocolsOnce: a protocol no axis touches is
// played once, with no cell, and every interval counts its episodes once:
// pooled over cells it has as many episodes as questions, and each cell
// compares its debate with that one baseline.
func TestSweepPlaysUntouchedProtocolsOnce(t *testing.T) {
	x := loadText(t, "shared.yaml", sharedSweep)
	if x.Sweep.Touches(x.Protocols[0]) || !x.Sweep.Touches(x.Protocols[1]) {
		t.Fatalf("Touches: alone %v, debate %v; want false, true", x.Sweep.Touches(x.Protocols[0]), x.Sweep.Touches(x.Protocols[1]))
	}
	plan := x.Plan()
	if got, want := len(plan), 12*(1+3*2); got != want {
		t.Fatalf("len(plan) = %d; want %d (alone once a question, debate in 3 cells × 2 orders)", got, want)
	}
	dir := t.TempDir()
	res, err := runSummarized(context.Background(), x, Options{Out: dir, Concurrency: 2})
	if err != nil {
		t.Fatal(err)
	}
	eps, err := transcript.ReadFile(filepath.Join(dir, TranscriptsFile))
	if err != nil {
		t.Fatal(err)
	}
	pooled, err := analysis.SummarizeBy(x.Name, x.Seed, eps, []string{analysis.FieldProtocol})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range pooled.Cells {
		want := map[string]int{"alone": 12, "debate": 12 * 3 * 2}[c.Protocol]
		if c.N != want || c.Questions != 12 {
			t.Errorf("pooled over cells, %s: n %d over %d questions; want %d distinct episodes over 12", c.Protocol, c.N, c.Questions, want)
		}
	}
	for _, c := range res.Summary.Cells {
		if c.Protocol == "alone" && (c.Cell != "" || c.N != 12) {
			t.Errorf("alone: cell %q, n %d; want no cell and 12 episodes", c.Cell, c.N)
		}
	}
	pairs := map[string]bool{}
	for _, p := range res.Summary.Comparisons {
		if p.A.Protocol == "alone" && p.B.Protocol == "debate" && p.A.Cell == "" {
			pairs[p.B.Cell] = true
		}
	}
	for _, c := range x.CellNames() {
		if !pairs[c] {
			t.Errorf("cell %s: no comparison of its debate with the shared baseline (have %v)", c, pairs)
		}
	}
}

// TestSweepWildcardAndZip: agents.*.<setting> sets every agent that has
// the setting; a zip's axes vary together, one cell per value.
func TestSweepWildcardAndZip(t *testing.T) {
	x := loadText(t, "zip.yaml", strings.Replace(sharedSweep, "  agents.strong.skill: [0.3, 0.6, 0.9]\n",
		"  agents.*.noise: [0.2, 0.6]\n  zip:\n    agents.strong.skill: [0.3, 0.9]\n    protocols.debate.rounds: [1, 3]\n", 1))
	want := []string{
		"*.noise=0.2,strong.skill=0.3,debate.rounds=1", "*.noise=0.2,strong.skill=0.9,debate.rounds=3",
		"*.noise=0.6,strong.skill=0.3,debate.rounds=1", "*.noise=0.6,strong.skill=0.9,debate.rounds=3",
	}
	if got := x.CellNames(); !slices.Equal(got, want) {
		t.Fatalf("cells %q; want %q", got, want)
	}
	for i, c := range x.Sweep.Cells {
		if len(c.Agents) != 2 {
			t.Fatalf("cell %s changes %d agents; want both (the wildcard)", c.Name, len(c.Agents))
		}
		for _, a := range c.Agents {
			s := a.Settings.(*sim.Settings)
			if wantNoise := []float64{0.2, 0.2, 0.6, 0.6}[i]; s.Noise != wantNoise {
				t.Errorf("cell %s: %s has noise %v; want %v", c.Name, a.Name, s.Noise, wantNoise)
			}
		}
		if got, want := c.Protocols[1].Protocol.Rules().Rounds, []int{1, 3, 1, 3}[i]; got != want {
			t.Errorf("cell %s: debate has %d rounds; want %d", c.Name, got, want)
		}
	}
	if !x.Sweep.Touches(x.Protocols[0]) {
		t.Error("the judge alone is not touched by agents.*.noise, which sets its judge")
	}
	if zips := []int{x.Sweep.Axes[0].Zip, x.Sweep.Axes[1].Zip, x.Sweep.Axes[2].Zip}; zips[0] != 0 || zips[1] == 0 || zips[1] != zips[2] {
		t.Errorf("Zip of the axes %v; want 0 and then one group", zips)
	}
}

// TestFilesPairAcrossNames: two files that differ in their name and in a
// debater give the protocol they share the same draws, so that their
// judge-alone episodes are identical and pair question by question.
func TestFilesPairAcrossNames(t *testing.T) {
	base := strings.Replace(sharedSweep, "sweep:\n  agents.strong.skill: [0.3, 0.6, 0.9]\n", "", 1)
	other := strings.Replace(strings.Replace(base, "name: shared", "name: renamed", 1), "skill: 0.9, deception: 0.8", "skill: 0.4, deception: 0.2", 1)
	var runs [2][]transcript.Episode
	for i, text := range []string{base, other} {
		dir := t.TempDir()
		if _, err := runSummarized(context.Background(), loadText(t, "f.yaml", text), Options{Out: dir}); err != nil {
			t.Fatal(err)
		}
		eps, err := transcript.ReadFile(filepath.Join(dir, TranscriptsFile))
		if err != nil {
			t.Fatal(err)
		}
		runs[i] = eps
	}
	same, differ := 0, 0
	for i, a := range runs[0] {
		b := runs[1][i]
		if a.EpisodeID != b.EpisodeID {
			t.Fatalf("episode %d: ids %s and %s; want the same (the name is not part of an id)", i, a.EpisodeID, b.EpisodeID)
		}
		switch {
		case a.Protocol == "alone" && (a.Verdict != b.Verdict || a.Messages[0].Text != b.Messages[0].Text):
			t.Errorf("episode %s of the judge alone differs between the files", a.EpisodeID)
		case a.Protocol == "alone":
			same++
		case a.Messages[0].Text != b.Messages[0].Text:
			differ++
		}
	}
	if same != 12 || differ == 0 {
		t.Errorf("%d identical judge-alone episodes (want 12), %d debates that differ (want some: the debater changed)", same, differ)
	}
}
