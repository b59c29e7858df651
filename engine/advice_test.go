package engine

import (
	"strings"
	"testing"
)

// TestAdviceNamesTaskAndAgents: what the agents in play advise on a
// task's questions comes once per task and piece of advice, naming the
// agents that gave it and not an agent the plan never calls; a task whose
// questions draw no advice gets no line.
func TestAdviceNamesTaskAndAgents(t *testing.T) {
	x, err := Parse("testdata/data/x.yaml", []byte(`name: t
agents:
  s: {backend: sim}
  j: {backend: sim, skill: 0.3}
  idle: {backend: sim}
protocols:
  - {name: debate, judge: j, debaters: s}
tasks:
  - {name: q, loader: quality, path: ../../../tasks/loaders/testdata/quality.jsonl}
  - {name: gen, generator: qa, n: 20}
`))
	if err != nil {
		t.Fatal(err)
	}
	got := x.Advice()
	if len(got) != 1 {
		t.Fatalf("advice %q; want one line, for task q", got)
	}
	if !strings.HasPrefix(got[0], "task q: agents s, j: for 5 of 5 questions no true quote") {
		t.Errorf("advice %q; want task q, its agents in seat order, and the count", got[0])
	}
	if strings.Contains(got[0], "idle") {
		t.Errorf("advice %q names an agent the plan never calls", got[0])
	}
}
