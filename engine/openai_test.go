package engine

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/mootlab/moot/agents"
	_ "github.com/mootlab/moot/agents/openai"
	"github.com/mootlab/moot/internal/syncbuf"
	"github.com/mootlab/moot/protocols"
	"github.com/mootlab/moot/simserver"
	"github.com/mootlab/moot/sinks"
	"github.com/mootlab/moot/transcript"
)

const testKey = "sk-moot-test-3b9c41e07f5d2a68"

// serveSmall serves small.yaml's sim agents over HTTP, as moot serve-sim
// does, and loads small-openai.yaml pointed at it.
func serveSmall(t *testing.T, faults simserver.Faults) (*Experiment, *simserver.Server) {
	t.Helper()
	return serveSmallWith(t, simserver.Options{Faults: faults})
}

// serveSmallWith is serveSmall with the server's options (its key is
// the tests').
func serveSmallWith(t *testing.T, opts simserver.Options) (*Experiment, *simserver.Server) {
	t.Helper()
	models, _ := loadSmall(t).SimModels()
	opts.APIKey = testKey
	srv := simserver.New(models, opts)
	hs := httptest.NewServer(srv)
	t.Cleanup(hs.Close)
	return parseSmallOpenAI(t, hs.URL+"/v1", ""), srv
}

// writeChat answers a chat completion with text, and no usage.
func writeChat(w http.ResponseWriter, text string) { writeChatUsage(w, text, 0) }

// writeChatUsage answers a chat completion with text, and its usage:
// input tokens, and 3 output tokens (none at all where input is 0).
func writeChatUsage(w http.ResponseWriter, text string, input int) {
	usage := "{}"
	if input > 0 {
		usage = fmt.Sprintf(`{"prompt_tokens":%d,"completion_tokens":3}`, input)
	}
	w.Header().Set("Content-Type", "application/json")
	fmt.Fprintf(w, `{"choices":[{"index":0,"message":{"role":"assistant","content":%q},"finish_reason":"stop"}],"usage":%s}`, text, usage)
}

// debateAt is an experiment of one qa question whose agents, d (model
// debater, with settings dSettings) and j (model judge), are served at
// url, playing the debate protocol settings: "{name: debate, judge: j,
// debaters: d, …}".
func debateAt(t *testing.T, url, dSettings, protocol string) *Experiment {
	t.Helper()
	return mustParse(t, "debate.yaml", fmt.Sprintf("name: debate\nseed: 3\nagents:\n"+
		"  d: {backend: openai, base_url: %[1]s/v1, model: debater%[2]s}\n"+
		"  j: {backend: openai, base_url: %[1]s/v1, model: judge}\n"+
		"tasks:\n  - {name: q, generator: qa, n: 1}\nprotocols:\n  - %[3]s\n", url, dSettings, protocol))
}

// parseSmallOpenAI is small-openai.yaml with its agents at the endpoint
// base, their key the tests', and the lines extra added to its top level.
func parseSmallOpenAI(t *testing.T, base, extra string) *Experiment {
	t.Helper()
	data := mustRead(t, "testdata/small-openai.yaml")
	t.Setenv("MOOT_TEST_SERVE_KEY", testKey)
	x, err := Parse("testdata/small-openai.yaml", append(bytes.ReplaceAll(data, []byte("BASE_URL"), []byte(base)), extra...))
	if err != nil {
		t.Fatal(err)
	}
	return x
}

func readTranscripts(t *testing.T, dir string) []transcript.Episode {
	t.Helper()
	data := mustRead(t, filepath.Join(dir, TranscriptsFile))
	var eps []transcript.Episode
	for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		var ep transcript.Episode
		if err := json.Unmarshal([]byte(line), &ep); err != nil {
			t.Fatal(err)
		}
		eps = append(eps, ep)
	}
	return eps
}

