package openai

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	sdk "github.com/openai/openai-go/v3"

	"github.com/mootlab/moot/agents"
	"github.com/mootlab/moot/internal/wait"
	"github.com/mootlab/moot/transcript"
)

// fake is an OpenAI-compatible endpoint scripted per attempt: answers[i]
// answers the i-th request (the last repeats).
type fake struct {
	t       *testing.T
	mu      sync.Mutex
	calls   int
	bodies  []map[string]any
	headers []http.Header
	answers []func(w http.ResponseWriter)
}

func (f *fake) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	i := min(f.calls, len(f.answers)-1)
	f.calls++
	var body map[string]any
	data, _ := io.ReadAll(r.Body)
	_ = json.Unmarshal(data, &body)
	f.bodies = append(f.bodies, body)
	f.headers = append(f.headers, r.Header.Clone())
	answer := f.answers[i]
	f.mu.Unlock()
	if r.URL.Path != "/v1/chat/completions" {
		f.t.Errorf("path %s; want /v1/chat/completions", r.URL.Path)
	}
	answer(w)
}

func ok(text string) func(http.ResponseWriter) {
	return func(w http.ResponseWriter) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"id":"x","object":"chat.completion","created":1,"model":"m","choices":[{"index":0,"message":{"role":"assistant","content":%q},"finish_reason":"stop"}],"usage":{"prompt_tokens":11,"completion_tokens":7,"total_tokens":18}}`, text)
	}
}

func status(code int, headers ...string) func(http.ResponseWriter) {
	return func(w http.ResponseWriter) {
		for i := 0; i+1 < len(headers); i += 2 {
			w.Header().Set(headers[i], headers[i+1])
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(code)
		fmt.Fprintf(w, `{"error":{"message":"status %d from the fake","type":"x","code":null}}`, code)
	}
}

func drop(w http.ResponseWriter) {
	conn, _, err := w.(http.Hijacker).Hijack()
	if err == nil {
		conn.Close()
	}
}

func newFake(t *testing.T, answers ...func(http.ResponseWriter)) (*fake, string) {
	f := &fake{t: t, answers: answers}
	return f, serve(t, f) + "/v1"
}

// client returns a client of the fake whose waits are recorded, not slept.
func client(t *testing.T, base string, adjust func(*Settings)) (*Client, *[]time.Duration) {
	t.Helper()
	s := DefaultSettings()
	s.BaseURL, s.Model = URLs{base}, "m"
	s.Timeout = 5 * time.Second
	// The fake is no sim server, and answers chat completions alone: the
	// tests of the header say whether to send it.
	off := false
	s.SendRequestHeader = &off
	if adjust != nil {
		adjust(&s)
	}
	c, err := New(s)
	if err != nil {
		t.Fatal(err)
	}
	var waits []time.Duration
	c.sleep = func(_ context.Context, d time.Duration) error { waits = append(waits, d); return nil }
	c.jitter = func() float64 { return 0 } // waits exactly first · 2^attempt
	return c, &waits
}

func request(role transcript.Role) agents.Request {
	return agents.Request{
		Role: role, Name: "Judge", Side: transcript.NoSide, Seed: 1<<63 + 42,
		Messages: []transcript.ChatMessage{{Role: "system", Content: "be fair"}, {Role: "user", Content: "A or B?"}},
		View:     transcript.View{QuestionID: "q", Question: "Which?", Answers: [2]string{"x", "y"}},
	}
}

func TestGenerateSendsTheRequest(t *testing.T) {
	f, base := newFake(t, ok("Answer: A"))
	temp := 0.3
	on := true
	c, _ := client(t, base, func(s *Settings) { s.Temperature, s.MaxTokens, s.SendRequestHeader = &temp, 64, &on })
	resp, err := c.Generate(context.Background(), request(transcript.RoleJudge))
	if err != nil {
		t.Fatal(err)
	}
	if resp.Text != "Answer: A" || resp.Usage != (transcript.Usage{InputTokens: 11, OutputTokens: 7}) || resp.Retries != 0 {
		t.Errorf("response %+v; want the fake's text and usage, no retries", resp)
	}
	body := f.bodies[0]
	for key, want := range map[string]any{"model": "m", "temperature": 0.3, "max_tokens": 64.0, "logprobs": true, "top_logprobs": 5.0, "seed": float64(42)} {
		if body[key] != want {
			t.Errorf("body[%s] = %v; want %v", key, body[key], want)
		}
	}
	msgs, _ := body["messages"].([]any)
	if len(msgs) != 2 || msgs[0].(map[string]any)["role"] != "system" || msgs[1].(map[string]any)["content"] != "A or B?" {
		t.Errorf("messages = %v; want the system and user messages", msgs)
	}
	h := f.headers[0].Get(agents.RequestHeader)
	got, err := agents.DecodeRequestHeader(h)
	if err != nil || got.View.QuestionID != "q" || got.Seed != 1<<63+42 {
		t.Errorf("request header decodes to %+v, %v; want the request", got, err)
	}
	if a := f.headers[0].Get("Authorization"); a != "" {
		t.Errorf("Authorization = %q with no api_key_env; want none", a)
	}
}

// TestSeedSettingIsSent: a seed in the settings goes with every call in
// place of the one moot derives for the call, plus the sample's index: a
// turn's best-of-N candidates, whose messages are the same, are as many
// draws, where they were one draw sent N times.
func TestSeedSettingIsSent(t *testing.T) {
	f, base := newFake(t, ok("Answer: A"))
	seed := int64(5)
	c, _ := client(t, base, func(s *Settings) { s.Seed = &seed })
	for sample := range 3 {
		req := request(transcript.RoleDebater)
		req.Sample = sample
		if _, err := c.Generate(context.Background(), req); err != nil {
			t.Fatal(err)
		}
		if got, want := f.bodies[sample]["seed"], float64(5+sample); got != want {
			t.Errorf("sample %d: body[seed] = %v; want %v, the setting's plus the sample", sample, got, want)
		}
	}
}

// TestSendSeedFalseSendsNone: send_seed false sends no seed (a server
// that refuses the field), and its calls' cache keys differ from those of
// calls that send it, and still from each other's by their seeds.
func TestSendSeedFalseSendsNone(t *testing.T) {
	f, base := newFake(t, ok("Answer: A"))
	off := false
	c, _ := client(t, base, func(s *Settings) { s.SendSeed = &off })
	if _, err := c.Generate(context.Background(), request(transcript.RoleJudge)); err != nil {
		t.Fatal(err)
	}
	if got, sent := f.bodies[0]["seed"]; sent {
		t.Errorf("body[seed] = %v with send_seed false; want none", got)
	}
	with, _ := client(t, base, nil)
	req := request(transcript.RoleJudge)
	other := req
	other.Seed++
	if c.CacheKey(req) == with.CacheKey(req) || c.CacheKey(req) == c.CacheKey(other) {
		t.Error("cache keys: want the unsent seed's apart from the sent one's, and two seeds' apart")
	}
	seed := int64(5)
	bad := Settings{BaseURL: URLs{base}, Model: "m", Seed: &seed, SendSeed: &off, Concurrency: 1, Timeout: time.Second, Backoff: time.Second}
	if err := bad.Validate(); err == nil || !strings.HasPrefix(err.Error(), "send_seed:") {
		t.Errorf("seed and send_seed false: %v; want a send_seed error", err)
	}
}

// TestVerdictCallsAskLogprobs: a judge's, a grader's and a best-of-N
// scorer's call ask for the letters' log-probabilities — a scorer's had
// not, so that through an OpenAI-compatible server it scored by its vote
// alone, and best-of-N against serve-sim kept other candidates than the
// sim backend (105 of 180 episodes' texts, 17 verdicts, in a trial).
func TestVerdictCallsAskLogprobs(t *testing.T) {
	for _, role := range []transcript.Role{transcript.RoleJudge, transcript.RoleGrader, transcript.RoleScorer} {
		f, base := newFake(t, ok("Answer: A"))
		c, _ := client(t, base, nil)
		if _, err := c.Generate(context.Background(), request(role)); err != nil {
			t.Fatal(err)
		}
		if f.bodies[0]["logprobs"] != true || f.bodies[0]["top_logprobs"] != 5.0 {
			t.Errorf("a %s call: logprobs %v, top_logprobs %v; want true and 5", role, f.bodies[0]["logprobs"], f.bodies[0]["top_logprobs"])
		}
	}
}

func TestDebaterCallsAskNoLogprobs(t *testing.T) {
	f, base := newFake(t, ok("I argue A."))
	off := false
	c, _ := client(t, base, func(s *Settings) { s.SendRequestHeader = &off })
	if _, err := c.Generate(context.Background(), request(transcript.RoleDebater)); err != nil {
		t.Fatal(err)
	}
	if _, has := f.bodies[0]["logprobs"]; has {
		t.Error("a debater call asked for logprobs")
	}
	if h := f.headers[0].Get(agents.RequestHeader); h != "" {
		t.Error("send_request_header false still sent the header")
	}
}

func TestAPIKeyFromEnvironment(t *testing.T) {
	const secret = "sk-test-7d1f0c2a9b"
	t.Setenv("MOOT_TEST_KEY", secret)
	t.Setenv("OPENAI_API_KEY", "sk-must-not-be-used")
	f, base := newFake(t, status(401))
	c, _ := client(t, base, func(s *Settings) { s.APIKeyEnv = "MOOT_TEST_KEY" })
	_, err := c.Generate(context.Background(), request(transcript.RoleJudge))
	if got := f.headers[0].Get("Authorization"); got != "Bearer "+secret {
		t.Errorf("Authorization = %q; want the key from MOOT_TEST_KEY", got)
	}
	if err == nil || strings.Contains(err.Error(), secret) {
		t.Errorf("error %v; want a 401 error that does not contain the key", err)
	}
	if f.calls != 1 {
		t.Errorf("%d calls for a 401; want 1 (never retried)", f.calls)
	}

	// A key file's newline is no part of the key (it failed every call as
	// an invalid header, blamed on the server); a space inside is refused.
	t.Setenv("MOOT_TEST_KEY", secret+"\n")
	if key, err := (&Settings{APIKeyEnv: "MOOT_TEST_KEY"}).apiKey(); key != secret || err != nil {
		t.Errorf("a key with a newline: %q, %v; want %q", key, err, secret)
	}
	t.Setenv("MOOT_TEST_KEY", "sk-two words")
	if _, err := (&Settings{APIKeyEnv: "MOOT_TEST_KEY"}).apiKey(); err == nil || !strings.Contains(err.Error(), "MOOT_TEST_KEY holds a space or a control character at byte 7") || strings.Contains(err.Error(), "two") {
		t.Errorf("a key with a space: %v; want it refused at its byte, without the key", err)
	}
	dollar := DefaultSettings()
	dollar.BaseURL, dollar.Model, dollar.APIKeyEnv = URLs{base}, "m", "$MOOT_TEST_KEY"
	if err := dollar.Validate(); err == nil || !strings.Contains(err.Error(), "without the $ (MOOT_TEST_KEY)") {
		t.Errorf("api_key_env $MOOT_TEST_KEY: %v; want it told to drop the $", err)
	}
	t.Setenv("MOOT_TEST_KEY", "")
	if _, err := (&Settings{APIKeyEnv: "MOOT_TEST_KEY"}).apiKey(); err == nil || !strings.HasSuffix(err.Error(), "MOOT_TEST_KEY is set but empty") {
		t.Errorf("an empty key variable: %v; want it said set but empty", err)
	}
	os.Unsetenv("MOOT_TEST_KEY")
	s := DefaultSettings()
	s.BaseURL, s.Model, s.APIKeyEnv = URLs{base}, "m", "MOOT_TEST_KEY"
	// A client without its key can be planned with, not called: it says
	// why, and its calls and check fail with that before any request.
	c, err = New(s)
	if err != nil {
		t.Fatalf("New with an unset key variable: %v; want a client that is not ready", err)
	}
	want := "api_key_env: the environment variable MOOT_TEST_KEY is not set"
	if err := c.Unready(); err == nil || err.Error() != want {
		t.Errorf("Unready = %v; want %q", err, want)
	}
	calls := f.calls
	if _, err := c.Generate(context.Background(), request(transcript.RoleJudge)); err == nil || err.Error() != want {
		t.Errorf("Generate without a key: %v; want %q", err, want)
	}
	if err := c.Check(context.Background()); err == nil || err.Error() != want {
		t.Errorf("Check without a key: %v; want %q", err, want)
	}
	if f.calls != calls {
		t.Errorf("%d requests without a key; want none", f.calls-calls)
	}
}

func TestRetryPolicy(t *testing.T) {
	const ms = time.Millisecond
	tests := []struct {
		name      string
		answers   []func(http.ResponseWriter)
		wantCalls int
		wantErr   bool
		wantWaits []time.Duration // with no jitter and the default backoff of 500ms
	}{
		{"429 then ok, Retry-After-Ms", []func(http.ResponseWriter){status(429, "Retry-After-Ms", "1500", "Retry-After", "9"), ok("hi")}, 2, false, []time.Duration{1500 * ms}},
		{"429 then ok, Retry-After seconds", []func(http.ResponseWriter){status(429, "Retry-After", "3"), ok("hi")}, 2, false, []time.Duration{3 * time.Second}},
		{"Retry-After over the backoff cap", []func(http.ResponseWriter){status(503, "Retry-After", "30"), ok("hi")}, 2, false, []time.Duration{30 * time.Second}},
		{"Retry-After zero: backoff", []func(http.ResponseWriter){status(429, "Retry-After", "0"), ok("hi")}, 2, false, []time.Duration{500 * ms}},
		{"Retry-After-Ms zero over Retry-After: backoff", []func(http.ResponseWriter){status(429, "Retry-After-Ms", "0", "Retry-After", "9"), ok("hi")}, 2, false, []time.Duration{500 * ms}},
		{"a wait of exactly two minutes is retried", []func(http.ResponseWriter){status(429, "Retry-After", "120"), ok("hi")}, 2, false, []time.Duration{2 * time.Minute}},
		{"a bad Retry-After: backoff", []func(http.ResponseWriter){status(429, "Retry-After", "soon"), ok("hi")}, 2, false, []time.Duration{500 * ms}},
		{"500, 503, 502 then ok: doubling", []func(http.ResponseWriter){status(500), status(503), status(502), ok("hi")}, 4, false, []time.Duration{500 * ms, 1000 * ms, 2000 * ms}},
		{"Retry-After between backoffs", []func(http.ResponseWriter){status(503), status(503, "Retry-After-Ms", "7"), status(503), ok("hi")}, 4, false, []time.Duration{500 * ms, 7 * ms, 2000 * ms}},
		{"408 and 409 retried", []func(http.ResponseWriter){status(408), status(409), ok("hi")}, 3, false, []time.Duration{500 * ms, 1000 * ms}},
		{"dropped connection retried", []func(http.ResponseWriter){drop, ok("hi")}, 2, false, []time.Duration{500 * ms}},
		{"malformed body retried", []func(http.ResponseWriter){func(w http.ResponseWriter) { io.WriteString(w, "{not json") }, ok("hi")}, 2, false, []time.Duration{500 * ms}},
		{"no choices retried", []func(http.ResponseWriter){func(w http.ResponseWriter) {
			w.Header().Set("Content-Type", "application/json")
			io.WriteString(w, `{"choices":[]}`)
		}, ok("hi")}, 2, false, []time.Duration{500 * ms}},
		{"malformed JSON retried", []func(http.ResponseWriter){func(w http.ResponseWriter) {
			w.Header().Set("Content-Type", "application/json")
			io.WriteString(w, `{"choices":[{`)
		}, ok("hi")}, 2, false, []time.Duration{500 * ms}},
		{"an error of status 404 in a 200 not retried", []func(http.ResponseWriter){jsonBody(`{"error":{"code":404,"message":"no such model"}}`), ok("hi")}, 1, true, nil},
		{"an error of status \"400\" in a 200 not retried", []func(http.ResponseWriter){jsonBody(`{"error":{"code":"400","message":"bad parameter"}}`), ok("hi")}, 1, true, nil},
		{"vLLM's error response in a 200 not retried", []func(http.ResponseWriter){jsonBody(`{"object":"error","message":"max_tokens is too large","type":"BadRequestError","param":null,"code":400}`), ok("hi")}, 1, true, nil},
		{"an error of status 503 in a 200 retried", []func(http.ResponseWriter){jsonBody(`{"error":{"code":503,"message":"overloaded"}}`), ok("hi")}, 2, false, []time.Duration{500 * ms}},
		{"an error of status 429 in a 200 retried", []func(http.ResponseWriter){jsonBody(`{"error":{"status":429,"message":"slow down"}}`), ok("hi")}, 2, false, []time.Duration{500 * ms}},
		{"an error with a code in words in a 200 retried", []func(http.ResponseWriter){jsonBody(`{"error":{"code":"model_overloaded"}}`), ok("hi")}, 2, false, []time.Duration{500 * ms}},
		{"400 not retried", []func(http.ResponseWriter){status(400), ok("hi")}, 1, true, nil},
		{"403 not retried", []func(http.ResponseWriter){status(403), ok("hi")}, 1, true, nil},
		{"404 not retried", []func(http.ResponseWriter){status(404), ok("hi")}, 1, true, nil},
		{"a wait over two minutes is not retried", []func(http.ResponseWriter){status(429, "Retry-After", "600"), ok("hi")}, 1, true, nil},
		{"gives up after max_retries", []func(http.ResponseWriter){status(503)}, 4, true, []time.Duration{500 * ms, 1000 * ms, 2000 * ms}},
		{"no choices every time: gives up after max_retries", []func(http.ResponseWriter){func(w http.ResponseWriter) {
			w.Header().Set("Content-Type", "application/json")
			io.WriteString(w, `{"choices":[]}`)
		}}, 4, true, []time.Duration{500 * ms, 1000 * ms, 2000 * ms}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, base := newFake(t, tt.answers...)
			c, waits := client(t, base, func(s *Settings) { s.MaxRetries = 3 })
			resp, err := c.Generate(context.Background(), request(transcript.RoleDebater))
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v; want error %v", err, tt.wantErr)
			}
			if f.calls != tt.wantCalls {
				t.Errorf("%d calls; want %d", f.calls, tt.wantCalls)
			}
			if !tt.wantErr && resp.Retries != tt.wantCalls-1 {
				t.Errorf("Retries = %d; want %d", resp.Retries, tt.wantCalls-1)
			}
			if fmt.Sprint(*waits) != fmt.Sprint(tt.wantWaits) {
				t.Errorf("waits %v; want %v", *waits, tt.wantWaits)
			}
		})
	}
}

// jsonBody answers body as JSON, with HTTP 200.
func jsonBody(body string) func(http.ResponseWriter) {
	return func(w http.ResponseWriter) {
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, body)
	}
}

// TestBackoff pins the backoff schedule: first · 2^attempt, capped at 8 s,
// less jitter times a quarter.
func TestBackoff(t *testing.T) {
	const ms = time.Millisecond
	tests := []struct {
		first   time.Duration
		attempt int
		jitter  float64
		want    time.Duration
	}{
		{500 * ms, 0, 0, 500 * ms},
		{500 * ms, 1, 0, 1000 * ms},
		{500 * ms, 2, 0, 2000 * ms},
		{500 * ms, 3, 0, 4000 * ms},
		{500 * ms, 4, 0, 8000 * ms},
		{500 * ms, 5, 0, 8000 * ms},  // capped
		{500 * ms, 15, 0, 8000 * ms}, // capped, no overflow
		{500 * ms, 16, 0, 8000 * ms},
		{500 * ms, 62, 0, 8000 * ms}, // a shift past 63 bits
		{500 * ms, 1000, 0, 8000 * ms},
		{8 * time.Second, 0, 0, 8000 * ms},
		{8 * time.Second, 15, 0, 8000 * ms},
		{3 * ms, 2, 0, 12 * ms},
		{500 * ms, 0, 0.5, 437500 * time.Microsecond},
		{500 * ms, 2, 0.5, 1750 * ms},
		{500 * ms, 9, 0.5, 7000 * ms},
		{500 * ms, 0, 1, 375 * ms}, // the least a wait can be: three quarters
		{500 * ms, 9, 1, 6000 * ms},
	}
	for _, tt := range tests {
		if got := backoff(tt.first, tt.attempt, tt.jitter); got != tt.want {
			t.Errorf("backoff(%v, %d, %v) = %v; want %v", tt.first, tt.attempt, tt.jitter, got, tt.want)
		}
	}
	// Every jitter in [0, 1) gives a wait in (3/4 d, d].
	for attempt := range 8 {
		d := min(500*ms<<attempt, backoffCap)
		for _, j := range []float64{0, 0.1, 0.25, 0.5, 0.75, 0.999999} {
			if got := backoff(500*ms, attempt, j); got <= d*3/4 || got > d {
				t.Errorf("backoff(500ms, %d, %v) = %v; want in (%v, %v]", attempt, j, got, d*3/4, d)
			}
		}
	}
}

// TestJitterDrawnPerWait: each backoff wait takes its own jitter draw.
func TestJitterDrawnPerWait(t *testing.T) {
	_, base := newFake(t, status(503), status(503), status(503), ok("hi"))
	c, waits := client(t, base, nil)
	draws := []float64{0.8, 0, 0.4}
	c.jitter = func() float64 { j := draws[0]; draws = draws[1:]; return j }
	if _, err := c.Generate(context.Background(), request(transcript.RoleDebater)); err != nil {
		t.Fatal(err)
	}
	want := []time.Duration{400 * time.Millisecond, 1000 * time.Millisecond, 1800 * time.Millisecond}
	if fmt.Sprint(*waits) != fmt.Sprint(want) {
		t.Errorf("waits %v; want %v", *waits, want)
	}
}

// TestRetryAfter pins how a server's requested wait is read.
func TestRetryAfter(t *testing.T) {
	now := time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		name, ms, after string
		want            time.Duration
		ok              bool
	}{
		{"neither", "", "", 0, false},
		{"milliseconds", "1500", "", 1500 * time.Millisecond, true},
		{"fractional milliseconds", "2.5", "", 2500 * time.Microsecond, true},
		{"milliseconds win over seconds", "1500", "9", 1500 * time.Millisecond, true},
		{"bad milliseconds: seconds", "soon", "9", 9 * time.Second, true},
		{"negative milliseconds: seconds", "-5", "9", 9 * time.Second, true},
		{"seconds", "", "3", 3 * time.Second, true},
		{"fractional seconds", "", "0.5", 500 * time.Millisecond, true},
		{"zero seconds", "", "0", 0, true},
		{"negative seconds", "", "-1", 0, false},
		{"an HTTP date", "", "Sun, 29 Nov 2026 12:00:30 UTC", 30 * time.Second, true},
		{"an HTTP date past", "", "Sun, 29 Nov 2026 11:00:00 UTC", 0, true},
		// The obsolete forms HTTP/1.1 still asks a reader to take: they
		// were read as no wait at all.
		{"an RFC 850 date", "", "Sunday, 29-Nov-26 12:00:30 GMT", 30 * time.Second, true},
		{"an asctime date", "", "Sun Nov 29 12:00:30 2026", 30 * time.Second, true},
		// A wait past a Duration's range wrapped round to a negative
		// one: retried at once, where the server asked for a long wait.
		{"seconds past a Duration", "", "1e30", math.MaxInt64, true},
		{"milliseconds past a Duration", "1e30", "", math.MaxInt64, true},
		{"garbage", "", "later", 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := retryAfter(tt.ms, tt.after, now)
			if got != tt.want || ok != tt.ok {
				t.Errorf("retryAfter(%q, %q) = %v, %v; want %v, %v", tt.ms, tt.after, got, ok, tt.want, tt.ok)
			}
		})
	}
}

// TestRetryableWaits: a 429 is retried after the wait its server asks
// for, but after the backoff when that wait is nothing (Retry-After: 0, a
// date already past), not at once; a wait over two minutes is not retried.
func TestRetryableWaits(t *testing.T) {
	now := time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC)
	first := 100 * time.Millisecond
	tests := []struct {
		header, value string
		want          time.Duration
		retry         bool
	}{
		{"Retry-After", "3", 3 * time.Second, true},
		{"Retry-After-Ms", "250", 250 * time.Millisecond, true},
		{"Retry-After", "0", 400 * time.Millisecond, true},
		{"Retry-After-Ms", "0", 400 * time.Millisecond, true},
		{"Retry-After", "Sun, 29 Nov 2026 11:00:00 UTC", 400 * time.Millisecond, true},
		{"Retry-After", "", 400 * time.Millisecond, true},
		{"Retry-After", "600", 0, false},
	}
	for _, tt := range tests {
		resp := &http.Response{StatusCode: http.StatusTooManyRequests, Header: http.Header{}}
		if tt.value != "" {
			resp.Header.Set(tt.header, tt.value)
		}
		err := &sdk.Error{StatusCode: http.StatusTooManyRequests, Response: resp}
		// The third attempt's backoff: 100 ms · 2², no jitter.
		got, retry := retryable(err, first, 2, 0, now)
		if got != tt.want || retry != tt.retry {
			t.Errorf("%s: %q: waits %v, retry %v; want %v, %v", tt.header, tt.value, got, retry, tt.want, tt.retry)
		}
	}
}

func TestPerAttemptTimeoutIsRetried(t *testing.T) {
	var n atomic.Int32
	slowOnce := func(w http.ResponseWriter) {
		if n.Add(1) == 1 {
			time.Sleep(400 * time.Millisecond)
		}
		ok("late")(w)
	}
	f, base := newFake(t, slowOnce)
	c, _ := client(t, base, func(s *Settings) { s.Timeout = 100 * time.Millisecond })
	resp, err := c.Generate(context.Background(), request(transcript.RoleDebater))
	if err != nil || resp.Retries != 1 || f.calls != 2 {
		t.Errorf("resp %+v, err %v, %d calls; want a retried time-out", resp, err, f.calls)
	}
}

// TestGivingUpSaysWhy: a call that fails for good names what made it give
// up where a setting or the server chose it: the agent's timeout, or a
// server's wait longer than moot waits.
func TestGivingUpSaysWhy(t *testing.T) {
	slow := func(w http.ResponseWriter) { time.Sleep(300 * time.Millisecond); ok("late")(w) }
	_, base := newFake(t, slow, slow)
	c, _ := client(t, base, func(s *Settings) { s.Timeout = 50 * time.Millisecond; s.MaxRetries = 1 })
	if _, err := c.Generate(context.Background(), request(transcript.RoleDebater)); err == nil || !strings.Contains(err.Error(), "timeout: 50ms") {
		t.Errorf("err = %v; want it to name the agent's timeout", err)
	}
	_, base = newFake(t, status(429, "Retry-After", "300"))
	c, _ = client(t, base, nil)
	if _, err := c.Generate(context.Background(), request(transcript.RoleDebater)); err == nil || !strings.Contains(err.Error(), "asked to wait 5m0s, longer than moot waits (2m0s)") {
		t.Errorf("err = %v; want it to say the server's wait was too long", err)
	}
	// A refusal is not retried whatever wait it asks: its error does not
	// blame the wait.
	_, base = newFake(t, status(400, "Retry-After", "300"))
	c, _ = client(t, base, nil)
	if _, err := c.Generate(context.Background(), request(transcript.RoleDebater)); err == nil || strings.Contains(err.Error(), "asked to wait") {
		t.Errorf("a 400 with Retry-After: err = %v; want no word on the wait, which did not stop the retries", err)
	}
}

func TestCancelledContextStops(t *testing.T) {
	_, base := newFake(t, status(503))
	c, _ := client(t, base, nil)
	c.sleep = wait.Sleep
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := c.Generate(ctx, request(transcript.RoleDebater))
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("err = %v; want the context's", err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("took %v to stop", d)
	}
}

func TestEndpointConcurrency(t *testing.T) {
	var inFlight, peak atomic.Int32
	slow := func(w http.ResponseWriter) {
		n := inFlight.Add(1)
		for {
			p := peak.Load()
			if n <= p || peak.CompareAndSwap(p, n) {
				break
			}
		}
		time.Sleep(20 * time.Millisecond)
		inFlight.Add(-1)
		ok("hi")(w)
	}
	_, base := newFake(t, slow)
	// Two agents on one endpoint share the smaller limit.
	a, _ := client(t, base, func(s *Settings) { s.Concurrency = 5; s.Model = "a" })
	b, _ := client(t, base, func(s *Settings) { s.Concurrency = 2; s.Model = "b" })
	var wg sync.WaitGroup
	for i := range 12 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c := a
			if i%2 == 1 {
				c = b
			}
			if _, err := c.Generate(context.Background(), request(transcript.RoleDebater)); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if p := peak.Load(); p > 2 {
		t.Errorf("peak of %d calls in flight; want at most 2", p)
	}
	// …/v1/ is …/v1: the endpoint whose limit they share, as the start-up
	// line and the plan count endpoints, not a second one.
	slash, _ := client(t, base+"/", func(s *Settings) { s.Concurrency = 2 })
	if got, want := slash.Endpoint().URL, a.Endpoint().URL; got != want {
		t.Errorf("endpoint of %s/: %q; want %q, the endpoint without the slash", base, got, want)
	}
}

func TestVerdictProbabilities(t *testing.T) {
	tok := func(s string, lp float64, top ...any) string {
		var tops []string
		for i := 0; i+1 < len(top); i += 2 {
			tops = append(tops, fmt.Sprintf(`{"token":%q,"logprob":%v,"bytes":null}`, top[i], top[i+1]))
		}
		return fmt.Sprintf(`{"token":%q,"logprob":%v,"bytes":null,"top_logprobs":[%s]}`, s, lp, strings.Join(tops, ","))
	}
	body := func(tokens ...string) func(http.ResponseWriter) {
		return func(w http.ResponseWriter) {
			w.Header().Set("Content-Type", "application/json")
			fmt.Fprintf(w, `{"choices":[{"index":0,"message":{"role":"assistant","content":"x"},"finish_reason":"stop","logprobs":{"content":[%s]}}],"usage":{}}`, strings.Join(tokens, ","))
		}
	}
	tests := []struct {
		name   string
		answer func(http.ResponseWriter)
		want   []float64
	}{
		{"both letters in the top list", body(tok("Answer", 0), tok(":", 0), tok(" B", math.Log(0.6), " B", math.Log(0.6), " A", math.Log(0.3))), []float64{1.0 / 3, 2.0 / 3}},
		{"only the chosen letter", body(tok("Answer", 0), tok(": ", 0), tok("A", math.Log(0.8))), []float64{0.8, 0.2}},
		{"an A before the verdict is not the verdict", body(tok("A", math.Log(0.1)), tok(" is weak.\nAnswer:", 0), tok(" B", math.Log(0.9))), []float64{0.1, 0.9}},
		{"no verdict line", body(tok("A", 0)), nil},
		{"a verdict line without a letter", body(tok("A", 0), tok(" Answer:", 0), tok(" C", 0)), nil},
		{"letters equally likely in the top list", body(tok("Answer:", 0), tok(" B", math.Log(0.4), " B", math.Log(0.4), " A", math.Log(0.4))), []float64{0.5, 0.5}},
		// exp(-1000) is 0: the top list says nothing, the token's own
		// probability is used.
		{"letters of probability 0 in the top list", body(tok("Answer:", 0), tok(" B", math.Log(0.7), " B", -1000, " A", -1000)), []float64{0.3, 0.7}},
		// A letter in several spellings (" A", "A"): its probabilities
		// add up.
		{"a letter spelt two ways in the top list", body(tok("Answer:", 0), tok(" A", math.Log(0.4), " A", math.Log(0.4), "A", math.Log(0.2), " B", math.Log(0.2))), []float64{0.75, 0.25}},
		{"the other letter spelt two ways", body(tok("Answer:", 0), tok(" A", math.Log(0.4), " A", math.Log(0.4), " B", math.Log(0.2), "B", math.Log(0.2))), []float64{0.5, 0.5}},
		{"no logprobs", ok("Answer: A"), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, base := newFake(t, tt.answer)
			c, _ := client(t, base, nil)
			resp, err := c.Generate(context.Background(), request(transcript.RoleJudge))
			if err != nil {
				t.Fatal(err)
			}
			if len(resp.Probabilities) != len(tt.want) {
				t.Fatalf("Probabilities = %v; want %v", resp.Probabilities, tt.want)
			}
			for i := range tt.want {
				if !(math.Abs(resp.Probabilities[i]-tt.want[i]) <= 1e-9) { // NaN fails too
					t.Errorf("Probabilities = %v; want %v", resp.Probabilities, tt.want)
				}
			}
		})
	}
}

func TestCacheKey(t *testing.T) {
	c, _ := client(t, "http://127.0.0.1:1/v1", nil)
	base := request(transcript.RoleJudge)
	key := c.CacheKey(base)
	if key != c.CacheKey(base) {
		t.Fatal("CacheKey is not stable")
	}
	changes := map[string]func(*agents.Request){
		"seed":   func(r *agents.Request) { r.Seed++ },
		"sample": func(r *agents.Request) { r.Sample = 1 },
		"messages": func(r *agents.Request) {
			r.Messages = append(r.Messages, transcript.ChatMessage{Role: "user", Content: "again"})
		},
		"role": func(r *agents.Request) { r.Role = transcript.RoleDebater }, // no logprobs
	}
	for name, change := range changes {
		r := base
		r.Messages = append([]transcript.ChatMessage(nil), base.Messages...)
		change(&r)
		if c.CacheKey(r) == key {
			t.Errorf("changing the %s left the cache key unchanged", name)
		}
	}
	other, _ := client(t, "http://127.0.0.1:1/v1", func(s *Settings) { s.Model = "m2" })
	if other.CacheKey(base) == key {
		t.Error("another model has the same cache key")
	}
	// A trailing slash names the same endpoint.
	if slash, _ := client(t, "http://127.0.0.1:1/v1/", nil); slash.CacheKey(base) != key {
		t.Error("…/v1/ and …/v1 have different cache keys")
	}
	// What a key does not depend on: the view (the prompt already holds it).
	r := base
	r.View.Question = "changed"
	if c.CacheKey(r) != key {
		t.Error("the cache key depends on the structured view")
	}
	// Logprobs are asked for judges only: turning them off changes a
	// judge's key and leaves a debater's alone.
	noLogprobs, _ := client(t, "http://127.0.0.1:1/v1", func(s *Settings) { s.Logprobs = false })
	if !c.s.Logprobs {
		t.Fatal("the default settings ask no logprobs; the test wants them asked")
	}
	if noLogprobs.CacheKey(base) == key {
		t.Error("a judge's cache key does not depend on logprobs")
	}
	debater := base
	debater.Role = transcript.RoleDebater
	if noLogprobs.CacheKey(debater) != c.CacheKey(debater) {
		t.Error("a debater's cache key depends on logprobs, which it is never asked")
	}
}

func TestSettingsValidate(t *testing.T) {
	tests := []struct {
		name   string
		adjust func(*Settings)
		want   string
	}{
		{"no base_url", func(s *Settings) { s.BaseURL = nil }, "base_url: required"},
		{"bad base_url", func(s *Settings) { s.BaseURL = URLs{"ftp://x"} }, "base_url: want an http or https URL"},
		// The whole path of a curl example copied: every call went to
		// …/chat/completions/chat/completions, and the preflight said the
		// server did not serve the model.
		{"base_url of the completions path", func(s *Settings) { s.BaseURL = URLs{"http://127.0.0.1:8000/v1/chat/completions/"} }, "base_url: \"http://127.0.0.1:8000/v1/chat/completions/\" ends in the path moot adds, /chat/completions: give it up to /v1"},
		// Azure's classic URL: the SDK drops the query, and every call
		// went without its api-version.
		{"base_url with a query", func(s *Settings) {
			s.BaseURL = URLs{"https://r.openai.azure.com/openai/deployments/d?api-version=2024-10-21"}
		}, "base_url: \"https://r.openai.azure.com/openai/deployments/d?api-version=2024-10-21\" has a query, which no call would send"},
		{"no model", func(s *Settings) { s.Model = "" }, "model: required"},
		{"key in the file", func(s *Settings) { s.APIKey = "sk-1" }, "api_key: a key is never accepted"},
		{"temperature", func(s *Settings) { v := 3.0; s.Temperature = &v }, "temperature: must be in [0, 2]"},
		{"concurrency", func(s *Settings) { s.Concurrency = 0 }, "concurrency: must be between 1 and 4096"},
		{"timeout", func(s *Settings) { s.Timeout = 0 }, "timeout: must be positive"},
		{"retries", func(s *Settings) { s.MaxRetries = -1 }, "max_retries: must be between 0 and 100"},
		{"price", func(s *Settings) { s.Price.Output = -1 }, "price: want finite, non-negative dollars"},
		{"cached price", func(s *Settings) { x := -0.5; s.Price.CachedInput = &x }, "price: cached_input: want finite"},
		{"cached price above the input price", func(s *Settings) { x := 2.5; s.Price.Input, s.Price.CachedInput = 1.25, &x }, "price: cached_input: 2.5 is above input's 1.25"},
		{"two token limits", func(s *Settings) { s.MaxTokens, s.MaxCompletionTokens = 100, 200 }, "max_completion_tokens: give one token limit"},
		{"negative completion limit", func(s *Settings) { s.MaxCompletionTokens = -1 }, "max_completion_tokens: must not be negative"},
		{"reasoning effort of two words", func(s *Settings) { s.ReasoningEffort = "very high" }, "reasoning_effort: want one word"},
		{"reasoning effort with a control character", func(s *Settings) { s.ReasoningEffort = "lo\aw" }, "reasoning_effort: want one word"},
		{"cache_as with a line break", func(s *Settings) { s.CacheAs = "qwen\n72b" }, "cache_as: want a name without"},
		{"cache_as with a space at its end", func(s *Settings) { s.CacheAs = "qwen " }, "cache_as: want a name without"},
		{"cache_as of spaces", func(s *Settings) { s.CacheAs = "  " }, "cache_as: want a name without"},
		{"model with a line break", func(s *Settings) { s.Model = "gpt\n4o" }, "model: want a model's name"},
		{"model with a space at its end", func(s *Settings) { s.Model = "gpt-4o " }, "model: want a model's name"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := DefaultSettings()
			s.BaseURL, s.Model = URLs{"http://127.0.0.1:8000/v1"}, "m"
			tt.adjust(&s)
			if err := s.Validate(); err == nil || !strings.HasPrefix(err.Error(), tt.want) {
				t.Errorf("Validate() = %v; want %q", err, tt.want)
			}
		})
	}
	u := transcript.Usage{InputTokens: 1_000_000, OutputTokens: 500_000, CachedInputTokens: 400_000}
	if got := (Price{Input: 2.5, Output: 10}).Cost(u); got != 7.5 {
		t.Errorf("Cost = %v; want 7.5, the cached tokens at the input price where no cached_input is set", got)
	}
	// 600,000 at 2.5, 400,000 cached at 1.25, 500,000 out at 10.
	half := 1.25
	if got := (Price{Input: 2.5, Output: 10, CachedInput: &half}).Cost(u); got != 7.0 {
		t.Errorf("Cost with cached_input = %v; want 7.0", got)
	}
}

// TestNoMaxTokensSent: max_tokens 0 (the default: the server's limit) is
// left out of the request, not sent as 0.
func TestNoMaxTokensSent(t *testing.T) {
	f, base := newFake(t, ok("I argue A."))
	c, _ := client(t, base, func(s *Settings) { s.MaxTokens = 0 })
	if _, err := c.Generate(context.Background(), request(transcript.RoleDebater)); err != nil {
		t.Fatal(err)
	}
	if v, has := f.bodies[0]["max_tokens"]; has {
		t.Errorf("max_tokens 0 sent as %v; want it left out", v)
	}
}

// TestReasoningModelSettings: max_completion_tokens is sent in place of
// max_tokens (OpenAI's reasoning models refuse max_tokens) and
// reasoning_effort as given; both change the cache key, and a call without
// them keeps the key it had before they were settings.
func TestReasoningModelSettings(t *testing.T) {
	f, base := newFake(t, ok("I argue A."))
	c, _ := client(t, base, func(s *Settings) { s.MaxTokens, s.MaxCompletionTokens, s.ReasoningEffort = 0, 2048, "low" })
	if _, err := c.Generate(context.Background(), request(transcript.RoleDebater)); err != nil {
		t.Fatal(err)
	}
	if v, has := f.bodies[0]["max_tokens"]; has {
		t.Errorf("max_tokens sent as %v beside max_completion_tokens; want it left out", v)
	}
	for key, want := range map[string]any{"max_completion_tokens": 2048.0, "reasoning_effort": "low"} {
		if got := f.bodies[0][key]; got != want {
			t.Errorf("%s = %v; want %v", key, got, want)
		}
	}
	if c.MaxReplyTokens() != 2048 {
		t.Errorf("MaxReplyTokens() = %d; want 2048, the limit a plan caps an answer at", c.MaxReplyTokens())
	}
	plain, _ := client(t, base, func(s *Settings) { s.MaxTokens = 0 })
	effort, _ := client(t, base, func(s *Settings) { s.MaxTokens, s.ReasoningEffort = 0, "low" })
	req := request(transcript.RoleDebater)
	if keys := map[string]bool{plain.CacheKey(req): true, effort.CacheKey(req): true, c.CacheKey(req): true}; len(keys) != 3 {
		t.Error("the cache key does not change with max_completion_tokens or reasoning_effort")
	}
	// The keys of calls without them are those made before they were
	// settings (computed at 8b70a4a), so that no cached answer is asked
	// again.
	s := DefaultSettings()
	s.BaseURL, s.Model = URLs{"http://127.0.0.1:9/v1"}, "m"
	fixed, err := New(s)
	if err != nil {
		t.Fatal(err)
	}
	for role, want := range map[transcript.Role]string{
		transcript.RoleDebater: "eca890f7eb7bcba68b7783e1e8d158bbf7c3222141b4d64e1d3b9652ed053dff",
		transcript.RoleJudge:   "2bacd9bd3c86db165ee68004e269644346db45f22ddf8a708f14acd8d7e257ce",
	} {
		if got := fixed.CacheKey(request(role)); got != want {
			t.Errorf("%s: cache key %s; want %s, as before: every cached answer would be asked again", role, got, want)
		}
	}
}

// TestGiveUpMessage: the error of a call that gives up names the status,
// the server's message (or the whole error object when it has none) and
// the number of attempts.
func TestGiveUpMessage(t *testing.T) {
	noMessage := func(w http.ResponseWriter) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(503)
		io.WriteString(w, `{"error":{"code":"overloaded"}}`)
	}
	for _, tc := range []struct {
		name   string
		answer func(http.ResponseWriter)
		want   string
	}{
		{"message", status(503), "HTTP 503: status 503 from the fake (after 3 attempts)"},
		{"no message", noMessage, `HTTP 503: {"code":"overloaded"} (after 3 attempts)`},
		{"no answer", drop, "(after 3 attempts)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, base := newFake(t, tc.answer)
			c, _ := client(t, base, func(s *Settings) { s.MaxRetries = 2 })
			_, err := c.Generate(context.Background(), request(transcript.RoleDebater))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v; want it to hold %q", err, tc.want)
			}
		})
	}
}

// TestSendsOnlyWhatTheExperimentNames: the OpenAI SDK's client reads
// OPENAI_API_KEY, OPENAI_ORG_ID, OPENAI_PROJECT_ID and
// OPENAI_CUSTOM_HEADERS from the environment and sends them with every
// call; moot's sends the key the experiment names (none without
// api_key_env) and none of the others, to whatever server.
func TestSendsOnlyWhatTheExperimentNames(t *testing.T) {
	t.Setenv("OPENAI_API_KEY", "sk-ambient-1234567890")
	t.Setenv("OPENAI_ORG_ID", "org-elsewhere")
	t.Setenv("OPENAI_PROJECT_ID", "proj-elsewhere")
	t.Setenv("OPENAI_CUSTOM_HEADERS", "Authorization: Bearer sk-custom-0987654321\nX-Proxy-Token: corp-secret")
	t.Setenv("MOOT_TEST_KEY", "sk-named-5555555555")
	for _, tc := range []struct{ env, want string }{{"", ""}, {"MOOT_TEST_KEY", "Bearer sk-named-5555555555"}} {
		f, base := newFake(t, ok("Answer: A"))
		c, _ := client(t, base, func(s *Settings) { s.APIKeyEnv = tc.env })
		if _, err := c.Generate(context.Background(), request(transcript.RoleJudge)); err != nil {
			t.Fatal(err)
		}
		h := f.headers[0]
		if got := h.Get("Authorization"); got != tc.want {
			t.Errorf("api_key_env %q: Authorization %q; want %q", tc.env, got, tc.want)
		}
		for _, name := range []string{"OpenAI-Organization", "OpenAI-Project", "X-Proxy-Token"} {
			if v := h.Get(name); v != "" {
				t.Errorf("api_key_env %q: %s: %q sent; want none", tc.env, name, v)
			}
		}
	}
}

// TestOutOfQuotaIsNotRetried: a 429 that says the account is out of
// credit (insufficient_quota) is not retried, as a rate limit's is, and
// opens the endpoint's breaker at once, so that the run stops naming it
// rather than spend every call's retries until the failure limit.
func TestOutOfQuotaIsNotRetried(t *testing.T) {
	f, base := newFake(t, func(w http.ResponseWriter) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusTooManyRequests)
		io.WriteString(w, `{"error":{"message":"You exceeded your current quota.","type":"insufficient_quota","param":null,"code":"insufficient_quota"}}`)
	})
	c, waits := client(t, base, nil)
	_, err := c.Generate(context.Background(), request(transcript.RoleJudge))
	if err == nil || f.calls != 1 || len(*waits) != 0 {
		t.Fatalf("out of quota: %v after %d calls, waits %v; want an error after one call", err, f.calls, *waits)
	}
	if down := c.Down(); !errors.Is(down, agents.ErrEndpointDown) || !strings.Contains(down.Error(), "out of quota") {
		t.Errorf("Down() = %v; want the endpoint down, out of quota", down)
	}
	// A rate limit's 429 is retried, as before.
	f, base = newFake(t, status(429), ok("hi"))
	c, _ = client(t, base, nil)
	if resp, err := c.Generate(context.Background(), request(transcript.RoleJudge)); err != nil || resp.Text != "hi" || f.calls != 2 {
		t.Errorf("a rate limit: %+v, %v after %d calls; want hi after a retry", resp, err, f.calls)
	}
}
