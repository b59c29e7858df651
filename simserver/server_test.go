package simserver

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/mootlab/moot/agents"
	"github.com/mootlab/moot/agents/sim"
	"github.com/mootlab/moot/transcript"
)

// TestAnswersAsTheSimAgent: the answer over HTTP is the in-process sim
// agent's answer to the same request, text and usage.
func TestAnswersAsTheSimAgent(t *testing.T) {
	_, ts := start(t, Options{})
	q := testQuestions(t)[1]
	tests := []struct {
		name  string
		model string
		req   agents.Request
	}{
		{"judge after a debate", "judge", judgeRequest(q, debate(t, q, 5), 21)},
		{"judge without a transcript", "judge", judgeRequest(q, nil, 22)},
		{"debater round 1", "debater", debaterRequest(q, 0, 1, nil, 23)},
		{"debater round 2", "debater", debaterRequest(q, 1, 2, debate(t, q, 6)[:3], 24)},
		{"consultant", "debater", consultantRequest(q, 1, 25)},
		{"default sim model", "sim", judgeRequest(q, debate(t, q, 7), 26)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for seed := tt.req.Seed; seed < tt.req.Seed+5; seed++ {
				req := tt.req
				req.Seed = seed
				want := generate(t, testModels()[tt.model], req)
				resp, data, err := post(t, nil, ts.URL, body(tt.model, req, nil), withRequest(t, req))
				if err != nil {
					t.Fatal(err)
				}
				if resp.StatusCode != http.StatusOK {
					t.Fatalf("status %d (%s); want 200", resp.StatusCode, data)
				}
				if ct := resp.Header.Get("Content-Type"); ct != "application/json" {
					t.Errorf("Content-Type %q; want application/json", ct)
				}
				c := decodeCompletion(t, data)
				ch := c.Choices[0]
				if ch.Message.Content != want.Text {
					t.Errorf("seed %d: content\n%q\nwant\n%q", seed, ch.Message.Content, want.Text)
				}
				if got, wantU := c.Usage, want.Usage; got.PromptTokens != wantU.InputTokens || got.CompletionTokens != wantU.OutputTokens ||
					got.TotalTokens != wantU.InputTokens+wantU.OutputTokens {
					t.Errorf("usage %+v; want %+v", got, wantU)
				}
				if !strings.HasPrefix(c.ID, "chatcmpl-") || len(c.ID) <= len("chatcmpl-") || c.Object != "chat.completion" ||
					c.Model != tt.model || c.Created <= 0 || ch.Index != 0 || ch.Message.Role != "assistant" || ch.FinishReason != "stop" {
					t.Errorf("answer %s; want OpenAI's shape", data)
				}
				if ch.Logprobs != nil {
					t.Errorf("logprobs %+v without asking; want null", ch.Logprobs)
				}
			}
		})
	}
}

// TestIgnoresBodySampling: the body's seed and temperature do not change
// the answer (the header's Seed does), and the ID names the request.
func TestIgnoresBodySampling(t *testing.T) {
	_, ts := start(t, Options{})
	q := testQuestions(t)[0]
	req := judgeRequest(q, debate(t, q, 1), 3)
	answer := func(req agents.Request, extra map[string]any) completion {
		_, data, err := post(t, nil, ts.URL, body("judge", req, extra), withRequest(t, req))
		if err != nil {
			t.Fatal(err)
		}
		return decodeCompletion(t, data)
	}
	first := answer(req, map[string]any{"seed": 1, "temperature": 1.5, "max_tokens": 4000, "unknown_field": true})
	second := answer(req, map[string]any{"seed": 99, "temperature": 0})
	if first.Choices[0].Message.Content != second.Choices[0].Message.Content || first.ID != second.ID {
		t.Errorf("answers %q (%s) and %q (%s) to one request with different body sampling; want the same",
			first.Choices[0].Message.Content, first.ID, second.Choices[0].Message.Content, second.ID)
	}
	other := req
	other.Seed++
	if third := answer(other, nil); third.ID == first.ID {
		t.Errorf("ID %s for two requests with different seeds; want different IDs", third.ID)
	}
}

