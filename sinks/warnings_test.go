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
}
