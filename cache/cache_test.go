package cache

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/mootlab/moot/agents"
	"github.com/mootlab/moot/transcript"
)

// counting is an agent that can be cached and counts its calls.
type counting struct {
	calls atomic.Int32
	fail  error
}

func (c *counting) Generate(_ context.Context, req agents.Request) (agents.Response, error) {
	c.calls.Add(1)
	if c.fail != nil {
		return agents.Response{}, c.fail
	}
	return agents.Response{Text: "answer to " + req.Messages[0].Content, Reasoning: "thinking of " + req.Messages[0].Content,
		Probabilities: []float64{0.25, 0.75}, Usage: transcript.Usage{InputTokens: 3, OutputTokens: 4}, Retries: 2}, nil
}

func (c *counting) CacheKey(req agents.Request) string { return "k:" + req.Messages[0].Content }

func req(content string) agents.Request {
	return agents.Request{Messages: []transcript.ChatMessage{{Role: "user", Content: content}}}
}

func TestWrapCachesAnswers(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	s, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	inner := &counting{}
	a := s.Wrap(inner, "fake m@x")
	first, err := a.Generate(ctx, req("q1"))
	if err != nil {
		t.Fatal(err)
	}
	if first.Cached || first.Retries != 2 {
		t.Errorf("first answer %+v; want a fresh answer with its retries", first)
	}
	second, err := a.Generate(ctx, req("q1"))
	if err != nil {
		t.Fatal(err)
	}
	if n := inner.calls.Load(); n != 1 {
		t.Errorf("%d calls for a repeated request; want 1", n)
	}
	// The cached answer names the draw of the entry that holds it, the
	// first answer's.
	want := agents.Response{Text: "answer to q1", Reasoning: "thinking of q1", Probabilities: []float64{0.25, 0.75}, Usage: transcript.Usage{InputTokens: 3, OutputTokens: 4}, Cached: true, Draw: first.Draw}
	if len(first.Draw) != 32 {
		t.Errorf("the stored answer names draw %q; want 32 hex digits", first.Draw)
	}
	if diff := cmp.Diff(want, second); diff != "" {
		t.Errorf("cached answer (-want +got):\n%s", diff)
	}
	if _, err := a.Generate(ctx, req("q2")); err != nil || inner.calls.Load() != 2 {
		t.Errorf("another request: err %v, %d calls; want a second call", err, inner.calls.Load())
	}
	if h, m := s.Counts(); h != 1 || m != 2 {
		t.Errorf("hits %d misses %d; want 1 and 2", h, m)
	}
	s.Close()

	// A new process, the same folder: still cached.
	s2 := mustOpen(t, dir)
	again := s2.Wrap(inner, "fake m@x")
	if resp, err := again.Generate(ctx, req("q1")); err != nil || inner.calls.Load() != 2 || resp.Draw != first.Draw {
		t.Errorf("after reopening: err %v, %d calls, draw %q; want none more, draw %q", err, inner.calls.Load(), resp.Draw, first.Draw)
	}
	st, err := s2.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if st.Entries != 2 || st.ByAgent["fake m@x"] != 2 || st.Bytes == 0 || st.Path != filepath.Join(dir, FileName) {
		t.Errorf("stats %+v; want 2 entries of fake m@x", st)
	}
}

// TestAnswersDrawnApartNameTwoDraws: the same request answered afresh in
// two stores, alike word for word, names two draws: independent samples,
// as a sampling LLM's short verdicts often agree by chance.
func TestAnswersDrawnApartNameTwoDraws(t *testing.T) {
	ctx := context.Background()
	var draws []string
	for range 2 {
		s := mustOpen(t, t.TempDir())
		resp, err := s.Wrap(&counting{}, "x").Generate(ctx, req("q1"))
		if err != nil {
			t.Fatal(err)
		}
		draws = append(draws, resp.Draw)
	}
	if draws[0] == "" || draws[0] == draws[1] {
		t.Errorf("draws %q; want two, each its own", draws)
	}
}

func TestErrorsAreNotCached(t *testing.T) {
	s := mustOpen(t, t.TempDir())
	inner := &counting{fail: errors.New("503")}
	a := s.Wrap(inner, "x")
	for range 2 {
		if _, err := a.Generate(context.Background(), req("q")); err == nil {
			t.Fatal("want the agent's error")
		}
	}
	if n := inner.calls.Load(); n != 2 {
		t.Errorf("%d calls; want 2 (a failure is not cached)", n)
	}
}

