package openai

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mootlab/moot/batch"
	"github.com/mootlab/moot/internal/syncbuf"
	"github.com/mootlab/moot/transcript"
)

// TestTogetherBatchRun: an agent with batch.api: together sends its
// requests through a fake of Together's batch API — the file uploaded
// with purpose batch-api, each line its custom_id and body, the batch
// created and its id read under "job", checked until COMPLETED, its
// output read — and its callers get the answers; the journal names the
// batch, and a resume of the run waits on it, creating none. Before
// batch.api, every request failed at the upload (POST /files, purpose
// batch: a 404 at Together's).
func TestTogetherBatchRun(t *testing.T) {
	f := newFakeTogether("COMPLETED", "VALIDATING", "IN_PROGRESS")
	base, dir := serve(t, f), t.TempDir()
	resps, errs, log := askTogether(t, base, dir, 3)
	for i, err := range errs {
		if err != nil || resps[i].Text != "Answer: A" || !resps[i].Batched || resps[i].Retries != 0 {
			t.Errorf("request %d: got %+v, %v; want answered by the one batch; log:\n%s", i, resps[i], err, log)
		}
	}
	if n := f.created(); n != 1 || len(f.purposes) != 1 || f.purposes[0] != "batch-api" {
		t.Fatalf("%d batches made of uploads of purposes %q; want one, of purpose batch-api", n, f.purposes)
	}
	for _, l := range f.lines {
		var line map[string]json.RawMessage
		if json.Unmarshal([]byte(l), &line) != nil || len(line) != 2 || line["custom_id"] == nil || line["body"] == nil {
			t.Errorf("input line %s; want custom_id and body alone", l)
		}
	}
	if !strings.Contains(log, "(m): validating, 25% done\n") || !strings.Contains(log, "(m): in_progress, 50% done\n") ||
		strings.Contains(log, " of 0 done") || strings.Contains(log, "no state the backend knows") {
		t.Errorf("log:\n%s\nwant Together's states read as moot's, with its progress, not counts it does not give", log)
	}
	journal, _ := os.ReadFile(filepath.Join(dir, batch.JournalFile))
	if !strings.Contains(string(journal), `"event":"created","agent":"m","file":"file-0","batch":"0123-0"`) {
		t.Errorf("journal:\n%s\nwant the batch 0123-0 of file-0 written down", journal)
	}
	resps, errs, log = askTogether(t, base, dir, 3)
	for i, err := range errs {
		if err != nil || resps[i].Text != "Answer: A" {
			t.Errorf("resumed: request %d: got %+v, %v; want the earlier batch's answer", i, resps[i], err)
		}
	}
	if n := f.created(); n != 1 || !strings.Contains(log, "waiting on 3 requests an earlier run sent") {
		t.Errorf("resumed: %d batches made; log:\n%s\nwant the journal's batch waited on, none made", n, log)
	}
}

// TestTogetherBatchStates: each of Together's states (in capitals) is
// read as moot's word for it, those that end a batch as ended, none as
// a state moot does not know; a FAILED batch's error is its problem, and
// created_at, a date, is when it was made (batch.max_wait counts from it).
func TestTogetherBatchStates(t *testing.T) {
	for _, c := range []struct {
		state, want string
		ended       bool
	}{
		{"VALIDATING", "validating", false},
		{"IN_PROGRESS", "in_progress", false},
		{"COMPLETED", "completed", true},
		{"FAILED", "failed", true},
		{"EXPIRED", "expired", true},
		{"CANCELLED", "cancelled", true},
	} {
		f := newFakeTogether(c.state)
		cl, _ := client(t, serve(t, f)+"/v1", func(s *Settings) { s.Batch.API = batch.APITogether })
		api, _, _ := cl.Batching()
		ctx := context.Background()
		file, err := api.Upload(ctx, []byte(`{"custom_id":"x","body":{}}`+"\n"))
		if err != nil {
			t.Fatalf("%s: upload: %v", c.state, err)
		}
		id, err := api.Create(ctx, file)
		if err != nil || id != "0123-0" {
			t.Fatalf("%s: create: got %q, %v; want the job's id", c.state, id, err)
		}
		st, err := api.Status(ctx, id)
		if err != nil || st.State != c.want || st.Ended != c.ended || st.Strange {
			t.Errorf("%s: got %+v, %v; want state %s, ended %v", c.state, st, err, c.want, c.ended)
		}
		if since := time.Since(st.Created); since < 0 || since > time.Minute {
			t.Errorf("%s: created %s; want the job's created_at, now", c.state, st.Created)
		}
		if wantProblem := c.state == "FAILED"; (st.Problem != "") != wantProblem {
			t.Errorf("%s: problem %q; want the job's error where it failed", c.state, st.Problem)
		}
		if found, err := api.Find(ctx, file); err != nil || found != id {
			t.Errorf("%s: find: got %q, %v; want %s, from the bare array of jobs", c.state, found, err, id)
		}
	}
}

