package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/spf13/cobra"

	"github.com/mootlab/moot/agents"
	"github.com/mootlab/moot/analysis"
	"github.com/mootlab/moot/batch"
	"github.com/mootlab/moot/engine"
	"github.com/mootlab/moot/internal/noun"
	"github.com/mootlab/moot/sinks"
)

type runOptions struct {
	out         string
	concurrency int
	cache       cacheFlags
	// progressEvery is how often a progress line is printed.
	progressEvery time.Duration
	// grace is how long episodes in flight may finish after Ctrl-C, or
	// once an endpoint down stops the run.
	grace  time.Duration
	fresh  bool
	resume bool
	// cells prints a sweep's whole cell table, not only its lines.
	cells bool
	// replicates, above 0, plays the experiment at that many seeds.
	replicates int
	// quiet prints no tables: a replicate of a replicated run.
	quiet bool
	// replicate is set for a replicate of a replicated run: its report
	// links up to the run's page.
	replicate bool
	// endpoints: preflight and strict verdicts (preflight.go).
	endpoints endpointFlags
	// shard, if set, plays one shard of the plan (shard.go).
	shard string
	// overBudget runs even when the estimate exceeds budget_usd (plan.go).
	overBudget bool
	// replyTokens is the estimate's engine.Assumed.ReplyTokens (assumed).
	replyTokens int
	// batch sends every agent's calls that can through its batch API.
	batch bool
	// clear, if set, deletes a run of the other shape in the folder
	// (--fresh, otherShape) once the run's checks have passed.
	clear func(*cobra.Command) error
	// paidElsewhere is what the runs budget_usd bounds together with
	// this one have paid: a replicated run's other seeds.
	paidElsewhere float64
}

func newRunCommand() *cobra.Command {
	var opts runOptions
	cmd := &cobra.Command{
		Use:         "run FILE",
		Annotations: stopsItself(),
		Short:       "Run an experiment and write its transcripts, summary and tables",
		Example: `  moot run experiments/quickstart.yaml
  moot run experiments/quickstart.yaml --out /tmp/qs --concurrency 8`,
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkShardGiven(cmd, opts.shard); err != nil {
				return err
			}
			return withRemedy(runRun(cmd, opts, args[0]), outRemedy)
		},
	}
	cmd.Flags().StringVar(&opts.out, "out", "", "folder for the run's files (default results/<name>)")
	cmd.Flags().IntVar(&opts.concurrency, "concurrency", 0, "episodes played at once (default: twice the sum of the endpoints' limits, or the number of CPUs for agents in process)")
	opts.endpoints.register(cmd, true)
	opts.cache.register(cmd)
	cmd.Flags().DurationVar(&opts.progressEvery, "progress-every", 5*time.Second, "how often to print a progress line on stderr")
	cmd.Flags().DurationVar(&opts.grace, "grace", engine.DefaultGrace, "after Ctrl-C, or once an endpoint down stops the run, how long episodes in flight may finish before they are cut short (to be played again on resume)")
	cmd.Flags().BoolVar(&opts.fresh, "fresh", false, "discard an earlier run in the output folder instead of resuming it")
	cmd.Flags().IntVar(&opts.replicates, "replicates", 0, "play the experiment at this many seeds derived from its seed, each replicate in its own folder, and summarize what they agree on (as replicates: N in the file)")
	cmd.Flags().BoolVar(&opts.cells, "cells", false, "for a sweep, print the whole table of cells (always in table.md), not only the accuracy along each axis")
	cmd.Flags().StringVar(&opts.shard, "shard", "", "play shard i of n of the plan, split by question (i/n, from 1), or k8s/n for an Indexed Job's JOB_COMPLETION_INDEX; moot merge joins the shards' folders")
	cmd.Flags().BoolVar(&opts.overBudget, "over-budget", false, "run even when the estimated cost exceeds the file's budget_usd")
	cmd.Flags().IntVar(&opts.replyTokens, "reply-tokens", 0, "in the estimate budget_usd is checked against, the output tokens of a reply that argues no side, as moot plan's --reply-tokens (0: the sim's line)")
	cmd.Flags().BoolVar(&opts.batch, "batch", false, "send the calls of every agent that can (openai) through its endpoint's batch API, at its discount, as mode: batch does for one agent (docs/llm-endpoints.md)")
	cmd.Flags().BoolVar(&opts.resume, "resume", false, "require an earlier run in the output folder to resume (a run into a folder that holds one always resumes it)")
	return cmd
}

