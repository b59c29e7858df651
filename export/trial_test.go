package export

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/parquet-go/parquet-go"

	"github.com/mootlab/moot/transcript"
)

// inspectLogOf is what these tests read of an Inspect log.
type inspectLogOf struct {
	Eval struct {
		RunID    string         `json:"run_id"`
		Task     string         `json:"task"`
		TaskID   string         `json:"task_id"`
		Config   map[string]any `json:"config"`
		Metadata map[string]any `json:"metadata"`
		Dataset  struct {
			Samples   int      `json:"samples"`
			SampleIDs []string `json:"sample_ids"`
		} `json:"dataset"`
	} `json:"eval"`
	Samples []struct {
		ID       string         `json:"id"`
		Epoch    int            `json:"epoch"`
		UUID     string         `json:"uuid"`
		Metadata map[string]any `json:"metadata"`
	} `json:"samples"`
}

func readInspectLog(t *testing.T, file string) inspectLogOf {
	t.Helper()
	var log inspectLogOf
	readJSONFile(t, file, &log)
	return log
}

// copyRun copies the transcript log at path into the run folder dir
// (made) and returns the copy's path.
func copyRun(t *testing.T, path, dir string) string {
	t.Helper()
	data := mustReadFile(t, path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	to := filepath.Join(dir, transcript.FileName)
	if err := os.WriteFile(to, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return to
}

// TestInspectRunsOfOneFolderNameKeepTheirLogs: two runs in folders of the
// same name (seed-7 of two replicated experiments) exported into one
// folder each keep their logs, with or without a run id; exporting one
// of them again replaces its own logs only.
func TestInspectRunsOfOneFolderNameKeepTheirLogs(t *testing.T) {
	path := writeRunWith(t, 8, oneCell)
	root := t.TempDir()
	a := copyRun(t, path, filepath.Join(root, "first", "seed-7"))
	b := copyRun(t, path, filepath.Join(root, "second", "seed-7"))
	for _, ids := range [][2]string{{"", ""}, {"run-a", "run-b"}} {
		out := filepath.Join(t.TempDir(), "inspect")
		for _, run := range []struct{ path, id string }{{a, ids[0]}, {b, ids[1]}, {a, ids[0]}} {
			if _, err := Run(run.path, Inspect, out, Options{RunID: run.id}); err != nil {
				t.Fatal(err)
			}
		}
		logs, _ := filepath.Glob(filepath.Join(out, "*.json"))
		if len(logs) != 2 {
			t.Errorf("run ids %q: the folder holds %d logs; want 2, one a run", ids, len(logs))
			continue
		}
		if r0, r1 := readInspectLog(t, logs[0]).Eval.RunID, readInspectLog(t, logs[1]).Eval.RunID; r0 == r1 {
			t.Errorf("run ids %q: both logs have run_id %s; want one each", ids, r0)
		}
	}
}

// planEpisode makes the synthetic episode i as a plan has it: question
// i/4, assignment (i/2)%2, repeat i%2.
func planEpisode(ep *transcript.Episode) {
	var i int
	fmt.Sscanf(ep.EpisodeID, "ep%d", &i)
	ep.Cell = ""
	ep.QuestionID = fmt.Sprintf("q%d", i/4)
	ep.Assignment = []string{"correct-first", "correct-second"}[(i/2)%2]
	ep.Repeat = i % 2
}

// TestInspectRepeatsAreEpochs: the repeats of one question under one
// assignment are one sample's epochs, its id the same; the eval's config
// says how many; sample uuids differ from run to run and the seed is in
// the sample's and the eval's metadata.
func TestInspectRepeatsAreEpochs(t *testing.T) {
	path := writeRunWith(t, 12, planEpisode)
	seed7, seed8 := uint64(7), uint64(8)
	files, err := Run(path, Inspect, t.TempDir(), Options{RunID: "run7", Seed: &seed7})
	if err != nil || len(files) != 1 {
		t.Fatalf("got %v, %v; want one log", files, err)
	}
	log := readInspectLog(t, files[0])
	if len(log.Samples) != 12 || log.Eval.Dataset.Samples != 6 || len(log.Eval.Dataset.SampleIDs) != 6 {
		t.Fatalf("got %d samples, dataset of %d (%d ids); want 12 samples of 6", len(log.Samples), log.Eval.Dataset.Samples, len(log.Eval.Dataset.SampleIDs))
	}
	if e := log.Eval.Config["epochs"]; e != 2.0 {
		t.Errorf("got config epochs %v; want 2", e)
	}
	epochs := map[string][]int{}
	for _, s := range log.Samples {
		epochs[s.ID] = append(epochs[s.ID], s.Epoch)
		if s.Metadata["seed"] != 7.0 {
			t.Errorf("sample %s: metadata seed %v; want 7", s.ID, s.Metadata["seed"])
		}
	}
	for _, id := range log.Eval.Dataset.SampleIDs {
		if got := epochs[id]; !slices.Equal(got, []int{1, 2}) {
			t.Errorf("sample %s: epochs %v; want [1 2]", id, got)
		}
	}
	if _, ok := epochs["q0@correct-second"]; !ok {
		t.Errorf("got sample ids %v; want QUESTION@ASSIGNMENT", log.Eval.Dataset.SampleIDs)
	}
	if log.Eval.Metadata["seed"] != 7.0 {
		t.Errorf("eval metadata seed %v; want 7", log.Eval.Metadata["seed"])
	}
	// The same episodes at another seed: other uuids.
	other := copyRun(t, path, filepath.Join(t.TempDir(), "seed-8"))
	files8, err := Run(other, Inspect, t.TempDir(), Options{RunID: "run8", Seed: &seed8})
	if err != nil {
		t.Fatal(err)
	}
	uuids := map[string]bool{}
	for _, f := range []string{files[0], files8[0]} {
		for _, s := range readInspectLog(t, f).Samples {
			if uuids[s.UUID] {
				t.Fatalf("uuid %s twice; want each sample's its own", s.UUID)
			}
			uuids[s.UUID] = true
		}
	}
}

// TestInspectEpochsOfOpenChoices: the repeats of an open protocol's
// assignment, whose seat chose the correct answer in one and not in the
// other, are one sample's epochs: the choice is the epoch's, not the
// sample's.
func TestInspectEpochsOfOpenChoices(t *testing.T) {
	path := writeRunWith(t, 8, func(ep *transcript.Episode) {
		planEpisode(ep)
		ep.Assignment += []string{transcript.ChoseCorrect, transcript.ChoseIncorrect}[ep.Repeat]
	})
	files, err := Run(path, Inspect, t.TempDir(), Options{})
	if err != nil || len(files) != 1 {
		t.Fatalf("got %v, %v; want one log", files, err)
	}
	log := readInspectLog(t, files[0])
	epochs := map[string][]int{}
	for _, s := range log.Samples {
		epochs[s.ID] = append(epochs[s.ID], s.Epoch)
	}
	if len(epochs) != 4 || !slices.Equal(epochs["q0@correct-first"], []int{1, 2}) {
		t.Errorf("samples %v; want 4, each with epochs 1 and 2 (q0@correct-first among them)", epochs)
	}
}

// TestInspectFileNameAsInspectReadsIt: a log's name is TIME_TASK_TASKID,
// the task and task_id those the log holds, even for a label with '_'
// and a sweep cell, which Inspect's list_eval_logs reads from the name.
func TestInspectFileNameAsInspectReadsIt(t *testing.T) {
	path := writeRunWith(t, 6, func(ep *transcript.Episode) { ep.Protocol = "my_debate" })
	files, err := Run(path, Inspect, t.TempDir(), Options{})
	if err != nil || len(files) == 0 {
		t.Fatalf("got %v, %v", files, err)
	}
	for _, f := range files {
		log := readInspectLog(t, f)
		parts := strings.Split(strings.TrimSuffix(filepath.Base(f), ".json"), "_")
		if len(parts) != 3 || parts[1] != log.Eval.Task || parts[2] != log.Eval.TaskID {
			t.Errorf("got name %s; want TIME_%s_%s", filepath.Base(f), log.Eval.Task, log.Eval.TaskID)
		}
		if !strings.HasPrefix(log.Eval.Task, "my-debate-hidden-qa@strong.skill=") {
			t.Errorf("got task %q; want my-debate-hidden-qa@CELL", log.Eval.Task)
		}
	}
}

// TestBadRecordIsBadInput: a line cut in the middle of the log, or a
// field of the wrong type, is bad input naming its line; the export
// leaves no folder it made behind.
func TestBadRecordIsBadInput(t *testing.T) {
	path := writeRun(t, 6)
	data := mustReadFile(t, path)
	lines := strings.SplitAfter(string(data), "\n")
	for name, bad := range map[string]string{
		"cut":  lines[2][:len(lines[2])/2] + "\n",
		"type": strings.Replace(lines[2], `"repeat":0`, `"repeat":"zero"`, 1),
	} {
		t.Run(name, func(t *testing.T) {
			bent := slices.Clone(lines)
			bent[2] = bad
			p := filepath.Join(t.TempDir(), transcript.FileName)
			if err := os.WriteFile(p, []byte(strings.Join(bent, "")), 0o644); err != nil {
				t.Fatal(err)
			}
			for _, f := range []Format{Inspect, CSV} {
				out := filepath.Join(t.TempDir(), "new", "out")
				_, err := Run(p, f, out, Options{})
				if !errors.Is(err, ErrBadRecord) || !strings.Contains(err.Error(), transcript.FileName+":3:") {
					t.Errorf("%s: got %v; want ErrBadRecord naming line 3", f, err)
				}
				if _, err := os.Stat(filepath.Dir(out)); !errors.Is(err, os.ErrNotExist) {
					t.Errorf("%s: the folder it made is left behind (%v); want none", f, err)
				}
			}
		})
	}
}

// TestWarnings: a log without episodes, and a last line without its
// newline, are warned of, a line naming the file; an empty log makes no
// Inspect folder.
func TestWarnings(t *testing.T) {
	dir := t.TempDir()
	empty := filepath.Join(dir, "empty", transcript.FileName)
	os.MkdirAll(filepath.Dir(empty), 0o755)
	os.WriteFile(empty, nil, 0o644)
	data, _ := os.ReadFile(writeRun(t, 3))
	cut := filepath.Join(dir, "cut", transcript.FileName)
	os.MkdirAll(filepath.Dir(cut), 0o755)
	os.WriteFile(cut, data[:len(data)-40], 0o644)
	for _, c := range []struct {
		path string
		f    Format
		want string
	}{
		{empty, CSV, "holds no episodes"}, {empty, Inspect, "holds no episodes"},
		{cut, JSONL, "last line has no newline"},
	} {
		var warnings []string
		out := filepath.Join(t.TempDir(), "x", "out.jsonl")
		if _, err := Run(c.path, c.f, out, Options{Warn: func(m string) { warnings = append(warnings, m) }}); err != nil {
			t.Fatal(err)
		}
		if len(warnings) != 1 || !strings.Contains(warnings[0], c.want) || !strings.Contains(warnings[0], c.path) {
			t.Errorf("%s %s: got warnings %q; want one: %s, naming the file", c.path, c.f, warnings, c.want)
		}
		if _, err := os.Stat(out); c.f == Inspect && !errors.Is(err, os.ErrNotExist) {
			t.Errorf("empty log: the Inspect folder was made (%v); want none", err)
		}
	}
}

// TestNumericAxes: an axis whose values are all numbers is a number
// column, integer where all are (Parquet INT64 or DOUBLE, a JSON number);
// one with a word among its values stays text, and CSV is text.
func TestNumericAxes(t *testing.T) {
	i := 0
	path := writeRunWith(t, 6, func(ep *transcript.Episode) {
		ep.Cell += ",model=" + []string{"10", "9", "small"}[i%3]
		i++
	})
	dir := t.TempDir()
	files := mustRun(t, path, JSONL, filepath.Join(dir, "e.jsonl"), Options{})
	f, _ := os.Open(files[0])
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Scan()
	var row map[string]any
	if err := json.Unmarshal(sc.Bytes(), &row); err != nil {
		t.Fatal(err)
	}
	if row["strong.skill"] != 0.5 || row["debate.rounds"] != 3.0 || row["model"] != "10" {
		t.Errorf("got strong.skill %#v, debate.rounds %#v, model %#v; want 0.5, 3, \"10\"", row["strong.skill"], row["debate.rounds"], row["model"])
	}
	files = mustRun(t, path, Parquet, filepath.Join(dir, "e.parquet"), Options{})
	pf, err := os.Open(files[0])
	if err != nil {
		t.Fatal(err)
	}
	defer pf.Close()
	info, _ := pf.Stat()
	file, err := parquet.OpenFile(pf, info.Size())
	if err != nil {
		t.Fatal(err)
	}
	for col, want := range map[string]parquet.Kind{"strong.skill": parquet.Double, "debate.rounds": parquet.Int64, "model": parquet.ByteArray} {
		leaf, ok := file.Schema().Lookup(col)
		if !ok || leaf.Node.Type().Kind() != want {
			t.Errorf("column %s: %v; want %v", col, leaf.Node.Type(), want)
		}
	}
	files = mustRun(t, path, CSV, filepath.Join(dir, "e.csv"), Options{})
	data, _ := os.ReadFile(files[0])
	if !strings.Contains(string(data), ",0.5,3,10,") {
		t.Errorf("CSV rows lack the values as written:\n%.300s", data)
	}
}

// TestMessagesInterimAndKept: the message that gave an interim verdict
// carries its answer and probability (the last ask of its round), and a
// message a rejudge kept says so.
func TestMessagesInterimAndKept(t *testing.T) {
	path := writeRunWith(t, 1, func(ep *transcript.Episode) {
		ep.Messages[0].Kept = true
		// Round 1 ends with the judge asked twice: the first did not parse.
		judge := transcript.Message{Round: 1, Name: "Judge", Role: transcript.RoleJudge, Agent: "weak-judge", Aside: true}
		ep.Messages = slices.Insert(ep.Messages, 2, judge, judge)
		ep.Interim = []transcript.Verdict{{Answer: 1, Slot: "B", Probability: 0.6, Asks: 2, Round: 1}}
	})
	files := mustRun(t, path, JSONL, filepath.Join(t.TempDir(), "e.jsonl"), Options{})
	data, _ := os.ReadFile(files[1])
	var rows []MessageRow
	for line := range strings.Lines(string(data)) {
		var r MessageRow
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			t.Fatal(err)
		}
		rows = append(rows, r)
	}
	for i, r := range rows {
		wantInterim := i == 3
		if gotInterim := r.InterimAnswer != nil; gotInterim != wantInterim {
			t.Errorf("message %d: interim answer %v; want one only on message 3", i, r.InterimAnswer)
		}
		if r.Kept != (i == 0) {
			t.Errorf("message %d: kept %v; want only message 0 kept", i, r.Kept)
		}
	}
	if r := rows[3]; r.InterimAnswer == nil || *r.InterimAnswer != 1 || r.InterimProbability == nil || *r.InterimProbability != 0.6 {
		t.Errorf("message 3: interim %v %v; want 1, 0.6", r.InterimAnswer, r.InterimProbability)
	}
}

// TestLastLineCut: a last line that holds more than white space without
// its newline is cut, wherever its last space falls; white space alone
// after the last newline is not.
func TestLastLineCut(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		text string
		cut  bool
	}{
		{"{\"a\":1}\n", false},
		{"{\"a\":1}\n  \r\n\t ", false},
		{"{\"a\":1}\n{\"text\":\"cut after a space ", true},
		{"{\"a\":1}\n{\"b\":2}", true},
		{"", false},
		{strings.Repeat("x", 9000), true}, // longer than one read
	} {
		path := filepath.Join(dir, "t.jsonl")
		if err := os.WriteFile(path, []byte(tc.text), 0o644); err != nil {
			t.Fatal(err)
		}
		if got, err := lastLineCut(path); err != nil || got != tc.cut {
			t.Errorf("%.30q: cut %v, %v; want %v", tc.text, got, err, tc.cut)
		}
	}
}

