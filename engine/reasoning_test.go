package engine

import (
	"context"
	"strings"
	"testing"

	"github.com/mootlab/moot/agents"
)

// thinker is a speaker whose answers come with thinking beside them, as a
// reasoning model's do.
type thinker struct{ agents.Agent }

const thought = "I will argue it though I doubt it."

func (t thinker) Generate(ctx context.Context, req agents.Request) (agents.Response, error) {
	resp, err := t.Agent.Generate(ctx, req)
	resp.Reasoning = thought
	return resp, err
}

// TestReasoningIsKeptAndReadByNone: a speaker's thinking is kept in its
// message's record, and no other seat is shown it.
func TestReasoningIsKeptAndReadByNone(t *testing.T) {
	x := mustParse(t, "reasoning.yaml", strings.ReplaceAll(claimedQuotesExperiment, "name: claimed-quotes", "name: reasoning"))
	heard := &requests{}
	defer x.standIn(func(a *AgentEntry) agents.Agent {
		if a.Name == "forger" {
			return thinker{a.Agent}
		}
		return recording{a.Agent, heard}
	})()
	kept := 0
	for _, ep := range x.Plan() {
		rec := x.play(context.Background(), &ep)
		if rec.Error != "" {
			t.Fatal(rec.Error)
		}
		for _, m := range rec.Messages {
			switch {
			case m.Agent == "forger" && m.Reasoning == thought:
				kept++
			case m.Agent == "forger":
				t.Errorf("%s: %s's message: reasoning %q; want %q", rec.Protocol, m.Name, m.Reasoning, thought)
			case m.Reasoning != "":
				t.Errorf("%s: %s's message has reasoning %q; its agent gave none", rec.Protocol, m.Name, m.Reasoning)
			}
		}
	}
	if kept == 0 {
		t.Fatal("no message of the thinker's")
	}
	for _, req := range heard.all() {
		for _, turn := range req.Transcript {
			if strings.Contains(turn.Text, thought) {
				t.Errorf("%s was shown the thinker's thinking in %q", req.Name, turn.Text)
			}
		}
		for _, m := range req.Messages {
			if strings.Contains(m.Content, thought) {
				t.Errorf("%s's prompt holds the thinker's thinking", req.Name)
			}
		}
	}
}
