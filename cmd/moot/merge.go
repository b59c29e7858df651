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
	"github.com/mootlab/moot/sinks"
)

func newMergeCommand() *cobra.Command {
	var experiment string
	cmd := &cobra.Command{
		Use:   "merge OUT SHARD_DIR...",
		Short: "Merge the runs of an experiment's shards (run --shard) into one run",
		Long: `Merge checks that the shard folders are runs of one experiment that differ only in
their shard, that every shard of the split is given once and has played its whole
part, and writes into OUT the run an unsharded run would have written: the lock,
questions.jsonl.gz, every distinct prompt of the shards' prompts.jsonl.gz,
transcripts.jsonl in plan order, summary.json, table.md/.csv and report.html.
Shards of a replicated experiment (run --shard with replicates) are merged seed by seed,
each into OUT/seed-S, and OUT gets the replicated run's summary, tables and report.`,
		Example: `  moot merge results/big results/big-shard-1-of-4 results/big-shard-2-of-4 results/big-shard-3-of-4 results/big-shard-4-of-4
  moot merge /data/run /data/shards/* --experiment experiments/big.yaml`,
		Args: atLeastArgs(2, "merge takes OUT and at least one shard folder"),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := folderArg("OUT "+args[0], args[0]); err != nil {
				return err
			}
			return runMerge(cmd, experiment, args[0], args[1:])
		},
	}
	cmd.Flags().StringVar(&experiment, "experiment", "", "the experiment file (default: the one the shards' config.lock.yaml names)")
	return cmd
}

func runMerge(cmd *cobra.Command, path, out string, dirs []string) error {
	for _, d := range dirs {
		if sameFolder(out, d) {
			return fmt.Errorf("%w: OUT %s is one of the shards; choose another folder to merge into", errUsage, out)
		}
	}
	seeds, err := shardSeeds(dirs)
	if err != nil {
		return err
	}
	if seeds != nil {
		return mergeReplicates(cmd, path, out, dirs, seeds)
	}
	x, err := mergedExperiment(path, dirs[0])
	if err != nil {
		return err
	}
	if len(x.ReplicateSeeds) > 0 {
		// Played from that file, each shard would hold its replicates.
		return fmt.Errorf("%w: %s replicates the experiment at %d seeds, and the shards hold runs of one seed", engine.ErrShards, x.Path, len(x.ReplicateSeeds))
	}
	if reps := replicateFolders(out); len(reps) > 0 {
		// A run at one seed beside them would replace their summary.
		return fmt.Errorf("%w: %s holds a replicated run (%s and %d more); choose another folder to merge into", engine.ErrFolderTaken, out, reps[0].dir, len(reps)-1)
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
	tellTooLong(cmd.ErrOrStderr(), out, z.Summary().Failed)
	return mergedFailures(z.Summary().Failed, res.Done)
}

// mergedFailures is the error of a merge whose shards kept failed
// episodes, as moot run's is of a run that did: the merged run is whole,
// and the exit status says that some of it failed.
func mergedFailures(failed, episodes int) error {
	if failed == 0 {
		return nil
	}
	return fmt.Errorf("%d of %d episodes failed in the shards; see the error field in %s (run each shard again to play them again, then merge again into a new folder)", failed, episodes, engine.TranscriptsFile)
}

// mergedExperiment loads the experiment of a merge: the file at path, or,
// without one, the file the lock of the run in dir names.
func mergedExperiment(path, dir string) (*engine.Experiment, error) {
	if path != "" {
		return engine.Load(path)
	}
	path, err := engine.LockedExperiment(dir)
	if err != nil {
		return nil, err
	}
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		// The lock keeps the path as the shard was given it, relative
		// to the folder it ran from.
		return nil, fmt.Errorf("%w: the experiment %s that %s's lock names is not there (a path is as the shard was run, from its own folder); name it with --experiment FILE", errUsage, path, dir)
	}
	return engine.Load(path)
}

