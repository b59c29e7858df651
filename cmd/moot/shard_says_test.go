package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mootlab/moot/engine"
)

// TestShardSaysItIsOne: a shard's run says in summary.json, table.md,
// report.html and moot table that its cells hold its questions alone;
// before, only its lock did, and its tables read as a whole run's on
// fewer questions. So does a replicated shard's, above its seeds and in
// each. (A merge of the shards is the unsharded run to the byte:
// TestShardsMergeIntoTheUnshardedRun.)
func TestShardSaysItIsOne(t *testing.T) {
	tmp := t.TempDir()
	check := func(dir, shard string, files ...string) {
		t.Helper()
		says := map[string]string{
			"summary.json": fmt.Sprintf(`"shard": %q`, shard),
			"table.md":     fmt.Sprintf("**Shard %s** (moot run --shard %s): the tables hold this shard's questions alone", shard, shard),
			"report.html":  fmt.Sprintf("<strong>Shard %s</strong> (moot run --shard %s): the tables hold this shard&#39;s questions alone", shard, shard),
		}
		for _, f := range files {
			if got := string(mustRead(t, filepath.Join(dir, f))); !strings.Contains(got, says[f]) {
				t.Errorf("%s: want %q", filepath.Join(dir, f), says[f])
			}
		}
	}
	for i, dir := range runShards(t, small, tmp, 2) {
		shard := fmt.Sprintf("%d/2", i+1)
		check(dir, shard, "summary.json", "table.md", "report.html")
		_, out, _ := moot(t, "table", dir)
		if want := fmt.Sprintf("Shard %s (moot run --shard %s)", shard, shard); !strings.Contains(out, want) {
			t.Errorf("moot table %s:\n%s\nwant %q", dir, out, want)
		}
	}
	reps := filepath.Join(tmp, "reps")
	mootOK(t, "run", small, "--replicates", "2", "--shard", "2/2", "--out", reps, "--no-cache")
	check(reps, "2/2", "summary.json", "table.md", "report.html")
	seeds, err := filepath.Glob(filepath.Join(reps, engine.ReplicateGlob))
	if err != nil || len(seeds) != 2 {
		t.Fatalf("replicates %v (%v); want 2", seeds, err)
	}
	check(seeds[0], "2/2", "summary.json", "table.md")
	if _, out, _ := moot(t, "table", reps, "--format", "markdown"); !strings.Contains(out, "**Shard 2/2**") {
		t.Errorf("moot table of the replicated shard:\n%s\nwant it named a shard", out)
	}
}

// TestShardSaysItIsOneOfItselfAlone: the shard a run is goes with the run
// wherever its tables are made again: moot report of the shard's folder
// (the page summarized again from its transcripts), and moot table of a
// shard whose summary.json is gone (the run's head read from its lock).
// A table of two shards together pools what each played and names no
// shard.
func TestShardSaysItIsOneOfItselfAlone(t *testing.T) {
	dirs := runShards(t, small, t.TempDir(), 2)
	mootOK(t, "report", dirs[0])
	if got := string(mustRead(t, filepath.Join(dirs[0], "report.html"))); !strings.Contains(got, "<strong>Shard 1/2</strong>") {
		t.Errorf("moot report of shard 1/2: report.html does not name it a shard")
	}
	if _, out, _ := moot(t, "table", dirs[0], dirs[1]); strings.Contains(out, "Shard 1/2") || strings.Contains(out, "Shard 2/2") {
		t.Errorf("moot table of two shards:\n%s\nwant no shard named", out)
	}
	if err := os.Remove(filepath.Join(dirs[1], "summary.json")); err != nil {
		t.Fatal(err)
	}
	if _, out, errOut := moot(t, "table", dirs[1]); !strings.Contains(out, "Shard 2/2 (moot run --shard 2/2)") {
		t.Errorf("moot table of shard 2/2 without its summary.json:\n%s\n%s\nwant it named a shard", out, errOut)
	}
}