// TestOpenAIMatchesSim plays small.yaml in process with the sim backend,
// then through the openai backend against serve-sim with 30% of requests
// faulted (every kind), then again from the cache. Every message and verdict
// must be the same each time, no key may reach any file, and the cached run
// must make no call.
func TestOpenAIMatchesSim(t *testing.T) {
	if testing.Short() {
		t.Skip("plays an experiment over HTTP")
	}
	want := played(t, loadSmall(t), Options{Concurrency: 4})

	faults := simserver.Faults{
		RateLimit: 0.06, RetryAfter: 5 * time.Millisecond, ServerError: 0.06, Unavailable: 0.06,
		Drop: 0.04, Slow: 0.04, SlowFor: 10 * time.Millisecond, Malformed: 0.04, Seed: 3,
	}
	x, srv := serveSmall(t, faults)
	cacheDir := t.TempDir()
	store := openCache(t, cacheDir)
	outs := []string{t.TempDir(), t.TempDir()}
	var sums []summed
	for i, out := range outs {
		res, err := runSummarized(context.Background(), x, Options{Out: out, Concurrency: 8, Cache: store})
		if err != nil {
			t.Fatalf("run %d: %v", i+1, err)
		}
		sums = append(sums, *res)
		got := readTranscripts(t, out)
		if len(got) != len(want) {
			t.Fatalf("run %d: %d episodes; want %d", i+1, len(got), len(want))
		}
		for j := range want {
			sameEpisode(t, want[j], got[j])
		}
	}
	st := srv.Stats()
	faulted := st.RateLimited + st.ServerErrors + st.Unavailable + st.Dropped + st.Malformed
	first, second := sums[0].Summary.Usage.Total, sums[1].Summary.Usage.Total
	if faulted == 0 || int64(first.Retries) != faulted {
		t.Errorf("the client retried %d times; the server faulted %d requests (want equal and not 0)", first.Retries, faulted)
	}
	if first.CachedCalls != 0 || first.CostUSD <= 0 {
		t.Errorf("first run usage %+v; want no cached calls and a cost", first)
	}
	if second.CachedCalls != second.Calls || second.CostUSD != 0 || second.Retries != 0 {
		t.Errorf("second run usage %+v; want every call cached, free", second)
	}
	// What the calls cost made afresh is the same whatever the cache held.
	if first.ListCostUSD != first.CostUSD || second.ListCostUSD != first.ListCostUSD {
		t.Errorf("listed costs %v (paid %v) and %v; want the first run's paid cost both times", first.ListCostUSD, first.CostUSD, second.ListCostUSD)
	}
	if after := srv.Stats(); after.Requests != st.Requests {
		t.Errorf("the cached run sent %d requests; want none", after.Requests-st.Requests)
	}
	if sums[0].Summary.Failed != 0 {
		t.Errorf("%d episodes failed", sums[0].Summary.Failed)
	}

	// The key is in no file the runs wrote, nor in the cache.
	for _, dir := range append(outs, cacheDir) {
		_ = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			data, err := os.ReadFile(path)
			if err != nil {
				t.Error(err)
				return nil
			}
			if bytes.Contains(data, []byte(testKey)) {
				t.Errorf("%s contains the API key", path)
			}
			return nil
		})
	}
}

// sameEpisode compares an episode played over HTTP with the same episode
// played in process: every message's text, and the verdict (probabilities
// pass through logprobs, so to 1e-9).
func sameEpisode(t *testing.T, want, got transcript.Episode) {
	t.Helper()
	if got.EpisodeID != want.EpisodeID || got.Error != "" {
		t.Fatalf("episode %s (error %q); want %s", got.EpisodeID, got.Error, want.EpisodeID)
	}
	if len(got.Messages) != len(want.Messages) {
		t.Fatalf("%s: %d messages; want %d", got.EpisodeID, len(got.Messages), len(want.Messages))
	}
	for i := range want.Messages {
		if got.Messages[i].Text != want.Messages[i].Text || got.Messages[i].PromptSHA256 != want.Messages[i].PromptSHA256 {
			t.Fatalf("%s message %d:\n%q\nwant\n%q", got.EpisodeID, i, got.Messages[i].Text, want.Messages[i].Text)
		}
	}
	gv, wv := got.Verdict, want.Verdict
	if gv.Answer != wv.Answer || gv.Slot != wv.Slot || got.Correct != want.Correct || math.Abs(gv.Probability-wv.Probability) > 1e-9 {
		t.Fatalf("%s verdict %+v; want %+v", got.EpisodeID, gv, wv)
	}
}

