package engine

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/mootlab/moot/batch"
	"github.com/mootlab/moot/simserver"
)

// serveQuickstartLive serves experiments/quickstart.yaml's sim agents as moot
// serve-sim does, with the batch options o, and returns the server and
// experiments/quickstart-openai.yaml pointed at it, with n questions, its
// first batched agents in batch mode (with the batch settings extra): none,
// strong alone (1), or all (-1). It plays that experiment live (none
// batched) into a new folder first, and returns the folder.
func serveQuickstartLive(t *testing.T, n int, o simserver.BatchOptions) (*simserver.Server, func(batched int, extra string) *Experiment, string) {
	t.Helper()
	models, _ := mustLoad(t, "../experiments/quickstart.yaml").SimModels()
	srv := simserver.New(models, simserver.Options{Batches: o})
	hs := httptest.NewServer(srv)
	t.Cleanup(hs.Close)
	data := mustRead(t, "../experiments/quickstart-openai.yaml")
	data = bytes.ReplaceAll(data, []byte("http://127.0.0.1:8089/v1"), []byte(hs.URL+"/v1"))
	data = bytes.ReplaceAll(data, []byte("    n: 200\n"), []byte(fmt.Sprintf("    n: %d\n", n)))
	load := func(batched int, extra string) *Experiment {
		d := bytes.Replace(data, []byte("    backend: openai\n"),
			[]byte("    backend: openai\n    mode: batch\n    batch: {poll: 2ms, poll_max: 20ms, list_lag: 1s"+extra+"}\n"), batched)
		x, err := Parse("../experiments/quickstart-openai.yaml", d)
		if err != nil {
			t.Fatal(err)
		}
		return x
	}
	live := t.TempDir()
	mustRunSummarized(t, load(0, ""), Options{Out: live})
	return srv, load, live
}

// TestBatchMatchesLive plays the quickstart through the openai backend
// against serve-sim live, then with both agents in batch mode: the
// transcripts and summary must be the same, every call answered in a
// batch, and the batches few — one per agent and round of calls, not one
// per episode.
func TestBatchMatchesLive(t *testing.T) {
	if testing.Short() {
		t.Skip("plays the quickstart over HTTP twice")
	}
	srv, load, live := serveQuickstartLive(t, 200, simserver.BatchOptions{Delay: 5 * time.Millisecond})
	batched := t.TempDir()
	calls := srv.Stats().Answers
	if srv.Stats().Batches != 0 {
		t.Fatalf("the live run made %d batches", srv.Stats().Batches)
	}
	var log bytes.Buffer
	res, err := runSummarized(context.Background(), load(-1, ""), Options{Out: batched, BatchLog: &log})
	if err != nil {
		t.Fatal(err)
	}
	sameRunButDraws(t, live, batched)
	st := srv.Stats()
	if st.BatchAnswers != calls || int64(res.Calls.Answered) != calls {
		t.Errorf("%d calls answered in batches, %d by the run; want the live run's %d", st.BatchAnswers, res.Calls.Answered, calls)
	}
	// The strong agent's three rounds of speeches, and the judge's four
	// steps — the QA baselines' verdicts and debate's interim verdict after
	// round 1, debate's after round 2, consultancy's and debate's after
	// round 3 — are 7 batches; allow a few more where episodes fall out of
	// step (a batch answered before another).
	if st.Batches < 7 || st.Batches > 11 {
		t.Errorf("%d batches; want a handful (one per agent and round)", st.Batches)
	}
	if !strings.Contains(log.String(), "requests sent") || !strings.Contains(log.String(), "completed") {
		t.Errorf("the batch log says nothing of batches sent and completed:\n%s", log.String())
	}
	t.Logf("%d calls in %d batches", calls, st.Batches)
}

// cutAtBatch runs x as opts say, cut short pause after srv is sent its
// nth batch, and checks that the run says it was interrupted.
func cutAtBatch(t *testing.T, srv *simserver.Server, n int, pause time.Duration, x *Experiment, opts Options) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		for len(srv.Batches()) < n {
			time.Sleep(time.Millisecond)
		}
		time.Sleep(pause)
		cancel()
	}()
	if _, err := runSummarized(ctx, x, opts); !errors.Is(err, ErrInterrupted) {
		t.Fatalf("the cut run returned %v; want %v", err, ErrInterrupted)
	}
}

