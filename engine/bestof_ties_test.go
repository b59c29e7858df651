package engine

import (
	"net/http/httptest"
	"testing"

	"github.com/mootlab/moot/protocols"
	"github.com/mootlab/moot/simserver"
	"github.com/mootlab/moot/transcript"
)

// TestBestOfKeepsTheFirstOfEquals: a scorer that gives no probabilities
// (logprobs: false) scores each candidate 1 or 0 by its vote, so that
// candidates often tie; the one kept is the highest scored, the first of
// equals (docs/records.md, candidate), read here from the records alone:
// no discarded candidate of a turn scores above the kept one, nor as high
// with a lower number. Each candidate scores 1 where its scorer chose the
// debater's side, else 0.
func TestBestOfKeepsTheFirstOfEquals(t *testing.T) {
	sim := mustParse(t, "ties.yaml", "name: ties\nseed: 5\nagents:\n"+
		"  strong: {backend: sim, skill: 0.7, deception: 0.8}\n"+
		"  judge: {backend: sim, skill: 0.5, diligence: 0.2, trust_unverified: 0.3, position_bias: 0.3}\n"+
		"tasks:\n  - {name: qa, generator: qa, n: 2}\nprotocols: [{name: debate, judge: judge, debaters: strong}]\n")
	models, _ := sim.SimModels()
	hs := httptest.NewServer(simserver.New(models, simserver.Options{}))
	t.Cleanup(hs.Close)
	agent := func(name string) string {
		return "  " + name + ": {backend: openai, base_url: " + hs.URL + "/v1, model: " + name + ", logprobs: false}\n"
	}
	x := mustParse(t, "ties.yaml", "name: ties\nseed: 5\nagents:\n"+agent("strong")+agent("judge")+
		"tasks:\n  - {name: qa, generator: qa, n: 4, difficulty: 0.7}\n"+
		"protocols: [{name: debate, judge: judge, debaters: strong, best_of: 3, scorer: judge, rounds: 1}]\n")
	out := t.TempDir()
	mustRunSummarized(t, x, Options{Out: out, Concurrency: 4})
	ties := 0
	for _, rec := range readTranscripts(t, out) {
		for _, c := range scoredTurns(t, rec) {
			want := 0.0
			if slot, _ := protocols.ParseVerdict(c.scorer.Text); slot == debaterSlot(c.candidate.Name) {
				want = 1
			}
			if *c.candidate.Score != want {
				t.Errorf("%s: %s's candidate %d scored %v; want %v, by the scorer's vote", rec.EpisodeID, c.candidate.Name, c.candidate.Candidate, *c.candidate.Score, want)
			}
		}
		var turn []transcript.Message // the candidates of one turn, the kept one last
		for _, m := range rec.Messages {
			if m.Candidate == 0 {
				continue
			}
			if m.Score == nil {
				t.Fatalf("%s: candidate %d of %s has no score", rec.EpisodeID, m.Candidate, m.Name)
			}
			if turn = append(turn, m); m.Discarded {
				continue
			}
			for _, d := range turn[:len(turn)-1] {
				if *d.Score > *m.Score || *d.Score == *m.Score && d.Candidate < m.Candidate {
					t.Errorf("%s: %s kept candidate %d (score %v) over candidate %d (score %v); want the highest, the first of equals",
						rec.EpisodeID, m.Name, m.Candidate, *m.Score, d.Candidate, *d.Score)
				}
				if *d.Score == *m.Score {
					ties++
				}
			}
			turn = turn[:0]
		}
	}
	if ties == 0 {
		t.Fatal("no candidates tied; want ties, which a scorer without probabilities makes")
	}
}
