package main

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/mootlab/moot/cache"
)

// TestAFullDiskSaysTheWayOut: a run whose cache's disk is full keeps its
// answers and warns once, as it did, and the warning now says what to do
// (free space, with moot cache prune and its flags, or another --cache),
// where it said only that later runs pay for the answers again. The disk
// is a small tmpfs, filled: the test is skipped where it may not mount
// one.
func TestAFullDiskSaysTheWayOut(t *testing.T) {
	file := smallOverHTTP(t)
	dir := smallDisk(t, "1m")
	cacheHolding(t, dir)
	fill(t, filepath.Join(dir, "filler"), 64<<10)
	code, _, errOut := moot(t, "run", file, "--out", filepath.Join(t.TempDir(), "run"), "--cache", dir)
	if code != exitOK || !strings.Contains(errOut, "0 failed") {
		t.Errorf("exit %d, stderr %q; want 0 and no episode failed", code, errOut)
	}
	path := filepath.Join(dir, cache.FileName)
	want := "to store them, free space on its disk (moot cache prune --older-than 720h --cache " + dir
	if n := strings.Count(errOut, "moot: warning: the response cache "+path); n != 1 || !strings.Contains(errOut, want) || !strings.Contains(errOut, "or give later runs --cache DIR on a disk with room") {
		t.Errorf("%d warnings of the cache in stderr %q; want 1, saying %q and the other way out", n, errOut, want)
	}
}

// smallDisk is an empty folder on a tmpfs of size (mount's size=), for
// the test alone; the test is skipped where it may not mount one.
func smallDisk(t *testing.T, size string) string {
	t.Helper()
	if os.Getuid() != 0 {
		t.Skip("only root mounts a small disk here")
	}
	dir := t.TempDir()
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size="+size, "tmpfs", dir).CombinedOutput(); err != nil {
		t.Skipf("root may not mount a tmpfs on %s here: %v: %s", dir, err, out)
	}
	t.Cleanup(func() {
		if out, err := exec.Command("umount", dir).CombinedOutput(); err != nil {
			t.Errorf("umount %s: %v: %s", dir, err, out)
		}
	})
	return dir
}

// fill writes the file at path until its disk is full, then gives back
// room bytes of it.
func fill(t *testing.T, path string, room int64) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	block := make([]byte, 4096)
	for {
		if _, err = f.Write(block); err != nil {
			break
		}
	}
	if !errors.Is(err, syscall.ENOSPC) {
		t.Fatalf("filling %s: %v; want the disk full", path, err)
	}
	fi, err := f.Stat()
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(fi.Size() - room); err != nil {
		t.Fatal(err)
	}
}
