package main

import (
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/mootlab/moot/analysis"
	"github.com/mootlab/moot/engine"
)

type runOptions struct {
	out         string
	concurrency int
	cache       cacheFlags
	// progressEvery is how often a progress line is printed.
	progressEvery time.Duration
}

func newRunCommand() *cobra.Command {
	var opts runOptions
	cmd := &cobra.Command{
		Use:   "run FILE",
		Short: "Run an experiment and write its transcripts, summary and tables",
		Example: "  moot run experiments/quickstart.yaml\n" +
			"  moot run experiments/quickstart.yaml --out /tmp/qs --concurrency 8",
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runRun(cmd, opts, args[0])
		},
	}
	cmd.Flags().StringVar(&opts.out, "out", "", "folder for the run's files (default results/<name>)")
	cmd.Flags().IntVar(&opts.concurrency, "concurrency", 0, "episodes played at once (default: the number of CPUs)")
	opts.cache.register(cmd)
	cmd.Flags().DurationVar(&opts.progressEvery, "progress-every", 5*time.Second, "how often to print a progress line on stderr")
	return cmd
}

func runRun(cmd *cobra.Command, opts runOptions, path string) error {
	x, err := engine.Load(path)
	if err != nil {
		return err
	}
	if opts.out == "" {
		opts.out = engine.ReferenceDir(x.Name)
	}
	plan := len(x.Plan())
	fmt.Fprintf(cmd.ErrOrStderr(), "moot: %s: %d episodes (%d questions, %d protocols, %d repeats)\n",
		x.Name, plan, questionCount(x), len(x.Protocols), x.Repeats)
	store, err := opts.cache.open(x)
	if err != nil {
		return err
	}
	if store != nil {
		defer store.Close()
	}
	start := time.Now()
	res, err := engine.Run(cmd.Context(), x, engine.Options{
		Out: opts.out, Concurrency: opts.concurrency, Cache: store,
		Progress: cmd.ErrOrStderr(), ProgressEvery: opts.progressEvery,
	})
	if res == nil {
		return err
	}
	out := cmd.OutOrStdout()
	if err := analysis.WriteText(out, res.Summary); err != nil {
		return err
	}
	fmt.Fprintln(out, analysis.MethodNote(res.Summary))
	u := res.Summary.Usage.Total
	fmt.Fprintf(cmd.ErrOrStderr(), "moot: %d episodes in %.1fs; %d calls (%d cached, %d retries), %d+%d tokens, $%.4f; wrote %s\n",
		res.Summary.Episodes, time.Since(start).Seconds(), u.Calls, u.CachedCalls, u.Retries, u.InputTokens, u.OutputTokens, u.CostUSD, opts.out)
	if err != nil {
		return err
	}
	if res.Failed > 0 {
		return fmt.Errorf("%d of %d episodes failed; see the error field in %s", res.Failed, plan, engine.TranscriptsFile)
	}
	return nil
}

func questionCount(x *engine.Experiment) int {
	n := 0
	for _, t := range x.Tasks {
		n += len(t.Questions)
	}
	return n
}
