package engine

import (
	"context"
	"strings"
	"testing"

	"github.com/mootlab/moot/transcript"
)

// TestInteractiveConsultancy: the judge asks the consultant between rounds,
// quoting the claim it asks about; the consultant reads the question; and
// because asking directs the judge's scrutiny, a misleading consultant is
// caught more often than without questions.
func TestInteractiveConsultancy(t *testing.T) {
	x, err := Parse("int.yaml", []byte(`name: interactive
seed: 5
agents:
  strong: {backend: sim, skill: 0.9, deception: 0.8}
  judge: {backend: sim, skill: 0.5, diligence: 0.2, trust_unverified: 0.3, position_bias: 0.3}
tasks:
  - {name: qa, generator: qa, n: 200, difficulty: 0.6}
protocols:
  - {name: consultancy, judge: judge, consultant: strong}
  - {name: consultancy, label: interactive, judge: judge, consultant: strong, interactive: true}
`))
	if err != nil {
		t.Fatal(err)
	}
	res, err := runSummarized(context.Background(), x, Options{Out: t.TempDir(), Concurrency: 2})
	if err != nil {
		t.Fatal(err)
	}
	incorrect := map[string]float64{}
	for _, c := range res.Summary.Cells {
		for _, p := range c.Breakdown {
			if p.Assignment == "assigned-incorrect" {
				incorrect[c.Protocol] = p.Accuracy
			}
		}
	}
	if incorrect["interactive"] <= incorrect["consultancy"]+0.05 {
		t.Errorf("judge accuracy when the consultant is assigned the wrong answer: %.2f interactive, %.2f not; want questions to help", incorrect["interactive"], incorrect["consultancy"])
	}
	for _, ep := range x.Plan()[:6] {
		if ep.Protocol.Label != "interactive" {
			continue
		}
		rec := x.play(context.Background(), &ep)
		var questions int
		for i, m := range rec.Messages {
			if m.Role != transcript.RoleQuestioner {
				continue
			}
			questions++
			if next := rec.Messages[i+1]; next.Role != transcript.RoleConsultant || next.Round != m.Round+1 {
				t.Errorf("%s: after the question of round %d comes %s in round %d; want the consultant's next turn", ep.ID, m.Round, next.Role, next.Round)
			}
			if !strings.HasSuffix(strings.TrimSpace(m.Text), "?") {
				t.Errorf("%s: the judge's question %q is not a question", ep.ID, m.Text)
			}
		}
		if questions != 2 {
			t.Errorf("%s: %d questions; want one after each of the first two rounds", ep.ID, questions)
		}
	}
}
