package engine

import (
	"context"
	"strings"
	"testing"

	"github.com/mootlab/moot/agents"
	"github.com/mootlab/moot/quotes"
)

const exhibitQuotesExperiment = `
name: exhibit-quotes
seed: 5
agents:
  reader: {backend: sim, skill: 0.9}
  judge: {backend: sim, skill: 0.5}
tasks:
  - {name: code, generator: code, n: 2}
protocols:
  - {name: debate, judge: judge, debaters: reader, rounds: 1}
`

// programQuoter quotes the program a code question shows every seat: its
// last line that holds a "return", and a line no program has.
type programQuoter struct{ agents.Agent }

const inventedLine = "return total * 1000"

func (programQuoter) Generate(_ context.Context, req agents.Request) (agents.Response, error) {
	line := ""
	for _, l := range strings.Split(req.View.Exhibit, "\n") {
		if strings.Contains(l, "return") {
			line = strings.TrimSpace(l)
		}
	}
	return agents.Response{Text: "The program ends " + quotes.Wrap(line) + ", not " + quotes.Wrap(inventedLine) + ". Answer: A"}, nil
}

// TestQuotesOfTheProgramAreVerified: a quote of the program a code
// question shows with it is checked against it as against the hidden
// trace, and shown verified; a line in neither is shown unverified. (A
// line of the program was marked unverified, beside the trace alone, and
// read as invented.)
func TestQuotesOfTheProgramAreVerified(t *testing.T) {
	x := mustParse(t, "exhibit-quotes.yaml", exhibitQuotesExperiment)
	defer x.standIn(func(a *AgentEntry) agents.Agent {
		if a.Name == "reader" {
			return programQuoter{a.Agent}
		}
		return a.Agent
	})()
	checked := 0
	for _, ep := range x.Plan() {
		if ep.Question.Exhibit == "" || ep.Question.Context == "" {
			t.Fatalf("%s: a code question without its program or trace", ep.Question.ID)
		}
		rec := x.play(context.Background(), &ep)
		if rec.Error != "" {
			t.Fatal(rec.Error)
		}
		for _, m := range rec.Messages {
			if m.Agent != "reader" || m.Aside {
				continue
			}
			checked++
			if !strings.Contains(m.Shown, quotes.VerifiedOpen+"return ") || !strings.Contains(m.Shown, quotes.UnverifiedOpen+inventedLine) {
				t.Errorf("%s: %s's turn shown as %q; want the program's line verified and the invented one not", rec.QuestionID, m.Name, m.Shown)
			}
		}
	}
	if checked == 0 {
		t.Fatal("no turn of the program's quoter; the test wants some")
	}
}
