package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mootlab/moot/analysis"
)

// TestTableKeepsTheSweepsOrder: a run stopped early leaves its log in the
// order its episodes finished, where a later sweep cell's episode may come
// before the first cell's. moot table on it contrasts each line's last
// declared value with its first, as the run did, not the other way round
// (it took the order the log first named the values in, and turned a
// 2-value line's contrast round).
func TestTableKeepsTheSweepsOrder(t *testing.T) {
	const file = `name: order
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
	dir := t.TempDir()
	path := filepath.Join(dir, "order.yaml")
	writeFile(t, path, []byte(file))
	run := filepath.Join(dir, "run")
	if code, stdout, stderr := moot(t, "run", path, "--out", run); code != exitOK {
		t.Fatalf("run: exit %d\n%s%s", code, stdout, stderr)
	}
	contrast := func() *analysis.Paired {
		t.Helper()
		code, out, errOut := moot(t, "table", run, "--format", "json")
		if code != exitOK {
			t.Fatalf("table: exit %d\n%s", code, errOut)
		}
		var s analysis.Summary
		if err := json.Unmarshal([]byte(out), &s); err != nil {
			t.Fatal(err)
		}
		if s.Sweep == nil || len(s.Sweep.Lines) != 1 || s.Sweep.Lines[0].Contrast == nil {
			t.Fatalf("table: want one sweep line with a contrast:\n%s", out)
		}
		return s.Sweep.Lines[0].Contrast
	}
	before := contrast()
	if before.A.Cell != "deb.skill=0.3" || before.B.Cell != "deb.skill=0.9" {
		t.Fatalf("the run's contrast %s against %s; want 0.9 against 0.3", before.B.Cell, before.A.Cell)
	}
	// The first 0.9 episode finished, and was written, before every 0.3
	// episode.
	log := filepath.Join(run, "transcripts.jsonl")
	data, err := os.ReadFile(log)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfter(string(data), "\n")
	moved := -1
	for i, l := range lines {
		if strings.Contains(l, `"cell":"deb.skill=0.9"`) {
			moved = i
			break
		}
	}
	if moved < 1 {
		t.Fatalf("no 0.9 episode after the first line of the log")
	}
	reordered := append([]string{lines[moved]}, append(lines[:moved:moved], lines[moved+1:]...)...)
	writeFile(t, log, []byte(strings.Join(reordered, "")))
	after := contrast()
	if after.A.Cell != before.A.Cell || after.B.Cell != before.B.Cell || after.Difference != before.Difference {
		t.Errorf("contrast of the reordered log: %s − %s = %+.4f; want the run's, %s − %s = %+.4f",
			after.B.Cell, after.A.Cell, after.Difference, before.B.Cell, before.A.Cell, before.Difference)
	}
}
