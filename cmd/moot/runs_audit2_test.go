package main

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mootlab/moot/transcript"
)

// TestTableOfALogAloneSaysItsSeedIsUnknown: a log copied alone (no
// summary.json, no lock) was played at a seed table cannot know, and
// stderr says so.
func TestTableOfALogAloneSaysItsSeedIsUnknown(t *testing.T) {
	_, b := editedRuns(t, func(ep transcript.Episode) []transcript.Episode { return []transcript.Episode{ep} })
	code, _, errOut := moot(t, "table", b)
	if want := "the seed it was played at is unknown"; code != exitOK || !strings.Contains(errOut, want) {
		t.Errorf("table of a log alone: exit %d; want 0 and %q; stderr:\n%s", code, want, errOut)
	}
}

// TestTableSaysHowTheSameDrawsCount: two files that differ only in a
// protocol added play the shared ones alike at one seed; by protocol
// (the default) each run's rows count those draws, pooled (--by task)
// each counts once, and stderr says which (table's help).
func TestTableSaysHowTheSameDrawsCount(t *testing.T) {
	a := filepath.Join(t.TempDir(), "a")
	runSmall(t, a)
	more := filepath.Join(t.TempDir(), "more.yaml")
	writeFile(t, more, bytes.Replace(mustRead(t, small), []byte("protocols:\n"), []byte("protocols:\n  - {name: direct, label: direct-again, judge: judge}\n"), 1))
	b := filepath.Join(t.TempDir(), "b")
	mootOK(t, "run", more, "--out", b)
	for by, want := range map[string]string{"": "each run's rows count them", "task": "each is counted once"} {
		args := []string{"table", a, b}
		if by != "" {
			args = append(args, "--by", by)
		}
		code, _, errOut := moot(t, args...)
		if code != exitOK || !strings.Contains(errOut, "hold the same draws as") || !strings.Contains(errOut, want) {
			t.Errorf("table %v: exit %d; want the same draws said and %q; stderr:\n%s", args[1:], code, want, errOut)
		}
	}
}