// TestReplayedEpisodeOnce: a run not done whose log holds an episode's
// failure and, later, its replay (a resume of it) exports the replay
// alone, with a warning; a done run's log is read as it is.
func TestReplayedEpisodeOnce(t *testing.T) {
	i := 0
	path := writeRunWith(t, 4, func(ep *transcript.Episode) {
		if i == 3 { // the fourth record replays the first, which failed
			first := synthEpisode(0)
			*ep = first
		}
		if i == 0 {
			ep.Error, ep.Verdict, ep.Correct = "HTTP 500", transcript.Verdict{Answer: transcript.Unparsed}, false
		}
		i++
	})
	var warnings []string
	out := filepath.Join(t.TempDir(), "x.csv")
	if _, err := Run(path, CSV, out, Options{Warn: func(m string) { warnings = append(warnings, m) }}); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(out)
	if rows := strings.Count(string(data), "\n") - 1; rows != 3 {
		t.Errorf("got %d rows; want 3, the replay in place of the failure:\n%s", rows, data)
	}
	if strings.Contains(string(data), "HTTP 500") {
		t.Errorf("the superseded failure was exported:\n%s", data)
	}
	if len(warnings) != 1 || !strings.Contains(warnings[0], "played again later") {
		t.Errorf("warnings %q; want one that a record was superseded", warnings)
	}
	// Inspect: one sample of the episode, not two of one uuid.
	dir := filepath.Join(t.TempDir(), "inspect")
	files := mustRun(t, path, Inspect, dir, Options{RunID: "r"})
	samples := 0
	for _, f := range files {
		var log struct {
			Samples []struct {
				UUID string `json:"uuid"`
			} `json:"samples"`
		}
		b, _ := os.ReadFile(f)
		if err := json.Unmarshal(b, &log); err != nil {
			t.Fatal(err)
		}
		samples += len(log.Samples)
	}
	if samples != 3 {
		t.Errorf("got %d Inspect samples; want 3", samples)
	}
}
