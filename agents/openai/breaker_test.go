package openai

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	sdk "github.com/openai/openai-go/v3"

	"github.com/mootlab/moot/agents"
	"github.com/mootlab/moot/transcript"
)

// deadURL is the base URL of a port that nothing listens on, its
// endpoint forgotten when the test ends.
func deadURL(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	forget(t, addr)
	return "http://" + addr + "/v1"
}

// serve starts h on a loopback port for the test and returns its root
// URL; when the test ends the server is closed and its endpoint forgotten.
func serve(t *testing.T, h http.Handler) string {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	forget(t, srv.Listener.Addr().String())
	return srv.URL
}

// forget drops the endpoints at addr (host:port) — their limits and
// breakers — from the process's registry when the test ends. The kernel
// hands a freed port out again, and a later test's server on it must not
// meet a breaker this test opened: one left open on a frozen test clock
// failed every call of another test before it was sent.
func forget(t *testing.T, addr string) {
	t.Cleanup(func() {
		endpointsMu.Lock()
		defer endpointsMu.Unlock()
		for base := range endpoints {
			if u, err := url.Parse(base); err == nil && u.Host == addr {
				delete(endpoints, base)
			}
		}
	})
}

// TestAFreedPortStartsAfresh: a server on a port that an earlier test
// left with an open breaker is called, not failed as that test's endpoint.
func TestAFreedPortStartsAfresh(t *testing.T) {
	var dead string
	t.Run("a breaker opened on a frozen clock", func(t *testing.T) {
		dead = deadURL(t)
		c, err := New(Settings{BaseURL: URLs{dead}, Model: "m", Concurrency: 1, Timeout: time.Second, Backoff: time.Millisecond})
		if err != nil {
			t.Fatal(err)
		}
		b := c.replicas[0].ep.breaker
		now := time.Unix(0, 0)
		b.now = func() time.Time { return now }
		for range breakerFailures {
			b.record(&net.OpError{Op: "dial", Err: errors.New("connection refused")})
			now = now.Add(breakerSpan)
		}
		if b.down() == nil {
			t.Fatal("the breaker did not open")
		}
	})
	u, err := url.Parse(dead)
	if err != nil {
		t.Fatal(err)
	}
	l, err := net.Listen("tcp", u.Host)
	if err != nil {
		t.Skipf("the freed port was taken meanwhile: %v", err)
	}
	f := &fake{t: t, answers: []func(http.ResponseWriter){ok("hi")}}
	srv := &httptest.Server{Listener: l, Config: &http.Server{Handler: f}}
	srv.Start()
	forget(t, u.Host)
	c, _ := client(t, dead, nil)
	if resp, err := c.Generate(context.Background(), request(transcript.RoleDebater)); err != nil || resp.Text != "hi" || f.calls != 1 {
		t.Errorf("a new server on the freed port: %q, %v after %d calls; want hi after 1", resp.Text, err, f.calls)
	}
}

