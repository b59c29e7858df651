package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/mootlab/moot/engine"
	"github.com/mootlab/moot/sinks"
)

func newMergeCommand() *cobra.Command {
	var experiment string
	cmd := &cobra.Command{
		Use:   "merge OUT SHARD_DIR...",
		Short: "Merge the runs of an experiment's shards (run --shard) into one run",
		Long: "Merge checks that the shard folders are runs of one experiment that differ only in\n" +
			"their shard, that every shard of the split is given once and has played its whole\n" +
			"part, and writes into OUT the run an unsharded run would have written: the lock,\n" +
			"questions.jsonl.gz, every distinct prompt of the shards' prompts.jsonl.gz,\n" +
			"transcripts.jsonl in plan order, summary.json, table.md/.csv and report.html.",
		Example: "  moot merge results/big results/big-shard-1-of-4 results/big-shard-2-of-4 results/big-shard-3-of-4 results/big-shard-4-of-4\n" +
			"  moot merge /data/run /data/shards/* --experiment experiments/big.yaml",
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) < 2 {
				return fmt.Errorf("%w: merge takes OUT and at least one shard folder", errUsage)
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			return runMerge(cmd, experiment, args[0], args[1:])
		},
	}
	cmd.Flags().StringVar(&experiment, "experiment", "", "the experiment file (default: the one the shards' config.lock.yaml names)")
	return cmd
}

func runMerge(cmd *cobra.Command, path, out string, dirs []string) error {
	if path == "" {
		p, err := engine.LockedExperiment(dirs[0])
		if err != nil {
			return err
		}
		path = p
	}
	x, err := engine.Load(path)
	if err != nil {
		return err
	}
	z := sinks.NewSummary(out, x.Name, x.Seed)
	res, err := engine.Merge(x, out, dirs, []engine.Sink{z})
	if err != nil {
		return err
	}
	for _, w := range res.Warnings {
		fmt.Fprintf(cmd.ErrOrStderr(), "moot: warning: %s\n", w)
	}
	fmt.Fprintf(cmd.ErrOrStderr(), "moot: merged %d shards into %s: %d episodes\n", len(dirs), out, res.Done)
	return nil
}
