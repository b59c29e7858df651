package society_test

import (
	"flag"
	"slices"
	"testing"

	"github.com/mootlab/moot/protocols"
	"github.com/mootlab/moot/protocols/protocoltest"
	_ "github.com/mootlab/moot/protocols/society"
	"github.com/mootlab/moot/quotes"
	"github.com/mootlab/moot/transcript"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata")

func TestPromptsGolden(t *testing.T) {
	p := protocoltest.Build(t, "society", "agents: mid\n")
	seat := p.Assignments()[0].Seats[1]
	others := []transcript.Turn{
		{Round: 0, Role: transcript.RoleAnswerer, Name: "Agent 1", Side: 0,
			Text: "The passage " + quotes.Wrap(protocoltest.KeyQuote) + " supports A.\nAnswer: A\n"},
		{Round: 0, Role: transcript.RoleAnswerer, Name: "Agent 2", Side: 1, Text: "The text does not say.\nAnswer: B\n"},
		{Round: 0, Role: transcript.RoleAnswerer, Name: "Agent 3", Side: 1, Text: "I found nothing I could check.\nAnswer: B\n"},
	}
	// One agent alone (n: 1) is told so, and shown its own earlier answer.
	single := protocoltest.Build(t, "society", "agents: mid\nn: 1\nrounds: 1\n")
	only := single.Assignments()[0].Seats[0]
	mine := []transcript.Turn{{Round: 0, Role: transcript.RoleAnswerer, Name: "Agent 1", Side: 0,
		Text: "The passage " + quotes.Wrap(protocoltest.KeyQuote) + " supports A.\nAnswer: A\n"}}
	// An agent that does not read the text (sees_context: false) is told
	// it has none; an answer that did not parse reads as no clear answer.
	unclear := slices.Clone(others)
	unclear[2] = transcript.Turn{Round: 0, Role: transcript.RoleAnswerer, Name: "Agent 3", Side: transcript.NoSide, Text: "I cannot tell.\n"}
	exhibit := protocoltest.View(false)
	exhibit.NoContext = true
	exhibit.Exhibit = "def f(n):\n    return n * 3\n\nf(4)"
	protocoltest.RenderGolden(t, p, map[string]protocols.Prompt{
		"round-0":               {Seat: seat, Side: transcript.NoSide, Round: 0, Rounds: 2, View: protocoltest.View(true)},
		"round-1":               {Seat: seat, Side: transcript.NoSide, Round: 1, Rounds: 2, QuotesVerified: true, View: protocoltest.View(true), Transcript: protocoltest.Verified(others)},
		"round-1-unclear-blind": {Seat: seat, Side: transcript.NoSide, Round: 1, Rounds: 2, View: protocoltest.View(false), Transcript: unclear},
		// A code question: its program shown, no hidden text.
		"round-1-no-text-exhibit": {Seat: seat, Side: transcript.NoSide, Round: 1, Rounds: 2, View: exhibit, Transcript: unclear},
	}, *update)
	protocoltest.RenderGolden(t, single, map[string]protocols.Prompt{
		"alone-round-0":                 {Seat: only, Side: transcript.NoSide, Round: 0, Rounds: 1, View: protocoltest.View(true)},
		"alone-round-1":                 {Seat: only, Side: transcript.NoSide, Round: 1, Rounds: 1, QuotesVerified: true, View: protocoltest.View(true), Transcript: protocoltest.Verified(mine)},
		"alone-round-1-no-text-exhibit": {Seat: only, Side: transcript.NoSide, Round: 1, Rounds: 1, View: exhibit, Transcript: []transcript.Turn{{Round: 0, Role: transcript.RoleAnswerer, Name: "Agent 1", Side: transcript.NoSide, Text: "I cannot tell.\n"}}},
		"alone-round-1-unclear":         {Seat: only, Side: transcript.NoSide, Round: 1, Rounds: 1, View: protocoltest.View(false), Transcript: []transcript.Turn{{Round: 0, Role: transcript.RoleAnswerer, Name: "Agent 1", Side: transcript.NoSide, Text: "I cannot tell.\n"}}},
	}, *update)
}

// TestTemplatesReadAnOptionalSetting: a setting that may be left out is a
// pointer (.Settings.N); value gives what it points to, so that a
// template can compare it, as eq cannot compare a pointer with a number.
func TestTemplatesReadAnOptionalSetting(t *testing.T) {
	for _, c := range []struct{ n, want string }{{"1", "alone"}, {"3", "one of 3"}} {
		p := protocoltest.Build(t, "society", "agents: mid\nn: "+c.n+"\n")
		err := p.(protocols.PromptOverrider).OverridePrompts("n.tmpl",
			`{{define "answerer.system"}}{{if eq (value .Settings.N) 1}}alone{{else}}one of {{value .Settings.N}}{{end}}{{end}}`)
		if err != nil {
			t.Fatal(err)
		}
		msgs, err := p.Render(protocols.Prompt{Seat: p.Assignments()[0].Seats[0], Side: transcript.NoSide, View: protocoltest.View(true)})
		if err != nil {
			t.Fatal(err)
		}
		if got := msgs[0].Content; got != c.want {
			t.Errorf("n: %s: the system prompt reads %q; want %q", c.n, got, c.want)
		}
	}
}
