package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/spf13/cobra"

	"github.com/mootlab/moot/engine"
	"github.com/mootlab/moot/sinks"
)

func newVerifyCommand() *cobra.Command {
	var reference string
	var concurrency int
	var tolerance float64
	var progressEvery time.Duration
	var cacheOpts cacheFlags
	cmd := &cobra.Command{
		Use:   "verify FILE",
		Short: "Re-run an experiment and compare it with its reference results",
		Long: `verify runs the experiment into a temporary folder (each replicate, for a file with replicates:
or seeds:, or a reference made with run --replicates N, at its seeds) and compares summary.json,
table.md and table.csv with the reference (default results/<name>/, from the current folder; one
kept without table.csv is compared without it, and said so; a shard's run, a rejudge or a run of another experiment is no reference).
It prints every difference and exits 1 if there is one; the fresh run's warnings are printed on
stderr as run prints them. By default every number must be equal
(but for how the answers were got: cached calls, retries, failed calls, cost); --tolerance 0.02
lets each number of summary.json differ by up to 0.02, inclusive (runs against real models), and then
compares neither the usage (token counts, calls, cost) nor the tables' text.`,
		Example: "  moot verify experiments/quickstart.yaml",
		Args:    exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			x, err := engine.Load(args[0])
			if err != nil {
				return err
			}
			if reference == "" {
				reference = engine.ReferenceDir(x.Name)
				if _, err := os.Stat(reference); errors.Is(err, os.ErrNotExist) {
					return fmt.Errorf("%w: the default reference %s is not there: it is read from the current folder (run from the repository's root, or name it with --reference)", errUsage, reference)
				}
			}
			store, err := cacheOpts.open(x, cmd.ErrOrStderr())
			if err != nil {
				return err
			}
			defer store.Close()
			lines := progressLines{w: cmd.ErrOrStderr(), every: progressEvery}
			diff, err := verify(cmd.Context(), x, reference, tolerance, engine.Options{Concurrency: concurrency, Cache: store, Grace: engine.DefaultGrace}, lines)
			if err != nil {
				return err
			}
			if tolerance > 0 {
				fmt.Fprintf(cmd.ErrOrStderr(), "moot: %s\n", sinks.ToleranceLeavesOut)
			}
			if diff != "" {
				fmt.Fprint(cmd.ErrOrStderr(), diff)
				fmt.Fprintf(cmd.ErrOrStderr(), "moot: %s: %v\n", x.Name, errDiffers)
				return errDiffers
			}
			for _, note := range otherQuestions(x, reference) {
				fmt.Fprintf(cmd.ErrOrStderr(), "moot: warning: %s\n", note)
			}
			if _, err := os.Stat(filepath.Join(reference, sinks.TableCSV)); tolerance == 0 && err != nil {
				fmt.Fprintf(cmd.ErrOrStderr(), "moot: %s has no %s (kept without it): it was not compared\n", reference, sinks.TableCSV)
			}
			fmt.Fprintf(cmd.OutOrStdout(), "%s: results match %s\n", x.Name, reference)
			return nil
		},
	}
	cmd.Flags().StringVar(&reference, "reference", "", "folder of the reference results (default results/<name>)")
	cmd.Flags().IntVar(&concurrency, "concurrency", 0, "episodes played at once (default: the number of CPUs)")
	cmd.Flags().Float64Var(&tolerance, "tolerance", 0, "let each number of summary.json differ from the reference by up to this much (0: exact)")
	cmd.Flags().DurationVar(&progressEvery, "progress-every", 5*time.Second, "how often to print a progress line on stderr while the experiment plays")
	cacheOpts.register(cmd)
	return cmd
}

// progressLines prints a run's progress lines on w every every, as moot
// run does in a log: a verify against LLM endpoints plays for as long.
type progressLines struct {
	w     io.Writer
	every time.Duration
}

// start adds a progress tally to opts and prints its lines until the
// returned stop is called.
func (p progressLines) start(opts *engine.Options) (stop func()) {
	return sinks.StartLines(p.w, p.every, tallyProgress(opts))
}

// tallyProgress adds to opts a progress tally of the episodes played, the
// calls retried and the plan's size, and returns it.
func tallyProgress(opts *engine.Options) *sinks.Progress {
	tally := sinks.NewProgress()
	// First, so that its Finish (play has ended) comes before the
	// summary's sink writes the results.
	opts.Sinks = append([]engine.Sink{tally}, opts.Sinks...)
	opts.Watchers = append(opts.Watchers, tally)
	opts.OnRetry = tally.Retry
	opts.Planned = tally.SetTotal
	return tally
}

