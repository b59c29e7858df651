package main

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mootlab/moot/engine"
)

// TestUnreadableRunIsNotBadInput: a run folder this user may not read is
// said so, and is not "not a run folder", exit 2 (a test as root cannot
// make one: the error is made here).
func TestUnreadableRunIsNotBadInput(t *testing.T) {
	err := notRunFolder("runs/theirs", &fs.PathError{Op: "open", Path: "runs/theirs/transcripts.jsonl", Err: fs.ErrPermission})
	if errors.Is(err, errUsage) || !strings.Contains(err.Error(), "cannot read the run") {
		t.Errorf("got %v; want cannot read the run, not a usage error", err)
	}
}

// TestALogThatCannotBeReadIsSaidAlike: a run whose transcripts cannot be
// read is said so alike by every command that reads a run — a folder in
// the log's place is "not a run folder", exit 2 (export had exited 1, and
// rejudge said "bad input: read …"), and a log this user may not read
// (made where the test is not root) "cannot read the run", exit 1
// (rejudge and export had exited 2 and 1 with a bare error).
func TestALogThatCannotBeReadIsSaidAlike(t *testing.T) {
	dir := t.TempDir()
	run := filepath.Join(dir, "run")
	if code, _, errOut := moot(t, "run", small, "--out", run); code != exitOK {
		t.Fatalf("run: exit %d\n%s", code, errOut)
	}
	commands := func(run string) [][]string {
		return [][]string{
			{"table", run},
			{"export", run, "--format", "csv", "--out", filepath.Join(dir, "x.csv")},
			{"rejudge", run, "--judge", "judge", "--experiment", small, "--out", filepath.Join(dir, "rejudged")},
			{"judge", run, "--as", "ann", "--listen", "127.0.0.1:0"},
		}
	}
	folder := filepath.Join(dir, "folder")
	if err := os.MkdirAll(filepath.Join(folder, engine.TranscriptsFile), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, args := range commands(folder) {
		if code, _, errOut := moot(t, args...); code != exitBadInput || !strings.Contains(errOut, folder+" is not a run folder: read ") {
			t.Errorf("%s of a run whose log is a folder: exit %d, %q; want %d, not a run folder", args[0], code, errOut, exitBadInput)
		}
	}
	if os.Geteuid() == 0 {
		return // root reads any file
	}
	if err := os.Chmod(filepath.Join(run, engine.TranscriptsFile), 0); err != nil {
		t.Fatal(err)
	}
	for _, args := range commands(run) {
		if code, _, errOut := moot(t, args...); code != exitFailed || !strings.Contains(errOut, run+": cannot read the run") {
			t.Errorf("%s of a log this user may not read: exit %d, %q; want %d, cannot read the run", args[0], code, errOut, exitFailed)
		}
	}
}

// TestVerifyWithoutATemporaryFolder: where no temporary folder can be
// made, verify says where it looked and what to set, not a bare stat
// error that reads like its verdict.
func TestVerifyWithoutATemporaryFolder(t *testing.T) {
	t.Setenv("TMPDIR", filepath.Join(t.TempDir(), "none"))
	code, _, errOut := moot(t, "verify", "../../experiments/quickstart.yaml", "--reference", "../../results/quickstart")
	if code == exitOK || !strings.Contains(errOut, "set TMPDIR") {
		t.Errorf("verify with TMPDIR missing: exit %d, %q; want the cause and TMPDIR named", code, errOut)
	}
}

// TestReferenceResultsAreNotAnUnknownFolder: a folder of reference
// results (a summary and tables, no log) named where a run is wanted is
// said to be one, with the command that makes the run, where commands
// the help shows said only "not a run folder".
func TestReferenceResultsAreNotAnUnknownFolder(t *testing.T) {
	for _, args := range [][]string{
		{"table", "../../results/sweep-skill", "--by", "protocol,strong.skill"},
		{"export", "../../results/sweep-skill", "--format", "csv", "--out", filepath.Join(t.TempDir(), "x.csv")},
		{"show", "../../results/quickstart", quickstartEpisode},
	} {
		code, _, errOut := moot(t, args...)
		if code != exitBadInput || !strings.Contains(errOut, "reference results") || !strings.Contains(errOut, "make the run first, with moot run") {
			t.Errorf("moot %s on a folder of reference results: exit %d %s; want %d, saying what it holds and how to make the run", args[0], code, errOut, exitBadInput)
		}
	}
	// moot report too, leaving nothing in the folder (a copy: report takes
	// a run folder's lock).
	ref := filepath.Join(t.TempDir(), "quickstart")
	copyFolder(t, ref, "../../results/quickstart")
	code, _, errOut := moot(t, "report", ref)
	if entries, _ := os.ReadDir(ref); code != exitBadInput || !strings.Contains(errOut, "make the run first, with moot run") || len(entries) != 3 {
		t.Errorf("moot report on a folder of reference results: exit %d %s, %d files after; want %d, saying how to make the run, the 3 files alone", code, errOut, len(entries), exitBadInput)
	}
}

// TestOutUnderAFile: --out that is a file, or a folder to be made under
// one, is bad input (exit 2), said before anything is played; so is such
// a folder that merge or cache merge would write.
func TestOutUnderAFile(t *testing.T) {
	file := filepath.Join(t.TempDir(), "afile")
	writeFile(t, file, nil)
	for _, out := range []string{file, filepath.Join(file, "sub"), filepath.Join(file, "sub", "run")} {
		for _, args := range [][]string{
			{"run", small, "--out", out},
			{"merge", out, filepath.Join(t.TempDir(), "shard")},
			{"cache", "merge", out, t.TempDir()},
		} {
			if code, _, errOut := moot(t, args...); code != exitBadInput || !strings.Contains(errOut, "is a file, not a folder") {
				t.Errorf("%q: exit %d %s; want %d, the file named", args, code, errOut, exitBadInput)
			}
		}
	}
}
