package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/mootlab/moot/analysis"
	"github.com/mootlab/moot/engine"
	"github.com/mootlab/moot/internal/noun"
	"github.com/mootlab/moot/report"
	"github.com/mootlab/moot/sinks"
)

// runReplicates plays the experiment at path once at each seed, each
// replicate a resumable run of its own in opts.out/seed-<seed>/, then
// writes the replicated run's summary (its replicate section), tables and
// report into opts.out and prints the replicate tables. With a shard, each
// replicate plays that shard of its plan (moot merge joins the shards).
func runReplicates(cmd *cobra.Command, opts runOptions, path string, seeds []uint64, shard *engine.Shard) error {
	start := time.Now()
	paid, unlock, err := openReplicated(cmd, opts, path, seeds, shard)
	if err != nil {
		return err
	}
	defer unlock()
	var name string
	var failed []string // "N at seed S": the seeds whose episodes failed
	stop := stopFrom(cmd.Context())
	for i, seed := range seeds {
		select {
		case <-stop:
			// Stopped between two seeds: the next is not started.
			err := engine.Interrupted(fmt.Sprintf("interrupted before the replicate at seed %d", seed))
			return errors.Join(err, writePartialReplicates(cmd, opts.out, name, seeds[:i], seeds[i:], err))
		default:
		}
		x, err := engine.LoadSeeded(path, seed)
		if err != nil {
			return err
		}
		x.Shard, x.BatchAll = shard, opts.batch
		name = x.Name
		fmt.Fprintf(cmd.ErrOrStderr(), "moot: replicate %d of %d, seed %d\n", i+1, len(seeds), seed)
		ro := seedOptions(opts, seeds, i, paid, x.BudgetUSD > 0)
		if err := seedBudget(cmd, ro, x, seed); err != nil {
			return stoppedAfter(i, errors.Join(err, writePartialReplicates(cmd, opts.out, name, seeds[:i], seeds[i:], err)))
		}
		// seedBudget, not the run's own check, weighed its estimate.
		ro.overBudget = ro.overBudget || x.BudgetUSD > 0
		sum, err := playRun(cmd, ro, x)
		if sum.Experiment != "" {
			// Its summary counts every episode of its folder, resumed
			// ones too: what the seed has paid, to the millionth of a
			// dollar, without reading its log again.
			paid[seed] = sum.Usage.Total.CostUSD
		}
		// A seed played to its end with a few episodes failed, fewer than
		// max_failures allows, is played as a run at one seed is: the
		// next seed plays, and the run says so at the end.
		if fe := (failedEpisodes{}); errors.As(err, &fe) {
			failed = append(failed, fmt.Sprintf("%d at seed %d", fe.failed, seed))
			err = nil
		}
		if err != nil {
			err = fmt.Errorf("replicate at seed %d: %w", seed, err)
			// The seed's run started if it has a summary; a check that
			// stopped it wrote nothing, and its folder holds what it held.
			played := seeds[:i]
			if sum.Experiment != "" {
				played = seeds[:i+1]
			}
			return stoppedAfter(len(played), errors.Join(err, writePartialReplicates(cmd, opts.out, name, played, seeds[len(played):], err)))
		}
	}
	sum, err := sinks.SummarizeReplicates(opts.out, name, seeds, engine.ReplicateDir, seedLocks(opts.out, seeds))
	if err != nil {
		return err
	}
	if err := sinks.WriteReplicateFiles(opts.out, sum, seeds, engine.ReplicateDir); err != nil {
		return err
	}
	if err := printReplicates(cmd.OutOrStdout(), sum); err != nil {
		return err
	}
	printWarnings(cmd.ErrOrStderr(), sum.Warnings)
	fmt.Fprintf(cmd.ErrOrStderr(), "moot: %s, %d episodes in %.1fs; wrote %s\n", noun.Count(len(seeds), "replicate"), sum.Episodes, time.Since(start).Seconds(), opts.out)
	if len(failed) > 0 {
		return fmt.Errorf("episodes failed: %s; see the error field in each seed's %s (the run, run again, plays them again)", strings.Join(failed, ", "), engine.TranscriptsFile)
	}
	return nil
}

