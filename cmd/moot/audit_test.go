package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/mootlab/moot/analysis"
	"github.com/mootlab/moot/tasks/taskstest"
)

var updateAudit = flag.Bool("update", false, "rewrite experiments/data/judges-audit.jsonl and .flips")

const (
	auditExperiment = "../../experiments/judges-audit.yaml"
	auditData       = "../../experiments/data/judges-audit.jsonl"
	auditFlips      = "../../experiments/data/judges-audit.flips"
	// The shipped dataset: n questions of the qa generator at difficulty
	// 0.6 and this seed, k of them with their labels flipped.
	auditN, auditK, auditSeed = 100, 10, 1
)

// flippedDataset writes n questions of the qa generator (at difficulty
// and seed) as generic JSONL, with the correct and incorrect answers of k of
// them swapped: those whose ids rank lowest under a hash of the seed. It
// returns the file's bytes and the flipped ids, sorted.
func flippedDataset(t *testing.T, n, k int, seed uint64, difficulty float64) ([]byte, []string) {
	t.Helper()
	g, err := taskstest.Factory(t, "qa")(taskstest.Decoder(fmt.Sprint("difficulty: ", difficulty)))
	if err != nil {
		t.Fatal(err)
	}
	qs := taskstest.Generate(t, g, seed, n)
	ranked := make([]string, len(qs))
	for i, q := range qs {
		ranked[i] = q.ID
	}
	rank := func(id string) string {
		sum := sha256.Sum256(fmt.Appendf(nil, "flip/%d/%s", seed, id))
		return string(sum[:])
	}
	sort.Slice(ranked, func(a, b int) bool { return rank(ranked[a]) < rank(ranked[b]) })
	flipped := slices.Sorted(slices.Values(ranked[:k]))
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	for _, q := range qs {
		correct, incorrect := q.Answers[q.Correct], q.Answers[1-q.Correct]
		if slices.Contains(flipped, q.ID) {
			correct, incorrect = incorrect, correct
		}
		rec := struct {
			ID         string  `json:"id"`
			Question   string  `json:"question"`
			Correct    string  `json:"correct"`
			Incorrect  string  `json:"incorrect"`
			Context    string  `json:"context"`
			Difficulty float64 `json:"difficulty"`
		}{q.ID, q.Text, correct, incorrect, q.Context, q.Difficulty}
		if err := enc.Encode(rec); err != nil {
			t.Fatal(err)
		}
	}
	return buf.Bytes(), flipped
}

// TestAuditData checks that the shipped dataset is what flippedDataset
// writes; -update rewrites it.
func TestAuditData(t *testing.T) {
	data, flipped := flippedDataset(t, auditN, auditK, auditSeed, 0.6)
	flips := strings.Join(flipped, "\n") + "\n"
	if *updateAudit {
		writeFile(t, auditData, data)
		writeFile(t, auditFlips, []byte(flips))
	}
	got, _ := os.ReadFile(auditData)
	gotFlips, _ := os.ReadFile(auditFlips)
	if !bytes.Equal(got, data) || string(gotFlips) != flips {
		t.Fatalf("%s or %s differs from what the test writes; run go test ./cmd/moot -run TestAuditData -update", auditData, auditFlips)
	}
}

// auditOutput is the part of moot audit --format json a test reads.
type auditOutput struct {
	Questions int `json:"questions"`
	Verdicts  int `json:"verdicts"`
	Suspects  int `json:"suspects"`
	Top       []struct {
		Task       string    `json:"task"`
		QuestionID string    `json:"question_id"`
		Reject     float64   `json:"reject"`
		Answers    [2]string `json:"answers"`
		Gold       int       `json:"gold"`
	} `json:"top"`
	Relabel *struct {
		Relabelled map[string]string `json:"relabelled"`
		Cells      []struct {
			Protocol string  `json:"protocol"`
			Task     string  `json:"task"`
			Before   float64 `json:"accuracy_before"`
			After    float64 `json:"accuracy_after"`
		} `json:"cells"`
	} `json:"relabel"`
}

