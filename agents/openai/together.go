package openai

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"time"

	sdk "github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/option"

	"github.com/mootlab/moot/agents"
	"github.com/mootlab/moot/batch"
)

// togetherAPI is Together AI's batch API of one endpoint (batch.api:
// together), as its API reference describes it (docs.together.ai,
// reference/upload-file, batch-create, batch-get, batch-list and
// docs/inference/batch/manage): an input file is uploaded to
// POST /files/upload with purpose batch-api; POST /batches answers
// {"job": {…}, "warning": …}; GET /batches/{id} answers the job itself,
// its status in capitals (VALIDATING, IN_PROGRESS, COMPLETED, FAILED,
// EXPIRED, CANCELLED), its created_at a date, its error a string, no
// request counts but a progress (0 to 100); GET /batches answers a bare array of jobs;
// POST /batches/{id}/cancel cancels one. Files are read and deleted as
// OpenAI's are (GET /files/{id}/content, DELETE /files/{id}), and their
// lines are read as OpenAI's (resultLine). It was checked against a fake
// server of that shape alone, not against Together itself.
type togetherAPI struct{ batchAPI }

var _ batch.API = togetherAPI{}

// togetherMaxBytes bounds a Together batch's input file below the 100 MB
// its batch overview allows, whatever batch.max_bytes says (its default
// is OpenAI's): a larger file would be refused, and its requests failed.
const togetherMaxBytes = 95 << 20

// togetherFile is the name of each input file uploaded.
const togetherFile = "moot-batch.jsonl"

// togetherLine is one line of a Together batch input file: its reference
// writes custom_id and body alone.
type togetherLine struct {
	CustomID string                      `json:"custom_id"`
	Body     sdk.ChatCompletionNewParams `json:"body"`
}

func (t togetherAPI) Line(id string, req agents.Request) ([]byte, error) {
	return json.Marshal(togetherLine{CustomID: id, Body: t.c.params(req)})
}

// Upload uploads lines as a multipart form of purpose batch-api, the
// purpose Together's batches take (OpenAI's is batch).
func (t togetherAPI) Upload(ctx context.Context, lines []byte) (string, error) {
	var form bytes.Buffer
	w := multipart.NewWriter(&form)
	for _, f := range [][2]string{{"purpose", "batch-api"}, {"file_name", togetherFile}, {"file_type", "jsonl"}} {
		if err := w.WriteField(f[0], f[1]); err != nil {
			return "", err
		}
	}
	part, err := w.CreateFormFile("file", togetherFile)
	if err == nil {
		_, err = part.Write(lines)
	}
	if err == nil {
		err = w.Close()
	}
	if err != nil {
		return "", err
	}
	var raw []byte
	err = t.r.client.Post(ctx, "files/upload", nil, &raw, append(t.opts(), option.WithRequestBody(w.FormDataContentType(), form.Bytes()))...)
	if err != nil {
		return "", t.noTogetherAPI("POST /files/upload", err)
	}
	var f struct {
		ID string `json:"id"`
	}
	if json.Unmarshal(raw, &f) != nil || f.ID == "" {
		return "", refused{t.c.redact(fmt.Errorf("openai: %s model %s: POST /files/upload answered with no file id (%s): not Together's file object",
			t.c.s.BaseURL, t.c.s.Model, oneLine(string(raw))))}
	}
	return f.ID, nil
}

// noTogetherAPI describes an error of the upload or the creation: a 404
// there is a server without Together's batch API, which asking again will
// not mend (batch.ErrRefused); any other error as sendError says.
func (t togetherAPI) noTogetherAPI(what string, err error) error {
	return t.noAPI(what, err, " of Together's", "batch.api: together needs Together's /files/upload and /batches under the base_url")
}

// Create creates the batch of an uploaded file, reading its id under
// "job" (or at the top, as a server that copies OpenAI's writes it). A
// 404 is the file gone unless the server lists no batches either. An
// answer with no id is a batch moot cannot follow: it is found by its
// file, else refused, rather than watched under no id and made again.
func (t togetherAPI) Create(ctx context.Context, fileID string) (string, error) {
	body, err := json.Marshal(map[string]string{"endpoint": chatEndpoint, "input_file_id": fileID, "completion_window": "24h"})
	if err != nil {
		return "", err
	}
	var raw []byte
	err = t.r.client.Post(ctx, "batches", nil, &raw, append(t.opts(), option.WithRequestBody("application/json", body),
		option.WithHeader("Idempotency-Key", idempotencyKey(fileID)))...)
	if err != nil {
		if httpStatus(err) == http.StatusNotFound {
			if _, lerr := t.list(ctx); httpStatus(lerr) == http.StatusNotFound {
				return "", t.noTogetherAPI("POST /batches, and GET /batches", err)
			}
		}
		return "", t.sendError(err)
	}
	if job, err := readJob(raw); err == nil && job.ID != "" {
		return job.ID, nil
	}
	if id, err := t.Find(ctx, fileID); err == nil && id != "" {
		return id, nil
	}
	return "", refused{t.c.redact(fmt.Errorf("openai: %s model %s: POST /batches answered with no batch id (%s): not Together's batch job; moot cannot follow the batch, which the provider may run and charge for: cancel it there",
		t.c.s.BaseURL, t.c.s.Model, oneLine(string(raw))))}
}

