package engine

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/mootlab/moot/transcript"
	"go.yaml.in/yaml/v3"
)

// complete runs small.yaml to the end in a new folder and returns it.
func complete(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	mustRunSummarized(t, loadSmall(t), Options{Out: dir, Concurrency: 3})
	return dir
}

func copyRun(t *testing.T, from string) string {
	t.Helper()
	to := t.TempDir()
	for _, name := range []string{TranscriptsFile, LockFile} {
		data := mustRead(t, filepath.Join(from, name))
		if err := os.WriteFile(filepath.Join(to, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return to
}

// copiedLog copies the finished run ref into a new folder and returns
// the folder, its log's path and the log's lines, each with its "\n".
func copiedLog(t *testing.T, ref string) (dir, path string, lines []string) {
	t.Helper()
	dir = copyRun(t, ref)
	path = filepath.Join(dir, TranscriptsFile)
	data := mustRead(t, path)
	lines = strings.SplitAfter(string(data), "\n")
	return dir, path, lines[:len(lines)-1]
}

func sameRun(t *testing.T, want, got string) {
	t.Helper()
	for _, name := range []string{TranscriptsFile, SummaryFile, TableMarkdown} {
		a, _ := os.ReadFile(filepath.Join(want, name))
		b := mustRead(t, filepath.Join(got, name))
		if !bytes.Equal(a, b) {
			t.Errorf("%s differs from the uninterrupted run's", name)
		}
	}
}

// TestResumeAfterACrash cuts a finished run's log at many points — whole
// lines and torn ones, as kill -9 or a power cut leave it — and resumes
// each: the run must end with the same transcripts, summary and table as
// the run never interrupted, and play only what was missing.
func TestResumeAfterACrash(t *testing.T) {
	ref := complete(t)
	data, _ := os.ReadFile(filepath.Join(ref, TranscriptsFile))
	lines := bytes.Count(data, []byte("\n"))
	rng := rand.New(rand.NewPCG(1, 2))
	for _, cut := range []int{0, 1, len(data) / 3, len(data) / 2, len(data) - 1, len(data), rng.IntN(len(data)), rng.IntN(len(data))} {
		t.Run(fmt.Sprintf("cut at %d of %d", cut, len(data)), func(t *testing.T) {
			dir := copyRun(t, ref)
			if err := os.Truncate(filepath.Join(dir, TranscriptsFile), int64(cut)); err != nil {
				t.Fatal(err)
			}
			whole := bytes.Count(data[:cut], []byte("\n"))
			torn := cut > 0 && data[cut-1] != '\n'
			before, err := os.Stat(filepath.Join(dir, TranscriptsFile))
			if err != nil {
				t.Fatal(err)
			}
			res, err := runSummarized(context.Background(), loadSmall(t), Options{Out: dir, Concurrency: 4})
			if err != nil {
				t.Fatal(err)
			}
			if res.Resumed != whole || res.DroppedPartialLine != torn {
				t.Errorf("resumed %d, dropped a partial line %v; want %d of %d and %v", res.Resumed, res.DroppedPartialLine, whole, lines, torn)
			}
			sameRun(t, ref, dir)
			// A log cut short is the plan's first episodes in order: the
			// resume plays on from its end, and rewrites nothing (it had
			// copied the whole log at every resume, a finished run's
			// too, and failed where the disk had no room for the copy).
			if after, err := os.Stat(filepath.Join(dir, TranscriptsFile)); err != nil || !os.SameFile(before, after) {
				t.Errorf("the log was rewritten (%v): want it appended to in place", err)
			}
		})
	}
}

// TestResumeReordersAndReplaysFailures: a log in another order, with an
// episode recorded as failed, resumes to the plan-order log of a clean run.
func TestResumeReordersAndReplaysFailures(t *testing.T) {
	ref := complete(t)
	dir, path, lines := copiedLog(t, ref)
	// Keep a shuffled half; mark one of them failed.
	rng := rand.New(rand.NewPCG(3, 4))
	rng.Shuffle(len(lines), func(i, j int) { lines[i], lines[j] = lines[j], lines[i] })
	kept := lines[:len(lines)/2]
	kept[0] = strings.Replace(kept[0], `"correct":`, `"error":"engine: episode failed: 503","correct":`, 1)
	if err := os.WriteFile(path, []byte(strings.Join(kept, "")), 0o644); err != nil {
		t.Fatal(err)
	}
	res, err := runSummarized(context.Background(), loadSmall(t), Options{Out: dir, Concurrency: 2})
	if err != nil {
		t.Fatal(err)
	}
	if res.Resumed != len(kept)-1 {
		t.Errorf("resumed %d; want %d (the failed one is played again)", res.Resumed, len(kept)-1)
	}
	sameRun(t, ref, dir)
	fresh, err1 := os.Stat(filepath.Join(ref, TranscriptsFile))
	resumed, err2 := os.Stat(path)
	if err1 != nil || err2 != nil {
		t.Fatal(err1, err2)
	}
	if fresh.Mode().Perm() != resumed.Mode().Perm() {
		t.Errorf("got mode %v after a resume; want %v, as a fresh run's", resumed.Mode().Perm(), fresh.Mode().Perm())
	}
}

// TestResumeRefusesAnotherExperiment: a folder whose lock differs from the
// experiment's in a field that changes episodes is refused, naming the
// field, and, for a task's, the task.
func TestResumeRefusesAnotherExperiment(t *testing.T) {
	dir := complete(t)
	small := mustRead(t, "testdata/small.yaml")
	for _, change := range []struct{ from, to, field string }{
		{"seed: 11", "seed: 12", "seed differs"},
		{"strong: {backend: sim, skill: 0.9,", "strong: {backend: sim, skill: 0.8,", "agents.strong.settings.skill differs"},
		{"rounds: 2}", "rounds: 3}", "protocols[3].settings.rounds differs"},
		{"difficulty: 0.6}", "difficulty: 0.7}", "tasks[0].settings.difficulty differs (task qa, its questions other; 0.6 in the run, 0.7 in other.yaml)"},
		{"seed: 11", "seed: 12", "seed differs (11 in the run, 12 in other.yaml)"},
	} {
		other, err := Parse("other.yaml", bytes.Replace(small, []byte(change.from), []byte(change.to), 1))
		if err != nil {
			t.Fatal(err)
		}
		_, err = runSummarized(context.Background(), other, Options{Out: dir})
		// The remedy is the command's (moot run's --out and --fresh): the
		// engine names the fact.
		if !errors.Is(err, ErrForeignRun) || !strings.Contains(err.Error(), change.field) || strings.Contains(err.Error(), "--") {
			t.Errorf("Run with %s into the folder: err = %v; want ErrForeignRun naming %s and no flag", change.to, err, change.field)
		}
	}
	// What changes no episode resumes: a name, a budget, a failure limit,
	// comments.
	cosmetic := bytes.Replace(small, []byte("name: small"), []byte("# renamed\nname: small-renamed\nbudget_usd: 5\nmax_failures: 3"), 1)
	renamed, err := Parse("renamed.yaml", cosmetic)
	if err != nil {
		t.Fatal(err)
	}
	res, err := runSummarized(context.Background(), renamed, Options{Out: dir})
	if err != nil || res.Resumed != res.Planned {
		t.Fatalf("renamed, with a budget and a failure limit: %v, resumed %d of %d; want everything resumed", err, res.Resumed, res.Planned)
	}
	other, err := Parse("other.yaml", bytes.Replace(small, []byte("seed: 11"), []byte("seed: 12"), 1))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := runSummarized(context.Background(), other, Options{Out: dir, Fresh: true}); err != nil {
		t.Errorf("Run with Fresh: %v", err)
	}
}

// TestLockWithoutALogIsStillARun: a folder whose log was deleted or
// emptied but keeps a run's lock, summary and tables is refused to another
// experiment as a folder with its log is, nothing in it touched; the same
// experiment plays it anew, and Fresh replaces it.
func TestLockWithoutALogIsStillARun(t *testing.T) {
	small := mustRead(t, "testdata/small.yaml")
	other, err := Parse("other.yaml", bytes.Replace(small, []byte("seed: 11"), []byte("seed: 12"), 1))
	if err != nil {
		t.Fatal(err)
	}
	for _, emptied := range []bool{false, true} {
		dir := complete(t)
		log := filepath.Join(dir, TranscriptsFile)
		if emptied {
			os.WriteFile(log, nil, 0o644)
		} else {
			os.Remove(log)
		}
		lock := mustRead(t, filepath.Join(dir, LockFile))
		if _, err := runSummarized(context.Background(), other, Options{Out: dir}); !errors.Is(err, ErrForeignRun) || !strings.Contains(err.Error(), "seed differs") {
			t.Errorf("emptied %v: another experiment into the folder: %v; want ErrForeignRun naming the seed", emptied, err)
		}
		if !bytes.Equal(mustRead(t, filepath.Join(dir, LockFile)), lock) {
			t.Errorf("emptied %v: the refused run changed the lock", emptied)
		}
		if _, err := os.Stat(log); emptied == errors.Is(err, os.ErrNotExist) {
			t.Errorf("emptied %v: the refused run changed the log: %v", emptied, err)
		}
		x, err := Parse("small.yaml", small)
		if err != nil {
			t.Fatal(err)
		}
		if res, err := runSummarized(context.Background(), x, Options{Out: dir}); err != nil || res.Resumed != 0 {
			t.Errorf("emptied %v: the same experiment: %v; want it played anew", emptied, err)
		}
		if _, err := runSummarized(context.Background(), other, Options{Out: dir, Fresh: true}); err != nil {
			t.Errorf("emptied %v: another experiment with Fresh: %v", emptied, err)
		}
	}
}

// TestResumeWithThePathWrittenOtherwise: a data file's path written
// another way that names the same file (./data/x.jsonl, data/x.jsonl)
// resumes; its questions are checked by their hash.
func TestResumeWithThePathWrittenOtherwise(t *testing.T) {
	dir := t.TempDir()
	os.Mkdir(filepath.Join(dir, "data"), 0o755)
	os.WriteFile(filepath.Join(dir, "data", "boolq.jsonl"), mustRead(t, "../tasks/loaders/testdata/boolq.jsonl"), 0o644)
	out := filepath.Join(dir, "out")
	var identity string
	for _, path := range []string{"data/boolq.jsonl", "./data/boolq.jsonl", "data//boolq.jsonl"} {
		file := filepath.Join(dir, "x.yaml")
		os.WriteFile(file, []byte("name: x\nseed: 1\nagents:\n  j: {backend: sim}\nprotocols:\n  - {name: direct, judge: j}\n"+
			"tasks:\n  - {name: b, loader: boolq, path: "+path+"}\n"), 0o644)
		x, err := Load(file)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := runSummarized(context.Background(), x, Options{Out: out}); err != nil {
			t.Errorf("the run with the path written %s: %v", path, err)
		}
		// The run is the one it was: a copy made before is still a copy
		// (moot table refuses to pool them), a study still of it.
		id, err := RunIdentity(out)
		if err != nil {
			t.Fatal(err)
		}
		if identity == "" {
			identity = id
		} else if id != identity {
			t.Errorf("resumed with the path written %s, the run's identity changed", path)
		}
	}
}

// TestStopLetsInFlightEpisodesFinish: closing Stop starts nothing more,
// writes what finished and a partial summary; resuming completes the run.
func TestStopLetsInFlightEpisodesFinish(t *testing.T) {
	ref := complete(t)
	dir := t.TempDir()
	stop := make(chan struct{})
	close(stop)
	res, err := runSummarized(context.Background(), loadSmall(t), Options{Out: dir, Concurrency: 2, Stop: stop})
	if !errors.Is(err, ErrInterrupted) || res == nil || res.Summary.Partial == "" {
		t.Fatalf("Run with Stop closed: %v, %+v; want ErrInterrupted and a partial summary", err, res)
	}
	mustRunSummarized(t, loadSmall(t), Options{Out: dir, Concurrency: 2})
	sameRun(t, ref, dir)
}

// TestMaxFailures: once more episodes fail than max_failures allows, the
// run starts no more and says why.
func TestMaxFailures(t *testing.T) {
	broken := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, `{"error":{"message":"model not loaded"}}`, http.StatusBadRequest)
	}))
	defer broken.Close()
	for _, tt := range []struct {
		limit   string
		maxDone int
	}{{"3", 3 + 1 + 3}, {"10%", 4 + 1 + 3}, {"0", 0 + 1 + 3}} {
		t.Run(tt.limit, func(t *testing.T) {
			yaml := fmt.Sprintf("name: failing\nmax_failures: %q\nagents:\n  j: {backend: openai, base_url: %s/v1, model: m}\ntasks:\n  - {name: q, generator: qa, n: 40}\nprotocols:\n  - {name: direct, judge: j}\n", tt.limit, broken.URL)
			x := mustParse(t, "failing.yaml", yaml)
			out := t.TempDir()
			res, err := runSummarized(context.Background(), x, Options{Out: out, Concurrency: 2})
			if !errors.Is(err, ErrTooManyFailures) {
				t.Fatalf("err = %v; want ErrTooManyFailures", err)
			}
			if !strings.Contains(err.Error(), "the last failed with: ") || !strings.Contains(res.Summary.Partial, "model not loaded") ||
				strings.Count(err.Error(), "model not loaded") != 1 {
				t.Errorf("err %q, partial %q; want the last failure's cause named, once", err, res.Summary.Partial)
			}
			// A failed judge's call leaves no verdict that reads as one.
			for _, ep := range readTranscripts(t, out) {
				if ep.Verdict.Answer != transcript.Unparsed {
					t.Errorf("episode %s failed with verdict %+v; want it unparsed", ep.EpisodeID, ep.Verdict)
				}
			}
			// Each failed episode's one call is in the usage, though no
			// message holds it.
			if u := res.Summary.Usage.Total; u.FailedCalls != res.Summary.Failed || u.Calls != 0 || res.Summary.Usage.ByAgent["j"].FailedCalls != u.FailedCalls {
				t.Errorf("usage %+v (by agent %+v) of %d failed episodes; want each one's failed call counted", u, res.Summary.Usage.ByAgent, res.Summary.Failed)
			}
			// The limit, the one failure past it, and those in flight: one
			// a worker, and one a worker may take before it hears.
			if n := res.Summary.Episodes; n > tt.maxDone || res.Summary.Failed != n {
				t.Errorf("%d episodes (%d failed); want all failed and at most %d", n, res.Summary.Failed, tt.maxDone)
			}
			// None is done, as a resume counts: the partial says so, and
			// how many failed (it said "after 7 of 40 episodes"), before
			// the last failure's error, whose own words end it (the
			// counts followed them: "…(after 1 attempt) after 0 of 40
			// episodes").
			if want := fmt.Sprintf("allows after 0 of 40 episodes done, and %d failed; the last failed with: ", res.Summary.Failed); !strings.Contains(res.Summary.Partial, want) ||
				!strings.HasSuffix(res.Summary.Partial, "model not loaded (after 1 attempt)") {
				t.Errorf("partial %q; want %q and the error at its end", res.Summary.Partial, want)
			}
		})
	}
}

