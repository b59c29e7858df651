package openai

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/mootlab/moot/transcript"
)

// plain answers 200 with body as contentType.
func plain(contentType, body string) func(http.ResponseWriter) {
	return func(w http.ResponseWriter) {
		w.Header().Set("Content-Type", contentType)
		fmt.Fprint(w, body)
	}
}

// TestAnAnswerThatIsNotJSON: a 200 whose body is not JSON (a proxy's
// sign-in page) fails with what the server sent, not the SDK's words
// about content types; it is retried, and the retry that gets JSON
// answers. A JSON type with parameters is JSON.
func TestAnAnswerThatIsNotJSON(t *testing.T) {
	page := "<html><body><h1>Sign in</h1> to the proxy of the lab</body></html>"
	f, base := newFake(t, plain("text/html; charset=utf-8", page))
	c, _ := client(t, base, func(s *Settings) { s.MaxRetries = 2 })
	_, err := c.Generate(context.Background(), request(transcript.RoleJudge))
	want := "HTTP 200 with a body that is not JSON (text/html; charset=utf-8): Sign in to the proxy of the lab (after 1 attempt)"
	if err == nil || !strings.Contains(err.Error(), want) || strings.Contains(err.Error(), "destination type") {
		t.Errorf("error %v; want it to say %q", err, want)
	}
	if f.calls != 1 {
		t.Errorf("%d calls; want 1 (a page says the same at every attempt)", f.calls)
	}
	f, base = newFake(t, plain("application/xhtml+xml", page))
	c, _ = client(t, base, func(s *Settings) { s.MaxRetries = 2 })
	if _, err := c.Generate(context.Background(), request(transcript.RoleJudge)); err == nil || f.calls != 1 {
		t.Errorf("an XHTML page: %v after %d calls; want a failure after 1 (a page says the same at every attempt)", err, f.calls)
	}

	_, base = newFake(t, plain("", ""), ok("Answer: A"))
	c, _ = client(t, base, nil)
	if resp, err := c.Generate(context.Background(), request(transcript.RoleJudge)); err != nil || resp.Text != "Answer: A" || resp.Retries != 1 {
		t.Errorf("an empty untyped answer, then JSON: %+v, %v; want the second answer, one retry", resp, err)
	}
	_, base = newFake(t, plain("", ""))
	c, _ = client(t, base, func(s *Settings) { s.MaxRetries = 0 })
	if _, err := c.Generate(context.Background(), request(transcript.RoleJudge)); err == nil || !strings.Contains(err.Error(), "HTTP 200 with a body that is not JSON (no content type): (empty)") {
		t.Errorf("an empty untyped answer: %v", err)
	}

	_, base = newFake(t, func(w http.ResponseWriter) {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		ok("Answer: B")(nopHeader{w})
	})
	c, _ = client(t, base, nil)
	if resp, err := c.Generate(context.Background(), request(transcript.RoleJudge)); err != nil || resp.Text != "Answer: B" {
		t.Errorf("application/json; charset=utf-8: %+v, %v; want it read", resp, err)
	}
}

// TestJSONOfAnotherContentType: a completion sent as JSON under another
// content type (a wrapper written with Flask's default text/html), or
// none, is read; it failed every attempt as "a body that is not JSON",
// quoting the JSON. A body that is not JSON still fails so.
func TestJSONOfAnotherContentType(t *testing.T) {
	completion := `{"id":"x","object":"chat.completion","created":1,"model":"m","choices":[{"index":0,"message":{"role":"assistant","content":"Answer: B"},"finish_reason":"stop"}],"usage":{"prompt_tokens":11,"completion_tokens":7,"total_tokens":18}}`
	for _, ct := range []string{"text/html; charset=utf-8", "text/plain", ""} {
		f, base := newFake(t, plain(ct, completion))
		c, _ := client(t, base, func(s *Settings) { s.MaxRetries = 0 })
		resp, err := c.Generate(context.Background(), request(transcript.RoleJudge))
		if err != nil || resp.Text != "Answer: B" || resp.Usage.InputTokens != 11 || f.calls != 1 {
			t.Errorf("JSON as %q: %+v, %v after %d calls; want it read", ct, resp, err, f.calls)
		}
	}
	_, base := newFake(t, plain("text/plain", "{not json"))
	c, _ := client(t, base, func(s *Settings) { s.MaxRetries = 0 })
	if _, err := c.Generate(context.Background(), request(transcript.RoleJudge)); err == nil || !strings.Contains(err.Error(), "HTTP 200 with a body that is not JSON (text/plain): {not json") {
		t.Errorf("a body that is not JSON: %v", err)
	}
}