// verify runs x into a temporary folder (opts.Out is ignored) with a
// summary sink, showing its progress on lines, and compares its summary
// and Markdown table with the reference in refDir. It returns a
// description of every difference, or "" if there is none.
func verify(ctx context.Context, x *engine.Experiment, refDir string, tolerance float64, opts engine.Options, lines progressLines) (string, error) {
	ref, err := sinks.ReadSummary(filepath.Join(refDir, sinks.SummaryFile))
	if err != nil {
		return "", fmt.Errorf("%w: the reference %s is not a run's folder: %w", errUsage, refDir, err)
	}
	if ref.Partial != "" {
		return "", fmt.Errorf("%w: the reference %s is of a run that did not finish (%s): finish it (run it again into its folder), or name another with --reference", errUsage, refDir, ref.Partial)
	}
	if ref.Experiment != "" && ref.Experiment != x.Name {
		// Said before the run, which may pay its agents: every number
		// would differ.
		return "", fmt.Errorf("%w: the reference %s holds a run of the experiment %q, and %s is %q: name its own reference with --reference", errUsage, refDir, ref.Experiment, x.Path, x.Name)
	}
	if err := wholeReference(refDir); err != nil {
		return "", err
	}
	if _, err := os.Stat(filepath.Join(refDir, sinks.TableMarkdown)); err != nil {
		// Said before the run, which may pay its agents.
		return "", fmt.Errorf("%w: the reference %s has no %s to compare (a run's folder has one): %w", errUsage, refDir, sinks.TableMarkdown, err)
	}
	switch {
	case ref.Replicates != nil && len(x.ReplicateSeeds) == 0:
		// A run made with --replicates N: its seeds are the reference's.
		x.ReplicateSeeds = ref.Replicates.Seeds
	case ref.Replicates == nil && len(x.ReplicateSeeds) > 0:
		return "", fmt.Errorf("%w: %s replicates the experiment at %d seeds, and the reference %s holds one run", errUsage, x.Path, len(x.ReplicateSeeds), refDir)
	}
	tmp, err := os.MkdirTemp("", "moot-verify-*")
	if err != nil {
		// The run is played in a temporary folder: where there is none to
		// make, say where it was sought ($TMPDIR), not "results differ".
		return "", fmt.Errorf("verify plays the experiment in a temporary folder, and none can be made in %s (set TMPDIR to a folder you can write): %w", os.TempDir(), err)
	}
	defer os.RemoveAll(tmp)
	atQuit(ctx, "nothing is kept", func() { os.RemoveAll(tmp) })
	if len(x.ReplicateSeeds) > 0 {
		if err := verifyReplicates(ctx, x, tmp, opts, lines); err != nil {
			return "", err
		}
		return sinks.Diff(refDir, tmp, tolerance)
	}
	opts.Out = tmp
	if err := verifyRun(ctx, x, opts, lines); err != nil {
		return "", err
	}
	return sinks.Diff(refDir, tmp, tolerance)
}

// verifyReplicates plays a replicated experiment (replicates: or seeds:
// in its file) into dir as moot run does, each replicate in its folder,
// and writes the replicated run's summary and tables there, saying on
// lines which replicate plays and how far it is.
func verifyReplicates(ctx context.Context, x *engine.Experiment, dir string, opts engine.Options, lines progressLines) error {
	for i, seed := range x.ReplicateSeeds {
		xs, err := engine.LoadSeeded(x.Path, seed)
		if err != nil {
			return err
		}
		ro := opts
		ro.Out = filepath.Join(dir, engine.ReplicateDir(seed))
		fmt.Fprintf(lines.w, "moot: replicate %d of %d, seed %d\n", i+1, len(x.ReplicateSeeds), seed)
		if err := verifyRun(ctx, xs, ro, lines); err != nil {
			return fmt.Errorf("replicate at seed %d: %w", seed, err)
		}
	}
	sum, err := sinks.SummarizeReplicates(dir, x.Name, x.ReplicateSeeds, engine.ReplicateDir, seedLocks(dir, x.ReplicateSeeds))
	if err != nil {
		return err
	}
	if err := sinks.WriteFiles(dir, sum); err != nil {
		return err
	}
	// The replicated run's own, as moot run prints them after its seeds'.
	printWarnings(lines.w, sum.Warnings)
	return nil
}

// verifyRun plays x into opts.Out with a summary sink, showing its
// progress on lines, and prints its warnings there as moot run does
// (printRunWarnings), a run that stopped early's too.
func verifyRun(ctx context.Context, x *engine.Experiment, opts engine.Options, lines progressLines) error {
	z := sinks.NewSummary(opts.Out, x.Name, x.Seed).OfShard(x.ShardName())
	opts.Sinks = []engine.Sink{z}
	stop := lines.start(&opts)
	res, err := engine.Run(ctx, x, opts)
	stop()
	if res != nil {
		printRunWarnings(lines.w, res, z.Summary())
	}
	return err
}

// otherQuestions says of each task of x whose questions are not those the
// reference in refDir played (its lock's questions_sha256: a data file
// edited since, lines reordered) that they are not: results that match
// then match on other questions, as a resume into the reference would be
// refused. None for a replicated reference, whose seeds each have theirs.
func otherQuestions(x *engine.Experiment, refDir string) []string {
	head, err := engine.ReadLockHead(refDir)
	if err != nil {
		return nil
	}
	var notes []string
	for _, lt := range head.Tasks {
		for _, t := range x.Tasks {
			if t.Name == lt.Name && lt.QuestionsSHA256 != "" && t.QuestionsSHA256() != lt.QuestionsSHA256 {
				where := ""
				if t.Path != "" {
					where = ", as " + t.Path + " reads now"
				}
				notes = append(notes, fmt.Sprintf("task %s: its questions are not those the reference %s played%s (questions_sha256 of its lock): the results match on other questions", t.Name, refDir, where))
			}
		}
	}
	return notes
}

// wholeReference refuses a reference that is one shard's run (or a
// replicated run's of shards): verify plays the whole plan, which such a
// run holds only a part of. A reference kept without its lock passes.
func wholeReference(refDir string) error {
	locks := []string{refDir}
	if seeds, _ := filepath.Glob(filepath.Join(refDir, engine.ReplicateGlob)); len(seeds) > 0 {
		locks = seeds[:1]
	}
	head, err := engine.ReadLockHead(locks[0])
	switch {
	case err != nil:
		return nil
	case head.RejudgedFrom != "":
		return fmt.Errorf("%w: the reference %s is a rejudge of %s, and verify plays the experiment with its own judges: verify the run it judged again, or compare the two with moot compare", errUsage, refDir, head.RejudgedFrom)
	case head.Shard != "":
		return fmt.Errorf("%w: the reference %s holds shard %s of the experiment's plan, and verify plays the whole plan: merge the shards (moot merge) and verify the merged run", errUsage, refDir, head.Shard)
	}
	return nil
}
