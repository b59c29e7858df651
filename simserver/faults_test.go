package simserver

import (
	"bytes"
	"encoding/json"
	"errors"
	"math"
	"net/http"
	"testing"
	"time"
)

func TestFaultsValidate(t *testing.T) {
	tests := []struct {
		name string
		f    Faults
		ok   bool
	}{
		{"none", Faults{}, true},
		{"each at its most", Faults{RateLimit: 1}, true},
		{"adding up to 1", Faults{RateLimit: 0.2, ServerError: 0.2, Unavailable: 0.2, Drop: 0.2, Slow: 0.1, Malformed: 0.1}, true},
		{"adding up to more than 1", Faults{RateLimit: 0.6, Drop: 0.6}, false},
		{"negative rate", Faults{Slow: -0.1}, false},
		{"rate over 1", Faults{Malformed: 1.5}, false},
		{"NaN rate", Faults{ServerError: math.NaN()}, false},
		{"negative latency", Faults{Latency: -time.Second}, false},
		{"negative latency per token", Faults{PerToken: -time.Millisecond}, false},
		{"negative retry-after", Faults{RetryAfter: -time.Second}, false},
		{"negative slow-for", Faults{SlowFor: -time.Second}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.f.Validate()
			if (err == nil) != tt.ok {
				t.Fatalf("Validate() = %v; want ok: %v", err, tt.ok)
			}
			if err != nil && !errors.Is(err, ErrFaults) {
				t.Errorf("Validate() = %v; want it to wrap ErrFaults", err)
			}
		})
	}
}

func TestPick(t *testing.T) {
	f := Faults{RateLimit: 0.1, ServerError: 0.2, Unavailable: 0.1, Drop: 0.1, Slow: 0.1, Malformed: 0.1}
	tests := []struct {
		u    float64
		want fault
	}{
		{0, faultRateLimit}, {0.099, faultRateLimit}, {0.1, faultServerError}, {0.299, faultServerError},
		{0.31, faultUnavailable}, {0.45, faultDrop}, {0.55, faultSlow}, {0.65, faultMalformed},
		{0.71, faultNone}, {0.999, faultNone},
	}
	for _, tt := range tests {
		if got := f.pick(tt.u); got != tt.want {
			t.Errorf("pick(%g) = %s; want %s", tt.u, got, tt.want)
		}
	}
	if got := (Faults{Drop: 1}).pick(0.9999999); got != faultDrop {
		t.Errorf("pick with drop rate 1 = %s; want drop", got)
	}
}

