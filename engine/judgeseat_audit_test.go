package engine

import (
	"testing"
)

// A vote has no judge to take over, nor has a failed episode: JudgeSeats
// leaves both out, and takes the judge's seat of every other episode.
func TestJudgeSeatsLeaveOutVotesAndFailures(t *testing.T) {
	x := mustParse(t, "mixed.yaml", `name: mixed
seed: 3
agents:
  mid: {backend: sim, skill: 0.6}
tasks:
  - {name: qa, generator: qa, n: 4}
protocols:
  - {name: direct, judge: mid}
  - {name: society, label: vote, agents: mid, n: 3, rounds: 0}
`)
	recs := played(t, x, Options{})
	if len(recs) != 8 {
		t.Fatalf("%d records; want 8", len(recs))
	}
	recs[0].Error = "failed" // the first question's direct episode
	seats, err := x.JudgeSeats(recs, "mid")
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]bool{}
	for _, r := range recs[1:] {
		if r.Protocol == "direct" {
			want[r.QuestionID] = true
		}
	}
	if len(seats) != len(want) || len(want) != 3 {
		t.Fatalf("%d judge seats; want the 3 direct episodes that did not fail", len(seats))
	}
	for _, s := range seats {
		if s.Protocol != "direct" || !want[s.QuestionID] {
			t.Errorf("a judge seat of %s on %s; want only direct's, not the failed one's", s.Protocol, s.QuestionID)
		}
		// A person's one reply is one ask.
		if rec := s.Verdict("It is B.\nAnswer: B", nil, 1); rec.Verdict.Asks != 1 || rec.Verdict.Slot != "B" {
			t.Errorf("seat %s: verdict %+v; want one ask, for B", s.ID, rec.Verdict)
		}
	}
}
