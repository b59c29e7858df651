package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/mootlab/moot/engine"
	"github.com/mootlab/moot/transcript"
)

// TestExportRunID: a run's Inspect run_id is the start of its identity
// (engine.RunIdentity, which a resume keeps), and none without a lock.
func TestExportRunID(t *testing.T) {
	dir := t.TempDir()
	lock := "name: x\nseed: 7\nagents:\n  judge: {backend: sim}\n"
	writeFile(t, filepath.Join(dir, engine.LockFile), []byte(lock))
	want, err := engine.RunIdentity(dir)
	if err != nil {
		t.Fatal(err)
	}
	if got, _, err := exportRunID(dir); err != nil || got != want[:16] {
		t.Errorf("exportRunID = %q, %v; want %q, the start of the run's identity", got, err, want[:16])
	}
	if got, _, err := exportRunID(t.TempDir()); got != "" || err != nil {
		t.Errorf("no lock: %q, %v; want no run id", got, err)
	}
	// A person's run of moot judge keeps the lock of the run it judged:
	// its logs, and another annotator's, are still another run's.
	ids := map[string]string{"": want[:16]}
	for _, person := range []string{"human:alice", "human:bob"} {
		rec, _ := json.Marshal(transcript.Episode{EpisodeID: "e1", Protocol: "debate", Kind: "debate", Task: "qa", QuestionID: "q1", Judge: person, Order: [2]int{0, 1}, Correct: true})
		writeFile(t, filepath.Join(dir, engine.TranscriptsFile), append(rec, '\n'))
		got, _, err := exportRunID(dir)
		for other, id := range ids {
			if err != nil || got == id {
				t.Errorf("%s's run id %q, %v; want one apart from %q's, %q", person, got, err, other, id)
			}
		}
		ids[person] = got
	}
}

// TestExportInspectOfRunsNamedAlike: the Inspect logs of two runs in
// folders of one name (another seed, another parent) both stay in one
// folder.
func TestExportInspectOfRunsNamedAlike(t *testing.T) {
	root := t.TempDir()
	data := mustRead(t, small)
	other := filepath.Join(root, "other.yaml")
	os.WriteFile(other, []byte(strings.Replace(string(data), "seed: 11", "seed: 12", 1)), 0o644)
	out := filepath.Join(root, "inspect")
	counts := []int{}
	for _, exp := range []string{small, other} {
		run := filepath.Join(root, strings.TrimSuffix(filepath.Base(exp), ".yaml"), "seed-7")
		if code, _, errOut := moot(t, "run", exp, "--out", run); code != exitOK {
			t.Fatalf("run %s: %d %s", exp, code, errOut)
		}
		if code, _, errOut := moot(t, "export", run, "--format", "inspect", "--out", out); code != exitOK {
			t.Fatalf("export %s: %d %s", run, code, errOut)
		}
		logs, _ := filepath.Glob(filepath.Join(out, "*.json"))
		counts = append(counts, len(logs))
	}
	if counts[0] == 0 || counts[1] != 2*counts[0] {
		t.Errorf("the folder holds %v logs after each export; want the second run's beside the first's", counts)
	}
}

