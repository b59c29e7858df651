package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mootlab/moot/engine"
)

// TestPlanFlagBounds: --latency must be positive, so 0 is refused (the
// wall time would be 0); --reply-tokens takes 1000000, the top of its
// range, and says so in the note.
func TestPlanFlagBounds(t *testing.T) {
	file := openaiFile(t, deadAddr(t), "")
	if code, _, errOut := moot(t, "plan", file, "--latency", "0s"); code != exitBadInput || !strings.Contains(errOut, "--latency must be positive") {
		t.Errorf("--latency 0s: exit %d %q; want %d and the flag named", code, errOut, exitBadInput)
	}
	code, out, errOut := moot(t, "plan", file, "--sample", "10", "--reply-tokens", "1000000")
	if want := "1000000 tokens (assumed; --reply-tokens)"; code != exitOK || !strings.Contains(out, want) {
		t.Errorf("--reply-tokens 1000000: exit %d %q; want 0 and %q in:\n%s", code, errOut, want, out)
	}
}

// TestResumeSaysWhatIsLeft: a resumed run of priced agents says what its
// folder paid for D of the plan's N episodes and estimates the N−D left;
// with no budget_usd in the file, it names none. The first run, with
// nothing paid, gives the plan's estimated cost.
func TestResumeSaysWhatIsLeft(t *testing.T) {
	file := smallOverHTTP(t)
	out := filepath.Join(t.TempDir(), "run")
	code, _, errOut := moot(t, "run", file, "--out", out, "--no-cache")
	if code != exitOK || !strings.Contains(errOut, "moot: small: estimated cost $") || strings.Contains(errOut, "budget_usd") {
		t.Fatalf("first run: exit %d; want the estimated cost and no budget named; stderr:\n%s", code, errOut)
	}
	log := filepath.Join(out, engine.TranscriptsFile)
	lines := bytes.SplitAfter(mustRead(t, log), []byte("\n"))
	n := len(lines) - 1 // the last, after the final newline, is empty
	const kept = 40
	writeFile(t, log, bytes.Join(lines[:kept], nil))
	if err := os.Remove(filepath.Join(out, "summary.json")); err != nil {
		t.Fatal(err)
	}
	code, _, errOut = moot(t, "run", file, "--out", out, "--no-cache")
	want := fmt.Sprintf(" paid for %d of %d episodes; the %d left are estimated at $", kept, n, n-kept)
	if code != exitOK || !strings.Contains(errOut, want) || strings.Contains(errOut, "budget_usd") {
		t.Errorf("resume: exit %d; want %q and no budget named; stderr:\n%s", code, want, errOut)
	}
}

// TestPlanNoteSaysHowAnAskMadeAgainCounts: plan's note says an ask made
// again is counted once (the response cache answers the others), and
// with --no-cache ("count every ask") each time.
func TestPlanNoteSaysHowAnAskMadeAgainCounts(t *testing.T) {
	file := openaiFile(t, deadAddr(t), "")
	for args, want := range map[string]string{
		"":           "is counted once, as the response cache answers the others (--no-cache counts each)",
		"--no-cache": "is counted each time, as --no-cache sends it",
	} {
		code, out, errOut := moot(t, append([]string{"plan", file, "--sample", "10"}, strings.Fields(args)...)...)
		if code != exitOK || !strings.Contains(strings.Join(strings.Fields(out), " "), want) {
			t.Errorf("plan %s: exit %d %q; want %q in:\n%s", args, code, errOut, want, out)
		}
	}
}
