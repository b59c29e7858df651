package openai

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mootlab/moot/agents"
	"github.com/mootlab/moot/batch"
)

// batchDialect is how a fake provider's batch API departs from OpenAI's,
// each as a provider's documentation describes its own.
type batchDialect struct {
	// upper writes the status in capitals (Together: COMPLETED).
	upper bool
	// wrap puts the created batch under "job" (Together's create).
	wrap bool
	// noBatches has /files but no /batches (Mistral: /v1/batch/jobs;
	// Anthropic: /v1/messages/batches).
	noBatches bool
	// steps are the states a batch goes through before completed (Azure:
	// validating, in_progress, finalizing).
	steps []string
	// bare leaves request_counts and created_at out.
	bare bool
	// array lists batches as a bare JSON array (Together's list).
	array bool
}

// fakeBatches is a provider's batch API in a dialect: every batch
// answers every line "Answer: A" once it has gone through its steps.
type fakeBatches struct {
	d       batchDialect
	mu      sync.Mutex
	files   map[string]string
	batches map[string]*fakeBatch
	order   []string
	created int
}

type fakeBatch struct {
	id, file string
	polls    int
	created  int64
}

func newFakeBatches(d batchDialect) *fakeBatches {
	return &fakeBatches{d: d, files: map[string]string{}, batches: map[string]*fakeBatch{}}
}

func (f *fakeBatches) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	p := strings.TrimPrefix(r.URL.Path, "/v1")
	switch {
	case r.Method == http.MethodPost && p == "/files":
		file, _, err := r.FormFile("file")
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		data, _ := io.ReadAll(file)
		id := fmt.Sprintf("file-in%d", len(f.files))
		f.files[id] = string(data)
		fmt.Fprintf(w, `{"id":%q,"object":"file","purpose":"batch","bytes":%d,"created_at":%d}`, id, len(data), time.Now().Unix())
	case r.Method == http.MethodGet && strings.HasSuffix(p, "/content"):
		id := strings.TrimSuffix(strings.TrimPrefix(p, "/files/"), "/content")
		data, ok := f.files[id]
		if !ok {
			w.WriteHeader(http.StatusNotFound)
			io.WriteString(w, `{"error":{"message":"no such file"}}`)
			return
		}
		io.WriteString(w, data)
	case strings.HasPrefix(p, "/files/"):
		io.WriteString(w, `{"id":"x","object":"file","deleted":true}`)
	case f.d.noBatches && strings.HasPrefix(p, "/batches"):
		w.WriteHeader(http.StatusNotFound)
		io.WriteString(w, `{"detail":"Not Found"}`)
	case r.Method == http.MethodPost && p == "/batches":
		var body struct {
			InputFileID string `json:"input_file_id"`
		}
		json.NewDecoder(r.Body).Decode(&body)
		f.created++
		b := &fakeBatch{id: fmt.Sprintf("batch_%d", f.created), file: body.InputFileID, created: time.Now().Unix()}
		f.batches[b.id] = b
		f.order = append(f.order, b.id)
		obj := f.object(b, "validating")
		if f.d.wrap {
			obj = `{"job":` + obj + `,"warning":""}`
		}
		io.WriteString(w, obj)
	case r.Method == http.MethodGet && p == "/batches":
		var data []string
		for i := len(f.order) - 1; i >= 0; i-- {
			data = append(data, f.object(f.batches[f.order[i]], "in_progress"))
		}
		if f.d.array {
			fmt.Fprintf(w, `[%s]`, strings.Join(data, ","))
			return
		}
		fmt.Fprintf(w, `{"object":"list","data":[%s],"has_more":false}`, strings.Join(data, ","))
	case r.Method == http.MethodGet && strings.HasPrefix(p, "/batches/"):
		b, ok := f.batches[strings.TrimPrefix(p, "/batches/")]
		if !ok {
			w.WriteHeader(http.StatusNotFound)
			io.WriteString(w, `{"error":{"message":"no such batch"}}`)
			return
		}
		state := "completed"
		if b.polls < len(f.d.steps) {
			state = strings.ToLower(f.d.steps[b.polls])
		}
		b.polls++
		io.WriteString(w, f.object(b, state))
	default:
		w.WriteHeader(http.StatusNotFound)
		io.WriteString(w, `{"error":{"message":"no route"}}`)
	}
}

