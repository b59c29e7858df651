package engine

import (
	"context"
	"strings"
	"testing"

	"github.com/mootlab/moot/protocols"
	"github.com/mootlab/moot/tasks"
	"github.com/mootlab/moot/transcript"
)

// A seat that picks its own answer argues the one it gave when asked the
// question (an aside, the record's first message), its rival the other;
// the assignment says whether the pick was correct. swap: true shows the
// answers in both orders, so that a slot is not its answer.
func TestOwnStanceArguesTheAnswerItGave(t *testing.T) {
	x := mustParse(t, "mad.yaml", `name: mad
seed: 3
agents:
  strong: {backend: sim, skill: 0.6, deception: 0.6}
  moderator: {backend: sim, skill: 0.6}
  judge: {backend: sim, skill: 0.5}
tasks:
  - {name: qa, generator: qa, n: 12, difficulty: 0.6}
protocols:
  - {name: mad, judge: judge, debaters: strong, moderator: moderator, swap: true}
`)
	picks := map[int]int{}
	for _, ep := range x.Plan() {
		rec := x.play(context.Background(), &ep)
		if rec.Error != "" {
			t.Fatalf("%s: %s", ep.ID, rec.Error)
		}
		first := rec.Messages[0]
		slot, _ := protocols.ParseVerdict(first.Text)
		if !first.Aside || slot < 0 || slot > 1 {
			t.Fatalf("%s: first message %+v; want the chooser's answer, an aside", ep.ID, first)
		}
		picks[slot]++
		chosen := rec.Order[slot]
		for i, s := range ep.Assignment.Seats {
			want := -2 // not checked
			switch s.Stance {
			case protocols.Own:
				want = chosen
			case protocols.Other:
				want = 1 - chosen
			}
			if want != -2 && rec.Seats[i].Argues != want {
				t.Errorf("%s: %s argues answer %d; want %d (the chooser gave slot %d of order %v)", ep.ID, s.Name, rec.Seats[i].Argues, want, slot, rec.Order)
			}
		}
		suffix := protocols.ChoseIncorrect
		if chosen == rec.CorrectAnswer {
			suffix = protocols.ChoseCorrect
		}
		if !strings.HasSuffix(rec.Assignment, suffix) {
			t.Errorf("%s: assignment %q; want it to end %q", ep.ID, rec.Assignment, suffix)
		}
	}
	if picks[0] == 0 || picks[1] == 0 {
		t.Errorf("the choosers picked slots %v; want both A and B among 12 questions", picks)
	}
}

// A seat that reads the text reads the evidence pool with each claim's
// answer given as the slot it is shown in; the judge's view has none.
func TestViewsGiveEvidenceInShownSlots(t *testing.T) {
	q := &tasks.Question{ID: "q", Text: "?", Answers: [2]string{"yes", "no"}, Correct: 0, Context: "text",
		Evidence: []transcript.Claim{{Answer: 0}, {Answer: 1}, {Answer: 0}}}
	for _, order := range [][2]int{{0, 1}, {1, 0}} {
		hidden, open := views(q, order)
		if len(hidden.Evidence) != 0 || len(open.Evidence) != 3 {
			t.Fatalf("order %v: %d claims hidden, %d open; want 0 and 3", order, len(hidden.Evidence), len(open.Evidence))
		}
		for i, c := range open.Evidence {
			if want := q.Evidence[i].Answer; order[c.Answer] != want {
				t.Errorf("order %v: claim %d for slot %d, which shows answer %d; want answer %d", order, i, c.Answer, order[c.Answer], want)
			}
		}
		if q.Evidence[1].Answer != 1 {
			t.Fatalf("views changed the question's own claims")
		}
	}
}
