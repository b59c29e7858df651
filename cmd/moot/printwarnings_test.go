package main

import (
	"strings"
	"testing"

	"github.com/mootlab/moot/analysis"
	"github.com/mootlab/moot/engine"
)

// TestPrintRunWarningsPrintsBoth: moot run's and moot verify's warnings
// are the engine's (a merged store cut short, a rejudge's, a batch's
// files left) and then the summary's, a line each, in that order.
func TestPrintRunWarningsPrintsBoth(t *testing.T) {
	var b strings.Builder
	res := &engine.Result{Warnings: []string{"prompts.jsonl is cut short"}}
	sum := analysis.Summary{Warnings: []analysis.Warning{{Message: "3 verdicts unparsed"}}}
	printRunWarnings(&b, res, sum)
	if want := "moot: warning: prompts.jsonl is cut short\nmoot: warning: 3 verdicts unparsed\n"; b.String() != want {
		t.Errorf("got %q; want %q", b.String(), want)
	}
}
