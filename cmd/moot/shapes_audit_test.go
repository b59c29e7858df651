package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mootlab/moot/engine"
)

// replicateAt writes, in out, the folder of a replicate named for seed
// whose lock says lockSeed.
func replicateAt(t *testing.T, out string, seed, lockSeed uint64) {
	t.Helper()
	dir := filepath.Join(out, engine.ReplicateDir(seed))
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(dir, engine.LockFile), []byte(fmt.Sprintf("name: x\nseed: %d\n", lockSeed)))
}

// TestOtherShapeCountsTheReplicates: a run at one seed into a folder of
// three replicates names the first and "2 more"; a folder named as a
// replicate whose lock is of another seed is none (replicateFolders).
func TestOtherShapeCountsTheReplicates(t *testing.T) {
	out := t.TempDir()
	replicateAt(t, out, 1, 1)
	replicateAt(t, out, 2, 2)
	replicateAt(t, out, 3, 3)
	replicateAt(t, out, 4, 9) // a copy: its lock is of seed 9
	_, err := otherShape(out, false, false)
	want := fmt.Sprintf("holds a replicated run (%s and 2 more)", filepath.Join(out, "seed-1"))
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("otherShape: %v; want it to say %q", err, want)
	}
	if reps := replicateFolders(out); len(reps) != 3 {
		t.Errorf("replicateFolders: %v; want the three whose lock has their seed", reps)
	}
	lone := t.TempDir()
	replicateAt(t, lone, 5, 5)
	_, err = otherShape(lone, false, false)
	if want := "(" + filepath.Join(lone, "seed-5") + " and 0 more)"; err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("otherShape of one replicate: %v; want it to say %q", err, want)
	}
}
