package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/mootlab/moot/engine"
	"github.com/mootlab/moot/sinks"
)

func newVerifyCommand() *cobra.Command {
	var reference string
	var concurrency int
	var cacheOpts cacheFlags
	cmd := &cobra.Command{
		Use:   "verify FILE",
		Short: "Re-run an experiment and compare it with its reference results",
		Long: "verify runs the experiment into a temporary folder and compares summary.json and\n" +
			"table.md with the reference (default results/<name>/). It prints every difference\n" +
			"and exits 1 if there is one.",
		Example: "  moot verify experiments/quickstart.yaml",
		Args:    exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			x, err := engine.Load(args[0])
			if err != nil {
				return err
			}
			if reference == "" {
				reference = engine.ReferenceDir(x.Name)
			}
			store, err := cacheOpts.open(x)
			if err != nil {
				return err
			}
			if store != nil {
				defer store.Close()
			}
			diff, err := verify(cmd.Context(), x, reference, engine.Options{Concurrency: concurrency, Cache: store})
			if err != nil {
				return err
			}
			if diff != "" {
				fmt.Fprint(cmd.ErrOrStderr(), diff)
				fmt.Fprintf(cmd.ErrOrStderr(), "moot: %s: %v\n", x.Name, errDiffers)
				return errDiffers
			}
			fmt.Fprintf(cmd.OutOrStdout(), "%s: results match %s\n", x.Name, reference)
			return nil
		},
	}
	cmd.Flags().StringVar(&reference, "reference", "", "folder of the reference results (default results/<name>)")
	cmd.Flags().IntVar(&concurrency, "concurrency", 0, "episodes played at once (default: the number of CPUs)")
	cacheOpts.register(cmd)
	return cmd
}

// verify runs x into a temporary folder (opts.Out is ignored) with a
// summary sink, and compares its summary and Markdown table with the
// reference in refDir. It returns a description of every difference, or
// "" if there is none.
func verify(ctx context.Context, x *engine.Experiment, refDir string, opts engine.Options) (string, error) {
	if _, err := sinks.ReadSummary(filepath.Join(refDir, sinks.SummaryFile)); err != nil {
		return "", fmt.Errorf("read reference: %w", err)
	}
	tmp, err := os.MkdirTemp("", "moot-verify-*")
	if err != nil {
		return "", err
	}
	defer os.RemoveAll(tmp)
	opts.Out = tmp
	opts.Sinks = []engine.Sink{sinks.NewSummary(tmp, x.Name, x.Seed)}
	if _, err := engine.Run(ctx, x, opts); err != nil {
		return "", err
	}
	return sinks.Diff(refDir, tmp)
}