// TestTogetherBatchFailed: a Together batch that fails as a whole, or
// expires, sends its requests again in another batch (max_retries: 1),
// and then fails them naming the state and, where it failed, the job's
// error; each batch is made once.
func TestTogetherBatchFailed(t *testing.T) {
	for _, end := range []string{"FAILED", "EXPIRED"} {
		f := newFakeTogether(end, "IN_PROGRESS")
		_, errs, log := askTogether(t, serve(t, f), t.TempDir(), 2)
		want := "batch 0123-1 " + strings.ToLower(end)
		if end == "FAILED" {
			want += ": the input file could not be read"
		}
		for i, err := range errs {
			if msg := fmt.Sprint(err); !strings.Contains(msg, want) || !strings.Contains(msg, "(after 2 attempts)") {
				t.Errorf("%s: request %d: %v; want it failed after 2 attempts, saying %q", end, i, err, want)
			}
		}
		if n := f.created(); n != 2 || strings.Contains(log, "no state the backend knows") {
			t.Errorf("%s: %d batches made; log:\n%s\nwant 2, their states known", end, n, log)
		}
	}
}

// TestTogetherMaxWaitCancels: a Together batch not ended max_wait after
// its creation is cancelled at POST /batches/{id}/cancel, and its
// requests go again (here, each in a batch of its own that also hangs,
// until max_retries).
func TestTogetherMaxWaitCancels(t *testing.T) {
	f := newFakeTogether("IN_PROGRESS")
	c, _ := client(t, serve(t, f)+"/v1", func(s *Settings) {
		s.Mode = ModeBatch
		s.Batch.API = batch.APITogether
		s.Batch.Poll, s.Batch.PollMax, s.Batch.MaxWait, s.Batch.MaxRetries = 5*time.Millisecond, 10*time.Millisecond, 50*time.Millisecond, 0
	})
	log := new(syncbuf.Buffer)
	r, err := batch.Open(context.Background(), t.TempDir(), false, 1, log)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	_, err = r.Wrap(c, "m", false).Generate(context.Background(), request(transcript.RoleJudge))
	if msg := fmt.Sprint(err); !strings.Contains(msg, "batch.max_wait") {
		t.Errorf("got %v; want it failed past max_wait", err)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if j := f.jobs["0123-0"]; j == nil || j.status != "CANCELLED" {
		t.Errorf("jobs %v; log:\n%s\nwant 0123-0 cancelled", f.jobs, log)
	}
}

// TestBatchResultLinesWithoutStatus: a result line with no status_code
// whose body is a chat completion is the request's answer, and an error
// written as a string is read as its message (Together's reference shows
// neither file's lines). Before, the first was no answer, and its request
// — answered, and charged — was sent again; the second was no batch
// result at all.
func TestBatchResultLinesWithoutStatus(t *testing.T) {
	c, _ := client(t, "http://127.0.0.1:1/v1", nil)
	ok := `{"id":"x","object":"chat.completion","created":1,"model":"m","choices":[{"index":0,"message":{"role":"assistant","content":"Answer: A"},"finish_reason":"stop"}],"usage":{"prompt_tokens":3,"completion_tokens":2,"total_tokens":5}}`
	for _, tt := range []struct {
		line, text, err string
		retry           bool
	}{
		{`{"custom_id":"a","response":{"body":` + ok + `}}`, "Answer: A", "", false},
		{`{"custom_id":"a","error":"the prompt is too long"}`, "", "HTTP 0 in a batch: the prompt is too long", true},
		{`{"custom_id":"a","response":{"body":{"error":{"message":"boom"}}}}`, "", "HTTP 0 in a batch: boom", true},
		{`{"custom_id":"a","error":{"code":"batch_expired","message":"late"}}`, "", "batch_expired: late", true},
	} {
		var l resultLine
		if err := json.Unmarshal([]byte(tt.line), &l); err != nil {
			t.Fatalf("%s: %v", tt.line, err)
		}
		r := c.result(l)
		if r.Response.Text != tt.text || r.Retry != tt.retry || (tt.err == "") != (r.Err == nil) || r.Err != nil && !strings.Contains(r.Err.Error(), tt.err) {
			t.Errorf("%s: got %+v; want text %q, an error saying %q, retry %v", tt.line, r, tt.text, tt.err, tt.retry)
		}
	}
}

// TestTogetherResumeFindsTheBatchAsked: a run killed after it asked
// Together for a batch and before it wrote the answer down is resumed on
// that batch, found by its input file in Together's bare array of jobs,
// and creates none: its requests are paid once.
func TestTogetherResumeFindsTheBatchAsked(t *testing.T) {
	f := newFakeTogether("COMPLETED", "IN_PROGRESS")
	base, dir := serve(t, f), t.TempDir()
	c, _ := client(t, base+"/v1", func(s *Settings) { s.Batch.API = batch.APITogether })
	api, _, _ := c.Batching()
	var keys []string
	var data []byte
	for i := range 2 {
		req := request(transcript.RoleJudge)
		req.Seed = uint64(i + 1)
		key := c.CacheKey(req)
		line, err := api.Line(key, req)
		if err != nil {
			t.Fatal(err)
		}
		keys, data = append(keys, key), append(append(data, line...), '\n')
	}
	ctx := context.Background()
	file, err := api.Upload(ctx, data)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := api.Create(ctx, file); err != nil {
		t.Fatal(err)
	}
	up, _ := json.Marshal(map[string]any{"event": "uploaded", "agent": "m", "file": file, "keys": keys, "endpoint": api.Endpoint()})
	asked, _ := json.Marshal(map[string]any{"event": "creating", "agent": "m", "file": file, "at": time.Now().UTC()})
	if err := os.WriteFile(filepath.Join(dir, batch.JournalFile), append(append(append(up, '\n'), asked...), '\n'), 0o666); err != nil {
		t.Fatal(err)
	}
	resps, errs, log := askTogether(t, base, dir, 2)
	for i, err := range errs {
		if err != nil || resps[i].Text != "Answer: A" {
			t.Errorf("request %d: got %+v, %v; want the asked batch's answer", i, resps[i], err)
		}
	}
	journal, _ := os.ReadFile(filepath.Join(dir, batch.JournalFile))
	if n := f.created(); n != 1 || !strings.Contains(string(journal), `"event":"created","agent":"m","file":"file-0","batch":"0123-0"`) {
		t.Errorf("%d batches made; journal:\n%s\nlog:\n%s\nwant the one asked for found and written down", n, journal, log)
	}
}

// TestTogetherBatchSize: a Together agent's batches are split below the
// 100 MB Together takes in one input file, whatever batch.max_bytes says
// (its default, 190 MB, is OpenAI's); a smaller max_bytes is kept.
func TestTogetherBatchSize(t *testing.T) {
	for _, tt := range []struct{ set, want int64 }{{190 << 20, 95 << 20}, {1 << 20, 1 << 20}} {
		c, _ := client(t, "http://127.0.0.1:1/v1", func(s *Settings) { s.Batch.API, s.Batch.MaxBytes = batch.APITogether, tt.set })
		if _, s, _ := c.Batching(); s.MaxBytes != tt.want || s.MaxBytes > 100e6 {
			t.Errorf("max_bytes %d: got %d; want %d", tt.set, s.MaxBytes, tt.want)
		}
	}
}

// TestTogetherTidy: a whole run's Together batch files — its input file
// and its output file — are deleted at DELETE /files/{id}, as OpenAI's.
func TestTogetherTidy(t *testing.T) {
	f := newFakeTogether("COMPLETED")
	c, _ := client(t, serve(t, f)+"/v1", func(s *Settings) {
		s.Mode, s.Batch.API = ModeBatch, batch.APITogether
		s.Batch.Poll, s.Batch.PollMax = 5*time.Millisecond, 10*time.Millisecond
	})
	r, err := batch.Open(context.Background(), t.TempDir(), false, 1, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if _, err := r.Wrap(c, "m", false).Generate(context.Background(), request(transcript.RoleJudge)); err != nil {
		t.Fatal(err)
	}
	n, err := r.Tidy()
	f.mu.Lock()
	defer f.mu.Unlock()
	if n != 2 || err != nil || strings.Join(f.deleted, " ") != "file-0 file-out-0123-0" {
		t.Errorf("got %d deleted, %v; the fake deleted %q; want file-0 and file-out-0123-0", n, err, f.deleted)
	}
}
