package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mootlab/moot/agents"
	"github.com/mootlab/moot/cache"
	"github.com/mootlab/moot/internal/rofs"
)

// cacheHolding makes a cache in dir that holds an answer under each key,
// its text the key (none: an empty cache), and closes it.
func cacheHolding(t *testing.T, dir string, keys ...string) {
	t.Helper()
	s, err := cache.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for _, k := range keys {
		if _, err := s.Put(context.Background(), k, "agent", agents.Response{Text: k}); err != nil {
			t.Fatal(err)
		}
	}
}

// damagedPagesCache is a cache folder whose file opens but some of whose
// pages of answers are damaged.
func damagedPagesCache(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	s, err := cache.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Repeat("an answer of another run, long enough to fill pages ", 20)
	for i := range 400 {
		if _, err := s.Put(context.Background(), fmt.Sprintf("%064x", i*7919), "agent", agents.Response{Text: text, Draw: fmt.Sprintf("%032x", i)}); err != nil {
			t.Fatal(err)
		}
	}
	s.Close()
	f, err := os.OpenFile(filepath.Join(dir, cache.FileName), os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	// Pages of answers, not the table's root nor its first leaf: the
	// file opens, and a read that comes by them fails.
	const page = 4096
	_, err = f.WriteAt([]byte(strings.Repeat("\xff", 40*page)), 60*page)
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestCacheCommandsRefuseADamagedOrReadOnlyCache: moot cache prune and
// merge refuse a damaged cache (into it or from it) and a change to one
// that can only be read as moot cache stats refuses a damaged one: exit
// 2, naming the file and the way out. They had failed with exit 1, and a
// prune that met damaged pages did not name the file; stats offered
// --no-cache, a flag it does not have. Found pruning and merging the
// damaged and read-only caches of a review.
func TestCacheCommandsRefuseADamagedOrReadOnlyCache(t *testing.T) {
	good := t.TempDir()
	cacheHolding(t, good, "k")
	junk := t.TempDir()
	writeFile(t, filepath.Join(junk, cache.FileName), []byte(strings.Repeat("not a database, cut short ", 200)))
	pages := damagedPagesCache(t)
	readOnly := t.TempDir()
	if err := os.CopyFS(readOnly, os.DirFS(good)); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name string
		args []string
		file string
		says string
	}{
		{"stats of a damaged cache", []string{"cache", "stats", "--cache", pages}, pages, "is damaged"},
		{"prune of a cache that is no database", []string{"cache", "prune", "--all", "--cache", junk}, junk, "is damaged"},
		{"prune of damaged pages", []string{"cache", "prune", "--all", "--cache", pages}, pages, "is damaged"},
		{"merge into a cache that is no database", []string{"cache", "merge", junk, good}, junk, "is damaged"},
		{"merge from a cache that is no database", []string{"cache", "merge", t.TempDir(), junk}, junk, "is damaged"},
		{"merge from damaged pages", []string{"cache", "merge", t.TempDir(), pages}, pages, "is damaged"},
		{"prune of a read-only cache", []string{"cache", "prune", "--all", "--cache", readOnly}, readOnly, "can only be read here"},
		{"merge into a read-only cache", []string{"cache", "merge", readOnly, good}, readOnly, "can only be read here"},
	} {
		t.Run(c.name, func(t *testing.T) {
			if c.file == readOnly {
				rofs.ReadOnly(t, readOnly)
			}
			code, _, errOut := moot(t, c.args...)
			want := filepath.Join(c.file, cache.FileName) + " " + c.says
			if code != exitBadInput || !strings.Contains(errOut, want) || !strings.Contains(errOut, "(") || strings.Contains(errOut, "--no-cache") {
				t.Errorf("exit %d, stderr %q; want %d saying %q and the way out, not --no-cache", code, errOut, exitBadInput, want)
			}
		})
	}
}

// TestCacheMergeOfADamagedSourceLeavesDSTAsItWas: moot cache merge DST A
// B, B damaged, fails naming B, exit 2, and DST holds what it held: the
// merge had added A's answers into DST before it met B's damage, and a
// researcher who merged again after moving B aside could not tell which
// answers had come from where.
func TestCacheMergeOfADamagedSourceLeavesDSTAsItWas(t *testing.T) {
	ctx := context.Background()
	dst, good := t.TempDir(), t.TempDir()
	cacheHolding(t, dst, "held")
	cacheHolding(t, good, "a1", "a2", "a3")
	bad := damagedPagesCache(t)
	code, out, errOut := moot(t, "cache", "merge", dst, good, bad)
	want := filepath.Join(bad, cache.FileName) + " is damaged"
	if code != exitBadInput || !strings.Contains(errOut, want) || strings.Contains(out, "added") {
		t.Errorf("merge with a damaged last source: exit %d, stdout %q, stderr %q; want %d saying %q, nothing added", code, out, errOut, exitBadInput, want)
	}
	s, err := cache.Open(dst)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if st, err := s.Stats(ctx); err != nil || st.Entries != 1 {
		t.Errorf("DST after the refused merge: %d answers, %v; want the 1 it held", st.Entries, err)
	}
}
