package engine

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
)

// TestBestOfWithAFixedSeedDrawsEachCandidate: a debater whose agent fixes
// its seed (seed: 42), playing best-of-3 against a server that honours
// the seed, writes three candidates a turn, not one candidate three times
// (before, each candidate sent the same messages and the same seed, and a
// server that honours it answered each alike, paid for three times).
func TestBestOfWithAFixedSeedDrawsEachCandidate(t *testing.T) {
	for turn, texts := range candidatesDrawn(t, ", seed: 42") {
		want := []string{"seed 42.", "seed 43.", "seed 44."}
		if len(texts) != len(want) {
			t.Fatalf("%s: %d candidates; want 3", turn, len(texts))
		}
		for i, text := range texts {
			if !strings.HasSuffix(text, want[i]) {
				t.Errorf("%s: candidate %d reads %q; want it drawn with %s", turn, i+1, text, want[i])
			}
		}
	}
}

// TestBestOfCandidatesSendASeedEach: a debater without a fixed seed,
// playing best-of-3 against a server that honours the seed, sends each
// candidate of a turn a seed of its own, the one moot derives for its
// sample, so that the server draws three candidates. Were the second
// candidate sent the turn's own seed, as the first is, a server that
// honours it would write the first candidate twice; the sim, whose draw
// reads the sample's index as well, would not show it.
func TestBestOfCandidatesSendASeedEach(t *testing.T) {
	for turn, texts := range candidatesDrawn(t, "") {
		if distinct := len(slices.Compact(slices.Sorted(slices.Values(texts)))); len(texts) != 3 || distinct != 3 {
			t.Errorf("%s: %d candidates drawn apart, %v; want 3, a seed each", turn, distinct, texts)
		}
	}
}

// candidatesDrawn plays a best-of-3 debate of one round, on one question,
// by debater d (its settings dSettings added) against seedServer, and
// returns each turn's candidates' texts in order, by episode, seat and
// round; two turns an episode.
func candidatesDrawn(t *testing.T, dSettings string) map[string][]string {
	t.Helper()
	x := debateAt(t, seedServer(t).URL, dSettings, "{name: debate, judge: j, debaters: d, best_of: 3, rounds: 1, swap: false}")
	out := t.TempDir()
	mustRunSummarized(t, x, Options{Out: out, Concurrency: 1})
	turns := map[string][]string{}
	eps := readTranscripts(t, out)
	for _, ep := range eps {
		for _, m := range ep.Messages {
			if m.Candidate > 0 {
				key := fmt.Sprintf("%s: %s, round %d", ep.EpisodeID, m.Name, m.Round)
				texts := turns[key]
				for len(texts) < m.Candidate {
					texts = append(texts, "")
				}
				texts[m.Candidate-1] = m.Text
				turns[key] = texts
			}
		}
	}
	if len(eps) == 0 || len(turns) != 2*len(eps) {
		t.Fatalf("candidates of %d turns in %d episodes; want 2 an episode", len(turns), len(eps))
	}
	return turns
}

// seedServer answers a debater's call with the seed it was sent ("My
// case, as drawn with seed 42.", "none" without one), a server that
// honours the seed, and every other call "Answer: A".
func seedServer(t *testing.T) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var body struct {
			Model string `json:"model"`
			Seed  *int64 `json:"seed"`
		}
		_ = json.NewDecoder(r.Body).Decode(&body)
		text := "Answer: A"
		if body.Model == "debater" {
			seed := "none"
			if body.Seed != nil {
				seed = fmt.Sprint(*body.Seed)
			}
			text = "My case, as drawn with seed " + seed + "."
		}
		writeChat(w, text)
	}))
	t.Cleanup(srv.Close)
	return srv
}
