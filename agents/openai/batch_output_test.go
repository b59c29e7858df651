package openai

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/mootlab/moot/batch"
)

// TestBatchOutputKeepsWhatItCanRead: an output file with a line that is
// not a batch result — cut short where the provider wrote a partial file
// — is read but for that line, whose request, unanswered, goes again on
// its own (named by its line where the cut left its custom id); and an answer is not undone by a later line of the same
// request's failure (a file with lines duplicated), nor by a later line of
// it cut short. Before, one bad line
// failed the reading of the whole file, read again 8 times over half an
// hour, and then every request of the batch was sent again: each answer
// the batch held was paid twice.
func TestBatchOutputKeepsWhatItCanRead(t *testing.T) {
	ok := `{"id":"x","object":"chat.completion","created":1,"model":"m","choices":[{"index":0,"message":{"role":"assistant","content":"Answer: A"},"finish_reason":"stop"}],"usage":{"prompt_tokens":3,"completion_tokens":2,"total_tokens":5}}`
	file := strings.Join([]string{
		`{"custom_id":"a","response":{"status_code":200,"body":` + ok + `}}`,
		`{"custom_id":"c","response":{"status_code":200,"body":` + ok + `}}`,
		`{"custom_id":"a","response":{"status_code":500,"body":{"error":{"message":"boom"}}}}`,
		`{"custom_id":"b","response":{"status_code":200,"bo`,
		`{"custom_id":"d","response":{"status_code":200,"body":` + ok + `}}`,
		`{"custom_id":"c","response":{"status_co`,
	}, "\n") + "\n"
	root := serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.HasSuffix(r.URL.Path, "/content") {
			http.NotFound(w, r)
			return
		}
		io.WriteString(w, file)
	}))
	c, err := New(Settings{BaseURL: URLs{root + "/v1"}, Model: "m", Concurrency: 1, Timeout: 1e9, Backoff: 1e6, SendRequestHeader: new(bool)})
	if err != nil {
		t.Fatal(err)
	}
	api, _, _ := c.Batching()
	res, err := api.Results(context.Background(), batch.Status{State: "completed", Ended: true, OutputFile: "file-out"})
	if err != nil {
		t.Fatalf("reading an output file with one line cut short: %v; want the other lines' results", err)
	}
	for _, id := range []string{"a", "c", "d"} {
		if r, found := res[id]; !found || r.Err != nil || r.Response.Text != "Answer: A" {
			t.Errorf("request %s: %+v (found %v); want its answer", id, r, found)
		}
	}
	if r := res["b"]; r.Err == nil || !r.Retry || !strings.Contains(r.Err.Error(), "line 4 is not a batch result") {
		t.Errorf("request b, its line cut short: %+v; want an error that names its line, to send it again", r)
	}
}