// runAuditJSON runs moot audit with args and decodes its JSON.
func runAuditJSON(t *testing.T, args ...string) auditOutput {
	t.Helper()
	code, out, errOut := moot(t, append([]string{"audit", "--format", "json"}, args...)...)
	if code != exitOK {
		t.Fatalf("moot audit %v: exit %d\n%s", args, code, errOut)
	}
	var a auditOutput
	if err := json.Unmarshal([]byte(out), &a); err != nil {
		t.Fatalf("moot audit: %v\n%s", err, out)
	}
	return a
}

// precisionRecall of the top suspects against the flipped ids.
func precisionRecall(a auditOutput, flipped []string) (precision, recall float64) {
	hits := 0
	for _, s := range a.Top {
		if slices.Contains(flipped, s.QuestionID) {
			hits++
		}
	}
	if len(a.Top) > 0 {
		precision = float64(hits) / float64(len(a.Top))
	}
	return precision, float64(hits) / float64(len(flipped))
}

// experimentOn writes the shipped audit experiment into dir, reading the
// dataset at data, and returns its path.
func experimentOn(t *testing.T, dir, data string) string {
	t.Helper()
	src := mustRead(t, auditExperiment)
	text := strings.Replace(string(src), "path: data/judges-audit.jsonl", "path: "+data, 1)
	if text == string(src) {
		t.Fatalf("%s no longer reads data/judges-audit.jsonl", auditExperiment)
	}
	path := filepath.Join(dir, "judges-audit.yaml")
	writeFile(t, path, []byte(text))
	return path
}

// runFlippedAudit writes flippedDataset(n, k, seed, difficulty) to
// qa.jsonl in dir and plays the audit experiment on it into dir/run. It
// returns the data, the flipped ids, the data's path and the run's folder.
func runFlippedAudit(t *testing.T, dir string, n, k int, seed uint64, difficulty float64) (data []byte, flipped []string, dataPath, run string) {
	t.Helper()
	data, flipped = flippedDataset(t, n, k, seed, difficulty)
	dataPath = filepath.Join(dir, "qa.jsonl")
	writeFile(t, dataPath, data)
	run = filepath.Join(dir, "run")
	mootOK(t, "run", experimentOn(t, dir, dataPath), "--out", run)
	return data, flipped, dataPath, run
}

// auditors are the groups of the audit experiment's protocols that the
// test audits with, each with floors of its precision and recall at the
// top k by the difficulty of the questions, or for the blind judge, the
// control, a ceiling of its recall. Observed at seeds 1-5 when they were
// set (docs/judges.md), none tuned: the strong ensemble 1.00 and 1.00 at
// both difficulties; one weak reader 1.00 and 1.00 at 0.6, precision 1.00
// and recall 0.30-0.60 at 0.9; the blind judge no suspect at all.
var auditors = []struct {
	name      string
	protocols []string
	minP      map[float64]float64 // floor of precision@k by difficulty
	minR      map[float64]float64 // floor of recall@k by difficulty
	maxR      float64             // ceiling of recall@k
}{
	{"strong ensemble", []string{"reader-1", "reader-2", "reader-3"}, map[float64]float64{0.6: 0.9, 0.9: 0.9}, map[float64]float64{0.6: 0.9, 0.9: 0.9}, 1},
	{"one weak reader", []string{"weak-reader"}, map[float64]float64{0.6: 0.8, 0.9: 0.8}, map[float64]float64{0.6: 0.8, 0.9: 0.2}, 1},
	{"blind judge", []string{"blind"}, map[float64]float64{}, map[float64]float64{}, 0.3},
}

// TestAuditRecoversInjectedFlips writes datasets with k flipped labels at
// two difficulties and several seeds, runs the audit experiment on each,
// and audits it with each group of auditors, checking precision (the
// share of the suspects shown that are flips) and recall (the share of
// the flips shown) at the top k; then relabels the strong ensemble's top
// k and checks the re-scoring.
func TestAuditRecoversInjectedFlips(t *testing.T) {
	for _, difficulty := range []float64{0.6, 0.9} {
		for _, seed := range []uint64{1, 2, 3, 4, 5} {
			t.Run(fmt.Sprintf("difficulty %g seed %d", difficulty, seed), func(t *testing.T) {
				auditFlipped(t, difficulty, seed)
			})
		}
	}
}