func TestConnectionFailure(t *testing.T) {
	c, err := New(Settings{BaseURL: URLs{deadURL(t)}, Model: "m", Concurrency: 1, Timeout: time.Second, MaxRetries: 0, Backoff: time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Generate(context.Background(), agents.Request{})
	if err == nil || !connectionFailure(err) {
		t.Errorf("refused connection: connectionFailure(%v) = false; want true", err)
	}
	var r agents.Retrier
	if !errors.As(err, &r) || r.Retries() != 0 {
		t.Errorf("error %v; want an agents.Retrier with 0 retries", err)
	}
	for _, e := range []error{errors.New("EOF"), context.DeadlineExceeded, fmt.Errorf("x: %w", &net.OpError{Op: "read", Err: errors.New("reset")})} {
		if connectionFailure(e) {
			t.Errorf("connectionFailure(%v) = true; want false", e)
		}
	}
}

// TestBreakerOpensAndProbes drives the breaker on a fake clock: it opens
// only after breakerFailures failures spanning breakerSpan, fails calls
// fast while open, lets a probe through every probeEvery, and any answer
// closes it.
func TestBreakerOpensAndProbes(t *testing.T) {
	now := time.Unix(0, 0)
	b := &breaker{url: "http://x/v1", now: func() time.Time { return now }}
	refused := &net.OpError{Op: "dial", Err: errors.New("connection refused")}
	for range breakerFailures * 2 {
		b.record(refused) // all at once: a blip
	}
	if err := b.down(); err != nil {
		t.Fatalf("after %d failures in no time: down = %v; want closed", breakerFailures*2, err)
	}
	now = now.Add(breakerSpan)
	b.record(refused)
	err := b.allow()
	if !errors.Is(err, agents.ErrEndpointDown) || !strings.Contains(err.Error(), "connection refused") || b.down() == nil {
		t.Fatalf("after failures over %s: allow = %v; want ErrEndpointDown naming the last error", breakerSpan, err)
	}
	// The error says the same however late it is asked, and however many
	// calls in flight or probes failed since it opened: 11 calls over the
	// span, from the first failure to the last. (Calls failing after it
	// opened made the run's last line say 12 calls over 10s where the
	// error that stopped it said 8 over 5s.)
	first := b.down().Error()
	now = now.Add(probeEvery)
	b.record(refused)
	b.record(refused)
	if again := b.down().Error(); again != first || !strings.Contains(first, "11 attempts in a row (retries included) could not connect, had the connection dropped or got no answer in time, over 2s") {
		t.Errorf("the down error, then %s later: %q, %q; want the same, over %s", probeEvery, first, again, breakerSpan)
	}
	if err := b.allow(); err != nil {
		t.Errorf("after %s: allow = %v; want a probe let through", probeEvery, err)
	}
	if err := b.allow(); err == nil {
		t.Error("a second call during the probe was let through; want it failed fast")
	}
	b.record(errors.New("HTTP 500")) // any answer: the server is there
	if err := b.allow(); err != nil {
		t.Errorf("after an answer: allow = %v; want closed", err)
	}
}

// TestBreakerFailsFast: calls to an endpoint that refuses connections
// retry on the backoff schedule until the breaker opens — five failures or
// more that span breakerSpan — and then fail with ErrEndpointDown, as does
// the next call, at once. The clock and the sleep are injected, so the
// test takes no real waiting and pins the whole schedule: 50 ms doubling,
// the breaker opening at the seventh failure (3.15 s after the first),
// and the retry 3.2 s later refused by the open breaker.
func TestBreakerFailsFast(t *testing.T) {
	c, err := New(Settings{BaseURL: URLs{deadURL(t)}, Model: "m", Concurrency: 4, Timeout: time.Second, MaxRetries: 100, Backoff: 50 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC)
	c.replicas[0].ep.breaker.now = func() time.Time { return now }
	var waits []time.Duration
	c.sleep = func(_ context.Context, d time.Duration) error { waits = append(waits, d); now = now.Add(d); return nil }
	c.jitter = func() float64 { return 0 }
	_, err = c.Generate(context.Background(), agents.Request{})
	if !errors.Is(err, agents.ErrEndpointDown) {
		t.Fatalf("%v; want ErrEndpointDown", err)
	}
	const ms = time.Millisecond
	want := []time.Duration{50 * ms, 100 * ms, 200 * ms, 400 * ms, 800 * ms, 1600 * ms, 3200 * ms}
	if fmt.Sprint(waits) != fmt.Sprint(want) {
		t.Errorf("waits %v; want %v", waits, want)
	}
	if c.Down() == nil {
		t.Error("Down() = nil; want the open breaker's error")
	}
	n, start := len(waits), time.Now()
	if _, err := c.Generate(context.Background(), agents.Request{}); !errors.Is(err, agents.ErrEndpointDown) || time.Since(start) > 100*time.Millisecond {
		t.Errorf("next call: %v after %s; want ErrEndpointDown at once", err, time.Since(start))
	}
	if len(waits) != n {
		t.Errorf("the next call waited %v; want no wait", waits[n:])
	}
}

func TestCheck(t *testing.T) {
	// apiError answers with status and an OpenAI error of message.
	apiError := func(w http.ResponseWriter, status int, message string) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		fmt.Fprintf(w, `{"error":{"message":%q}}`, message)
	}
	// listsServed is a server that lists the one model "served", and
	// answers any other path with status and message.
	listsServed := func(status int, message string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path != "/v1/models" {
				apiError(w, status, message)
				return
			}
			w.Header().Set("Content-Type", "application/json")
			fmt.Fprint(w, `{"object":"list","data":[{"id":"served","object":"model","created":1,"owned_by":"x"}]}`)
		}
	}
	// A server of one model, as vLLM's: another name is not found.
	models := listsServed(http.StatusNotFound, "The model does not exist.")
	// A busy server that lists another model: the name is not checked.
	busy := listsServed(http.StatusTooManyRequests, "busy")
	noList := func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/v1/models" {
			apiError(w, http.StatusNotFound, "no such path")
			return
		}
		ok("O")(w)
	}
	// llama.cpp lists its model file's path and answers any name.
	llama := func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/v1/models" {
			w.Header().Set("Content-Type", "application/json")
			fmt.Fprint(w, `{"object":"list","data":[{"id":"/models/q4.gguf","object":"model","created":1,"owned_by":"llamacpp"}]}`)
			return
		}
		ok("O")(w)
	}
	errorIn200 := func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if r.URL.Path == "/v1/models" {
			w.WriteHeader(http.StatusNotFound)
			return
		}
		fmt.Fprint(w, `{"error":{"message":"model overloaded"}}`)
	}
	// A web page where the model list should be: a UI, a proxy's
	// sign-in page.
	webPage := func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprint(w, "<html><body><h1>Sign in</h1> to Open WebUI</body></html>")
	}
	keyed := func(w http.ResponseWriter, r *http.Request) {
		apiError(w, http.StatusUnauthorized, "Incorrect API key provided.")
	}
	notFound := func(w http.ResponseWriter, r *http.Request) {
		apiError(w, http.StatusNotFound, "Unknown request URL")
	}
	for _, tc := range []struct {
		name    string
		handler http.HandlerFunc
		model   string
		want    string // "" for success
		path    string // the base_url's path, /v1 if empty
	}{
		{"listed", models, "served", "", ""},
		{"nothing found", notFound, "m", "does not serve the model (POST /chat/completions: Unknown request URL)", ""},
		{"nothing found under a base_url without /v1", notFound, "m", "does not end in /v1", "/"},
		{"not listed", models, "other", "does not list the model, nor answers for it (it lists served)", ""},
		{"not listed, answered all the same", llama, "any name", "", ""},
		{"not listed, and busy", busy, "srved", "does not list the model (it lists served), and asked for it: POST /chat/completions: HTTP 429: busy", ""},
		{"no model list", noList, "any", "", ""},
		{"an error in a 200", errorIn200, "m", "not an OpenAI-compatible answer (HTTP 200 with no choices: {\"error\":{\"message\":\"model overloaded\"}})", ""},
		{"a web page for a list", webPage, "m", "GET /models: not an OpenAI-compatible answer: HTTP 200 with a body that is not JSON (text/html): Sign in to Open WebUI", ""},
		{"key refused", keyed, "served", "wants a key (HTTP 401: Incorrect API key provided.)", ""},
		{"nothing listening", nil, "m", "cannot reach the server", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			url := deadURL(t)
			if tc.handler != nil {
				root := serve(t, tc.handler)
				url = root + cmp.Or(tc.path, "/v1")
			}
			c, err := New(Settings{BaseURL: URLs{url}, Model: tc.model, Concurrency: 1, Timeout: time.Second, Backoff: time.Millisecond})
			if err != nil {
				t.Fatal(err)
			}
			err = c.Check(context.Background())
			if tc.path == "" && err != nil && strings.Contains(err.Error(), "does not end in /v1") {
				t.Errorf("Check = %v; want no hint about /v1 for a base_url that ends in it", err)
			}
			if tc.want == "" && err != nil || tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)) {
				t.Errorf("Check = %v; want %q", err, tc.want)
			}
		})
	}
}

