package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mootlab/moot/engine"
	"github.com/mootlab/moot/sinks"
)

// TestDamagedRunFolders: a run folder whose log has a line that is no
// record, whose summary.json or lock does not read, is bad input to every
// command that reads it: exit 2 naming the file, and nothing written. (A
// damaged summary was read as a run not done, a damaged lock exported
// every row without its seed, and report exited 1.) A replicated run's
// seed with such a line likewise.
func TestDamagedRunFolders(t *testing.T) {
	good := filepath.Join(t.TempDir(), "good")
	runSmall(t, good)
	reps := filepath.Join(t.TempDir(), "reps")
	mootOK(t, "run", small, "--out", reps, "--replicates", "2")
	cutLine := func(log []byte) []byte {
		lines := bytes.SplitAfter(log, []byte("\n"))
		lines[1] = lines[1][:40]
		return bytes.Join(lines, nil)
	}
	for _, c := range []struct {
		name, file string
		run        string // the folder damaged: good or reps
		damage     func([]byte) []byte
		commands   []string
	}{
		{"log", engine.TranscriptsFile, good, cutLine, []string{"table", "compare", "export", "report"}},
		{"summary", sinks.SummaryFile, good, func([]byte) []byte { return []byte(`{"cells": [`) }, []string{"table", "compare", "export", "report"}},
		{"lock", engine.LockFile, good, func([]byte) []byte { return []byte("seed: [\n") }, []string{"export"}},
		{"seed's log", filepath.Join("seed-11", engine.TranscriptsFile), reps, cutLine, []string{"table", "export", "report"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "damaged")
			copyFolder(t, dir, c.run)
			for _, f := range []string{"report.html", "episodes.csv"} {
				os.Remove(filepath.Join(dir, f))
			}
			path := filepath.Join(dir, c.file)
			writeFile(t, path, c.damage(mustRead(t, path)))
			for _, command := range c.commands {
				args := []string{command, dir}
				switch command {
				case "compare":
					args = append(args, good)
				case "export":
					args = append(args, "--format", "csv")
				}
				code, _, errOut := moot(t, args...)
				if code != exitBadInput || !strings.Contains(errOut, c.file) {
					t.Errorf("%s: exit %d %q; want %d naming %s", command, code, errOut, exitBadInput, c.file)
				}
			}
			for _, f := range []string{"report.html", "episodes.csv", "episodes-messages.csv"} {
				if _, err := os.Stat(filepath.Join(dir, f)); err == nil {
					t.Errorf("%s written from a damaged folder", f)
				}
			}
		})
	}
}
