package main

import (
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/mootlab/moot/cache"
	"github.com/mootlab/moot/internal/rofs"
)

// TestCacheWithoutAUserFolder: with no user's cache folder ($HOME not
// set), a run that needs the cache stops at once, exit 2, writing
// nothing, and says why and the way out; --cache DIR is that way out, and
// a run of sim agents, which needs no cache, is not affected.
func TestCacheWithoutAUserFolder(t *testing.T) {
	file := smallOverHTTP(t)
	t.Setenv("HOME", "")
	t.Setenv("XDG_CACHE_HOME", "")
	out := filepath.Join(t.TempDir(), "run")
	code, _, errOut := moot(t, "run", file, "--out", out)
	if code != exitBadInput || !strings.Contains(errOut, "$HOME") || !strings.Contains(errOut, "("+cacheRemedy+")") {
		t.Errorf("run: exit %d, stderr %q; want %d saying $HOME and %q", code, errOut, exitBadInput, cacheRemedy)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("the run refused for its cache made %s: %v", out, err)
	}
	if code, _, errOut := moot(t, "cache", "stats"); code != exitBadInput || !strings.Contains(errOut, "give --cache DIR") {
		t.Errorf("cache stats: exit %d, stderr %q; want %d and the way out", code, errOut, exitBadInput)
	}
	if code, _, errOut := moot(t, "run", file, "--out", out, "--cache", t.TempDir()); code != exitOK {
		t.Errorf("run --cache DIR: exit %d, stderr %q; want 0", code, errOut)
	}
	if code, _, errOut := moot(t, "run", small, "--out", filepath.Join(t.TempDir(), "sim")); code != exitOK {
		t.Errorf("run of sim agents: exit %d, stderr %q; want 0", code, errOut)
	}
}

// TestCacheFolderErrorsSayTheWayOut: a cache folder that cannot be made
// is named, with the way out.
func TestCacheFolderErrorsSayTheWayOut(t *testing.T) {
	file := smallOverHTTP(t)
	afile := filepath.Join(t.TempDir(), "afile")
	writeFile(t, afile, nil)
	t.Setenv("XDG_CACHE_HOME", afile)
	code, _, errOut := moot(t, "run", file, "--out", filepath.Join(t.TempDir(), "run"))
	if want := filepath.Join(afile, "moot"); code == exitOK || !strings.Contains(errOut, want) || !strings.Contains(errOut, "("+cacheRemedy+")") {
		t.Errorf("exit %d, stderr %q; want a failure naming %s, with %q", code, errOut, want, cacheRemedy)
	}
}

// TestADamagedCacheIsBadInput: a cache whose file is not a database (cut
// short, overwritten) stops a run before it writes anything, exit 2,
// naming the file and the way out; moot cache stats refuses it alike.
func TestADamagedCacheIsBadInput(t *testing.T) {
	file := smallOverHTTP(t)
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, cache.FileName), []byte(strings.Repeat("not a database, cut short ", 200)))
	out := filepath.Join(t.TempDir(), "run")
	code, _, errOut := moot(t, "run", file, "--out", out, "--cache", dir)
	if code != exitBadInput || !strings.Contains(errOut, filepath.Join(dir, cache.FileName)) || !strings.Contains(errOut, "("+cacheRemedy+")") {
		t.Errorf("run: exit %d, stderr %q; want %d naming the cache's file, with %q", code, errOut, exitBadInput, cacheRemedy)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("the run refused for its cache made %s: %v", out, err)
	}
	if code, _, errOut := moot(t, "cache", "stats", "--cache", dir); code != exitBadInput {
		t.Errorf("cache stats: exit %d, stderr %q; want %d", code, errOut, exitBadInput)
	}
}

