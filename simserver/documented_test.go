package simserver

import (
	"bytes"
	"context"
	"io"
	"mime/multipart"
	"net/http"
	"testing"
	"time"
)

// TestModelsAnswerHead: the models endpoints answer HEAD as they answer
// GET (net/http's clients and curl -I ask so); other methods are refused.
func TestModelsAnswerHead(t *testing.T) {
	_, ts := start(t, Options{})
	for _, c := range []struct {
		method, path string
		want         int
	}{
		{http.MethodHead, modelsPath, http.StatusOK},
		{http.MethodHead, modelsPath + "/judge", http.StatusOK},
		{http.MethodPost, modelsPath, http.StatusMethodNotAllowed},
		{http.MethodDelete, modelsPath + "/judge", http.StatusMethodNotAllowed},
	} {
		t.Run(c.method+" "+c.path, func(t *testing.T) {
			r, err := http.NewRequest(c.method, ts.URL+c.path, nil)
			if err != nil {
				t.Fatal(err)
			}
			resp, err := http.DefaultClient.Do(r)
			if err != nil {
				t.Fatal(err)
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode != c.want {
				t.Errorf("got %d; want %d", resp.StatusCode, c.want)
			}
		})
	}
}

// TestUsageOfACutAnswerAddsUp: an answer cut at max_tokens counts the
// tokens sent: completion_tokens is the limit, and total_tokens is
// prompt_tokens plus that, not plus the uncut answer's.
func TestUsageOfACutAnswerAddsUp(t *testing.T) {
	_, ts := start(t, Options{})
	q := testQuestions(t)[1]
	req := debaterRequest(q, 0, 1, nil, 23)
	if n := generate(t, testModels()["debater"], req).Usage.OutputTokens; n <= 10 {
		t.Fatalf("the speech has %d tokens; the test needs more than 10", n)
	}
	_, data, err := post(t, nil, ts.URL, body("debater", req, map[string]any{"max_tokens": 10}), withRequest(t, req))
	if err != nil {
		t.Fatal(err)
	}
	u := decodeCompletion(t, data).Usage
	if u.CompletionTokens != 10 || u.PromptTokens <= 0 || u.TotalTokens != u.PromptTokens+10 {
		t.Errorf("usage of an answer cut at 10 tokens: got prompt %d, completion %d, total %d; want completion 10, total prompt+10", u.PromptTokens, u.CompletionTokens, u.TotalTokens)
	}
}

// TestBatchRequestsRefused: a file uploaded for another purpose than
// batch, and a batch of another endpoint than chat completions, are
// refused; a list's limit is 1 to 100.
func TestBatchRequestsRefused(t *testing.T) {
	_, ts := start(t, Options{})
	var form bytes.Buffer
	mw := multipart.NewWriter(&form)
	mw.WriteField("purpose", "fine-tune")
	fw, err := mw.CreateFormFile("file", "in.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	fw.Write(batchInput(t, inLine{"a", "judge", judgeRequest(testQuestions(t)[0], nil, 1)}))
	mw.Close()
	up, err := http.Post(ts.URL+"/v1/files", mw.FormDataContentType(), &form)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, up.Body)
	up.Body.Close()
	if up.StatusCode != http.StatusBadRequest {
		t.Errorf("a file uploaded for fine-tune: got %d; want 400", up.StatusCode)
	}
	resp, err := http.Post(ts.URL+"/v1/batches", "application/json", bytes.NewReader([]byte(`{"input_file_id":"file-x","endpoint":"/v1/embeddings","completion_window":"24h"}`)))
	if err != nil {
		t.Fatal(err)
	}
	data, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if e := decodeError(t, data); resp.StatusCode != http.StatusBadRequest || e.Error.Param == nil || *e.Error.Param != "endpoint" {
		t.Errorf("a batch of /v1/embeddings: got %d %s; want 400 naming the endpoint", resp.StatusCode, data)
	}
	for _, c := range []struct {
		limit string
		want  int
	}{{"0", 400}, {"1", 200}, {"100", 200}, {"101", 400}, {"x", 400}} {
		resp, data, err := get(t, ts.URL+"/v1/batches?limit="+c.limit, nil)
		if err != nil {
			t.Fatal(err)
		}
		if resp.StatusCode != c.want {
			t.Errorf("limit=%s: got %d %s; want %d", c.limit, resp.StatusCode, data, c.want)
		}
	}
}

// TestCancelOfAnEndedBatch: a batch that has ended is not cancelled: a
// cancel answers it as it is, completed, and it stays so.
func TestCancelOfAnEndedBatch(t *testing.T) {
	_, ts := start(t, Options{Batches: BatchOptions{Delay: time.Millisecond}})
	c := sdkClient(ts.URL, "")
	b := runBatch(t, c, batchInput(t, inLine{"a", "judge", judgeRequest(testQuestions(t)[0], nil, 1)}))
	if b.Status != "completed" {
		t.Fatalf("the batch ended %s; want completed", b.Status)
	}
	ctx := context.Background()
	got, err := c.Batches.Cancel(ctx, b.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != "completed" {
		t.Errorf("cancel of a completed batch: got status %s; want it answered completed", got.Status)
	}
	if again, err := c.Batches.Get(ctx, b.ID); err != nil || again.Status != "completed" || again.CancellingAt != 0 {
		t.Errorf("a completed batch after a cancel: got status %v, cancelling_at %v (%v); want completed, never cancelling", again.Status, again.CancellingAt, err)
	}
}