// nopHeader is a ResponseWriter whose headers are set already: the
// writer it wraps keeps its content type.
type nopHeader struct{ http.ResponseWriter }

func (nopHeader) Header() http.Header { return http.Header{} }

// stringError answers code with an error body whose "error" is a string,
// as Hugging Face's TGI and Inference Endpoints write one.
func stringError(code int, msg string) func(http.ResponseWriter) {
	return func(w http.ResponseWriter) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(code)
		fmt.Fprintf(w, `{"error":%q,"error_type":"validation"}`, msg)
	}
}

// TestAnErrorWhoseErrorIsAString: an error body {"error": "…"} is an API
// error with its status and the server's message — a 422 not retried, a
// 503 retried — and a check's 401 says the key was refused; the SDK had
// lost the status, and retried every one as a malformed answer.
func TestAnErrorWhoseErrorIsAString(t *testing.T) {
	f, base := newFake(t, stringError(422, "Input validation error: `inputs` tokens + `max_new_tokens` must be <= 4096"), ok("hi"))
	c, _ := client(t, base, func(s *Settings) { s.MaxRetries = 3 })
	_, err := c.Generate(context.Background(), request(transcript.RoleJudge))
	if err == nil || !strings.Contains(err.Error(), "HTTP 422") || !strings.Contains(err.Error(), "Input validation error") || f.calls != 1 {
		t.Errorf("a 422: %v after %d calls; want its status and message, not retried", err, f.calls)
	}

	f, base = newFake(t, stringError(503, "Model is overloaded"), ok("hi"))
	c, _ = client(t, base, func(s *Settings) { s.MaxRetries = 3 })
	if resp, err := c.Generate(context.Background(), request(transcript.RoleJudge)); err != nil || resp.Text != "hi" || f.calls != 2 {
		t.Errorf("a 503, then an answer: %+v, %v after %d calls; want the answer after one retry", resp, err, f.calls)
	}

	// Where "error" names the status, the message beside it is the one.
	_, base = newFake(t, func(w http.ResponseWriter) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(404)
		fmt.Fprint(w, `{"status":404,"error":"Not Found","message":"No model named m on this server"}`)
	})
	c, _ = client(t, base, nil)
	if _, err := c.Generate(context.Background(), request(transcript.RoleJudge)); err == nil || !strings.Contains(err.Error(), "No model named m on this server") {
		t.Errorf("a Spring-style 404: %v; want the message beside the error", err)
	}
	// A message that says what the error does is said once.
	_, base = newFake(t, func(w http.ResponseWriter) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(404)
		fmt.Fprint(w, `{"error":"Not Found","message":"Not Found"}`)
	})
	c, _ = client(t, base, nil)
	if _, err := c.Generate(context.Background(), request(transcript.RoleJudge)); err == nil || !strings.Contains(err.Error(), "HTTP 404: Not Found") || strings.Contains(err.Error(), "Not Found: Not Found") {
		t.Errorf("a 404 whose message is its error: %v; want it said once", err)
	}

	// vLLM's error: its message at the top, no "error"; the error quoted
	// the whole body.
	f, base = newFake(t, func(w http.ResponseWriter) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(400)
		fmt.Fprint(w, `{"object":"error","message":"This model's maximum context length is 4096 tokens.","type":"BadRequestError","param":null,"code":400}`)
	})
	c, _ = client(t, base, nil)
	if _, err := c.Generate(context.Background(), request(transcript.RoleJudge)); err == nil || !strings.Contains(err.Error(), "HTTP 400: This model's maximum context length is 4096 tokens. (after 1 attempt)") || f.calls != 1 {
		t.Errorf("vLLM's 400: %v after %d calls; want its message alone, not retried", err, f.calls)
	}

	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		stringError(401, "Authorization header is correct, but the token seems invalid")(w)
	}))
	t.Cleanup(srv.Close)
	c, _ = client(t, srv.URL+"/v1", nil)
	if err := c.Check(context.Background()); err == nil || !strings.Contains(err.Error(), "401") || !strings.Contains(err.Error(), "the token seems invalid") {
		t.Errorf("a check's 401: %v; want its status and message", err)
	}
}