// object is batch b in state, written in the dialect; a completed batch
// has its output file made.
func (f *fakeBatches) object(b *fakeBatch, state string) string {
	out := ""
	n := 0
	if state == "completed" {
		out = "file-out-" + b.id
		var sb strings.Builder
		sc := bufio.NewScanner(strings.NewReader(f.files[b.file]))
		for sc.Scan() {
			var l struct {
				CustomID string `json:"custom_id"`
			}
			json.Unmarshal(sc.Bytes(), &l)
			n++
			fmt.Fprintf(&sb, `{"id":"r%d","custom_id":%q,"response":{"status_code":200,"request_id":"q","body":{"id":"c","object":"chat.completion","created":1,"model":"m","choices":[{"index":0,"message":{"role":"assistant","content":"Answer: A"},"finish_reason":"stop"}],"usage":{"prompt_tokens":3,"completion_tokens":2,"total_tokens":5}}},"error":null}`+"\n", n, l.CustomID)
		}
		f.files[out] = sb.String()
	}
	if f.d.upper {
		state = strings.ToUpper(state)
	}
	extra := fmt.Sprintf(`,"created_at":%d,"request_counts":{"total":%d,"completed":%d,"failed":0}`, b.created, n, n)
	if f.d.bare {
		extra = `,"created_at":"2026-01-15T14:30:00Z","progress":100`
	}
	return fmt.Sprintf(`{"id":%q,"object":"batch","endpoint":"/v1/chat/completions","input_file_id":%q,"completion_window":"24h","status":%q,"output_file_id":%q%s}`,
		b.id, b.file, state, out, extra)
}

// askDialect asks n requests at once of a batch agent of a fake provider
// in dialect d, with a short max_wait so that a batch never seen to end
// is given up in a test's time. It returns the answers, the errors, the
// provider and the run's log.
func askDialect(t *testing.T, d batchDialect, n int) ([]agents.Response, []error, *fakeBatches, string) {
	t.Helper()
	f := newFakeBatches(d)
	resps, errs, log := askBatched(t, serve(t, f), n, func(s *Settings) {
		s.Batch.Poll, s.Batch.PollMax = 10*time.Millisecond, 20*time.Millisecond
		s.Batch.MaxWait, s.Batch.MaxRetries = 2*time.Second, 1
	}, nil)
	return resps, errs, f, log
}

// TestBatchStateInCapitals: a provider that writes a batch's state in
// capitals (Together: VALIDATING, IN_PROGRESS, COMPLETED) has its batch
// seen to end, and its answers read. Before, COMPLETED was not a state
// that ends a batch: moot waited out max_wait (25h), cancelled the batch
// that had answered, and sent its requests again in a new batch, paid
// twice, which it did not see end either.
func TestBatchStateInCapitals(t *testing.T) {
	resps, errs, f, log := askDialect(t, batchDialect{upper: true, steps: []string{"VALIDATING", "IN_PROGRESS"}}, 3)
	for i, err := range errs {
		if err != nil || resps[i].Text != "Answer: A" || resps[i].Retries != 0 {
			t.Errorf("request %d: got %+v, %v; want answered by the first batch", i, resps[i], err)
		}
	}
	if f.created != 1 || strings.Contains(log, "cancelling") {
		t.Errorf("%d batches created; log:\n%s\nwant one, not cancelled", f.created, log)
	}
}

// TestBatchStateSpelledTheAmericanWay: a proxy that writes canceling
// (and canceled) for OpenAI's cancelling has the state read as OpenAI's,
// where it was logged as no state the backend knows, and a batch
// canceled was waited on until max_wait (25h by default).
func TestBatchStateSpelledTheAmericanWay(t *testing.T) {
	_, errs, _, log := askDialect(t, batchDialect{steps: []string{"validating", "canceling"}}, 2)
	for i, err := range errs {
		if err != nil {
			t.Errorf("request %d: %v", i, err)
		}
	}
	if strings.Contains(log, "no state the backend knows") {
		t.Errorf("log:\n%s\nwant canceling read as cancelling", log)
	}
}

