package engine

import (
	"context"
	"testing"

	"github.com/mootlab/moot/protocols"
	"github.com/mootlab/moot/transcript"
)

// scoredCandidate is a best-of-N candidate and the scorer's call that
// scored it.
type scoredCandidate struct{ candidate, scorer transcript.Message }

// scoredTurns pairs each best-of-N candidate of rec with its scorer's call:
// a seat's turn records the scorer's N calls, candidate by candidate, and
// then its N candidates.
func scoredTurns(t *testing.T, rec transcript.Episode) []scoredCandidate {
	t.Helper()
	var out []scoredCandidate
	var scorers []transcript.Message
	for _, m := range rec.Messages {
		switch {
		case m.Role == transcript.RoleScorer:
			scorers = append(scorers, m)
		case m.Candidate > 0:
			if m.Candidate > len(scorers) || m.Score == nil {
				t.Fatalf("%s: candidate %d of %s, score %v, after %d scorer calls", rec.EpisodeID, m.Candidate, m.Name, m.Score, len(scorers))
			}
			out = append(out, scoredCandidate{m, scorers[m.Candidate-1]})
			if !m.Discarded {
				scorers = nil
			}
		}
	}
	return out
}

// debaterSlot is the shown slot a debate's debater argues.
func debaterSlot(name string) int {
	if name == "Debater B" {
		return 1
	}
	return 0
}

// TestBestOfScoresTheCandidatesSide: a candidate's score is the scorer's
// probability for the candidate's side (docs/records.md, candidate): a
// scorer without noise chooses the side it finds more likely, so a
// candidate whose scorer chose its debater's side scores at least 0.5,
// and one whose scorer chose the other side at most 0.5. The scorer is
// the agent the scorer setting names, else the debater itself.
func TestBestOfScoresTheCandidatesSide(t *testing.T) {
	x := mustParse(t, "score.yaml", `name: score
seed: 4
agents:
  strong: {backend: sim, skill: 0.7, deception: 0.8}
  rater: {backend: sim, skill: 0.5, diligence: 0.3, trust_unverified: 0.3, noise: 0}
  judge: {backend: sim, skill: 0.5, diligence: 0.2, trust_unverified: 0.3}
tasks:
  - {name: qa, generator: qa, n: 6, difficulty: 0.7}
protocols:
  - {name: debate, label: rated, judge: judge, debaters: strong, best_of: 3, scorer: rater, rounds: 2}
  - {name: debate, label: self, judge: judge, debaters: strong, best_of: 2, rounds: 1}
`)
	var agreed, disagreed int
	for _, ep := range x.Plan() {
		rec := x.play(context.Background(), &ep)
		if rec.Error != "" {
			t.Fatalf("%s: %s", ep.ID, rec.Error)
		}
		scorer := "rater"
		if rec.Protocol == "self" {
			scorer = "strong"
		}
		for _, c := range scoredTurns(t, rec) {
			if c.scorer.Agent != scorer {
				t.Errorf("%s (%s): %s's candidate %d scored by %s; want %s", rec.EpisodeID, rec.Protocol, c.candidate.Name, c.candidate.Candidate, c.scorer.Agent, scorer)
			}
			if rec.Protocol != "rated" {
				continue
			}
			slot, _ := protocols.ParseVerdict(c.scorer.Text)
			switch score := *c.candidate.Score; {
			case slot == debaterSlot(c.candidate.Name) && score >= 0.5:
				agreed++
			case slot == 1-debaterSlot(c.candidate.Name) && score <= 0.5:
				disagreed++
			default:
				t.Errorf("%s: %s's candidate %d scored %v by a scorer who chose slot %d; want its probability for slot %d",
					rec.EpisodeID, c.candidate.Name, c.candidate.Candidate, score, slot, debaterSlot(c.candidate.Name))
			}
		}
	}
	if agreed == 0 || disagreed == 0 {
		t.Errorf("%d candidates scored by a scorer for their side, %d against; want some of each", agreed, disagreed)
	}
}