func TestFailureLimitDecoding(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want string
		bad  bool
	}{{"25", "25", false}, {"5%", "5%", false}, {"0", "0", false}, {"-1", "", true}, {"150%", "", true}, {"lots", "", true}} {
		_, err := Parse("f.yaml", []byte("name: f\nmax_failures: "+tt.in+"\n"))
		if tt.bad {
			if err == nil || !strings.Contains(err.Error(), "max_failures") {
				t.Errorf("max_failures %s: err = %v; want an error naming max_failures", tt.in, err)
			}
			continue
		}
		var f FailureLimit
		if err := yamlDecode(tt.in, &f); err != nil || f.String() != tt.want {
			t.Errorf("max_failures %s: %+v %v; want %s", tt.in, f, err, tt.want)
		}
	}
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func yamlDecode(s string, v any) error { return yaml.Unmarshal([]byte(s), v) }

// TestResumeRefusesOtherPrompts: a prompts: file whose content changed
// under the same name is another experiment; the run does not resume with
// two versions of its prompts.
func TestResumeRefusesOtherPrompts(t *testing.T) {
	dir := t.TempDir()
	prompts := filepath.Join(dir, "judge.tmpl")
	shipped := mustRead(t, "../protocols/debate/prompts/debate.tmpl")
	if err := os.WriteFile(prompts, shipped, 0o644); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, "x.yaml")
	os.WriteFile(file, mustRead(t, "testdata/debate-prompts.yaml"), 0o644)
	out := filepath.Join(dir, "out")
	x, err := Load(file)
	if err != nil {
		t.Fatal(err)
	}
	mustRunSummarized(t, x, Options{Out: out})
	if err := os.WriteFile(prompts, append(shipped, "{{/* edited */}}\n"...), 0o644); err != nil {
		t.Fatal(err)
	}
	if x, err = Load(file); err != nil {
		t.Fatal(err)
	}
	_, err = runSummarized(context.Background(), x, Options{Out: out})
	if !errors.Is(err, ErrForeignRun) || !strings.Contains(err.Error(), "protocols[0].prompts_sha256 differs") {
		t.Errorf("resume after the prompts file changed: %v; want ErrForeignRun naming protocols[0].prompts_sha256", err)
	}
}

