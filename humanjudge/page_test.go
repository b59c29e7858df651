package humanjudge

import (
	"reflect"
	"testing"

	"github.com/mootlab/moot/agents"
	"github.com/mootlab/moot/engine"
	"github.com/mootlab/moot/transcript"
)

func TestSplitQuotes(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []partJSON
	}{
		{"", []partJSON{}},
		{"plain", []partJSON{{Text: "plain"}}},
		{"a <v_quote>b</v_quote> c", []partJSON{{Text: "a "}, {Text: "b", Quote: "verified"}, {Text: " c"}}},
		{"<u_quote>x</u_quote><quote>y</quote>", []partJSON{{Text: "x", Quote: "unverified"}, {Text: "y", Quote: "unchecked"}}},
		{"open <v_quote>never closed", []partJSON{{Text: "open <v_quote>never closed"}}},
		{"<v_quote><script>alert(1)</script></v_quote>", []partJSON{{Text: "<script>alert(1)</script>", Quote: "verified"}}},
	} {
		if got := splitQuotes(tc.in); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("splitQuotes(%q) = %+v; want %+v", tc.in, got, tc.want)
		}
	}
}

// TestQuestionsOfTheRunsJudgeAreMarked: an interactive consultancy's
// questions, asked by the run's model judge, are shown as its, not as the
// person's.
func TestQuestionsOfTheRunsJudgeAreMarked(t *testing.T) {
	seat := &engine.JudgeSeat{Request: agents.Request{Transcript: []transcript.Turn{
		{Round: 1, Role: transcript.RoleConsultant, Name: "Consultant", Side: 0, Text: "It is A."},
		{Round: 1, Role: transcript.RoleQuestioner, Name: "Judge", Side: transcript.NoSide, Text: "Where does it say so?"},
	}}}
	ep := pageEpisode(seat, 1)
	if got := ep.Turns[1].Speaker; got != "Judge (the run's model judge, not you)" {
		t.Errorf("the question's speaker reads %q; want it marked the run's model judge's", got)
	}
	if got := ep.Turns[0].Speaker; got != "Consultant" {
		t.Errorf("the consultant reads %q", got)
	}
}

// TestPageTellsWhatTheJudgeIsTold: the page gives the person the judge's
// instructions (its system message), which say what the format is: a
// consultant assigned its answer at random, as likely wrong as right, or
// one that chose it itself. Without them an assigned and an open
// consultancy read alike on the page, though the model judge was told
// apart.
func TestPageTellsWhatTheJudgeIsTold(t *testing.T) {
	const file = `name: hj-instructions
seed: 5
agents:
  strong: {backend: sim, skill: 0.7}
  weak-judge: {backend: sim, skill: 0.5}
tasks:
  - {name: hidden-qa, generator: qa, n: 2, difficulty: 0.6}
protocols:
  - {name: consultancy, judge: weak-judge, consultant: strong}
  - {name: open-consultancy, judge: weak-judge, consultant: strong}
`
	_, _, seats := fileSeats(t, file, "ann")
	told := map[string]string{}
	for i, s := range seats {
		var system string
		for _, m := range s.Request.Messages {
			if m.Role == "system" {
				system = m.Content
			}
		}
		if system == "" {
			t.Fatalf("episode %s: the judge's prompt has no system message", s.ID)
		}
		ep := pageEpisode(s, i+1)
		if ep.Instructions != system {
			t.Errorf("episode %s of %s: the page tells the person %q; the judge was told %q", s.ID, s.Protocol, ep.Instructions, system)
		}
		told[s.Protocol] = ep.Instructions
	}
	if len(told) != 2 || told["consultancy"] == told["open-consultancy"] {
		t.Errorf("the page tells the person %q; want an assigned and an open consultancy told apart", told)
	}
}
