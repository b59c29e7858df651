package society_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/mootlab/moot/protocols"
	"github.com/mootlab/moot/protocols/protocoltest"
	"github.com/mootlab/moot/transcript"
)

// TestSelfReflectionOfOneRound: one agent with any rounds of revision is
// self-reflection, compared with the single agent (docs/protocols.md:
// "n: 1 with rounds self-reflection/AGENTS"); only rounds: 0 is the
// single agent itself.
func TestSelfReflectionOfOneRound(t *testing.T) {
	c := protocoltest.Build(t, "society", "agents: r\nn: 1\nrounds: 1\n").Comparison()
	if c.Class != "self-reflection/r" || fmt.Sprint(c.Against) != "[single-agent/r]" {
		t.Errorf("n: 1, rounds: 1: class %s against %v; want self-reflection/r against [single-agent/r]", c.Class, c.Against)
	}
}

// TestQuotesCheckedOnlyForReaders: agents that read the hidden text have
// their quotes checked against it; agents that see what a judge sees
// have no text to check them against.
func TestQuotesCheckedOnlyForReaders(t *testing.T) {
	for settings, want := range map[string]bool{"agents: r\n": true, "agents: r\nsees_context: false\n": false} {
		if got := protocoltest.Build(t, "society", settings).Rules().VerifyQuotes; got != want {
			t.Errorf("%q: Rules().VerifyQuotes = %v; want %v", settings, got, want)
		}
	}
}

// TestTwoAgentsAreNotAlone: a society of two is told it is one of several
// agents and shown the others' answers by name; only one agent (n: 1) is
// told it answers alone.
func TestTwoAgentsAreNotAlone(t *testing.T) {
	p := protocoltest.Build(t, "society", "agents: [x, y]\nrounds: 1\n")
	seat := p.Assignments()[0].Seats[0]
	turns := []transcript.Turn{
		{Round: 0, Role: transcript.RoleAnswerer, Name: "Agent 1", Side: 0, Text: "A, it says so.\nAnswer: A"},
		{Round: 0, Role: transcript.RoleAnswerer, Name: "Agent 2", Side: 1, Text: "B, I think.\nAnswer: B"},
	}
	msgs, err := p.Render(protocols.Prompt{Seat: seat, Side: transcript.NoSide, Round: 1, Rounds: 1, View: protocoltest.View(true), Transcript: turns})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(msgs[0].Content, "one of several agents") || !strings.Contains(msgs[1].Content, "Agent 2 (round 0, answered B)") {
		t.Errorf("a society of two: prompt\n%s\n%s\nwant it told of the other agent and shown its answer", msgs[0].Content, msgs[1].Content)
	}
}
