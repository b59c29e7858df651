package openai

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestCheckQuotesTheBody: a server whose error has no message (FastAPI's
// 422, {"detail": […]}, naming the parameter it refused) is quoted by its
// body, as a call's error quotes it; the preflight said only "HTTP 422:
// Unprocessable Entity".
func TestCheckQuotesTheBody(t *testing.T) {
	const detail = `{"detail":[{"type":"extra_forbidden","loc":["body","max_tokens"],"msg":"Extra inputs are not permitted"}]}`
	root := serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if r.URL.Path == "/v1/models" {
			w.WriteHeader(http.StatusNotFound)
			return
		}
		w.WriteHeader(http.StatusUnprocessableEntity)
		fmt.Fprint(w, detail)
	}))
	c, err := New(Settings{BaseURL: URLs{root + "/v1"}, Model: "m", Concurrency: 1, Timeout: time.Second, Backoff: time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	want := "POST /chat/completions: HTTP 422: " + detail
	if err := c.Check(context.Background()); err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("Check = %v; want %q", err, want)
	}
}

// TestCheckReadsAListThatIsAnArray: a model list sent as a bare JSON
// array of models, as Together's API sends it, is read as OpenAI's
// {"object": "list", "data": […]}: the preflight passes where it names
// the model, and names what it lists where not. Before, it failed every
// run against such a server, exit 2: "GET /models: not an
// OpenAI-compatible answer: … cannot unmarshal array".
func TestCheckReadsAListThatIsAnArray(t *testing.T) {
	completions := 0
	root := serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/v1/models" {
			w.Header().Set("Content-Type", "application/json")
			fmt.Fprint(w, `[{"id":"meta-llama/Llama-3-70b-chat-hf","object":"model","created":1,"type":"chat"},{"id":"served","object":"model","created":1,"type":"chat"}]`)
			return
		}
		completions++
		jsonStatus(http.StatusNotFound, `{"error":{"message":"Unable to access model other"}}`)(w)
	}))
	for model, want := range map[string]string{"served": "", "other": "it lists meta-llama/Llama-3-70b-chat-hf, served"} {
		c, _ := client(t, root+"/v1", func(s *Settings) { s.Model = model })
		err := c.Check(context.Background())
		if want == "" && err != nil || want != "" && (err == nil || !strings.Contains(err.Error(), want)) {
			t.Errorf("model %s: Check = %v; want %q", model, err, want)
		}
	}
	if completions != 1 {
		t.Errorf("%d completions asked; want 1, of the model not listed", completions)
	}
}

// TestListedNamesTenModels: a preflight's error names the models a server
// lists in name order, ten of them at most and a count of the rest (a
// router lists hundreds), or says it lists none.
func TestListedNamesTenModels(t *testing.T) {
	var ids []string
	for i := 12; i > 0; i-- {
		ids = append(ids, fmt.Sprintf("m%02d", i))
	}
	if got, want := listed(ids), "m01, m02, m03, m04, m05, m06, m07, m08, m09, m10 and 2 more"; got != want {
		t.Errorf("twelve models: %q; want %q", got, want)
	}
	if got := listed(nil); got != "none" {
		t.Errorf("no model: %q; want none", got)
	}
}