func runRun(cmd *cobra.Command, opts runOptions, path string) error {
	x, err := engine.Load(path)
	if err != nil {
		return err
	}
	x.BatchAll = opts.batch
	if opts.batch && !anyBatched(x) {
		fmt.Fprintln(cmd.ErrOrStderr(), "moot: --batch: no agent in play has a batch API (the openai backend has); every call is made live")
	}
	if err := setShard(x, &opts); err != nil {
		return err
	}
	if opts.out == "" {
		opts.out = engine.ReferenceDir(x.Name)
	}
	if opts.resume && opts.fresh {
		return fmt.Errorf("%w: --resume and --fresh contradict each other", errUsage)
	}
	if err := checkReplyTokens(opts.replyTokens); err != nil {
		return err
	}
	if err := outFolder(opts.out); err != nil {
		return err
	}
	if err := engine.FolderFree(opts.out); err != nil {
		return err
	}
	if err := setReplicates(cmd, x, opts.replicates); err != nil {
		return err
	}
	if opts.clear, err = otherShape(opts.out, x.ReplicateSeeds != nil, opts.fresh); err != nil {
		return err
	}
	// A replicated merge marks the folder above its seeds' too.
	if err := engine.RefuseUnfinishedMerge(opts.out, opts.fresh); err != nil {
		return err
	}
	if err := refuseOtherReference(opts.out, x, opts.fresh); err != nil {
		return err
	}
	if opts.fresh {
		opts.clear = discarding(opts.out, opts.clear)
	}
	if x.ReplicateSeeds != nil {
		return runReplicates(cmd, opts, path, x.ReplicateSeeds, x.Shard)
	}
	_, err = playRun(cmd, opts, x)
	return err
}

// setReplicates applies --replicates n, if given, to x: n seeds derived
// from its seed, in the place of the file's replicates or seeds (which it
// warns of). run, plan and validate take the flag alike.
func setReplicates(cmd *cobra.Command, x *engine.Experiment, n int) error {
	if !cmd.Flags().Changed("replicates") {
		if seed, ok := x.UnplayedSeed(); ok {
			fmt.Fprintf(cmd.ErrOrStderr(), "moot: warning: %s: seed: %d is not played: seeds: lists the seeds the run plays (%v); seed: is then the base of --replicates N alone\n",
				x.Path, seed, x.ReplicateSeeds)
		}
		return nil
	}
	if n < 1 || n > 1000 {
		return fmt.Errorf("%w: --replicates must be between 1 and 1000, got %d", errUsage, n)
	}
	if x.ReplicateSeeds != nil {
		fmt.Fprintf(cmd.ErrOrStderr(), "moot: warning: --replicates %d replaces the file's %d seeds (%v) with %d derived from seed %d\n",
			n, len(x.ReplicateSeeds), x.ReplicateSeeds, n, x.Seed)
	}
	x.ReplicateSeeds = engine.ReplicateSeeds(x.Seed, n)
	return nil
}

