package engine

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/mootlab/moot/quotes"
	"github.com/mootlab/moot/tasks"
	_ "github.com/mootlab/moot/tasks/loaders"
	"github.com/mootlab/moot/transcript"
)

// badDataDir holds experiment files whose error is in the data file a
// loader reads, each beside its data. They live apart from badDir because
// their errors name the data file, not the experiment file. Each starts
// with "# want: TEXT", where TEXT is how the error must read after
// "badDataDir/": the data file's name, ":LINE: field: message" (or an
// experiment file's name, for an error found in it after reading the
// data). TEXT may stop short of the end of the message.
const badDataDir = "testdata/bad/loaders"

func TestLoaderDataErrors(t *testing.T) {
	paths, err := filepath.Glob(filepath.Join(badDataDir, "*.yaml"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no cases in %s: %v", badDataDir, err)
	}
	for _, path := range paths {
		t.Run(filepath.Base(path), func(t *testing.T) {
			data := mustRead(t, path)
			want, ok := strings.CutPrefix(strings.SplitN(string(data), "\n", 2)[0], "# want: ")
			if !ok {
				t.Fatalf(`no "# want: " first line`)
			}
			_, err = Load(path)
			if err == nil {
				t.Fatalf("got no error; want %q", want)
			}
			msg := err.Error()
			if prefix := badDataDir + "/" + want; !strings.HasPrefix(msg, prefix) {
				t.Errorf("got error %q; want %q", msg, prefix)
			}
			if !errors.Is(err, ErrBadInput) {
				t.Errorf("error %q does not wrap ErrBadInput", msg)
			}
			// A file's several bad records are said a line each.
			for _, fault := range faults(err) {
				if strings.Contains(fault.Error(), "\n") {
					t.Errorf("fault %q spans lines; want one line a fault", fault)
				}
			}
			var ie *InputError
			if !errors.As(err, &ie) {
				t.Fatalf("error %q is a %T; want an *InputError", msg, err)
			}
			file, rest, _ := strings.Cut(want, ":")
			if got := filepath.Base(ie.File); got != file {
				t.Errorf("got InputError.File %q; want the file %s", ie.File, file)
			}
			if ie.Line > 0 && !strings.HasPrefix(rest, strconv.Itoa(ie.Line)+":") {
				t.Errorf("the error is at line %d; want the case to say so, as %s:%d:", ie.Line, file, ie.Line)
			}
		})
	}
}

// TestLoadersEndToEnd runs every loader's fixture through direct QA,
// consultancy and debate with sim agents: every episode must finish, and
// every judge give a verdict that parses, with or without a hidden context.
func TestLoadersEndToEnd(t *testing.T) {
	x := mustLoad(t, "testdata/data/datasets.yaml")
	wantQuestions := map[string]int{
		"quality": 5, "boolq": 4, "gsm8k": 4, "mmlu": 4, "gpqa": 2, "cruxeval": 6, "finqa": 3, "trivia": 3, "lenient": 3,
	}
	closed := map[string]bool{"mmlu": true, "gpqa": true, "cruxeval": true}
	for _, task := range x.Tasks {
		if got, want := len(task.Questions), wantQuestions[task.Name]; got != want || task.N != want {
			t.Errorf("task %s: got %d questions (N %d); want %d", task.Name, got, task.N, want)
		}
		for _, q := range task.Questions {
			if (q.Context == "") != closed[task.Name] {
				t.Errorf("task %s, question %s: context %q; want one only for a task with a hidden text", task.Name, q.ID, q.Context)
			}
		}
	}
	if got := x.Tasks[len(x.Tasks)-1]; got.Skipped != 3 || !got.SkipInvalid {
		t.Errorf("task lenient: got %d skipped (skip_invalid %v); want 3 (true)", got.Skipped, got.SkipInvalid)
	}

	dir := t.TempDir()
	res, err := runSummarized(context.Background(), x, Options{Out: dir, Concurrency: 2})
	if err != nil {
		t.Fatal(err)
	}
	if res.Failed != 0 {
		t.Errorf("got %d failed episodes; want none", res.Failed)
	}
	eps, err := transcript.ReadFile(filepath.Join(dir, TranscriptsFile))
	if err != nil {
		t.Fatal(err)
	}
	if len(eps) != len(x.Plan()) {
		t.Fatalf("got %d episodes; want %d", len(eps), len(x.Plan()))
	}
	played, articles := map[string]bool{}, map[string]bool{}
	for _, ep := range eps {
		played[ep.Task+" "+ep.Kind] = true
		// QuALITY's questions carry their article, for the statistics to
		// resample together; no other task here groups its questions.
		if (ep.Group != "") != (ep.Task == "quality") {
			t.Errorf("%s %s: group %q; want one for quality alone", ep.Task, ep.QuestionID, ep.Group)
		}
		if ep.Task == "quality" {
			articles[ep.Group] = true
		}
		if ep.Error != "" {
			t.Errorf("%s %s %s: error %s", ep.Task, ep.Protocol, ep.QuestionID, ep.Error)
		}
		if ep.Verdict.Answer == transcript.Unparsed {
			t.Errorf("%s %s %s: the verdict did not parse: %+v", ep.Task, ep.Protocol, ep.QuestionID, ep.Verdict)
		}
		for _, m := range ep.Messages {
			if closed[ep.Task] && strings.Contains(m.Text, quotes.Open) {
				t.Errorf("%s %s %s: %s quotes a text the question does not have: %q", ep.Task, ep.Protocol, ep.QuestionID, m.Name, m.Text)
			}
		}
	}
	if len(articles) != 3 {
		t.Errorf("quality's 5 questions fall in groups %v; want its 3 articles", articles)
	}
	for task := range wantQuestions {
		for _, kind := range []string{"direct", "direct-with-context", "consultancy", "debate"} {
			if !played[task+" "+kind] {
				t.Errorf("no %s episode of task %s", kind, task)
			}
		}
	}

	lock := mustRead(t, filepath.Join(dir, LockFile))
	// A jsonl task without group: writes none, as a lock made before the
	// setting did, so that such a run resumes.
	if strings.Contains(string(lock), "group:") {
		t.Errorf("lock file names a group no task set:\n%s", lock)
	}
	for _, want := range []string{
		"loader: quality\n    path: ../../../tasks/loaders/testdata/quality.jsonl\n",
		"distractor: best",
		"name: lenient\n    loader: boolq\n    path: ../bad/loaders/skip-some.jsonl\n    \"n\": 3\n    seed: 5\n    skipped_invalid: 3\n",
		"name: cruxeval\n    loader: cruxeval\n    path: ../../../tasks/loaders/testdata/cruxeval.jsonl\n    \"n\": 6\n    seed: 9\n    settings:",
	} {
		if !strings.Contains(string(lock), want) {
			t.Errorf("lock file lacks %q:\n%s", want, lock)
		}
	}
}

// TestLoaderPaths: a data path is relative to the experiment file's
// folder, whatever the working directory, or absolute.
func TestLoaderPaths(t *testing.T) {
	fixture, err := filepath.Abs("../tasks/loaders/testdata/boolq.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	data := mustRead(t, fixture)
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "sub", "data"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "sub", "data", "b.jsonl"), data, 0o644); err != nil {
		t.Fatal(err)
	}
	experiment := func(path string) []byte {
		return []byte("name: t\nagents:\n  j: {backend: sim}\nprotocols:\n  - {name: direct, judge: j}\ntasks:\n  - {name: b, loader: boolq, path: " + strconv.Quote(path) + ", n: 2}\n")
	}
	for _, tt := range []struct{ name, path string }{
		{"relative", "data/b.jsonl"},
		{"absolute", fixture},
	} {
		t.Run(tt.name, func(t *testing.T) {
			file := filepath.Join(dir, "sub", "x.yaml")
			if err := os.WriteFile(file, experiment(tt.path), 0o644); err != nil {
				t.Fatal(err)
			}
			x, err := Load(file)
			if err != nil {
				t.Fatalf("got error %v; want none", err)
			}
			if got := len(x.Tasks[0].Questions); got != 2 {
				t.Errorf("got %d questions; want 2", got)
			}
		})
	}
}

