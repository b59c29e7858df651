package consultancy_test

import (
	"flag"
	"testing"

	"github.com/mootlab/moot/transcript"

	"github.com/mootlab/moot/protocols"
	_ "github.com/mootlab/moot/protocols/consultancy"
	"github.com/mootlab/moot/protocols/protocoltest"
	"github.com/mootlab/moot/quotes"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata")

// turnsSoFar is two rounds of a consultant arguing for B (the incorrect
// answer), as it sees them.
func turnsSoFar() []transcript.Turn {
	return []transcript.Turn{
		{Round: 1, Role: transcript.RoleConsultant, Name: "Consultant", Side: 1,
			Text: "I argue that the answer is B: \"ochre\".\nThe article says " + quotes.Wrap(protocoltest.NearMiss) + "\n"},
		{Round: 2, Role: transcript.RoleConsultant, Name: "Consultant", Side: 1,
			Text: "I argue that the answer is B: \"ochre\".\nThe article says " + quotes.Wrap(protocoltest.FakeQuote) + "\n"},
	}
}

func protocol(t *testing.T) protocols.Protocol {
	return protocoltest.Build(t, "consultancy", "judge: weak\nconsultant: strong\n")
}

func prompts(t *testing.T) map[string]protocols.Prompt {
	return protocoltest.Prompts(t, protocol(t), "consultant", transcript.RoleConsultant, protocols.Incorrect, turnsSoFar())
}

func TestPromptsGolden(t *testing.T) {
	all := prompts(t)
	// The open variant's protagonist answers the question itself first.
	all["answerer"] = protocoltest.Answerer("Consultant", "strong")
	all["questioner"] = protocols.Prompt{
		Seat: protocols.Seat{Name: "Judge", Role: transcript.RoleQuestioner, Agent: "weak"},
		Side: transcript.NoSide, Round: 1, Rounds: 3, WordLimit: 150, QuotesVerified: true,
		View: protocoltest.View(false), Transcript: protocoltest.Verified(turnsSoFar()[:1]),
	}
	protocoltest.NoText(all, "consultant", "judge", "questioner")
	protocoltest.RenderGolden(t, protocol(t), all, *update)
}

// TestPromptsGoldenInteractive: only where the judge questions the
// consultant (interactive: true) is the consultant told to answer the
// judge's questions, and the judge told how its own questions are shown.
func TestPromptsGoldenInteractive(t *testing.T) {
	p := protocoltest.Build(t, "consultancy", "judge: weak\nconsultant: strong\ninteractive: true\n")
	turns := turnsSoFar()
	turns = append(turns[:1:1], transcript.Turn{Round: 1, Role: transcript.RoleQuestioner, Name: "Judge", Side: transcript.NoSide,
		Text: "Where does the article say the kettle was ochre?\n"}, turns[1])
	all := protocoltest.Prompts(t, p, "consultant", transcript.RoleConsultant, protocols.Incorrect, turns)
	// One round: the judge asks nothing, and neither is told of questions.
	one := protocoltest.Build(t, "consultancy", "judge: weak\nconsultant: strong\ninteractive: true\nrounds: 1\n")
	single := protocoltest.Prompts(t, one, "consultant", transcript.RoleConsultant, protocols.Incorrect, turnsSoFar()[:1])
	protocoltest.RenderGolden(t, p, map[string]protocols.Prompt{
		"consultant-interactive": all["consultant"],
		"judge-interactive":      all["judge"],
	}, *update)
	protocoltest.RenderGolden(t, one, map[string]protocols.Prompt{
		"consultant-interactive-one-round": single["consultant"],
		"judge-interactive-one-round":      single["judge"],
	}, *update)
}

// TestJudgePromptHidesArticle: whatever view it is given, the consultancy
// judge's prompt shows no article.
func TestJudgePromptHidesArticle(t *testing.T) {
	protocoltest.CheckJudgeHidesArticle(t, protocol(t), prompts(t)["judge"])
}

func TestRenderErrors(t *testing.T) {
	protocoltest.CheckRenderErrors(t, protocol(t), prompts(t)["consultant"], map[string]func(*protocols.Prompt){
		"consultant without a side": func(in *protocols.Prompt) { in.Side = transcript.NoSide },
		"role with no template":     func(in *protocols.Prompt) { in.Seat.Role = transcript.RoleDebater },
	})
}
