package engine

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/mootlab/moot/simserver"
)

// TestBestOfInBatchModeIsTwoBatchesARound: a 3-round best-of-3 debate
// whose agents are in batch mode writes each round's candidates, both
// debaters', in one batch and scores them in the next: 3 × 2 batches and
// the judge's, 7 in a row. Each candidate and each rating had been asked
// after the one before, and the second debater after the first: 3 × 2 ×
// 6 + 1 = 37 batches, each a wait on the provider. The episodes are those
// the same experiment plays live.
func TestBestOfInBatchModeIsTwoBatchesARound(t *testing.T) {
	if testing.Short() {
		t.Skip("plays a debate over HTTP twice")
	}
	x := mustParse(t, "bo.yaml", "name: bo\nseed: 5\nagents:\n"+
		"  strong: {backend: sim, skill: 0.7, deception: 0.8}\n"+
		"  judge: {backend: sim, skill: 0.5}\ntasks:\n  - {name: qa, generator: qa, n: 1}\n"+
		"protocols:\n  - {name: direct, judge: judge}\n")
	models, _ := x.SimModels()
	srv := simserver.New(models, simserver.Options{Batches: simserver.BatchOptions{Delay: time.Millisecond}})
	hs := httptest.NewServer(srv)
	t.Cleanup(hs.Close)
	load := func(mode string) *Experiment {
		agent := func(name string) string {
			return "  " + name + ": {backend: openai, base_url: " + hs.URL + "/v1, model: " + name + mode + "}\n"
		}
		return mustParse(t, "bo.yaml", "name: bo\nseed: 5\nagents:\n"+agent("strong")+agent("judge")+
			"tasks:\n  - {name: qa, generator: qa, n: 1}\n"+
			"protocols:\n  - {name: debate, judge: judge, debaters: strong, best_of: 3, swap: false}\n")
	}
	live := t.TempDir()
	mustRunSummarized(t, load(""), Options{Out: live})
	batched := t.TempDir()
	mustRunSummarized(t, load(", mode: batch, batch: {poll: 2ms, poll_max: 20ms, list_lag: 1s}"), Options{Out: batched})
	sameRunButDraws(t, live, batched)
	calls := 0
	for _, ep := range readTranscripts(t, batched) {
		calls += len(ep.Messages)
	}
	if st := srv.Stats(); st.Batches != 7 || st.BatchAnswers != int64(calls) || calls != 3*2*6+1 {
		t.Errorf("%d calls in %d batches (%d recorded); want 37 calls in 7 batches", st.BatchAnswers, st.Batches, calls)
	}
}

// TestBestOfAsksTheFirstCandidateAloneThenTheOthersAtOnce: over the
// network, a turn's first candidate is asked alone and the others at once
// when it has answered: a provider's prompt cache then holds the prompt
// they share (the article, the debate so far), and discounts its later
// reads, which asked together with the first they would each miss and pay
// for whole. The server tells the candidates apart by their seeds (the
// agent's fixed seed, plus the candidate's index).
func TestBestOfAsksTheFirstCandidateAloneThenTheOthersAtOnce(t *testing.T) {
	var (
		mu        sync.Mutex
		faults    []string
		firstDone bool
		firstIn   bool
		arrived   int
		release   chan struct{}
		firsts    int
	)
	fault := func(f string) { mu.Lock(); faults = append(faults, f); mu.Unlock() }
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var body struct {
			Model string `json:"model"`
			Seed  int64  `json:"seed"`
		}
		_ = json.NewDecoder(r.Body).Decode(&body)
		text := "Answer: A"
		if body.Model == "debater" {
			text = fmt.Sprintf("My case, drawn with seed %d.", body.Seed)
			mu.Lock()
			switch body.Seed {
			case 42:
				if release != nil && arrived < 2 {
					faults = append(faults, "a turn's first candidate asked before the last turn's others were")
				}
				firsts++
				arrived, release, firstIn = 0, make(chan struct{}), true
				mu.Unlock()
				// The first is held a while: a candidate asked with it,
				// not after its answer, comes meanwhile.
				time.Sleep(50 * time.Millisecond)
				mu.Lock()
				firstIn, firstDone = false, true
				mu.Unlock()
			default:
				if !firstDone || firstIn {
					faults = append(faults, fmt.Sprintf("candidate of seed %d asked before the first had answered", body.Seed))
				}
				if arrived++; arrived == 2 {
					close(release)
					firstDone = false
				}
				ch := release
				mu.Unlock()
				select {
				case <-ch:
				case <-time.After(5 * time.Second):
					fault(fmt.Sprintf("candidate of seed %d: the other was not asked while it waited", body.Seed))
				}
			}
		}
		writeChat(w, text)
	}))
	t.Cleanup(srv.Close)
	x := debateAt(t, srv.URL, ", seed: 42", "{name: debate, judge: j, debaters: d, scorer: j, best_of: 3, rounds: 2, turns: sequential, swap: false}")
	mustRunSummarized(t, x, Options{Out: t.TempDir(), Concurrency: 1})
	if len(faults) > 0 || firsts != 4 {
		t.Errorf("%d turns' first candidates; want 4, each alone and then the others at once: %v", firsts, faults)
	}
}