// TestCutAtTheTokenLimit: an answer longer than the request's token limit
// (max_completion_tokens, else max_tokens) is cut there, at a space, with
// finish_reason "length" and the limit as its completion tokens, as a
// model's is; one within it is whole.
func TestCutAtTheTokenLimit(t *testing.T) {
	_, ts := start(t, Options{})
	q := testQuestions(t)[1]
	req := debaterRequest(q, 0, 1, nil, 23)
	want := generate(t, testModels()["debater"], req)
	if want.Usage.OutputTokens < 20 {
		t.Fatalf("the speech has %d tokens; the test needs more than 20", want.Usage.OutputTokens)
	}
	for _, tt := range []struct {
		extra map[string]any
		limit int
	}{
		{map[string]any{"max_tokens": 10}, 10},
		{map[string]any{"max_completion_tokens": 12, "max_tokens": 10}, 12},
		{map[string]any{"max_tokens": want.Usage.OutputTokens}, 0},
	} {
		_, data, err := post(t, nil, ts.URL, body("debater", req, tt.extra), withRequest(t, req))
		if err != nil {
			t.Fatal(err)
		}
		c := decodeCompletion(t, data)
		got := c.Choices[0]
		if tt.limit == 0 {
			if got.FinishReason != "stop" || got.Message.Content != want.Text || c.Usage.CompletionTokens != want.Usage.OutputTokens {
				t.Errorf("%v: %q (%s, %d tokens); want the whole speech", tt.extra, got.Message.Content, got.FinishReason, c.Usage.CompletionTokens)
			}
			continue
		}
		text := got.Message.Content
		if got.FinishReason != "length" || c.Usage.CompletionTokens != tt.limit || len(text) > tt.limit*bytesPerToken ||
			!strings.HasPrefix(want.Text, text) || len(text) < tt.limit*bytesPerToken/2 || want.Text[len(text)] != ' ' && want.Text[len(text)] != '\n' {
			t.Errorf("%v: %q (%s, %d tokens); want the speech cut at a space within %d tokens, finish_reason length", tt.extra, text, got.FinishReason, c.Usage.CompletionTokens, tt.limit)
		}
	}
}

func TestContentParts(t *testing.T) {
	_, ts := start(t, Options{})
	q := testQuestions(t)[0]
	req := judgeRequest(q, nil, 4)
	var parts []map[string]any
	for _, m := range req.Messages {
		parts = append(parts, map[string]any{"role": m.Role, "content": []map[string]string{{"type": "text", "text": m.Content}}})
	}
	data, _ := json.Marshal(map[string]any{"model": "judge", "messages": parts})
	_, got, err := post(t, nil, ts.URL, data, withRequest(t, req))
	if err != nil {
		t.Fatal(err)
	}
	want := generate(t, testModels()["judge"], req)
	if c := decodeCompletion(t, got); c.Choices[0].Message.Content != want.Text || c.Usage.PromptTokens != want.Usage.InputTokens {
		t.Errorf("answer to content parts %s; want %q with %d prompt tokens", got, want.Text, want.Usage.InputTokens)
	}
}

