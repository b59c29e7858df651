package openai

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/mootlab/moot/agents"
	"github.com/mootlab/moot/transcript"
)

// TestCacheKeyOfReplicas: a list of servers is in the key in any order
// (another list may serve another model under the same name), one URL as
// it always was; cache_as names the model in their place, so that
// replicas of one model share answers whatever the list.
func TestCacheKeyOfReplicas(t *testing.T) {
	client := func(cacheAs string, urls ...string) *Client {
		s := DefaultSettings()
		s.BaseURL, s.Model, s.CacheAs = urls, "m", cacheAs
		c, err := New(s)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	req := agents.Request{Messages: []transcript.ChatMessage{{Role: "user", Content: "q"}}, Seed: 7}
	a := client("", "http://127.0.0.1:1/v1", "http://127.0.0.1:2/v1").CacheKey(req)
	if b := client("", "http://127.0.0.1:2/v1", "http://127.0.0.1:1/v1").CacheKey(req); a != b {
		t.Error("keys differ with the order of the list")
	}
	if b := client("", "http://127.0.0.1:3/v1", "http://127.0.0.1:2/v1").CacheKey(req); a == b {
		t.Error("two lists of servers share a key: another list may serve another model under the same name")
	}
	one, other := client("", "http://127.0.0.1:1/v1").CacheKey(req), client("", "http://127.0.0.1:2/v1").CacheKey(req)
	if one == other || one == a {
		t.Error("one base URL should stay in the key, as before replicas")
	}
	named := client("qwen-72b", "http://127.0.0.1:1/v1", "http://127.0.0.1:2/v1").CacheKey(req)
	if more := client("qwen-72b", "http://127.0.0.1:3/v1", "http://127.0.0.1:2/v1", "http://127.0.0.1:4/v1").CacheKey(req); named != more || named == a {
		t.Error("cache_as: replicas named alike should share a key, apart from the unnamed lists'")
	}
}

func TestURLsReadOneOrAList(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want int
		out  string
	}{
		{"base_url: http://a/v1\n", 1, "base_url: http://a/v1\n"},
		{"base_url: [http://a/v1, http://b/v1]\n", 2, "base_url:\n    - http://a/v1\n    - http://b/v1\n"},
	} {
		var s struct {
			BaseURL URLs `yaml:"base_url"`
		}
		if err := yaml.Unmarshal([]byte(tc.in), &s); err != nil || len(s.BaseURL) != tc.want {
			t.Errorf("%q: %v, %v; want %d URLs", tc.in, s.BaseURL, err, tc.want)
		}
		out, err := yaml.Marshal(s)
		if err != nil || string(out) != tc.out {
			t.Errorf("%q written back as %q, %v; want %q", tc.in, out, err, tc.out)
		}
	}
	s := DefaultSettings()
	s.BaseURL, s.Model = URLs{"http://a/v1", "http://a/v1/"}, "m"
	if err := s.Validate(); err == nil {
		t.Error("a replica listed twice passed validation")
	}
}

