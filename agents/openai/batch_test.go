package openai

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/mootlab/moot/agents"
	"github.com/mootlab/moot/batch"
	"github.com/mootlab/moot/transcript"
)

// TestBatchResults: a batch's result lines read as live answers and
// errors; what may pass on another attempt is marked to retry.
func TestBatchResults(t *testing.T) {
	c, err := New(Settings{BaseURL: URLs{"http://127.0.0.1:1/v1"}, Model: "m", Concurrency: 1, Timeout: 1e9, Backoff: 1e6})
	if err != nil {
		t.Fatal(err)
	}
	ok := `{"id":"x","object":"chat.completion","created":1,"model":"m","choices":[{"index":0,"message":{"role":"assistant","content":"Answer: A"},"finish_reason":"stop"}],"usage":{"prompt_tokens":3,"completion_tokens":2,"total_tokens":5}}`
	for _, c2 := range []struct {
		line  string
		text  string
		retry bool
		fails bool
	}{
		{`{"custom_id":"a","response":{"status_code":200,"body":` + ok + `}}`, "Answer: A", false, false},
		{`{"custom_id":"a","response":{"status_code":200,"body":{"choices":[]}}}`, "", true, true},
		{`{"custom_id":"a","response":{"status_code":500,"body":{"error":{"message":"boom"}}}}`, "", true, true},
		{`{"custom_id":"a","response":{"status_code":429,"body":{}}}`, "", true, true},
		{`{"custom_id":"a","response":{"status_code":400,"body":{"error":{"message":"bad"}}}}`, "", false, true},
		{`{"custom_id":"a","response":null,"error":{"code":"batch_expired","message":"late"}}`, "", true, true},
		// An empty answer cut at the token limit meets it again: not
		// retried, as a live call's is not (errCutBeforeAnswer).
		{`{"custom_id":"a","response":{"status_code":200,"body":{"choices":[{"index":0,"message":{"role":"assistant","content":""},"finish_reason":"length"}]}}}`, "", false, true},
	} {
		var l resultLine
		if err := json.Unmarshal([]byte(c2.line), &l); err != nil {
			t.Fatal(err)
		}
		r := c.result(l)
		if (r.Err != nil) != c2.fails || r.Retry != c2.retry || r.Response.Text != c2.text {
			t.Errorf("%s: got %+v; want text %q, failed %v, retry %v", c2.line, r, c2.text, c2.fails, c2.retry)
		}
		if !c2.fails && r.Response.Usage != (transcript.Usage{InputTokens: 3, OutputTokens: 2}) {
			t.Errorf("usage %+v; want 3 in, 2 out", r.Response.Usage)
		}
	}
	// An answer that counts its own tokens but not the prompt's is marked
	// estimated, its count kept, so that the batch, which has the prompt,
	// estimates the prompt's (as a live call's are, 8518daf): else it was
	// recorded with 0 input tokens, unpriced.
	var l resultLine
	noPrompt := strings.Replace(ok, `"prompt_tokens":3`, `"prompt_tokens":0`, 1)
	if err := json.Unmarshal([]byte(`{"custom_id":"a","response":{"status_code":200,"body":`+noPrompt+`}}`), &l); err != nil {
		t.Fatal(err)
	}
	if r := c.result(l); r.Err != nil || r.Response.Usage != (transcript.Usage{OutputTokens: 2, Estimated: true}) {
		t.Errorf("prompt_tokens 0 in a batch: got %+v, %v; want 2 out, marked estimated for the batch to count the prompt", r.Response.Usage, r.Err)
	}
}

// TestBatchResultOfARefusedSeed: a batch line the server refused for a
// field moot sends unasked says the setting that stops sending it, as a
// live call's error does (TestARefusedParameterNamesTheSetting), where it
// gave the server's message alone.
func TestBatchResultOfARefusedSeed(t *testing.T) {
	off := false
	for _, tc := range []struct {
		name     string
		sendSeed *bool
		body     string
		want     string
	}{
		{"seed", nil, `{"error":{"message":"Unsupported parameter: 'seed' is not supported with this model.","param":"seed"}}`, "send_seed: false"},
		{"logprobs", nil, `{"error":{"message":"logprobs is not supported for this model","param":"logprobs"}}`, "logprobs: false"},
		{"seed, none sent", &off, `{"error":{"message":"Unsupported parameter: 'seed'","param":"seed"}}`, ""},
	} {
		c, err := New(Settings{BaseURL: URLs{"http://127.0.0.1:1/v1"}, Model: "m", Concurrency: 1, Timeout: 1e9, Backoff: 1e6, Logprobs: true, SendSeed: tc.sendSeed})
		if err != nil {
			t.Fatal(err)
		}
		var l resultLine
		if err := json.Unmarshal([]byte(`{"custom_id":"a","response":{"status_code":400,"body":`+tc.body+`}}`), &l); err != nil {
			t.Fatal(err)
		}
		r := c.result(l)
		switch {
		case r.Err == nil || r.Retry:
			t.Errorf("%s: %+v; want a failure not sent again", tc.name, r)
		case tc.want == "" && strings.Contains(r.Err.Error(), ": false"):
			t.Errorf("%s: %v; want no setting named", tc.name, r.Err)
		case tc.want != "" && !strings.Contains(r.Err.Error(), tc.want):
			t.Errorf("%s: %v; want it to name %s", tc.name, r.Err, tc.want)
		}
	}
}

