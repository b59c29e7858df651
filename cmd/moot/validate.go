package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/mootlab/moot/engine"
)

func newValidateCommand() *cobra.Command {
	return &cobra.Command{
		Use:     "validate FILE",
		Short:   "Check an experiment file without running it",
		Example: "  moot validate experiments/quickstart.yaml",
		Args:    exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			x, err := engine.Load(args[0])
			if err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "%s: ok: %d agents, %d tasks, %d protocols%s, %d episodes\n",
				args[0], len(x.Agents), len(x.Tasks), len(x.Protocols), sweepCells(x), len(x.Plan()))
			return nil
		},
	}
}