// TestPromptsSavedOnWindows: a prompts file saved with a byte order mark
// and CRLF line ends, as a Windows editor or checkout leaves it, is the
// same prompts: a run from it resumes one from the LF copy, and plays the
// same records (no \r sent, the same prompt hashes).
func TestPromptsSavedOnWindows(t *testing.T) {
	dir := t.TempDir()
	prompts := filepath.Join(dir, "judge.tmpl")
	shipped := mustRead(t, "../protocols/debate/prompts/debate.tmpl")
	windows := append([]byte("\uFEFF"), bytes.ReplaceAll(shipped, []byte("\n"), []byte("\r\n"))...)
	file := filepath.Join(dir, "x.yaml")
	os.WriteFile(file, mustRead(t, "testdata/debate-prompts.yaml"), 0o644)
	play := func(text []byte, out string) {
		t.Helper()
		if err := os.WriteFile(prompts, text, 0o644); err != nil {
			t.Fatal(err)
		}
		x, err := Load(file)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := runSummarized(context.Background(), x, Options{Out: out}); err != nil {
			t.Fatalf("run with the prompts saved %s: %v", map[bool]string{true: "on Windows", false: "with LF"}[bytes.Contains(text, []byte("\r"))], err)
		}
	}
	lf, crlf := filepath.Join(dir, "lf"), filepath.Join(dir, "crlf")
	play(shipped, lf)
	play(windows, crlf)
	if a, b := mustRead(t, filepath.Join(lf, TranscriptsFile)), mustRead(t, filepath.Join(crlf, TranscriptsFile)); !bytes.Equal(a, b) {
		t.Error("the run from the prompts saved on Windows differs from the run from their LF copy")
	}
	play(windows, lf) // resumes: nothing is refused
}

