package openai

import (
	"bufio"
	"encoding/json"
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

// fakeTogether is Together AI's batch API as its reference describes it
// (docs.together.ai: reference/upload-file, batch-create, batch-get,
// batch-list; docs/inference/batch/manage): files uploaded to
// POST /files/upload with purpose batch-api; POST /batches answering
// {"job": {…}, "warning": …}; GET /batches/{id} the job itself, its
// status in capitals, created_at a date, no request counts; GET /batches
// a bare array; POST /batches/{id}/cancel. A batch goes through steps,
// one a check, then ends in end: COMPLETED answers every line "Answer: A"
// in OpenAI's result lines.
type fakeTogether struct {
	steps []string
	end   string

	mu       sync.Mutex
	files    map[string]string
	purposes []string
	jobs     map[string]*togetherFake
	order    []string
	lines    []string // the input lines uploaded
	deleted  []string // the files deleted
}

type togetherFake struct {
	id, file, out, status string
	polls                 int
}

func newFakeTogether(end string, steps ...string) *fakeTogether {
	return &fakeTogether{steps: steps, end: end, files: map[string]string{}, jobs: map[string]*togetherFake{}}
}

func (f *fakeTogether) created() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.order)
}

func (f *fakeTogether) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	p := strings.TrimPrefix(r.URL.Path, "/v1")
	switch {
	case r.Method == http.MethodPost && p == "/files/upload":
		f.upload(w, r)
	case r.Method == http.MethodGet && strings.HasSuffix(p, "/content"):
		data, ok := f.files[strings.TrimSuffix(strings.TrimPrefix(p, "/files/"), "/content")]
		if !ok {
			w.WriteHeader(http.StatusNotFound)
			io.WriteString(w, `{"error":{"message":"file not found","type":"invalid_request_error"}}`)
			return
		}
		io.WriteString(w, data)
	case r.Method == http.MethodDelete && strings.HasPrefix(p, "/files/"):
		id := strings.TrimPrefix(p, "/files/")
		f.deleted = append(f.deleted, id)
		fmt.Fprintf(w, `{"id":%q,"deleted":true}`, id)
	case r.Method == http.MethodPost && p == "/batches":
		f.create(w, r)
	case r.Method == http.MethodGet && p == "/batches":
		var all []string
		for _, id := range f.order {
			all = append(all, f.job(f.jobs[id]))
		}
		fmt.Fprintf(w, "[%s]", strings.Join(all, ","))
	case r.Method == http.MethodPost && strings.HasSuffix(p, "/cancel"):
		j, ok := f.jobs[strings.TrimSuffix(strings.TrimPrefix(p, "/batches/"), "/cancel")]
		if !ok {
			w.WriteHeader(http.StatusNotFound)
			io.WriteString(w, `{"error":"batch job not found"}`)
			return
		}
		j.status = "CANCELLED"
		io.WriteString(w, f.job(j))
	case r.Method == http.MethodGet && strings.HasPrefix(p, "/batches/"):
		j, ok := f.jobs[strings.TrimPrefix(p, "/batches/")]
		if !ok {
			w.WriteHeader(http.StatusNotFound)
			io.WriteString(w, `{"error":"batch job not found"}`)
			return
		}
		f.advance(j)
		io.WriteString(w, f.job(j))
	default:
		w.WriteHeader(http.StatusNotFound)
		io.WriteString(w, `{"error":{"message":"not found","type":"invalid_request_error"}}`)
	}
}

func (f *fakeTogether) upload(w http.ResponseWriter, r *http.Request) {
	file, _, err := r.FormFile("file")
	if err != nil || r.FormValue("file_name") == "" {
		w.WriteHeader(http.StatusBadRequest)
		fmt.Fprintf(w, `{"error":{"message":"want purpose, file_name and file: %v","type":"invalid_request_error"}}`, err)
		return
	}
	purpose := r.FormValue("purpose")
	f.purposes = append(f.purposes, purpose)
	if purpose != "batch-api" && purpose != "fine-tune" && purpose != "eval" {
		w.WriteHeader(http.StatusBadRequest)
		fmt.Fprintf(w, `{"error":{"message":"invalid purpose %q","type":"invalid_request_error"}}`, purpose)
		return
	}
	data, _ := io.ReadAll(file)
	id := fmt.Sprintf("file-%d", len(f.files))
	f.files[id] = string(data)
	f.lines = append(f.lines, strings.Split(strings.TrimSpace(string(data)), "\n")...)
	fmt.Fprintf(w, `{"id":%q,"object":"file","created_at":%d,"filename":%q,"bytes":%d,"purpose":%q,"Processed":true,"FileType":"jsonl","LineCount":0}`,
		id, time.Now().Unix(), r.FormValue("file_name"), len(data), purpose)
}