// TestBatchLine: a line is the live call's body under its custom id, with
// moot's request only when send_request_header is on.
func TestBatchLine(t *testing.T) {
	for _, send := range []bool{true, false} {
		c, err := New(Settings{BaseURL: URLs{"http://127.0.0.1:1/v1"}, Model: "m", Concurrency: 1, Timeout: 1e9, Backoff: 1e6, SendRequestHeader: &send})
		if err != nil {
			t.Fatal(err)
		}
		api, _, on := c.Batching()
		if on {
			t.Error("batch mode on without mode: batch")
		}
		req := agents.Request{Role: transcript.RoleJudge, Name: "judge", Seed: 9,
			Messages: []transcript.ChatMessage{{Role: "system", Content: "s"}, {Role: "user", Content: "u"}}}
		line, err := api.Line("key1", req)
		if err != nil {
			t.Fatal(err)
		}
		var got map[string]json.RawMessage
		if err := json.Unmarshal(line, &got); err != nil {
			t.Fatal(err)
		}
		body, _ := json.Marshal(c.params(req))
		if string(got["custom_id"]) != `"key1"` || string(got["url"]) != `"/v1/chat/completions"` || string(got["body"]) != string(body) {
			t.Errorf("line %s; want custom id key1 and the live body %s", line, body)
		}
		if _, has := got["moot_request"]; has != send || strings.Contains(string(line), "\n") {
			t.Errorf("send_request_header %v: line %s", send, line)
		}
	}
}

// TestBatchGone: a batch the endpoint does not know is batch.ErrGone; other
// errors are not.
func TestBatchGone(t *testing.T) {
	root := serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if strings.HasSuffix(r.URL.Path, "/busy") {
			w.WriteHeader(http.StatusInternalServerError)
		} else {
			w.WriteHeader(http.StatusNotFound)
		}
		io.WriteString(w, `{"error":{"message":"No such Batch object","type":"invalid_request_error"}}`)
	}))
	c, err := New(Settings{BaseURL: URLs{root + "/v1"}, Model: "m", Concurrency: 1, Timeout: 1e9, Backoff: 1e6})
	if err != nil {
		t.Fatal(err)
	}
	api, _, _ := c.Batching()
	if _, err := api.Status(context.Background(), "batch_x"); !errors.Is(err, batch.ErrGone) || !strings.Contains(err.Error(), "No such Batch object") {
		t.Errorf("got %v; want batch.ErrGone with the server's message", err)
	}
	if _, err := api.Status(context.Background(), "busy"); err == nil || errors.Is(err, batch.ErrGone) {
		t.Errorf("got %v for a 500; want an error, not batch.ErrGone", err)
	}
}

