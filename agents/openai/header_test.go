package openai

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/mootlab/moot/agents"
	"github.com/mootlab/moot/batch"
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
	_, err := c.Generate(context.Background(), request(transcript.RoleJudge))
	if err == nil || f.calls != 2 {
		t.Fatalf("got %v after %d calls; want the refusal after 2 (without the header, then with it)", err, f.calls)
	}
	if !strings.Contains(err.Error(), "after 1 attempt, and once more with moot's request header, which the server asked for") {
		t.Errorf("got %v; want it to say the call was sent again with the header", err)
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

// TestOneAgentTeachesTheEndpoint: what one agent learns of a server — the
// sim server, by its preflight — holds for every agent that calls it, so
// that a second agent's first call carries the header too.
func TestOneAgentTeachesTheEndpoint(t *testing.T) {
	count := &headerCounter{h: simserver.New(map[string]agents.Agent{"m": answerA{}}, simserver.Options{})}
	base := serve(t, count) + "/v1"
	first, _ := client(t, base, func(s *Settings) { s.SendRequestHeader = nil })
	if err := first.Check(context.Background()); err != nil {
		t.Fatal(err)
	}
	temp := 0.5
	second, _ := client(t, base, func(s *Settings) { s.SendRequestHeader, s.Temperature = nil, &temp })
	if _, err := second.Generate(context.Background(), request(transcript.RoleJudge)); err != nil {
		t.Fatal(err)
	}
	if count.with != 1 || count.without != 0 {
		t.Errorf("the second agent's call: %d with the header, %d without; want it with", count.with, count.without)
	}
}

// TestBatchLearnsFromARefusedLine: a batch whose lines went without the
// request (the probe failed) and came back refused by the sim server marks
// the endpoint the sim server and sends them again, no failure counted
// (batch.Result.Again); its next lines carry the request.
func TestBatchLearnsFromARefusedLine(t *testing.T) {
	refused := fmt.Sprintf(`{"custom_id":"k1","response":{"status_code":400,"body":{"error":{"message":"serve-sim needs moot's %s header","code":%q}}}}`, agents.RequestHeader, agents.NoRequestHeader)
	root := serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case strings.HasSuffix(r.URL.Path, "/file-out/content"):
			fmt.Fprintln(w, refused)
		case strings.HasSuffix(r.URL.Path, "/file-earlier/content"):
			// A line an earlier process wrote, refused; one answered.
			fmt.Fprintln(w, strings.Replace(refused, `"k1"`, `"k2"`, 1))
			fmt.Fprintln(w, `{"custom_id":"k1","response":{"status_code":200,"body":{"id":"x","object":"chat.completion","model":"m","choices":[{"index":0,"finish_reason":"stop","message":{"role":"assistant","content":"Answer: A"}}],"usage":{"prompt_tokens":1,"completion_tokens":1,"total_tokens":2}}}}`)
		default: // the probe for the model fails
			w.WriteHeader(http.StatusServiceUnavailable)
		}
	}))
	c, _ := client(t, root+"/v1", func(s *Settings) { s.SendRequestHeader = nil })
	api := batchAPI{c: c, r: c.replicas[0]}
	req := agents.Request{Role: transcript.RoleJudge, Messages: []transcript.ChatMessage{{Role: "user", Content: "u"}}}
	if line, err := api.Line("k1", req); err != nil || strings.Contains(string(line), "moot_request") {
		t.Fatalf("line %s, %v; want none of moot's request where the probe failed", line, err)
	}
	read := func() batch.Result {
		t.Helper()
		out := map[string]batch.Result{}
		if err := api.read(context.Background(), "file-out", out); err != nil {
			t.Fatal(err)
		}
		return out["k1"]
	}
	// Read twice (a result file read again when the next one failed):
	// each time a line sent again, no failure counted.
	for range 2 {
		if r := read(); r.Err == nil || !r.Again {
			t.Errorf("the refused line's result %+v; want an error sent again, no failure counted", r)
		}
	}
	if line, err := api.Line("k1", req); err != nil || !strings.Contains(string(line), "moot_request") {
		t.Errorf("line %s, %v after the refusal; want moot's request", line, err)
	}
	// Refused again though it had the request (a proxy strips it): a
	// failure that may pass, counted, not Again for ever.
	if r := read(); r.Again || !r.Retry {
		t.Errorf("a line refused though it had the request: %+v; want it sent again as a failure", r)
	}
	// A line this client never wrote (an earlier process's) is sent again
	// uncounted, as its next sending is this client's; a line answered is
	// forgotten, so that the set holds the lines in flight alone.
	out := map[string]batch.Result{}
	if err := api.read(context.Background(), "file-earlier", out); err != nil {
		t.Fatal(err)
	}
	if r := out["k2"]; !r.Again {
		t.Errorf("an earlier process's refused line: %+v; want it sent again, no failure counted", r)
	}
	if r := out["k1"]; r.Err != nil || len(c.bare.ids) != 0 {
		t.Errorf("answered line %+v; lines kept %v; want an answer and none kept", r, c.bare.ids)
	}
}
