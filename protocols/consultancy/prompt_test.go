package consultancy_test

import (
	"flag"
	"strings"
	"testing"

	"github.com/mootlab/moot/agents"
	"github.com/mootlab/moot/protocols"
	_ "github.com/mootlab/moot/protocols/consultancy"
	"github.com/mootlab/moot/protocols/protocoltest"
	"github.com/mootlab/moot/quotes"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata")

// transcript is two rounds of a consultant arguing for B (the incorrect
// answer) as it sees them, or, verified, as the judge sees them.
func transcript(verified bool) []agents.Turn {
	turns := []agents.Turn{
		{Round: 1, Role: agents.RoleConsultant, Name: "Consultant", Side: 1,
			Text: "I argue that the answer is B: \"ochre\".\nThe article says " + quotes.Wrap(protocoltest.NearMiss) + "\n"},
		{Round: 2, Role: agents.RoleConsultant, Name: "Consultant", Side: 1,
			Text: "I argue that the answer is B: \"ochre\".\nThe article says " + quotes.Wrap(protocoltest.FakeQuote) + "\n"},
	}
	if verified {
		return protocoltest.Verified(turns)
	}
	return turns
}

func protocol(t *testing.T) protocols.Protocol {
	return protocoltest.Build(t, "consultancy", "judge: weak\nconsultant: strong\n")
}

func prompts(t *testing.T) map[string]protocols.Prompt {
	p := protocol(t)
	return map[string]protocols.Prompt{
		"consultant": {
			Seat: protocoltest.Seat(t, p, agents.RoleConsultant, protocols.Incorrect), Side: 1, Round: 3, Rounds: 3, WordLimit: 150, QuotesVerified: true,
			View: protocoltest.View(true), Transcript: transcript(false),
		},
		"judge": {
			Seat: protocoltest.Seat(t, p, agents.RoleJudge, protocols.None), Side: agents.NoSide, Round: 3, Rounds: 2, WordLimit: 150, QuotesVerified: true,
			View: protocoltest.View(false), Transcript: transcript(true),
		},
		// With verify_quotes off, neither side is told quotes are checked.
		"consultant-unverified": {
			Seat: protocoltest.Seat(t, p, agents.RoleConsultant, protocols.Incorrect), Side: 1, Round: 3, Rounds: 3, WordLimit: 150,
			View: protocoltest.View(true), Transcript: transcript(false),
		},
		"judge-unverified": {
			Seat: protocoltest.Seat(t, p, agents.RoleJudge, protocols.None), Side: agents.NoSide, Round: 3, Rounds: 2, WordLimit: 150,
			View: protocoltest.View(false), Transcript: transcript(false),
		},
	}
}

func TestPromptsGolden(t *testing.T) {
	p := protocol(t)
	for name, in := range prompts(t) {
		t.Run(name, func(t *testing.T) {
			msgs, err := p.Render(in)
			if err != nil {
				t.Fatalf("Render: %v", err)
			}
			protocoltest.Golden(t, name, protocoltest.Format(msgs), *update)
		})
	}
}

// TestJudgePromptHidesArticle: whatever view it is given, the consultancy
// judge's prompt shows no article.
func TestJudgePromptHidesArticle(t *testing.T) {
	p := protocol(t)
	in := prompts(t)["judge"]
	in.View = protocoltest.View(true)
	msgs, err := p.Render(in)
	if err != nil {
		t.Fatal(err)
	}
	if got := protocoltest.Format(msgs); strings.Contains(got, protocoltest.ArticleOnly) || strings.Contains(got, "<article>") {
		t.Errorf("judge prompt shows the article:\n%s", got)
	}
}

func TestRenderErrors(t *testing.T) {
	p := protocol(t)
	tests := map[string]func(*protocols.Prompt){
		"consultant without a side": func(in *protocols.Prompt) { in.Side = agents.NoSide },
		"role with no template":     func(in *protocols.Prompt) { in.Seat.Role = agents.RoleDebater },
	}
	for name, mutate := range tests {
		t.Run(name, func(t *testing.T) {
			in := prompts(t)["consultant"]
			mutate(&in)
			if msgs, err := p.Render(in); err == nil {
				t.Errorf("Render = %q; want an error", msgs)
			}
		})
	}
}
