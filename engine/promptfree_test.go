package engine

import (
	"context"
	"sync/atomic"
	"testing"

	"github.com/mootlab/moot/agents"
	"github.com/mootlab/moot/agents/sim"
	"github.com/mootlab/moot/internal/settings"
)

// promptFreeSim is a sim agent that counts the requests it got with
// rendered messages: it declares that it reads none, so it should get none.
type promptFreeSim struct {
	*sim.Agent
	rendered *atomic.Int64
}

func (a promptFreeSim) Generate(ctx context.Context, req agents.Request) (agents.Response, error) {
	if req.Messages != nil {
		a.rendered.Add(1)
	}
	return a.Agent.Generate(ctx, req)
}

var renderedForPromptFree atomic.Int64

func init() {
	agents.Register("test-prompt-free", settings.Make("a sim agent that counts rendered prompts it was sent", sim.DefaultSettings,
		func(s sim.Settings) (agents.Agent, error) {
			return promptFreeSim{sim.New(s), &renderedForPromptFree}, nil
		}))
}

// TestRunRendersNoPromptForPromptFreeAgents: in a whole run — through the
// wrappers that count calls and cache answers — an agent that reads no
// prompt is sent none, so that sim runs do not pay for rendering.
func TestRunRendersNoPromptForPromptFreeAgents(t *testing.T) {
	x := loadText(t, "free.yaml", `name: free
seed: 3
agents:
  strong: {backend: test-prompt-free, skill: 0.9}
  judge: {backend: test-prompt-free, skill: 0.5}
tasks:
  - {name: qa, generator: qa, n: 4}
protocols:
  - {name: consultancy, judge: judge, consultant: strong, interactive: true}
  - {name: open-debate, judge: judge, debaters: strong, judge_every_round: true}
`)
	renderedForPromptFree.Store(0)
	if _, err := runSummarized(context.Background(), x, Options{Out: t.TempDir()}); err != nil {
		t.Fatal(err)
	}
	if n := renderedForPromptFree.Load(); n != 0 {
		t.Errorf("%d requests to a PromptFree agent carried rendered messages; want none", n)
	}
}
