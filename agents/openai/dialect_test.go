package openai

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/mootlab/moot/transcript"
)

// reply answers with status, content type and body, and the headers
// given in pairs.
func reply(status int, contentType, body string, headers ...string) func(http.ResponseWriter) {
	return func(w http.ResponseWriter) {
		for i := 0; i+1 < len(headers); i += 2 {
			w.Header().Set(headers[i], headers[i+1])
		}
		w.Header().Set("Content-Type", contentType)
		w.WriteHeader(status)
		fmt.Fprint(w, body)
	}
}

// choice is a completion of one choice, its message and finish reason
// given as JSON, with usage (JSON, "" for none).
func choice(message, finish, usage string) func(http.ResponseWriter) {
	body := `{"choices":[{"message":` + message + finish + `}]` + usage + `}`
	return reply(http.StatusOK, "application/json", body)
}

// TestDialects pins what moot does with each way of OpenAI-compatible
// servers that docs/llm-endpoints.md's table of dialects lists: an answer
// (its text, truncated or not, usage estimated or not), or a failure
// after so many attempts whose error says what it must.
func TestDialects(t *testing.T) {
	const (
		j       = "application/json"
		counted = `,"usage":{"prompt_tokens":10,"completion_tokens":3}`
		stop    = `,"finish_reason":"stop"`
	)
	msg := func(content string) string { return `{"role":"assistant","content":` + content + `}` }
	tests := []struct {
		name      string
		answer    func(http.ResponseWriter)
		text      string // the answer's text, "" where the call fails
		truncated bool
		estimated bool
		calls     int    // attempts made
		err       string // in the error of a call that fails
	}{
		{"usage null", choice(msg(`"Answer: A"`), stop, `,"usage":null`), "Answer: A", false, true, 1, ""},
		{"usage of total_tokens alone", choice(msg(`"Answer: A"`), stop, `,"usage":{"total_tokens":40}`), "Answer: A", false, true, 1, ""},
		{"details null", choice(msg(`"Answer: A"`), stop, `,"usage":{"prompt_tokens":10,"completion_tokens":3,"prompt_tokens_details":null,"completion_tokens_details":null}`), "Answer: A", false, false, 1, ""},
		{"no id, another model, fields unknown", reply(200, j, `{"model":"other","system_fingerprint":null,"kv_transfer_params":null,"choices":[{"message":{"role":"assistant","content":"Answer: B","tool_calls":[]},"logprobs":null,"finish_reason":"stop","stop_reason":null}]`+counted+`}`), "Answer: B", false, false, 1, ""},
		{"text in reasoning_content alone", choice(`{"role":"assistant","content":null,"reasoning_content":"Answer: A"}`, stop, counted), "", false, false, 7, `9 characters in "reasoning_content"`},
		{"<think> before the answer", choice(msg(`"<think>Answer: A?</think>\n\nAnswer: B"`), stop, counted), "Answer: B", false, false, 1, ""},
		{"content in parts", choice(msg(`[{"type":"text","text":"Answer: A"}]`), stop, counted), "Answer: A", false, false, 1, ""},
		{"length", choice(msg(`"Answer: A is"`), `,"finish_reason":"length"`, counted), "Answer: A is", true, false, 1, ""},
		{"model_length", choice(msg(`"Answer: A is"`), `,"finish_reason":"model_length"`, counted), "Answer: A is", true, false, 1, ""},
		{"error", choice(msg(`"Answer:"`), `,"finish_reason":"error"`, counted), "", false, false, 7, `finish_reason "error"`},
		{"no finish_reason", choice(msg(`"Answer: A"`), "", counted), "Answer: A", false, false, 1, ""},
		{"finish_reason null", choice(msg(`"Answer: A"`), `,"finish_reason":null`, counted), "Answer: A", false, false, 1, ""},
		{"finish_reason eos", choice(msg(`"Answer: A"`), `,"finish_reason":"eos"`, counted), "Answer: A", false, false, 1, ""},
		{"choices empty", reply(200, j, `{"choices":[]}`), "", false, false, 7, "no choices in the answer"},
		{"500 as text", reply(500, "text/plain", "Internal Server Error"), "", false, false, 7, "HTTP 500: Internal Server Error"},
		{"502 page of a proxy", reply(502, "text/html", "<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1><hr>nginx</body></html>"), "", false, false, 7, "HTTP 502: 502 Bad Gateway 502 Bad Gateway nginx"},
		{"FastAPI's detail", reply(400, j, `{"detail":"Unsupported parameter: top_k"}`), "", false, false, 1, `HTTP 400: {"detail":"Unsupported parameter: top_k"}`},
		{"error a text", reply(400, j, `{"error":"Input validation error: inputs too long"}`), "", false, false, 1, "HTTP 400: Input validation error: inputs too long"},
		{"429 with Retry-After past 2 minutes", reply(429, j, `{"error":{"message":"slow down"}}`, "Retry-After", "Wed, 21 Oct 2099 07:28:00 GMT"), "", false, false, 1, "longer than moot waits"},
		{"TGI's 424 of a generation that failed", reply(424, j, `{"error":"Request failed during generation: Server error: CUDA out of memory","error_type":"generation"}`), "", false, false, 7, "HTTP 424: Request failed during generation"},
		{"503 while loading", reply(503, j, `{"error":"Model is currently loading","estimated_time":20.0}`), "", false, false, 7, "HTTP 503: Model is currently loading"},
		{"seed refused", reply(400, j, `{"error":{"message":"Unsupported parameter: 'seed' is not supported with this model.","param":"seed"}}`), "", false, false, 1, "send_seed: false"},
		{"200 of a web page", reply(200, "text/html", "<html><body>Sign in</body></html>"), "", false, false, 1, "not JSON (text/html): Sign in"},
		{"server-sent events", reply(200, "text/event-stream", "data: {}\n\ndata: [DONE]\n\n"), "", false, false, 1, "the server streams its answers though moot asks for none"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f, base := newFake(t, tc.answer)
			c, _ := client(t, base, nil)
			resp, err := c.Generate(context.Background(), request(transcript.RoleJudge))
			switch {
			case f.calls != tc.calls:
				t.Errorf("%d attempts; want %d (error %v)", f.calls, tc.calls, err)
			case tc.err == "" && err != nil:
				t.Errorf("failed: %v; want %q", err, tc.text)
			case tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err)):
				t.Errorf("error %v; want it to say %q", err, tc.err)
			case resp.Text != tc.text || resp.Truncated != tc.truncated || resp.Usage.Estimated != tc.estimated:
				t.Errorf("%q, truncated %v, usage %+v; want %q, truncated %v, estimated %v", resp.Text, resp.Truncated, resp.Usage, tc.text, tc.truncated, tc.estimated)
			}
		})
	}
}

// TestDialectsWithoutText: the finish reasons of the table that leave no
// text are not retried: the same request meets the limit or the filter
// again. A content filter's was retried 7 times, as an empty answer.
func TestDialectsWithoutText(t *testing.T) {
	for finish, calls := range map[string]int{"length": 1, "model_length": 1, "content_filter": 1} {
		f, base := newFake(t, choice(`{"role":"assistant","content":null}`, `,"finish_reason":"`+finish+`"`, `,"usage":{"prompt_tokens":10,"completion_tokens":3}`))
		c, _ := client(t, base, nil)
		if _, err := c.Generate(context.Background(), request(transcript.RoleJudge)); err == nil || f.calls != calls || !strings.Contains(err.Error(), finish) {
			t.Errorf("%s without text: %v after %d attempts; want a failure after %d", finish, err, f.calls, calls)
		}
	}
}