// TestNoBatchAPI: a server without /files and /batches is said to have no
// batch API, not to have lost a batch, where it refuses an upload.
func TestNoBatchAPI(t *testing.T) {
	var lists atomic.Bool
	lists.Store(true)
	root := serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if lists.Load() && r.Method == http.MethodGet && r.URL.Path == "/v1/batches" {
			io.WriteString(w, `{"object":"list","data":[],"has_more":false}`)
			return
		}
		w.WriteHeader(http.StatusNotFound)
		io.WriteString(w, `{"error":{"message":"Not Found"}}`)
	}))
	c, err := New(Settings{BaseURL: URLs{root + "/v1"}, Model: "m", Concurrency: 1, Timeout: 1e9, Backoff: 1e6})
	if err != nil {
		t.Fatal(err)
	}
	api := batchAPI{c: c, r: c.replicas[0]}
	_, err = api.Upload(context.Background(), []byte("{}\n"))
	if err == nil || !strings.Contains(err.Error(), "the server has no batch API") || errors.Is(err, batch.ErrGone) || !errors.Is(err, batch.ErrRefused) {
		t.Errorf("upload: %v; want no batch API, refused for good, not a batch gone", err)
	}
	// A 404 of a batch made of a file uploaded, where the server lists
	// batches, is that file gone (a server restarted): its requests go
	// again, not refused.
	_, err = api.Create(context.Background(), "file-1")
	if err == nil || strings.Contains(err.Error(), "no batch API") || !errors.Is(err, batch.ErrGone) || errors.Is(err, batch.ErrRefused) {
		t.Errorf("create: %v; want the file gone, not refused", err)
	}
	// Where it lists none either, it has no /batches (TestBatchesNotFound).
	lists.Store(false)
	_, err = api.Create(context.Background(), "file-1")
	if err == nil || !strings.Contains(err.Error(), "the server has no batch API") || errors.Is(err, batch.ErrGone) || !errors.Is(err, batch.ErrRefused) {
		t.Errorf("create, no list: %v; want no batch API, refused", err)
	}
}

// TestBatchRefusedForGood: a 4xx of an upload that sending again will not
// mend (the key refused, a bad request) is batch.ErrRefused; a 429 or a
// 5xx is not.
func TestBatchRefusedForGood(t *testing.T) {
	for status, want := range map[int]bool{401: true, 400: true, 422: true, 429: false, 503: false, 408: false} {
		root := serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(status)
			io.WriteString(w, `{"error":{"message":"no"}}`)
		}))
		c, err := New(Settings{BaseURL: URLs{root + "/v1"}, Model: "m", Concurrency: 1, Timeout: 1e9, Backoff: 1e6})
		if err != nil {
			t.Fatal(err)
		}
		_, err = batchAPI{c: c, r: c.replicas[0]}.Upload(context.Background(), []byte("{}\n"))
		if err == nil || errors.Is(err, batch.ErrRefused) != want || !strings.Contains(err.Error(), fmt.Sprintf("HTTP %d", status)) {
			t.Errorf("HTTP %d: %v; want refused for good %v, the status said", status, err, want)
		}
	}
}

// TestBatchPrice: a call answered in a batch costs the live price times
// the batch's discount, the share it pays.
func TestBatchPrice(t *testing.T) {
	b := batch.DefaultSettings()
	b.Discount = 0.25
	c, err := New(Settings{BaseURL: URLs{"http://127.0.0.1:1/v1"}, Model: "m", Concurrency: 1, Timeout: 1e9, Backoff: 1e6,
		Price: Price{Input: 2, Output: 4}, Batch: b})
	if err != nil {
		t.Fatal(err)
	}
	u := transcript.Usage{InputTokens: 1_000_000, OutputTokens: 1_000_000}
	if got := c.BatchPrice(u); got != 1.5 {
		t.Errorf("BatchPrice = %v; want 1.5, a quarter of the live 6", got)
	}
}

// TestBatchStatusEnded: a batch has ended once completed, failed, expired
// or cancelled, and not before: one that expired has no more to wait for.
func TestBatchStatusEnded(t *testing.T) {
	for status, ended := range map[string]bool{
		"validating": false, "in_progress": false, "finalizing": false, "cancelling": false,
		"completed": true, "failed": true, "expired": true, "cancelled": true,
	} {
		root := serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			io.WriteString(w, `{"id":"batch_1","object":"batch","endpoint":"/v1/chat/completions","input_file_id":"file-1","completion_window":"24h","created_at":1,"status":"`+status+`","request_counts":{"total":3,"completed":2,"failed":1}}`)
		}))
		c, err := New(Settings{BaseURL: URLs{root + "/v1"}, Model: "m", Concurrency: 1, Timeout: 1e9, Backoff: 1e6})
		if err != nil {
			t.Fatal(err)
		}
		api, _, _ := c.Batching()
		st, err := api.Status(context.Background(), "batch_1")
		if err != nil || st.Ended != ended || st.State != status || st.Total != 3 || st.Completed != 2 || st.Failed != 1 {
			t.Errorf("status %s: %+v, %v; want Ended %v and the counts 3, 2, 1", status, st, err, ended)
		}
	}
}