// TestExportInputErrors: a record that is not one, and --out naming a
// folder for a table, are bad input (exit 2) and leave nothing behind;
// an empty log is warned of.
func TestExportInputErrors(t *testing.T) {
	run := filepath.Join(t.TempDir(), "run")
	runSmall(t, run)
	log := filepath.Join(run, engine.TranscriptsFile)
	data := mustRead(t, log)
	lines := strings.SplitAfter(string(data), "\n")
	lines[1] = regexp.MustCompile(`"repeat":\d+`).ReplaceAllString(lines[1], `"repeat":"zero"`)
	os.WriteFile(log, []byte(strings.Join(lines, "")), 0o644)
	code, _, errOut := moot(t, "export", run, "--format", "inspect")
	if code != exitBadInput || !strings.Contains(errOut, engine.TranscriptsFile+":2:") {
		t.Errorf("a bad record: exit %d, %q; want %d naming line 2", code, errOut, exitBadInput)
	}
	if _, err := os.Stat(filepath.Join(run, "inspect")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a failed export left %s (%v); want nothing", filepath.Join(run, "inspect"), err)
	}
	folder := t.TempDir()
	code, _, errOut = moot(t, "export", run, "--format", "csv", "--out", folder)
	if code != exitBadInput || !strings.Contains(errOut, "is a folder; name the episodes table's file") || strings.Contains(errOut, "atomicfile") {
		t.Errorf("--out a folder: exit %d, %q; want %d, it is a folder", code, errOut, exitBadInput)
	}
	os.WriteFile(log, nil, 0o644)
	code, _, errOut = moot(t, "export", run, "--format", "csv", "--out", filepath.Join(t.TempDir(), "e.csv"))
	if code != exitOK || !strings.Contains(errOut, "holds no episodes") {
		t.Errorf("an empty log: exit %d, %q; want 0 and a warning", code, errOut)
	}
}

// TestExportAxesOfARunWithoutSummary: a run stopped before its summary is
// written exports its axes in the experiment's order, from its lock, as
// the finished run does, not in the order its log first has them.
func TestExportAxesOfARunWithoutSummary(t *testing.T) {
	file := filepath.Join(t.TempDir(), "order.yaml")
	yaml := "name: order\nseed: 5\nagents:\n  strong: {backend: sim, skill: 0.9}\n  judge: {backend: sim, skill: 0.5}\n" +
		"tasks:\n  - {name: qa, generator: qa, n: 3}\n" +
		"protocols:\n  - {name: consultancy, judge: judge, consultant: strong}\n  - {name: debate, judge: judge, debaters: strong}\n" +
		"sweep:\n  protocols.debate.rounds: [1, 2]\n  agents.judge.diligence: [0, 1]\n"
	writeFile(t, file, []byte(yaml))
	dir := filepath.Join(t.TempDir(), "run")
	mootOK(t, "run", file, "--out", dir, "--concurrency", "1")
	if err := os.Remove(filepath.Join(dir, "summary.json")); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "x.csv")
	mootOK(t, "export", dir, "--format", "csv", "--out", out)
	data := mustRead(t, out)
	if header, _, _ := strings.Cut(string(data), "\n"); !strings.Contains(header, ",cell,debate.rounds,judge.diligence,") {
		t.Errorf("header %s; want the axes in the experiment's order, debate.rounds first", header)
	}
}

