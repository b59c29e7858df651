package sinks

import (
	"strings"
	"testing"

	"github.com/mootlab/moot/analysis"
)

// An agent whose limit is max_completion_tokens (a reasoning model,
// which refuses max_tokens) is told of that setting too: max_tokens
// alone beside it is refused as a second limit.
func TestTruncationWarningNamesBothLimits(t *testing.T) {
	ws := usageWarnings(analysis.UsageSummary{ByAgent: map[string]analysis.Usage{"o": {Calls: 3, TruncatedCalls: 2}}})
	if len(ws) != 1 || ws[0].Kind != analysis.WarnTruncatedAnswers {
		t.Fatalf("warnings %+v, want one of truncated answers", ws)
	}
	if !strings.Contains(ws[0].Message, "max_completion_tokens") {
		t.Errorf("warning %q names max_tokens alone", ws[0].Message)
	}
	// A limit raised does not mend an answer the context length cut.
	if !strings.Contains(ws[0].Message, "where the context length did, the prompt is too long for the model") {
		t.Errorf("warning %q says nothing of an answer the context length cut", ws[0].Message)
	}
}

// TestUnprobedVerdictsCountEveryCell: a judge with a probability on each
// verdict of one cell and on none of another is warned of with both
// cells' verdicts counted (the second's were left out of the count); a
// judge that gave none anywhere is not warned of.
func TestUnprobedVerdictsCountEveryCell(t *testing.T) {
	sum := analysis.Summary{Cells: []analysis.Cell{
		{Judge: "j", N: 10, Unparsed: 1, Calibration: &analysis.Calibration{N: 9}},
		{Judge: "j", N: 6},
		{Judge: "plain", N: 5},
	}}
	ws := unprobedWarnings(judgeTallies(sum))
	if len(ws) != 1 || !strings.Contains(ws[0].Message, "judge j: 6 of its 15 parsed verdicts came without a probability") {
		t.Errorf("warnings %+v; want one, of j's 6 of 15", ws)
	}
}
