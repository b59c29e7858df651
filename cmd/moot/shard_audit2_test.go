package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestShardOfBlanksIsEmpty: --shard of spaces alone (a variable set to
// a blank) is as empty as --shard "": refused, exit 2, saying so.
func TestShardOfBlanksIsEmpty(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out")
	if code, _, errOut := moot(t, "run", small, "--shard", "  ", "--out", out); code != exitBadInput || !strings.Contains(errOut, "--shard is empty") {
		t.Errorf("--shard of blanks: exit %d %q; want %d and --shard is empty", code, errOut, exitBadInput)
	}
}

// TestShardsDefaultFolder: a shard run without --out writes into
// results/<name>-shard-i-of-n (README, moot run --shard): shard 1 of 2
// of the small experiment into results/small-shard-1-of-2.
func TestShardsDefaultFolder(t *testing.T) {
	abs, err := filepath.Abs(small)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	t.Chdir(dir)
	mootOK(t, "run", abs, "--shard", "1/2")
	if _, err := os.Stat(filepath.Join(dir, "results", "small-shard-1-of-2", "summary.json")); err != nil {
		t.Errorf("shard 1/2 without --out: %v; want its run in results/small-shard-1-of-2", err)
	}
}
