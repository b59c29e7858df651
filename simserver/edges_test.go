package simserver

import (
	"bytes"
	"context"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/mootlab/moot/agents"
	"github.com/mootlab/moot/transcript"
	sdk "github.com/openai/openai-go/v3"
)

// TestRequestBoundsAsOpenAIHasThem: the bounds of a request's settings
// are OpenAI's, at their ends too: n must be 1 (0 too is refused),
// top_logprobs may be 20 but not 21, and a temperature of 2 is allowed.
func TestRequestBoundsAsOpenAIHasThem(t *testing.T) {
	_, ts := start(t, Options{})
	req := judgeRequest(testQuestions(t)[0], nil, 1)
	for _, c := range []struct {
		extra  map[string]any
		status int
	}{
		{map[string]any{"n": 0}, 400},
		{map[string]any{"n": 1}, 200},
		{map[string]any{"logprobs": true, "top_logprobs": 20}, 200},
		{map[string]any{"logprobs": true, "top_logprobs": 21}, 400},
		{map[string]any{"temperature": 2}, 200},
	} {
		resp, data, err := post(t, nil, ts.URL, body("judge", req, c.extra), withRequest(t, req))
		if err != nil {
			t.Fatal(err)
		}
		if resp.StatusCode != c.status {
			t.Errorf("%v: status %d (%s); want %d", c.extra, resp.StatusCode, data, c.status)
		}
	}
}

// TestRejectedRequestsAreCounted: a request the server refuses counts as
// rejected in its stats, not as an answer.
func TestRejectedRequestsAreCounted(t *testing.T) {
	s, ts := start(t, Options{})
	req := judgeRequest(testQuestions(t)[0], nil, 1)
	if _, _, err := post(t, nil, ts.URL, body("gpt-9", req, nil), withRequest(t, req)); err != nil {
		t.Fatal(err)
	}
	if st := s.Stats(); st.Requests != 1 || st.Rejected != 1 || st.Answers != 0 {
		t.Errorf("stats %+v; want 1 request, rejected", st)
	}
}

// TestAPIKeyMissingAfterTheScheme: "Authorization: Bearer " with no key
// is told that it sent none, not that its key is wrong.
func TestAPIKeyMissingAfterTheScheme(t *testing.T) {
	_, ts := start(t, Options{APIKey: "k"})
	req := judgeRequest(testQuestions(t)[0], nil, 1)
	resp, data, err := post(t, nil, ts.URL, body("judge", req, nil), both(withRequest(t, req), bearer("")))
	if err != nil {
		t.Fatal(err)
	}
	if e := decodeError(t, data); resp.StatusCode != 401 || !strings.Contains(e.Error.Message, "didn't provide") {
		t.Errorf("status %d, %q; want 401 saying no key was sent", resp.StatusCode, e.Error.Message)
	}
}

// TestReceivedHasTheMessagesAsSent: Received is told each message with
// its role and content as the client sent them.
func TestReceivedHasTheMessagesAsSent(t *testing.T) {
	var got []transcript.ChatMessage
	_, ts := start(t, Options{Received: func(_ string, r agents.Request) { got = r.Messages }})
	req := judgeRequest(testQuestions(t)[0], nil, 1)
	if _, _, err := post(t, nil, ts.URL, body("judge", req, nil), withRequest(t, req)); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got, req.Messages) || len(got) < 2 || got[0].Role == got[len(got)-1].Role {
		t.Errorf("received %+v; want %+v", got, req.Messages)
	}
}

// TestCompletionIDFollowsTheRequest: the same request gets the same
// completion ID; one whose messages say something else gets another.
func TestCompletionIDFollowsTheRequest(t *testing.T) {
	msgs := func(content string) []transcript.ChatMessage {
		return []transcript.ChatMessage{{Role: "user", Content: content}}
	}
	if completionID("m", "h", msgs("a")) != completionID("m", "h", msgs("a")) {
		t.Error("one request, two IDs")
	}
	if completionID("m", "h", msgs("a")) == completionID("m", "h", msgs("b")) {
		t.Error("requests of other messages, one ID")
	}
}

// TestCutToTokensAtItsEnds: a text exactly at the limit is whole, and a
// cut keeps the words before the limit where the only space is the
// text's first byte.
func TestCutToTokensAtItsEnds(t *testing.T) {
	for _, c := range []struct {
		text  string
		limit int
		want  string
	}{{"abcdefgh", 2, "abcdefgh"}, {" abcdefgh", 1, " abc"}, {"ab cdefgh", 2, "ab"}} {
		if got := cutToTokens(c.text, c.limit); got != c.want {
			t.Errorf("cutToTokens(%q, %d) = %q; want %q", c.text, c.limit, got, c.want)
		}
	}
}

// TestLogprobsOfFewerThanTwoProbabilities: a verdict with fewer than two
// probabilities has its tokens alone, none of them with alternatives.
func TestLogprobsOfFewerThanTwoProbabilities(t *testing.T) {
	lp := logprobs("Answer: A", []float64{0.7})
	for _, tok := range lp.Content {
		if len(tok.TopLogprobs) != 0 || tok.Logprob != 0 {
			t.Errorf("token %+v; want it certain, with no alternatives", tok)
		}
	}
}

