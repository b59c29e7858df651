package main

import (
	"fmt"
	"io"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/mootlab/moot/engine"
	"github.com/mootlab/moot/internal/noun"
)

type planOptions struct {
	assumed    engine.Assumed
	sample     int
	batch      bool
	replicates int
	shard      string
}

func newPlanCommand() *cobra.Command {
	var opts planOptions
	cmd := &cobra.Command{
		Use:   "plan FILE",
		Short: "Estimate an experiment's calls, tokens, cost and wall time before running it",
		Long: `Plan plays a sample of the experiment's episodes in memory, with a sim agent standing in
for every agent, and prints per agent and protocol the episodes, calls, input and output
tokens and dollars (where the agent has prices), and the schedule's lower bound on wall
time: for each endpoint, calls × the assumed latency (and, with --latency-per-token, output
tokens × the time a token) ÷ its concurrency limit; a list of replicas shares an agent's calls
among its URLs by their limits.`,
		Example: `  moot plan experiments/quickstart-openai.yaml
  moot plan experiments/quickstart-openai.yaml --latency 5s --sample 0
  moot plan experiments/quickstart-openai.yaml --latency 400ms --latency-per-token 25ms`,
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkShardGiven(cmd, opts.shard); err != nil {
				return err
			}
			return runPlan(cmd, opts, args[0])
		},
	}
	cmd.Flags().DurationVar(&opts.assumed.Latency.PerCall, "latency", 2*time.Second, "the time assumed for one call, for the bound on wall time")
	cmd.Flags().DurationVar(&opts.assumed.Latency.PerToken, "latency-per-token", 0, "the time assumed for each output token of a call, added to --latency (a server's decoding time)")
	cmd.Flags().IntVar(&opts.assumed.ReplyTokens, "reply-tokens", 0, "the output tokens assumed for a reply that argues no side (a verdict, a grade, an answer), which the sim writes in a line; a model told to think it through writes hundreds (0: the sim's)")
	cmd.Flags().BoolVar(&opts.batch, "batch", false, "as moot run --batch: every agent that can goes through its batch API, at its discount")
	cmd.Flags().IntVar(&opts.sample, "sample", engine.DefaultEstimateSample, "episodes of each protocol played in the dry run, in whole questions (every assignment and sweep cell of each), scaled up to the plan (0: all)")
	cmd.Flags().BoolVar(&opts.assumed.Uncached, "no-cache", false, "as moot run --no-cache: count every ask, where the run's response cache answers one made again")
	cmd.Flags().IntVar(&opts.replicates, "replicates", 0, "as moot run --replicates: count this many seeds derived from the file's seed")
	cmd.Flags().StringVar(&opts.shard, "shard", "", "as moot run --shard: estimate shard i of n of the plan (i/n, or k8s/n)")
	return cmd
}

func runPlan(cmd *cobra.Command, opts planOptions, path string) error {
	if opts.assumed.Latency.PerCall <= 0 {
		return fmt.Errorf("%w: --latency must be positive, got %s", errUsage, opts.assumed.Latency.PerCall)
	}
	if err := checkReplyTokens(opts.assumed.ReplyTokens); err != nil {
		return err
	}
	x, err := engine.Load(path)
	if err != nil {
		return err
	}
	if err := setReplicates(cmd, x, opts.replicates); err != nil {
		return err
	}
	x.BatchAll = opts.batch
	if err := shardOf(x, opts.shard); err != nil {
		return err
	}
	// A run the dry run refuses is refused here too, not priced: as
	// moot run checks it, every assignment first, then the sample.
	if err := dryRun(cmd, x); err != nil {
		return err
	}
	est, err := x.Estimate(cmd.Context(), opts.sample, opts.assumed)
	if err != nil {
		return err
	}
	if err := est.DryRunError(); err != nil {
		return err
	}
	return printEstimate(cmd.OutOrStdout(), x, est)
}