// TestPriorCountsEachProtocol: what an earlier run finished is counted
// by protocol as well as in all, as its log holds them, so that the
// budget of a resume prices each protocol's episodes left at its own cost.
func TestPriorCountsEachProtocol(t *testing.T) {
	x := loadSmall(t)
	dir := t.TempDir()
	mustRunSummarized(t, x, Options{Out: dir})
	lines := bytes.SplitAfter(mustRead(t, filepath.Join(dir, TranscriptsFile)), []byte("\n"))
	kept := lines[:len(lines)/3]
	want := map[string]int{}
	for _, line := range kept {
		var ep transcript.Episode
		if err := json.Unmarshal(line, &ep); err != nil {
			t.Fatal(err)
		}
		want[ep.Protocol]++
	}
	if err := os.WriteFile(filepath.Join(dir, TranscriptsFile), bytes.Join(kept, nil), 0o644); err != nil {
		t.Fatal(err)
	}
	done, _, err := x.Prior(dir)
	if err != nil || done.Episodes() != len(kept) {
		t.Fatalf("Prior: %d done, %v; want %d", done.Episodes(), err, len(kept))
	}
	if diff := cmp.Diff(want, map[string]int(done)); diff != "" {
		t.Errorf("done by protocol (-log +Prior):\n%s", diff)
	}
}

