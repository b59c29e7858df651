package humanjudge

import (
	"strings"
	"testing"
)

// TestPageShowsTheReference: a person judging a protocol whose judge reads
// a reference answer (reference: {agent: …}) reads it too, as the judge's
// prompt gives it: the answer it gives in the page's letters, its reasons
// without their verdict line, and, where the page shows the options the
// other way round from the writer's, that it does; without one the page
// has none.
func TestPageShowsTheReference(t *testing.T) {
	const file = `name: hj-reference
seed: 3
agents:
  strong: {backend: sim, skill: 0.9}
  weak-judge: {backend: sim, skill: 0.5}
tasks:
  - {name: hidden-qa, generator: qa, n: 4, difficulty: 0.6}
protocols:
  - {name: direct, label: with-reference, judge: weak-judge, swap: true, reference: {agent: strong, context: true}}
  - {name: direct, label: alone, judge: weak-judge}
`
	_, _, seats := fileSeats(t, file, "ann")
	with, swaps := 0, 0
	for i, s := range seats {
		ep := pageEpisode(s, i+1)
		switch {
		case s.Protocol == "with-reference" && ep.Reference == "":
			t.Errorf("episode %s: the judge reads a reference, the page shows none", s.ID)
		case s.Protocol == "with-reference":
			with++
			r := s.Request.View.Reference
			if r == nil || r.Answer < 0 {
				t.Fatalf("episode %s: reference %+v; want one that parsed", s.ID, r)
			}
			swapped := r.Options != s.Request.View.Answers
			if !strings.Contains(ep.Reference, "It answers: "+s.Request.View.Answers[r.Answer]) ||
				strings.Contains(ep.Reference, "Answer: ") || strings.Contains(ep.Reference, "<reference>") ||
				strings.Contains(ep.Reference, "other way round") != swapped {
				t.Errorf("episode %s (options swapped: %v): page reference %q; want the judge's note of %+v", s.ID, swapped, ep.Reference, r)
			}
			if swapped {
				swaps++
			}
		case ep.Reference != "":
			t.Errorf("episode %s of %s: the page shows a reference the judge does not read", s.ID, s.Protocol)
		}
	}
	if with == 0 || swaps == 0 || swaps == with {
		t.Fatalf("%d episodes with a reference, %d with the options swapped; want some of each", with, swaps)
	}
}

// TestGradingPageSaysWhatAReferencesLettersName: a person grading one
// answer, shown no options, reads what the protocol's grader reads after
// an agent's reference: that a letter in its reasons is not theirs to
// read as a grade. A judge shown both options is not told so.
func TestGradingPageSaysWhatAReferencesLettersName(t *testing.T) {
	const file = `name: hj-grade-reference
seed: 5
agents:
  strong: {backend: sim, skill: 0.9}
  weak-judge: {backend: sim, skill: 0.5}
tasks:
  - {name: hidden-qa, generator: qa, n: 3, difficulty: 0.6}
protocols:
  - {name: grade, judge: weak-judge, exam_takers: [strong], reference: {agent: strong}}
  - {name: direct, judge: weak-judge, reference: {agent: strong}}
`
	_, _, seats := fileSeats(t, file, "ann")
	graded := 0
	for i, s := range seats {
		ep := pageEpisode(s, i+1)
		told := strings.Contains(ep.Reference, "A letter in its reasons names an option as its writer was shown it")
		if told != (s.Graded != "") {
			t.Errorf("episode %s of %s (graded %q): told of the reference's letters: %v; reference %q", s.ID, s.Protocol, s.Graded, told, ep.Reference)
		}
		if s.Graded != "" {
			graded++
		}
	}
	if graded == 0 || graded == len(seats) {
		t.Fatalf("%d of %d episodes graded; want some of each", graded, len(seats))
	}
}