// printEstimate prints the estimate's table, endpoints and method.
func printEstimate(out io.Writer, x *engine.Experiment, est *engine.Estimate) error {
	played := fmt.Sprintf("%d of them (a sample of each protocol's questions, every assignment and cell of each, scaled up)", est.Sampled)
	if est.Sampled >= est.Episodes {
		played = "every one of them"
	}
	shard := ""
	if x.Shard != nil {
		shard = " (" + questionsPlayed(x) + ")"
	}
	fmt.Fprintf(out, "%s: %d episodes%s; estimated from a dry run of %s, sim agents standing in for every agent\n\n",
		x.Name, est.Episodes, shard, played)
	w := tabwriter.NewWriter(out, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(w, "agent\tprotocol\tepisodes\tcalls\tinput tokens\toutput tokens\tcost\t")
	var calls, in, outTok int64
	batched := false
	for _, r := range est.Rows {
		cost := dollars(r.Priced, r.CostUSD)
		if r.Batch {
			cost, batched = cost+" (batch)", true
		}
		fmt.Fprintf(w, "%s\t%s\t%d\t%d\t%d\t%d\t%s\t\n", r.Agent, r.Protocol, r.Seated, r.Calls, r.InputTokens, r.OutputTokens, cost)
		calls += r.Calls
		in += r.InputTokens
		outTok += r.OutputTokens
	}
	fmt.Fprintf(w, "total\t\t%d\t%d\t%d\t%d\t%s\t\n", est.Episodes, calls, in, outTok, dollars(est.Priced, est.CostUSD))
	if err := w.Flush(); err != nil {
		return err
	}
	if len(est.Endpoints) > 0 {
		if est.Latency.PerToken > 0 {
			fmt.Fprintf(out, "\nwall time about %s: the busiest endpoint's (calls × %s + output tokens × %s) (assumed; --latency, --latency-per-token) ÷ its concurrency limit; "+
				"not a lower bound: a speech's tokens are counted at its word limit, the most it may use; an episode's %s one after another (those it can, at once) take at least %s, their time to the first token\n",
				est.Wall.Round(time.Second), est.Latency.PerCall, est.Latency.PerToken, noun.Count(est.Chain, "call"), est.ChainTime().Round(time.Second))
		} else if chain := est.ChainTime(); chain > est.Wall {
			fmt.Fprintf(out, "\nwall time at least %s: an episode's %s one after another (those it can, at once) × %s a call (assumed; --latency); the busiest endpoint's calls ÷ its concurrency limit take %s\n",
				shownTime(est, chain), noun.Count(est.Chain, "call"), est.Latency.PerCall, shownTime(est, est.Wall))
		} else {
			fmt.Fprintf(out, "\nwall time at least %s: the busiest endpoint's calls × %s a call (assumed; --latency) ÷ its concurrency limit; an episode's %s one after another (those it can, at once) take %s\n",
				shownTime(est, est.Wall), est.Latency.PerCall, noun.Count(est.Chain, "call"), shownTime(est, chain))
		}
		w = tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
		fmt.Fprintln(w, "endpoint\tlimit\tcalls\ttime")
		for _, e := range est.Endpoints {
			fmt.Fprintf(w, "%s\t%d\t%d\t%s\n", e.URL, e.Limit, e.Calls, shownTime(est, e.Time))
		}
		if err := w.Flush(); err != nil {
			return err
		}
	}
	if k := len(x.ReplicateSeeds); k > 1 {
		cost := ""
		if est.Priced {
			cost = " and " + dollars(true, est.CostUSD*float64(k))
		}
		fmt.Fprintf(out, "\nreplicates: this is one seed's run; the experiment plays %d seeds, each a run like it (other questions where a task is generated): about %d episodes%s in all, the wall time %d times over; budget_usd bounds them together\n",
			k, est.Episodes*k, cost, k)
	}
	if batched {
		fmt.Fprintf(out, "\n(batch): the agent's calls go through its endpoint's batch API, priced at its batch discount (batch.discount); "+
			"each round of calls waits for its batch, which a provider answers within its completion window (OpenAI: 24h), so its wall time is the calls an episode makes one after another (here at most %d) × a batch's latency\n", est.Chain)
	}
	fmt.Fprintf(out, "\nEpisodes: in an agent's row, the episodes of the protocol that it is called in; in the total, the plan's. "+
		"Input tokens: the prompts rendered at their real length over the sim's turns, each earlier speech a prompt repeats counted as long as the output tokens below make it, 4 bytes a token. "+
		"Output tokens: a turn that argues a side uses its word limit × %.1f; any other (a verdict, a question) %s; none past its agent's max_tokens; "+
		"a reasoning model's thinking, which it is billed for as output tokens, is not counted and may be many times the reply. "+
		"Retries and re-asks are not counted; %s; a resumed run costs less, and so does one whose response cache holds answers already (an earlier run's, in another folder), which are counted as sent.\n", engine.TokensPerWord, replyTokens(est), askedAgain(est))
	return nil
}

// shownTime is a time of the estimate as printed, to the second: rounded
// where it is an estimate (--latency-per-token), cut where it is a lower
// bound, which rounded up had said a run of 7.5s of calls at its limit,
// which took 7.8s, would take at least 8s.
func shownTime(est *engine.Estimate, d time.Duration) time.Duration {
	if est.Latency.PerToken > 0 {
		return d.Round(time.Second)
	}
	return d.Truncate(time.Second)
}

// askedAgain says how the estimate counted an ask made again.
func askedAgain(est *engine.Estimate) string {
	if est.Uncached {
		return "an ask made again (an exam-taker's answer every cell reads, a shared reference) is counted each time, as --no-cache sends it"
	}
	return "an ask made again (an exam-taker's answer every cell reads, a shared reference) is counted once, as the response cache answers the others (--no-cache counts each)"
}

// maxReplyTokens is the most --reply-tokens may assume: more than any
// model writes in one reply, and few enough that a plan's tokens (each
// reply's times its calls) cannot overflow.
const maxReplyTokens = 1_000_000

// checkReplyTokens refuses a --reply-tokens below 0 or past
// maxReplyTokens: 9223372036854775807 overflowed the plan's output tokens
// into a negative count, and its cost into a number of no meaning.
func checkReplyTokens(n int) error {
	if n < 0 || n > maxReplyTokens {
		return fmt.Errorf("%w: --reply-tokens must be between 0 and %d, got %d", errUsage, maxReplyTokens, n)
	}
	return nil
}

// replyTokens says how the estimate counted a reply that argues no side.
func replyTokens(est *engine.Estimate) string {
	if est.ReplyTokens > 0 {
		return fmt.Sprintf("%d tokens (assumed; --reply-tokens)", est.ReplyTokens)
	}
	return "the sim's text, a line, where a model told to think it through writes far more (--reply-tokens N assumes N)"
}

func dollars(priced bool, usd float64) string {
	if !priced {
		return "-"
	}
	return fmt.Sprintf("$%.2f", usd)
}

// runCost is a run's estimate (nil when no agent has prices) and what an
// earlier run into its folder did: done of the plan's episodes, paid.
type runCost struct {
	*engine.Estimate
	done engine.Done
	paid float64
}

// assumed is what a run's estimate, which budget_usd is checked against,
// takes as given: 2s a call, as plan's default, --reply-tokens, and
// --no-cache (every ask sent).
func (o runOptions) assumed() engine.Assumed {
	return engine.Assumed{Latency: engine.CallTime{PerCall: 2 * time.Second}, ReplyTokens: o.replyTokens, Uncached: o.cache.off}
}

// checkBudget estimates a run whose agents have prices and refuses one
// whose estimate exceeds budget_usd unless overBudget. The run prints the
// estimate's total (printCost) once the preflight has passed, so that a
// failed preflight stays one line.
func checkBudget(cmd *cobra.Command, x *engine.Experiment, opts runOptions) (runCost, error) {
	if !engine.HasPrices(x.AgentsInPlay()) {
		return runCost{}, nil
	}
	est, err := x.Estimate(cmd.Context(), engine.DefaultEstimateSample, opts.assumed())
	if err != nil {
		return runCost{}, err
	}
	c := runCost{Estimate: est}
	if !opts.fresh {
		// A resume pays only for the episodes left, on top of what the
		// folder's run has paid.
		if c.done, c.paid, err = x.Prior(opts.out); err != nil {
			return runCost{}, err
		}
	}
	if opts.overBudget {
		return c, nil
	}
	return c, est.OverBudget(x.BudgetUSD, c.done, c.paid)
}

// printCost prints the estimate's total, if there is one; for a resume,
// what was paid and the estimate of what is left, which the budget was
// checked against.
func printCost(out io.Writer, x *engine.Experiment, c runCost) {
	if c.Estimate == nil {
		return
	}
	budget := ""
	if x.BudgetUSD > 0 {
		budget = " (budget_usd " + engine.Dollars(x.BudgetUSD) + ")"
	}
	if c.done.Episodes() == 0 && c.paid == 0 {
		fmt.Fprintf(out, "moot: %s: estimated cost $%.2f%s; %s shows how\n", x.Name, c.CostUSD, budget, c.PlanCommand())
		return
	}
	fmt.Fprintf(out, "moot: %s: $%.2f paid for %d of %d episodes; the %d left are estimated at $%.2f%s (the plan at $%.2f; %s shows how)\n",
		x.Name, c.paid, c.done.Episodes(), c.Episodes, max(c.Episodes-c.done.Episodes(), 0), c.Left(c.done), budget, c.CostUSD, c.PlanCommand())
}
