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
	return agents.Response{Text: "answer to " + req.Messages[0].Content, Probabilities: []float64{0.25, 0.75}, Usage: transcript.Usage{InputTokens: 3, OutputTokens: 4}, Retries: 2}, nil
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
	want := agents.Response{Text: "answer to q1", Probabilities: []float64{0.25, 0.75}, Usage: transcript.Usage{InputTokens: 3, OutputTokens: 4}, Cached: true}
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
	s2, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	again := s2.Wrap(inner, "fake m@x")
	if _, err := again.Generate(ctx, req("q1")); err != nil || inner.calls.Load() != 2 {
		t.Errorf("after reopening: err %v, %d calls; want none more", err, inner.calls.Load())
	}
	st, err := s2.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if st.Entries != 2 || st.ByAgent["fake m@x"] != 2 || st.Bytes == 0 || st.Path != filepath.Join(dir, FileName) {
		t.Errorf("stats %+v; want 2 entries of fake m@x", st)
	}
}

func TestErrorsAreNotCached(t *testing.T) {
	s, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
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
	s, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var p agents.Agent = plain{}
	if got := s.Wrap(p, "sim"); got != p {
		t.Errorf("Wrap of an agent without CacheKey = %T; want the agent itself", got)
	}
}

func TestPrune(t *testing.T) {
	ctx := context.Background()
	s, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for _, k := range []string{"a", "b", "c"} {
		if err := s.Put(ctx, k, "x", agents.Response{Text: k}); err != nil {
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

func TestConcurrentUse(t *testing.T) {
	s, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
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
// samples does).
type slow struct {
	calls   atomic.Int32
	release chan struct{}
}

func (s *slow) Generate(ctx context.Context, req agents.Request) (agents.Response, error) {
	n := s.calls.Add(1)
	select {
	case <-s.release:
	case <-ctx.Done():
		return agents.Response{}, ctx.Err()
	}
	return agents.Response{Text: fmt.Sprintf("answer %d", n)}, nil
}

func (s *slow) CacheKey(req agents.Request) string { return "k:" + req.Messages[0].Content }

// TestAskedAgainInFlightIsSentOnce: a request asked again while its first
// ask is unanswered — one reference answer that two protocols read at
// once — is sent once, and both asks get its one answer, the second as
// from the cache; a waiting ask whose own context ends returns.
func TestAskedAgainInFlightIsSentOnce(t *testing.T) {
	s, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	inner := &slow{release: make(chan struct{})}
	a := s.Wrap(inner, "fake m@x")
	answers := make([]agents.Response, 2)
	var wg sync.WaitGroup
	for i := range answers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			answers[i], _ = a.Generate(context.Background(), req("q"))
		}()
	}
	for inner.calls.Load() == 0 {
		time.Sleep(time.Millisecond)
	}
	// The second ask is waiting, or has not asked yet (it then reads the
	// cache); either way it is not sent.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := a.Generate(ctx, req("q")); !errors.Is(err, context.Canceled) {
		t.Errorf("an ask whose context ended while it waited: %v; want context.Canceled", err)
	}
	close(inner.release)
	wg.Wait()
	if n := inner.calls.Load(); n != 1 {
		t.Errorf("%d calls for a request asked twice at once; want 1", n)
	}
	if answers[0].Text != answers[1].Text || answers[0].Cached == answers[1].Cached {
		t.Errorf("answers %+v and %+v; want one answer, one of them as from the cache", answers[0], answers[1])
	}
}
