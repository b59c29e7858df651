package engine

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
)

// reasonsFirst serves model "taker", which writes reasons without its
// verdict line until asked again, and model "grader", whose prompts'
// last messages it keeps and which answers "Answer: A".
func reasonsFirst(t *testing.T) (url string, saw func() []string) {
	var mu sync.Mutex
	var graderSaw []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var body struct {
			Model    string                     `json:"model"`
			Messages []struct{ Content string } `json:"messages"`
		}
		_ = json.NewDecoder(r.Body).Decode(&body)
		text := "Answer: A"
		switch {
		case body.Model == "taker" && len(body.Messages) <= 2:
			text = reasons
		case body.Model == "grader":
			mu.Lock()
			graderSaw = append(graderSaw, body.Messages[len(body.Messages)-1].Content)
			mu.Unlock()
		}
		writeChat(w, text)
	}))
	t.Cleanup(srv.Close)
	return srv.URL, func() []string { mu.Lock(); defer mu.Unlock(); return slices.Clone(graderSaw) }
}

const reasons = "The text names the kettle's colour in its first line, which settles it."

// reasonsExperiment is an experiment of agents g (the "grader" model) and
// e (the "taker"), playing protocol.
func reasonsExperiment(t *testing.T, url, protocol string) *Experiment {
	return mustParse(t, "reasons.yaml", fmt.Sprintf("name: reasons\nseed: 3\nagents:\n  g: {backend: openai, base_url: %[1]s/v1, model: grader}\n"+
		"  e: {backend: openai, base_url: %[1]s/v1, model: taker}\ntasks:\n  - {name: q, generator: qa, n: 2}\n"+
		"protocols:\n  - %[2]s\n", url, protocol))
}

// runReasons runs protocol (reasonsExperiment) against reasonsFirst's
// server, into the run folder it returns, and then, if rejudge, judges
// the run again with g; saw gives the grader model's prompts so far.
func runReasons(t *testing.T, protocol string, rejudge bool) (run string, saw func() []string) {
	t.Helper()
	url, saw := reasonsFirst(t)
	x := reasonsExperiment(t, url, protocol)
	run = t.TempDir()
	if _, err := runSummarized(context.Background(), x, Options{Out: run, Concurrency: 1}); err != nil {
		t.Fatal(err)
	}
	if rejudge {
		if _, err := rejudgeSummarized(context.Background(), x, run, "g", Options{Out: t.TempDir(), Concurrency: 1}); err != nil {
			t.Fatal(err)
		}
	}
	return run, saw
}

// checkReadAlike checks the last messages of the prompts the "grader"
// model read, twice in a run and twice in its rejudge: each holds the
// reasons, and the rejudge's are the run's.
func checkReadAlike(t *testing.T, who string, prompts []string) {
	t.Helper()
	if len(prompts) != 4 {
		t.Fatalf("the %s was asked %d times; want twice in the run and twice in the rejudge", who, len(prompts))
	}
	for i, p := range prompts {
		if !strings.Contains(p, reasons) {
			t.Errorf("%s's prompt %d holds no reasons:\n%s", who, i, p)
		}
	}
	if prompts[0] != prompts[2] || prompts[1] != prompts[3] {
		t.Errorf("the rejudge's %s read otherwise than the run's:\n%s\n---\n%s", who, prompts[0], prompts[2])
	}
}

// TestAnAnswerAskedAgainKeepsItsReasons: an exam-taker whose reply lacks
// its verdict line is asked again, for the line alone. Its grader reads
// the first reply's reasons with that line, not the line alone (which
// left the grader's "reasons" empty), and a rejudge's grader reads the
// same as the first: one turn, not the two replies as two turns.
func TestAnAnswerAskedAgainKeepsItsReasons(t *testing.T) {
	first, saw := runReasons(t, "{name: grade, judge: g, exam_takers: e}", true)
	for _, ep := range readTranscripts(t, first) {
		if n := len(ep.Messages); n != 3 || ep.Messages[1].Sample != 1 || ep.Messages[1].Shown != reasons+"\n\nAnswer: A" {
			t.Errorf("episode %s: %d messages, the re-ask's shown as %q; want the exam-taker asked twice, read as its reasons and its line", ep.EpisodeID, n, ep.Messages[min(1, n-1)].Shown)
		}
	}
	checkReadAlike(t, "grader", saw())
}

// TestAReferenceAskedAgainKeepsItsReasons: the judge reads an agent's
// reference asked again as its first reply's reasons with its line, in
// the run and in a rejudge alike.
func TestAReferenceAskedAgainKeepsItsReasons(t *testing.T) {
	_, saw := runReasons(t, "{name: direct, judge: g, reference: {agent: e}}", true)
	checkReadAlike(t, "judge", saw())
}
