package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/spf13/cobra"

	"github.com/mootlab/moot/analysis"
	"github.com/mootlab/moot/engine"
	"github.com/mootlab/moot/internal/noun"
	"github.com/mootlab/moot/sinks"
)

// rejudgeOptions are moot rejudge's flags.
type rejudgeOptions struct {
	judge, file, out string
	concurrency      int
	fresh            bool
	progressEvery    time.Duration
	cache            cacheFlags
	endpoints        endpointFlags
}

func newRejudgeCommand() *cobra.Command {
	var opts rejudgeOptions
	cmd := &cobra.Command{
		Use:         "rejudge RUN_DIR --judge AGENT --experiment FILE",
		Annotations: stopsItself(),
		Short:       "Judge a run's transcripts again with another judge, without re-running the debaters",
		Long: `rejudge gives every episode of a finished run to another judge: the speakers' messages are
kept, and the judge reads them as the first judge did (same answer order, same quote marks,
same seed). FILE is the experiment the run came from, with the new judge among its agents;
a protocol FILE sets otherwise than the run (verify_quotes off, other rounds) is warned of,
for the new judge's prompts are made from FILE's settings.
The result is a new run (default RUN_DIR-rejudged-AGENT), whose prompt store holds the source's
prompts and the new judge's. A rejudge of the same run with the same judge into a folder that
holds one cut short resumes it; a folder that holds another run is refused unless --fresh.`,
		Example: "  moot rejudge runs/quickstart --judge strong --experiment experiments/quickstart.yaml",
		Args:    exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if opts.judge == "" || opts.file == "" {
				return fmt.Errorf("%w: rejudge needs --judge and --experiment", errUsage)
			}
			if opts.out == "" {
				opts.out = filepath.Clean(args[0]) + "-rejudged-" + opts.judge
			}
			if err := outFolder(opts.out); err != nil {
				return err
			}
			if sameFolder(opts.out, args[0]) {
				return fmt.Errorf("%w: --out %s is the run being rejudged; --fresh would delete the verdicts it reads: choose another folder", errUsage, opts.out)
			}
			return withRemedy(runRejudge(cmd, opts, args[0]), outRemedy)
		},
	}
	cmd.Flags().StringVar(&opts.judge, "judge", "", "the agent of FILE that judges again")
	cmd.Flags().StringVar(&opts.file, "experiment", "", "the experiment file the run came from, with the new judge")
	cmd.Flags().StringVar(&opts.out, "out", "", "folder of the new run (default RUN_DIR-rejudged-AGENT)")
	cmd.Flags().BoolVar(&opts.fresh, "fresh", false, "replace a run already in the output folder instead of resuming it")
	cmd.Flags().IntVar(&opts.concurrency, "concurrency", 0, "episodes judged at once (default: as for run)")
	cmd.Flags().DurationVar(&opts.progressEvery, "progress-every", 5*time.Second, "how often to print a progress line on stderr")
	opts.cache.register(cmd)
	opts.endpoints.register(cmd, false)
	return cmd
}

