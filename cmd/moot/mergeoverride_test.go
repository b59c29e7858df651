package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// TestMergeOfShardsRunWithFewerReplicates: shards run with --replicates N
// of a file that sets its own replicates (or seeds) merge into the run
// moot run --replicates N writes, byte for byte — the merge had compared
// them with the file's seeds and refused them, and merge has no flag to
// say otherwise.
func TestMergeOfShardsRunWithFewerReplicates(t *testing.T) {
	tmp := t.TempDir()
	for _, c := range []struct{ name, line string }{
		{"replicates", "replicates: 3\n"},
		{"seeds", "seeds: [11, 4, 97]\n"},
	} {
		t.Run(c.name, func(t *testing.T) {
			file := filepath.Join(tmp, c.name+".yaml")
			if err := os.WriteFile(file, append(mustRead(t, small), c.line...), 0o644); err != nil {
				t.Fatal(err)
			}
			whole := filepath.Join(tmp, c.name+"-whole")
			mootOK(t, "run", file, "--replicates", "2", "--out", whole, "--no-cache")
			var dirs []string
			for i := 2; i >= 1; i-- {
				d := filepath.Join(tmp, fmt.Sprintf("%s-s%d", c.name, i))
				mootOK(t, "run", file, "--replicates", "2", "--shard", fmt.Sprintf("%d/2", i), "--out", d, "--no-cache")
				dirs = append(dirs, d)
			}
			merged := filepath.Join(tmp, c.name+"-merged")
			mootOK(t, append([]string{"merge", merged}, dirs...)...)
			for _, f := range []string{"summary.json", "table.md", "table.csv"} {
				if !bytes.Equal(mustRead(t, filepath.Join(merged, f)), mustRead(t, filepath.Join(whole, f))) {
					t.Errorf("merged %s differs from the unsharded run's", f)
				}
			}
		})
	}
}
