package main

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mootlab/moot/internal/tell"
)

// TestTasksTell: tell measures a generator's questions — finance's two
// answers are exchangeable, near 50% — and reports its folds, interval
// and the four cues, in text within the terminal's width and as JSON.
func TestTasksTell(t *testing.T) {
	code, out, errOut := moot(t, "tasks", "tell", "finance", "--n", "500", "--format", "json")
	if code != exitOK {
		t.Fatalf("exit %d; want 0; stderr:\n%s", code, errOut)
	}
	var r tellReport
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("%v:\n%s", err, out)
	}
	if r.N != 500 || r.Folds != 5 || len(r.Cues) != 4 || r.Accuracy < 0.4 || r.Accuracy > 0.6 || r.CI[0] > r.Accuracy || r.CI[1] < r.Accuracy {
		t.Errorf("got %+v; want 500 questions, 5 folds, 4 cues and an accuracy near 50%% inside its interval", r)
	}
	code, out, errOut = moot(t, "tasks", "tell", "finance", "--n", "200")
	if code != exitOK || !strings.Contains(out, "Answers alone: right in ") || !strings.Contains(out, "the rounder") {
		t.Fatalf("exit %d, stdout:\n%s\nstderr:\n%s", code, out, errOut)
	}
	for _, line := range strings.Split(out, "\n") {
		if len([]rune(line)) > textWidth {
			t.Errorf("line of %d columns; want at most %d: %q", len([]rune(line)), textWidth, line)
		}
	}
}

// TestTasksTellFindsAPlantedCue: in a data file whose correct answer is
// always the larger number, one less than it the distractor, the model and
// the cue "the larger" are right every time; too small a file is refused.
func TestTasksTellFindsAPlantedCue(t *testing.T) {
	dir := t.TempDir()
	var b strings.Builder
	for i := range 200 {
		n := 20 + 7*i
		fmt.Fprintf(&b, `{"id": "q%d", "question": "How many stones are in pile %d?", "correct": "%d", "incorrect": "%d"}`+"\n", i, i, n, n-1)
	}
	data := filepath.Join(dir, "larger.jsonl")
	if err := os.WriteFile(data, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := moot(t, "tasks", "tell", "jsonl", "--path", data, "--format", "json")
	if code != exitOK {
		t.Fatalf("exit %d; stderr:\n%s", code, errOut)
	}
	var r tellReport
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatal(err)
	}
	if r.N != 200 || r.Accuracy < 0.95 || r.Cues[0].Name != "the larger" || r.Cues[0].Right != 200 || r.Cues[0].Decides != 200 {
		t.Errorf("got %+v; want the 200 questions told, the larger correct in all", r)
	}
	// 200 of 200: Wilson's interval [98.1, 100], and p far below any
	// level, adjusted over the cues that decide (the larger, the longer
	// where the digits differ in number, the rounder where the two differ
	// in roundness).
	if c := r.Cues[0]; math.Abs(c.CI[0]-0.9812) > 1e-4 || c.CI[1] < 1-1e-9 || c.PHolm > 1e-9 {
		t.Errorf("the larger: interval %v, p Holm %v; want [0.9812, 1] and p Holm near 0", c.CI, c.PHolm)
	}
	if err := os.WriteFile(data, []byte(strings.Join(strings.SplitAfter(b.String(), "\n")[:5], "")), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, errOut := moot(t, "tasks", "tell", "jsonl", "--path", data); code != exitBadInput || !strings.Contains(errOut, "5 questions; want at least 10") {
		t.Errorf("5 questions: exit %d, stderr %q; want %d and the reason", code, errOut, exitBadInput)
	}
}

// TestTasksTellSaysWhatIsSetAside: a file whose records are not all
// questions (an MMLU question whose correct option names the others) is
// told on its questions, and stderr says what was set aside, as moot run
// says it, so that the count told is not taken for the file's.
func TestTasksTellSaysWhatIsSetAside(t *testing.T) {
	var b strings.Builder
	for i := range 12 {
		fmt.Fprintf(&b, "Which river is number %d?,Sarn %d,Idle %d,Wey %d,Usk %d,B\n", i, i, i, i, i)
	}
	b.WriteString("Which are rivers?,Sarn,Idle,Wey,All of the above,D\n")
	data := filepath.Join(t.TempDir(), "m.csv")
	if err := os.WriteFile(data, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, cmd := range []string{"tell", "show"} {
		code, out, errOut := moot(t, "tasks", cmd, "mmlu", "--path", data)
		want := `moot: 1 "correct answer naming the other options" of ` + data + " set aside, not questions\n"
		if code != exitOK || errOut != want || cmd == "tell" && !strings.HasPrefix(out, "mmlu: 12 questions") {
			t.Errorf("tasks %s: exit %d, stdout %.40q, stderr %q; want 0, 12 questions and %q", cmd, code, out, errOut, want)
		}
	}
}

// TestTasksTellGroups: a file whose questions share groups (the jsonl
// setting group) is told a group at a time, and says how many groups its
// interval was widened for.
func TestTasksTellGroups(t *testing.T) {
	var b strings.Builder
	for i := range 120 {
		fmt.Fprintf(&b, `{"id": "q%d", "question": "How many stones are in pile %d?", "correct": "%d", "incorrect": "%d", "article": "a%d"}`+"\n", i, i, 300+i/10, 100+7*i%500, i/10)
	}
	data := filepath.Join(t.TempDir(), "grouped.jsonl")
	if err := os.WriteFile(data, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := moot(t, "tasks", "tell", "jsonl", "--path", data, "--set", "group=article", "--format", "json")
	if code != exitOK {
		t.Fatalf("exit %d; stderr:\n%s", code, errOut)
	}
	var r tellReport
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatal(err)
	}
	if r.N != 120 || r.Groups != 12 || r.Effect < tell.DesignEffect {
		t.Errorf("got %+v; want 120 questions in 12 groups, a design effect of at least %.2f", r, tell.DesignEffect)
	}
}
