package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestCachePruneByAge: --older-than deletes the answers cached longer ago
// than the age: a run's answers, just stored, are not 720h old, and --all
// deletes every one; stats says how many there are before and after, and
// their oldest and newest only while there are some.
func TestCachePruneByAge(t *testing.T) {
	dir := t.TempDir()
	mootOK(t, "run", smallOverHTTP(t), "--out", filepath.Join(t.TempDir(), "run"), "--cache", dir)
	_, out, _ := moot(t, "cache", "stats", "--cache", dir)
	m := regexp.MustCompile(`: (\d+) answers`).FindStringSubmatch(out)
	if m == nil || m[1] == "0" || !strings.Contains(out, "oldest ") {
		t.Fatalf("cache stats after a run:\n%s\nwant its answers counted, with the oldest and newest", out)
	}
	// By agent, in the order of their names (judge, sly, strong).
	if j, sl, st := strings.Index(out, "  openai judge\n"), strings.Index(out, "  openai sly\n"), strings.Index(out, "  openai strong\n"); j < 0 || !(j < sl && sl < st) {
		t.Errorf("cache stats:\n%s\nwant openai judge, sly and strong in that order", out)
	}
	if code, out, errOut := moot(t, "cache", "prune", "--older-than", "720h", "--cache", dir); code != exitOK || !strings.HasPrefix(out, "deleted 0 answers") {
		t.Errorf("prune --older-than 720h: exit %d, %q %q; want none deleted", code, out, errOut)
	}
	if code, out, errOut := moot(t, "cache", "prune", "--all", "--cache", dir); code != exitOK || !strings.HasPrefix(out, "deleted "+m[1]+" answers") {
		t.Errorf("prune --all: exit %d, %q %q; want the %s answers deleted", code, out, errOut, m[1])
	}
	if _, out, _ := moot(t, "cache", "stats", "--cache", dir); !strings.Contains(out, ": 0 answers") || strings.Contains(out, "oldest") {
		t.Errorf("cache stats of an emptied cache:\n%s\nwant 0 answers and no oldest or newest", out)
	}
}

// TestCacheMergeSaysWhatItAdded: merge prints on stdout, for each SRC,
// how many answers it added; a SRC that holds no cache is refused (exit
// 2) saying so, before DST is made.
func TestCacheMergeSaysWhatItAdded(t *testing.T) {
	src, dst := t.TempDir(), filepath.Join(t.TempDir(), "dst")
	cacheHolding(t, src, "k1", "k2", "k3")
	code, out, errOut := moot(t, "cache", "merge", dst, src)
	if want := src + ": added 3 answers\n"; code != exitOK || out != want {
		t.Errorf("cache merge: exit %d, stdout %q, stderr %q; want 0 and %q", code, out, errOut, want)
	}
	empty, dst2 := t.TempDir(), filepath.Join(t.TempDir(), "dst2")
	code, _, errOut = moot(t, "cache", "merge", dst2, empty)
	if code != exitBadInput || !strings.Contains(errOut, empty+" holds no response cache") {
		t.Errorf("cache merge of a folder with no cache: exit %d %q; want %d and the folder named", code, errOut, exitBadInput)
	}
	if _, err := os.Stat(dst2); !os.IsNotExist(err) {
		t.Errorf("DST %s made (%v); want nothing written", dst2, err)
	}
}

// TestNoCacheOpensNoCache: --no-cache neither reads nor writes the
// response cache: a run given it leaves the default cache folder (the
// user's cache folder's moot) unmade.
func TestNoCacheOpensNoCache(t *testing.T) {
	home := t.TempDir()
	t.Setenv("XDG_CACHE_HOME", home)
	mootOK(t, "run", smallOverHTTP(t), "--out", filepath.Join(t.TempDir(), "run"), "--no-cache")
	if _, err := os.Stat(filepath.Join(home, "moot")); !os.IsNotExist(err) {
		t.Errorf("run --no-cache: %s (%v); want no cache folder made", filepath.Join(home, "moot"), err)
	}
}
