package openai

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/mootlab/moot/agents"
)

// TestDownForItsTimeoutNamesIt: a server that answers every call, only
// later than the agent's timeout (a reasoning model thinking at length),
// opens the breaker as one that never answers does; the error names the
// timeout, for a run stopped so says to run again once the server
// answers, and it answers: the same timeout meets the same time-outs.
// Before, it said only "the last: context deadline exceeded".
func TestDownForItsTimeoutNamesIt(t *testing.T) {
	root := serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-time.After(300 * time.Millisecond):
			ok("late")(w)
		case <-r.Context().Done():
		}
	}))
	c, err := New(Settings{BaseURL: URLs{root + "/v1"}, Model: "m", Concurrency: 1, Timeout: 50 * time.Millisecond, MaxRetries: 60, Backoff: time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	// The time-outs are real; the backoff's waits pass on the breaker's
	// clock without sleeping, so that a wrong backoff (8 s waits) fails
	// in seconds rather than sleeping through 60 retries.
	var slept time.Duration
	c.replicas[0].ep.breaker.now = func() time.Time { return time.Now().Add(slept) }
	c.sleep = func(_ context.Context, d time.Duration) error { slept += d; return nil }
	_, err = c.Generate(context.Background(), agents.Request{})
	if !errors.Is(err, agents.ErrEndpointDown) || !strings.Contains(err.Error(), "no answer within the agent's timeout of 50ms") {
		t.Fatalf("a server slower than the timeout: %v; want the endpoint down, naming the timeout", err)
	}
}

// TestTimedOutLeavesAFailedConnection: an attempt that could not connect
// within the timeout (an address that drops packets) is no slow answer,
// and is not said to be one.
func TestTimedOutLeavesAFailedConnection(t *testing.T) {
	err := &url.Error{Op: "Post", URL: "http://10.0.0.1/v1", Err: &net.OpError{Op: "dial", Net: "tcp", Err: context.DeadlineExceeded}}
	if got := timedOut(err, time.Second); got != error(err) {
		t.Errorf("timedOut(%v) = %v; want it unchanged", err, got)
	}
}
