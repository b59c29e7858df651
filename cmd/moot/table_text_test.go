package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestTableTextHasWhatMarkdownHas: moot table of a run regrouped prints,
// as text, the sections its markdown has — the cells, the grader's table
// of exam-takers and the sweep's lines, each with its note — not the cells
// alone.
func TestTableTextHasWhatMarkdownHas(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "g.yaml")
	os.WriteFile(file, []byte(`name: g
seed: 4
agents:
  ace: {backend: sim, skill: 0.9}
  poor: {backend: sim, skill: 0.3}
  grader: {backend: sim, skill: 0.5, leniency: 0.5}
tasks:
  - {name: qa, generator: qa, n: 12}
protocols:
  - {name: grade, judge: grader, exam_takers: [ace, poor]}
sweep:
  agents.grader.leniency: [0.2, 0.8]
`), 0o644)
	out := filepath.Join(dir, "run")
	mootOK(t, "run", file, "--out", out)
	sections := []string{"Exam-taker", "grader.leniency", "Each value pools the other axes' cells", "Kendall's tau-b"}
	for _, f := range []string{"text", "markdown"} {
		code, table, errOut := moot(t, "table", out, "--by", "protocol,cell", "--format", f)
		if code != exitOK {
			t.Fatalf("table --format %s: %s", f, errOut)
		}
		for _, s := range sections {
			if !strings.Contains(table, s) {
				t.Errorf("table --format %s has no %q:\n%s", f, s, table)
			}
		}
	}
}
