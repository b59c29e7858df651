package main

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/mootlab/moot/engine"
	"github.com/mootlab/moot/export"
	"github.com/mootlab/moot/sinks"
)

func newExportCommand() *cobra.Command {
	var format, out string
	cmd := &cobra.Command{
		Use:   "export RUN_DIR --format csv|parquet|jsonl|inspect [--out FILE]",
		Short: "Write a run as tables (one row an episode, one a message) or Inspect AI logs",
		Long: "export reads a run's transcripts and writes one row an episode — ids, protocol, assignment\n" +
			"split into order and variant, one column per sweep axis, P(correct), verdict, flags, rounds,\n" +
			"quote counts, tokens, cost — to FILE (default RUN_DIR/episodes.EXT), and one row a message\n" +
			"to FILE-messages.EXT. inspect writes Inspect AI eval logs, one a protocol × task × judge,\n" +
			"into the folder FILE (default RUN_DIR/inspect), for inspect view and Inspect's dataframes.\n" +
			"A replicated run's folder gives one table of all its seeds, told apart by the seed column.\n" +
			"docs/export.md lists the columns.",
		Example: "  moot export results/quickstart --format csv\n" +
			"  moot export results/sweep-skill --format parquet --out /tmp/sweep.parquet\n" +
			"  moot export results/quickstart --format inspect && inspect view --log-dir results/quickstart/inspect",
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			f, err := export.ParseFormat(format)
			if err != nil {
				return fmt.Errorf("%w: --format: %v", errUsage, err)
			}
			files, err := runExport(args[0], f, out)
			if err != nil {
				return err
			}
			for _, file := range files {
				fmt.Fprintln(cmd.OutOrStdout(), file)
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&format, "format", "", "csv, parquet, jsonl or inspect")
	cmd.Flags().StringVar(&out, "out", "", "the episodes file, or the folder of Inspect logs (default in RUN_DIR)")
	cmd.MarkFlagRequired("format")
	return cmd
}

// questionText gives the text of a run's questions from its question
// store; a run without one (written before the store) gives none.
func questionText(dir string) func(task, id string) string {
	qs, err := engine.ReadQuestions(dir)
	if err != nil {
		return nil
	}
	return func(task, id string) string { return qs[engine.QuestionKey(task, id)].Text }
}

// runExport exports the run in dir, or all seeds of the replicated run
// in dir, in format f to out (the default beside the run if empty), and
// returns the files written.
func runExport(dir string, f export.Format, out string) ([]string, error) {
	path := filepath.Join(dir, engine.TranscriptsFile)
	_, statErr := os.Stat(path)
	var reps []export.Replicate
	if statErr != nil && f != export.Inspect {
		var err error
		if reps, err = replicatesOf(dir); err != nil {
			return nil, err
		}
	}
	if statErr != nil && len(reps) == 0 {
		return nil, notRunFolder(dir, statErr)
	}
	if out == "" {
		out = export.DefaultOut(dir, f)
	}
	// --out in a folder not made yet: make it, as the default is.
	if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
		return nil, err
	}
	if len(reps) > 0 {
		// A replicated run's summary has no sweep section; its seeds' do.
		return export.RunReplicates(reps, f, out, export.Options{Axes: sweepAxes(filepath.Dir(reps[0].Path))})
	}
	return export.Run(path, f, out, export.Options{Question: questionText(dir), Seed: lockSeed(dir), Axes: sweepAxes(dir)})
}

// sweepAxes are the axes of the sweep of the run in dir, in the
// experiment's order, as its summary.json has them; none without.
func sweepAxes(dir string) []string {
	sum, err := sinks.ReadSummary(filepath.Join(dir, sinks.SummaryFile))
	if err != nil || sum.Sweep == nil {
		return nil
	}
	var axes []string
	for _, a := range sum.Sweep.Axes {
		axes = append(axes, a.Name)
	}
	return axes
}

// lockSeed is the seed a run's lock records, nil where it has none.
func lockSeed(dir string) *uint64 {
	h, err := engine.ReadLockHead(dir)
	if err != nil {
		return nil
	}
	return &h.Seed
}

// replicatesOf lists the replicates of the replicated run in dir: the
// seeds its summary.json names, in their order, or where it has none
// every seed's folder, by seed. A folder of no replicated run has none;
// a seed its summary names without a log is an error.
func replicatesOf(dir string) ([]export.Replicate, error) {
	var seeds []uint64
	if sum, err := sinks.ReadSummary(filepath.Join(dir, sinks.SummaryFile)); err == nil && sum.Replicates != nil {
		seeds = sum.Replicates.Seeds
	} else {
		for _, r := range replicateFolders(dir) {
			if _, err := os.Stat(filepath.Join(r.dir, engine.TranscriptsFile)); err == nil {
				seeds = append(seeds, r.seed)
			}
		}
	}
	var reps []export.Replicate
	for _, s := range seeds {
		path := filepath.Join(dir, engine.ReplicateDir(s), engine.TranscriptsFile)
		if _, err := os.Stat(path); err != nil {
			return nil, fmt.Errorf("%w: %s names seed %d, but %v", errUsage, filepath.Join(dir, sinks.SummaryFile), s, err)
		}
		reps = append(reps, export.Replicate{Path: path, Seed: s})
	}
	return reps, nil
}