// TestPriorOfAnEmptyLog: a folder whose transcript log is empty (a run
// killed before its lock was written) is a fresh run's, for Prior as for
// Run: nothing done, nothing paid, no foreign run.
func TestPriorOfAnEmptyLog(t *testing.T) {
	x := loadSmall(t)
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, TranscriptsFile), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if done, spent, err := x.Prior(dir); done.Episodes() != 0 || spent != 0 || err != nil {
		t.Errorf("Prior of an empty log: %d, %v, %v; want 0, 0, nil", done.Episodes(), spent, err)
	}
}

// TestResumeWithOtherOperationalSettings: a run resumes, as its shards
// merge, with settings that change how answers are got — an openai
// agent's timeout, retries, concurrency, batch mode —, not with one that
// changes which (its model); also for an agent whose name holds a dot.
func TestResumeWithOtherOperationalSettings(t *testing.T) {
	data := mustRead(t, "testdata/small-openai.yaml")
	for _, name := range []string{"strong", "gpt-4.1"} {
		base := strings.ReplaceAll(strings.ReplaceAll(string(data), "BASE_URL", "http://127.0.0.1:9/v1"), "strong", name)
		was := mustParse(t, "small-openai.yaml", base)
		dir := t.TempDir()
		lock, err := was.Lock()
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(dir, LockFile), lock, 0o644)
		os.WriteFile(filepath.Join(dir, TranscriptsFile), []byte("{}\n"), 0o644)
		free := strings.Replace(base, "max_retries: 30, concurrency: 6,", "max_retries: 3, concurrency: 32, timeout: 5m, mode: batch, batch: {discount: 0.4},", 1)
		if err := checkLock(dir, mustParse(t, "small-openai.yaml", free)); err != nil {
			t.Errorf("agent %s: a resume with another timeout, concurrency, retries and batch mode: %v; want it to resume", name, err)
		}
		other := strings.Replace(base, "model: "+name+",", "model: stronger,", 1)
		if err := checkLock(dir, mustParse(t, "small-openai.yaml", other)); !errors.Is(err, ErrForeignRun) || !strings.Contains(err.Error(), "agents."+name+".settings.model differs") {
			t.Errorf("agent %s: a resume with another model: %v; want ErrForeignRun naming it", name, err)
		}
	}
}

