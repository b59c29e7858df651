package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/mootlab/moot/cache"
)

// newCacheMergeCommand is moot cache merge: the caches of a run's shards
// joined into one.
func newCacheMergeCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "merge DST SRC...",
		Short: "Copy into the cache in DST the answers of the caches in SRC that it lacks",
		Long: `Merge joins response caches, such as those of a run's shards, into the cache folder DST
(created if missing). An answer DST holds is kept; SRC folders are only read, and may be
folders this user may only read (a read-only volume, a cache published with its results),
unless answers still wait in a SRC's write-ahead log, which such a reader cannot see.
Every SRC is read through first: one that is damaged stops the merge before DST is
written (or made).`,
		Example: "  moot cache merge /data/cache /data/shard-cache/0 /data/shard-cache/1",
		Args:    atLeastArgs(2, "cache merge takes DST and at least one SRC folder"),
		RunE: func(cmd *cobra.Command, args []string) error {
			// --cache, which stats and prune read, names no folder here:
			// taken, it would leave the cache it names as it was and merge
			// into the first SRC meant.
			if cmd.Flags().Changed("cache") {
				return fmt.Errorf("%w: cache merge writes into DST, its first argument, not into --cache: moot cache merge DST SRC...", errUsage)
			}
			// Every source first: a missing one, or one the merge could
			// not read whole (damaged), stops the merge before DST is
			// written at all, where a damaged last source had left DST
			// holding the answers of the sources before it.
			if err := folderArg("DST "+args[0], args[0]); err != nil {
				return err
			}
			for _, src := range args[1:] {
				if err := holdsCache(src); err != nil {
					return err
				}
			}
			for _, src := range args[1:] {
				if err := cache.CheckSource(cmd.Context(), src); err != nil {
					return cacheCommandError(err)
				}
			}
			dst, err := openCacheArg(args[0])
			if err != nil {
				return err
			}
			defer dst.Close()
			for _, src := range args[1:] {
				n, err := dst.Merge(cmd.Context(), src)
				if err != nil {
					return cacheCommandError(err)
				}
				fmt.Fprintf(cmd.OutOrStdout(), "%s: added %d answers\n", src, n)
			}
			return nil
		},
	}
	cmd.Flags().String("cache", "", "")
	cmd.Flags().MarkHidden("cache")
	return cmd
}
