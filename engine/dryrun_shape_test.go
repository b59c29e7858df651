package engine

import (
	"context"
	"strings"
	"testing"
)

// TestDryRunTakesEveryShapeOfQuestion: a template whose typo sits in a
// branch only a question with no text takes is met by the dry run where
// the task's first question has a text and a later one none (a data file
// that gives some records a context): it plays the first question of each
// shape.
func TestDryRunTakesEveryShapeOfQuestion(t *testing.T) {
	x := loadWithTemplates(t, `{{define "consultant.user"}}Argue.{{if not .View.Context}} {{.View.Answres}}{{end}}{{end}}`,
		"name: shape\nseed: 3\nagents:\n  s: {backend: sim}\n  j: {backend: sim}\n"+
			"tasks:\n  - {name: q, generator: qa, n: 4}\n"+
			"protocols:\n  - {name: consultancy, judge: j, consultant: s, rounds: 1, prompts: t.tmpl}\n")
	if _, err := x.DryRun(context.Background()); err != nil {
		t.Fatalf("every question has a text: %v; want the branch untaken", err)
	}
	q := &x.Tasks[0].Questions[2]
	q.Context, q.Evidence = "", nil
	_, err := x.DryRun(context.Background())
	if err == nil || !strings.Contains(err.Error(), "Answres") {
		t.Errorf("a later question with no text: %v; want the dry run to meet the typo", err)
	}
}
