package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestTablePoolsANumberWrittenTwoWays: runs of two files that write one
// sweep value as 0.5 and 0.50, at other seeds, pooled by moot table along
// that axis, give one row and one point a value, as the first run writes
// it, with every episode of both, and say so; the line keeps its contrast.
func TestTablePoolsANumberWrittenTwoWays(t *testing.T) {
	const file = `name: spellings
seed: SEED
agents:
  deb: {backend: sim, skill: 0.8}
  judge: {backend: sim, skill: 0.5, diligence: 0.4}
tasks:
  - {name: q, generator: qa, n: 10, difficulty: 0.6}
protocols:
  - {name: debate, judge: judge, debaters: deb, swap: false}
sweep:
  agents.deb.skill: VALUES
`
	dir := t.TempDir()
	var runs []string
	for i, spelling := range []struct{ seed, values string }{{"4101", "[0.5, 0.9]"}, {"4102", "[0.50, 0.90]"}} {
		path := filepath.Join(dir, "f"+string(rune('a'+i))+".yaml")
		writeFile(t, path, []byte(strings.NewReplacer("SEED", spelling.seed, "VALUES", spelling.values).Replace(file)))
		out := filepath.Join(dir, "run"+string(rune('a'+i)))
		if code, stdout, stderr := moot(t, "run", path, "--out", out); code != exitOK {
			t.Fatalf("run %s: exit %d\n%s%s", path, code, stdout, stderr)
		}
		runs = append(runs, out)
	}
	code, out, errOut := moot(t, "table", runs[0], runs[1], "--by", "deb.skill", "--format", "csv")
	if code != exitOK {
		t.Fatalf("table: exit %d\n%s", code, errOut)
	}
	rows := strings.Split(strings.TrimSpace(out), "\n")
	if len(rows) != 3 || !strings.HasSuffix(rows[1], ",deb.skill=0.5,0.5") || !strings.HasSuffix(rows[2], ",deb.skill=0.9,0.9") {
		t.Errorf("table --by deb.skill of both runs:\n%s\nwant a header and two rows, 0.5 and 0.9", out)
	}
	for _, r := range rows[1:] {
		if !strings.Contains(r, ",judge,,20,") {
			t.Errorf("row %q: want n 20, both runs' episodes", r)
		}
	}
	if !strings.Contains(errOut, "deb.skill 0.50 as 0.5; deb.skill 0.90 as 0.9") {
		t.Errorf("stderr does not say the values were pooled as one:\n%s", errOut)
	}
}