func TestLogprobs(t *testing.T) {
	_, ts := start(t, Options{})
	for _, q := range testQuestions(t) {
		for seed := uint64(1); seed <= 10; seed++ {
			req := judgeRequest(q, debate(t, q, seed), seed)
			want := generate(t, testModels()["judge"], req)
			_, data, err := post(t, nil, ts.URL, body("judge", req, map[string]any{"logprobs": true, "top_logprobs": 5}), withRequest(t, req))
			if err != nil {
				t.Fatal(err)
			}
			ch := decodeCompletion(t, data).Choices[0]
			if ch.Logprobs == nil {
				t.Fatalf("no logprobs in %s", data)
			}
			var text strings.Builder
			verdicts := 0
			for _, tok := range ch.Logprobs.Content {
				text.WriteString(tok.Token)
				if fmt.Sprint(tok.Bytes) != fmt.Sprint(byteList(tok.Token)) {
					t.Errorf("token %q has bytes %v; want its UTF-8 bytes", tok.Token, tok.Bytes)
				}
				if len(tok.TopLogprobs) == 0 {
					if tok.Logprob != 0 {
						t.Errorf("token %q: logprob %g without top logprobs; want 0", tok.Token, tok.Logprob)
					}
					continue
				}
				verdicts++
				if len(tok.TopLogprobs) != 2 || tok.TopLogprobs[0].Logprob < tok.TopLogprobs[1].Logprob {
					t.Fatalf("top logprobs %+v; want A and B, highest first", tok.TopLogprobs)
				}
				p := map[string]float64{}
				for _, top := range tok.TopLogprobs {
					p[top.Token] = math.Exp(top.Logprob)
				}
				if math.Abs(p["A"]-want.Probabilities[0]) > 1e-9 || math.Abs(p["B"]-want.Probabilities[1]) > 1e-9 {
					t.Errorf("seed %d: p(A) = %g, p(B) = %g from top logprobs; want %g, %g", seed, p["A"], p["B"], want.Probabilities[0], want.Probabilities[1])
				}
				if math.Abs(math.Exp(tok.Logprob)-p[tok.Token]) > 1e-12 {
					t.Errorf("verdict token %q: logprob %g; want ln p(%s) = %g", tok.Token, tok.Logprob, tok.Token, math.Log(p[tok.Token]))
				}
				if before := text.String(); !strings.HasSuffix(strings.TrimRight(before[:len(before)-len(tok.Token)], " "), "Answer:") {
					t.Errorf("verdict token %q follows %q; want it right after Answer:", tok.Token, before)
				}
			}
			if text.String() != ch.Message.Content {
				t.Errorf("tokens spell %q; want the content %q", text.String(), ch.Message.Content)
			}
			if verdicts != 1 {
				t.Errorf("%d tokens with top logprobs; want 1, the verdict letter", verdicts)
			}
		}
	}
	t.Run("a debater's tokens are certain", func(t *testing.T) {
		q := testQuestions(t)[0]
		req := debaterRequest(q, 0, 1, nil, 1)
		_, data, err := post(t, nil, ts.URL, body("debater", req, map[string]any{"logprobs": true}), withRequest(t, req))
		if err != nil {
			t.Fatal(err)
		}
		ch := decodeCompletion(t, data).Choices[0]
		var text strings.Builder
		for _, tok := range ch.Logprobs.Content {
			text.WriteString(tok.Token)
			if tok.Logprob != 0 || len(tok.TopLogprobs) != 0 {
				t.Errorf("debater token %+v; want logprob 0 and no top logprobs", tok)
			}
		}
		if text.String() != ch.Message.Content {
			t.Errorf("tokens spell %q; want %q", text.String(), ch.Message.Content)
		}
	})
}

func TestLogprobsOfExtremes(t *testing.T) {
	tests := []struct {
		text   string
		probs  []float64
		letter string
		want   [2]float64 // logprobs of A and B
	}{
		{"Answer: A\n", []float64{1, 0}, "A", [2]float64{0, math.Log(minProbability)}},
		{"I checked.\nAnswer: B", []float64{0.25, 0.75}, "B", [2]float64{math.Log(0.25), math.Log(0.75)}},
		{"Answer: A then Answer:\tB\n", []float64{0.5, 0.5}, "B", [2]float64{math.Log(0.5), math.Log(0.5)}},
		{"Answer: B", []float64{math.NaN(), 2}, "B", [2]float64{math.Log(minProbability), 0}},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			lp := logprobs(tt.text, tt.probs)
			var found bool
			for _, tok := range lp.Content {
				if len(tok.TopLogprobs) == 0 {
					continue
				}
				found = true
				if tok.Token != tt.letter {
					t.Errorf("verdict token %q; want %q", tok.Token, tt.letter)
				}
				got := map[string]float64{}
				for _, top := range tok.TopLogprobs {
					got[top.Token] = top.Logprob
				}
				if got["A"] != tt.want[0] || got["B"] != tt.want[1] {
					t.Errorf("top logprobs %v; want A %g, B %g", got, tt.want[0], tt.want[1])
				}
				if tok.TopLogprobs[0].Token != "A" && tt.want[0] == tt.want[1] {
					t.Errorf("tied top logprobs %+v; want A first", tok.TopLogprobs)
				}
			}
			if !found {
				t.Errorf("no verdict token in %+v", lp.Content)
			}
			if _, err := json.Marshal(lp); err != nil {
				t.Errorf("logprobs do not encode: %v", err)
			}
		})
	}
	for _, text := range []string{"No verdict here.", "Answer: Alpha", "Answer: C", "Answer:", "Answer: A"} {
		lp := logprobs(text, nil)
		for _, tok := range lp.Content {
			if tok.Logprob != 0 || len(tok.TopLogprobs) != 0 {
				t.Errorf("%q without probabilities: token %+v; want logprob 0", text, tok)
			}
		}
	}
}

