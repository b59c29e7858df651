package main

import (
	"fmt"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/mootlab/moot/engine"
)

// checkShardGiven refuses a --shard given empty (--shard "$SHARD" with
// SHARD unset), with which every machine would play the whole plan.
func checkShardGiven(cmd *cobra.Command, shard string) error {
	if cmd.Flags().Changed("shard") && strings.TrimSpace(shard) == "" {
		return fmt.Errorf("%w: --shard is empty: give i/n, or k8s/n", errUsage)
	}
	return nil
}

// shardOf sets on x the shard of --shard (i/n, or k8s/n), where one is
// given.
func shardOf(x *engine.Experiment, shard string) error {
	if shard == "" {
		return nil
	}
	s, err := engine.ParseShard(shard, os.Getenv)
	if err != nil {
		return err
	}
	x.Shard = &s
	return nil
}

// setShard sets the shard of --shard on x, and the default folder of a
// shard's run: results/<name>-shard-i-of-n. A replicated experiment's
// shard plays that shard of each replicate, each in its seed's folder.
func setShard(x *engine.Experiment, opts *runOptions) error {
	if err := shardOf(x, opts.shard); err != nil || x.Shard == nil {
		return err
	}
	s := *x.Shard
	if opts.out == "" {
		opts.out = fmt.Sprintf("%s-shard-%d-of-%d", engine.ReferenceDir(x.Name), s.Index, s.Count)
	}
	return nil
}
