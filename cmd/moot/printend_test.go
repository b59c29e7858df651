package main

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/mootlab/moot/analysis"
	"github.com/mootlab/moot/engine"
)

// TestPrintEndSaysTheReasoningTokens: the run's last line says how many of
// the output tokens the models spent thinking, where a server counted
// any, and nothing of it where none did (the sim).
func TestPrintEndSaysTheReasoningTokens(t *testing.T) {
	for _, tc := range []struct {
		reasoning int
		want      string
	}{
		{0, "the run's episodes in all: 1200+340 tokens, $0.0100;"},
		{256, "the run's episodes in all: 1200+340 tokens (256 of the output's reasoning), $0.0100;"},
	} {
		var sum analysis.Summary
		sum.Usage.Total = analysis.Usage{InputTokens: 1200, OutputTokens: 340, ReasoningTokens: tc.reasoning, CostUSD: 0.01}
		var out bytes.Buffer
		printEnd(&out, sum, &engine.Result{}, time.Second, "runs/x")
		if !strings.Contains(out.String(), tc.want) {
			t.Errorf("reasoning %d: %q; want it to say %q", tc.reasoning, out.String(), tc.want)
		}
	}
}