// TestBatchResumesPendingBatch cuts a run in batch mode short while a
// batch is pending, then resumes it, with and without the response cache:
// the resumed run waits on that batch instead of sending its requests
// again — no custom id is in two batches — and ends as the live run.
func TestBatchResumesPendingBatch(t *testing.T) {
	if testing.Short() {
		t.Skip("plays an experiment over HTTP")
	}
	for _, cached := range []bool{false, true} {
		t.Run(fmt.Sprintf("cache=%v", cached), func(t *testing.T) {
			srv, load, live := serveQuickstartLive(t, 12, simserver.BatchOptions{Delay: 300 * time.Millisecond})
			out := t.TempDir()
			opts := Options{Out: out}
			if cached {
				opts.Cache = openCache(t, t.TempDir())
			}
			// Cut the run short once its third batch is pending.
			cutAtBatch(t, srv, 3, 50*time.Millisecond, load(-1, ""), opts)
			before := len(srv.Batches())
			var log bytes.Buffer
			opts.BatchLog = &log
			mustRunSummarized(t, load(-1, ""), opts)
			if cached {
				// Answers the cut run had are cached: the same, marked so.
				want, got := readTranscripts(t, live), readTranscripts(t, out)
				hits := 0
				for i := range want {
					sameEpisode(t, want[i], got[i])
					for _, m := range got[i].Messages {
						if m.Cached {
							hits++
						}
					}
				}
				if hits == 0 {
					t.Error("the resumed run took no answer from the cache")
				}
			} else {
				sameRunButDraws(t, live, out)
			}
			if id, first, again, ok := srv.Repeated(); ok {
				t.Fatalf("request %s is in batch %s and again in %s", id, first, again)
			}
			if !strings.Contains(log.String(), "an earlier run sent") {
				t.Errorf("the resumed run did not wait on the earlier run's batch; its log:\n%s", log.String())
			}
			t.Logf("%d batches before the cut, %d in all", before, len(srv.Batches()))
		})
	}
}

// TestBatchFailuresAndExpiry plays the quickstart in batch mode against a
// serve-sim whose first batch expires half done and where a fifth of the
// batch requests fail: the failed and expired requests go again — in the
// next batch, or live — and every episode ends as in the live run.
func TestBatchFailuresAndExpiry(t *testing.T) {
	if testing.Short() {
		t.Skip("plays an experiment over HTTP")
	}
	for _, retry := range []string{batch.RetryBatch, batch.RetryLive} {
		t.Run(retry, func(t *testing.T) {
			srv, load, live := serveQuickstartLive(t, 10, simserver.BatchOptions{Delay: 2 * time.Millisecond, Fail: 0.2, Expire: 1, Seed: 5})
			out := t.TempDir()
			liveAnswers := srv.Stats().Answers
			res, err := runSummarized(context.Background(), load(-1, ", max_retries: 10, retry: "+retry), Options{Out: out})
			if err != nil {
				t.Fatal(err)
			}
			want, got := readTranscripts(t, live), readTranscripts(t, out)
			if len(got) != len(want) {
				t.Fatalf("%d episodes; want %d", len(got), len(want))
			}
			for i := range want {
				sameEpisode(t, want[i], got[i])
			}
			st := srv.Stats()
			if st.BatchFailed == 0 || st.BatchExpired == 0 {
				t.Fatalf("serve-sim failed %d and expired %d batch requests; want some of each", st.BatchFailed, st.BatchExpired)
			}
			if want := st.BatchFailed + st.BatchExpired; int64(res.Calls.Retried) != want {
				t.Errorf("the run counted %d retries; serve-sim failed or expired %d requests", res.Calls.Retried, want)
			}
			liveRetries := st.Answers - liveAnswers
			switch {
			case retry == batch.RetryLive && liveRetries != st.BatchFailed+st.BatchExpired:
				t.Errorf("%d requests answered live; want the %d that failed or expired", liveRetries, st.BatchFailed+st.BatchExpired)
			case retry == batch.RetryBatch && liveRetries != 0:
				t.Errorf("%d requests answered live; want none", liveRetries)
			}
		})
	}
}

