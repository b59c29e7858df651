package engine

import (
	"testing"

	"github.com/mootlab/moot/agents"
	"github.com/mootlab/moot/agents/sim"
)

// TestCountedKeepsCapabilities: counting an agent's calls keeps it
// InProcess and PromptFree, so that a sim agent is still given message
// sizes rather than rendered prompts.
func TestCountedKeepsCapabilities(t *testing.T) {
	a := agents.Agent(&sim.Agent{})
	_, wantInProcess := a.(agents.InProcess)
	_, wantFree := a.(agents.PromptFree)
	if !wantFree {
		t.Fatal("sim.Agent is not PromptFree")
	}
	w := (&callCounts{}).wrap(a)
	if _, ok := w.(agents.InProcess); ok != wantInProcess {
		t.Errorf("counted InProcess = %v; want %v", ok, wantInProcess)
	}
	if _, ok := w.(agents.PromptFree); !ok {
		t.Error("counted sim agent is not PromptFree")
	}
	if _, ok := (&callCounts{}).wrap(struct{ agents.Agent }{a}).(agents.PromptFree); ok {
		t.Error("counted plain agent is PromptFree")
	}
}
