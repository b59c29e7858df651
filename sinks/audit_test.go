package sinks

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mootlab/moot/analysis"
	"github.com/mootlab/moot/transcript"
)

// TestFinishMarksAStoppedRunPartial: a run that stopped early writes a
// summary.json that says so, with the reason, and a table.md that says
// so too; a whole run's summary says nothing of it.
func TestFinishMarksAStoppedRunPartial(t *testing.T) {
	dir := runFolder(t)
	s := NewSummary(dir, "x", 1)
	if err := s.Open(); err != nil {
		t.Fatal(err)
	}
	if err := s.Episode(&transcript.Episode{EpisodeID: "e1", Protocol: "debate", Judge: "j", Correct: true}, false); err != nil {
		t.Fatal(err)
	}
	if err := s.Finish("interrupted after 1 of 4"); err != nil {
		t.Fatal(err)
	}
	sum, err := ReadSummary(filepath.Join(dir, SummaryFile))
	if err != nil {
		t.Fatal(err)
	}
	if sum.Partial != "interrupted after 1 of 4" {
		t.Errorf("summary.json's partial %q; want the reason the run stopped", sum.Partial)
	}
	md, err := os.ReadFile(filepath.Join(dir, TableMarkdown))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(md), "Partial run") {
		t.Errorf("table.md of a stopped run does not say it is partial:\n%s", md)
	}

	whole := runFolder(t)
	w := NewSummary(whole, "x", 1)
	if err := w.Finish(""); err != nil {
		t.Fatal(err)
	}
	if sum, err := ReadSummary(filepath.Join(whole, SummaryFile)); err != nil || sum.Partial != "" {
		t.Errorf("a whole run's summary: partial %q, err %v; want none", sum.Partial, err)
	}
}

// runFolder is a run's folder with an empty transcripts.jsonl, which
// the report reads.
func runFolder(t *testing.T) string {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "transcripts.jsonl"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestDiffComparesTokenCounts: at tolerance 0 the usage's token counts
// are results (docs: only the cached calls, retries, failed calls and
// cost are never compared): a rerun that read other input tokens
// differs, and the difference names them.
func TestDiffComparesTokenCounts(t *testing.T) {
	ref := analysis.Summary{Experiment: "x", Episodes: 4, Usage: analysis.UsageSummary{
		Total: analysis.Usage{Calls: 12, InputTokens: 900, OutputTokens: 300},
	}}
	refDir, dir := t.TempDir(), t.TempDir()
	if err := WriteFiles(refDir, ref); err != nil {
		t.Fatal(err)
	}
	other := ref
	other.Usage.Total.InputTokens = 901
	if err := WriteFiles(dir, other); err != nil {
		t.Fatal(err)
	}
	diff, err := Diff(refDir, dir, 0)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(diff, "input_tokens: 900 → 901") {
		t.Errorf("diff %q; want the input tokens named, 900 → 901", diff)
	}
}

// TestOneEstimatedCallIsWarnedOf: an agent whose server sent no token
// counts for a single call of its calls is warned of: its cost is an
// estimate all the same.
func TestOneEstimatedCallIsWarnedOf(t *testing.T) {
	ws := usageWarnings(analysis.UsageSummary{ByAgent: map[string]analysis.Usage{"a": {Calls: 7, EstimatedCalls: 1}}})
	if len(ws) != 1 || ws[0].Kind != analysis.WarnEstimatedUsage || !strings.Contains(ws[0].Message, "agent a: 1 of its 7 calls") {
		t.Errorf("warnings %+v; want one of agent a's 1 estimated call of 7", ws)
	}
	if ws := usageWarnings(analysis.UsageSummary{ByAgent: map[string]analysis.Usage{"a": {Calls: 7}}}); len(ws) != 0 {
		t.Errorf("warnings %+v of an agent with every count; want none", ws)
	}
}

// TestDoneCountsTheResumedTheSinksHad: an earlier run's episodes are as
// many as the run was told, or as the sinks have had if more.
func TestDoneCountsTheResumedTheSinksHad(t *testing.T) {
	p := NewProgress()
	p.SetResumed(3)
	for range 5 {
		if err := p.Episode(&transcript.Episode{Protocol: "debate"}, true); err != nil {
			t.Fatal(err)
		}
	}
	if _, resumed := p.Done(); resumed != 5 {
		t.Errorf("Done's resumed %d after 5 resumed episodes, told 3; want 5", resumed)
	}
	q := NewProgress()
	q.SetResumed(9)
	_ = q.Episode(&transcript.Episode{Protocol: "debate"}, true)
	if _, resumed := q.Done(); resumed != 9 {
		t.Errorf("Done's resumed %d, told 9 with 1 reaching the sinks; want 9", resumed)
	}
}

// TestRateReachesBackAWholeWindow: the rate is taken from the last
// reading at or before rateWindow (30 s) ago, so that it spans the whole
// window: readings at 0 s (0 played), 25 s (0) and 50 s (100) give
// 100 in 50 s, 2 a second, not 100 in the 25 s since the reading inside
// the window (4 a second).
func TestRateReachesBackAWholeWindow(t *testing.T) {
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	r := NewRecentRate(t0)
	if got := r.Add(t0.Add(25*time.Second), 0); got != 0 {
		t.Errorf("rate %v with nothing played; want 0", got)
	}
	if got := r.Add(t0.Add(50*time.Second), 100); got != 2 {
		t.Errorf("rate %v; want 2 a second (100 since the reading at 0 s, the last before 20 s)", got)
	}
}