type plain struct{}

func (plain) Generate(context.Context, agents.Request) (agents.Response, error) {
	return agents.Response{}, nil
}

func TestWrapLeavesUncacheableAgents(t *testing.T) {
	s := mustOpen(t, t.TempDir())
	var p agents.Agent = plain{}
	if got := s.Wrap(p, "sim"); got != p {
		t.Errorf("Wrap of an agent without CacheKey = %T; want the agent itself", got)
	}
}

func TestPrune(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t, t.TempDir())
	for _, k := range []string{"a", "b", "c"} {
		if _, err := s.Put(ctx, k, "x", agents.Response{Text: k}); err != nil {
			t.Fatal(err)
		}
	}
	if n, err := s.Prune(ctx, time.Now().Add(-time.Hour)); err != nil || n != 0 {
		t.Errorf("Prune of entries older than an hour: %d, %v; want 0", n, err)
	}
	if n, err := s.Prune(ctx, time.Time{}); err != nil || n != 3 {
		t.Errorf("Prune all: %d, %v; want 3", n, err)
	}
	if _, ok, _ := s.Get(ctx, "a"); ok {
		t.Error("an entry survived Prune all")
	}
}

// mustOpen opens the store in dir, closed at the test's end.
func mustOpen(t *testing.T, dir string) *Store {
	t.Helper()
	s, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// putAt stores an entry under key as created at unix second created.
func putAt(t *testing.T, s *Store, key string, created int64) {
	t.Helper()
	if _, err := s.db.Exec(`INSERT INTO responses (key, agent, response, created) VALUES (?, 'x', '{"text":"t","usage":{}}', ?)`, key, created); err != nil {
		t.Fatal(err)
	}
}

// TestPruneKeepsAnEntryAtTheCutoff: Prune deletes the entries created
// before the cutoff; one created at that very second stays.
func TestPruneKeepsAnEntryAtTheCutoff(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t, t.TempDir())
	putAt(t, s, "before", 1000)
	putAt(t, s, "at", 2000)
	if n, err := s.Prune(ctx, time.Unix(2000, 0)); err != nil || n != 1 {
		t.Errorf("Prune at the second of one of two entries: %d, %v; want 1, the older", n, err)
	}
	if _, ok, _ := s.Get(ctx, "at"); !ok {
		t.Error("the entry created at the cutoff was deleted; want it kept")
	}
}

// TestStatsOldestAndNewest: Stats gives the creation times of the oldest
// and the newest entries, zero times for an empty cache.
func TestStatsOldestAndNewest(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t, t.TempDir())
	if st, err := s.Stats(ctx); err != nil || !st.Oldest.IsZero() || !st.Newest.IsZero() {
		t.Errorf("an empty cache: oldest %v, newest %v (%v); want zero times", st.Oldest, st.Newest, err)
	}
	for i, created := range []int64{2000, 1000, 3000} {
		putAt(t, s, fmt.Sprint(i), created)
	}
	st, err := s.Stats(ctx)
	if err != nil || !st.Oldest.Equal(time.Unix(1000, 0)) || !st.Newest.Equal(time.Unix(3000, 0)) {
		t.Errorf("oldest %v, newest %v (%v); want %v and %v", st.Oldest, st.Newest, err, time.Unix(1000, 0), time.Unix(3000, 0))
	}
}

func TestConcurrentUse(t *testing.T) {
	s := mustOpen(t, t.TempDir())
	inner := &counting{}
	a := s.Wrap(inner, "x")
	var wg sync.WaitGroup
	for i := range 64 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := a.Generate(context.Background(), req(string(rune('a'+i%8)))); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	st, _ := s.Stats(context.Background())
	if st.Entries != 8 {
		t.Errorf("%d entries; want 8", st.Entries)
	}
}

// slow is an agent that can be cached, counts its calls, and answers
// once released, each call with an answer of its own (as a model that
// samples does), after retries failed attempts; where fail is set, it
// fails after them instead.
type slow struct {
	calls   atomic.Int32
	release chan struct{}
	retries int
	fail    bool
}

func (s *slow) Generate(ctx context.Context, req agents.Request) (agents.Response, error) {
	n := s.calls.Add(1)
	select {
	case <-s.release:
	case <-ctx.Done():
		return agents.Response{}, ctx.Err()
	}
	if s.fail {
		return agents.Response{}, &agents.RetriedError{Count: s.retries, Err: errors.New("503")}
	}
	return agents.Response{Text: fmt.Sprintf("answer %d", n), Retries: s.retries}, nil
}