// TestBatchSplitsByLimits: batches of at most max_requests requests and
// max_bytes bytes, and the same transcripts; their answers are cached.
func TestBatchSplitsByLimits(t *testing.T) {
	if testing.Short() {
		t.Skip("plays an experiment over HTTP")
	}
	srv, load, live := serveQuickstartLive(t, 6, simserver.BatchOptions{})
	out := t.TempDir()
	store := openCache(t, t.TempDir())
	x := load(-1, ", max_requests: 7, max_bytes: 60000")
	mustRunSummarized(t, x, Options{Out: out, Cache: store})
	batched := readTranscripts(t, out)
	sameRunButDraws(t, live, out)
	// The cache holds the batch answers: a second run sends nothing.
	sent := len(srv.Batches())
	again := t.TempDir()
	res, err := runSummarized(context.Background(), x, Options{Out: again, Cache: store})
	if err != nil {
		t.Fatal(err)
	}
	// Each of its episodes names the draws the batch run's did.
	for i, ep := range readTranscripts(t, again) {
		k, ok := ep.DrawKey()
		if want, _ := batched[i].DrawKey(); !ok || k != want {
			t.Fatalf("%s from the cache: draw key %q (named %v); want the batch run's, %q", ep.EpisodeID, k, ok, want)
		}
	}
	if len(srv.Batches()) != sent || res.Calls.Cached != res.Calls.Answered || res.Calls.Answered == 0 {
		t.Errorf("the cached run made %d batches, answered %d calls, %d from the cache; want none, and all",
			len(srv.Batches())-sent, res.Calls.Answered, res.Calls.Cached)
	}
	for _, b := range srv.Batches() {
		if len(b.CustomIDs) > 7 {
			t.Fatalf("batch %s has %d requests; want at most 7", b.ID, len(b.CustomIDs))
		}
	}
}

// TestBatchDiscount: with --batch (BatchAll), the plan's estimate and the
// run's cost are the live ones at the batch discount (a half by default),
// and the transcripts are otherwise the live run's.
func TestBatchDiscount(t *testing.T) {
	x, srv := smallPolling(t)
	live := mustEstimate(t, x, 0, aSecondACall)
	x.BatchAll = true
	batched := mustEstimate(t, x, 0, aSecondACall)
	if !(live.CostUSD > 0) || math.Abs(batched.CostUSD-live.CostUSD/2) > 1e-9*live.CostUSD {
		t.Errorf("estimated $%.4f in batch mode, $%.4f live; want half", batched.CostUSD, live.CostUSD)
	}
	if len(batched.Endpoints) != 0 || !batched.Rows[0].Batch || live.Rows[0].Batch {
		t.Errorf("batch estimate: endpoints %+v, rows %+v; want no endpoint timed and every row batched", batched.Endpoints, batched.Rows)
	}

	x.BatchAll = false
	liveDir, batchDir := t.TempDir(), t.TempDir()
	l, err := runSummarized(context.Background(), x, Options{Out: liveDir, Concurrency: 8})
	if err != nil {
		t.Fatal(err)
	}
	x.BatchAll = true
	b, err := runSummarized(context.Background(), x, Options{Out: batchDir})
	if err != nil {
		t.Fatal(err)
	}
	if srv.Stats().Batches == 0 {
		t.Fatal("no batch was made")
	}
	lc, bc := l.Summary.Usage.Total.CostUSD, b.Summary.Usage.Total.CostUSD
	if !(lc > 0) || math.Abs(bc-lc/2) > 1e-4 { // the summary rounds dollars
		t.Errorf("the batch run cost $%.4f, the live run $%.4f; want half", bc, lc)
	}
	want, got := readTranscripts(t, liveDir), readTranscripts(t, batchDir)
	for i := range want {
		sameEpisode(t, want[i], got[i])
	}
}

// smallPolling serves small-openai.yaml's sim agents (serveSmall) and
// loads it against that server, its agents checking pending batches
// every few milliseconds. It skips the test with -short.
func smallPolling(t *testing.T) (*Experiment, *simserver.Server) {
	t.Helper()
	if testing.Short() {
		t.Skip("plays an experiment over HTTP")
	}
	_, srv := serveSmall(t, simserver.Faults{})
	hs := httptest.NewServer(srv)
	t.Cleanup(hs.Close)
	data := mustRead(t, "testdata/small-openai.yaml")
	data = bytes.ReplaceAll(data, []byte("BASE_URL"), []byte(hs.URL+"/v1"))
	data = bytes.ReplaceAll(data, []byte("backend: openai,"), []byte("backend: openai, batch: {poll: 2ms, poll_max: 20ms, list_lag: 1s},"))
	x, err := Parse("testdata/small-openai.yaml", data)
	if err != nil {
		t.Fatal(err)
	}
	return x, srv
}

