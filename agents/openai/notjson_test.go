package openai

import (
	"context"
	"fmt"
	"net/http"
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
	want := "HTTP 200 with a body that is not JSON (text/html; charset=utf-8): Sign in to the proxy of the lab (after 3 attempts)"
	if err == nil || !strings.Contains(err.Error(), want) || strings.Contains(err.Error(), "destination type") {
		t.Errorf("error %v; want it to say %q", err, want)
	}
	if f.calls != 3 {
		t.Errorf("%d calls; want 3 (retried as a malformed answer)", f.calls)
	}

	f, base = newFake(t, plain("", ""), ok("Answer: A"))
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

// nopHeader is a ResponseWriter whose headers are set already: the
// writer it wraps keeps its content type.
type nopHeader struct{ http.ResponseWriter }

func (nopHeader) Header() http.Header { return http.Header{} }