// runRejudge rejudges the run in source as opts say, printing progress,
// then the new run's table.
func runRejudge(cmd *cobra.Command, opts rejudgeOptions, source string) error {
	// Not a run (a replicated run's folder, an empty one): said before
	// anything is read, started or written.
	if err := logError(source); err != nil {
		return notRunFolder(source, err)
	}
	// Nor a merge that did not finish: the rejudge would look whole.
	if err := mergeNotDone(source); err != nil {
		return err
	}
	// Nor a shard, refused before the judge's endpoint is started (and
	// its episodes in flight said) for nothing.
	if err := engine.NotAShard(source); err != nil {
		return err
	}
	x, err := engine.Load(opts.file)
	if err != nil {
		return err
	}
	for _, a := range x.Agents {
		if a.Name == opts.judge {
			if err := startEndpoints(cmd.Context(), cmd.ErrOrStderr(), []*engine.AgentEntry{a}, opts.concurrency, 0, opts.endpoints); err != nil {
				return err
			}
		}
	}
	store, err := opts.cache.open(x, cmd.ErrOrStderr())
	if err != nil {
		return err
	}
	defer store.Close()
	z := sinks.NewSummary(opts.out, x.Name, x.Seed)
	// Ctrl-C as for run: no new episodes, those in flight given
	// rejudgeGrace, the finished ones kept, exit 130.
	ctx, cancel := withGrace(cmd.Context(), rejudgeGrace, cmd.ErrOrStderr())
	defer cancel()
	// The rejudged records keep the speakers' messages, marked kept: the
	// calls the tally counts are the new judge's.
	ro := engine.Options{Out: opts.out, Concurrency: opts.concurrency, Cache: store, Sinks: []engine.Sink{z},
		Stop: stopFrom(cmd.Context()), Grace: rejudgeGrace, OnCut: cutNotice(cmd.ErrOrStderr()), Fresh: opts.fresh}
	tally := tallyProgress(&ro)
	ro.Resuming = resuming(cmd.ErrOrStderr(), opts.out, tally)
	ro.Partial = sourcePartial(cmd.ErrOrStderr(), source)
	tally.StopOn(ro.Stop)
	if opts.fresh {
		warnExports(cmd.ErrOrStderr(), opts.out)
	}
	stopProgress := sinks.StartLines(cmd.ErrOrStderr(), opts.progressEvery, tally)
	res, err := engine.Rejudge(ctx, x, source, opts.judge, ro)
	stopProgress()
	if res == nil {
		return err
	}
	for _, w := range res.Warnings {
		fmt.Fprintf(cmd.ErrOrStderr(), "moot: warning: %s\n", w)
	}
	// A rejudge stopped early (too many failures, the endpoint down, a
	// Ctrl-C) has still written its partial run: its tables as for run.
	sum := z.Summary()
	if err := printSummary(cmd.OutOrStdout(), sum, false); err != nil {
		return err
	}
	for _, w := range sum.Warnings {
		fmt.Fprintf(cmd.ErrOrStderr(), "moot: warning: %s\n", w.Message)
	}
	return rejudged(cmd.ErrOrStderr(), sum, res, opts, source, err)
}

// sourcePartial is what a rejudge of the run in source says as its
// partial, and warns of: a run that stopped early, or did not finish, is
// judged again only as far as it went.
func sourcePartial(stderr io.Writer, source string) string {
	was, err := sinks.ReadSummary(filepath.Join(source, sinks.SummaryFile))
	switch {
	case err == nil && was.Partial != "":
		fmt.Fprintf(stderr, "moot: warning: %s is partial (%s): its rejudge will be too\n", source, was.Partial)
		return "the run judged again is partial (" + was.Partial + ")"
	case errors.Is(err, fs.ErrNotExist):
		// Killed, or still running: judged as far as its log goes.
		fmt.Fprintf(stderr, "moot: warning: %s has no %s: the run did not finish (or is still running); its rejudge judges the episodes its log holds, and is partial\n", source, sinks.SummaryFile)
		return "the run judged again did not finish (it has no " + sinks.SummaryFile + ")"
	}
	return ""
}

// rejudged prints a rejudge's last line — the episodes it judged, their
// failures, and those carried over from source — and returns err, or an
// error naming the judge where it failed on some.
func rejudged(stderr io.Writer, sum analysis.Summary, res *engine.Result, opts rejudgeOptions, source string, err error) error {
	judged, failed := sum.Episodes-res.Carried, sum.Failed-res.Carried
	carried := ""
	if failed > 0 {
		carried = fmt.Sprintf(", %d of them failed", failed)
	}
	if res.Carried > 0 {
		carried += fmt.Sprintf(" (and %d that had failed in %s, carried over as failed)", res.Carried, source)
	}
	fmt.Fprintf(stderr, "moot: rejudged %s with %s%s; wrote %s\n", noun.Count(judged, "episode"), opts.judge, carried, opts.out)
	if err != nil {
		return err
	}
	if failed > 0 {
		return fmt.Errorf("%s failed on %d of the %d episodes it judged; see the error field in %s (the same rejudge, run again, judges them again)", opts.judge, failed, judged, filepath.Join(opts.out, engine.TranscriptsFile))
	}
	return nil
}

// rejudgeGrace is how long a Ctrl-C leaves the episodes in flight of a
// rejudge to finish: one judge call each.
const rejudgeGrace = engine.DefaultGrace

// sameFolder says whether a and b name one folder that exists.
func sameFolder(a, b string) bool {
	x, errA := os.Stat(a)
	y, errB := os.Stat(b)
	return errA == nil && errB == nil && os.SameFile(x, y)
}