func auditFlipped(t *testing.T, difficulty float64, seed uint64) {
	dir := t.TempDir()
	_, flipped, dataPath, run := runFlippedAudit(t, dir, auditN, auditK, seed, difficulty)
	for i, g := range auditors {
		args := []string{run, "--top", fmt.Sprint(auditK)}
		for _, p := range g.protocols {
			args = append(args, "--protocol", p)
		}
		fixed := filepath.Join(dir, "fixed.jsonl")
		if i == 0 {
			args = append(args, "--relabel", dataPath, "--out", fixed)
		}
		a := runAuditJSON(t, args...)
		p, r := precisionRecall(a, flipped)
		t.Logf("difficulty %g, seed %d, %s: %d suspects of %d questions; precision@%d %.2f, recall@%d %.2f", difficulty, seed, g.name, a.Suspects, a.Questions, auditK, p, auditK, r)
		if p < g.minP[difficulty] || r < g.minR[difficulty] || r > g.maxR {
			t.Errorf("%s: precision@%d %.2f, recall@%d %.2f; want precision >= %.2f and recall in [%.2f, %.2f]",
				g.name, auditK, p, auditK, r, g.minP[difficulty], g.minR[difficulty], g.maxR)
		}
		if i == 0 {
			checkRelabelled(t, a, fixed)
		}
	}
}

// checkRelabelled: the corrected copy has the other answer as gold for
// the top suspects, every protocol is re-scored, and each strong reader's
// accuracy rises.
func checkRelabelled(t *testing.T, a auditOutput, fixed string) {
	t.Helper()
	if a.Relabel == nil || len(a.Relabel.Relabelled) != len(a.Top) || len(a.Relabel.Cells) == 0 {
		t.Fatalf("relabel: %+v; want the %d suspects relabelled", a.Relabel, len(a.Top))
	}
	data := mustRead(t, fixed)
	for _, s := range a.Top {
		want := fmt.Sprintf(`"correct":%q`, s.Answers[1-s.Gold])
		if !bytes.Contains(data, []byte(want)) {
			t.Errorf("%s: the corrected copy lacks %s", s.QuestionID, want)
		}
	}
	if len(a.Relabel.Cells) != 5 {
		t.Errorf("%d cells re-scored; want every protocol's 5", len(a.Relabel.Cells))
	}
	for _, c := range a.Relabel.Cells {
		if strings.HasPrefix(c.Protocol, "reader-") && c.After <= c.Before {
			t.Errorf("%s: accuracy %.3f before, %.3f after relabelling; want it higher", c.Protocol, c.Before, c.After)
		}
	}
}

// TestPairwiseBadInput: a pairwise file with a missing response or an
// unknown label stops validate and run with exit 2, one line naming the
// file, the line and the field, and no output folder.
func TestPairwiseBadInput(t *testing.T) {
	const dir = "../../engine/testdata/bad/loaders/"
	tests := []struct{ experiment, want string }{
		{"judgebench-label.yaml", `judgebench-label.jsonl:2: label: want A>B, B>A or A=B, got "A>>B"`},
		{"rewardbench-missing.yaml", "rewardbench-missing.json:3: [1].chosen: missing"},
		{"mtbench-winner.yaml", `mtbench-winner.jsonl:2: winner: want model_a, model_b, tie, tie (bothbad) or tie (inconsistent), got "model_c"`},
	}
	for _, tt := range tests {
		t.Run(tt.experiment, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "out")
			for _, args := range [][]string{{"validate", dir + tt.experiment}, {"run", dir + tt.experiment, "--out", out}} {
				code, stdout, stderr := moot(t, args...)
				if want := "moot: " + dir + tt.want + "\n"; code != exitBadInput || stdout != "" || stderr != want {
					t.Errorf("moot %s: exit %d, stdout %q, stderr %q; want %d, nothing, %q", args[0], code, stdout, stderr, exitBadInput, want)
				}
			}
			if _, err := os.Stat(out); !os.IsNotExist(err) {
				t.Errorf("%s exists; want nothing written", out)
			}
		})
	}
}

