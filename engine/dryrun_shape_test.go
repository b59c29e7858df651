package engine

import (
	"context"
	"errors"
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

// TestDryRunNamesASweptPromptsFile: a prompts file that a sweep gives a
// cell, and that fails to render, is named by the sweep's key, as the
// sweep's other errors are, at the sweep's line — not as the protocol's
// prompts: setting, which the file does not have.
func TestDryRunNamesASweptPromptsFile(t *testing.T) {
	x := loadWithTemplates(t, `{{define "judge.system"}}{{.View.Nope}}{{end}}`,
		"name: swept\nseed: 3\nagents:\n  s: {backend: sim}\n  j: {backend: sim}\n"+
			"tasks:\n  - {name: q, generator: qa, n: 2}\n"+
			"protocols:\n  - {name: debate, judge: j, debaters: s, rounds: 1}\n"+
			"sweep:\n  protocols.debate.prompts: {shipped: \"\", bad: t.tmpl}\n")
	_, err := x.DryRun(context.Background())
	var ie *InputError
	if !errors.As(err, &ie) || ie.Field != "sweep.protocols.debate.prompts" || ie.Line != 11 || !strings.Contains(err.Error(), "Nope") {
		t.Errorf("a swept prompts file that fails: %v; want it named as sweep.protocols.debate.prompts at line 11", err)
	}
}
