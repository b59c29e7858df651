package main

import (
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/spf13/cobra"

	"github.com/mootlab/moot/analysis"
	"github.com/mootlab/moot/engine"
	"github.com/mootlab/moot/sinks"
)

// runReplicates plays the experiment at path once at each seed, each
// replicate a resumable run of its own in opts.out/seed-<seed>/, then
// writes the replicated run's summary (its replicate section), tables and
// report into opts.out and prints the replicate tables.
func runReplicates(cmd *cobra.Command, opts runOptions, path string, seeds []uint64) error {
	start := time.Now()
	if opts.fresh {
		if err := dropOtherReplicates(cmd, opts.out, seeds); err != nil {
			return err
		}
	}
	var name string
	for i, seed := range seeds {
		x, err := engine.LoadSeeded(path, seed)
		if err != nil {
			return err
		}
		name = x.Name
		fmt.Fprintf(cmd.ErrOrStderr(), "moot: replicate %d of %d, seed %d\n", i+1, len(seeds), seed)
		ro := opts
		ro.out, ro.quiet, ro.replicates = filepath.Join(opts.out, engine.ReplicateDir(seed)), true, 0
		if _, err := playRun(cmd, ro, x); err != nil {
			return fmt.Errorf("replicate at seed %d: %w", seed, err)
		}
	}
	sum, err := sinks.SummarizeReplicates(opts.out, name, seeds, engine.ReplicateDir)
	if err != nil {
		return err
	}
	if err := sinks.WriteReplicateFiles(opts.out, sum, seeds, engine.ReplicateDir); err != nil {
		return err
	}
	if err := analysis.WriteReplicates(cmd.OutOrStdout(), sum.Replicates, analysis.FormatText); err != nil {
		return err
	}
	fmt.Fprintln(cmd.OutOrStdout(), analysis.ReplicateNote(sum.Replicates))
	fmt.Fprintf(cmd.ErrOrStderr(), "moot: %d replicates, %d episodes in %.1fs; wrote %s\n", len(seeds), sum.Episodes, time.Since(start).Seconds(), opts.out)
	return nil
}

// dropOtherReplicates removes, for --fresh, the replicate folders in out
// of seeds not played now: an earlier run's, at other seeds, would
// otherwise sit beside the new ones as if they belonged to it. Only
// folders that hold a run (a lock file) are removed.
func dropOtherReplicates(cmd *cobra.Command, out string, seeds []uint64) error {
	keep := map[string]bool{}
	for _, s := range seeds {
		keep[engine.ReplicateDir(s)] = true
	}
	dirs, err := filepath.Glob(filepath.Join(out, "seed-*")) // engine.ReplicateDir
	if err != nil {
		return err
	}
	for _, d := range dirs {
		if keep[filepath.Base(d)] {
			continue
		}
		if _, err := os.Stat(filepath.Join(d, engine.LockFile)); err != nil {
			continue
		}
		if err := os.RemoveAll(d); err != nil {
			return err
		}
		fmt.Fprintf(cmd.ErrOrStderr(), "moot: --fresh: removed %s, a replicate of an earlier run\n", d)
	}
	return nil
}