// TestAuditBadInput: every misuse of moot audit exits 2 with one line,
// and a corrected copy that cannot be written completely is not written.
func TestAuditBadInput(t *testing.T) {
	dir := t.TempDir()
	data, flipped, dataPath, run := runFlippedAudit(t, dir, 20, 2, 1, 0.6)
	generated := filepath.Join(dir, "generated")
	runSmall(t, generated)
	// A copy of the dataset that lost a suspect's record.
	var kept []string
	for _, line := range strings.SplitAfter(string(data), "\n") {
		if !strings.Contains(line, `"id":"`+flipped[1]+`"`) {
			kept = append(kept, line)
		}
	}
	shorter := filepath.Join(dir, "shorter.jsonl")
	os.WriteFile(shorter, []byte(strings.Join(kept, "")), 0o644)
	// A copy in which another question's correct answer was edited: it
	// no longer matches the run.
	lines := strings.SplitAfter(string(data), "\n")
	if !strings.Contains(lines[1], `"id":"qa-1-0001"`) || slices.Contains(flipped, "qa-1-0001") {
		t.Fatalf("line 2 is not the unflipped qa-1-0001: %s", lines[1])
	}
	var rec map[string]any
	json.Unmarshal([]byte(lines[1]), &rec)
	rec["correct"] = "edited"
	line, _ := json.Marshal(rec)
	lines[1] = string(line) + "\n"
	edited := filepath.Join(dir, "edited.jsonl")
	os.WriteFile(edited, []byte(strings.Join(lines, "")), 0o644)
	other := filepath.Join(dir, "other.jsonl")
	os.WriteFile(other, data, 0o644)
	fixed := filepath.Join(dir, "fixed.jsonl")
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"no run", []string{"audit"}, "usage: name at least one run folder"},
		{"not a run", []string{"audit", dir}, "is not a run folder"},
		{"unknown protocol", []string{"audit", run, "--protocol", "nope"}, "--protocol nope: no such protocol in the runs (they have blind, reader-1, reader-2, reader-3, weak-reader)"},
		{"top 0", []string{"audit", run, "--top", "0"}, "--top: want at least 1, got 0"},
		{"format", []string{"audit", run, "--format", "csv"}, "--format: want text or json"},
		{"relabel without out", []string{"audit", run, "--relabel", dataPath}, "--relabel and --out go together"},
		{"task without relabel", []string{"audit", run, "--task", "qa"}, "--task needs --relabel"},
		{"file no task loaded", []string{"audit", run, "--relabel", other, "--out", fixed}, "no task of " + run + " loaded " + other + " (tasks with a loader: qa ("},
		{"unknown task", []string{"audit", run, "--relabel", dataPath, "--out", fixed, "--task", "nope"}, "--task nope: no task of"},
		{"generated tasks", []string{"audit", generated, "--relabel", dataPath, "--out", fixed}, "its tasks are all generated"},
		// Neither is the file the run read: each is refused before it is
		// relabelled.
		{"records missing", []string{"audit", run, "--relabel", shorter, "--out", fixed, "--task", "qa"}, shorter + " does not load as the run's task qa did: n: 20 questions asked, but the file has 19"},
		{"answer edited", []string{"audit", run, "--relabel", edited, "--out", fixed, "--task", "qa"}, edited + " holds other questions than the run's task qa played"},
		// The dataset itself, however named, would be lost.
		{"out over the dataset", []string{"audit", run, "--relabel", dataPath, "--out", dataPath}, "is the dataset --relabel names"},
		{"out over the dataset, another name", []string{"audit", run, "--relabel", dataPath, "--out", filepath.Join(dir, "run", "..", "qa.jsonl")}, "is the dataset --relabel names"},
		{"out a folder", []string{"audit", run, "--relabel", dataPath, "--out", dir}, "is not a file (a folder?)"},
		{"out in no folder", []string{"audit", run, "--relabel", dataPath, "--out", filepath.Join(dir, "nowhere", "fixed.jsonl")}, "the folder " + filepath.Join(dir, "nowhere") + " is not there"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := moot(t, tt.args...)
			if code != exitBadInput || stdout != "" || strings.Count(stderr, "\n") != 1 || !strings.Contains(stderr, tt.want) {
				t.Errorf("exit %d, stdout %q, stderr %q; want %d, nothing, one line with %q", code, stdout, stderr, exitBadInput, tt.want)
			}
			if _, err := os.Stat(fixed); !os.IsNotExist(err) {
				t.Errorf("%s exists; want nothing written", fixed)
			}
			if now, _ := os.ReadFile(dataPath); !bytes.Equal(now, data) {
				t.Errorf("%s changed; want the dataset as it was", dataPath)
			}
		})
	}
}

