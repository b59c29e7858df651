package sinks

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/mootlab/moot/analysis"
	"github.com/mootlab/moot/internal/atomicfile"
	"github.com/mootlab/moot/internal/inputerr"
	"github.com/mootlab/moot/report"
	"github.com/mootlab/moot/transcript"
)

// SeedLocks is what a replicated run's seeds' locks say that its summary
// needs: Declared, the orders the run's sweep declared its axes' values in,
// which each seed's lines keep (analysis.Summarizer.DeclareAxes), and
// Greedy, the agents whose settings sample at temperature 0
// (analysis.ReplicateSummarizer.Greedy).
type SeedLocks struct {
	Declared []analysis.SweepAxis
	Greedy   analysis.GreedyAgents
	// Shard is the part of the plan the seeds' runs played (moot run
	// --replicates N --shard 2/4), "" for the whole.
	Shard string
}

// SummarizeReplicates reads the transcripts of a replicated run's
// replicates — dir/<ReplicateDir(seed)> for each seed, named by dirOf —
// and returns the run's summary with its replicate section, as its seeds'
// locks say (SeedLocks).
func SummarizeReplicates(dir, experiment string, seeds []uint64, dirOf func(uint64) string, locks SeedLocks) (analysis.Summary, error) {
	z := analysis.NewReplicateSummarizer(experiment, seeds)
	z.DeclareAxes(locks.Declared)
	z.Greedy(locks.Greedy)
	for i, seed := range seeds {
		log, n := filepath.Join(dir, dirOf(seed), transcript.FileName), 0
		add := func(ep *transcript.Episode) error {
			z.Add(i, ep)
			n++
			return nil
		}
		// A seed stopped early, or not summarized, may hold a failure and
		// its replay: the replay counts. A finished seed's log holds one
		// record an episode, and the pass over its ids is not made.
		s, serr := ReadSummary(filepath.Join(dir, dirOf(seed), SummaryFile))
		if serr == nil && s.Seed != seed {
			// A run at another seed in the seed's folder (a run into it
			// alone, --fresh) would count under this seed's name.
			return analysis.Summary{}, &inputerr.Error{File: filepath.Join(dir, dirOf(seed), SummaryFile),
				Err: fmt.Errorf("holds a run at seed %d, not %d, the replicate its folder names: play the replicated run again (moot run EXPERIMENT --replicates N --out %s), which plays each seed in its folder", s.Seed, seed, dir)}
		}
		if err := transcript.ScanLatest(log, 1, serr != nil || s.Partial != "", add); err != nil {
			return analysis.Summary{}, err
		}
		// A seed's log that lost episodes since it was summarized (or
		// gained some) is not the seed's run.
		if serr == nil && s.Partial == "" && s.Episodes > 0 {
			if err := transcript.Miscounted(log, n, s.Episodes); err != nil {
				return analysis.Summary{}, &inputerr.Error{File: log, Err: err}
			}
		}
	}
	sum := z.Run()
	sum.Shard = locks.Shard
	sum.Warnings = ReplicateWarnings(sum.Replicates)
	return sum, nil
}

// MarkUnfinished marks the replicated run's summary in dir partial, saying
// why (note), and keeps of it only what names the run and its seeds
// (from which moot table and moot report draw its tables again), and
// removes the tables, page and figures drawn from it: a seed's run that
// resumes appends to a log the summary pools, and one killed before the
// replicated run writes them anew would leave them giving numbers its
// seeds' logs no longer hold. A folder without a summary is left as it
// is.
func MarkUnfinished(dir, note string) error {
	sum, err := ReadSummary(filepath.Join(dir, SummaryFile))
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	} else if err != nil {
		return fmt.Errorf("sinks: %w", err)
	}
	if sum.Replicates != nil {
		sum = analysis.Summary{Experiment: sum.Experiment, Seed: sum.Seed, Replicates: &analysis.ReplicateSummary{Seeds: sum.Replicates.Seeds}}
	}
	sum.Partial = note
	js, err := summaryJSON(sum)
	if err != nil {
		return err
	}
	if err := atomicfile.WriteBytes(filepath.Join(dir, SummaryFile), js); err != nil {
		return err
	}
	return RemoveDrawn(dir)
}

// RemoveDrawn removes what a run's summary draws in its folder dir: the
// tables, the report and its episodes' folder, a replicated run's phase
// maps and sweep plots. The summary itself is the caller's to remove or
// rewrite.
func RemoveDrawn(dir string) error {
	drawn := []string{TableMarkdown, TableCSV, ReportFile, report.EpisodesDir}
	for _, glob := range []string{PhaseGlob, SweepGlob} {
		m, _ := filepath.Glob(filepath.Join(dir, glob))
		for _, path := range m {
			drawn = append(drawn, filepath.Base(path))
		}
	}
	for _, name := range drawn {
		if err := os.RemoveAll(filepath.Join(dir, name)); err != nil {
			return fmt.Errorf("sinks: %w", err)
		}
	}
	return nil
}

// PhaseFile names the PNG of a replicated run's phase map i (from 0), in
// the order of analysis.PhaseMaps.
func PhaseFile(i int) string { return fmt.Sprintf("phase-%d.png", i+1) }

// PhaseGlob matches the name of every phase map's PNG (PhaseFile).
const PhaseGlob = "phase-*.png"

// SweepFile names the PNG of a replicated sweep's plot i (from 0), in the
// order of its page's (report.SweepPNGs).
func SweepFile(i int) string { return fmt.Sprintf("sweep-%d.png", i+1) }

// SweepGlob matches the name of every sweep plot's PNG (SweepFile).
const SweepGlob = "sweep-*.png"

// WriteReplicateFiles writes a replicated run's summary.json, tables,
// report.html and the PNG of each phase map (PhaseFile) and sweep plot
// (SweepFile) into its folder.
func WriteReplicateFiles(dir string, sum analysis.Summary, seeds []uint64, dirOf func(uint64) string) error {
	if err := WriteFiles(dir, sum); err != nil {
		return err
	}
	return WriteReplicatePage(dir, sum, seeds, dirOf)
}

// WriteReplicatePage writes a replicated run's report.html into its
// folder — what the seeds agree on, each seed's folder linked — and the
// PNG of each phase map (PhaseFile) and sweep plot (SweepFile), which moot
// report draws again.
func WriteReplicatePage(dir string, sum analysis.Summary, seeds []uint64, dirOf func(uint64) string) error {
	for _, figures := range []struct {
		draw func(analysis.Summary) ([][]byte, error)
		name func(int) string
	}{{report.PhasePNGs, PhaseFile}, {report.SweepPNGs, SweepFile}} {
		pngs, err := figures.draw(sum)
		if err != nil {
			return err
		}
		for i, png := range pngs {
			if err := atomicfile.WriteBytes(filepath.Join(dir, figures.name(i)), png); err != nil {
				return err
			}
		}
	}
	links := make([]report.Link, len(seeds))
	for i, s := range seeds {
		links[i] = report.Link{Text: dirOf(s), Href: dirOf(s) + "/" + ReportFile}
	}
	page, err := report.Replicates(sum, links)
	if err != nil {
		return err
	}
	return atomicfile.WriteBytes(filepath.Join(dir, ReportFile), page)
}