func TestTokensTileText(t *testing.T) {
	for _, text := range []string{
		"", " ", "\n\n", "Answer: A\n", "  two  spaces\t\ttabs \n", "<v_quote>Ortha's lantern</v_quote>, 3.5%!",
		"naïve café — “quoted” 東京 🙂", "trailing space ", "a\r\nb",
	} {
		toks := tokens(text)
		if got := strings.Join(toks, ""); got != text {
			t.Errorf("tokens(%q) = %q, joined %q; want the text", text, toks, got)
		}
		for _, tok := range toks {
			if tok == "" {
				t.Errorf("tokens(%q) has an empty token", text)
			}
		}
	}
}

func TestRequestErrors(t *testing.T) {
	_, ts := start(t, Options{})
	q := testQuestions(t)[0]
	req := judgeRequest(q, nil, 1)
	sideless := debaterRequest(q, 0, 1, nil, 1)
	sideless.Side = transcript.NoSide
	tests := []struct {
		name     string
		method   string
		path     string
		body     []byte
		header   func(http.Header)
		status   int
		code     string // "" for null
		contains string
	}{
		{"no moot header", "POST", chatPath, body("judge", req, nil), nil, 400, agents.NoRequestHeader, agents.RequestHeader},
		{"garbled moot header", "POST", chatPath, body("judge", req, nil), func(h http.Header) { h.Set(agents.RequestHeader, "!!") }, 400, "", agents.RequestHeader},
		{"unknown model", "POST", chatPath, body("gpt-9", req, nil), withRequest(t, req), 404, "model_not_found", "debater, judge, sim"},
		{"no model", "POST", chatPath, body("", req, nil), withRequest(t, req), 400, "", "model"},
		{"bad JSON", "POST", chatPath, []byte(`{"model": "judge", "messages": [`), withRequest(t, req), 400, "", "JSON"},
		{"mistyped field", "POST", chatPath, []byte(`{"model": "judge", "messages": [], "temperature": "hot"}`), withRequest(t, req), 400, "", "JSON"},
		{"n = 2", "POST", chatPath, body("judge", req, map[string]any{"n": 2}), withRequest(t, req), 400, "", "n = 2"},
		{"no messages", "POST", chatPath, []byte(`{"model": "judge", "messages": []}`), withRequest(t, req), 400, "", "messages"},
		// What OpenAI refuses, refused here too, so that a client that
		// sends it finds out before a real endpoint tells it.
		{"a stream", "POST", chatPath, body("judge", req, map[string]any{"stream": true}), withRequest(t, req), 400, "", "does not stream"},
		{"a mistyped stream", "POST", chatPath, body("judge", req, map[string]any{"stream": "yes"}), withRequest(t, req), 400, "", "JSON"},
		{"max_tokens 0", "POST", chatPath, body("judge", req, map[string]any{"max_tokens": 0}), withRequest(t, req), 400, "", "'max_tokens'"},
		{"max_completion_tokens -5", "POST", chatPath, body("judge", req, map[string]any{"max_completion_tokens": -5}), withRequest(t, req), 400, "", "got -5"},
		{"top_logprobs 50", "POST", chatPath, body("judge", req, map[string]any{"logprobs": true, "top_logprobs": 50}), withRequest(t, req), 400, "", "0 to 20"},
		{"top_logprobs without logprobs", "POST", chatPath, body("judge", req, map[string]any{"top_logprobs": 2}), withRequest(t, req), 400, "", "logprobs must be set"},
		{"temperature 5", "POST", chatPath, body("judge", req, map[string]any{"temperature": 5}), withRequest(t, req), 400, "", "0 to 2"},
		{"an unknown role", "POST", chatPath, []byte(`{"model": "judge", "messages": [{"role": "wizard", "content": "hi"}]}`), withRequest(t, req), 400, "", "wizard"},
		{"a null message", "POST", chatPath, []byte(`{"model": "judge", "messages": [null]}`), withRequest(t, req), 400, "", "role"},
		{"image content", "POST", chatPath, []byte(`{"model": "judge", "messages": [{"role": "user", "content": [{"type": "image_url"}]}]}`), withRequest(t, req), 400, "", "text"},
		{"unplayable request", "POST", chatPath, body("debater", sideless, nil), withRequest(t, sideless), 400, "", "no side"},
		{"GET a completion", "GET", chatPath, nil, nil, 405, "method_not_allowed", "GET"},
		{"unknown path", "POST", "/v1/completions", nil, nil, 404, "unknown_url", "/v1/completions"},
		{"unknown model by id", "GET", modelsPath + "/gpt-9", nil, nil, 404, "model_not_found", "gpt-9"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hr, err := http.NewRequest(tt.method, ts.URL+tt.path, strings.NewReader(string(tt.body)))
			if err != nil {
				t.Fatal(err)
			}
			if tt.header != nil {
				tt.header(hr.Header)
			}
			resp, err := http.DefaultClient.Do(hr)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			data := mustRead(t, resp)
			if resp.StatusCode != tt.status {
				t.Fatalf("status %d (%s); want %d", resp.StatusCode, data, tt.status)
			}
			e := decodeError(t, data)
			if e.Error.Type != typeInvalidRequest {
				t.Errorf("type %q; want %q", e.Error.Type, typeInvalidRequest)
			}
			switch {
			case tt.code == "" && e.Error.Code != nil:
				t.Errorf("code %q; want null", *e.Error.Code)
			case tt.code != "" && (e.Error.Code == nil || *e.Error.Code != tt.code):
				t.Errorf("code %v; want %q", e.Error.Code, tt.code)
			}
			if !strings.Contains(e.Error.Message, tt.contains) {
				t.Errorf("message %q; want it to mention %q", e.Error.Message, tt.contains)
			}
		})
	}
}