// shardSeeds returns the seeds of the replicates that the shard folders
// dirs hold, when they are shards of a replicated experiment (a folder of
// seed-S runs, with no lock of its own), and nil when they are runs. The
// folders must hold the same seeds.
func shardSeeds(dirs []string) ([]uint64, error) {
	for _, d := range dirs {
		if fi, err := os.Stat(d); err != nil || !fi.IsDir() {
			return nil, fmt.Errorf("%w: %s is not a folder; name each shard's run folder", errUsage, d)
		}
	}
	if _, err := os.Stat(filepath.Join(dirs[0], engine.LockFile)); err == nil {
		// A run of one seed: so must the others be.
		for _, d := range dirs[1:] {
			if seeds, _ := seedsIn(d); len(seeds) > 0 {
				return nil, fmt.Errorf("%w: %s holds a run of one seed, %s the replicates at seeds %v: shards of one run hold the same seeds",
					engine.ErrShards, dirs[0], d, seeds)
			}
		}
		return nil, nil
	}
	// The first shard that holds replicates says whose they are: one
	// listed before it may not have started.
	k := slices.IndexFunc(dirs, func(d string) bool {
		seeds, _ := seedsIn(d)
		return len(seeds) > 0
	})
	if k < 0 {
		return nil, nil
	}
	dirs = slices.Clone(dirs)
	dirs[0], dirs[k] = dirs[k], dirs[0]
	first, err := seedsIn(dirs[0])
	if err != nil || len(first) == 0 {
		return nil, err
	}
	for _, d := range dirs[1:] {
		got, err := seedsIn(d)
		if err != nil {
			return nil, err
		}
		if !slices.Equal(got, first) {
			if len(got) == 0 {
				if _, err := os.Stat(filepath.Join(d, engine.LockFile)); err != nil {
					return nil, fmt.Errorf("%w: %s holds no run yet, %s the replicates at seeds %v; run that shard to finish it",
						engine.ErrShards, d, dirs[0], first)
				}
				return nil, fmt.Errorf("%w: %s holds a run of one seed, %s the replicates at seeds %v: shards of one replicated run hold the same seeds",
					engine.ErrShards, d, dirs[0], first)
			}
			if short, long, missing := unplayed(d, got, dirs[0], first); missing != nil {
				held := got
				if short != d {
					held = first
				}
				if finished(short, held) {
					// Finished at fewer seeds: run with fewer --replicates,
					// which running it again as it was would not change.
					n := len(held)
					return nil, fmt.Errorf("%w: %s finished its replicates at %d seeds, %s holds %d (seeds %v more): the shards were run with other --replicates; run %s again with --replicates %d",
						engine.ErrShards, short, n, long, n+len(missing), missing, short, n+len(missing))
				}
				return nil, fmt.Errorf("%w: %s has not played the replicates at seeds %v that %s holds; run it again to finish it",
					engine.ErrShards, short, missing, long)
			}
			return nil, fmt.Errorf("%w: %s holds the replicates at seeds %v, %s those at %v: shards of one replicated run hold the same seeds",
				engine.ErrShards, d, got, dirs[0], first)
		}
	}
	return first, nil
}

// finished reports whether the replicated run in dir, whose folders hold
// the seeds held (in increasing order), has a finished summary (not
// partial) of those seeds: a run of fewer replicates, not one stopped
// early.
func finished(dir string, held []uint64) bool {
	sum, err := sinks.ReadSummary(filepath.Join(dir, sinks.SummaryFile))
	return err == nil && sum.Partial == "" && sum.Replicates != nil &&
		slices.Equal(held, slices.Sorted(slices.Values(sum.Replicates.Seeds)))
}

// unplayed tells, of two shards a and b of a replicated run holding the
// seeds as and bs, the one whose seeds are a part of the other's, the
// other, and the seeds it lacks: it stopped in an early seed and is not
// done. missing is nil where neither holds a part of the other's.
func unplayed(a string, as []uint64, b string, bs []uint64) (short, long string, missing []uint64) {
	if len(as) > len(bs) {
		a, as, b, bs = b, bs, a, as
	}
	for _, s := range as {
		if !slices.Contains(bs, s) {
			return "", "", nil
		}
	}
	for _, s := range bs {
		if !slices.Contains(as, s) {
			missing = append(missing, s)
		}
	}
	return a, b, missing
}

// seedsIn lists, in increasing order, the seeds of the replicate folders
// in dir that hold a run (replicateFolders).
func seedsIn(dir string) ([]uint64, error) {
	var seeds []uint64
	for _, r := range replicateFolders(dir) {
		seeds = append(seeds, r.seed)
	}
	return seeds, nil
}