// TestBatchFindReadsBackToTheFile: the batch made of a file is found
// however many batches the account has made since the file was uploaded,
// and the reading stops at the first batch older than the file; where the
// file's upload time cannot be read, findPages bounds the reading.
func TestBatchFindReadsBackToTheFile(t *testing.T) {
	const total, ours, uploadedAt = 3000, 2500, 1_000_000
	for _, known := range []bool{true, false} {
		var lists int
		root := serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			if strings.HasPrefix(r.URL.Path, "/v1/files/") {
				if !known {
					w.WriteHeader(http.StatusNotFound)
					io.WriteString(w, `{"error":{"message":"No such File object"}}`)
					return
				}
				fmt.Fprintf(w, `{"id":"file-ours","object":"file","purpose":"batch","created_at":%d}`, uploadedAt)
				return
			}
			lists++
			// Batch i (0 the newest) was made at uploadedAt+ours-i: the
			// file's own at uploadedAt, older ones before it.
			from := 0
			if after := r.URL.Query().Get("after"); after != "" {
				fmt.Sscanf(after, "batch_%d", &from)
				from++
			}
			var data []string
			for i := from; i < total && len(data) < 100; i++ {
				file := fmt.Sprintf("file-%d", i)
				if i == ours {
					file = "file-ours"
				}
				data = append(data, fmt.Sprintf(`{"id":"batch_%d","object":"batch","input_file_id":%q,"created_at":%d,"status":"completed"}`, i, file, uploadedAt+ours-i))
			}
			fmt.Fprintf(w, `{"object":"list","data":[%s],"has_more":%t}`, strings.Join(data, ","), from+len(data) < total)
		}))
		c, err := New(Settings{BaseURL: URLs{root + "/v1"}, Model: "m", Concurrency: 1, Timeout: 1e9, Backoff: 1e6})
		if err != nil {
			t.Fatal(err)
		}
		api := batchAPI{c: c, r: c.replicas[0]}
		got, err := api.Find(context.Background(), "file-ours")
		want, wantLists := fmt.Sprintf("batch_%d", ours), ours/100+1
		if !known {
			want, wantLists = "", findPages
		}
		if err != nil || got != want || lists != wantLists {
			t.Errorf("upload time known %t: found %q (%v) in %d pages; want %q in %d", known, got, err, lists, want, wantLists)
		}
		lists = 0
		// A file of the same upload time that no batch was made of: the
		// reading stops at the first batch stamped over findSlack before it.
		stop := (ours+findSlack+1)/100 + 1
		if got, err := api.Find(context.Background(), "file-other"); known && (err != nil || got != "" || lists != stop) {
			t.Errorf("a file of no batch: found %q (%v) in %d pages; want none, the reading stopped at the batches older than it (%d pages)", got, err, lists, stop)
		}
	}
}

// TestBatchFindForgivesAClockBehind: a batch is stamped by the provider's
// clock and its file perhaps by another's, in whole seconds: a batch made
// of the file but stamped up to findSlack before it, listed after another
// so stamped, is still found. Without the slack the reading stopped at the
// other batch, and the requests were sent again in a new batch, paid twice.
func TestBatchFindForgivesAClockBehind(t *testing.T) {
	const uploadedAt = 1_000_000
	root := serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if strings.HasPrefix(r.URL.Path, "/v1/files/") {
			fmt.Fprintf(w, `{"id":"file-ours","object":"file","purpose":"batch","created_at":%d}`, uploadedAt)
			return
		}
		fmt.Fprintf(w, `{"object":"list","data":[{"id":"batch_other","object":"batch","input_file_id":"file-other","created_at":%d,"status":"completed"},`+
			`{"id":"batch_ours","object":"batch","input_file_id":"file-ours","created_at":%d,"status":"in_progress"}],"has_more":false}`,
			uploadedAt-findSlack/2, uploadedAt-findSlack+1)
	}))
	c, err := New(Settings{BaseURL: URLs{root + "/v1"}, Model: "m", Concurrency: 1, Timeout: 1e9, Backoff: 1e6})
	if err != nil {
		t.Fatal(err)
	}
	api := batchAPI{c: c, r: c.replicas[0]}
	if got, err := api.Find(context.Background(), "file-ours"); err != nil || got != "batch_ours" {
		t.Errorf("a batch stamped %ds before its file, after one stamped %ds before: found %q (%v); want batch_ours", findSlack-1, findSlack/2, got, err)
	}
}

