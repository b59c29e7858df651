package openai

import (
	"context"
	"math"
	"net/http"
	"testing"
	"time"

	sdk "github.com/openai/openai-go/v3"

	"github.com/mootlab/moot/transcript"
)

// TestMaxTokensOfOneIsSent: max_tokens is sent whenever it is set, 1
// (a verdict's one letter) as any other.
func TestMaxTokensOfOneIsSent(t *testing.T) {
	f, base := newFake(t, ok("A"))
	c, _ := client(t, base, func(s *Settings) { s.MaxTokens = 1 })
	if _, err := c.Generate(context.Background(), request(transcript.RoleJudge)); err != nil {
		t.Fatal(err)
	}
	if v := f.bodies[0]["max_tokens"]; v != 1.0 {
		t.Errorf("max_tokens sent as %v; want 1", v)
	}
}

// TestEachMessageKeepsItsRole: a transcript's messages reach the server
// with their roles — an agent's own earlier turns as the assistant's, not
// as the user's.
func TestEachMessageKeepsItsRole(t *testing.T) {
	f, base := newFake(t, ok("I argue A."))
	c, _ := client(t, base, nil)
	req := request(transcript.RoleDebater)
	req.Messages = []transcript.ChatMessage{{Role: "system", Content: "argue"}, {Role: "user", Content: "go"},
		{Role: "assistant", Content: "I said A."}, {Role: "user", Content: "again"}}
	if _, err := c.Generate(context.Background(), req); err != nil {
		t.Fatal(err)
	}
	msgs, _ := f.bodies[0]["messages"].([]any)
	want := []string{"system", "user", "assistant", "user"}
	if len(msgs) != len(want) {
		t.Fatalf("messages %v; want %d", msgs, len(want))
	}
	for i, m := range msgs {
		if role := m.(map[string]any)["role"]; role != want[i] {
			t.Errorf("message %d sent with role %v; want %s", i, role, want[i])
		}
	}
}

// TestServerWaitUpToTwoMinutes: a wait the server asks for is waited up
// to two minutes, that bound included, and given up over it (docs: "gives
// up if that is over two minutes"), by as little as a millisecond.
func TestServerWaitUpToTwoMinutes(t *testing.T) {
	now := time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC)
	for _, tt := range []struct {
		header, value string
		want          time.Duration
		retry         bool
	}{
		{"Retry-After", "120", 2 * time.Minute, true},
		{"Retry-After-Ms", "120000", 2 * time.Minute, true},
		{"Retry-After-Ms", "120001", 0, false},
		{"Retry-After", "120.5", 0, false},
	} {
		resp := &http.Response{StatusCode: http.StatusServiceUnavailable, Header: http.Header{}}
		resp.Header.Set(tt.header, tt.value)
		err := &sdk.Error{StatusCode: http.StatusServiceUnavailable, Response: resp}
		got, retry := retryable(err, 100*time.Millisecond, 0, 0, now)
		if got != tt.want || retry != tt.retry {
			t.Errorf("%s: %s: waits %v, retry %v; want %v, %v", tt.header, tt.value, got, retry, tt.want, tt.retry)
		}
	}
}

// TestCachedTokensNeverOverInput: a server that says more tokens came
// from its cache than the prompt had is priced as if all the prompt had:
// at $2 an input million and $1 a cached one, 100 input tokens "150 of
// them cached" cost 100 cached tokens, $0.0001, not 150 cached less 50
// input.
func TestCachedTokensNeverOverInput(t *testing.T) {
	cached := 1.0
	p := Price{Input: 2, Output: 3, CachedInput: &cached}
	got := p.Cost(transcript.Usage{InputTokens: 100, CachedInputTokens: 150, OutputTokens: 10})
	want := (100*1.0 + 10*3.0) / 1e6
	if math.Abs(got-want) > 1e-15 {
		t.Errorf("cost %v; want %v", got, want)
	}
}

// TestOneCachedTokenIsKept: a cache hit of a single token
// (prompt_tokens_details.cached_tokens: 1) is kept as the count the
// server gave, as any other.
func TestOneCachedTokenIsKept(t *testing.T) {
	_, base := newFake(t, answer("Answer: A", "stop",
		`{"prompt_tokens":10,"completion_tokens":2,"total_tokens":12,"prompt_tokens_details":{"cached_tokens":1}}`))
	c, _ := client(t, base, nil)
	resp, err := c.Generate(context.Background(), request(transcript.RoleJudge))
	if err != nil || resp.Usage.CachedInputTokens != 1 {
		t.Errorf("cached input tokens %d, %v; want 1", resp.Usage.CachedInputTokens, err)
	}
}

// TestPriceNeedsBothInputAndOutput: a price naming one of input and
// output is refused, whichever it names (docs: "a price naming one of the
// two is refused"); one naming both, with cached_input or not, or none,
// is taken.
func TestPriceNeedsBothInputAndOutput(t *testing.T) {
	for _, c := range []struct {
		keys []string
		ok   bool
	}{
		{[]string{"input"}, false},
		{[]string{"input", "cached_input"}, false},
		{[]string{"output"}, false},
		{[]string{"input", "output"}, true},
		{[]string{"output", "input", "cached_input"}, true},
		{nil, true},
	} {
		if err := (Price{}).CheckKeys(c.keys); (err == nil) != c.ok {
			t.Errorf("price with %v: %v; want ok %v", c.keys, err, c.ok)
		}
	}
}

// TestLogprobsOffAsksNone: with logprobs: false a judge's call asks for
// no log-probabilities (docs: "turn off for servers that refuse them"):
// neither logprobs nor top_logprobs is sent.
func TestLogprobsOffAsksNone(t *testing.T) {
	f, base := newFake(t, ok("Answer: A"))
	c, _ := client(t, base, func(s *Settings) { s.Logprobs = false })
	if _, err := c.Generate(context.Background(), request(transcript.RoleJudge)); err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{"logprobs", "top_logprobs"} {
		if v, has := f.bodies[0][key]; has {
			t.Errorf("%s sent as %v with logprobs: false; want it left out", key, v)
		}
	}
}
