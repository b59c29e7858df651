package main

import (
	"bytes"
	"path/filepath"
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