// openReplicated checks the folder and the budget of a replicated run
// (checkReplicated) and takes the folder's lock, which the run holds
// throughout, as a run at one seed does, so that no other run, of either
// shape, writes the folder meanwhile: from before the checks where the
// folder is there already, or else once they pass (a refused run makes
// no folder). It returns what each seed's folder has paid so far, and the
// lock's release.
func openReplicated(cmd *cobra.Command, opts runOptions, path string, seeds []uint64, shard *engine.Shard) (map[uint64]float64, func(), error) {
	var unlock func()
	if _, err := os.Stat(opts.out); err == nil {
		if unlock, err = engine.LockFolder(opts.out); err != nil {
			return nil, nil, err
		}
	}
	paid, err := checkReplicated(cmd, opts, path, seeds, shard)
	if err == nil && unlock == nil {
		unlock, err = engine.LockFolder(opts.out)
	}
	if err != nil {
		if unlock != nil {
			unlock()
		}
		return nil, nil, err
	}
	return paid, unlock, nil
}

// checkReplicated makes a replicated run's checks before any seed plays:
// with --resume, some seed's run is there to resume (the seeds it had not
// reached start afresh); without --fresh, what the folder holds is of
// this experiment (priorReplicates); the budget (replicateBudget). It
// returns what each seed's folder has paid so far.
func checkReplicated(cmd *cobra.Command, opts runOptions, path string, seeds []uint64, shard *engine.Shard) (map[uint64]float64, error) {
	if opts.resume && !slices.ContainsFunc(seeds, func(s uint64) bool {
		_, err := os.Stat(filepath.Join(opts.out, engine.ReplicateDir(s), engine.TranscriptsFile))
		return err == nil
	}) {
		return nil, fmt.Errorf("%w: --resume: there is no replicated run to resume in %s", errUsage, opts.out)
	}
	paid, done := map[uint64]float64{}, engine.Done(nil)
	if !opts.fresh {
		var err error
		if paid, done, err = priorReplicates(path, opts.out, seeds, shard); err != nil {
			return nil, err
		}
	}
	return paid, replicateBudget(cmd, opts, path, seeds, shard, paid, done)
}

// stoppedAfter is err, of a replicated run that stopped after it played
// played seeds: where it played any, an error that says bad input (exit
// 2, which promises nothing written) becomes a failure (exit 1).
func stoppedAfter(played int, err error) error {
	if played == 0 || exitCode(err) != exitBadInput {
		return err
	}
	return fmt.Errorf("%v (the seeds before were played, and the run summarised as partial)", withRemedy(err, outRemedy))
}

// seedOptions are the options of the run of the replicate seeds[i] of a
// replicated run with opts: its folder, no tables of its own, and what
// --fresh deletes first (for the first seed only); with a budget, what
// every other seed's folder has paid, which budget_usd bounds together
// with it.
func seedOptions(opts runOptions, seeds []uint64, i int, paid map[uint64]float64, budgeted bool) runOptions {
	seed := seeds[i]
	ro := opts
	ro.out, ro.quiet, ro.replicates, ro.resume = filepath.Join(opts.out, engine.ReplicateDir(seed)), true, 0, false
	ro.replicate = true
	ro.clear = nil
	if i == 0 && opts.fresh {
		// --fresh deletes a run of the other shape, and every
		// replicate there, once, when the first seed's checks have
		// passed: each seed is played afresh, and a --fresh run stopped
		// early resumes without --fresh, none of the earlier run's
		// seeds left beside its own.
		ro.clear = func(cmd *cobra.Command) error {
			if opts.clear != nil {
				if err := opts.clear(cmd); err != nil {
					return err
				}
			}
			return dropReplicates(cmd, opts.out)
		}
	}
	if budgeted {
		for s, usd := range paid {
			if s != seed {
				ro.paidElsewhere += usd
			}
		}
	}
	return ro
}

