package main

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"
)

// TestTableOfTwoRunsByProtocolNamesEachRun: with several runs grouped by
// protocol (--by protocol), each is shown as RUN:PROTOCOL (table's help);
// --by task pools them, naming no run.
func TestTableOfTwoRunsByProtocolNamesEachRun(t *testing.T) {
	a := filepath.Join(t.TempDir(), "a")
	runSmall(t, a)
	other := filepath.Join(t.TempDir(), "seed12.yaml")
	writeFile(t, other, bytes.Replace(mustRead(t, small), []byte("seed: 11"), []byte("seed: 12"), 1))
	b := filepath.Join(t.TempDir(), "b")
	mootOK(t, "run", other, "--out", b)
	code, out, errOut := moot(t, "table", a, b, "--by", "protocol", "--format", "csv")
	if code != exitOK || !strings.Contains(out, "a:direct,") || !strings.Contains(out, "b:direct,") {
		t.Errorf("table a b --by protocol: exit %d %q; want rows a:direct and b:direct in:\n%s", code, errOut, out)
	}
	code, out, errOut = moot(t, "table", a, b, "--by", "task", "--format", "csv")
	if code != exitOK || strings.Contains(out, "a:") || strings.Contains(out, "b:") {
		t.Errorf("table a b --by task: exit %d %q; want the runs pooled, no run named, in:\n%s", code, errOut, out)
	}
}

// TestTableOfOneRunIsTheRunsOwn: of one run in the default grouping, the
// markdown is the run's table.md (table's help), its paired comparisons
// included.
func TestTableOfOneRunIsTheRunsOwn(t *testing.T) {
	run := filepath.Join(t.TempDir(), "run")
	runSmall(t, run)
	code, out, errOut := moot(t, "table", run, "--format", "markdown")
	if want := string(mustRead(t, filepath.Join(run, "table.md"))); code != exitOK || out != want {
		t.Errorf("table --format markdown: exit %d %q; want the run's table.md:\n%s\ngot:\n%s", code, errOut, want, out)
	}
}