// TestEachFault injects each fault into every request.
func TestEachFault(t *testing.T) {
	q := testQuestions(t)[0]
	req := judgeRequest(q, debate(t, q, 2), 9)
	want := generate(t, testModels()["judge"], req).Text
	const slowFor = 300 * time.Millisecond
	const latency = 150 * time.Millisecond
	tests := []struct {
		name   string
		faults Faults
		check  faultCheck
		stats  Stats
	}{
		{
			name:   "rate limit",
			faults: Faults{RateLimit: 1, RetryAfter: 1500 * time.Millisecond},
			check: func(t *testing.T, resp *http.Response, data []byte, err error, _ time.Duration) {
				wantStatus(t, resp, err, http.StatusTooManyRequests)
				if ms, s := resp.Header.Get("Retry-After-Ms"), resp.Header.Get("Retry-After"); ms != "1500" || s != "2" {
					t.Errorf("Retry-After-Ms %q, Retry-After %q; want 1500 and 2", ms, s)
				}
				wantError(t, data, "requests", "rate_limit_exceeded")
			},
			stats: Stats{Requests: 1, RateLimited: 1},
		},
		{
			name:   "server error",
			faults: Faults{ServerError: 1},
			check:  errorCheck(http.StatusInternalServerError, "server_error", ""),
			stats:  Stats{Requests: 1, ServerErrors: 1},
		},
		{
			name:   "unavailable",
			faults: Faults{Unavailable: 1},
			check:  errorCheck(http.StatusServiceUnavailable, "server_error", "service_unavailable"),
			stats:  Stats{Requests: 1, Unavailable: 1},
		},
		{
			name:   "drop",
			faults: Faults{Drop: 1},
			check: func(t *testing.T, resp *http.Response, _ []byte, err error, _ time.Duration) {
				if err == nil {
					t.Fatalf("status %d; want the connection dropped", resp.StatusCode)
				}
			},
			stats: Stats{Requests: 1, Dropped: 1},
		},
		{
			name:   "slow",
			faults: Faults{Slow: 1, SlowFor: slowFor},
			check:  answerCheck(want, slowFor, "slow answer"),
			stats:  Stats{Requests: 1, Answers: 1, Slow: 1},
		},
		{
			name:   "malformed",
			faults: Faults{Malformed: 1},
			check: func(t *testing.T, resp *http.Response, data []byte, err error, _ time.Duration) {
				wantStatus(t, resp, err, http.StatusOK)
				if json.Valid(data) {
					t.Errorf("malformed body %s is valid JSON", data)
				}
				if len(data) == 0 {
					t.Error("malformed body is empty; want half an answer")
				}
			},
			stats: Stats{Requests: 1, Malformed: 1},
		},
		{
			name:   "latency",
			faults: Faults{Latency: latency},
			check:  answerCheck(want, latency, "answer with latency"),
			stats:  Stats{Requests: 1, Answers: 1},
		},
		{
			name:   "latency per token",
			faults: Faults{PerToken: time.Millisecond},
			check: func(t *testing.T, resp *http.Response, data []byte, err error, took time.Duration) {
				wantStatus(t, resp, err, http.StatusOK)
				c := decodeCompletion(t, data)
				if c.Usage.CompletionTokens == 0 {
					t.Fatal("answer has no completion tokens to wait for")
				}
				if min := time.Duration(c.Usage.CompletionTokens) * time.Millisecond; took < min {
					t.Errorf("answer of %d tokens took %v; want at least %v", c.Usage.CompletionTokens, took, min)
				}
			},
			stats: Stats{Requests: 1, Answers: 1},
		},
		{
			name:   "latency before a fault",
			faults: Faults{Latency: latency, ServerError: 1},
			check: func(t *testing.T, resp *http.Response, _ []byte, err error, took time.Duration) {
				wantStatus(t, resp, err, http.StatusInternalServerError)
				if took < latency {
					t.Errorf("answer took %v; want at least the latency %v", took, latency)
				}
			},
			stats: Stats{Requests: 1, ServerErrors: 1},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, ts := start(t, Options{Faults: tt.faults})
			begin := time.Now()
			resp, data, err := post(t, nil, ts.URL, body("judge", req, nil), withRequest(t, req))
			tt.check(t, resp, data, err, time.Since(begin))
			if got := s.Stats(); got != tt.stats {
				t.Errorf("stats %+v; want %+v", got, tt.stats)
			}
			// The models endpoint has no faults.
			if resp, _, err := get(t, ts.URL+modelsPath, nil); err != nil || resp.StatusCode != http.StatusOK {
				t.Errorf("GET %s with faults: %v; want 200", modelsPath, err)
			}
		})
	}
}

// TestSlowBodyTrickles: the header comes at once, the body over SlowFor.
func TestSlowBodyTrickles(t *testing.T) {
	const slowFor = 400 * time.Millisecond
	_, ts := start(t, Options{Faults: Faults{Slow: 1, SlowFor: slowFor}})
	q := testQuestions(t)[0]
	req := judgeRequest(q, nil, 1)
	hr, _ := http.NewRequest(http.MethodPost, ts.URL+chatPath, bytes.NewReader(body("judge", req, nil)))
	withRequest(t, req)(hr.Header)
	begin := time.Now()
	resp, err := http.DefaultClient.Do(hr)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	header := time.Since(begin)
	data := mustRead(t, resp)
	total := time.Since(begin)
	if header > slowFor/2 || total < slowFor {
		t.Errorf("header after %v, body after %v; want the header before %v and the body after %v", header, total, slowFor/2, slowFor)
	}
	if !json.Valid(data) {
		t.Errorf("slow body %s is not JSON", data)
	}
}