// TestDifferenceGlossNamesTheFile: a task's questions differing from the
// run's are said of the task, by its name, and of the data file it reads
// now; a plain setting's two values are given; a field of neither gets
// nothing.
func TestDifferenceGlossNamesTheFile(t *testing.T) {
	lock := func(difficulty float64) map[string]any {
		return map[string]any{"seed": 3, "tasks": []any{
			map[string]any{"name": "qa", "generator": "qa", "settings": map[string]any{"difficulty": difficulty}},
			map[string]any{"name": "mmlu", "loader": "mmlu", "path": "data/mmlu.csv"},
		}}
	}
	was, is := lock(0.6), lock(0.7)
	for _, c := range []struct {
		field lockPath
		want  string
	}{
		{lockPath{"tasks", 1, "questions_sha256"}, " (task mmlu: its questions are not those the run played, as data/mmlu.csv reads now)"},
		{lockPath{"tasks", 0, "settings", "difficulty"}, " (task qa; 0.6 in the run, 0.7 in x.yaml)"},
		{lockPath{"tasks", 0, "settings", "n"}, " (task qa)"},
		{lockPath{"tasks", 7, "settings", "n"}, ""},
		{lockPath{"agents"}, ""},
	} {
		if got := differenceGloss(was, is, c.field, "the run", "x.yaml", true); got != c.want {
			t.Errorf("differenceGloss(%s) = %q; want %q", c.field, got, c.want)
		}
	}
	// Of two shards, neither is the file as it reads now.
	if got := differenceGloss(was, is, lockPath{"tasks", 1, "questions_sha256"}, "s1", "s2", false); got != " (task mmlu: its questions are not those s1 played)" {
		t.Errorf("of two shards: %q", got)
	}
}

// TestLockDifferenceOfADottedName: an agent named with a dot (a model's
// version, llama-3.1) is one key: its two values are given.
func TestLockDifferenceOfADottedName(t *testing.T) {
	lock := func(skill string) []byte {
		return []byte("seed: 3\nagents:\n  llama-3.1:\n    backend: sim\n    settings: {skill: " + skill + "}\n")
	}
	got, err := lockDifference(lock("0.9"), lock("0.8"), "the run", "x.yaml", true)
	if want := `agents.llama-3.1.settings.skill differs (0.9 in the run, 0.8 in x.yaml)`; err != nil || got != want {
		t.Errorf("lockDifference = %q, %v; want %q", got, err, want)
	}
}