// seedBudget stops a replicated run before the seed at seed where the
// other seeds have paid budget_usd (its run, in batch mode, would not
// stop), or, without --over-budget, where what they paid and the
// estimate of what this seed has left are over it: the run stops at the
// budget, as a run at one seed does (engine.ErrBudget, exit 1), having
// played the seeds before. A seed with nothing left passes.
func seedBudget(cmd *cobra.Command, ro runOptions, x *engine.Experiment, seed uint64) error {
	if x.BudgetUSD <= 0 || ro.paidElsewhere <= 0 || !engine.HasPrices(x.AgentsInPlay()) {
		return nil
	}
	done, spent, err := x.Prior(ro.out)
	if err != nil || done.Episodes() >= x.PlanSize() {
		return err
	}
	if ro.paidElsewhere >= x.BudgetUSD {
		return fmt.Errorf("%w: the other seeds have paid $%.2f of the budget_usd of %s; the seed %d is not played (raise budget_usd to play it; the run resumes)",
			engine.ErrBudget, ro.paidElsewhere, engine.Dollars(x.BudgetUSD), seed)
	}
	if ro.overBudget {
		return nil
	}
	est, err := x.Estimate(cmd.Context(), engine.DefaultEstimateSample, ro.assumed())
	if err != nil {
		return err
	}
	left := est.Left(done)
	if ro.paidElsewhere+spent+left > x.BudgetUSD {
		return fmt.Errorf("%w: the other seeds have paid $%.2f and the seed %d $%.2f of the budget_usd of %s, and its %d episodes left are estimated at $%.2f; it is not played (raise budget_usd to play it; the run resumes)",
			engine.ErrBudget, ro.paidElsewhere, seed, spent, engine.Dollars(x.BudgetUSD), est.Episodes-done.Episodes(), left)
	}
	return nil
}

// priorReplicates reads, once, each replicate an earlier run left in
// out: every replicate's folder (replicateFolders) and any folder named
// for a seed played now that holds a lock. It refuses, before any seed
// plays, a replicate of another experiment (its lock differs from the
// file's at that seed beyond what a resume allows, or a copy locked at
// another seed): the folder would hold two experiments' seeds, or the run
// would stop at that seed after the seeds before it. It refuses too a
// replicate of this experiment at a seed not played now (a run of more
// replicates before): the summary would cover the others alone and leave
// it beside them. It returns what each seed played now has paid, and the
// episodes they have done.
func priorReplicates(path, out string, seeds []uint64, shard *engine.Shard) (paid map[uint64]float64, done engine.Done, err error) {
	reps := replicateFolders(out)
	for _, s := range seeds {
		dir := filepath.Join(out, engine.ReplicateDir(s))
		if _, err := os.Stat(filepath.Join(dir, engine.LockFile)); err == nil && !slices.ContainsFunc(reps, func(r replicateFolder) bool { return r.seed == s }) {
			reps = append(reps, replicateFolder{dir: dir, seed: s})
		}
	}
	paid = map[uint64]float64{}
	for _, r := range reps {
		x, err := engine.LoadSeeded(path, r.seed)
		if err != nil {
			return nil, nil, err
		}
		x.Shard = shard
		n, usd, err := x.Prior(r.dir)
		if errors.Is(err, engine.ErrForeignRun) {
			return nil, nil, fmt.Errorf("%w: %s holds a replicate of another experiment (%v): choose another --out, or --fresh to delete it", errUsage, out, err)
		}
		if err != nil {
			return nil, nil, err
		}
		if slices.Contains(seeds, r.seed) {
			paid[r.seed], done = usd, done.Add(n)
		}
	}
	var extra []string
	for _, r := range reps {
		if !slices.Contains(seeds, r.seed) {
			extra = append(extra, r.dir)
		}
	}
	if len(extra) > 0 {
		return nil, nil, fmt.Errorf("%w: %s holds replicates at seeds this run of %d does not play (%s); its summary would cover the others alone and leave them beside it: give --replicates as they were run, choose another --out, or --fresh to delete them",
			errUsage, out, len(seeds), strings.Join(extra, ", "))
	}
	return paid, done, nil
}