func (f *fakeTogether) create(w http.ResponseWriter, r *http.Request) {
	var body struct {
		Endpoint    string `json:"endpoint"`
		InputFileID string `json:"input_file_id"`
	}
	json.NewDecoder(r.Body).Decode(&body)
	if _, ok := f.files[body.InputFileID]; !ok || body.Endpoint != "/v1/chat/completions" {
		w.WriteHeader(http.StatusBadRequest)
		io.WriteString(w, `{"error":"want endpoint /v1/chat/completions and an uploaded input_file_id"}`)
		return
	}
	j := &togetherFake{id: fmt.Sprintf("0123-%d", len(f.order)), file: body.InputFileID, status: "VALIDATING"}
	f.jobs[j.id] = j
	f.order = append(f.order, j.id)
	w.WriteHeader(http.StatusCreated)
	fmt.Fprintf(w, `{"job":%s,"warning":""}`, f.job(j))
}

// advance moves j a step at each check, and writes its output once it
// completes.
func (f *fakeTogether) advance(j *togetherFake) {
	switch {
	case j.status == "CANCELLED":
		return
	case j.polls < len(f.steps):
		j.status = f.steps[j.polls]
	default:
		j.status = f.end
	}
	j.polls++
	if j.status != "COMPLETED" || j.out != "" {
		return
	}
	var sb strings.Builder
	sc := bufio.NewScanner(strings.NewReader(f.files[j.file]))
	for sc.Scan() {
		var l struct {
			CustomID string `json:"custom_id"`
		}
		json.Unmarshal(sc.Bytes(), &l)
		fmt.Fprintf(&sb, `{"id":"r","custom_id":%q,"response":{"status_code":200,"body":{"id":"c","object":"chat.completion","created":1,"model":"m","choices":[{"index":0,"message":{"role":"assistant","content":"Answer: A"},"finish_reason":"stop"}],"usage":{"prompt_tokens":3,"completion_tokens":2,"total_tokens":5}}},"error":null}`+"\n", l.CustomID)
	}
	j.out = "file-out-" + j.id
	f.files[j.out] = sb.String()
}

// job writes j as Together's BatchJob.
func (f *fakeTogether) job(j *togetherFake) string {
	errText := ""
	if j.status == "FAILED" {
		errText = "the input file could not be read"
	}
	progress := min(25*j.polls, 100)
	return fmt.Sprintf(`{"id":%q,"user_id":"u","input_file_id":%q,"file_size_bytes":%d,"status":%q,"job_deadline":"2026-01-16T14:30:00Z","created_at":%q,"endpoint":"/v1/chat/completions","progress":%d,"model_id":"m","output_file_id":%q,"error_file_id":"","error":%q}`,
		j.id, j.file, len(f.files[j.file]), j.status, time.Now().UTC().Format(time.RFC3339), progress, j.out, errText)
}

// askTogether asks n requests at once of a batch agent of the server at
// base (a fake Together), speaking Together's batch API, with its run's
// journal in dir. It returns the answers, the errors, and the run's log.
func askTogether(t *testing.T, base, dir string, n int) ([]agents.Response, []error, string) {
	t.Helper()
	return askBatchedIn(t, base, dir, n, func(s *Settings) {
		s.Batch.API = batch.APITogether
		s.Batch.Poll, s.Batch.PollMax = 5*time.Millisecond, 20*time.Millisecond
		s.Batch.MaxRetries, s.Batch.ListLag = 1, time.Millisecond
	}, nil)
}