// TestExportRefusesTheRunsOwnFiles: --out naming one of the run's own
// files — its transcripts, its table.csv — is refused before any work,
// and the run is as it was; exporting again into a --fresh run's folder
// leaves no earlier run's export beside it.
func TestExportRefusesTheRunsOwnFiles(t *testing.T) {
	run := filepath.Join(t.TempDir(), "run")
	runSmall(t, run)
	rep := filepath.Join(t.TempDir(), "rep")
	mootOK(t, "run", small, "--replicates", "2", "--out", rep, "--no-cache")
	// The folder's lock, as a run writing it holds it: a table there would
	// let a second run write the folder beside the first.
	unlock, err := engine.LockFolder(run)
	if err != nil {
		t.Fatal(err)
	}
	for _, file := range []string{filepath.Join(run, engine.TranscriptsFile), filepath.Join(run, "table.csv"), filepath.Join(rep, "summary.json"), filepath.Join(run, engine.FolderLockFile)} {
		name := file
		before := mustRead(t, file)
		code, _, errOut := moot(t, "export", run, "--format", "jsonl", "--out", file)
		if code != exitBadInput || !strings.Contains(errOut, "is a file moot keeps for the run") || !bytes.Equal(mustRead(t, file), before) {
			t.Errorf("--out %s: exit %d, %q; want %d, the file untouched", name, code, errOut, exitBadInput)
		}
	}
	unlock()
	// A folder that holds no run takes a table under any name, again.
	other := t.TempDir()
	os.WriteFile(filepath.Join(other, "seed-notes.txt"), []byte("mine"), 0o644)
	for _, c := range []struct{ name, format string }{{"table.csv", "csv"}, {engine.TranscriptsFile, "jsonl"}} {
		for range 2 {
			if code, _, errOut := moot(t, "export", run, "--format", c.format, "--out", filepath.Join(other, c.name)); code != exitOK {
				t.Errorf("export to %s outside any run: exit %d %s", c.name, code, errOut)
			}
		}
	}
	for _, f := range []string{"csv", "inspect"} {
		mootOK(t, "export", run, "--format", f)
	}
	notes := filepath.Join(run, "inspect", "notes.txt")
	os.WriteFile(notes, []byte("mine"), 0o644)
	// --fresh removes the discarded run's Inspect logs, by their run_id,
	// and no other file; it names the tables, which it cannot know for
	// the discarded run's, and leaves them.
	code, _, errOut := moot(t, "run", small, "--out", run, "--fresh")
	if code != exitOK || !strings.Contains(errOut, "Inspect logs of the run discarded") || !strings.Contains(errOut, "holds episodes.csv, episodes-messages.csv") {
		t.Errorf("run --fresh: exit %d %s; want the logs said removed and the tables named", code, errOut)
	}
	logs, _ := filepath.Glob(filepath.Join(run, "inspect", "*.json"))
	if _, err := os.Stat(notes); err != nil || len(logs) != 0 {
		t.Errorf("after run --fresh: %d logs left, notes %v; want none, and the notes kept", len(logs), err)
	}
	if _, err := os.Stat(filepath.Join(run, "episodes.csv")); err != nil {
		t.Errorf("the table was removed (%v); want it left, and named", err)
	}
}