// TestLoaderSeed: the task's seed, or else the experiment's, draws the
// sample and places the answers.
func TestLoaderSeed(t *testing.T) {
	load := func(seeds string) []tasks.Question {
		t.Helper()
		x := mustParse(t, "testdata/data/x.yaml", "name: t\n"+seeds+"agents:\n  j: {backend: sim}\nprotocols:\n  - {name: direct, judge: j}\ntasks:\n  - {name: q, loader: quality, path: ../../../tasks/loaders/testdata/quality.jsonl}\n")
		return x.Tasks[0].Questions
	}
	same := func(a, b []tasks.Question) bool {
		for i := range a {
			if a[i].Answers != b[i].Answers {
				return false
			}
		}
		return true
	}
	if a, b := load("seed: 1\n"), load("seed: 1\n"); !same(a, b) {
		t.Errorf("one seed gave two sets of answers")
	}
	if a, b := load("seed: 1\n"), load("seed: 2\n"); same(a, b) {
		t.Errorf("seeds 1 and 2 gave the same answers; want the experiment seed to place them")
	}
}

// TestShippedDatasetsExperiment: experiments/datasets.yaml loads, and
// every loader is run by it or, for the pairwise preference sets, by
// experiments/judges-pairwise.yaml.
func TestShippedDatasetsExperiment(t *testing.T) {
	loaders := map[string]bool{}
	for _, file := range []string{"../experiments/datasets.yaml", "../experiments/judges-pairwise.yaml"} {
		for _, task := range mustLoad(t, file).Tasks {
			loaders[task.Loader] = true
		}
	}
	for _, name := range tasks.Loaders() {
		if !loaders[name] {
			t.Errorf("neither experiments/datasets.yaml nor judges-pairwise.yaml has a task with the loader %s", name)
		}
	}
}