// TestBatchCreateTakesItsID: the id POST /batches answers is the batch's,
// taken with no list of batches read (a server may list none, or others
// first); an answer without one, of a batch the list does not show either,
// is refused (batch.ErrRefused), where a batch of id "" would be watched
// and its requests sent again. Each creation carries an Idempotency-Key
// named by its file.
func TestBatchCreateTakesItsID(t *testing.T) {
	for _, tc := range []struct {
		name, created, want string
	}{
		{"an id", `{"id":"batch_1","object":"batch","endpoint":"/v1/chat/completions","input_file_id":"file-1","completion_window":"24h","created_at":1000,"status":"validating"}`, "batch_1"},
		{"no id, and not listed", `{"job":{"id":"batch_1"}}`, ""},
	} {
		var lists atomic.Int32
		var key atomic.Value
		root := serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			switch {
			case r.Method == http.MethodPost && r.URL.Path == "/v1/batches":
				key.Store(r.Header.Get("Idempotency-Key"))
				io.WriteString(w, tc.created)
			case r.URL.Path == "/v1/batches":
				lists.Add(1)
				io.WriteString(w, `{"object":"list","data":[],"has_more":false}`)
			case strings.HasPrefix(r.URL.Path, "/v1/files/"):
				io.WriteString(w, `{"id":"file-1","object":"file","purpose":"batch","created_at":1000}`)
			default:
				http.NotFound(w, r)
			}
		}))
		c, _ := client(t, root+"/v1", nil)
		api, _, _ := c.Batching()
		id, err := api.Create(context.Background(), "file-1")
		if tc.want != "" && (err != nil || id != tc.want || lists.Load() != 0) {
			t.Errorf("%s: created %q (%v) after %d lists; want %s, no list read", tc.name, id, err, lists.Load(), tc.want)
		}
		if tc.want == "" && (!errors.Is(err, batch.ErrRefused) || id != "" || !strings.Contains(fmt.Sprint(err), "no batch id")) {
			t.Errorf("%s: created %q (%v); want it refused, saying it has no batch id", tc.name, id, err)
		}
		// The creation is named by its file, so that a provider that
		// honours the header makes one batch of a file asked for twice.
		if got := key.Load(); got != "moot-batch-file-1" {
			t.Errorf("%s: Idempotency-Key %q; want moot-batch-file-1", tc.name, got)
		}
	}
}

// TestBatchRefusalsOfAFailedBatchAlone: the errors of a batch that failed
// as a whole are its refusals, each of the line it names, whose request
// then fails at once; those of a batch in another state (expired, with
// errors beside) say why it ended (Problem) but refuse no line, and its
// unanswered requests go again.
func TestBatchRefusalsOfAFailedBatchAlone(t *testing.T) {
	for state, refusals := range map[string]int{"failed": 1, "expired": 0, "completed": 0} {
		root := serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			io.WriteString(w, `{"id":"batch_1","object":"batch","endpoint":"/v1/chat/completions","input_file_id":"file-1","completion_window":"24h","created_at":1,"status":"`+state+`",`+
				`"errors":{"object":"list","data":[{"code":"invalid_request","message":"bad line","line":2}]},"request_counts":{"total":3,"completed":0,"failed":0}}`)
		}))
		c, _ := client(t, root+"/v1", nil)
		api, _, _ := c.Batching()
		st, err := api.Status(context.Background(), "batch_1")
		if err != nil || len(st.Refusals) != refusals || !strings.Contains(st.Problem, "invalid_request: bad line (line 2)") {
			t.Errorf("a batch %s with an error naming line 2: %+v, %v; want %d refusals, and the error its problem", state, st, err, refusals)
		}
	}
}

// TestBatchProblemNamesNoLineWhereThereIsNone: an error of a batch that
// names no line (a line field of 0, or none) is said without one, not
// as "(line 0)", a line no file has.
func TestBatchProblemNamesNoLineWhereThereIsNone(t *testing.T) {
	for _, tc := range []struct{ name, line, want string }{
		{"line 0", `,"line":0`, "invalid_request: bad file"},
		{"no line", ``, "invalid_request: bad file"},
		{"line 3", `,"line":3`, "invalid_request: bad file (line 3)"},
	} {
		root := serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			io.WriteString(w, `{"id":"batch_1","object":"batch","endpoint":"/v1/chat/completions","input_file_id":"file-1","completion_window":"24h","created_at":1,"status":"failed",`+
				`"errors":{"object":"list","data":[{"code":"invalid_request","message":"bad file"`+tc.line+`}]},"request_counts":{"total":3,"completed":0,"failed":0}}`)
		}))
		c, _ := client(t, root+"/v1", nil)
		api, _, _ := c.Batching()
		st, err := api.Status(context.Background(), "batch_1")
		if err != nil || st.Problem != tc.want {
			t.Errorf("%s: problem %q (%v); want %q", tc.name, st.Problem, err, tc.want)
		}
	}
}