// TestExportInspectInputHasTheExhibit: an Inspect sample of a code
// question has the program every seat read in its input, not the
// question alone, which cannot be answered without it.
func TestExportInspectInputHasTheExhibit(t *testing.T) {
	dir := t.TempDir()
	crux, err := filepath.Abs("../../tasks/loaders/testdata/cruxeval.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, "x.yaml")
	os.WriteFile(file, []byte("name: crux\nseed: 2\nagents:\n  j: {backend: sim}\n"+
		"tasks:\n  - {name: crux, loader: cruxeval, path: "+crux+", n: 2}\nprotocols:\n  - {name: direct, judge: j}\n"), 0o644)
	run := filepath.Join(dir, "run")
	mootOK(t, "run", file, "--out", run)
	out := filepath.Join(dir, "inspect")
	mootOK(t, "export", run, "--format", "inspect", "--out", out)
	qs, err := transcript.ReadQuestionTexts(run)
	if err != nil || len(qs) == 0 {
		t.Fatalf("questions: %v", err)
	}
	logs, _ := filepath.Glob(filepath.Join(out, "*.json"))
	if len(logs) != 1 {
		t.Fatalf("%d logs; want 1", len(logs))
	}
	var log struct {
		Samples []struct {
			ID    string `json:"id"`
			Input string `json:"input"`
		} `json:"samples"`
	}
	if err := json.Unmarshal(mustRead(t, logs[0]), &log); err != nil || len(log.Samples) == 0 {
		t.Fatalf("log: %v, %d samples", err, len(log.Samples))
	}
	for _, s := range log.Samples {
		id, _, _ := strings.Cut(s.ID, "@")
		q := qs[transcript.QuestionKey("crux", id)]
		if q.Exhibit == "" || !strings.HasPrefix(s.Input, q.Text+"\n\n"+q.Exhibit+"\n") {
			t.Errorf("sample %s input %q; want the question, then its program %q", s.ID, s.Input, q.Exhibit)
		}
	}
}

// TestExportInspectBesideADamagedQuestionStore: a question store whose
// bytes are wrong is said, and the logs are written, where the texts were
// left out without a word.
func TestExportInspectBesideADamagedQuestionStore(t *testing.T) {
	run := filepath.Join(t.TempDir(), "run")
	runSmall(t, run)
	path := filepath.Join(run, engine.QuestionsFile)
	writeFile(t, path, append(mustRead(t, path), "not a gzip header at all"...))
	code, _, errOut := moot(t, "export", run, "--format", "inspect", "--out", filepath.Join(t.TempDir(), "inspect"))
	if code != exitOK || !strings.Contains(errOut, "moot: warning: ") || !strings.Contains(errOut, "compressed file damaged") || !strings.Contains(errOut, "written without their text") {
		t.Errorf("export beside a damaged question store: exit %d, %q; want exit 0 and the damage warned of", code, errOut)
	}
}

// TestExportWarnsOfAnotherFormatsName: tables written under the name of
// another format are written all the same, with a warning.
func TestExportWarnsOfAnotherFormatsName(t *testing.T) {
	run := filepath.Join(t.TempDir(), "run")
	runSmall(t, run)
	out := filepath.Join(t.TempDir(), "x.parquet")
	code, _, errOut := moot(t, "export", run, "--format", "csv", "--out", out)
	if code != exitOK || !strings.Contains(errOut, "names a .parquet file, and the tables are written as csv") {
		t.Errorf("export --format csv --out x.parquet: exit %d %s; want 0 and a warning", code, errOut)
	}
	if code, _, errOut := moot(t, "export", run, "--format", "csv", "--out", filepath.Join(t.TempDir(), "x.csv")); code != exitOK || strings.Contains(errOut, "warning") {
		t.Errorf("export --format csv --out x.csv: exit %d %s; want 0 and no warning", code, errOut)
	}
}

// TestExportRefusesAFolderNotYetMade: an --out that names a folder by its
// form, not by what is there (a trailing separator, or "." or ".." as its
// last element), is a folder where a table goes: refused as bad input
// before any work, as an existing folder is, with nothing made.
func TestExportRefusesAFolderNotYetMade(t *testing.T) {
	run := filepath.Join(t.TempDir(), "run")
	runSmall(t, run)
	sep := string(filepath.Separator)
	for _, name := range []string{"exports" + sep, "exports" + sep + ".", "exports" + sep + ".."} {
		dir := t.TempDir()
		out := dir + sep + name // not filepath.Join, which would clean it
		code, _, errOut := moot(t, "export", run, "--format", "csv", "--out", out)
		if code != exitBadInput || !strings.Contains(errOut, "names a folder; name the episodes table's file") {
			t.Errorf("--out %s: exit %d, %q; want %d, it names a folder", out, code, errOut, exitBadInput)
		}
		if _, err := os.Stat(filepath.Join(dir, "exports")); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("--out %s: the export made %s (%v); want nothing", out, filepath.Join(dir, "exports"), err)
		}
	}
}

// TestExportWarnsOfAReplicatedRunKilledBetweenSeeds: a replicated run
// killed after its first seed finished, before the next began, has no
// summary.json of its own and no seed unfinished: its export holds one
// seed of two, and says so on stderr, as docs/export.md says of a
// replicated run without its summary (it said nothing, exit 0).
func TestExportWarnsOfAReplicatedRunKilledBetweenSeeds(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "reps")
	mootOK(t, "run", small, "--out", dir, "--replicates", "2")
	seeds := readSummary(t, dir).Replicates.Seeds
	for _, p := range []string{filepath.Join(dir, "summary.json"), filepath.Join(dir, engine.ReplicateDir(seeds[1]))} {
		if err := os.RemoveAll(p); err != nil {
			t.Fatal(err)
		}
	}
	code, _, errOut := moot(t, "export", dir, "--format", "csv", "--out", filepath.Join(t.TempDir(), "x.csv"))
	if code != exitOK || !strings.Contains(errOut, dir+" has no summary.json") {
		t.Errorf("export of a replicated run killed between seeds: exit %d, stderr %q; want it written, with a warning that the run did not finish", code, errOut)
	}
}
