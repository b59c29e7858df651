package fit

import (
	"context"
	"strings"
	"testing"
)

// recoverModel is the model of testdata/recover.yaml, closed when the
// test ends.
func recoverModel(t *testing.T) *Model {
	t.Helper()
	m, err := NewModel("testdata/recover.yaml")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { m.Close() })
	return m
}

// simTargets evaluates m at the settings truth of params and returns a
// target for each condition: the sim's accuracy there ± halfWidth, from
// source, on lines 10 on.
func simTargets(t *testing.T, m *Model, params []Parameter, truth []float64, halfWidth float64, source string, conds ...Condition) []Target {
	t.Helper()
	at, err := m.Evaluate(context.Background(), params, truth)
	if err != nil {
		t.Fatal(err)
	}
	var out []Target
	for i, c := range conds {
		acc := at[c].Accuracy()
		out = append(out, Target{Protocol: c.Protocol, Assignment: c.Assignment, Accuracy: acc,
			CILow: acc - halfWidth, CIHigh: acc + halfWidth, Source: source, Line: 10 + i})
	}
	return out
}

// refitConditions are the targets of the refit tests: reading the
// article, a misleading consultant, and debate.
var refitConditions = []Condition{{"with-article", "", ""}, {"consultancy", "", "assigned-incorrect"}, {"debate", "", ""}}

// judgeParams are the judge's skill and diligence, each from 0 to 1 and
// starting at start, on lines 1 and 2.
func judgeParams(start float64) []Parameter {
	return []Parameter{
		{Name: "agents.judge.skill", Min: 0, Max: 1, Start: start, Line: 1},
		{Name: "agents.judge.diligence", Min: 0, Max: 1, Start: start, Line: 2},
	}
}

// written is res as Write writes it in format; the test fails where
// Write does.
func written(t *testing.T, res *Result, format string) string {
	t.Helper()
	var b strings.Builder
	if err := Write(&b, res, format); err != nil {
		t.Fatal(err)
	}
	return b.String()
}
