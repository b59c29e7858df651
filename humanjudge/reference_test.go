package humanjudge

import "testing"

// TestPageShowsTheReference: a person judging a protocol whose judge reads
// a reference answer (reference: {agent: …}) reads it too, as the judge's
// view has it; without one the page has none.
func TestPageShowsTheReference(t *testing.T) {
	const file = `name: hj-reference
seed: 3
agents:
  strong: {backend: sim, skill: 0.9}
  weak-judge: {backend: sim, skill: 0.5}
tasks:
  - {name: hidden-qa, generator: qa, n: 4, difficulty: 0.6}
protocols:
  - {name: direct, label: with-reference, judge: weak-judge, reference: {agent: strong, context: true}}
  - {name: direct, label: alone, judge: weak-judge}
`
	x, recs := playFile(t, file)
	seats, err := x.JudgeSeats(recs, Judge("ann"))
	if err != nil {
		t.Fatal(err)
	}
	with := 0
	for i, s := range seats {
		ep := pageEpisode(s, i+1)
		switch {
		case s.Protocol == "with-reference" && ep.Reference == "":
			t.Errorf("episode %s: the judge reads a reference, the page shows none", s.ID)
		case s.Protocol == "with-reference":
			with++
			if r := s.Request.View.Reference; r == nil || ep.Reference != r.Text {
				t.Errorf("episode %s: page reference %q; want the judge's %v", s.ID, ep.Reference, r)
			}
		case ep.Reference != "":
			t.Errorf("episode %s of %s: the page shows a reference the judge does not read", s.ID, s.Protocol)
		}
	}
	if with == 0 {
		t.Fatal("no episode with a reference")
	}
}