func mustRead(t *testing.T, resp *http.Response) []byte {
	t.Helper()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func TestAPIKey(t *testing.T) {
	const key = "sk-test-0123456789"
	q := testQuestions(t)[0]
	req := judgeRequest(q, nil, 1)
	tests := []struct {
		name   string
		key    string // the server's
		auth   func(http.Header)
		status int
	}{
		{"no key needed", "", nil, 200},
		{"no key needed, one sent", "", bearer("anything"), 200},
		{"key missing", key, nil, 401},
		{"key wrong", key, bearer("sk-wrong-key"), 401},
		{"key not bearer", key, func(h http.Header) { h.Set("Authorization", "Basic "+key) }, 401},
		{"key right", key, bearer(key), 200},
		// The scheme's name is case-insensitive.
		{"key right, scheme in lower case", key, func(h http.Header) { h.Set("Authorization", "bearer "+key) }, 200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, ts := start(t, Options{APIKey: tt.key})
			header := withRequest(t, req)
			if tt.auth != nil {
				header = both(header, tt.auth)
			}
			for _, path := range []string{chatPath, modelsPath} {
				var resp *http.Response
				var data []byte
				var err error
				if path == chatPath {
					resp, data, err = post(t, nil, ts.URL, body("judge", req, nil), header)
				} else {
					resp, data, err = get(t, ts.URL+path, header)
				}
				if err != nil {
					t.Fatal(err)
				}
				if resp.StatusCode != tt.status {
					t.Fatalf("%s: status %d (%s); want %d", path, resp.StatusCode, data, tt.status)
				}
				if tt.status == 401 {
					e := decodeError(t, data)
					if e.Error.Code == nil || *e.Error.Code != "invalid_api_key" || e.Error.Type != typeInvalidRequest {
						t.Errorf("%s: error %s; want invalid_request_error, invalid_api_key", path, data)
					}
					if strings.Contains(string(data), key) || strings.Contains(string(data), "sk-wrong") {
						t.Errorf("%s: error %s echoes a key", path, data)
					}
				}
			}
			wantRejected := int64(0)
			if tt.status == 401 {
				wantRejected = 1
			}
			if got := s.Stats(); got.Requests != 1 || got.Rejected != wantRejected {
				t.Errorf("stats %+v; want 1 request, %d rejected", got, wantRejected)
			}
		})
	}
}