// TestBatchBesideLive: with the strong agent in batch mode and the judge
// live, the run is the live run; each agent answers its own way.
func TestBatchBesideLive(t *testing.T) {
	if testing.Short() {
		t.Skip("plays an experiment over HTTP")
	}
	srv, load, live := serveQuickstartLive(t, 8, simserver.BatchOptions{Delay: 2 * time.Millisecond})
	out := t.TempDir()
	before := srv.Stats()
	mustRunSummarized(t, load(1, ""), Options{Out: out})
	sameRunButDraws(t, live, out)
	st := srv.Stats()
	judged, strong := st.Answers-before.Answers, st.BatchAnswers
	if judged == 0 || strong == 0 || judged+strong != before.Answers {
		t.Errorf("%d calls live and %d in %d batches; want the judge's live and the strong agent's batched, %d in all",
			judged, strong, st.Batches, before.Answers)
	}
}

// batchBudgeted returns the small experiment in batch mode against a sim
// server, with a budget of share times its estimate, and the estimate.
func batchBudgeted(t *testing.T, share float64) (*Experiment, *Estimate) {
	t.Helper()
	x, _ := smallPolling(t)
	x.BatchAll = true
	est := mustEstimate(t, x, 0, aSecondACall)
	x.BudgetUSD = est.CostUSD * share
	return x, est
}

// batchOptions are the options moot run gives a batch run of est's plan
// into a temporary folder with a window of window episodes (0: the plan).
func batchOptions(t *testing.T, est *Estimate, window int) Options {
	return Options{Out: t.TempDir(), Concurrency: window, EpisodeUSD: est.DearestEpisodeUSD(), MeanEpisodeUSD: est.CostUSD / float64(est.Episodes)}
}

// TestBatchRunPlaysWhatItsBudgetFits: a batch run starts its episodes a
// window at a time, the whole plan by default; with a budget its
// estimate fits, it plays them all, whatever the window. (Reserving the
// dearest episode for each one in flight refused most of them, with the
// money unspent.)
func TestBatchRunPlaysWhatItsBudgetFits(t *testing.T) {
	for _, window := range []int{0, 263, 100} {
		x, est := batchBudgeted(t, 1.05)
		res, err := runSummarized(context.Background(), x, batchOptions(t, est, window))
		if err != nil {
			t.Fatalf("a batch run within its budget, window %d: %v", window, err)
		}
		if res.Summary.Partial != "" || res.Summary.Episodes != x.PlanSize() {
			t.Errorf("window %d: played %d of %d (partial %q); want all", window, res.Summary.Episodes, x.PlanSize(), res.Summary.Partial)
		}
	}
}

// TestBatchRunStopsAtItsBudget: a batch run on a quarter of its estimate
// (as --over-budget starts one) stops at the budget, whatever its window,
// having paid about the budget.
func TestBatchRunStopsAtItsBudget(t *testing.T) {
	for _, window := range []int{0, 4} {
		x, est := batchBudgeted(t, 0.25)
		res, err := runSummarized(context.Background(), x, batchOptions(t, est, window))
		if !errors.Is(err, ErrBudget) || res == nil || res.Summary.Episodes >= x.PlanSize() {
			t.Fatalf("window %d: a batch run on a quarter of its estimate: %v; want it stopped at the budget", window, err)
		}
		if paid := res.Summary.Usage.Total.CostUSD; paid > x.BudgetUSD*1.5 {
			t.Errorf("window %d: paid $%.4f on a budget of $%.4f", window, paid, x.BudgetUSD)
		}
	}
}

// sameRunButDraws is sameRun of a live run and a batch run, whose answers
// name their draws where the live ones name none (a batch's answer is
// one draw, whichever asks it answers): the rest must be the same. It
// drops the draws from got's transcripts.
func sameRunButDraws(t *testing.T, live, got string) {
	t.Helper()
	path := filepath.Join(got, TranscriptsFile)
	data := mustRead(t, path)
	draws := regexp.MustCompile(`"draw":"[0-9a-f]{32}",`)
	if len(draws.FindAll(data, -1)) == 0 {
		t.Error("the batch run's answers name no draw")
	}
	if err := os.WriteFile(path, draws.ReplaceAll(data, nil), 0o644); err != nil {
		t.Fatal(err)
	}
	sameRun(t, live, got)
}
