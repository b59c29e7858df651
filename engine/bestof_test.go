package engine

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"

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
	ref := t.TempDir()
	first, err := runSummarized(context.Background(), x, Options{Out: ref, Concurrency: 2})
	if err != nil {
		t.Fatal(err)
	}
	again, err := rejudgeSummarized(context.Background(), x, ref, "judge", Options{Out: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(first.Summary.Cells, again.Summary.Cells); diff != "" {
		t.Errorf("rejudged best-of-N run (-first +rejudged):\n%s", diff)
	}
}
