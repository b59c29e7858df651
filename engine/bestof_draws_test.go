package engine

import (
	"fmt"
	"testing"
)

// TestBestOfCandidatesSendASeedEach: a debater without a fixed seed,
// playing best-of-3 against a server that honours the seed, sends each
// candidate of a turn a seed of its own, the one moot derives for its
// sample, so that the server draws three candidates. Were the second
// candidate sent the turn's own seed, as the first is, a server that
// honours it would write the first candidate twice; the sim, whose draw
// reads the sample's index as well, would not show it.
func TestBestOfCandidatesSendASeedEach(t *testing.T) {
	srv := seedServer(t)
	x := debateAt(t, srv.URL, "", "{name: debate, judge: j, debaters: d, best_of: 3, rounds: 1, swap: false}")
	out := t.TempDir()
	mustRunSummarized(t, x, Options{Out: out, Concurrency: 1})
	for _, ep := range readTranscripts(t, out) {
		drawn := map[string]map[string]bool{} // a turn's candidates' texts, by seat and round
		for _, m := range ep.Messages {
			if m.Candidate > 0 {
				key := fmt.Sprintf("%s, round %d", m.Name, m.Round)
				if drawn[key] == nil {
					drawn[key] = map[string]bool{}
				}
				drawn[key][m.Text] = true
			}
		}
		if len(drawn) != 2 {
			t.Fatalf("episode %s: candidates of %d turns; want 2", ep.EpisodeID, len(drawn))
		}
		for turn, texts := range drawn {
			if len(texts) != 3 {
				t.Errorf("%s: %d candidates drawn apart, %v; want 3, a seed each", turn, len(texts), texts)
			}
		}
	}
}