// TestFirstDifferenceNamesACause: of a task whose questions differ, the
// setting that fixes them is named where it differs too, not what they
// set aside (a data file's ties), which follows from them; with no such
// setting, the questions' hash.
func TestFirstDifferenceNamesACause(t *testing.T) {
	task := func(hash string, ties int, difficulty float64) map[string]any {
		return map[string]any{"tasks": []any{map[string]any{"name": "jb", "questions_sha256": hash,
			"set_aside": map[string]any{"A=B": ties}, "settings": map[string]any{"difficulty": difficulty}}}}
	}
	for _, c := range []struct {
		a, b map[string]any
		want string
	}{
		{task("x", 3, 0.5), task("y", 5, 0.5), "tasks[0].questions_sha256"},
		{task("x", 3, 0.5), task("y", 5, 0.7), "tasks[0].settings.difficulty"},
		{task("x", 3, 0.5), task("x", 5, 0.5), "tasks[0].set_aside.A=B"},
	} {
		if got, _ := firstDifference(c.a, c.b, nil); got.String() != c.want {
			t.Errorf("firstDifference = %q; want %q", got, c.want)
		}
	}

}

// TestResumeStoppedAgainCountsTheFailuresItLeft: a resume stopped before
// it plays again the failures of an earlier attempt hands them on as the
// log holds them, so that its summary counts them failed, as every reader
// of the log does, and counts every episode the log holds; its partial
// reason counts them apart, and the log, not done, keeps every line (a
// failure since played to success included: a budget counts its calls).
func TestResumeStoppedAgainCountsTheFailuresItLeft(t *testing.T) {
	ref := complete(t)
	failedLine := func(l string) string {
		return strings.Replace(l, `"correct":`, `"error":"engine: episode failed: 503","correct":`, 1)
	}
	for _, c := range []struct {
		name string
		// attempt makes the log of the earlier attempts from the run's
		// lines; it returns the log and how many episodes and failures
		// it holds.
		attempt func(lines []string) (log []string, episodes, failed int)
	}{
		{"stopped short, three failed", func(lines []string) ([]string, int, int) {
			kept := lines[:len(lines)-2]
			for _, i := range []int{0, len(kept) / 2, len(kept) - 1} {
				kept[i] = failedLine(kept[i])
			}
			return kept, len(kept), 3
		}},
		{"every one failed", func(lines []string) ([]string, int, int) {
			kept := lines[:5]
			for i := range kept {
				kept[i] = failedLine(kept[i])
			}
			return kept, 5, 5
		}},
		{"the whole plan, one failure since played, one not", func(lines []string) ([]string, int, int) {
			log := slices.Clone(lines)
			log[1], log[3] = failedLine(log[1]), failedLine(log[3])
			return append(log, lines[1]), len(lines), 1
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir, path, lines := copiedLog(t, ref)
			log, episodes, failed := c.attempt(lines)
			if err := os.WriteFile(path, []byte(strings.Join(log, "")), 0o644); err != nil {
				t.Fatal(err)
			}
			// Stopped at once: the resume plays nothing again.
			ctx, cancel := context.WithCancel(context.Background())
			cancel()
			res, err := runSummarized(ctx, loadSmall(t), Options{Out: dir, Concurrency: 2})
			if res == nil {
				t.Fatalf("no result: %v", err)
			}
			left := fmt.Sprintf("after %d of %d episodes (and %d that had failed before, not played again)", episodes-failed, len(lines), failed)
			if res.Summary.Failed != failed || res.Summary.Episodes != episodes || !strings.HasSuffix(res.Partial, left) || res.Left != failed {
				t.Errorf("stopped resume: %d failed of %d episodes, partial %q (%v); want %d of %d, partial ending %q",
					res.Summary.Failed, res.Summary.Episodes, res.Partial, err, failed, episodes, left)
			}
			if after, _ := os.ReadFile(path); string(after) != strings.Join(log, "") {
				t.Error("the stopped resume changed the log")
			}
			// Resumed to the end, it plays them again: the run never
			// stopped.
			mustRunSummarized(t, loadSmall(t), Options{Out: dir, Concurrency: 2})
			sameRun(t, ref, dir)
		})
	}
}