// TestPairwiseTiesReported: the ties a pairwise loader sets aside are
// printed by validate and run, and recorded in the lock.
func TestPairwiseTiesReported(t *testing.T) {
	const file = "../../experiments/judges-pairwise.yaml"
	want := []string{
		`moot: task judgebench: 1 "A=B" of ../tasks/loaders/testdata/judgebench.jsonl set aside, not questions; 9 questions kept`,
		`moot: task mtbench-human: 1 "tie", 1 "tie (bothbad)" of ../tasks/loaders/testdata/mtbench-human.jsonl set aside, not questions; 7 questions kept`,
	}
	code, out, _ := moot(t, "validate", file)
	for _, w := range want {
		if code != exitOK || !strings.Contains(out, w+"\n") {
			t.Errorf("validate: exit %d, stdout %q; want a line %q", code, out, w)
		}
	}
	if strings.Contains(out, "task rewardbench") {
		t.Errorf("validate: %q; want no line for rewardbench, which has no ties", out)
	}
	dir := filepath.Join(t.TempDir(), "run")
	code, _, errOut := moot(t, "run", file, "--out", dir)
	for _, w := range want {
		if code != exitOK || !strings.Contains(errOut, w+"\n") {
			t.Errorf("run: exit %d, stderr %q; want a line %q", code, errOut, w)
		}
	}
	lock, _ := os.ReadFile(filepath.Join(dir, "config.lock.yaml"))
	for _, w := range []string{"set_aside:\n      A=B: 1\n", "set_aside:\n      tie: 1\n      tie (bothbad): 1\n"} {
		if !strings.Contains(string(lock), w) {
			t.Errorf("config.lock.yaml lacks %q:\n%s", w, lock)
		}
	}
}

// TestRescoreMarksGoldReaders: after relabelling, a cell whose judge read
// the gold answer is marked: on the relabelled questions it read the old
// one, and is no upper bound.
func TestRescoreMarksGoldReaders(t *testing.T) {
	gold := &analysis.ReferenceSplit{Source: "gold", UpperBound: true}
	before := analysis.Summary{Cells: []analysis.Cell{{Protocol: "plain", Task: "t", Judge: "j", Accuracy: 0.6},
		{Protocol: "gold", Task: "t", Judge: "j", Accuracy: 0.95, Reference: gold},
		{Protocol: "gold", Task: "other", Judge: "j", Accuracy: 0.9, Reference: gold}}}
	after := before
	cells := rescoredCells(before, after, "t")
	if len(cells) != 3 || cells[0].GoldRead || !cells[1].GoldRead || cells[2].GoldRead {
		t.Fatalf("cells %+v; want only the gold reader of the relabelled task marked", cells)
	}
	var b strings.Builder
	writeRescore(&b, &relabelReport{Cells: cells})
	if strings.Count(b.String(), " †") != 1 || !strings.Contains(b.String(), "no upper bound") {
		t.Errorf("rescore table:\n%s\nwant the gold reader marked and explained", b.String())
	}
}

// TestAuditWithoutSuspects: with no label the verdicts reject, audit says
// so, not "the top 0".
func TestAuditWithoutSuspects(t *testing.T) {
	var b bytes.Buffer
	writeAudit(&b, auditReport{Questions: 40, Verdicts: 80})
	if got := b.String(); !strings.HasPrefix(got, "No question of 40 has a gold label the verdicts reject (80 verdicts).") || strings.Contains(got, "top 0") {
		t.Errorf("audit without suspects printed %q", got)
	}
}

// TestAuditSaysWhereMostChoseTheLabel: a question whose verdicts mostly
// chose the label at probabilities below one half leans against it; its
// line says so, where one mostly against the label says nothing more.
func TestAuditSaysWhereMostChoseTheLabel(t *testing.T) {
	var b bytes.Buffer
	writeAudit(&b, auditReport{Questions: 2, Verdicts: 12, Suspects: 2, Top: []analysis.Suspect{
		{Task: "qa", QuestionID: "q1", Answers: [2]string{"x", "y"}, Reject: 0.517, Verdicts: 6, Against: 1},
		{Task: "qa", QuestionID: "q2", Answers: [2]string{"x", "y"}, Reject: 0.8, Verdicts: 6, Against: 5},
	}})
	got := b.String()
	if strings.Count(got, "most chose it, but at probabilities that lean against it") != 1 ||
		!strings.Contains(got, "1 of 6 verdicts against the label (most chose it") {
		t.Errorf("audit printed\n%s\nwant the first suspect's line, and it alone, to say most verdicts chose the label", got)
	}
}

