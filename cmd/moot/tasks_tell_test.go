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

// TestTellCuesByHand: the larger decides 100 pairs in ten groups of ten,
// right in the first six groups and wrong in the last four: p = 0.6, the
// groups 4 and −6 from p·m_g, an effect of 10/9 · 240 / (100 · 0.24) =
// 100/9, so 9 pairs' worth. Wilson at 0.6 over 9 is [0.30048, 0.83970];
// z = 0.1 / √(0.25/9) = 0.6, a two-sided p of erfc(0.6/√2) = 0.548506,
// and Holm's over the one cue that decides (the others read alike
// answers) is that p; a cue that decides nothing has p Holm 1.
func TestTellCuesByHand(t *testing.T) {
	var pairs []tell.Pair
	for i := range 100 {
		correct := 0
		if i >= 60 {
			correct = 1
		}
		pairs = append(pairs, tell.Pair{Question: "How many?", Answers: [2]string{"43", "42"}, Correct: correct, Group: fmt.Sprint(i / 10)})
	}
	cues := tellCues(pairs)
	c := cues[0]
	if c.Name != "the larger" || c.Decides != 100 || c.Right != 60 || math.Abs(c.Effect-100.0/9) > 1e-9 {
		t.Fatalf("the larger: %+v; want 60 of 100 right, effect 100/9", c.Cue)
	}
	if math.Abs(c.CI[0]-0.30048) > 1e-5 || math.Abs(c.CI[1]-0.83970) > 1e-5 || math.Abs(c.PHolm-0.548506) > 1e-6 {
		t.Errorf("the larger: interval %v, p Holm %v; want [0.30048, 0.83970] and 0.548506", c.CI, c.PHolm)
	}
	for _, c := range cues[1:] {
		if c.Decides != 0 || c.PHolm != 1 {
			t.Errorf("%s: decides %d, p Holm %v; want none and 1", c.Name, c.Decides, c.PHolm)
		}
	}
}

// TestTellCuesHolmOverTheCuesThatDecide: answers "apples" and "pear",
// no numbers: the longer decides all 20 pairs, right in 15 (z = √5, p =
// 0.025347), the one of the question's words the 10 whose question names
// apples, right in all (z = √10, p = 0.001565). Holm over those two:
// 2 · 0.001565 = 0.003131, and max(0.003131, 0.025347) = 0.025347.
func TestTellCuesHolmOverTheCuesThatDecide(t *testing.T) {
	var pairs []tell.Pair
	for i := range 20 {
		p := tell.Pair{Question: "Which fruit?", Answers: [2]string{"apples", "pear"}}
		if i < 10 {
			p.Question = "Which apples?"
		}
		if i >= 15 {
			p.Correct = 1
		}
		pairs = append(pairs, p)
	}
	want := []struct {
		decides int
		pHolm   float64
	}{{0, 1}, {0, 1}, {20, 0.025347}, {10, 0.003131}}
	for i, c := range tellCues(pairs) {
		if c.Decides != want[i].decides || math.Abs(c.PHolm-want[i].pHolm) > 1e-6 {
			t.Errorf("%s: decides %d, p Holm %v; want %d and %v", c.Name, c.Decides, c.PHolm, want[i].decides, want[i].pHolm)
		}
	}
}