// TestFaultShares: over 400 requests, each fault's share is near its rate,
// what the client saw agrees with Stats, and a retried request can succeed.
func TestFaultShares(t *testing.T) {
	rates := Faults{RateLimit: 0.1, ServerError: 0.05, Unavailable: 0.1, Drop: 0.05, Slow: 0.1, Malformed: 0.1, SlowFor: time.Millisecond, Seed: 42}
	s, ts := start(t, Options{Faults: rates})
	q := testQuestions(t)[0]
	req := judgeRequest(q, nil, 1)
	data := body("judge", req, nil)
	header := withRequest(t, req)
	const n = 400
	seen := map[string]int{}
	for range n {
		resp, got, err := post(t, nil, ts.URL, data, header)
		switch {
		case err != nil:
			seen["drop"]++
		case resp.StatusCode == http.StatusOK && !json.Valid(got):
			seen["malformed"]++
		default:
			seen[http.StatusText(resp.StatusCode)]++
		}
	}
	st := s.Stats()
	tests := []struct {
		name     string
		rate     float64
		count    int64
		observed int
	}{
		{"rate limit", rates.RateLimit, st.RateLimited, seen[http.StatusText(429)]},
		{"server error", rates.ServerError, st.ServerErrors, seen[http.StatusText(500)]},
		{"unavailable", rates.Unavailable, st.Unavailable, seen[http.StatusText(503)]},
		{"drop", rates.Drop, st.Dropped, seen["drop"]},
		{"malformed", rates.Malformed, st.Malformed, seen["malformed"]},
		{"slow", rates.Slow, st.Slow, -1},
		// No fault, or slow: a whole answer.
		{"answers", 0.6, st.Answers, seen[http.StatusText(200)]},
	}
	for _, tt := range tests {
		share := float64(tt.count) / n
		// 4 standard deviations of a binomial share: the seed is fixed,
		// so this only guards against a biased draw.
		if tol := 4 * math.Sqrt(tt.rate*(1-tt.rate)/n); math.Abs(share-tt.rate) > tol {
			t.Errorf("%s: share %.3f (%d of %d); want %.2f ± %.3f", tt.name, share, tt.count, n, tt.rate, tol)
		}
		if tt.observed >= 0 && int64(tt.observed) != tt.count {
			t.Errorf("%s: client saw %d; stats count %d", tt.name, tt.observed, tt.count)
		}
	}
	if st.Requests != n {
		t.Errorf("stats count %d requests; want %d", st.Requests, n)
	}
}

// TestFaultDrawsRepeat: the same seed draws the same faults.
func TestFaultDrawsRepeat(t *testing.T) {
	f := Faults{RateLimit: 0.3, Drop: 0.3, Seed: 7}
	a, b := New(nil, Options{Faults: f}), New(nil, Options{Faults: f})
	differs := false
	other := New(nil, Options{Faults: Faults{RateLimit: 0.3, Drop: 0.3, Seed: 8}})
	for i := range 100 {
		fa, fb := a.draw(), b.draw()
		if fa != fb {
			t.Fatalf("draw %d: %s and %s with one seed; want the same", i, fa, fb)
		}
		if other.draw() != fa {
			differs = true
		}
	}
	if !differs {
		t.Error("seeds 7 and 8 drew the same 100 faults; want the seed to matter")
	}
}

// faultCheck checks what a request to a server with faults got: the
// response, its body, the error and how long it took.
type faultCheck func(t *testing.T, resp *http.Response, data []byte, err error, took time.Duration)

// errorCheck checks for an error answer: status, with an error body of
// type typ and code.
func errorCheck(status int, typ, code string) faultCheck {
	return func(t *testing.T, resp *http.Response, data []byte, err error, _ time.Duration) {
		t.Helper()
		wantStatus(t, resp, err, status)
		wantError(t, data, typ, code)
	}
}

// answerCheck checks for a whole answer, content, that took at least
// least; what names it in messages.
func answerCheck(content string, least time.Duration, what string) faultCheck {
	return func(t *testing.T, resp *http.Response, data []byte, err error, took time.Duration) {
		t.Helper()
		wantStatus(t, resp, err, http.StatusOK)
		if got := decodeCompletion(t, data).Choices[0].Message.Content; got != content {
			t.Errorf("%s: content %q; want %q", what, got, content)
		}
		if took < least {
			t.Errorf("%s took %v; want at least %v", what, took, least)
		}
	}
}

func wantStatus(t *testing.T, resp *http.Response, err error, status int) {
	t.Helper()
	if err != nil {
		t.Fatalf("request failed: %v; want status %d", err, status)
	}
	if resp.StatusCode != status {
		t.Fatalf("status %d; want %d", resp.StatusCode, status)
	}
}

func wantError(t *testing.T, data []byte, typ, code string) {
	t.Helper()
	e := decodeError(t, data)
	gotCode := ""
	if e.Error.Code != nil {
		gotCode = *e.Error.Code
	}
	if e.Error.Type != typ || gotCode != code {
		t.Errorf("error type %q, code %q; want %q, %q", e.Error.Type, gotCode, typ, code)
	}
}
