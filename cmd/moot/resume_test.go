package main

import (
	"bytes"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/mootlab/moot/engine"
)

// TestResumeCommandNamesAFileThatIsThere: the command that resumes a run
// names the experiment file as the run's lock has it where that path
// names a file from here; where it does not (the run was started in
// another folder), it says what the path is instead of a command that
// would fail.
func TestResumeCommandNamesAFileThatIsThere(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "run")
	mootOK(t, "run", small, "--out", dir, "--no-cache")
	if got, want := resumeCommand(dir), "`moot run "+small+" --out "+dir+"`"; got != want {
		t.Errorf("resume command %q; want %q", got, want)
	}
	lock := filepath.Join(dir, engine.LockFile)
	data := mustRead(t, lock)
	moved := bytes.Replace(data, []byte("experiment: "+small), []byte("experiment: elsewhere/small.yaml"), 1)
	if bytes.Equal(moved, data) {
		t.Fatalf("the lock does not name %s", small)
	}
	writeFile(t, lock, moved)
	if got := resumeCommand(dir); !strings.Contains(got, "`moot run EXPERIMENT --out "+dir+"`") || !strings.Contains(got, "names elsewhere/small.yaml from the folder it was started in") {
		t.Errorf("resume command %q; want EXPERIMENT, and the path the lock has", got)
	}
}

// TestResumeLinesCountTheEarlierRunFromTheFirst: the progress lines of a
// resume count the episodes the earlier run did from their first line.
// The lines started before the run had read its log, and said "0/96000
// episodes ... ETA ?" for the 2 s a resume of 64,698 episodes spent
// reading it, then counted them at once (found resuming a large run with
// its stderr to a file).
func TestResumeLinesCountTheEarlierRunFromTheFirst(t *testing.T) {
	file := filepath.Join(t.TempDir(), "more.yaml")
	writeFile(t, file, bytes.Replace(mustRead(t, small), []byte("n: 12,"), []byte("n: 60,"), 1))
	dir := filepath.Join(t.TempDir(), "run")
	mootOK(t, "run", file, "--out", dir)
	log := filepath.Join(dir, engine.TranscriptsFile)
	lines := bytes.SplitAfter(mustRead(t, log), []byte("\n"))
	kept := len(lines) / 2
	writeFile(t, log, bytes.Join(lines[:kept], nil))
	code, _, errOut := moot(t, "run", file, "--out", dir, "--progress-every", "1ms")
	if code != exitOK {
		t.Fatalf("resume: exit %d\n%s", code, errOut)
	}
	done := regexp.MustCompile(`(?m)^moot: (\d+)/\d+ episodes`)
	for _, m := range done.FindAllStringSubmatch(errOut, -1) {
		if n, _ := strconv.Atoi(m[1]); n < kept {
			t.Fatalf("a progress line counts %s done, of the %d the earlier run did:\n%s", m[1], kept, errOut)
		}
	}
}
