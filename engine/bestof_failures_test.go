package engine

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/mootlab/moot/analysis"
	"github.com/mootlab/moot/transcript"
)

// failingTurn plays one best-of-3 turn of debater d (seed 42, so that
// candidate k is drawn with seed 42 + k - 1 and reads "My case 4k."),
// scored by j, against a server that refuses (400, not retried) the calls
// whose body holds one of refuse's keys, with its value as the message;
// each call answered is 10 input tokens. It returns the episode's record
// and the run's usage by agent.
func failingTurn(t *testing.T, refuse map[string]string) (transcript.Episode, map[string]analysis.Usage) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		raw, _ := io.ReadAll(r.Body)
		var body struct {
			Model string `json:"model"`
			Seed  *int64 `json:"seed"`
		}
		_ = json.Unmarshal(raw, &body)
		for key, msg := range refuse {
			if strings.Contains(string(raw), key) {
				http.Error(w, fmt.Sprintf(`{"error":{"message":%q}}`, msg), http.StatusBadRequest)
				return
			}
		}
		text := "Answer: A"
		if body.Model == "debater" && body.Seed != nil {
			text = fmt.Sprintf("My case %d.", *body.Seed)
		}
		writeChatUsage(w, text, 10)
	}))
	t.Cleanup(srv.Close)
	x := debateAt(t, srv.URL, ", seed: 42", "{name: debate, judge: j, debaters: d, scorer: j, best_of: 3, rounds: 1, turns: sequential, swap: false}")
	out := t.TempDir()
	res, err := runSummarized(context.Background(), x, Options{Out: out, Concurrency: 1})
	if err == nil || res.Summary.Failed != 1 {
		t.Fatalf("err %v, %d failed; want the episode failed", err, res.Summary.Failed)
	}
	eps := readTranscripts(t, out)
	if len(eps) != 1 {
		t.Fatalf("%d records; want 1", len(eps))
	}
	return eps[0], res.Summary.Usage.ByAgent
}

// marks is how a record's messages are marked, in order: "a" a scorer's
// aside, "d3" discarded candidate 3, "k2" kept candidate 2, with
// unscored candidates' marks ending in "?"; other messages "-".
func marks(ep transcript.Episode) string {
	var b strings.Builder
	for _, m := range ep.Messages {
		switch {
		case m.Aside:
			b.WriteString("a ")
		case m.Candidate > 0:
			mark := "k"
			if m.Discarded {
				mark = "d"
			}
			if m.Score == nil {
				mark = "?" + mark
			}
			fmt.Fprintf(&b, "%s%d ", mark, m.Candidate)
		default:
			b.WriteString("- ")
		}
	}
	return strings.TrimSpace(b.String())
}

// TestBestOfRecordsEachCandidateMadeAsItself: where the second of a
// turn's three candidates fails, the first and the third are recorded as
// candidates 1 and 3, discarded and unscored. Had the failed call's marks
// gone onto the message recorded before it, the first would read as
// candidate 2.
func TestBestOfRecordsEachCandidateMadeAsItself(t *testing.T) {
	ep, usage := failingTurn(t, map[string]string{`"seed":43`: "candidate refused"})
	if got := marks(ep); got != "?d1 ?d3" || len(ep.FailedCalls) != 1 || ep.FailedCalls[0].Agent != "d" {
		t.Errorf("messages %q, failed calls %+v; want ?d1 ?d3, and d's candidate failed", got, ep.FailedCalls)
	}
	// They were made, and paid for: the run's usage counts them (before,
	// only the ratings made before the failure were recorded, and the
	// candidates they rated were not).
	if u := usage["d"]; u.Calls != 2 || u.FailedCalls != 1 || u.InputTokens != 20 {
		t.Errorf("d's usage %+v; want the two candidates made and the one that failed", u)
	}
	if u, ok := usage["j"]; ok && u.Calls != 0 {
		t.Errorf("j's usage %+v; want no rating of a turn whose candidate failed", u)
	}
}

// TestBestOfRecordsTheRatingsMadeWhereOneFails: where the ratings of a
// turn's second and third candidates fail, the episode fails with the
// first of those errors, and the record holds the rating made, as an
// aside, then every candidate, discarded and unscored: no candidate was
// kept, for not every one was rated.
func TestBestOfRecordsTheRatingsMadeWhereOneFails(t *testing.T) {
	ep, _ := failingTurn(t, map[string]string{"My case 43.": "rating of 43 refused", "My case 44.": "rating of 44 refused"})
	if got := marks(ep); got != "a ?d1 ?d2 ?d3" || len(ep.FailedCalls) != 2 {
		t.Errorf("messages %q, %d failed calls; want a ?d1 ?d2 ?d3 and the two ratings failed", got, len(ep.FailedCalls))
	}
	if !strings.Contains(ep.Error, "rating of 43 refused") {
		t.Errorf("the episode failed with %q; want the first failure, the second candidate's rating", ep.Error)
	}
}
