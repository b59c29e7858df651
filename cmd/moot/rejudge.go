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

func newRejudgeCommand() *cobra.Command {
	var judge, file, out string
	var concurrency int
	var fresh bool
	var cacheOpts cacheFlags
	var endpoints endpointFlags
	cmd := &cobra.Command{
		Use:   "rejudge RUN_DIR --judge AGENT --experiment FILE",
		Short: "Judge a run's transcripts again with another judge, without re-running the debaters",
		Long: "rejudge gives every episode of a finished run to another judge: the speakers' messages are\n" +
			"kept, and the judge reads them as the first judge did (same answer order, same quote marks,\n" +
			"same seed). FILE is the experiment the run came from, with the new judge among its agents.\n" +
			"The result is a new run (default RUN_DIR-rejudged-AGENT), whose prompt store holds the source's\n" +
			"prompts and the new judge's. A rejudge of the same run with the same judge into a folder that\n" +
			"holds one cut short resumes it; a folder that holds another run is refused unless --fresh.",
		Example: "  moot rejudge runs/quickstart --judge strong --experiment experiments/quickstart.yaml",
		Args:    exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if judge == "" || file == "" {
				return fmt.Errorf("%w: rejudge needs --judge and --experiment", errUsage)
			}
			if out == "" {
				out = filepath.Clean(args[0]) + "-rejudged-" + judge
			}
			if sameFolder(out, args[0]) {
				return fmt.Errorf("%w: --out %s is the run being rejudged; --fresh would delete the verdicts it reads: choose another folder", errUsage, out)
			}
			x, err := engine.Load(file)
			if err != nil {
				return err
			}
			for _, a := range x.Agents {
				if a.Name == judge {
					if err := startEndpoints(cmd.Context(), cmd.ErrOrStderr(), []*engine.AgentEntry{a}, concurrency, endpoints); err != nil {
						return err
					}
				}
			}
			store, err := cacheOpts.open(x)
			if err != nil {
				return err
			}
			defer store.Close()
			z := sinks.NewSummary(out, x.Name, x.Seed)
			// Ctrl-C as for run: no new episodes, those in flight given
			// rejudgeGrace, the finished ones kept, exit 130.
			ctx, cancel := withGrace(cmd.Context(), rejudgeGrace, cmd.ErrOrStderr())
			defer cancel()
			opts := engine.Options{Out: out, Concurrency: concurrency, Cache: store, Sinks: []engine.Sink{z}, Stop: stopFrom(cmd.Context()), Fresh: fresh}
			res, err := engine.Rejudge(ctx, x, args[0], judge, opts)
			if err != nil {
				return err
			}
			for _, w := range res.Warnings {
				fmt.Fprintf(cmd.ErrOrStderr(), "moot: warning: %s\n", w)
			}
			if res.Resumed > 0 {
				fmt.Fprintf(cmd.ErrOrStderr(), "moot: resumed %d of %d episodes from %s\n", res.Resumed, res.Planned, out)
			}
			sum := z.Summary()
			if err := analysis.WriteText(cmd.OutOrStdout(), sum); err != nil {
				return err
			}
			fmt.Fprintln(cmd.OutOrStdout(), analysis.MethodNote(sum))
			for _, w := range sum.Warnings {
				fmt.Fprintf(cmd.ErrOrStderr(), "moot: warning: %s\n", w.Message)
			}
			fmt.Fprintf(cmd.ErrOrStderr(), "moot: rejudged %d episodes with %s; wrote %s\n", sum.Episodes, judge, out)
			return nil
		},
	}
	cmd.Flags().StringVar(&judge, "judge", "", "the agent of FILE that judges again")
	cmd.Flags().StringVar(&file, "experiment", "", "the experiment file the run came from, with the new judge")
	cmd.Flags().StringVar(&out, "out", "", "folder of the new run (default RUN_DIR-rejudged-AGENT)")
	cmd.Flags().BoolVar(&fresh, "fresh", false, "replace a run already in the output folder instead of resuming it")
	cmd.Flags().IntVar(&concurrency, "concurrency", 0, "episodes judged at once (default: as for run)")
	cacheOpts.register(cmd)
	endpoints.register(cmd, false)
	return cmd
}

// rejudgeGrace is how long a Ctrl-C leaves the episodes in flight of a
// rejudge to finish: one judge call each.
const rejudgeGrace = 10 * time.Second

// sameFolder says whether a and b name one folder that exists.
func sameFolder(a, b string) bool {
	x, errA := os.Stat(a)
	y, errB := os.Stat(b)
	return errA == nil && errB == nil && os.SameFile(x, y)
}
