package engine

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestBestOfWithAFixedSeedDrawsEachCandidate: a debater whose agent fixes
// its seed (seed: 42), playing best-of-3 against a server that honours
// the seed, writes three candidates a turn, not one candidate three times
// (before, each candidate sent the same messages and the same seed, and a
// server that honours it answered each alike, paid for three times).
func TestBestOfWithAFixedSeedDrawsEachCandidate(t *testing.T) {
	srv := seedServer(t)
	x := debateAt(t, srv.URL, ", seed: 42", "{name: debate, judge: j, debaters: d, best_of: 3, rounds: 1, swap: false}")
	out := t.TempDir()
	mustRunSummarized(t, x, Options{Out: out, Concurrency: 1})
	for _, ep := range readTranscripts(t, out) {
		turns := map[string][]string{} // a turn's candidates in order, by seat and round
		for _, m := range ep.Messages {
			if m.Candidate > 0 {
				key := fmt.Sprintf("%s, round %d", m.Name, m.Round)
				texts := turns[key]
				for len(texts) < m.Candidate {
					texts = append(texts, "")
				}
				texts[m.Candidate-1] = m.Text
				turns[key] = texts
			}
		}
		if len(turns) != 2 {
			t.Fatalf("episode %s: candidates of %d turns; want 2", ep.EpisodeID, len(turns))
		}
		for turn, texts := range turns {
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
