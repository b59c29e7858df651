package engine

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"
)

// TestRejudgeAsksAnEpisodesVerdictsAtOnce: a rejudge over the network
// asks the new judge an episode's interim verdicts and its own at once,
// for none reads another: a 3-round debate with a verdict after every
// round is one call in a row, not three. The server holds each call until
// the episode's three have come; they are recorded in order all the same.
func TestRejudgeAsksAnEpisodesVerdictsAtOnce(t *testing.T) {
	var (
		mu      sync.Mutex
		waiting []chan struct{}
		faults  []string
		groups  int
	)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		ch := make(chan struct{})
		if waiting = append(waiting, ch); len(waiting) == 3 {
			for _, c := range waiting {
				close(c)
			}
			waiting = nil
			groups++
		}
		mu.Unlock()
		select {
		case <-ch:
		case <-time.After(5 * time.Second):
			mu.Lock()
			faults = append(faults, "a verdict asked while the episode's others were not")
			mu.Unlock()
		}
		writeChat(w, "Answer: A")
	}))
	t.Cleanup(srv.Close)
	x, out := playedForRejudge(t, srv.URL, "", "")
	again := t.TempDir()
	if _, err := Rejudge(context.Background(), x, out, "k", Options{Out: again, Concurrency: 1}); err != nil {
		t.Fatal(err)
	}
	if len(faults) > 0 || groups != 2 {
		t.Fatalf("%d episodes' three verdicts asked together, of 2; %v", groups, faults)
	}
	for _, ep := range readTranscripts(t, again) {
		rounds := []int{}
		for _, m := range ep.Messages {
			if m.Agent == "k" {
				rounds = append(rounds, m.Round)
			}
		}
		if fmt.Sprint(rounds) != "[1 2 4]" || len(ep.Interim) != 2 || ep.Interim[0].Round != 1 || ep.Interim[1].Round != 2 || ep.Verdict.Slot != "A" {
			t.Errorf("%s: the new judge's messages of rounds %v, interim %+v, verdict %+v; want rounds 1 and 2, then its own, in order", ep.EpisodeID, rounds, ep.Interim, ep.Verdict)
		}
	}
}

// playedForRejudge plays a 3-round debate of sim agents, judged after
// every round, on one question (debate settings extra added), and returns
// the experiment and the run's folder; the experiment's agent k (model
// judge, its settings kSettings added) is served at url, to judge it
// again.
func playedForRejudge(t *testing.T, url, kSettings, extra string) (*Experiment, string) {
	t.Helper()
	x := mustParse(t, "again.yaml", fmt.Sprintf("name: again\nagents:\n"+
		"  s: {backend: sim, skill: 0.7}\n  j: {backend: sim}\n"+
		"  k: {backend: openai, base_url: %s/v1, model: judge%s}\n"+
		"tasks:\n  - {name: q, generator: qa, n: 1}\n"+
		"protocols:\n  - {name: debate, judge: j, debaters: s, judge_every_round: true%s}\n", url, kSettings, extra))
	out := t.TempDir()
	mustRunSummarized(t, x, Options{Out: out})
	return x, out
}
