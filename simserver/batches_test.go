package simserver

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	sdk "github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/option"

	"github.com/mootlab/moot/agents"
)

// batchInput is a batch input file of the given lines, each {custom id,
// model, request}.
func batchInput(t *testing.T, lines ...inLine) []byte {
	t.Helper()
	var b bytes.Buffer
	for _, l := range lines {
		h, err := agents.EncodeRequestHeader(l.req)
		if err != nil {
			t.Fatal(err)
		}
		b.Write(encode(map[string]any{"custom_id": l.id, "method": "POST", "url": chatPath,
			"body": json.RawMessage(body(l.model, l.req, nil)), "moot_request": h}))
	}
	return b.Bytes()
}

// judgeLines are n lines of judge requests of one question, custom ids
// r0, r1… and seeds 0, 1….
func judgeLines(t *testing.T, n int) []inLine {
	t.Helper()
	q := testQuestions(t)[0]
	var lines []inLine
	for i := range n {
		lines = append(lines, inLine{fmt.Sprintf("r%d", i), "judge", judgeRequest(q, nil, uint64(i))})
	}
	return lines
}

// inLine is a line of a batch input file: a custom id, a model and a
// request.
type inLine struct {
	id, model string
	req       agents.Request
}

// createBatch uploads input and creates a batch of it.
func createBatch(t *testing.T, c sdk.Client, input []byte) *sdk.Batch {
	t.Helper()
	ctx := context.Background()
	f, err := c.Files.New(ctx, sdk.FileNewParams{File: sdk.File(bytes.NewReader(input), "in.jsonl", "application/jsonl"), Purpose: sdk.FilePurposeBatch})
	if err != nil {
		t.Fatal(err)
	}
	b, err := c.Batches.New(ctx, sdk.BatchNewParams{CompletionWindow: "24h", Endpoint: "/v1/chat/completions", InputFileID: f.ID})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// runBatch uploads input, creates a batch of it and waits for its end.
func runBatch(t *testing.T, c sdk.Client, input []byte) *sdk.Batch {
	t.Helper()
	ctx := context.Background()
	b := createBatch(t, c, input)
	var err error
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(2 * time.Millisecond) {
		if b, err = c.Batches.Get(ctx, b.ID); err != nil {
			t.Fatal(err)
		}
		switch b.Status {
		case "completed", "failed", "expired", "cancelled":
			return b
		}
	}
	t.Fatalf("batch %s still %s after 10s", b.ID, b.Status)
	return nil
}

// fileLines reads a batch's output or error file by custom id.
func fileLines(t *testing.T, c sdk.Client, id string) map[string]outputLine {
	t.Helper()
	out := map[string]outputLine{}
	if id == "" {
		return out
	}
	resp, err := c.Files.Content(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(nil, 1<<24)
	for sc.Scan() {
		var l outputLine
		if err := json.Unmarshal(sc.Bytes(), &l); err != nil {
			t.Fatal(err)
		}
		out[l.CustomID] = l
	}
	return out
}

func sdkClient(url, key string) sdk.Client {
	return sdk.NewClient(option.WithBaseURL(url+"/v1/"), option.WithAPIKey(key), option.WithMaxRetries(0))
}

// TestBatchPlaysLikeLive: a batch's answers are the live answers to the
// same requests; a request for an unknown model fails in the error file.
func TestBatchPlaysLikeLive(t *testing.T) {
	srv, ts := start(t, Options{APIKey: "k", Batches: BatchOptions{Delay: 20 * time.Millisecond}})
	q := testQuestions(t)[0]
	reqs := []agents.Request{judgeRequest(q, nil, 1), consultantRequest(q, 0, 2)}
	input := batchInput(t, inLine{"a", "judge", reqs[0]}, inLine{"b", "debater", reqs[1]}, inLine{"c", "nobody", reqs[0]})
	c := sdkClient(ts.URL, "k")
	b := runBatch(t, c, input)
	if b.Status != "completed" || b.RequestCounts.Total != 3 || b.RequestCounts.Completed != 2 || b.RequestCounts.Failed != 1 {
		t.Fatalf("batch %s, counts %+v; want completed, 2 of 3 done, 1 failed", b.Status, b.RequestCounts)
	}
	out, errs := fileLines(t, c, b.OutputFileID), fileLines(t, c, b.ErrorFileID)
	for i, id := range []string{"a", "b"} {
		model := map[string]string{"a": "judge", "b": "debater"}[id]
		resp, data, err := post(t, nil, ts.URL, body(model, reqs[i], nil), both(withRequest(t, reqs[i]), bearer("k")))
		if err != nil || resp.StatusCode != http.StatusOK {
			t.Fatalf("live %s: %v %v", id, resp, err)
		}
		live := decodeCompletion(t, data)
		l := out[id]
		if l.Response == nil || l.Response.StatusCode != http.StatusOK {
			t.Fatalf("request %s: %+v; want answered", id, l)
		}
		got := decodeCompletion(t, l.Response.Body)
		if got.Choices[0].Message.Content != live.Choices[0].Message.Content {
			t.Errorf("request %s answered %q in the batch, %q live", id, got.Choices[0].Message.Content, live.Choices[0].Message.Content)
		}
	}
	if l := errs["c"]; l.Response == nil || l.Response.StatusCode != http.StatusNotFound {
		t.Errorf("request c: %+v; want a 404 in the error file", l)
	}
	if rec := srv.Batches(); len(rec) != 1 || strings.Join(rec[0].CustomIDs, ",") != "a,b,c" {
		t.Errorf("batches recorded %+v; want one of a, b, c", rec)
	}
	if _, err := c.Batches.Get(context.Background(), b.ID, option.WithAPIKey("wrong")); err == nil {
		t.Error("a wrong key read a batch")
	}
}

// TestBatchFaults: the first Expire batches leave their second half
// undone; Fail fails a share of the requests, drawn from the seed and the
// custom id, so that a retry of the same id draws again.
func TestBatchFaults(t *testing.T) {
	srv, ts := start(t, Options{Batches: BatchOptions{Fail: 0.5, Expire: 1, Seed: 9}})
	lines := judgeLines(t, 10)
	c := sdkClient(ts.URL, "")
	b := runBatch(t, c, batchInput(t, lines...))
	errs := fileLines(t, c, b.ErrorFileID)
	if b.Status != "expired" {
		t.Fatalf("the first batch is %s; want expired", b.Status)
	}
	for i := 5; i < 10; i++ {
		if l := errs[fmt.Sprintf("r%d", i)]; l.Error == nil || l.Error.Code != "batch_expired" {
			t.Errorf("r%d: %+v; want batch_expired", i, l)
		}
	}
	failed := srv.Stats().BatchFailed
	// Again, all of them: the second batch does not expire; of those
	// that failed, some pass now.
	b = runBatch(t, c, batchInput(t, lines...))
	out := fileLines(t, c, b.OutputFileID)
	st := srv.Stats()
	if b.Status != "completed" || failed == 0 || st.BatchFailed == failed || len(out) == 0 || len(out) == 10 {
		t.Errorf("second batch %s, %d answered; failures %d then %d; want completed with some of each", b.Status, len(out), failed, st.BatchFailed)
	}
}

// TestBatchRefusesBadInput: a file with a repeated custom id fails as a
// whole, naming the line.
func TestBatchRefusesBadInput(t *testing.T) {
	_, ts := start(t, Options{})
	q := testQuestions(t)[0]
	r := judgeRequest(q, nil, 1)
	b := runBatch(t, sdkClient(ts.URL, ""), batchInput(t, inLine{"a", "judge", r}, inLine{"a", "judge", r}))
	if b.Status != "failed" || len(b.Errors.Data) != 1 || b.Errors.Data[0].Code != "duplicate_custom_id" || b.Errors.Data[0].Line != 2 {
		t.Errorf("batch %s, errors %+v; want failed on line 2's duplicate_custom_id", b.Status, b.Errors.Data)
	}
}

// TestBatchRefuse: with Refuse, a file with lines whose body holds it
// fails as a whole, its errors naming each such line; the batch is
// recorded with all its custom ids.
func TestBatchRefuse(t *testing.T) {
	srv, ts := start(t, Options{Batches: BatchOptions{Refuse: "refuse-me"}})
	q := testQuestions(t)[0]
	var lines []inLine
	for i, model := range []string{"judge", "judge", "refuse-me", "judge"} {
		lines = append(lines, inLine{fmt.Sprintf("r%d", i), model, judgeRequest(q, nil, uint64(i))})
	}
	b := runBatch(t, sdkClient(ts.URL, ""), batchInput(t, lines...))
	if b.Status != "failed" || len(b.Errors.Data) != 1 || b.Errors.Data[0].Line != 3 || b.Errors.Data[0].Code != "invalid_request" {
		t.Errorf("batch %s, errors %+v; want failed, naming line 3", b.Status, b.Errors.Data)
	}
	if rec := srv.Batches(); len(rec) != 1 || len(rec[0].CustomIDs) != 4 {
		t.Errorf("batches recorded %+v; want one of the 4 requests", rec)
	}
}

// TestBatchLineWithoutItsRequest: a batch line without moot_request fails
// in the error file with a message that names the field, not the header a
// live call lacks.
func TestBatchLineWithoutItsRequest(t *testing.T) {
	_, ts := start(t, Options{})
	r := judgeRequest(testQuestions(t)[0], nil, 1)
	input := encode(map[string]any{"custom_id": "a", "method": "POST", "url": chatPath, "body": json.RawMessage(body("judge", r, nil))})
	c := sdkClient(ts.URL, "")
	b := runBatch(t, c, input)
	l := fileLines(t, c, b.ErrorFileID)["a"]
	if l.Response == nil || l.Response.StatusCode != http.StatusBadRequest || !strings.Contains(string(l.Response.Body), "moot_request field") {
		t.Errorf("a line without moot_request: %+v; want a 400 that names the field", l.Response)
	}
}

// TestBatchListAndCancel: batches are listed newest first, a page at a
// time; a cancelled batch ends cancelled, its requests undone.
func TestBatchListAndCancel(t *testing.T) {
	_, ts := start(t, Options{Batches: BatchOptions{Delay: time.Second}})
	q := testQuestions(t)[0]
	c := sdkClient(ts.URL, "")
	ctx := context.Background()
	var ids []string
	for i := range 3 {
		ids = append(ids, createBatch(t, c, batchInput(t, inLine{"a", "judge", judgeRequest(q, nil, uint64(i))})).ID)
	}
	page, err := c.Batches.List(ctx, sdk.BatchListParams{Limit: sdk.Int(2)})
	if err != nil || len(page.Data) != 2 || page.Data[0].ID != ids[2] || !page.HasMore {
		t.Fatalf("first page %+v, %v; want the two newest and more", page, err)
	}
	next, err := c.Batches.List(ctx, sdk.BatchListParams{Limit: sdk.Int(2), After: sdk.String(page.Data[1].ID)})
	if err != nil || len(next.Data) != 1 || next.Data[0].ID != ids[0] || next.HasMore {
		t.Fatalf("second page %+v, %v; want the oldest alone", next, err)
	}
	if _, err := c.Batches.Cancel(ctx, ids[0]); err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(5 * time.Millisecond) {
		b, err := c.Batches.Get(ctx, ids[0])
		if err != nil {
			t.Fatal(err)
		}
		if b.Status == "cancelled" {
			if b.RequestCounts.Completed != 0 {
				t.Errorf("a cancelled batch answered %d requests", b.RequestCounts.Completed)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("batch still %s", b.Status)
		}
	}
	resp, err := http.Get(ts.URL + "/v1/batches/" + ids[1] + "/nothing")
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusNotFound {
		t.Errorf("an unknown path answered %d; want 404", resp.StatusCode)
	}
}

// TestBatchIDsAreNewAfterARestart: a server started again on the same
// address numbers its files and batches apart from the last start's, so
// that a client resuming a batch it sent before the restart is told the
// server no longer knows it (404), not shown another client's batch of the
// same number.
func TestBatchIDsAreNewAfterARestart(t *testing.T) {
	q := testQuestions(t)[0]
	input := batchInput(t, inLine{"a", "judge", judgeRequest(q, nil, 1)})
	ctx := context.Background()
	var before string
	for i := range 2 {
		_, ts := start(t, Options{Batches: BatchOptions{Delay: time.Hour}})
		c := sdkClient(ts.URL, "")
		if before != "" {
			if _, err := c.Batches.Get(ctx, before); !isStatus(err, http.StatusNotFound) {
				t.Errorf("the last start's batch %s: %v; want 404", before, err)
			}
		}
		b := createBatch(t, c, input)
		if b.ID == before {
			t.Fatalf("start %d gave its first batch the id %s of the last start's", i+1, b.ID)
		}
		before = b.ID
	}
}

// isStatus reports whether err is an API error of the given status.
func isStatus(err error, status int) bool {
	var e *sdk.Error
	return errors.As(err, &e) && e.StatusCode == status
}

// TestBatchHold: the first Hold batches answer half their requests and
// stay in progress until cancelled; then they end cancelled, keeping the
// answers made, the rest undone. The next batch is not held.
func TestBatchHold(t *testing.T) {
	_, ts := start(t, Options{Batches: BatchOptions{Hold: 1}})
	lines := judgeLines(t, 4)
	c := sdkClient(ts.URL, "")
	ctx := context.Background()
	held := createBatch(t, c, batchInput(t, lines...))
	waitBatch(t, c, held.ID, func(b *sdk.Batch) bool { return b.RequestCounts.Completed == 2 })
	time.Sleep(50 * time.Millisecond)
	if b, err := c.Batches.Get(ctx, held.ID); err != nil || b.Status != "in_progress" || b.RequestCounts.Completed != 2 {
		t.Fatalf("held batch %+v, %v; want in progress with 2 answered", b, err)
	}
	if _, err := c.Batches.Cancel(ctx, held.ID); err != nil {
		t.Fatal(err)
	}
	b := waitBatch(t, c, held.ID, func(b *sdk.Batch) bool { return b.Status == "cancelled" })
	out, errs := fileLines(t, c, b.OutputFileID), fileLines(t, c, b.ErrorFileID)
	for i, id := range []string{"r0", "r1", "r2", "r3"} {
		if _, ok := out[id]; ok != (i < 2) {
			t.Errorf("%s answered %v; want the first half answered", id, ok)
		}
		if l, ok := errs[id]; i >= 2 && (!ok || l.Error == nil || l.Error.Code != "batch_cancelled") {
			t.Errorf("%s: %+v; want batch_cancelled", id, l)
		}
	}
	if next := runBatch(t, c, batchInput(t, lines...)); next.Status != "completed" {
		t.Errorf("the second batch is %s; want completed (one batch held)", next.Status)
	}
}

// waitBatch polls batch id until done says so, for up to 5 seconds.
func waitBatch(t *testing.T, c sdk.Client, id string, done func(*sdk.Batch) bool) *sdk.Batch {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(5 * time.Millisecond) {
		b, err := c.Batches.Get(context.Background(), id)
		if err != nil {
			t.Fatal(err)
		}
		if done(b) {
			return b
		}
		if time.Now().After(deadline) {
			t.Fatalf("batch %s still %s, %+v", id, b.Status, b.RequestCounts)
		}
	}
}

// TestRepeated: Repeated names the first custom id, in the order the
// batches were made, sent in two batches, and those batches; none where
// every id was sent once.
func TestRepeated(t *testing.T) {
	s := New(testModels(), Options{})
	s.batches.records = []BatchRecord{{ID: "b1", CustomIDs: []string{"x", "y"}}, {ID: "b2", CustomIDs: []string{"z"}}}
	if id, first, again, ok := s.Repeated(); ok {
		t.Errorf("Repeated = %q in %s and %s; want none", id, first, again)
	}
	s.batches.records = append(s.batches.records, BatchRecord{ID: "b3", CustomIDs: []string{"z", "x"}})
	if id, first, again, ok := s.Repeated(); !ok || id != "z" || first != "b2" || again != "b3" {
		t.Errorf("Repeated = %q in %s and %s, %v; want z in b2 and b3", id, first, again, ok)
	}
}