// TestUnparsedVerdictsAreAskedAgainThenCounted: a judge whose answers do
// not parse is asked again verdict_retries times, then recorded as
// unparsed — counted as wrong, never guessed.
func TestUnparsedVerdictsAreAskedAgainThenCounted(t *testing.T) {
	var calls int
	judge := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var body struct {
			Messages []struct{ Content string } `json:"messages"`
		}
		_ = json.NewDecoder(r.Body).Decode(&body)
		calls++
		text := "I cannot decide between them."
		if n := len(body.Messages); n > 2 && body.Messages[n-1].Content != protocols.Reask {
			t.Errorf("a re-ask ends with %q; want the reminder", body.Messages[n-1].Content)
		}
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"choices":[{"index":0,"message":{"role":"assistant","content":%q},"finish_reason":"stop"}],"usage":{"prompt_tokens":5,"completion_tokens":3}}`, text)
	}))
	defer judge.Close()
	yaml := fmt.Sprintf(`name: unparsed
seed: 1
verdict_retries: 2
agents:
  j: {backend: openai, base_url: %s/v1, model: m, logprobs: false}
tasks:
  - {name: q, generator: qa, n: 3}
protocols:
  - {name: direct, judge: j}
`, judge.URL)
	x := mustParse(t, "unparsed.yaml", yaml)
	res, err := runSummarized(context.Background(), x, Options{Out: t.TempDir(), Concurrency: 1})
	if err != nil {
		t.Fatal(err)
	}
	cell := res.Summary.Cells[0]
	if cell.N != 3 || cell.Unparsed != 3 || cell.Correct != 0 {
		t.Errorf("cell %+v; want 3 episodes, all unparsed and wrong", cell)
	}
	if calls != 9 {
		t.Errorf("%d judge calls; want 3 questions × (1 + 2 re-asks)", calls)
	}
	if u := res.Summary.Usage.Total; u.Calls != 9 {
		t.Errorf("usage counts %d calls; want 9", u.Calls)
	}
}

func TestReaskedVerdictParses(t *testing.T) {
	judge := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var body struct {
			Messages []struct{ Content string } `json:"messages"`
		}
		_ = json.NewDecoder(r.Body).Decode(&body)
		text := "Both answers have merit."
		if body.Messages[len(body.Messages)-1].Content == protocols.Reask {
			text = "Answer: A"
		}
		writeChat(w, text)
	}))
	defer judge.Close()
	x := mustParse(t, "reask.yaml", fmt.Sprintf("name: reask\nagents:\n  j: {backend: openai, base_url: %s/v1, model: m}\ntasks:\n  - {name: q, generator: qa, n: 2}\nprotocols:\n  - {name: direct, judge: j}\n", judge.URL))
	for _, ep := range played(t, x, Options{Concurrency: 2}) {
		if ep.Verdict.Slot != "A" || ep.Verdict.Asks != 2 || len(ep.Messages) != 2 || ep.Messages[1].Sample != 1 {
			t.Errorf("verdict %+v after %d messages; want A on the second ask, recorded as sample 1", ep.Verdict, len(ep.Messages))
		}
	}
}

// TestAGraderIsRemindedWhatItsLettersMean: a grader's "Answer: A" is a
// grade, not an option, and the reminder sent when its verdict does not
// parse says so (protocols.ReaskGrader), as its prompt did; a judge's
// reminder is the plain one.
func TestAGraderIsRemindedWhatItsLettersMean(t *testing.T) {
	var reminders []string
	grader := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var body struct {
			Messages []struct{ Content string } `json:"messages"`
		}
		_ = json.NewDecoder(r.Body).Decode(&body)
		text := "The answer looks right to me."
		if n := len(body.Messages); n > 2 {
			reminders = append(reminders, body.Messages[n-1].Content)
			text = "Answer: A"
		}
		writeChat(w, text)
	}))
	defer grader.Close()
	x := mustParse(t, "grade.yaml", fmt.Sprintf("name: reask-grader\nagents:\n  g: {backend: openai, base_url: %s/v1, model: m}\n  e: {backend: sim}\n"+
		"tasks:\n  - {name: q, generator: qa, n: 2}\nprotocols:\n  - {name: grade, judge: g, exam_takers: e}\n", grader.URL))
	for _, ep := range played(t, x, Options{Concurrency: 1}) {
		if ep.Verdict.Asks != 2 {
			t.Errorf("verdict %+v; want it read on the second ask", ep.Verdict)
		}
	}
	if len(reminders) != 2 || reminders[0] != protocols.ReaskGrader || reminders[1] != protocols.ReaskGrader {
		t.Errorf("reminders %q; want the grader's, twice", reminders)
	}
	if protocols.ReaskFor(transcript.RoleJudge) != protocols.Reask {
		t.Errorf("a judge's reminder is %q; want the plain one", protocols.ReaskFor(transcript.RoleJudge))
	}
}

// TestBudgetStopsTheRun: with a budget, a run stops starting episodes
// before the cost could pass it, and writes a summary marked partial.
func TestBudgetStopsTheRun(t *testing.T) {
	x, _ := serveSmall(t, simserver.Faults{})
	// Price the calls so that the budget covers about a third of the plan.
	full, err := runSummarized(context.Background(), x, Options{Out: t.TempDir(), Concurrency: 4})
	if err != nil {
		t.Fatal(err)
	}
	total := full.Summary.Usage.Total.CostUSD
	x.BudgetUSD = total / 3
	out := t.TempDir()
	res, err := runSummarized(context.Background(), x, Options{Out: out, Concurrency: 4})
	if !errors.Is(err, ErrBudget) || res == nil {
		t.Fatalf("Run with a budget: err = %v; want ErrBudget with a result", err)
	}
	sum := res.Summary
	// An episode starts only while the cost so far and the dearest episode
	// yet for each in flight stay within the budget; one dearer than any
	// before it can take the spend past it, by less than an episode each
	// of the 4 in flight.
	dearest := 0.0
	for _, ep := range readTranscripts(t, out) {
		dearest = max(dearest, episodeCost(&ep))
	}
	if over := sum.Usage.Total.CostUSD - x.BudgetUSD; over > 4*dearest {
		t.Errorf("spent $%.4f, $%.4f over the budget $%.4f; want at most 4 episodes' worth ($%.4f each)", sum.Usage.Total.CostUSD, over, x.BudgetUSD, dearest)
	}
	if sum.Episodes == 0 || sum.Episodes >= len(x.Plan()) || !strings.Contains(sum.Partial, "budget") {
		t.Errorf("%d of %d episodes, partial %q; want a partial run", sum.Episodes, len(x.Plan()), sum.Partial)
	}
	if got := len(readTranscripts(t, out)); got != sum.Episodes {
		t.Errorf("%d transcripts; want the %d summarized", got, sum.Episodes)
	}
	var saved struct{ Partial string }
	data, _ := os.ReadFile(filepath.Join(out, SummaryFile))
	if err := json.Unmarshal(data, &saved); err != nil || saved.Partial == "" {
		t.Errorf("summary.json partial = %q (%v); want the reason", saved.Partial, err)
	}
}

// TestBudgetCountsTheEstimateBeforeAnyPayment: before any episode has
// been paid for, the budget takes each to cost Options.EpisodeUSD; without
// it, every worker starts an episode at once.
func TestBudgetCountsTheEstimateBeforeAnyPayment(t *testing.T) {
	x, _ := serveSmall(t, simserver.Faults{})
	eps := played(t, x, Options{Concurrency: 4})
	dearest := 0.0
	for _, ep := range eps {
		dearest = max(dearest, episodeCost(&ep))
	}
	// A budget of the dearest episode and half the first: the first
	// starts; no second fits beside it, nor once it is paid for.
	// Its calls take a while: every worker asks to start an episode
	// before the first has been paid for, however slowly the workers
	// start (under the race detector, say).
	x, _ = serveSmall(t, simserver.Faults{Latency: 100 * time.Millisecond})
	x.BudgetUSD = dearest + 0.5*episodeCost(&eps[0])
	for _, tt := range []struct {
		episodeUSD float64
		most       int
	}{{dearest, 1}, {0, 4}} { // most: exactly 1; at least the 4 workers
		res, err := runSummarized(context.Background(), x, Options{Out: t.TempDir(), Concurrency: 4, EpisodeUSD: tt.episodeUSD})
		if !errors.Is(err, ErrBudget) || res == nil {
			t.Fatalf("EpisodeUSD %g: err = %v; want ErrBudget", tt.episodeUSD, err)
		}
		if n := res.Summary.Episodes; (tt.episodeUSD > 0 && n != tt.most) || n < tt.most || n == len(x.Plan()) {
			t.Errorf("EpisodeUSD %g: %d episodes played; want %d", tt.episodeUSD, n, tt.most)
		}
	}
}

// TestRetriesAreToldAsTheyHappen: Options.OnRetry hears of every failed
// attempt that is tried again, as many as the transcripts count in the
// end, each with its status.
func TestRetriesAreToldAsTheyHappen(t *testing.T) {
	x, _ := serveSmall(t, simserver.Faults{RateLimit: 0.3, RetryAfter: time.Millisecond})
	var told atomic.Int64
	var statuses sync.Map
	out := t.TempDir()
	_, err := Run(context.Background(), x, Options{Out: out, Concurrency: 4, OnRetry: func(err error) {
		told.Add(1)
		statuses.Store(strings.Contains(err.Error(), "HTTP 429"), true)
	}})
	if err != nil {
		t.Fatal(err)
	}
	retries := 0
	for _, ep := range readTranscripts(t, out) {
		for _, m := range ep.Messages {
			retries += m.Retries
		}
	}
	if _, ok := statuses.Load(false); retries == 0 || int(told.Load()) != retries || ok {
		t.Errorf("told of %d retries; the transcripts count %d; want them equal, more than none, each an HTTP 429", told.Load(), retries)
	}
}

func TestProgressLines(t *testing.T) {
	x, _ := serveSmall(t, simserver.Faults{Latency: 2 * time.Millisecond, RateLimit: 0.2, RetryAfter: time.Millisecond})
	var buf syncbuf.Buffer
	out := t.TempDir()
	tally := sinks.NewProgress()
	tally.SetTotal(len(x.Plan()))
	stop := sinks.StartLines(&buf, 20*time.Millisecond, tally)
	_, err := Run(context.Background(), x, Options{Out: out, Concurrency: 8, Sinks: []Sink{tally}, Watchers: []Watcher{tally}})
	stop()
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	if len(lines) < 2 || !strings.Contains(lines[len(lines)-1], fmt.Sprintf("/%d episodes", len(x.Plan()))) || !strings.Contains(lines[len(lines)-1], "retries") {
		t.Errorf("progress:\n%s\nwant several lines of episodes done and retries", buf.String())
	}
}

// TestAnswerOfASeatBesideAFailedOneIsKept: in a simultaneous debate whose
// Debater A's call fails, Debater B's call of the same round was answered
// (and paid for); the failed episode keeps B's message, so that the run's
// usage counts every call the server answered.
func TestAnswerOfASeatBesideAFailedOneIsKept(t *testing.T) {
	models, _ := loadSmall(t).SimModels()
	srv := simserver.New(models, simserver.Options{APIKey: testKey})
	var mu sync.Mutex
	answered := 0
	hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/v1/chat/completions" {
			body, _ := io.ReadAll(r.Body)
			if bytes.Contains(body, []byte("You are Debater A")) {
				http.Error(w, `{"error":{"message":"refused for the test"}}`, http.StatusBadRequest)
				return
			}
			r.Body = io.NopCloser(bytes.NewReader(body))
			// A call without moot's header, sent before the client knew
			// the server for the sim server, is refused, not answered.
			if r.Header.Get(agents.RequestHeader) != "" {
				mu.Lock()
				answered++
				mu.Unlock()
			}
		}
		srv.ServeHTTP(w, r)
	}))
	t.Cleanup(hs.Close)
	x := parseSmallOpenAI(t, hs.URL+"/v1", "max_failures: 100%\n")
	dir := t.TempDir()
	res, err := runSummarized(context.Background(), x, Options{Out: dir, Concurrency: 4})
	if err != nil {
		t.Fatal(err)
	}
	kept := 0
	for _, ep := range readTranscripts(t, dir) {
		if ep.Protocol != "debate-unverified" {
			continue
		}
		if ep.Error == "" || !strings.Contains(ep.Error, "Debater A") {
			t.Fatalf("%s: error %q; want Debater A's call to fail", ep.EpisodeID, ep.Error)
		}
		if len(ep.Messages) != 1 || ep.Messages[0].Name != "Debater B" {
			t.Errorf("%s: messages %+v; want Debater B's round-1 answer", ep.EpisodeID, ep.Messages)
		}
		kept += len(ep.Messages)
	}
	if kept == 0 {
		t.Fatal("no debate-unverified episode kept a message")
	}
	if got := res.Summary.Usage.Total.Calls; got != answered {
		t.Errorf("usage counts %d calls; the server answered %d", got, answered)
	}
}

// TestEpisodeOfNoCallListsNoMessages: an episode whose first call fails
// has answered none, and its record says so with an empty list, as
// docs/records.md has it ("messages": null broke readers looping over
// it).
func TestEpisodeOfNoCallListsNoMessages(t *testing.T) {
	hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, `{"error":{"message":"refused for the test"}}`, http.StatusBadRequest)
	}))
	t.Cleanup(hs.Close)
	x := parseSmallOpenAI(t, hs.URL+"/v1", "max_failures: 100%\n")
	dir := t.TempDir()
	mustRunSummarized(t, x, Options{Out: dir, Concurrency: 2})
	log := mustRead(t, filepath.Join(dir, TranscriptsFile))
	lines := bytes.Split(bytes.TrimSpace(log), []byte("\n"))
	for _, line := range lines {
		if !bytes.Contains(line, []byte(`"messages":[]`)) || !bytes.Contains(line, []byte(`"error":`)) {
			t.Fatalf("a record of an episode no call answered: %.300s; want an error and \"messages\":[]", line)
		}
	}
}

// TestRunRefusesAKeyNotSet: an experiment whose agent's API key variable
// is not set loads (it can be planned), but neither a run nor a rejudge
// with that agent starts: the error names the agent's key in the file,
// and nothing is written.
func TestRunRefusesAKeyNotSet(t *testing.T) {
	x, err := Load("testdata/api-key-unset.yaml")
	if err != nil {
		t.Fatalf("Load: %v; want an experiment that can be planned", err)
	}
	out := filepath.Join(t.TempDir(), "run")
	_, err = Run(context.Background(), x, Options{Out: out})
	want := "testdata/api-key-unset.yaml:7: agents.a.api_key_env: the environment variable MOOT_TEST_UNSET_VARIABLE is not set"
	if !errors.Is(err, ErrBadInput) || err.Error() != want {
		t.Errorf("Run: %v; want %q", err, want)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("the run's folder after a refused run: %v; want none", err)
	}
	if _, err := Rejudge(context.Background(), x, t.TempDir(), "a", Options{Out: out}); !errors.Is(err, ErrBadInput) || err.Error() != want {
		t.Errorf("Rejudge: %v; want %q", err, want)
	}
}

// TestServeSimCutsAtMaxTokens: through serve-sim, an agent's max_tokens
// cuts its long answers as a model's would: the transcript marks them
// truncated, and only them (the dry run free of charge meets truncation).
func TestServeSimCutsAtMaxTokens(t *testing.T) {
	models, _ := loadSmall(t).SimModels()
	hs := httptest.NewServer(simserver.New(models, simserver.Options{APIKey: testKey}))
	t.Cleanup(hs.Close)
	data := mustRead(t, "testdata/small-openai.yaml")
	t.Setenv("MOOT_TEST_SERVE_KEY", testKey)
	capped := bytes.Replace(bytes.ReplaceAll(data, []byte("BASE_URL"), []byte(hs.URL+"/v1")), []byte("model: strong,"), []byte("model: strong, max_tokens: 30,"), 1)
	x, err := Parse("capped.yaml", capped)
	if err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	mustRunSummarized(t, x, Options{Out: out, Concurrency: 4})
	cut := 0
	for _, ep := range readTranscripts(t, out) {
		for _, m := range ep.Messages {
			switch {
			case m.Truncated && m.Agent != "strong":
				t.Errorf("%s's answer marked truncated; only strong's are capped", m.Agent)
			case m.Truncated:
				cut++
				if len(m.Text) > 30*4 {
					t.Errorf("a cut answer of %d bytes; want at most 30 tokens' 120", len(m.Text))
				}
			}
		}
	}
	if cut == 0 {
		t.Error("no answer of strong's cut at 30 tokens; want its speeches cut")
	}
}
