package main

import (
	"errors"
	"io/fs"
	"strings"
	"testing"
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