// togetherJob is a batch job as Together writes it.
type togetherJob struct {
	ID           string          `json:"id"`
	InputFileID  string          `json:"input_file_id"`
	Status       string          `json:"status"`
	CreatedAt    json.RawMessage `json:"created_at"`
	OutputFileID string          `json:"output_file_id"`
	ErrorFileID  string          `json:"error_file_id"`
	Error        json.RawMessage `json:"error"`
	Progress     float64         `json:"progress"`
}

// readJob reads a batch job, under "job" (the create's answer) or not.
func readJob(raw []byte) (togetherJob, error) {
	var wrapped struct {
		Job json.RawMessage `json:"job"`
	}
	if err := json.Unmarshal(raw, &wrapped); err != nil {
		return togetherJob{}, err
	}
	if j := bytes.TrimSpace(wrapped.Job); len(j) > 0 && j[0] == '{' {
		raw = j
	}
	var job togetherJob
	err := json.Unmarshal(raw, &job)
	return job, err
}

// list reads the batches: a bare array of jobs, or OpenAI's list.
func (t togetherAPI) list(ctx context.Context) ([]togetherJob, error) {
	var raw []byte
	if err := t.r.client.Get(ctx, "batches", nil, &raw, t.opts()...); err != nil {
		return nil, err
	}
	var jobs []togetherJob
	if json.Unmarshal(raw, &jobs) == nil {
		return jobs, nil
	}
	var page struct {
		Data []togetherJob `json:"data"`
	}
	if err := json.Unmarshal(raw, &page); err != nil || page.Data == nil {
		return nil, fmt.Errorf("GET /batches answered no list of batches (%s)", oneLine(string(raw)))
	}
	return page.Data, nil
}

// Find reads the list of batches for one made of fileID. Together's
// reference names no pages of it: the one list is read whole. A list
// that cannot be read is an error, which find asks again, not none.
func (t togetherAPI) Find(ctx context.Context, fileID string) (string, error) {
	jobs, err := t.list(ctx)
	if err != nil {
		return "", t.c.describe(err)
	}
	for _, j := range jobs {
		if j.InputFileID == fileID && j.ID != "" {
			return j.ID, nil
		}
	}
	return "", nil
}

func (t togetherAPI) Status(ctx context.Context, id string) (batch.Status, error) {
	var raw []byte
	if err := t.r.client.Get(ctx, "batches/"+url.PathEscape(id), nil, &raw, t.opts()...); err != nil {
		return batch.Status{}, t.c.describe(err)
	}
	job, err := readJob(raw)
	if err == nil && job.Status == "" {
		err = errors.New("no status")
	}
	if err != nil {
		return batch.Status{}, t.c.redact(fmt.Errorf("openai: %s model %s: GET /batches/%s answered no batch job (%v): %s", t.c.s.BaseURL, t.c.s.Model, id, err, oneLine(string(raw))))
	}
	return t.status(job), nil
}

// status is job's state in moot's words, which are OpenAI's: Together's
// capitals in lower case, CANCELED spelled as OpenAI does.
func (t togetherAPI) status(job togetherJob) batch.Status {
	st := batch.Status{OutputFile: job.OutputFileID, ErrorFile: job.ErrorFileID, Created: created(job.CreatedAt), Progress: job.Progress}
	st.State, st.Ended, st.Strange = batchState(job.Status)
	if msg := jobError(job.Error); msg != "" {
		st.Problem = t.c.redactText(msg)
	}
	return st
}

// created reads a job's created_at: a date (Together's), or OpenAI's
// seconds; zero where it is neither.
func created(raw json.RawMessage) time.Time {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		if at, err := time.Parse(time.RFC3339Nano, s); err == nil {
			return at
		}
		return time.Time{}
	}
	var secs int64
	if json.Unmarshal(raw, &secs) == nil && secs > 0 {
		return time.Unix(secs, 0)
	}
	return time.Time{}
}

// jobError is a job's error in words: Together's string, or what else
// the field holds on one line.
func jobError(raw json.RawMessage) string {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return strings.TrimSpace(s)
	}
	if t := bytes.TrimSpace(raw); len(t) > 0 && !bytes.Equal(t, []byte("null")) {
		return oneLine(string(t))
	}
	return ""
}

func (t togetherAPI) Cancel(ctx context.Context, id string) error {
	if err := t.r.client.Post(ctx, "batches/"+url.PathEscape(id)+"/cancel", nil, nil, t.opts()...); err != nil {
		return t.c.describe(err)
	}
	return nil
}

// lineError is the error of a line of a batch's result file: OpenAI's
// {code, message}, or a string, which is read as its message (Together's
// reference says its error file pairs each custom_id with the reason,
// and shows no line).
type lineError struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

func (e *lineError) UnmarshalJSON(data []byte) error {
	var s string
	if json.Unmarshal(data, &s) == nil {
		*e = lineError{Message: s}
		return nil
	}
	type plain lineError
	return json.Unmarshal(data, (*plain)(e))
}

func (e *lineError) String() string {
	if e.Code == "" {
		return e.Message
	}
	return e.Code + ": " + e.Message
}

// answered reports whether l holds an answer: status 200, or no status
// at all where its body is a chat completion that has choices. Together's
// reference shows no output line: one without status_code, read as no
// answer, would send a request the provider answered (and charged for)
// again.
func (l resultLine) answered() bool {
	if l.Response == nil {
		return false
	}
	if l.Response.StatusCode != 0 {
		return l.Response.StatusCode == http.StatusOK
	}
	var body struct {
		Choices []json.RawMessage `json:"choices"`
	}
	return json.Unmarshal(l.Response.Body, &body) == nil && len(body.Choices) > 0
}
