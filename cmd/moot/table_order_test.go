package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/mootlab/moot/analysis"
)

// orderExperiment sweeps a debater's skill over two values.
const orderExperiment = `name: order
seed: 4103
agents:
  deb: {backend: sim, skill: 0.8}
  judge: {backend: sim, skill: 0.5, diligence: 0.4}
tasks:
  - {name: q, generator: qa, n: 12, difficulty: 0.6}
protocols:
  - {name: debate, judge: judge, debaters: deb, swap: false}
sweep:
  agents.deb.skill: [0.3, 0.9]
`

// moveFirst moves the first line of the log that holds marker, not its
// first line, to its start: the order of a log whose run stopped early.
func moveFirst(t *testing.T, log, marker string) {
	t.Helper()
	data, err := os.ReadFile(log)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfter(string(data), "\n")
	moved := slices.IndexFunc(lines, func(l string) bool { return strings.Contains(l, marker) })
	if moved < 1 {
		t.Fatalf("%s: no line with %s after the first", log, marker)
	}
	reordered := append([]string{lines[moved]}, append(lines[:moved:moved], lines[moved+1:]...)...)
	writeFile(t, log, []byte(strings.Join(reordered, "")))
}

// TestTableKeepsTheSweepsOrder: a run stopped early leaves its log in the
// order its episodes finished, where a later sweep cell's episode may come
// before the first cell's. moot table on it contrasts each line's last
// declared value with its first, as the run did, not the other way round
// (it took the order the log first named the values in, and turned a
// 2-value line's contrast round).
func TestTableKeepsTheSweepsOrder(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "order.yaml")
	writeFile(t, path, []byte(orderExperiment))
	run := filepath.Join(dir, "run")
	if code, stdout, stderr := moot(t, "run", path, "--out", run); code != exitOK {
		t.Fatalf("run: exit %d\n%s%s", code, stdout, stderr)
	}
	contrast := func() *analysis.Paired {
		t.Helper()
		s := tableJSON(t, run)
		if s.Sweep == nil || len(s.Sweep.Lines) != 1 || s.Sweep.Lines[0].Contrast == nil {
			t.Fatalf("table: want one sweep line with a contrast: %+v", s.Sweep)
		}
		return s.Sweep.Lines[0].Contrast
	}
	before := contrast()
	if before.A.Cell != "deb.skill=0.3" || before.B.Cell != "deb.skill=0.9" {
		t.Fatalf("the run's contrast %s against %s; want 0.9 against 0.3", before.B.Cell, before.A.Cell)
	}
	// The first 0.9 episode finished, and was written, before every 0.3
	// episode.
	moveFirst(t, filepath.Join(run, "transcripts.jsonl"), `"cell":"deb.skill=0.9"`)
	after := contrast()
	if after.A.Cell != before.A.Cell || after.B.Cell != before.B.Cell || after.Difference != before.Difference {
		t.Errorf("contrast of the reordered log: %s − %s = %+.4f; want the run's, %s − %s = %+.4f",
			after.B.Cell, after.A.Cell, after.Difference, before.B.Cell, before.A.Cell, before.Difference)
	}
}

// TestReplicatedTableKeepsTheSweepsOrder: a replicated run whose seed
// stopped early left that seed's log in the order its episodes finished:
// moot table's lines across the seeds keep the order the run declared,
// and count that seed's contrast (they took the log's order, and turned
// the contrast round, or left the seed out of it).
func TestReplicatedTableKeepsTheSweepsOrder(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "order.yaml")
	writeFile(t, path, []byte(orderExperiment))
	run := filepath.Join(dir, "run")
	if code, stdout, stderr := moot(t, "run", path, "--replicates", "2", "--out", run); code != exitOK {
		t.Fatalf("run: exit %d\n%s%s", code, stdout, stderr)
	}
	moveFirst(t, filepath.Join(run, "seed-4103", "transcripts.jsonl"), `"cell":"deb.skill=0.9"`)
	s := tableJSON(t, run)
	if s.Replicates == nil || s.Replicates.Sweep == nil || len(s.Replicates.Sweep.Lines) != 1 || s.Replicates.Sweep.Lines[0].Contrast == nil {
		t.Fatalf("table: want one sweep line across the seeds with a contrast: %+v", s.Replicates)
	}
	c := s.Replicates.Sweep.Lines[0].Contrast
	if c.A.Cell != "deb.skill=0.3" || c.B.Cell != "deb.skill=0.9" || c.Replicates != 2 {
		t.Errorf("contrast %s against %s over %d seeds; want 0.9 against 0.3 over 2", c.B.Cell, c.A.Cell, c.Replicates)
	}
}

// TestTableOfARunWithoutLock: a run without a lock, which swept skill
// down, tabled beside one that swept it up keeps its own order, as its
// summary says (the other run's declared order turned its line round).
func TestTableOfARunWithoutLock(t *testing.T) {
	dir := t.TempDir()
	up, down := filepath.Join(dir, "up.yaml"), filepath.Join(dir, "down.yaml")
	writeFile(t, up, []byte(orderExperiment))
	writeFile(t, down, []byte(strings.Replace(orderExperiment, "[0.3, 0.9]", "[0.9, 0.3]", 1)))
	for _, r := range []struct{ file, out string }{{up, "A"}, {down, "C"}} {
		if code, stdout, stderr := moot(t, "run", r.file, "--out", filepath.Join(dir, r.out)); code != exitOK {
			t.Fatalf("run: exit %d\n%s%s", code, stdout, stderr)
		}
	}
	if err := os.Remove(filepath.Join(dir, "C", "config.lock.yaml")); err != nil {
		t.Fatal(err)
	}
	s := tableJSON(t, filepath.Join(dir, "A"), filepath.Join(dir, "C"))
	if s.Sweep == nil || len(s.Sweep.Lines) != 2 {
		t.Fatalf("table: want two sweep lines: %+v", s.Sweep)
	}
	for _, l := range s.Sweep.Lines {
		want := [2]string{"deb.skill=0.3", "deb.skill=0.9"}
		if strings.HasPrefix(l.Protocol, "C:") {
			want = [2]string{"deb.skill=0.9", "deb.skill=0.3"}
		}
		if c := l.Contrast; c == nil || c.A.Cell != want[0] || c.B.Cell != want[1] {
			t.Errorf("%s: contrast %+v; want %s against %s", l.Protocol, c, want[1], want[0])
		}
	}
}

// tableJSON is moot table's summary of runs, as --format json gives it.
func tableJSON(t *testing.T, runs ...string) analysis.Summary {
	t.Helper()
	code, out, errOut := moot(t, append(append([]string{"table"}, runs...), "--format", "json")...)
	if code != exitOK {
		t.Fatalf("table: exit %d\n%s", code, errOut)
	}
	var s analysis.Summary
	if err := json.Unmarshal([]byte(out), &s); err != nil {
		t.Fatal(err)
	}
	return s
}