// mergeReplicates merges shards of a replicated experiment: for each of
// its seeds, in the replicates' order, the shards' runs at that seed into
// out/seed-S, then the replicated run's summary, tables and report into
// out, as moot run --replicates writes them.
func mergeReplicates(cmd *cobra.Command, path, out string, dirs []string, seeds []uint64) error {
	x, err := mergedExperiment(path, filepath.Join(dirs[0], engine.ReplicateDir(seeds[0])))
	if err != nil {
		return err
	}
	path = x.Path
	order, err := replicateOrder(x, dirs, seeds)
	if err != nil {
		return err
	}
	// Everything is checked before anything is written: a merge refused
	// leaves out as it was, and can be run again into it. A merge that
	// stopped (out keeps engine.MergingFile) is written again, each seed's
	// folder checked by engine.Merge to be of this experiment.
	again := engine.Merging(out)
	for _, f := range []string{engine.TranscriptsFile, engine.LockFile, sinks.SummaryFile} {
		if _, err := os.Stat(filepath.Join(out, f)); err == nil && !again {
			return fmt.Errorf("%w: %s (%s); choose another folder to merge into", engine.ErrFolderTaken, out, f)
		}
	}
	seeded := make([]*engine.Experiment, len(order))
	for i, seed := range order {
		xs, err := engine.LoadSeeded(path, seed)
		if err != nil {
			return err
		}
		seeded[i] = xs
		if err := xs.CheckShards(seedDirs(dirs, seed)); err != nil {
			return fmt.Errorf("replicate at seed %d: %w", seed, err)
		}
		if _, err := os.Stat(filepath.Join(out, engine.ReplicateDir(seed), engine.TranscriptsFile)); err == nil && !again {
			return fmt.Errorf("%w: %s; choose another folder to merge into", engine.ErrFolderTaken, filepath.Join(out, engine.ReplicateDir(seed)))
		}
	}
	if err := engine.MarkMerging(out); err != nil {
		return err
	}
	for i, seed := range order {
		xs := seeded[i]
		dst := filepath.Join(out, engine.ReplicateDir(seed))
		if _, err := os.Stat(filepath.Join(dst, engine.TranscriptsFile)); err == nil {
			// Merged before the merge stopped: merged again.
			if err := engine.MarkMerging(dst); err != nil {
				return err
			}
		}
		res, err := engine.Merge(xs, dst, seedDirs(dirs, seed), []engine.Sink{sinks.NewSummary(dst, xs.Name, xs.Seed).Within(replicatedPage(), filepath.Dir(filepath.Clean(dst)))})
		if err != nil {
			return fmt.Errorf("replicate at seed %d: %w", seed, err)
		}
		for _, w := range res.Warnings {
			fmt.Fprintf(cmd.ErrOrStderr(), "moot: warning: seed %d: %s\n", seed, w)
		}
	}
	sum, err := sinks.SummarizeReplicates(out, x.Name, order, engine.ReplicateDir, seedLocks(out, order))
	if err != nil {
		return err
	}
	if err := sinks.WriteReplicateFiles(out, sum, order, engine.ReplicateDir); err != nil {
		return err
	}
	if err := engine.MergeDone(out); err != nil {
		return err
	}
	// The merged run's warnings, as a replicated run prints its own: each
	// shard warned of its share of the seeds' repeated draws only.
	printWarnings(cmd.ErrOrStderr(), sum.Warnings)
	fmt.Fprintf(cmd.ErrOrStderr(), "moot: merged %d shards of %d replicates into %s: %d episodes\n", len(dirs), len(order), out, sum.Episodes)
	return mergedFailures(sum.Failed, sum.Episodes)
}

// replicateOrder is the order of the replicates at seeds that the shards
// dirs of x hold: the file's replicates or seeds, or, for shards run with
// --replicates N in their place (setReplicates), the first N seeds derived
// from the file's seed. Derived seeds are 64-bit draws: shards that hold
// exactly them were run so, or were stopped before their later seeds, as
// each shard's summary tells: one run with --replicates N finished them.
func replicateOrder(x *engine.Experiment, dirs []string, seeds []uint64) ([]uint64, error) {
	sorted := func(s []uint64) []uint64 { return slices.Sorted(slices.Values(s)) }
	order := x.ReplicateSeeds
	if derived := engine.ReplicateSeeds(x.Seed, len(seeds)); order == nil || slices.Equal(sorted(derived), seeds) {
		order = derived
	}
	if !slices.Equal(sorted(order), seeds) {
		return nil, fmt.Errorf("%w: the shards hold the replicates at seeds %v; %s's replicates are at %v", engine.ErrShards, seeds, x.Path, order)
	}
	if slices.Equal(order, x.ReplicateSeeds) {
		return order, nil
	}
	for _, d := range dirs {
		if !finished(d, seeds) {
			return nil, fmt.Errorf("%w: %s has not finished its replicates (its %s is missing or partial): it holds the seeds %v alone; run it again to finish it",
				engine.ErrShards, d, sinks.SummaryFile, seeds)
		}
	}
	return order, nil
}

// seedDirs are the folders of the replicate at seed in each of dirs.
func seedDirs(dirs []string, seed uint64) []string {
	out := make([]string, len(dirs))
	for i, d := range dirs {
		out[i] = filepath.Join(d, engine.ReplicateDir(seed))
	}
	return out
}
