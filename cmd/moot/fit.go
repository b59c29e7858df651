package main

import (
	"context"
	"fmt"
	"io"
	"sync/atomic"
	"time"

	"github.com/spf13/cobra"

	"github.com/mootlab/moot/fit"
	"github.com/mootlab/moot/internal/noun"
	"github.com/mootlab/moot/sinks"
)

// fitOptions are moot fit's flags.
type fitOptions struct {
	targets     string
	format      string
	bootstrap   int
	evaluations int
	concurrency int
	// progressEvery is how often a progress line is printed.
	progressEvery time.Duration
}

func newFitCommand() *cobra.Command {
	var opts fitOptions
	cmd := &cobra.Command{
		Use:   "fit FILE --targets TARGETS.yaml",
		Short: "Find sim settings that reproduce target judge accuracies",
		Long: `fit plays the experiment FILE again and again with the settings that TARGETS.yaml names
set within their ranges, and finds those at which its judge accuracies come closest to the
targets (published numbers with their 95% CIs): gonum's Nelder–Mead over the settings, every
run at the experiment's seed (common random numbers). It prints the fitted settings with
their spread over refits to targets redrawn with their SE and the sim's own at the fit
(over its questions: the seed's noise), each target beside the sim's
accuracy (residuals), and the held-out predict: entries beside the sim's prediction.
docs/simulation.md (Calibration) describes the targets file.`,
		Example: `  moot fit experiments/calibrate-khan.yaml --targets experiments/targets/khan-michael.yaml
  moot fit experiments/calibrate-khan.yaml --targets experiments/targets/khan-michael.yaml --format markdown`,
		Args:        exactArgs(1),
		Annotations: stopsItself(),
		RunE: func(cmd *cobra.Command, args []string) error {
			if !cmd.Flags().Changed("bootstrap") {
				opts.bootstrap = -1 // the file's, else 20
			}
			if cmd.Flags().Changed("evaluations") && opts.evaluations < 1 {
				return fmt.Errorf("%w: --evaluations must be 1 to 100000, got %d", errUsage, opts.evaluations)
			}
			return runFit(cmd, opts, args[0])
		},
	}
	cmd.Flags().StringVar(&opts.targets, "targets", "", "the targets file: parameters, targets and held-out predictions (required)")
	cmd.Flags().StringVar(&opts.format, "format", "text", "text, markdown or json")
	cmd.Flags().IntVar(&opts.bootstrap, "bootstrap", 0, "refits on redrawn targets (default: the file's bootstrap:, else 20)")
	cmd.Flags().IntVar(&opts.evaluations, "evaluations", 0, "most runs each search may play besides its starting simplex (d+1 runs for d settings): the main fit's and each refit's, from each of their starts (default: the file's evaluations:, else 150)")
	cmd.Flags().IntVar(&opts.concurrency, "concurrency", 0, "episodes played at once (default: the number of CPUs)")
	cmd.Flags().DurationVar(&opts.progressEvery, "progress-every", 5*time.Second, "how often to print a progress line on stderr: the runs of the experiment played so far")
	return cmd
}

func runFit(cmd *cobra.Command, opts fitOptions, path string) error {
	if opts.targets == "" {
		return fmt.Errorf("%w: moot fit needs --targets TARGETS.yaml", errUsage)
	}
	if err := fit.CheckFormat(opts.format); err != nil { // before a long fit
		return fmt.Errorf("%w: --format: %w", errUsage, err)
	}
	if opts.bootstrap > 1000 || opts.evaluations > 100000 {
		return fmt.Errorf("%w: --bootstrap must be 0 to 1000, --evaluations 1 to 100000", errUsage)
	}
	t, err := fit.ReadTargets(opts.targets)
	if err != nil {
		return err
	}
	if opts.bootstrap >= 0 {
		t.Bootstrap = opts.bootstrap
	}
	if opts.evaluations > 0 {
		t.Evaluations = opts.evaluations
	}
	m, err := fit.NewModel(path)
	if err != nil {
		return err
	}
	defer m.Close()
	// A second Ctrl-C exits at once, past the deferred Close.
	atQuit(cmd.Context(), "the fit is not kept", func() { m.Close() })
	m.Concurrency = opts.concurrency
	start := time.Now()
	// Ctrl-C stops the run in play and the fit, and its scratch folder
	// goes (deferred above), where the process exited at once.
	ctx, cancel := context.WithCancel(cmd.Context())
	defer cancel()
	stop := stopFrom(cmd.Context())
	go func() {
		select {
		case <-stop:
			cancel()
		case <-ctx.Done():
		}
	}()
	stopProgress := fitProgress(cmd.ErrOrStderr(), opts.progressEvery, m)
	res, err := fit.Fit(ctx, m, t)
	stopProgress()
	if err != nil {
		if ctx.Err() != nil {
			return fmt.Errorf("fit interrupted after %s; nothing is kept: %w", noun.Count(m.Runs, "run"), context.Canceled)
		}
		return err
	}
	if err := fit.Write(cmd.OutOrStdout(), res, opts.format); err != nil {
		return err
	}
	fmt.Fprintf(cmd.ErrOrStderr(), "moot: fit %s to %s: %s in %.1fs\n", path, opts.targets, noun.Count(res.Runs, "run"), time.Since(start).Seconds())
	return nil
}

// fitProgress prints, every every until the returned stop is called, how
// many runs of the experiment m has played: a fit plays it hundreds or
// thousands of times, minutes on two cores, and said nothing until its
// table.
func fitProgress(w io.Writer, every time.Duration, m *fit.Model) (stop func()) {
	var runs atomic.Int64
	m.OnRun = func(n int) { runs.Store(int64(n)) }
	start := time.Now()
	return sinks.Every(every, func() bool {
		fmt.Fprintf(w, "moot: fit: %d runs of the experiment in %.0fs\n", runs.Load(), time.Since(start).Seconds())
		return true
	})
}
