package main

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// brokenOut is a stdout whose writes fail with err.
type brokenOut struct{ err error }

func (b brokenOut) Write([]byte) (int, error) { return 0, b.err }

// TestResultsNotWrittenFailTheCommand: results that cannot be written to
// stdout (a full disk) fail every command that prints them, with one
// line that says so — report, show, validate and others had exited 0 with
// them lost — and a reader gone (EPIPE, moot run … | head) fails none: a
// run's results are in its folder.
func TestResultsNotWrittenFailTheCommand(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "run")
	runSmall(t, dir)
	for _, args := range [][]string{
		{"report", dir},
		{"table", dir},
		{"validate", small},
		{"protocols", "list"},
	} {
		var errOut bytes.Buffer
		code := run(context.Background(), args, brokenOut{syscall.ENOSPC}, &errOut)
		if code != exitFailed || strings.Count(errOut.String(), "no space left on device") != 1 {
			t.Errorf("%s to a full disk: exit %d, stderr %q; want %d and one line saying so", args[0], code, errOut.String(), exitFailed)
		}
	}
	var errOut bytes.Buffer
	code := run(context.Background(), []string{"run", small, "--out", filepath.Join(t.TempDir(), "piped")}, brokenOut{fmt.Errorf("write /dev/stdout: %w", syscall.EPIPE)}, &errOut)
	if code != exitOK || strings.Contains(errOut.String(), "broken pipe") {
		t.Errorf("a run whose stdout's reader has gone: exit %d, stderr %q; want %d, and no error", code, errOut.String(), exitOK)
	}
}
