package engine

import (
	"context"
	"strings"
	"testing"

	"github.com/mootlab/moot/agents"
	"github.com/mootlab/moot/transcript"
)

const bestOfExperiment = `name: bon
seed: 9
agents:
  strong: {backend: sim, skill: 0.7, deception: 0.8}
  judge: {backend: sim, skill: 0.5, diligence: 0.2, trust_unverified: 0.3, position_bias: 0.3}
tasks:
  - {name: qa, generator: qa, n: 8, difficulty: 0.7}
protocols:
  - {name: debate, judge: judge, debaters: strong, best_of: 3, scorer: judge, rounds: 2}
`

// TestBestOfN: each debater turn is the kept one of three candidates, each
// scored by the scorer; every call is recorded, the discarded candidates
// marked, and the judge reads only the kept turns.
func TestBestOfN(t *testing.T) {
	x := mustParse(t, "bon.yaml", bestOfExperiment)
	for _, ep := range x.Plan() {
		rec := x.play(context.Background(), &ep)
		if rec.Error != "" {
			t.Fatal(rec.Error)
		}
		var scorers, candidates, discarded, kept int
		best := -1.0 // the highest score of the turn's candidates so far
		for _, m := range rec.Messages {
			switch {
			case m.Role == transcript.RoleScorer:
				scorers++
			case m.Candidate > 0:
				candidates++
				if m.Score == nil {
					t.Fatalf("%s: candidate %d of %s has no score", ep.ID, m.Candidate, m.Name)
				}
				if m.Discarded {
					discarded++
					best = max(best, *m.Score)
				} else {
					// The kept one is recorded last, scored at least as
					// high as every discarded one of its turn.
					kept++
					if *m.Score < best {
						t.Fatalf("%s: %s kept a candidate scored %v over one scored %v", ep.ID, m.Name, *m.Score, best)
					}
					best = -1
				}
			}
		}
		// 2 rounds × 2 debaters × 3 candidates.
		if scorers != 12 || candidates != 12 || discarded != 8 || kept != 4 {
			t.Fatalf("%s: %d scorer calls, %d candidates (%d discarded, %d kept); want 12, 12 (8, 4)", ep.ID, scorers, candidates, discarded, kept)
		}
		if last := rec.Messages[len(rec.Messages)-1]; last.Role != transcript.RoleJudge {
			t.Fatalf("%s: last message by %s; want the judge", ep.ID, last.Role)
		}
	}
	// The scorer never reads the gold label either.
	if err := x.CheckBlind(context.Background(), 1); err != nil {
		t.Fatal(err)
	}
	// Rejudging with the first judge reproduces the run: the judge is shown
	// only the kept turns.
	rejudgeReproduces(t, x, "judge", Options{Concurrency: 2}, Options{}, "rejudged best-of-N run")
}

// TestBestOfScorerSeesTheDebateSoFar: in turn (sequential), a scorer rates
// Debater B's candidates after the debate as B read it, Debater A's turn
// of the same round included, as the judge will read it.
func TestBestOfScorerSeesTheDebateSoFar(t *testing.T) {
	x := mustParse(t, "bon.yaml", strings.Replace(bestOfExperiment, "rounds: 2}", "rounds: 2, turns: sequential}", 1))
	heard := &requests{}
	defer x.standIn(func(a *AgentEntry) agents.Agent { return recording{a.Agent, heard} })()
	ep := x.Plan()[0]
	if rec := x.play(context.Background(), &ep); rec.Error != "" {
		t.Fatal(rec.Error)
	}
	checked := 0
	for _, req := range heard.all() {
		if req.Role != transcript.RoleScorer || req.Round != 1 {
			continue
		}
		// The scorer's transcript: the turns read, then the candidate.
		cand := req.Transcript[len(req.Transcript)-1]
		for _, turn := range req.Transcript[:len(req.Transcript)-1] {
			if turn.Round == 1 && turn.Side == 1-cand.Side {
				checked++ // the other debater's turn of this round
			}
		}
	}
	if checked != 3 {
		t.Errorf("%d of Debater B's 3 round-1 candidates were scored after Debater A's round-1 turn; want all", checked)
	}
}
