package openai

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/mootlab/moot/agents"
	"github.com/mootlab/moot/simserver"
	"github.com/mootlab/moot/transcript"
)

// answerA answers every request "Answer: A", as a sim server's model.
type answerA struct{}

func (answerA) Generate(context.Context, agents.Request) (agents.Response, error) {
	return agents.Response{Text: "Answer: A"}, nil
}

// headerCounter counts the chat calls that reach h with and without the
// request header.
type headerCounter struct {
	h             http.Handler
	mu            sync.Mutex
	with, without int
}

func (c *headerCounter) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if strings.HasSuffix(r.URL.Path, "/chat/completions") {
		c.mu.Lock()
		if r.Header.Get(agents.RequestHeader) != "" {
			c.with++
		} else {
			c.without++
		}
		c.mu.Unlock()
	}
	c.h.ServeHTTP(w, r)
}

// TestRequestHeaderGoesToTheSimServer: with send_request_header unset,
// the request header goes to the sim server alone — known by the
// preflight's model list, or without one, by its refusal of the first
// call, which is asked again with the header and counts no retry — and
// never to another server, which a proxy in front of it may refuse.
func TestRequestHeaderGoesToTheSimServer(t *testing.T) {
	for _, preflight := range []bool{true, false} {
		t.Run(fmt.Sprintf("preflight %v", preflight), func(t *testing.T) {
			count := &headerCounter{h: simserver.New(map[string]agents.Agent{"m": answerA{}}, simserver.Options{})}
			c, _ := client(t, serve(t, count)+"/v1", func(s *Settings) { s.SendRequestHeader = nil })
			if preflight {
				if err := c.Check(context.Background()); err != nil {
					t.Fatal(err)
				}
			}
			for range 3 {
				resp, err := c.Generate(context.Background(), request(transcript.RoleJudge))
				if err != nil || resp.Text != "Answer: A" || resp.Retries != 0 {
					t.Fatalf("got %+v, %v; want the sim server's answer, no retry", resp, err)
				}
			}
			want := 0
			if !preflight {
				want = 1 // the first call, refused
			}
			if count.with != 3 || count.without != want {
				t.Errorf("%d calls with the header, %d without; want 3 and %d", count.with, count.without, want)
			}
		})
	}
	f, base := newFake(t, ok("Answer: B"))
	c, _ := client(t, base, func(s *Settings) { s.SendRequestHeader = nil })
	if _, err := c.Generate(context.Background(), request(transcript.RoleJudge)); err != nil {
		t.Fatal(err)
	}
	if h := f.headers[0].Get(agents.RequestHeader); h != "" {
		t.Error("another server was sent the request header")
	}
}

// TestRefusalWithTheHeaderEnds: a server that refuses for want of the
// header a call that had it (a proxy that strips it) fails the call; it
// is not asked again and again.
func TestRefusalWithTheHeaderEnds(t *testing.T) {
	refuse := func(w http.ResponseWriter) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusBadRequest)
		fmt.Fprintf(w, `{"error":{"message":"no header","type":"invalid_request_error","code":%q}}`, agents.NoRequestHeader)
	}
	f, base := newFake(t, refuse)
	c, _ := client(t, base, func(s *Settings) { s.SendRequestHeader = nil })
	if _, err := c.Generate(context.Background(), request(transcript.RoleJudge)); err == nil || f.calls != 2 {
		t.Errorf("got %v after %d calls; want the refusal after 2 (without the header, then with it)", err, f.calls)
	}
}

// TestProxyPageIsNamed: an error whose body is a proxy's HTML page, not
// an API error, names what the page says.
func TestProxyPageIsNamed(t *testing.T) {
	page := func(w http.ResponseWriter) {
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(http.StatusBadRequest)
		fmt.Fprint(w, "<html>\r\n<head><title>400 Request Header Or Cookie Too Large</title></head>\r\n<body>\r\n<center><h1>400 Bad Request</h1></center>\r\n</body>\r\n</html>\r\n")
	}
	_, base := newFake(t, page)
	c, _ := client(t, base, nil)
	_, err := c.Generate(context.Background(), request(transcript.RoleJudge))
	if err == nil || !strings.Contains(err.Error(), "HTTP 400: 400 Request Header Or Cookie Too Large") {
		t.Errorf("got %v; want the page's title after the status", err)
	}
}
