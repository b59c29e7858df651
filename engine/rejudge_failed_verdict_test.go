package engine

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/mootlab/moot/transcript"
)

// TestARejudgeThatFailsKeepsThePlaceholderVerdict: where a rejudge's
// interim verdict fails while the new judge's own, asked beside it,
// answers, the episode fails, and its verdict is the placeholder a failed
// episode's is (docs/records.md: answer -1, parse unparsed), not the
// answer of a judge whose episode is not whole. The server fails the
// shortest prompt of each episode's three, the interim verdict after
// round 1.
func TestARejudgeThatFailsKeepsThePlaceholderVerdict(t *testing.T) {
	type group struct {
		lengths []int
		full    chan struct{}
	}
	var (
		mu  sync.Mutex
		now = &group{full: make(chan struct{})}
	)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		mu.Lock()
		g := now
		if g.lengths = append(g.lengths, len(body)); len(g.lengths) == 3 {
			close(g.full)
			now = &group{full: make(chan struct{})}
		}
		mu.Unlock()
		select {
		case <-g.full:
		case <-time.After(5 * time.Second):
		}
		mu.Lock()
		shortest := len(body) == slices.Min(g.lengths)
		mu.Unlock()
		if shortest {
			http.Error(w, `{"error":{"message":"bad request"}}`, http.StatusBadRequest)
			return
		}
		writeChat(w, "Answer: A")
	}))
	t.Cleanup(srv.Close)
	x, out := playedForRejudge(t, srv.URL, ", max_retries: 0", ", swap: false")
	again := t.TempDir()
	_, _ = Rejudge(context.Background(), x, out, "k", Options{Out: again, Concurrency: 1})
	eps := readTranscripts(t, again)
	if len(eps) != 1 {
		t.Fatalf("%d records; want 1", len(eps))
	}
	ep := eps[0]
	if ep.Error == "" || len(ep.FailedCalls) != 1 {
		t.Fatalf("error %q, failed calls %+v; want the interim verdict's call failed", ep.Error, ep.FailedCalls)
	}
	if ep.Verdict.Answer != transcript.Unparsed || ep.Correct {
		t.Errorf("a failed rejudge's verdict %+v (correct %v); want the placeholder, answer -1 and unparsed", ep.Verdict, ep.Correct)
	}
}
