package main

import (
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestSweepTournamentPrintsSharedTableAndElo: at the end of a sweep, moot
// run prints (without --cells) the protocols played once for every cell
// — here one, the judge alone, which no axis touches (README, Sweeps) —
// in a table of their own, without the swept cells, then the accuracy
// along each axis, then the tournament's Elo ratings and their note
// (README, Tournaments: a Bradley–Terry fit on the Elo scale).
func TestSweepTournamentPrintsSharedTableAndElo(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "sw.yaml")
	writeFile(t, file, []byte(`name: sw
seed: 5
agents:
  strong: {backend: sim, skill: 0.8}
  sly: {backend: sim, skill: 0.6}
  j: {backend: sim}
tasks:
  - {name: q, generator: qa, n: 6}
protocols:
  - {name: direct, judge: j}
tournament:
  debaters: [strong, sly]
  judge: j
sweep:
  agents.strong.skill: [0.5, 0.9]
`))
	code, stdout, errOut := moot(t, "run", file, "--out", filepath.Join(dir, "run"))
	if code != exitOK {
		t.Fatalf("exit %d; stderr:\n%s", code, errOut)
	}
	shared, lines, ok := strings.Cut(stdout, "| Axis ")
	if !ok {
		t.Fatalf("no table along the sweep's axis; stdout:\n%s", stdout)
	}
	if rows := regexp.MustCompile(`(?m)^\| (\S+) +\| q +\| j +\|`).FindAllStringSubmatch(shared, -1); len(rows) != 1 || rows[0][1] != "direct" {
		t.Errorf("the table before the axis's: rows %q; want the one protocol outside the sweep, direct; stdout:\n%s", rows, stdout)
	}
	if !regexp.MustCompile(`\+\n[^|+\n][^\n]*\n\n\+[-+]+\n$`).MatchString(shared) {
		t.Errorf("want the shared table, its note, and a blank line apart from the axis's table; stdout:\n%s", stdout)
	}
	if strings.Contains(shared, "strong-vs-sly") || strings.Contains(shared, "strong.skill=") {
		t.Errorf("the swept cells are printed in the shared table; want them along the axis alone; stdout:\n%s", stdout)
	}
	elo, note, ok := strings.Cut(lines, "| Player ")
	if !ok || !strings.Contains(elo, "| strong-vs-sly ") {
		t.Fatalf("want the axis's line of strong-vs-sly, then the Elo ratings; stdout:\n%s", stdout)
	}
	if !strings.Contains(note, "\nBradley–Terry on the Elo scale") || !strings.Contains(note, "| strong@strong.skill=0.9/correct ") {
		t.Errorf("want the tournament's ratings and, after them, their note (Bradley–Terry on the Elo scale); stdout:\n%s", stdout)
	}
}