func get(t *testing.T, url string, header func(http.Header)) (*http.Response, []byte, error) {
	t.Helper()
	hr, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	if header != nil {
		header(hr.Header)
	}
	resp, err := http.DefaultClient.Do(hr)
	if err != nil {
		return nil, nil, err
	}
	defer resp.Body.Close()
	return resp, mustRead(t, resp), nil
}

func TestModels(t *testing.T) {
	_, ts := start(t, Options{})
	resp, data, err := get(t, ts.URL+modelsPath, nil)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != 200 {
		t.Fatalf("status %d; want 200", resp.StatusCode)
	}
	var list modelList
	if err := json.Unmarshal(data, &list); err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, m := range list.Data {
		names = append(names, m.ID)
		if m.Object != "model" || m.OwnedBy != "moot-sim" || m.Created != 0 {
			t.Errorf("model %+v; want object model, owned by moot-sim, created 0", m)
		}
	}
	if list.Object != "list" || strings.Join(names, ",") != "debater,judge,sim" {
		t.Errorf("models %s; want a list of debater, judge, sim", data)
	}
	resp, data, err = get(t, ts.URL+modelsPath+"/judge", nil)
	if err != nil {
		t.Fatal(err)
	}
	var m model
	if err := json.Unmarshal(data, &m); resp.StatusCode != 200 || err != nil || m.ID != "judge" {
		t.Errorf("GET %s/judge: status %d, %s; want the judge model", modelsPath, resp.StatusCode, data)
	}
}

// TestConcurrent plays 50 requests at once; run with -race.
func TestConcurrent(t *testing.T) {
	s, ts := start(t, Options{})
	qs := testQuestions(t)
	const n = 50
	type job struct {
		model string
		req   agents.Request
	}
	jobs := make([]job, n)
	for i := range jobs {
		q := qs[i%len(qs)]
		if i%2 == 0 {
			jobs[i] = job{"judge", judgeRequest(q, debate(t, q, uint64(i)), uint64(i))}
		} else {
			jobs[i] = job{"debater", debaterRequest(q, i%4/2, 1, nil, uint64(i))}
		}
	}
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for _, j := range jobs {
		header := withRequest(t, j.req)
		want := generate(t, testModels()[j.model], j.req)
		wg.Go(func() {
			_, data, err := post(t, nil, ts.URL, body(j.model, j.req, nil), header)
			if err != nil {
				errs <- err
				return
			}
			var c completion
			if err := json.Unmarshal(data, &c); err != nil || len(c.Choices) != 1 {
				errs <- fmt.Errorf("answer %s: %v", data, err)
				return
			}
			if c.Choices[0].Message.Content != want.Text {
				errs <- fmt.Errorf("seed %d: content %q; want %q", j.req.Seed, c.Choices[0].Message.Content, want.Text)
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if got := s.Stats(); got != (Stats{Requests: n, Answers: n}) {
		t.Errorf("stats %+v; want %d requests and answers", got, n)
	}
}

func TestNewPanics(t *testing.T) {
	tests := map[string]func(){
		"nil agent":  func() { New(map[string]agents.Agent{"x": nil}, Options{}) },
		"empty name": func() { New(map[string]agents.Agent{"": sim.New(sim.DefaultSettings())}, Options{}) },
		"bad faults": func() { New(nil, Options{Faults: Faults{Drop: 2}}) },
	}
	for name, f := range tests {
		t.Run(name, func(t *testing.T) {
			defer func() {
				if recover() == nil {
					t.Errorf("New with a %s did not panic", name)
				}
			}()
			f()
		})
	}
}
