package sinks

import (
	"path/filepath"

	"github.com/mootlab/moot/analysis"
	"github.com/mootlab/moot/internal/atomicfile"
	"github.com/mootlab/moot/report"
	"github.com/mootlab/moot/transcript"
)

// SummarizeReplicates reads the transcripts of a replicated run's
// replicates — dir/<ReplicateDir(seed)> for each seed, named by dirOf —
// and returns the run's summary with its replicate section.
func SummarizeReplicates(dir, experiment string, seeds []uint64, dirOf func(uint64) string) (analysis.Summary, error) {
	z := analysis.NewReplicateSummarizer(experiment, seeds)
	for i, seed := range seeds {
		err := transcript.Scan(filepath.Join(dir, dirOf(seed), transcript.FileName), func(ep *transcript.Episode) error {
			z.Add(i, ep)
			return nil
		})
		if err != nil {
			return analysis.Summary{}, err
		}
	}
	return z.Run(), nil
}

// WriteReplicateFiles writes a replicated run's summary.json, tables and
// report.html into its folder.
func WriteReplicateFiles(dir string, sum analysis.Summary, seeds []uint64, dirOf func(uint64) string) error {
	if err := WriteFiles(dir, sum); err != nil {
		return err
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
