package engine

import (
	"context"
	"strings"
	"testing"

	_ "github.com/mootlab/moot/protocols/consultancy"
	_ "github.com/mootlab/moot/protocols/debate"
	"github.com/mootlab/moot/tasks"
	"github.com/mootlab/moot/transcript"
)

const sidesExperiment = `name: sides
seed: 11
agents:
  strong: {backend: sim, skill: 0.8, deception: 0.5}
  other: {backend: sim, skill: 0.6, deception: 0.4}
  judge: {backend: sim, skill: 0.5, diligence: 0.3, trust_unverified: 0.3}
tasks:
  - {name: qa, generator: qa, n: 6, difficulty: 0.6}
protocols:
  - {name: debate, debaters: [strong, other], judge: judge, rounds: 1}
  - {name: consultancy, consultant: strong, judge: judge, rounds: 1, swap: true}
  - {name: direct, judge: judge, swap: false}
  - {name: society, agents: other, n: 3, rounds: 1, swap: true}
  - {name: mad, judge: judge, debaters: strong, moderator: other, verdict: moderator, rounds: 2, swap: true}
`

// TestShownOrderAndSides: each episode shows the answers in its
// assignment's order, and each seat argues the side its stance names, as
// docs/protocols.md and docs/records.md define them, checked against the
// question's gold label: correct-first shows the correct answer as A,
// correct-second as B, as-given as the question lists them; Debater A
// argues the answer shown first and Debater B the other, and with two
// debaters each takes each seat; the assigned-correct consultant argues
// the correct answer, the assigned-incorrect one the other. The verdict is
// the answer shown in the slot chosen, by the judge, a society's vote or
// MAD's moderator.
func TestShownOrderAndSides(t *testing.T) {
	x := mustParse(t, "sides.yaml", sidesExperiment)
	asA := map[string]int{}
	for _, ep := range x.Plan() {
		rec := x.play(context.Background(), &ep)
		if rec.Error != "" {
			t.Fatalf("%s: %s", ep.ID, rec.Error)
		}
		c := rec.CorrectAnswer
		want := [2]int{0, 1}
		switch {
		case strings.Contains(rec.Assignment, "correct-first"):
			want = [2]int{c, 1 - c}
		case strings.Contains(rec.Assignment, "correct-second"):
			want = [2]int{1 - c, c}
		case !strings.Contains(rec.Assignment, "as-given"):
			t.Fatalf("%s: assignment %q names no order", ep.ID, rec.Assignment)
		}
		if rec.Order != want {
			t.Errorf("%s (%s): answers shown in order %v; want %v (gold %d)", ep.ID, rec.Assignment, rec.Order, want, c)
		}
		for _, s := range rec.Seats {
			argues := transcript.NoSide
			switch {
			case s.Name == "Debater A":
				argues = rec.Order[0]
				asA[s.Agent]++
			case s.Name == "Debater B":
				argues = rec.Order[1]
			case s.Name == "Consultant" && strings.HasPrefix(rec.Assignment, "assigned-correct"):
				argues = c
			case s.Name == "Consultant" && strings.HasPrefix(rec.Assignment, "assigned-incorrect"):
				argues = 1 - c
			case s.Role != transcript.RoleJudge:
				continue // a seat that chooses its side, or none
			}
			if s.Argues != argues {
				t.Errorf("%s (%s): %s argues answer %d; want %d (shown %v, gold %d)", ep.ID, rec.Assignment, s.Name, s.Argues, argues, rec.Order, c)
			}
		}
		slot := strings.Index("AB", rec.Verdict.Slot)
		if slot < 0 || rec.Verdict.Answer != rec.Order[slot] || rec.Correct != (rec.Verdict.Answer == c) {
			t.Errorf("%s: verdict %+v, correct %v; want the answer shown in its slot (shown %v, gold %d)", ep.ID, rec.Verdict, rec.Correct, rec.Order, c)
		}
	}
	if asA["strong"] == 0 || asA["strong"] != asA["other"] {
		t.Errorf("Debater A's seat taken %v times by each debater; want each as often", asA)
	}
}

// TestViewsFollowTheShownOrder: a seat's view lists the answers in the
// order shown, and its evidence names them by that order (transcript.View,
// transcript.Claim): each claim argues, in the view, for the very answer it
// argues for in the question, whichever is shown first. The judge's view
// has no evidence (docs/protocols.md, .View.Evidence).
func TestViewsFollowTheShownOrder(t *testing.T) {
	q := &tasks.Question{ID: "q", Text: "Which?", Answers: [2]string{"north", "south"}, Correct: 1, Context: "The road runs south.",
		Evidence: []transcript.Claim{{Kind: transcript.KindQuote, Answer: 1, Text: "runs south"}, {Kind: transcript.KindQuote, Answer: 0, Text: "The road"}}}
	for _, order := range [][2]int{{0, 1}, {1, 0}} {
		hidden, open := views(q, order)
		for _, v := range []transcript.View{hidden, open} {
			if v.Answers != [2]string{q.Answers[order[0]], q.Answers[order[1]]} {
				t.Errorf("order %v: answers shown %q; want %q then %q", order, v.Answers, q.Answers[order[0]], q.Answers[order[1]])
			}
		}
		if len(hidden.Evidence) != 0 || hidden.Context != "" || open.Context != q.Context {
			t.Errorf("order %v: the judge sees evidence %v and text %q, the debater text %q; want none, none, the text", order, hidden.Evidence, hidden.Context, open.Context)
		}
		if len(open.Evidence) != len(q.Evidence) {
			t.Fatalf("order %v: %d claims; want %d", order, len(open.Evidence), len(q.Evidence))
		}
		for i, c := range open.Evidence {
			if got, want := open.Answers[c.Answer], q.Answers[q.Evidence[i].Answer]; got != want || c.Text != q.Evidence[i].Text {
				t.Errorf("order %v: claim %q argues for %q in the view; want %q, as in the question", order, c.Text, got, want)
			}
		}
	}
}
