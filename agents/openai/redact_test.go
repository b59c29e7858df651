package openai

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/mootlab/moot/agents"
)

// TestKeyStruckFromErrors: a server that echoes the request's
// Authorization header in its error message does not get the API key
// into moot's errors, which reach the terminal and the transcripts; the
// errors still say what the server said, and keep their kind.
func TestKeyStruckFromErrors(t *testing.T) {
	const key = "sk-test-SECRET-0123456789"
	t.Setenv("MOOT_TEST_ECHO_KEY", key)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusBadRequest)
		fmt.Fprintf(w, `{"error":{"message":"bad request with header %s","type":"invalid_request_error"}}`, r.Header.Get("Authorization"))
	}))
	defer srv.Close()
	c, err := New(Settings{BaseURL: URLs{srv.URL + "/v1"}, Model: "m", APIKeyEnv: "MOOT_TEST_ECHO_KEY", Concurrency: 1, Timeout: time.Second, Backoff: time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	_, genErr := c.Generate(context.Background(), agents.Request{})
	for what, err := range map[string]error{"Generate": genErr, "Check": c.Check(context.Background())} {
		if err == nil {
			t.Fatalf("%s: no error; want the server's 400", what)
		}
		if msg := err.Error(); strings.Contains(msg, key) || !strings.Contains(msg, "Bearer [api key redacted]") {
			t.Errorf("%s: %q; want the server's message with the key struck out", what, msg)
		}
	}
	var r agents.Retrier
	if !errors.As(genErr, &r) {
		t.Errorf("Generate: %v is no longer an agents.Retrier", genErr)
	}
}
