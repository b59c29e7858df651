package sinks

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/mootlab/moot/analysis"
	"github.com/mootlab/moot/report"
)

// TestOpenLeavesNoNumbersItsLogWillNotHold: a seed's run of a replicated
// run that resumes (Open) removes its own summary, tables and report, and
// marks the replicated run's summary not finished, removing the tables,
// page and figures drawn from it; a folder with no summary is left as it
// is.
func TestOpenLeavesNoNumbersItsLogWillNotHold(t *testing.T) {
	top := t.TempDir()
	seed := filepath.Join(top, "seed-7")
	for _, dir := range []string{top, seed} {
		if err := os.MkdirAll(filepath.Join(dir, report.EpisodesDir), 0o755); err != nil {
			t.Fatal(err)
		}
		sum := analysis.Summary{Experiment: "x", Seed: 7, Episodes: 10}
		if dir == top {
			sum.Replicates = &analysis.ReplicateSummary{Seeds: []uint64{7, 8}, Cells: []analysis.ReplicateCell{{Kind: "debate"}}}
		}
		if err := WriteFiles(dir, sum); err != nil {
			t.Fatal(err)
		}
		for _, name := range []string{ReportFile, PhaseFile(0), SweepFile(0)} {
			if err := os.WriteFile(filepath.Join(dir, name), []byte("drawn"), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := NewSummary(seed, "x", 7).Within(report.Link{Text: "up", Href: "../report.html"}, top).Open(); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{SummaryFile, TableMarkdown, TableCSV, ReportFile, report.EpisodesDir} {
		if _, err := os.Stat(filepath.Join(seed, name)); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("the seed's %s: %v; want it removed", name, err)
		}
	}
	for _, name := range []string{TableMarkdown, TableCSV, ReportFile, PhaseFile(0), SweepFile(0)} {
		if _, err := os.Stat(filepath.Join(top, name)); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("the replicated run's %s: %v; want it removed", name, err)
		}
	}
	// Of the replicated run's summary, what names the run and its seeds
	// is kept, not numbers its seeds' logs will no longer hold.
	sum, err := ReadSummary(filepath.Join(top, SummaryFile))
	if err != nil || sum.Episodes != 0 || sum.Replicates == nil || len(sum.Replicates.Cells) != 0 ||
		!slices.Equal(sum.Replicates.Seeds, []uint64{7, 8}) || sum.Experiment != "x" ||
		sum.Partial != "not finished: the replicate in seed-7 was resumed and has not ended" {
		t.Errorf("the replicated run's summary: %+v %v; want its seeds alone, marked not finished", sum, err)
	}
	// A run of one seed has no replicated run above it.
	lone := t.TempDir()
	if err := WriteFiles(lone, analysis.Summary{Experiment: "x"}); err != nil {
		t.Fatal(err)
	}
	if err := NewSummary(filepath.Join(lone, "run"), "x", 7).Open(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(lone, TableMarkdown)); err != nil {
		t.Errorf("a folder above a run that is no seed: %v; want it left", err)
	}
}
