package main

import (
	"encoding/json"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/mootlab/moot/analysis"
)

// TestTableNamesApartAgentsSetUpOtherwise: two files that give the
// debaters x and y each other's settings, tabled together, rate four
// debaters, x@RUN and y@RUN, not two players of mixed skill, and say so;
// runs of one file at two seeds still rate x and y as one player each,
// beside another file's runs too.
func TestTableNamesApartAgentsSetUpOtherwise(t *testing.T) {
	const file = `name: NAME
seed: SEED
agents:
  x: {backend: sim, skill: XSKILL, deception: 0.8}
  y: {backend: sim, skill: YSKILL, deception: 0.8}
  judge: {backend: sim, skill: 0.5, diligence: 0.3}
tasks:
  - {name: q, generator: qa, n: 8, difficulty: 0.6}
tournament:
  debaters: [x, y]
  judge: judge
  rounds: 1
`
	dir := t.TempDir()
	run := func(name, seed, xs, ys string) string {
		path := filepath.Join(dir, name+".yaml")
		writeFile(t, path, []byte(strings.NewReplacer("NAME", name, "SEED", seed, "XSKILL", xs, "YSKILL", ys).Replace(file)))
		out := filepath.Join(dir, name)
		mootOK(t, "run", path, "--out", out)
		return out
	}
	strongX, strongY, strongXAgain := run("sx", "41", "0.9", "0.3"), run("sy", "42", "0.3", "0.9"), run("sx2", "43", "0.9", "0.3")
	players := func(runs ...string) ([]string, string) {
		code, out, errOut := moot(t, append([]string{"table", "--format", "json"}, runs...)...)
		if code != exitOK {
			t.Fatalf("table %v: exit %d\n%s", runs, code, errOut)
		}
		var sum analysis.Summary
		if err := json.Unmarshal([]byte(out), &sum); err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, r := range sum.Elo {
			names = append(names, r.Player)
		}
		slices.Sort(names)
		return names, errOut
	}
	names, errOut := players(strongX, strongY)
	want := []string{"x@sx/correct", "x@sx/incorrect", "x@sy/correct", "x@sy/incorrect", "y@sx/correct", "y@sx/incorrect", "y@sy/correct", "y@sy/incorrect"}
	if !slices.Equal(names, want) {
		t.Errorf("players of runs that set x and y up otherwise: %v; want %v", names, want)
	}
	if !strings.Contains(errOut, "named apart") || !strings.Contains(errOut, "x (skill: 0.9 in sx, 0.3 in sy)") {
		t.Errorf("stderr does not say x and y were named apart, and why:\n%s", errOut)
	}
	if names, _ := players(strongX, strongXAgain); !slices.Equal(names, []string{"x/correct", "x/incorrect", "y/correct", "y/incorrect"}) {
		t.Errorf("players of one file's runs at two seeds: %v; want x and y as one player each", names)
	}
	// Beside a third run that sets them up otherwise, the two runs of one
	// file still pool their games, under the first's name.
	if names, _ = players(strongX, strongY, strongXAgain); !slices.Equal(names, want) {
		t.Errorf("players of two runs of one file and another: %v; want %v", names, want)
	}
}
