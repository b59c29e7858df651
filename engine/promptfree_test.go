package engine

import (
	"context"
	"sync/atomic"
	"testing"

	"github.com/mootlab/moot/agents"
	"github.com/mootlab/moot/agents/sim"
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

// TestRunRendersNoPromptForPromptFreeAgents: in a whole run — through the
// wrappers that count calls and cache answers — an agent that reads no
// prompt is sent none, so that sim runs do not pay for rendering.
func TestRunRendersNoPromptForPromptFreeAgents(t *testing.T) {
	x := loadText(t, "free.yaml", `name: free
seed: 3
agents:
  strong: {backend: sim, skill: 0.9}
  judge: {backend: sim, skill: 0.5}
tasks:
  - {name: qa, generator: qa, n: 4}
protocols:
  - {name: consultancy, judge: judge, consultant: strong, interactive: true}
  - {name: open-debate, judge: judge, debaters: strong, judge_every_round: true}
`)
	var rendered atomic.Int64
	for _, a := range x.Agents {
		a.Agent = promptFreeSim{a.Agent.(*sim.Agent), &rendered}
	}
	mustRunSummarized(t, x, Options{Out: t.TempDir()})
	if n := rendered.Load(); n != 0 {
		t.Errorf("%d requests to a PromptFree agent carried rendered messages; want none", n)
	}
}
