package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/mootlab/moot/engine"
	"github.com/mootlab/moot/internal/noun"
)

func newValidateCommand() *cobra.Command {
	var online bool
	var replicates int
	cmd := &cobra.Command{
		Use:   "validate FILE",
		Short: "Check an experiment file without running it",
		Example: `  moot validate experiments/quickstart.yaml
  moot validate --online experiments/quickstart-openai.yaml`,
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			x, err := engine.Load(args[0])
			if err != nil {
				return err
			}
			if err := setReplicates(cmd, x, replicates); err != nil {
				return err
			}
			if err := dryRun(cmd, x); err != nil {
				return err
			}
			// An API key variable not set is the machine's, not the
			// file's: a run would stop at it before its first call.
			if err := x.Unready(x.AgentsInPlay()); err != nil {
				if online {
					return err
				}
				fmt.Fprintf(cmd.ErrOrStderr(), "moot: warning: %v (a run stops here before its first call)\n", err)
			}
			if online {
				if err := engine.Preflight(cmd.Context(), x.AgentsInPlay()); err != nil {
					return err
				}
			}
			fmt.Fprintf(cmd.OutOrStdout(), "%s: ok: %s, %s, %s%s, %s%s\n", args[0], noun.Count(len(x.Agents), "agent"),
				noun.Count(len(x.Tasks), "task"), noun.Count(len(x.Protocols), "protocol"), sweepCells(x), episodeCount(x), onlineNote(online))
			printSkipped(cmd.OutOrStdout(), x)
			printAdvice(cmd.ErrOrStderr(), x)
			return nil
		},
	}
	cmd.Flags().IntVar(&replicates, "replicates", 0, "as moot run --replicates: count this many seeds derived from the file's seed")
	cmd.Flags().BoolVar(&online, "online", false, "also check that each endpoint answers, accepts its key and serves its model, as a run does before it starts")
	return cmd
}

// episodeCount says how many episodes a run of x plays: at each of its
// seeds, for a replicated experiment, as many as at its own.
func episodeCount(x *engine.Experiment) string {
	n := x.PlanSize()
	if k := len(x.ReplicateSeeds); k > 0 {
		return fmt.Sprintf("%s (%d a seed × %d seeds)", noun.Count(n*k, "episode"), n, k)
	}
	return noun.Count(n, "episode")
}

func onlineNote(online bool) string {
	if online {
		return "; endpoints answer"
	}
	return ""
}
