package protocols

import (
	"crypto/sha256"
	"reflect"
	"testing"
	"testing/fstest"

	"github.com/mootlab/moot/transcript"
)

// TestPromptSHA256CoversEveryInput: a field added to a prompt's inputs
// must be added to its hash (appendShape, slotValues, PromptSHA256), and
// changing any input changes the hash.
func TestPromptSHA256CoversEveryInput(t *testing.T) {
	for _, c := range []struct {
		v    any
		want int
	}{{Prompt{}, 9}, {transcript.View{}, 10}, {Seat{}, 8}, {transcript.Turn{}, 5}, {transcript.Claim{}, 3}} {
		if got := reflect.TypeOf(c.v).NumField(); got != c.want {
			t.Errorf("%T has %d fields; want %d: hash the new one in PromptSHA256, then update this test", c.v, got, c.want)
		}
	}
	ts := MustParseTemplates(fstest.MapFS{"p.tmpl": {Data: []byte(`{{define "judge.system"}}x{{end}}{{define "judge.user"}}{{.View.Context}}{{end}}`)}}, "*.tmpl")
	base := Prompt{
		Seat: Seat{Name: "Judge", Role: transcript.RoleJudge, Agent: "j"}, Side: -1, Round: 2, Rounds: 3, WordLimit: 100,
		View: transcript.View{QuestionID: "q", Question: "Q?", Answers: [2]string{"a", "b"}, Context: "ctx", Difficulty: 0.5,
			Evidence: []transcript.Claim{{Kind: "quote", Answer: 0, Text: "e"}}},
		Transcript: []transcript.Turn{{Round: 1, Role: transcript.RoleDebater, Name: "A", Side: 0, Text: "t"}},
	}
	edits := map[string]func(p *Prompt){
		"seat name": func(p *Prompt) { p.Seat.Name = "J" }, "seat agent": func(p *Prompt) { p.Seat.Agent = "k" },
		"seat sees context": func(p *Prompt) { p.Seat.SeesContext = true }, "side": func(p *Prompt) { p.Side = 0 },
		"letter": func(p *Prompt) { p.Letter = "A" }, "round": func(p *Prompt) { p.Round = 3 },
		"rounds": func(p *Prompt) { p.Rounds = 4 }, "word limit": func(p *Prompt) { p.WordLimit = 1 },
		"quotes verified": func(p *Prompt) { p.QuotesVerified = true }, "question id": func(p *Prompt) { p.View.QuestionID = "r" },
		"family": func(p *Prompt) { p.View.Family = "math" }, "question": func(p *Prompt) { p.View.Question = "R?" },
		"exhibit": func(p *Prompt) { p.View.Exhibit = "x" }, "answer": func(p *Prompt) { p.View.Answers[1] = "c" },
		"context": func(p *Prompt) { p.View.Context = "cty" }, "difficulty": func(p *Prompt) { p.View.Difficulty = 0.6 },
		"shared": func(p *Prompt) { p.View.Shared = true }, "claim": func(p *Prompt) { p.View.Evidence[0].Text = "f" },
		"claim answer": func(p *Prompt) { p.View.Evidence[0].Answer = 1 }, "turn text": func(p *Prompt) { p.Transcript[0].Text = "u" },
		"turn side": func(p *Prompt) { p.Transcript[0].Side = 1 }, "turn name": func(p *Prompt) { p.Transcript[0].Name = "B" },
		"no turns": func(p *Prompt) { p.Transcript = nil },
		"grades":   func(p *Prompt) { p.Seat.Grades = "Exam-taker" },
		"gold reference": func(p *Prompt) {
			p.View.Reference = &transcript.Reference{Source: transcript.ReferenceGold, Answer: 0, Text: "a"}
		},
		"reference answer": func(p *Prompt) {
			p.View.Reference = &transcript.Reference{Source: transcript.ReferenceGold, Answer: 1, Text: "a"}
		},
		"agent reference": func(p *Prompt) {
			p.View.Reference = &transcript.Reference{Source: transcript.ReferenceAgent, Agent: "r", Answer: 0, Text: "a"}
		},
		"reference text": func(p *Prompt) {
			p.View.Reference = &transcript.Reference{Source: transcript.ReferenceAgent, Agent: "r", Answer: 0, Text: "b"}
		},
	}
	seen := map[[32]byte]string{ts.PromptSHA256(base, nil): "base"}
	for name, edit := range edits {
		p := base
		p.View.Evidence = append([]transcript.Claim(nil), base.View.Evidence...)
		p.Transcript = append([]transcript.Turn(nil), base.Transcript...)
		edit(&p)
		sum := ts.PromptSHA256(p, nil)
		if other, ok := seen[sum]; ok {
			t.Errorf("%s: got the hash of %s; want a hash of its own", name, other)
		}
		seen[sum] = name
	}
	right, wrong := sha256.Sum256([]byte(base.View.Context)), [32]byte{1}
	if ts.PromptSHA256(base, &right) != ts.PromptSHA256(base, nil) {
		t.Errorf("the context's hash given: got another hash than with the context hashed here")
	}
	if ts.PromptSHA256(base, &wrong) == ts.PromptSHA256(base, nil) {
		t.Errorf("another context's hash given: got the same hash; want the given one used")
	}
}