// TestCacheThatCannotStoreKeepsTheRun: answers the cache cannot store
// (every write refused, as on a full disk) are kept by the run, which
// ends well, and the user is told once.
func TestCacheThatCannotStoreKeepsTheRun(t *testing.T) {
	file := smallOverHTTP(t)
	dir := t.TempDir()
	cacheHolding(t, dir)
	db, err := sql.Open("sqlite", filepath.Join(dir, cache.FileName))
	if err != nil {
		t.Fatal(err)
	}
	_, err = db.Exec(`CREATE TRIGGER full BEFORE INSERT ON responses BEGIN SELECT RAISE(FAIL, 'database or disk is full'); END`)
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	code, _, errOut := moot(t, "run", file, "--out", filepath.Join(t.TempDir(), "run"), "--cache", dir)
	if code != exitOK || !strings.Contains(errOut, "0 failed") {
		t.Errorf("exit %d, stderr %q; want 0 and no episode failed", code, errOut)
	}
	if n := strings.Count(errOut, "moot: warning: the response cache "+filepath.Join(dir, cache.FileName)); n != 1 {
		t.Errorf("%d warnings of the cache in stderr %q; want 1", n, errOut)
	}
}

// TestReadOnlyCacheAnswers: a cache that can only be read (a folder of
// modes that deny writing, or for root a read-only mount) answers a run
// again from what it holds, says so once, and the run writes its results.
func TestReadOnlyCacheAnswers(t *testing.T) {
	file := smallOverHTTP(t)
	dir := t.TempDir()
	if code, _, errOut := moot(t, "run", file, "--out", filepath.Join(t.TempDir(), "first"), "--cache", dir); code != exitOK {
		t.Fatalf("first run: exit %d, stderr %q", code, errOut)
	}
	rofs.ReadOnly(t, dir)
	code, _, errOut := moot(t, "run", file, "--out", filepath.Join(t.TempDir(), "again"), "--cache", dir)
	if code != exitOK {
		t.Fatalf("run on a read-only cache: exit %d, stderr %q; want 0", code, errOut)
	}
	if n := strings.Count(errOut, "moot: the response cache "+filepath.Join(dir, cache.FileName)+" can only be read here"); n != 1 {
		t.Errorf("%d notes of the read-only cache in stderr %q; want 1", n, errOut)
	}
	m := regexp.MustCompile(`(\d+) answered \((\d+) cached\), 0 failed`).FindStringSubmatch(errOut)
	if m == nil || m[1] != m[2] || m[1] == "0" {
		t.Errorf("stderr %q; want every call answered from the cache", errOut)
	}
	if strings.Contains(errOut, "warning") {
		t.Errorf("stderr %q; want no warning of answers not stored", errOut)
	}
}

// TestADamagedPageStopsTheRun: a cache whose file opens but some of whose
// pages of answers are damaged stops the run at the first read or write
// that meets one, saying so and the way out, where each such read had
// failed its episode until max_failures stopped the run, and a write was
// warned of as a full disk is; cache stats refuses it as bad input.
func TestADamagedPageStopsTheRun(t *testing.T) {
	file := smallOverHTTP(t)
	dir := damagedPagesCache(t)
	path := filepath.Join(dir, cache.FileName)
	code, _, errOut := moot(t, "run", file, "--out", filepath.Join(t.TempDir(), "run"), "--cache", dir)
	if code != exitFailed || !strings.Contains(errOut, path+" is damaged") || !strings.Contains(errOut, "stopped: the response cache is damaged") || !strings.Contains(errOut, "--no-cache") {
		t.Errorf("run on a damaged cache: exit %d, stderr %q; want %d, stopped at the damage, naming the way out", code, errOut, exitFailed)
	}
	if code, _, errOut := moot(t, "cache", "stats", "--cache", dir); code != exitBadInput || !strings.Contains(errOut, path+" is damaged") {
		t.Errorf("cache stats: exit %d, stderr %q; want %d, the cache damaged", code, errOut, exitBadInput)
	}
}