// TestRetryGoesToAnotherReplica: after a replica refuses the connection,
// the call's retry goes to a replica it can reach.
func TestRetryGoesToAnotherReplica(t *testing.T) {
	f, live := newFake(t, ok("hi"))
	c, err := New(Settings{BaseURL: URLs{deadURL(t), live}, Model: "m", Concurrency: 1, Timeout: 5 * time.Second, MaxRetries: 3, Backoff: 500 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	var waits []time.Duration
	c.sleep = func(_ context.Context, d time.Duration) error { waits = append(waits, d); return nil }
	c.jitter = func() float64 { return 0 }
	resp, err := c.Generate(context.Background(), request(transcript.RoleDebater))
	if err != nil || resp.Text != "hi" || resp.Retries != 1 {
		t.Fatalf("got %+v, %v; want hi after one retry", resp, err)
	}
	if f.calls != 1 || len(waits) != 1 {
		t.Errorf("the live replica got %d calls after waits %v; want 1 after one wait", f.calls, waits)
	}
}

// TestRetryAfterAnAnswerIsNotSentAway: a replica that answered, even with
// an error, was reached: the retry goes to the least loaded replica, which
// may be it again; only one that could not be reached is passed over.
func TestRetryAfterAnAnswerIsNotSentAway(t *testing.T) {
	first, one := newFake(t, status(500), ok("one"))
	second, two := newFake(t, ok("two"))
	c, waits := client(t, one, func(s *Settings) { s.BaseURL = URLs{one, two} })
	resp, err := c.Generate(context.Background(), request(transcript.RoleDebater))
	if err != nil || resp.Text != "one" || resp.Retries != 1 {
		t.Fatalf("got %+v, %v; want one after one retry", resp, err)
	}
	if first.calls != 2 || second.calls != 0 || len(*waits) != 1 {
		t.Errorf("the replicas got %d and %d calls after waits %v; want 2 and 0, after one wait", first.calls, second.calls, *waits)
	}
}

// TestPickWhenEveryReplicaIsPassedOver: when a call could reach none of
// the replicas, its next attempt still goes to the least loaded of them,
// not to the first.
func TestPickWhenEveryReplicaIsPassedOver(t *testing.T) {
	c := twoReplicas(t, "127.0.0.1:21", "127.0.0.1:22")
	busy := c.replicas[0].ep
	if err := busy.acquire(context.Background()); err != nil {
		t.Fatal(err)
	}
	defer busy.release()
	r, err := c.pick(map[*replica]bool{c.replicas[0]: true, c.replicas[1]: true})
	if err != nil || r != c.replicas[1] {
		t.Errorf("pick = %v, %v; want the second replica, the less loaded", r, err)
	}
}

// TestCheckOfReplicas: of a list of replicas one that passes the check is
// enough; when none does, the error names the first one's failure.
func TestCheckOfReplicas(t *testing.T) {
	live := serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"object":"list","data":[{"id":"m","object":"model","created":1,"owned_by":"x"}]}`)
	})) + "/v1"
	dead, dead2 := deadURL(t), deadURL(t)
	// A replica that takes the connection and never answers: checked at
	// once with the others, it does not spend their time.
	hanging := serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() })) + "/v1"
	for _, tc := range []struct {
		urls URLs
		want string // "" for a pass
	}{
		{URLs{dead, live}, ""},
		{URLs{live, dead}, ""},
		{URLs{hanging, live}, ""},
		{URLs{dead, dead2}, "replica " + dead + ": cannot reach the server"},
	} {
		c, err := New(Settings{BaseURL: tc.urls, Model: "m", Concurrency: 1, Timeout: time.Second, Backoff: time.Millisecond})
		if err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second) // as the preflight's own limit
		err = c.Check(ctx)
		cancel()
		if tc.want == "" && err != nil || tc.want != "" && (err == nil || !strings.HasPrefix(err.Error(), tc.want)) {
			t.Errorf("Check of %v = %v; want %q", tc.urls, err, tc.want)
		}
	}
}

// TestFullReplicasQueueEvenly: with every replica's slots taken, callers
// wait on the replica with the shortest queue, not all on the first, so
// that each replica has callers waiting when its calls return.
func TestFullReplicasQueueEvenly(t *testing.T) {
	urls := URLs{"http://127.0.0.1:11/v1", "http://127.0.0.1:12/v1", "http://127.0.0.1:13/v1"}
	c, err := New(Settings{BaseURL: urls, Model: "m", Concurrency: 2, Timeout: time.Second, Backoff: time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	// The endpoints outlive the test: leave them empty, whatever its end.
	t.Cleanup(func() {
		cancel()
		for _, r := range c.replicas {
			waitQueued(t, r.ep, 0)
			for r.ep.load() > 0 {
				r.ep.release()
			}
		}
	})
	for range 6 { // every slot of the three replicas
		r, err := c.pick(nil)
		if err != nil {
			t.Fatal(err)
		}
		if err := r.ep.acquire(ctx); err != nil {
			t.Fatal(err)
		}
	}
	for i := range 6 { // six callers wait
		r, err := c.pick(nil)
		if err != nil {
			t.Fatal(err)
		}
		go r.ep.acquire(ctx)
		for deadline := time.Now().Add(5 * time.Second); r.ep.queued() == 0; {
			if time.Now().After(deadline) {
				t.Fatalf("caller %d never queued", i)
			}
			time.Sleep(time.Millisecond)
		}
		// Wait until this caller is counted before the next picks.
		for deadline := time.Now().Add(5 * time.Second); ; {
			total := 0
			for _, r := range c.replicas {
				total += r.ep.queued()
			}
			if total == i+1 {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("%d callers queued; want %d", total, i+1)
			}
			time.Sleep(time.Millisecond)
		}
	}
	for i, r := range c.replicas {
		if q := r.ep.queued(); q != 2 {
			t.Errorf("replica %d has %d callers waiting; want 2 (six spread over three)", i+1, q)
		}
	}
}

// TestEjectedReplicaIsProbed: a replica whose breaker opened is sent a
// call once its probe is due, though another replica takes calls, and
// takes calls again once it answers; between probes it gets none.
func TestEjectedReplicaIsProbed(t *testing.T) {
	c := twoReplicas(t, "127.0.0.1:23", "127.0.0.1:24")
	now := time.Unix(0, 0)
	down := c.replicas[0].ep.breaker
	down.now = func() time.Time { return now }
	refused := &net.OpError{Op: "dial", Err: errors.New("connection refused")}
	for range breakerFailures {
		down.record(refused)
		now = now.Add(breakerSpan)
	}
	if down.down() == nil {
		t.Fatal("the first replica's breaker did not open")
	}
	pick := func() *replica {
		r, err := c.pick(nil)
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	if r := pick(); r != c.replicas[1] {
		t.Errorf("right after it opened: pick = %s; want the replica that is up", r.url)
	}
	now = now.Add(probeEvery)
	if r := pick(); r != c.replicas[0] {
		t.Errorf("its probe due: pick = %s; want the ejected replica, probed", r.url)
	}
	if r := pick(); r != c.replicas[1] {
		t.Errorf("during the probe: pick = %s; want the replica that is up", r.url)
	}
	if r, err := c.pick(map[*replica]bool{c.replicas[0]: true}); err != nil || r != c.replicas[1] {
		t.Errorf("a call that could not reach it: pick = %v, %v; want the other", r, err)
	}
	down.record(nil) // the probe got an answer
	if c.Down() != nil || down.down() != nil {
		t.Errorf("after the probe's answer: Down = %v; want both replicas up", c.Down())
	}
}

// twoReplicas is a client of replicas at the two addresses (host:port),
// nothing listening, their endpoints forgotten when the test ends.
func twoReplicas(t *testing.T, a, b string) *Client {
	t.Helper()
	forget(t, a)
	forget(t, b)
	c, err := New(Settings{BaseURL: URLs{"http://" + a + "/v1", "http://" + b + "/v1"}, Model: "m", Concurrency: 2, Timeout: time.Second, Backoff: time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	return c
}