func (s *slow) CacheKey(req agents.Request) string { return "k:" + req.Messages[0].Content }

// TestAskedAgainInFlightIsSentOnce: a request asked again while its first
// ask is unanswered — one reference answer that two protocols read at
// once — is sent once, and both asks get its one answer, the second as
// from the cache. Where the first ask's own episode ends, the ask that
// waited on it asks again, and is answered.
func TestAskedAgainInFlightIsSentOnce(t *testing.T) {
	s, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	inner := &slow{release: make(chan struct{})}
	a := s.Wrap(inner, "fake m@x")
	inFlight := func(n int32) {
		for inner.calls.Load() < n {
			time.Sleep(time.Millisecond)
		}
	}
	answers := make([]agents.Response, 2)
	errs := make([]error, 2)
	var wg sync.WaitGroup
	ask := func(i int, ctx context.Context) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			answers[i], errs[i] = a.Generate(ctx, req("q"))
		}()
	}
	// The first ask's episode ends while the second waits on it.
	first, cancel := context.WithCancel(context.Background())
	ask(0, first)
	inFlight(1)
	ask(1, context.Background())
	time.Sleep(50 * time.Millisecond) // the second ask is made, and waits
	if n := inner.calls.Load(); n != 1 {
		t.Fatalf("%d calls for a request asked twice at once; want 1", n)
	}
	cancel()
	inFlight(2) // the second asks again, for itself
	close(inner.release)
	wg.Wait()
	if !errors.Is(errs[0], context.Canceled) || errs[1] != nil || answers[1].Text != "answer 2" || answers[1].Cached {
		t.Errorf("the first ask: %v; the second: %+v, %v; want the first cancelled and the second answered by its own call", errs[0], answers[1], errs[1])
	}
	// Asked twice at once again, the request is in the cache now; a new
	// one is sent once, and both asks get its answer.
	inner.release = make(chan struct{})
	for i := range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			answers[i], errs[i] = a.Generate(context.Background(), req("r"))
		}()
	}
	inFlight(3)
	time.Sleep(50 * time.Millisecond)
	close(inner.release)
	wg.Wait()
	if n := inner.calls.Load(); n != 3 || answers[0].Text != answers[1].Text || answers[0].Cached == answers[1].Cached {
		t.Errorf("%d calls, answers %+v and %+v; want one call more, one answer, one of the asks as from the cache", n, answers[0], answers[1])
	}
}

// TestAWaiterReportsNoRetries: an ask that waited on another's call
// reports none of that call's failed attempts, whether it was answered or
// failed: they were the calling ask's, and counting them twice would
// count retries that were never made.
func TestAWaiterReportsNoRetries(t *testing.T) {
	for _, fail := range []bool{false, true} {
		s := mustOpen(t, t.TempDir())
		inner := &slow{release: make(chan struct{}), retries: 3, fail: fail}
		a := s.Wrap(inner, "x")
		retries := make([]int, 2)
		var wg sync.WaitGroup
		for i := range 2 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				resp, err := a.Generate(context.Background(), req("q"))
				retries[i] = resp.Retries
				var r agents.Retrier
				if errors.As(err, &r) {
					retries[i] = r.Retries()
				}
			}()
			for inner.calls.Load() < 1 {
				time.Sleep(time.Millisecond)
			}
		}
		time.Sleep(50 * time.Millisecond) // the second ask is made, and waits
		close(inner.release)
		wg.Wait()
		if n := inner.calls.Load(); n != 1 || retries[0] != 3 || retries[1] != 0 {
			t.Errorf("failing %v: %d calls, retries %v; want 1 call, 3 for the ask that called and 0 for the one that waited", fail, n, retries)
		}
	}
}

// gathering merges asks itself (agents.AskMerger), as batch mode does: it
// answers once both asks of a pair have reached it, as a batch goes out
// once every path waits on it.
type gathering struct {
	arrived atomic.Int32
	both    chan struct{}
}

func (g *gathering) Generate(ctx context.Context, req agents.Request) (agents.Response, error) {
	if g.arrived.Add(1) == 2 {
		close(g.both)
	}
	select {
	case <-g.both:
		// One answer to the merged asks, as a batch gives: one draw.
		return agents.Response{Text: "batched", Draw: "b1"}, nil
	case <-ctx.Done():
		return agents.Response{}, ctx.Err()
	}
}

func (g *gathering) CacheKey(req agents.Request) string { return "k:" + req.Messages[0].Content }
func (g *gathering) MergesAsks()                        {}