// TestBatchCreatedWithoutID: a provider whose answer to POST /batches
// has no batch id at its top (Together's create puts the batch under
// "job") has its batch found by its input file where it lists batches
// OpenAI's way, and else has it refused at once, naming the endpoint and
// what it answered, the batch made once. Before, moot wrote the batch
// down under the id "", checked it 9 times (GET /batches/: "missing
// required batch_id parameter"), 20 to 40 minutes at the default poll,
// and sent its requests again in a new batch: each batch the provider
// ran was paid again, max_retries times.
func TestBatchCreatedWithoutID(t *testing.T) {
	resps, errs, f, _ := askDialect(t, batchDialect{wrap: true}, 3)
	for i, err := range errs {
		if err != nil || resps[i].Text != "Answer: A" {
			t.Errorf("listed: request %d: got %+v, %v; want the batch found by its file, and its answer", i, resps[i], err)
		}
	}
	if f.created != 1 {
		t.Errorf("listed: %d batches created; want 1", f.created)
	}
	_, errs, f, _ = askDialect(t, batchDialect{wrap: true, array: true}, 3)
	for i, err := range errs {
		msg := fmt.Sprint(err)
		if !errors.Is(err, batch.ErrFailed) || !strings.Contains(msg, "POST /batches answered with no batch id ({\"job\":") ||
			!strings.Contains(msg, "cancel it there, and this is Together AI's batch API: set batch: {api: together}") || !strings.Contains(msg, "(after 1 attempt)") {
			t.Errorf("not listed: request %d: %v; want it refused at once, naming POST /batches and its answer", i, err)
		}
	}
	if f.created != 1 {
		t.Errorf("not listed: %d batches created; want 1", f.created)
	}
}

// TestBatchesNotFound: a server with OpenAI's /files but no /batches
// (Mistral's batch jobs are at /v1/batch/jobs, Anthropic's at
// /v1/messages/batches) is said to have no batch API, and its requests
// fail at once. Before, the 404 of POST /batches read as the uploaded
// file gone (batch.ErrGone): the requests were uploaded again
// max_retries + 1 times, each failing as "HTTP 404: …: batch: gone".
func TestBatchesNotFound(t *testing.T) {
	_, errs, f, _ := askDialect(t, batchDialect{noBatches: true}, 3)
	for i, err := range errs {
		msg := fmt.Sprint(err)
		if !errors.Is(err, batch.ErrFailed) || !strings.Contains(msg, "the server has no batch API (POST /batches, and GET /batches: HTTP 404") ||
			strings.Contains(msg, "gone") || !strings.Contains(msg, "(after 1 attempt)") {
			t.Errorf("request %d: %v; want no batch API, at once", i, err)
		}
	}
	if n := len(f.files); n != 1 {
		t.Errorf("%d files uploaded; want 1", n)
	}
}

// TestUnknownBatchStateIsSaid: a state that is none of OpenAI's batch
// API (Mistral's QUEUED, RUNNING, SUCCESS, passed through by a proxy) is
// said once, with what moot does about it: before, a batch that ended in
// one was waited on silently until batch.max_wait, 25 hours. Azure's
// states (validating, in_progress, finalizing) are OpenAI's, and not said.
func TestUnknownBatchStateIsSaid(t *testing.T) {
	_, errs, _, log := askDialect(t, batchDialect{steps: []string{"QUEUED", "RUNNING", "RUNNING"}}, 1)
	if errs[0] != nil {
		t.Fatal(errs[0])
	}
	for _, want := range []string{`"queued" is no state the backend knows`, `"running" is no state`, "moot waits on it until batch.max_wait (2s)"} {
		if !strings.Contains(log, want) {
			t.Errorf("log:\n%s\nwant it to say %s", log, want)
		}
	}
	if n := strings.Count(log, "is no state"); n != 2 {
		t.Errorf("said %d times; want once for each state", n)
	}
	_, _, _, log = askDialect(t, batchDialect{steps: []string{"validating", "in_progress", "finalizing"}}, 1)
	if strings.Contains(log, "is no state") {
		t.Errorf("Azure's states: log\n%s\nwant no word on them", log)
	}
}

// TestFindStopsAtAPageRepeated: a server whose list of batches ignores
// after, sending its first page again with has_more set, is read once:
// the batch made of the file is not on it, and none is found. Before, the
// look for it (after a create whose answer was lost, or a resume) asked
// for the same page for ever, thousands of times a second: the run hung.
func TestFindStopsAtAPageRepeated(t *testing.T) {
	var lists int
	var mu sync.Mutex
	root := serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if strings.HasPrefix(r.URL.Path, "/v1/files/") {
			fmt.Fprintf(w, `{"id":"file-1","object":"file","created_at":%d}`, time.Now().Unix()-100)
			return
		}
		mu.Lock()
		lists++
		mu.Unlock()
		fmt.Fprintf(w, `{"object":"list","data":[{"id":"batch_new","input_file_id":"file-other","created_at":%d,"status":"completed"}],"has_more":true}`, time.Now().Unix())
	}))
	c, _ := client(t, root+"/v1", nil)
	api, _, _ := c.Batching()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	id, err := api.Find(ctx, "file-1")
	mu.Lock()
	defer mu.Unlock()
	if id != "" || err != nil || lists != 2 {
		t.Errorf("got %q, %v after %d lists; want none found after 2 (the page, and the same again)", id, err, lists)
	}
}