// TestCheckAReasoningModel: the probe of a model the server does not list
// gives its one token under the limit's name the agent gives, for a
// reasoning model refuses max_tokens (OpenAI's 400), and an agent with
// max_completion_tokens failed its preflight for it.
func TestCheckAReasoningModel(t *testing.T) {
	root := serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/v1/models" {
			w.WriteHeader(http.StatusNotFound)
			return
		}
		var body map[string]any
		_ = json.NewDecoder(r.Body).Decode(&body)
		if _, has := body["max_tokens"]; has {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusBadRequest)
			fmt.Fprint(w, `{"error":{"message":"Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead."}}`)
			return
		}
		ok("O")(w)
	}))
	c, err := New(Settings{BaseURL: URLs{root + "/v1"}, Model: "o-mini", MaxCompletionTokens: 500, Concurrency: 1, Timeout: time.Second, Backoff: time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Check(context.Background()); err != nil {
		t.Errorf("Check = %v; want the probe sent with max_completion_tokens, and answered", err)
	}
}

// TestBreakerOpensOnAServerThatNeverAnswers: a server that takes the
// connection and never answers opens the breaker too, once its time-outs
// span breakerSpan, so that a run stops naming it rather than waiting out
// every call's retries.
func TestBreakerOpensOnAServerThatNeverAnswers(t *testing.T) {
	release := make(chan struct{})
	root := serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	defer close(release)
	c, err := New(Settings{BaseURL: URLs{root + "/v1"}, Model: "m", Concurrency: 1, Timeout: 150 * time.Millisecond, MaxRetries: 40, Backoff: time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Generate(context.Background(), agents.Request{})
	if !errors.Is(err, agents.ErrEndpointDown) || !strings.Contains(err.Error(), "got no answer in time") {
		t.Fatalf("a server that never answers: %v; want the endpoint down", err)
	}
	var r agents.Retrier
	if errors.As(err, &r) && r.Retries() >= 40 {
		t.Errorf("%d retries; want the breaker to stop them before max_retries", r.Retries())
	}
}

// TestBreakerIgnoresCallsCutByTheCaller: a call that its caller's
// context ended, by cancel or deadline, says nothing about the endpoint:
// it neither counts as a failure nor closes the breaker.
func TestBreakerIgnoresCallsCutByTheCaller(t *testing.T) {
	_, base := newFake(t, ok("hi"))
	c, _ := client(t, base, nil)
	b := c.replicas[0].ep.breaker
	now := time.Unix(0, 0)
	b.now = func() time.Time { return now }
	refused := &net.OpError{Op: "dial", Err: errors.New("connection refused")}
	for range breakerFailures - 1 {
		b.record(refused)
		now = now.Add(breakerSpan)
	}
	late, cancelLate := context.WithDeadline(context.Background(), time.Unix(1, 0))
	defer cancelLate()
	if _, err := c.Generate(late, request(transcript.RoleDebater)); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("a call past its caller's deadline: %v; want context.DeadlineExceeded", err)
	}
	if err := b.down(); err != nil {
		t.Fatalf("after %d failures and a call past its caller's deadline: %v; want closed", breakerFailures-1, err)
	}
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := c.Generate(cancelled, request(transcript.RoleDebater)); !errors.Is(err, context.Canceled) {
		t.Fatalf("a cancelled call: %v; want context.Canceled", err)
	}
	b.record(refused)
	if b.down() == nil {
		t.Errorf("a cancelled call between failures reset the count: %d failures over %s left the breaker closed", breakerFailures, (breakerFailures-1)*breakerSpan)
	}
}

// TestForgetEndpoints: after ForgetEndpoints, a client of a URL whose
// breaker is open has a closed one and a limit of its own.
func TestForgetEndpoints(t *testing.T) {
	dead := deadURL(t)
	before, _ := client(t, dead, func(s *Settings) { s.Concurrency = 1 })
	b := before.replicas[0].ep.breaker
	b.mu.Lock()
	b.open, b.nextProbe, b.last = true, time.Now().Add(time.Hour), errors.New("refused")
	b.mu.Unlock()
	ForgetEndpoints()
	after, _ := client(t, dead, func(s *Settings) { s.Concurrency = 4 })
	if err := after.Down(); err != nil || after.replicas[0].ep.Limit() != 4 {
		t.Errorf("after ForgetEndpoints: down %v, limit %d; want up, limit 4", err, after.replicas[0].ep.Limit())
	}
}

// TestBreakerOpensOnAServerThatDropsConnections: a port that takes each
// connection and closes it with no answer (a tunnel or port-forward whose
// server behind it died) opens the breaker too, so that a run stops
// naming it rather than spending every call's retries on it.
func TestBreakerOpensOnAServerThatDropsConnections(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	forget(t, l.Addr().String())
	go func() {
		for {
			conn, err := l.Accept()
			if err != nil {
				return
			}
			conn.Close()
		}
	}()
	c, err := New(Settings{BaseURL: URLs{"http://" + l.Addr().String() + "/v1"}, Model: "m", Concurrency: 1, Timeout: time.Second, MaxRetries: 60, Backoff: 50 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	// The waits pass on an injected clock, as in TestBreakerFailsFast:
	// the connections are real, the time between them is not, so that a
	// wrong backoff (8 s waits, each an open breaker's probe) fails in
	// milliseconds rather than sleeping through every retry.
	now := time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC)
	c.replicas[0].ep.breaker.now = func() time.Time { return now }
	var seen []string // each attempt's error, for a failure's message
	c.sleep = func(_ context.Context, d time.Duration) error {
		seen = append(seen, fmt.Sprint(c.replicas[0].ep.breaker.last))
		now = now.Add(d)
		return nil
	}
	_, err = c.Generate(context.Background(), agents.Request{})
	if !errors.Is(err, agents.ErrEndpointDown) {
		t.Logf("the attempts' errors as the breaker last counted them: %q", seen)
	}
	if !errors.Is(err, agents.ErrEndpointDown) || !strings.Contains(err.Error(), "had the connection dropped") {
		t.Fatalf("a server that drops every connection: %v; want the endpoint down", err)
	}
	var r agents.Retrier
	if errors.As(err, &r) && r.Retries() >= 60 {
		t.Errorf("%d retries; want the breaker to stop them before max_retries", r.Retries())
	}
	// An answer, of any status, is no dropped connection.
	if dropped(&sdk.Error{StatusCode: 502}) || !dropped(fmt.Errorf("post: %w", io.ErrUnexpectedEOF)) {
		t.Error("dropped: want an HTTP answer not dropped, an unexpected EOF dropped")
	}
}