// TestAsksPassToAnAgentThatMergesThem: an agent that merges asks itself
// (batch mode) gets every ask, none held back to wait on another: held
// back, the batch waiting for it never went out.
func TestAsksPassToAnAgentThatMergesThem(t *testing.T) {
	s, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	a := s.Wrap(&gathering{both: make(chan struct{})}, "batch m@x")
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	errs := make(chan error, 2)
	draws := make(chan string, 2)
	for range 2 {
		go func() {
			resp, err := a.Generate(ctx, req("q"))
			errs <- err
			draws <- resp.Draw
		}()
	}
	for range 2 {
		if err := <-errs; err != nil {
			t.Fatalf("an ask of two made at once: %v; want both to reach the agent and be answered", err)
		}
	}
	// The two asks got one answer, which the cache holds once: they,
	// and a later ask, name its one draw.
	later, err := a.Generate(ctx, req("q"))
	if d1, d2 := <-draws, <-draws; err != nil || d1 != "b1" || d2 != "b1" || later.Draw != "b1" {
		t.Errorf("draws %q and %q, a later ask's %q (%v); want b1, the batch's", d1, d2, later.Draw, err)
	}
}

// TestAnEntryKeepsItsDraw: an answer stored where the key already holds
// one (stored since the ask missed, by another process) leaves the entry
// as it is, later runs' answer: the very draw the entry holds (merged
// asks') names it; another draw names none, however alike its words,
// for no run will be given it again. An entry stored before moot named
// draws gets one at its first read, and keeps it.
func TestAnEntryKeepsItsDraw(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t, t.TempDir())
	first, err := s.Put(ctx, "k", "x", agents.Response{Text: "A", Draw: "d1"})
	if err != nil || first != "d1" {
		t.Fatalf("first Put: %q, %v; want d1", first, err)
	}
	for _, c := range []struct{ text, draw, want string }{{"A", "d1", "d1"}, {"A", "d2", ""}, {"B", "d2", ""}} {
		if got, err := s.Put(ctx, "k", "x", agents.Response{Text: c.text, Draw: c.draw}); err != nil || got != c.want {
			t.Errorf("answer %s, draw %s, stored over the entry of A, d1: draw %q, %v; want %q", c.text, c.draw, got, err, c.want)
		}
	}
	if r, _, _ := s.Get(ctx, "k"); r.Text != "A" || r.Draw != "d1" {
		t.Errorf("the entry holds %q, draw %q; want A, d1", r.Text, r.Draw)
	}
	if _, err := s.db.ExecContext(ctx, `INSERT INTO responses (key, agent, response, created) VALUES ('old', 'x', '{"text":"C","usage":{}}', 0)`); err != nil {
		t.Fatal(err)
	}
	r1, _, err := s.Get(ctx, "old")
	r2, _, _ := s.Get(ctx, "old")
	if err != nil || len(r1.Draw) != 32 || r2.Draw != r1.Draw || r1.Text != "C" {
		t.Errorf("an entry without a draw, read twice: %+v, %+v (%v); want one draw named at the first read", r1, r2, err)
	}
}

// TestNamingAnOldEntryWaitsOnNoWriter: an entry stored before moot named
// draws, read while another process holds the cache for writing, is
// answered at once, as from the cache without a draw, rather than after
// the write lock's wait.
func TestNamingAnOldEntryWaitsOnNoWriter(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	s := mustOpen(t, dir)
	if _, err := s.db.ExecContext(ctx, `INSERT INTO responses (key, agent, response, created) VALUES ('old', 'x', ?, 0)`, []byte(`{"text":"D","usage":{}}`)); err != nil {
		t.Fatal(err)
	}
	other := mustOpen(t, dir)
	conn, err := other.db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `BEGIN IMMEDIATE`); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	r, ok, err := s.Get(ctx, "old")
	took := time.Since(start)
	if _, err := conn.ExecContext(ctx, `ROLLBACK`); err != nil {
		t.Fatal(err)
	}
	if err != nil || !ok || r.Text != "D" || !r.Cached || r.Draw != "" || took > 5*time.Second {
		t.Errorf("an old entry read while another process writes: %+v, %v, %v after %v; want it at once, cached, without a draw", r, ok, err, took)
	}
	if r, _, _ := s.Get(ctx, "old"); len(r.Draw) != 32 {
		t.Errorf("read again, the writer gone: draw %q; want one named", r.Draw)
	}
}