// TestAuditRelabelsWhatItShows: with two tasks, the suspects shown are
// the top K of both; --relabel changes those of its task among them, not
// the top K of that task alone, which may hold questions never shown. Two
// tasks that load one file are told apart by --task, and the other's
// cells, which the copy is not scored on, are left out and said.
func TestAuditRelabelsWhatItShows(t *testing.T) {
	dir := t.TempDir()
	dataA, _ := flippedDataset(t, 40, 6, 1, 0.6)
	dataB, _ := flippedDataset(t, 40, 6, 2, 0.6)
	pathA, pathB := filepath.Join(dir, "a.jsonl"), filepath.Join(dir, "b.jsonl")
	for p, d := range map[string][]byte{pathA: dataA, pathB: dataB} {
		writeFile(t, p, d)
	}
	second := func(name, path string) string {
		text := mustRead(t, experimentOn(t, dir, pathA))
		task := "\n  - {name: " + name + ", loader: jsonl, path: " + path + ", context: context, id: id, difficulty_field: difficulty}\n\nprotocols:"
		file := filepath.Join(dir, name+".yaml")
		writeFile(t, file, []byte(strings.Replace(string(text), "\n\nprotocols:", task, 1)))
		run := filepath.Join(dir, name)
		mootOK(t, "run", file, "--out", run)
		return run
	}
	run := second("other", pathB)
	a := runAuditJSON(t, run, "--top", "6", "--relabel", pathA, "--out", filepath.Join(dir, "fixed.jsonl"))
	var shown []string
	for _, s := range a.Top {
		if s.Task == "qa" {
			shown = append(shown, s.QuestionID)
		}
	}
	if len(shown) == 0 || len(shown) == len(a.Top) {
		t.Fatalf("suspects shown %+v; want some of each task", a.Top)
	}
	var relabelled []string
	for id := range a.Relabel.Relabelled {
		relabelled = append(relabelled, id)
	}
	slices.Sort(shown)
	slices.Sort(relabelled)
	if !slices.Equal(shown, relabelled) {
		t.Errorf("relabelled %v; want the suspects of task qa shown, %v", relabelled, shown)
	}

	same := second("again", pathA)
	fixed := filepath.Join(dir, "fixed-again.jsonl")
	if code, _, errOut := moot(t, "audit", same, "--relabel", pathA, "--out", fixed); code != exitBadInput || !strings.Contains(errOut, "tasks qa, again all load") {
		t.Errorf("relabel of a file two tasks load, no --task: exit %d %s; want %d, the tasks named", code, errOut, exitBadInput)
	}
	code, out, errOut := moot(t, "audit", same, "--relabel", pathA, "--out", fixed, "--task", "qa", "--format", "json")
	var got auditOutput
	if err := json.Unmarshal([]byte(out), &got); code != exitOK || err != nil || !strings.Contains(errOut, "tasks again load "+pathA+" too") {
		t.Fatalf("relabel with --task qa: exit %d %v %s", code, err, errOut)
	}
	for _, c := range got.Relabel.Cells {
		if c.Task == "again" {
			t.Errorf("cell %+v of task again, which the copy was not scored on, is in the report", c)
		}
	}
}