// playRun plays one run of x into opts.out and prints its summary (unless
// opts.quiet) and its last line.
func playRun(cmd *cobra.Command, opts runOptions, x *engine.Experiment) (analysis.Summary, error) {
	est, err := checkRun(cmd, opts, x)
	if err != nil {
		return analysis.Summary{}, err
	}
	plan := x.PlanSize()
	fmt.Fprintf(cmd.ErrOrStderr(), "moot: %s: %d episodes (%s, %s%s, %s)\n", x.Name, plan,
		questionsPlayed(x), noun.Count(len(x.Protocols), "protocol"), sweepCells(x), noun.Count(x.Repeats, "repeat"))
	warnEmptyShard(cmd.ErrOrStderr(), x)
	printSkipped(cmd.ErrOrStderr(), x)
	printAdvice(cmd.ErrOrStderr(), x)
	printCost(cmd.ErrOrStderr(), x, est)
	store, err := opts.cache.open(x, cmd.ErrOrStderr())
	if err != nil {
		return analysis.Summary{}, err
	}
	defer store.Close()
	// The last step that may refuse the run is behind it: what --fresh
	// deletes goes now, just before the engine starts.
	if opts.clear != nil {
		if err := opts.clear(cmd); err != nil {
			return analysis.Summary{}, err
		}
	}
	ctx, cancel := withGrace(cmd.Context(), opts.grace, cmd.ErrOrStderr())
	defer cancel()
	stop := stopFrom(cmd.Context())
	// The sinks: the summary (summary.json, tables, report.html when the
	// run ends), then progress — bars on a terminal, lines in a log.
	z := sinks.NewSummary(opts.out, x.Name, x.Seed).OfShard(x.ShardName())
	if opts.replicate {
		z.Within(replicatedPage(), filepath.Dir(filepath.Clean(opts.out)))
	}
	runOpts := engine.Options{
		Out: opts.out, Concurrency: opts.concurrency, Cache: store,
		Stop: stop, Grace: opts.grace, OnCut: cutNotice(cmd.ErrOrStderr()), Fresh: opts.fresh, Sinks: []engine.Sink{z}, BatchLog: cmd.ErrOrStderr(),
	}
	if est.Estimate != nil {
		runOpts.EpisodeUSD = est.DearestEpisodeUSD()
		runOpts.MeanEpisodeUSD = est.CostUSD / float64(max(est.Episodes, 1))
	}
	runOpts.PaidElsewhereUSD = opts.paidElsewhere
	stopProgress := showProgress(cmd, opts, x, &runOpts, stop)
	start := time.Now()
	reference := referenceHeld(opts.out)
	res, err := engine.Run(ctx, x, runOpts)
	stopProgress()
	if res == nil {
		return analysis.Summary{}, err
	}
	warnReferenceReplaced(cmd.ErrOrStderr(), opts.out, reference)
	sum := z.Summary()
	if !opts.quiet {
		if err := printSummary(cmd.OutOrStdout(), sum, opts.cells); err != nil {
			return sum, err
		}
	}
	printEnd(cmd.ErrOrStderr(), sum, res, time.Since(start), opts.out)
	tellTooLong(cmd.ErrOrStderr(), opts.out, sum.Failed)
	if err != nil {
		return sum, err
	}
	if sum.Failed > 0 {
		return sum, failedEpisodes{sum.Failed, plan}
	}
	return sum, opts.endpoints.checkVerdicts(sum)
}

// showProgress puts the run's progress tally in runOpts, first of its
// sinks, so that its Finish (play has ended) comes before the summary's
// sink writes the results and the lines say so, and starts showing it:
// bars on a terminal, lines in a log, which start once the engine has
// read an earlier run's log (Planned). It returns what stops them.
func showProgress(cmd *cobra.Command, opts runOptions, x *engine.Experiment, runOpts *engine.Options, stop <-chan struct{}) (stopProgress func()) {
	tally := sinks.NewProgress()
	tally.StopOn(stop)
	runOpts.Resuming = resuming(cmd.ErrOrStderr(), opts.out, tally)
	runOpts.OnRetry, runOpts.Planned = tally.Retry, tally.SetTotal
	runOpts.Sinks = append([]engine.Sink{tally}, runOpts.Sinks...)
	runOpts.Watchers = []engine.Watcher{tally}
	if isTerminal(cmd.ErrOrStderr()) {
		return newBars(cmd.ErrOrStderr(), x, tally).finish
	}
	return sinks.StartLines(cmd.ErrOrStderr(), opts.progressEvery, tally)
}

// failedEpisodes is the error of a run that played its plan to the end
// with some episodes failed, fewer than max_failures allows: the run exits
// 1, yet a replicated run goes on to its next seed.
type failedEpisodes struct{ failed, plan int }

func (e failedEpisodes) Error() string {
	return fmt.Sprintf("%d of %d episodes failed; see the error field in %s", e.failed, e.plan, engine.TranscriptsFile)
}

// checkRun makes the checks a run passes before it writes anything: a
// run to resume for --resume, the API keys, the estimate against
// budget_usd, the dry run and each endpoint's preflight. It returns the
// estimate, nil when no agent has prices.
func checkRun(cmd *cobra.Command, opts runOptions, x *engine.Experiment) (runCost, error) {
	if opts.resume {
		if _, err := os.Stat(filepath.Join(opts.out, engine.TranscriptsFile)); err != nil {
			return runCost{}, fmt.Errorf("%w: --resume: there is no run to resume in %s", errUsage, opts.out)
		}
	}
	// Another experiment's run in the folder is refused first, before
	// the plan and the endpoints are spoken of.
	if !opts.fresh {
		if err := x.CheckFolder(opts.out); err != nil {
			return runCost{}, err
		}
	}
	// An API key not set stops the run before its estimate and checks.
	if err := x.Unready(x.AgentsInPlay()); err != nil {
		return runCost{}, err
	}
	est, err := checkBudget(cmd, x, opts)
	if err != nil {
		return runCost{}, err
	}
	if err := dryRunFirst(cmd, x, est.Estimate); err != nil {
		return runCost{}, err
	}
	batched, _ := x.BatchInFlight(opts.concurrency)
	return est, startEndpoints(cmd.Context(), cmd.ErrOrStderr(), x.AgentsInPlay(), opts.concurrency, batched, opts.endpoints)
}

