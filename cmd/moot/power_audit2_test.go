package main

import (
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestPowerGoalAtItsBounds: the help's ranges, each bound on its side:
// --delta in [0.0001, 1] takes both ends; --alpha in (1/10001, 1) and
// --power in (--alpha, 1) refuse their lower ends; --questions takes up
// to 1,000,000,000.
func TestPowerGoalAtItsBounds(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "run")
	runSmall(t, dir)
	for _, args := range [][]string{{"--delta", "0.0001"}, {"--delta", "1"}, {"--questions", "1000000000"}} {
		if code, _, errOut := moot(t, append([]string{"power", dir, "--format", "json"}, args...)...); code != exitOK {
			t.Errorf("moot power %v: exit %d %q; want it taken", args, code, errOut)
		}
	}
	floor := strconv.FormatFloat(1/10001.0, 'g', -1, 64)
	for _, args := range [][]string{{"--alpha", floor}, {"--power", "0.05", "--alpha", "0.05"}} {
		code, _, errOut := moot(t, append([]string{"power", dir}, args...)...)
		if code != exitBadInput || !strings.Contains(errOut, args[0]) {
			t.Errorf("moot power %v: exit %d %q; want %d naming %s", args, code, errOut, exitBadInput, args[0])
		}
	}
}

// TestPowerOfARunWithoutComparisonsAsCSV: a run of one protocol makes no
// paired comparison; its text says so in a sentence, and csv, a table for
// a program to read, holds no such sentence.
func TestPowerOfARunWithoutComparisonsAsCSV(t *testing.T) {
	file := filepath.Join(t.TempDir(), "one.yaml")
	data := string(mustRead(t, small))
	data = data[:strings.Index(data, "protocols:")] + "protocols:\n  - {name: direct, judge: judge}\n"
	writeFile(t, file, []byte(data))
	dir := filepath.Join(t.TempDir(), "run")
	mootOK(t, "run", file, "--out", dir)
	if code, out, errOut := moot(t, "power", dir); code != exitOK || !strings.Contains(out, "makes no paired comparison") {
		t.Errorf("power (text): exit %d %q; want 0 and no paired comparison said in:\n%s", code, errOut, out)
	}
	if code, out, errOut := moot(t, "power", dir, "--format", "csv"); code != exitOK || strings.Contains(out, "makes no paired comparison") {
		t.Errorf("power --format csv: exit %d %q; want 0 and no sentence in:\n%s", code, errOut, out)
	}
}
