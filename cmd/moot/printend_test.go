package main

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/mootlab/moot/analysis"
	"github.com/mootlab/moot/engine"
	"github.com/mootlab/moot/sinks"
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

// TestCountLinesAgree: the lines that count episodes agree with their
// count; a researcher's trial read "1 of 100 episodes were already done".
func TestCountLinesAgree(t *testing.T) {
	for _, tc := range []struct {
		name, want string
		say        func(out *bytes.Buffer)
	}{
		{"resumed one", "moot: resuming runs/x: 1 of 100 episodes was already done\n", func(out *bytes.Buffer) {
			resuming(out, "runs/x", sinks.NewProgress())(1, 100)
		}},
		{"resumed many", "moot: resuming runs/x: 25 of 100 episodes were already done\n", func(out *bytes.Buffer) {
			resuming(out, "runs/x", sinks.NewProgress())(25, 100)
		}},
		{"one episode, one left", "moot: 1 episode (0 of them resumed, 1 that had failed before and was not played again) in ", func(out *bytes.Buffer) {
			printEnd(out, analysis.Summary{Episodes: 1}, &engine.Result{Left: 1}, time.Second, "runs/x")
		}},
		{"many left", "moot: 8 episodes (5 of them resumed, 2 that had failed before and were not played again) in ", func(out *bytes.Buffer) {
			printEnd(out, analysis.Summary{Episodes: 8}, &engine.Result{Resumed: 5, Left: 2}, time.Second, "runs/x")
		}},
		{"rejudged one", "moot: rejudged 1 episode with j; wrote runs/y\n", func(out *bytes.Buffer) {
			_ = rejudged(out, analysis.Summary{Episodes: 1}, &engine.Result{}, rejudgeOptions{judge: "j", out: "runs/y"}, "runs/x", nil)
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var out bytes.Buffer
			tc.say(&out)
			if !strings.HasPrefix(out.String(), tc.want) {
				t.Errorf("got %q; want it to begin %q", out.String(), tc.want)
			}
		})
	}
}
