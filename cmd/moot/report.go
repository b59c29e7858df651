package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"

	"github.com/spf13/cobra"

	"github.com/mootlab/moot/engine"
	"github.com/mootlab/moot/internal/atomicfile"
	"github.com/mootlab/moot/report"
	"github.com/mootlab/moot/sinks"
)

func newReportCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "report RUN_DIR",
		Short: "Write a run's self-contained HTML report",
		Long: `report reads RUN_DIR's transcripts.jsonl, summarized again (and its summary.json), and writes RUN_DIR/report.html:
the run's tables, plots and a transcript browser, in one file that opens without a network.
For a replicated run's folder, the page of what the seeds agree on, linking each seed's,
summarized again from the seeds' transcripts.
It prints the report's path.`,
		Example: `  moot report results/quickstart
  xdg-open "$(moot report results/quickstart)"`,
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runReport(cmd, args[0])
		},
	}
}

func runReport(cmd *cobra.Command, dir string) error {
	if fi, err := os.Stat(dir); err != nil {
		return notRunFolder(dir, err)
	} else if !fi.IsDir() {
		return fmt.Errorf("%w: %s is not a run folder", errUsage, dir)
	}
	// A folder with neither a log nor a summary holds no run, and one with
	// a summary alone holds reference results: each said before its lock
	// is taken, which would leave a file in it.
	_, errLog := os.Stat(filepath.Join(dir, engine.TranscriptsFile))
	_, errSum := os.Stat(filepath.Join(dir, sinks.SummaryFile))
	if _, reference := referenceFolder(dir); errLog != nil && (errSum != nil || reference) && !engine.Merging(dir) {
		return notRunFolder(dir, errLog)
	}
	if errLog == nil || errSum == nil {
		if err := mergeNotDone(dir); err != nil {
			return err // its page would show a run it does not hold whole
		}
	}
	// Not while a run writes the folder (its own page among the rest).
	unlock, err := engine.LockFolder(dir)
	if err != nil {
		return err
	}
	defer unlock()
	// Stopped, it keeps the page it had; its scratch goes, which the
	// next report would otherwise clear.
	atQuit(cmd.Context(), "the report is not replaced", func() {
		atomicfile.RemoveStale(dir, "."+report.EpisodesDir+"-")
		atomicfile.RemoveStale(dir, "."+report.ReportFile+".")
	})
	prior, err := sinks.ReadSummary(filepath.Join(dir, sinks.SummaryFile))
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err // one that does not read: the page would say what it does not
	}
	if err == nil && prior.Replicated() {
		// A replicated run: its page is drawn from its seeds' transcripts
		// summarized again, as moot table does (summary.json's means over
		// seeds are rounded to four places, and a page made from them
		// would round them twice), each seed linked to its own folder's
		// report; nothing else is rewritten.
		sum, err := resummarize(dir, prior)
		if err != nil {
			return err
		}
		if err := sinks.WriteReplicatePage(dir, sum, sum.Replicates.Seeds, engine.ReplicateDir); err != nil {
			return err
		}
		fmt.Fprintln(cmd.OutOrStdout(), filepath.Join(dir, report.ReportFile))
		return nil
	}
	if err := report.WriteFile(dir, upLinks(dir)...); err != nil {
		if errors.Is(err, report.ErrNotRun) {
			return fmt.Errorf("%w: %v", errUsage, unfinishedRun(dir, err, "writes the report when it ends"))
		}
		return err
	}
	fmt.Fprintln(cmd.OutOrStdout(), filepath.Join(dir, report.ReportFile))
	return nil
}

// upLinks links the report of a replicated run's seed, in its folder
// seed-S, up to the run's page; nil for any other run.
func upLinks(dir string) []report.Link {
	sum, err := sinks.ReadSummary(filepath.Join(dir, sinks.SummaryFile))
	if err != nil {
		return nil
	}
	abs, err := filepath.Abs(dir)
	if err != nil || filepath.Base(abs) != engine.ReplicateDir(sum.Seed) {
		return nil
	}
	parent, err := sinks.ReadSummary(filepath.Join(filepath.Dir(abs), sinks.SummaryFile))
	if err != nil || !parent.Replicated() || !slices.Contains(parent.Replicates.Seeds, sum.Seed) {
		return nil
	}
	return []report.Link{replicatedPage()}
}

// unfinishedRun says, of a folder whose run did not finish (a log but no
// summary: killed, or still running), how to finish it and what follows
// (then: "writes the report when it ends"); err otherwise.
func unfinishedRun(dir string, err error, then string) error {
	if engine.Merging(dir) {
		return fmt.Errorf("%s holds a merge that did not finish: the same moot merge, run again, writes it whole", dir)
	}
	if _, serr := os.Stat(filepath.Join(dir, engine.TranscriptsFile)); serr != nil {
		return err
	}
	return fmt.Errorf("%s holds a run that did not finish, or is still running (it has a %s but no %s): %s resumes it, and %s",
		dir, engine.TranscriptsFile, sinks.SummaryFile, resumeCommand(dir), then)
}

// resumeCommand is the command that resumes the run in dir, as its lock
// names it: an annotator's folder of a human study, moot judge, whose
// lock names the experiment of the run judged (moot run would write that
// run's episodes into the folder, and the study would refuse it).
func resumeCommand(dir string) string {
	if name, ok := annotatorOf(dir); ok {
		return fmt.Sprintf("`moot judge RUN --as %s` (RUN the run the study in %s judges)", name, filepath.Dir(filepath.Clean(dir)))
	}
	lock, lerr := engine.ReadLockHead(dir)
	switch {
	case lerr == nil && lock.RejudgedFrom != "":
		return fmt.Sprintf("the moot rejudge (or moot judge) of %s that wrote it, run again,", lock.RejudgedFrom)
	case lerr == nil && lock.Experiment != "":
		if _, err := os.Stat(lock.Experiment); err != nil {
			// The lock has the path the run was given, from the folder it
			// was started in: from here it may name nothing.
			return fmt.Sprintf("`moot run EXPERIMENT --out %s` (EXPERIMENT the file the run was made from, which its lock names %s from the folder it was started in)", engine.ShellWord(dir), lock.Experiment)
		}
		return fmt.Sprintf("`moot run %s --out %s`", engine.ShellWord(lock.Experiment), engine.ShellWord(dir))
	}
	return "`moot run EXPERIMENT --out " + engine.ShellWord(dir) + "`"
}
