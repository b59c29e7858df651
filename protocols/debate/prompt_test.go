package debate_test

import (
	"flag"
	"strings"
	"testing"

	"github.com/mootlab/moot/transcript"

	"github.com/mootlab/moot/protocols"
	_ "github.com/mootlab/moot/protocols/debate"
	"github.com/mootlab/moot/protocols/protocoltest"
	"github.com/mootlab/moot/quotes"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata")

// turnsSoFar is round 1 of a debate as a debater sees it.
func turnsSoFar() []transcript.Turn {
	return []transcript.Turn{
		{Round: 1, Role: transcript.RoleDebater, Name: "Debater A", Side: 0,
			Text: "I argue that the answer is A: \"teal\".\nThe article says " + quotes.Wrap(protocoltest.KeyQuote) + "\n"},
		{Round: 1, Role: transcript.RoleDebater, Name: "Debater B", Side: 1,
			Text: "I argue that the answer is B: \"ochre\".\nThe article says " + quotes.Wrap(protocoltest.FakeQuote) + "\n" +
				"My opponent quotes " + quotes.Wrap(protocoltest.KeyQuote) + ", but it is taken out of context.\n"},
	}
}

func protocol(t *testing.T) protocols.Protocol {
	return protocoltest.Build(t, "debate", "judge: weak\ndebaters: strong\nrounds: 2\n")
}

func prompts(t *testing.T) map[string]protocols.Prompt {
	return protocoltest.Prompts(t, protocol(t), "debater", transcript.RoleDebater, protocols.SlotB, turnsSoFar())
}

func TestPromptsGolden(t *testing.T) {
	all := prompts(t)
	// The open variant's protagonist answers the question itself first.
	all["answerer"] = protocoltest.Answerer("Protagonist", "strong")
	protocoltest.NoText(all, "debater", "judge", "answerer")
	// A code question: its program shown to every seat, no hidden text.
	for _, name := range []string{"debater", "judge"} {
		in := all[name+"-no-text"]
		in.View.Exhibit = "def f(n):\n    return n * 3\n\nf(4)"
		all[name+"-no-text-exhibit"] = in
	}
	protocoltest.RenderGolden(t, protocol(t), all, *update)
}

// TestPromptsGoldenSequential: in sequential debate each debater is told
// who speaks first in a round and who reads whose turn: Debater A, who
// speaks first, that B reads its turn; B, that it reads A's (in open
// debate the Protagonist and the Antagonist); with turns
// sequential-from-round-2, that the first round is written at once.
// Simultaneous debate says nothing of it (TestPromptsGolden).
func TestPromptsGoldenSequential(t *testing.T) {
	p := protocoltest.Build(t, "debate", "judge: weak\ndebaters: strong\nrounds: 2\nturns: sequential\n")
	// Round 1: A writes first, reading nothing; B then reads A's turn.
	second := protocoltest.Prompts(t, p, "debater", transcript.RoleDebater, protocols.SlotB, turnsSoFar()[:1])["debater"]
	first := protocoltest.Prompts(t, p, "debater", transcript.RoleDebater, protocols.SlotA, nil)["debater"]
	first.Side, first.Round, second.Round = 0, 1, 1
	protocoltest.RenderGolden(t, p, map[string]protocols.Prompt{
		"debater-sequential-first":  first,
		"debater-sequential-second": second,
	}, *update)
	// Round 1 at once, then in turn (Khan et al.'s sequential debate): B
	// in round 2 reads both opening turns and A's second.
	later := protocoltest.Build(t, "debate", "judge: weak\ndebaters: strong\nrounds: 2\nturns: sequential-from-round-2\n")
	turns := append(turnsSoFar(), transcript.Turn{Round: 2, Role: transcript.RoleDebater, Name: "Debater A", Side: 0,
		Text: "My opponent's quote names Mira Penham, not Mira Fenby.\n"})
	protocoltest.RenderGolden(t, later, map[string]protocols.Prompt{
		"debater-sequential-from-round-2": protocoltest.Prompts(t, later, "debater", transcript.RoleDebater, protocols.SlotB, turns)["debater"],
	}, *update)
	// One round of it is one round at once: nothing is said of turns.
	one := protocoltest.Build(t, "debate", "judge: weak\ndebaters: strong\nrounds: 1\nturns: sequential-from-round-2\n")
	in := protocoltest.Prompts(t, one, "debater", transcript.RoleDebater, protocols.SlotB, nil)["debater"]
	if msgs, err := one.Render(in); err != nil || strings.Contains(msgs[0].Content, "round") {
		t.Errorf("one round of sequential-from-round-2: the debater is told (err %v):\n%s\nwant nothing of rounds in turn", err, msgs[0].Content)
	}
	open := protocoltest.Build(t, "open-debate", "judge: weak\ndebaters: strong\nrounds: 2\nturns: sequential\n")
	for stance, want := range map[protocols.Stance]string{protocols.Own: "you speak first", protocols.Other: "the other debater speaks first"} {
		in := protocoltest.Prompts(t, open, "debater", transcript.RoleDebater, stance, turnsSoFar())["debater"]
		msgs, err := open.Render(in)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(msgs[0].Content, want) {
			t.Errorf("open debate's %s is told:\n%s\nwant %q", in.Seat.Name, msgs[0].Content, want)
		}
	}
}

// TestJudgePromptHidesArticle: whatever view it is given, the debate judge's
// prompt shows no article.
func TestJudgePromptHidesArticle(t *testing.T) {
	protocoltest.CheckJudgeHidesArticle(t, protocol(t), prompts(t)["judge"])
}

func TestRenderErrors(t *testing.T) {
	protocoltest.CheckRenderErrors(t, protocol(t), prompts(t)["debater"], map[string]func(*protocols.Prompt){
		"debater without a side": func(in *protocols.Prompt) { in.Side = transcript.NoSide },
		"role with no template":  func(in *protocols.Prompt) { in.Seat.Role = transcript.RoleConsultant },
	})
}