// TestCacheMergeRefusesCacheFlag: cache merge writes into DST, its first
// argument. It took --cache, which the other cache commands read, and
// ignored it, so that `moot cache merge --cache /data/cache s1 s2`
// merged s2 into the shard cache s1 and left /data/cache as it was; the
// flag is refused, exit 2, before any cache is opened, and merge's help
// does not offer it.
func TestCacheMergeRefusesCacheFlag(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"s1", "s2"} {
		cacheHolding(t, filepath.Join(dir, name))
	}
	before, err := os.ReadDir(filepath.Join(dir, "s1"))
	if err != nil {
		t.Fatal(err)
	}
	want := filepath.Join(dir, "want")
	code, _, errOut := moot(t, "cache", "merge", "--cache", want, filepath.Join(dir, "s1"), filepath.Join(dir, "s2"))
	if code != exitBadInput || !strings.Contains(errOut, "DST") {
		t.Errorf("cache merge --cache: exit %d, stderr %q; want %d saying that DST is the first argument", code, errOut, exitBadInput)
	}
	if _, err := os.Stat(want); !os.IsNotExist(err) {
		t.Errorf("the folder --cache named after a refused merge: %v; want none", err)
	}
	if after, _ := os.ReadDir(filepath.Join(dir, "s1")); len(after) != len(before) {
		t.Errorf("the refused merge opened s1 as its destination: %v, was %v", after, before)
	}
	if _, help, _ := moot(t, "cache", "merge", "--help"); strings.Contains(help, "--cache") {
		t.Errorf("cache merge's help offers --cache:\n%s", help)
	}
	for _, sub := range []string{"stats", "prune"} {
		if _, help, _ := moot(t, "cache", sub, "--help"); !strings.Contains(help, "--cache") {
			t.Errorf("cache %s's help lacks --cache:\n%s", sub, help)
		}
	}
}

// TestCacheStatsNamesTheAgentThatStored: an experiment whose judge is
// renamed, all else alike, is answered from the cache (the key holds no
// agent name), and cache stats still counts those answers under the name
// of the run that stored them; its help says so, where it said only "for
// which agents", and a reader took the names for those of the agents the
// answers serve.
func TestCacheStatsNamesTheAgentThatStored(t *testing.T) {
	file := smallOverHTTP(t)
	data := strings.NewReplacer("  judge: {", "  arbiter: {", "judge: judge", "judge: arbiter").Replace(string(mustRead(t, file)))
	renamed := filepath.Join(t.TempDir(), "renamed.yaml")
	writeFile(t, renamed, []byte(data))
	dir := t.TempDir()
	if code, _, errOut := moot(t, "run", file, "--out", filepath.Join(t.TempDir(), "first"), "--cache", dir); code != exitOK {
		t.Fatalf("first run: exit %d, stderr %q", code, errOut)
	}
	code, _, errOut := moot(t, "run", renamed, "--out", filepath.Join(t.TempDir(), "renamed"), "--cache", dir)
	m := regexp.MustCompile(`(\d+) answered \((\d+) cached\), 0 failed`).FindStringSubmatch(errOut)
	if code != exitOK || m == nil || m[1] != m[2] {
		t.Fatalf("run with the judge renamed: exit %d, stderr %q; want every call answered from the cache", code, errOut)
	}
	if _, out, _ := moot(t, "cache", "stats", "--cache", dir); !strings.Contains(out, "openai judge") || strings.Contains(out, "arbiter") {
		t.Errorf("cache stats:\n%s\nwant the answers under openai judge, the name that stored them", out)
	}
	if _, help, _ := moot(t, "cache", "stats", "--help"); !strings.Contains(help, "named as in the run that stored each answer") || !strings.Contains(help, "renamed") {
		t.Errorf("cache stats --help:\n%s\nwant it to say the names are those of the run that stored each answer", help)
	}
}

// TestUnkeptWarningSaysTheWayOutOfAFullDisk: the warning of answers the
// cache cannot store says what to do where the disk is full (an error
// wrapping cache.ErrFull), and nothing of free space otherwise (a lock
// held too long): TestAFullDiskSaysTheWayOut shows it on a real full
// disk where root may mount one.
func TestUnkeptWarningSaysTheWayOutOfAFullDisk(t *testing.T) {
	path := filepath.Join("/data", "cache", cache.FileName)
	full := unkeptWarning(path, fmt.Errorf("cache: put: %w", cache.ErrFull))
	if !strings.Contains(full, "free space on its disk (moot cache prune --older-than 720h --cache /data/cache") || !strings.Contains(full, "--cache DIR on a disk with room") {
		t.Errorf("a full disk: %q; want the ways out", full)
	}
	if busy := unkeptWarning(path, errors.New("cache: put: database is locked")); strings.Contains(busy, "free space") {
		t.Errorf("a lock held too long: %q; want no word of free space", busy)
	}
}
