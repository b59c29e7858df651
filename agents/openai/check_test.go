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
