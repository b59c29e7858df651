package main

import (
	"compress/gzip"
	"encoding/csv"
	"encoding/json"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/mootlab/moot/engine"
)

// TestCompareWarnsOfUnlikeRuns: compare says when a run is partial, and
// when questions that both runs hold under one id differ (another data
// file, or another version of it), since it pairs episodes by id; runs of
// the same questions draw no such warning.
func TestCompareWarnsOfUnlikeRuns(t *testing.T) {
	a := filepath.Join(t.TempDir(), "a")
	runSmall(t, a)
	b := filepath.Join(t.TempDir(), "b")
	copyFolder(t, b, a)
	if _, _, errOut := moot(t, "compare", a, b); strings.Contains(errOut, "warning") || strings.Contains(errOut, "partial") {
		t.Errorf("a run compared with its copy: %s; want no warning", errOut)
	}
	// Checked and none found is 0, not an absent key.
	if _, out, _ := moot(t, "compare", a, b, "--format", "json"); !strings.Contains(out, `"unlike_questions": 0`) {
		t.Errorf("a run compared with its copy: %s; want unlike_questions 0", out)
	}
	qs := editFirstQuestion(t, b)
	sum := mustRead(t, filepath.Join(b, "summary.json"))
	partial := strings.Replace(string(sum), "{", `{"partial": "stopped by Ctrl-C after 3 of 8 episodes",`, 1)
	writeFile(t, filepath.Join(b, "summary.json"), []byte(partial))
	code, stdout, errOut := moot(t, "compare", a, b)
	if code != exitOK {
		t.Fatalf("compare: exit %d: %s", code, errOut)
	}
	// The table's own notes say so too, for a saved --format markdown.
	if !strings.Contains(stdout, "Questions unlike under one id, paired all the same:") || !strings.Contains(stdout, "(unlike: 1)") {
		t.Errorf("stdout does not say which comparisons paired unlike questions:\n%s", stdout)
	}
	want := []string{
		b + " is a partial run (stopped by Ctrl-C after 3 of 8 episodes)",
		"warning: 1 of the " + strconv.Itoa(len(qs)) + " questions both runs hold differ between them under one id",
		"According to the second edition",
	}
	for _, w := range want {
		if !strings.Contains(errOut, w) {
			t.Errorf("stderr lacks %q:\n%s", w, errOut)
		}
	}
	// A script reading the comparisons sees it too, in each comparison
	// of the task.
	code, out, _ := moot(t, "compare", a, b, "--format", "json")
	var got []struct {
		Unlike *int `json:"unlike_questions"`
	}
	if err := json.Unmarshal([]byte(out), &got); code != exitOK || err != nil || len(got) == 0 {
		t.Fatalf("compare --format json: exit %d, %v:\n%s", code, err, out)
	}
	for i, c := range got {
		if c.Unlike == nil || *c.Unlike != 1 {
			t.Errorf("comparison %d: unlike_questions %v; want 1", i, c.Unlike)
		}
	}
	_, out, _ = moot(t, "compare", a, b, "--format", "csv")
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil || len(rows) < 2 {
		t.Fatalf("compare --format csv: %v\n%s", err, out)
	}
	col := slices.Index(rows[0], "unlike_questions")
	for _, row := range rows[1:] {
		if col < 0 || row[col] != "1" {
			t.Errorf("compare --format csv: unlike_questions column %d of %q; want 1", col, row)
		}
	}
	// A run without a question store cannot be checked: said, and no count.
	if err := os.Remove(filepath.Join(b, engine.QuestionsFile)); err != nil {
		t.Fatal(err)
	}
	_, out, errOut = moot(t, "compare", a, b, "--format", "json")
	if strings.Contains(out, "unlike_questions") || !strings.Contains(errOut, "were not checked") {
		t.Errorf("a run without its questions: %s\n%s; want no count, and the check said to be skipped", out, errOut)
	}
}

// editFirstQuestion rewrites the question store of the run in dir with
// its first question's text changed, as a run of another version of a
// data file would hold it, and returns the questions it held.
func editFirstQuestion(t *testing.T, dir string) map[string]engine.QuestionRecord {
	t.Helper()
	qs, err := engine.ReadQuestions(dir)
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Create(filepath.Join(dir, engine.QuestionsFile))
	if err != nil {
		t.Fatal(err)
	}
	zw := gzip.NewWriter(f)
	enc := json.NewEncoder(zw)
	for i, k := range slices.Sorted(maps.Keys(qs)) {
		q := qs[k]
		if i == 0 {
			q.Text = "According to the second edition, " + q.Text
		}
		enc.Encode(q)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return qs
}

// TestTableWarnsOfUnlikeQuestionsInItsElo: a table of two runs keeps
// their rows apart, but its Elo ratings resample the debates of one
// question id together; where the runs hold different questions under an
// id, it says so (it had said nothing), and of runs of the same questions
// nothing.
func TestTableWarnsOfUnlikeQuestionsInItsElo(t *testing.T) {
	a, b := filepath.Join(t.TempDir(), "a"), filepath.Join(t.TempDir(), "b")
	runSmall(t, a)
	other := filepath.Join(t.TempDir(), "again.yaml")
	writeFile(t, other, []byte(strings.Replace(string(mustRead(t, small)), "repeats: 2", "repeats: 1", 1)))
	mootOK(t, "run", other, "--out", b)
	const said = "the Elo ratings' intervals resample each such id as one question"
	if code, out, errOut := moot(t, "table", a, b); code != exitOK || strings.Contains(errOut, "warning") || !strings.Contains(out, "Elo") {
		t.Fatalf("table of two runs of the same questions: exit %d, %q; want Elo ratings and no warning\n%s", code, errOut, out)
	}
	editFirstQuestion(t, b)
	if code, _, errOut := moot(t, "table", a, b); code != exitOK || !strings.Contains(errOut, said) {
		t.Errorf("table of runs of unlike questions: exit %d, %q; want %q", code, errOut, said)
	}
}

// TestCompareSaysWhatItLeavesOut: episodes one run played and the other
// did not (a repeat more) are not paired, and the table's notes say how
// many, cell by cell.
func TestCompareSaysWhatItLeavesOut(t *testing.T) {
	data := mustRead(t, small)
	once := filepath.Join(t.TempDir(), "once.yaml")
	os.WriteFile(once, []byte(strings.Replace(string(data), "repeats: 2", "repeats: 1", 1)), 0o644)
	a, b := filepath.Join(t.TempDir(), "twice"), filepath.Join(t.TempDir(), "once")
	for dir, file := range map[string]string{a: small, b: once} {
		mootOK(t, "run", file, "--out", dir)
	}
	code, out, errOut := moot(t, "compare", a, b)
	// direct is played in both orders (swap): 12 questions × 2 orders of
	// repeat 1, which the run of one repeat lacks.
	if code != exitOK || !strings.Contains(out, "Not paired, variants of a question (assignment, repeat) that one run judged and the other did not") || !strings.Contains(out, "direct · qa: 24 judged by twice alone, 0 by once alone") {
		t.Errorf("compare of 2 repeats with 1: exit %d\n%s%s\nwant the second repeat's episodes said to be left out", code, out, errOut)
	}
}