// cutNotice says, when an endpoint down stops a run, how long the
// episodes in flight have before they are cut, as Ctrl-C's line does.
func cutNotice(stderr io.Writer) func(error, time.Duration) {
	return func(reason error, grace time.Duration) {
		fmt.Fprintf(stderr, "moot: stopping: %v; %s for the episodes in flight, then they are cut short (played again on resume)\n", reason, grace)
	}
}

// withGrace returns the context of a run's episodes: the first Ctrl-C
// stops new episodes (stopFrom), and after the grace period those in
// flight are cut short by cancelling it.
func withGrace(parent context.Context, grace time.Duration, stderr io.Writer) (context.Context, context.CancelFunc) {
	ctx, cancel := context.WithCancel(parent)
	stop := stopFrom(parent)
	go func() {
		select {
		case <-stop:
			fmt.Fprintf(stderr, "moot: stopping: no new episodes; %s for those in flight (Ctrl-C again to quit at once)\n", grace)
			t := time.NewTimer(grace)
			defer t.Stop()
			select {
			case <-t.C:
				cancel()
			case <-ctx.Done():
			}
		case <-ctx.Done():
		}
	}()
	return ctx, cancel
}

// outFolder refuses an output folder (--out) that is something else: a
// file, or a folder to be made under one.
func outFolder(out string) error { return folderArg("--out "+out, out) }

// folderArg refuses path, a folder an argument (named) gives moot to
// write, where it is a file or would be made under one: bad input, said
// before anything is played or written.
func folderArg(named, path string) error {
	if fi, err := os.Stat(path); err == nil && !fi.IsDir() {
		return fmt.Errorf("%w: %s is a file, not a folder", errUsage, named)
	}
	// A folder to be made under a file: the nearest that exists is one.
	for dir := filepath.Dir(filepath.Clean(path)); ; dir = filepath.Dir(dir) {
		if fi, err := os.Stat(dir); err == nil {
			if !fi.IsDir() {
				return fmt.Errorf("%w: %s: %s is a file, not a folder", errUsage, named, dir)
			}
			return nil
		}
		if next := filepath.Dir(dir); next == dir {
			return nil
		}
	}
}

// resuming is the line a run or rejudge prints before it plays, when it
// resumes an earlier one; it tells tally how many episodes are done.
func resuming(stderr io.Writer, out string, tally *sinks.Progress) func(done, planned int) {
	return func(done, planned int) {
		fmt.Fprintf(stderr, "moot: resuming %s: %d of %d episodes %s already done\n", out, done, planned, noun.Were(done))
		tally.SetResumed(done)
	}
}

func questionCount(x *engine.Experiment) int {
	n := 0
	for _, t := range x.Tasks {
		n += len(t.Questions)
	}
	return n
}

// anyBatched says whether an agent in play goes through a batch API.
func anyBatched(x *engine.Experiment) bool {
	for _, a := range x.AgentsInPlay() {
		if batch.Batched(a.Agent, x.BatchAll) {
			return true
		}
	}
	return false
}

// dryRunFirst refuses a run with network agents or a prompts: file whose
// dry run fails (a prompt template naming a field the prompt has not, say)
// before it pays for a call or fails every episode: from the estimate when
// the run made one, and from one episode of every assignment of each
// protocol on the first question of each task of each shape (engine.DryRun).
func dryRunFirst(cmd *cobra.Command, x *engine.Experiment, est *engine.Estimate) error {
	remote := slices.ContainsFunc(x.AgentsInPlay(), func(a *engine.AgentEntry) bool {
		_, ok := a.Agent.(agents.Remote)
		return ok
	})
	if est == nil && !x.HasPromptsFile() && !remote {
		return nil
	}
	// Every assignment is played first, whose failure names its place in
	// the file; then the estimate's sampled episodes, which may take a
	// branch that depends on what a speaker chose.
	if err := dryRun(cmd, x); err != nil {
		return err
	}
	if est != nil {
		return est.DryRunError()
	}
	return nil
}

// dryRun plays x's dry run (engine.DryRun) and warns on stderr of what
// it found that changes nothing.
func dryRun(cmd *cobra.Command, x *engine.Experiment) error {
	warnings, err := x.DryRun(cmd.Context())
	for _, w := range warnings {
		fmt.Fprintf(cmd.ErrOrStderr(), "moot: warning: %s\n", w)
	}
	return err
}