// writePartialReplicates writes, for a replicated run that stopped with
// err after it played the seeds played (the last maybe in part; those
// with no log left out), the replicated run's summary, tables and report
// over them, marked partial, so that the folder says what this run did,
// not what an earlier run held; rest are the seeds not reached, of which
// those an earlier run played (their folders hold a summary) count too:
// the folder holds them. A run that played no seed writes nothing.
func writePartialReplicates(cmd *cobra.Command, out, name string, seeds, rest []uint64, err error) error {
	var played, notPlayed []uint64
	for _, s := range seeds {
		if _, serr := os.Stat(filepath.Join(out, engine.ReplicateDir(s), engine.TranscriptsFile)); serr == nil {
			played = append(played, s)
		}
	}
	for _, s := range rest {
		if _, serr := os.Stat(filepath.Join(out, engine.ReplicateDir(s), sinks.SummaryFile)); serr == nil && len(played) > 0 {
			played = append(played, s)
		} else {
			notPlayed = append(notPlayed, s)
		}
	}
	rest = notPlayed
	if len(played) == 0 {
		return nil
	}
	sum, serr := sinks.SummarizeReplicates(out, name, played, engine.ReplicateDir, seedLocks(out, played))
	if serr != nil {
		return serr
	}
	sum.Partial = fmt.Sprintf("stopped after the replicates at seeds %v (%s)", played, oneLine(err.Error(), 200))
	if len(rest) > 0 {
		sum.Partial += fmt.Sprintf("; seeds %v not played", rest)
	}
	if werr := sinks.WriteReplicateFiles(out, sum, played, engine.ReplicateDir); werr != nil {
		return werr
	}
	// Its tables, as a run at one seed stopped early prints its own.
	if werr := printReplicates(cmd.OutOrStdout(), sum); werr != nil {
		return werr
	}
	printWarnings(cmd.ErrOrStderr(), sum.Warnings)
	fmt.Fprintf(cmd.ErrOrStderr(), "moot: wrote the partial replicated run of seeds %v into %s\n", played, out)
	return nil
}

// printWarnings prints a summary's warnings, a line each.
func printWarnings(w io.Writer, ws []analysis.Warning) {
	for _, x := range ws {
		fmt.Fprintf(w, "moot: warning: %s\n", x.Message)
	}
}

// printReplicates prints a replicated run's tables and their note, and
// where it stopped early, says so.
func printReplicates(out io.Writer, sum analysis.Summary) error {
	if err := analysis.WriteReplicates(out, sum.Replicates, analysis.FormatText); err != nil {
		return err
	}
	fmt.Fprintln(out, analysis.ReplicateNote(sum.Replicates))
	if sum.Partial != "" {
		fmt.Fprintf(out, "\nPartial run (%s): the tables hold only the seeds and episodes it finished.\n", sum.Partial)
	}
	return nil
}

// replicateBudget checks a replicated run whose agents have prices, before
// any seed plays, against its budget_usd, which bounds all its seeds
// together: what their folders have paid (paid, for done episodes; none
// with --fresh), and one seed's estimate times the seeds for the episodes
// left, unless --over-budget.
func replicateBudget(cmd *cobra.Command, opts runOptions, path string, seeds []uint64, shard *engine.Shard, paid map[uint64]float64, done engine.Done) error {
	if opts.overBudget {
		return nil
	}
	x, err := engine.LoadSeeded(path, seeds[0])
	if err != nil || x.BudgetUSD <= 0 || !engine.HasPrices(x.AgentsInPlay()) {
		return err
	}
	x.Shard, x.BatchAll = shard, opts.batch
	est, err := x.Estimate(cmd.Context(), engine.DefaultEstimateSample, opts.assumed())
	if err != nil {
		return err
	}
	all := est.Times(len(seeds))
	all.Replicates = opts.replicates
	spent := 0.0
	for _, usd := range paid {
		spent += usd
	}
	if err := all.OverBudget(x.BudgetUSD, done, spent); err != nil {
		return fmt.Errorf("%w (%d seeds, each estimated at $%.2f: budget_usd bounds them together)", err, len(seeds), est.CostUSD)
	}
	return nil
}

// replicatedPage links a replicate's report up to the page of the
// replicated run, in the folder above.
func replicatedPage() report.Link {
	return report.Link{Text: "The replicated run: every seed", Href: "../" + report.ReportFile}
}