// TestAuditOfTwoVersionsOfADataset: runs on a file and on its relabelled
// copy disagree on a question's gold answer; the audit refuses them,
// naming the runs, and does not first say it will pool their verdicts.
func TestAuditOfTwoVersionsOfADataset(t *testing.T) {
	dir := t.TempDir()
	var runs []string
	for i, flip := range []bool{false, true} {
		var data strings.Builder
		for _, id := range []string{"a", "b", "c", "d"} {
			correct, incorrect := "adze", "kiln"
			if flip && id == "b" {
				correct, incorrect = incorrect, correct
			}
			fmt.Fprintf(&data, `{"id": %q, "question": "Which tool is %s?", "correct": %q, "incorrect": %q}`+"\n", id, id, correct, incorrect)
		}
		name := fmt.Sprintf("v%d", i)
		os.WriteFile(filepath.Join(dir, name+".jsonl"), []byte(data.String()), 0o644)
		file := filepath.Join(dir, name+".yaml")
		os.WriteFile(file, []byte("name: "+name+"\nseed: 3\nagents:\n  j: {backend: sim}\n"+
			"tasks:\n  - {name: q, loader: jsonl, path: "+name+".jsonl, id: id}\nprotocols:\n  - {name: direct, judge: j}\n"), 0o644)
		run := filepath.Join(dir, "run-"+name)
		if code, _, errOut := moot(t, "run", file, "--out", run); code != exitOK {
			t.Fatalf("run %s: %d %s", name, code, errOut)
		}
		runs = append(runs, run)
	}
	code, _, errOut := moot(t, "audit", runs[0], runs[1])
	if code != exitBadInput || !strings.Contains(errOut, runs[0]+", "+runs[1]+": ") || !strings.Contains(errOut, "audit each run alone") || strings.Contains(errOut, "pooled") {
		t.Errorf("audit of two versions: exit %d, stderr %q; want %d naming both runs, and no word of pooling", code, errOut, exitBadInput)
	}
}

// TestAuditRelabelChecksTheFile: a relabel of a data file edited since
// the run (one label swapped) is refused, exit 2 and no copy written, for
// the copy would carry that change into the re-scoring as if the audit
// had made it; the file as the run read it is relabelled. A run and its
// rejudge audited for the protocol the rejudge's judge did not judge
// before pool alike; a relabel, which re-scores every protocol, refuses
// them, naming the one whose episodes they both hold.
func TestAuditRelabelChecksTheFile(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "v.jsonl")
	line := func(id, correct, incorrect string) string {
		return fmt.Sprintf(`{"id": %q, "question": "Which tool is %s?", "correct": %q, "incorrect": %q}`+"\n", id, id, correct, incorrect)
	}
	played := line("a", "adze", "kiln") + line("b", "awl", "loom") + line("c", "vise", "lathe")
	writeFile(t, data, []byte(played))
	file := filepath.Join(dir, "v.yaml")
	os.WriteFile(file, []byte("name: v\nseed: 3\nagents:\n  j: {backend: sim}\n  k: {backend: sim, skill: 0.9}\n"+
		"tasks:\n  - {name: q, loader: jsonl, path: v.jsonl, id: id}\nprotocols:\n  - {name: direct, judge: j}\n  - {name: direct, label: by-k, judge: k}\n"), 0o644)
	run, rejudged := filepath.Join(dir, "run"), filepath.Join(dir, "rejudged")
	mootOK(t, "run", file, "--out", run)
	fixed := filepath.Join(dir, "fixed.jsonl")
	edited := line("a", "adze", "kiln") + line("b", "loom", "awl") + line("c", "vise", "lathe")
	os.WriteFile(data, []byte(edited), 0o644)
	code, _, errOut := moot(t, "audit", run, "--relabel", data, "--out", fixed)
	if _, err := os.Stat(fixed); code != exitBadInput || !strings.Contains(errOut, "holds other questions than the run's task q played") || err == nil {
		t.Errorf("relabel of the file edited since: exit %d, stderr %q, copy written %v; want %d, no copy", code, errOut, err == nil, exitBadInput)
	}
	os.WriteFile(data, []byte(played), 0o644)
	if code, _, errOut := moot(t, "audit", run, "--relabel", data, "--out", fixed); code != exitOK {
		t.Errorf("relabel of the file as the run read it: exit %d %s", code, errOut)
	}

	mootOK(t, "rejudge", run, "--judge", "k", "--experiment", file, "--out", rejudged)
	if code, _, errOut := moot(t, "audit", run, rejudged, "--protocol", "direct"); code != exitOK {
		t.Errorf("audit of the run and its rejudge, --protocol direct: exit %d %s; want %d: by-k's episodes both hold are not read", code, errOut, exitOK)
	}
	code, _, errOut = moot(t, "audit", run, rejudged, "--protocol", "direct", "--relabel", data, "--out", fixed)
	if code != exitBadInput || !strings.Contains(errOut, "--relabel re-scores every protocol of the runs, by-k too") {
		t.Errorf("relabel of the run and its rejudge: exit %d %s; want %d naming by-k", code, errOut, exitBadInput)
	}
}
