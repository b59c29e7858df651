package humanjudge

import (
	"strings"
	"testing"

	_ "github.com/mootlab/moot/protocols/grade"
	"github.com/mootlab/moot/transcript"
)

// TestGradingPage: a person grading an answer (the grade protocol) reads
// what the grader reads — the question and that one answer with its
// reasons, not the options nor the letter the exam-taker chose — and
// choosing "correct" (A) grades that answer correct, whichever slot it
// was shown in to the exam-taker.
func TestGradingPage(t *testing.T) {
	const file = `name: hj-grade
seed: 5
agents:
  ace: {backend: sim, skill: 0.9}
  poor: {backend: sim, skill: 0.1}
  grader: {backend: sim, skill: 0.5}
tasks:
  - {name: hidden-qa, generator: qa, n: 6, difficulty: 0.6}
protocols:
  - {name: grade, judge: grader, exam_takers: [ace, poor]}
`
	_, recs, seats := fileSeats(t, file, "carol")
	right, wrong := 0, 0
	for i, s := range seats {
		ep := pageEpisode(s, i+1)
		old := recs[i]
		if old.Graded == nil || s.Graded != old.Answers[old.Graded.Answer] || ep.Graded != s.Graded {
			t.Fatalf("episode %s: page grades %q; want the exam-taker's answer %v", s.ID, ep.Graded, old.Graded)
		}
		if ep.Answers != nil {
			t.Errorf("episode %s: the page shows the options %q to a grader", s.ID, ep.Answers)
		}
		for _, turn := range ep.Turns {
			last := turn.Parts[len(turn.Parts)-1].Text
			if turn.Argues != "" || strings.Contains(last, "Answer:") {
				t.Errorf("episode %s: the turn shows the letter chosen: argues %q, ends %q", s.ID, turn.Argues, last)
			}
		}
		rec := s.Verdict("It is right.\n\nAnswer: A", nil, 1)
		isRight := old.Graded.Answer == old.CorrectAnswer
		if rec.Graded == nil || rec.Graded.Call != transcript.GradeCorrect || rec.Correct != isRight {
			t.Errorf("episode %s: graded %+v, correct %v after calling it correct; want the grade correct and correct = %v", s.ID, rec.Graded, rec.Correct, isRight)
		}
		if isRight {
			right++
		} else {
			wrong++
		}
	}
	if right == 0 || wrong == 0 {
		t.Fatalf("%d right and %d wrong answers graded; want both", right, wrong)
	}
}