// TestBatchOfOnlyInjectedFailures: a batch whose every request fails
// counts them failed, and has an error file and no output file.
func TestBatchOfOnlyInjectedFailures(t *testing.T) {
	_, ts := start(t, Options{Batches: BatchOptions{Fail: 1}})
	lines := judgeLines(t, 3)
	c := sdkClient(ts.URL, "")
	b := runBatch(t, c, batchInput(t, lines...))
	if b.Status != "completed" || b.RequestCounts.Failed != 3 || b.RequestCounts.Completed != 0 || b.OutputFileID != "" || b.ErrorFileID == "" {
		t.Errorf("batch %s, counts %+v, output %q, errors %q; want completed, 3 failed, an error file alone", b.Status, b.RequestCounts, b.OutputFileID, b.ErrorFileID)
	}
}

// TestBatchFailureDrawsAnewEachAttempt: each attempt of a custom id
// draws its failure afresh, so that a request retried in a later batch
// may pass.
func TestBatchFailureDrawsAnewEachAttempt(t *testing.T) {
	b := newBatchStore(BatchOptions{Fail: 0.5, Seed: 3})
	var draws []bool
	for range 20 {
		draws = append(draws, b.drawFailure("r1"))
	}
	if !slices.Contains(draws, true) || !slices.Contains(draws, false) {
		t.Errorf("20 attempts of one request drew %v; want some of each", draws)
	}
}

// TestCancelTwice: cancelling a batch already cancelling answers it
// again, cancelling, and it ends cancelled.
func TestCancelTwice(t *testing.T) {
	_, ts := start(t, Options{Batches: BatchOptions{Delay: time.Second}})
	c := sdkClient(ts.URL, "")
	b := createBatch(t, c, batchInput(t, inLine{"r0", "judge", judgeRequest(testQuestions(t)[0], nil, 1)}))
	for range 2 {
		if got, err := c.Batches.Cancel(context.Background(), b.ID); err != nil || got.Status != "cancelling" {
			t.Fatalf("cancel: %+v, %v; want cancelling", got, err)
		}
	}
	waitBatch(t, c, b.ID, func(b *sdk.Batch) bool { return b.Status == "cancelled" })
}

// TestBatchOfAnEmptyFileFails: an input file of blank lines alone fails
// the batch, saying it has no requests.
func TestBatchOfAnEmptyFileFails(t *testing.T) {
	_, ts := start(t, Options{})
	c := sdkClient(ts.URL, "")
	b := runBatch(t, c, []byte("\n  \n"))
	if b.Status != "failed" || len(b.Errors.Data) != 1 || b.Errors.Data[0].Code != "empty_file" {
		t.Errorf("batch %s, errors %+v; want failed, empty_file", b.Status, b.Errors.Data)
	}
}

// TestFilesListPages: a page of exactly the files left has no more; the
// page after a file not listed is empty; a limit above 10000 is refused.
func TestFilesListPages(t *testing.T) {
	_, ts := start(t, Options{})
	c := sdkClient(ts.URL, "")
	ctx := context.Background()
	for range 2 {
		if _, err := c.Files.New(ctx, sdk.FileNewParams{File: sdk.File(bytes.NewReader([]byte("{}\n")), "in.jsonl", "application/jsonl"),
			Purpose: sdk.FilePurposeBatch}); err != nil {
			t.Fatal(err)
		}
	}
	if page, err := c.Files.List(ctx, sdk.FileListParams{Limit: sdk.Int(2)}); err != nil || len(page.Data) != 2 || page.HasMore {
		t.Errorf("2 files a page of 2: %d, has more %v, %v; want both, no more", len(page.Data), page != nil && page.HasMore, err)
	}
	if page, err := c.Files.List(ctx, sdk.FileListParams{After: sdk.String("file-none")}); err != nil || len(page.Data) != 0 {
		t.Errorf("the page after an unknown file: %v, %v; want empty", page, err)
	}
	resp, err := http.Get(ts.URL + filesPath + "?limit=10001")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusBadRequest {
		t.Errorf("limit 10001: status %d; want 400", resp.StatusCode)
	}
}

// TestFaultsRefuseAnyNegativeDuration: a duration below 0, however
// little, is refused.
func TestFaultsRefuseAnyNegativeDuration(t *testing.T) {
	if err := (Faults{Latency: -time.Nanosecond}).Validate(); err == nil {
		t.Error("a latency of -1ns validates; want it refused")
	}
}

// TestLogprobsOfAWordAfterAnswer: "Answer: Apple" names no verdict
// letter, and its tokens have no alternatives.
func TestLogprobsOfAWordAfterAnswer(t *testing.T) {
	for _, tok := range logprobs("Answer: Apple", []float64{0.7, 0.3}).Content {
		if len(tok.TopLogprobs) != 0 {
			t.Errorf("token %+v; want no alternatives", tok)
		}
	}
}
