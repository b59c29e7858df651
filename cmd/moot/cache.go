package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"time"

	"github.com/spf13/cobra"

	"github.com/mootlab/moot/agents"
	"github.com/mootlab/moot/cache"
	"github.com/mootlab/moot/engine"
)

// cacheFlags are the response-cache flags of run, rejudge and verify.
type cacheFlags struct {
	dir string
	off bool
}

// cacheRemedy is the way out that run, rejudge and verify offer for a
// cache folder they cannot use.
const cacheRemedy = "give --cache DIR, or --no-cache"

// The ways out that moot cache stats, prune and merge offer for a cache
// that is damaged, and for a change to one that can only be read.
const (
	damagedCacheRemedy  = "move its folder aside, or delete its " + cache.FileName + " files: a run asks their answers again"
	readOnlyCacheRemedy = "do it where the cache can be written, or copy its folder"
)

// cacheCommandError is err of moot cache stats, prune or merge: bad input
// (exit 2), with the way out, where a cache is damaged or a change was
// asked of one that can only be read.
func cacheCommandError(err error) error {
	switch {
	case errors.Is(err, cache.ErrDamaged):
		return fmt.Errorf("%w: %w (%s)", errUsage, err, damagedCacheRemedy)
	case errors.Is(err, cache.ErrReadOnly):
		return fmt.Errorf("%w: %w (%s)", errUsage, err, readOnlyCacheRemedy)
	}
	return err
}

func (f *cacheFlags) register(cmd *cobra.Command) {
	cmd.Flags().StringVar(&f.dir, "cache", "", cacheFlagUsage())
	cmd.Flags().BoolVar(&f.off, "no-cache", false, "neither read nor write the response cache")
}

// cacheFlagUsage is the help of --cache, which names the default folder
// where there is one.
func cacheFlagUsage() string {
	d, err := cache.DefaultDir()
	if err != nil {
		d = "moot in the user's cache folder, unknown here"
	}
	return "folder of the response cache (default " + d + ")"
}

// open opens the cache if the experiment has an agent whose answers can be
// cached; it returns nil otherwise, or with --no-cache. An answer the
// cache cannot store is told of once on stderr, and the run goes on.
func (f *cacheFlags) open(x *engine.Experiment, stderr io.Writer) (*cache.Store, error) {
	if f.off {
		return nil, nil
	}
	cacheable := false
	for _, a := range x.Agents {
		if _, ok := a.Agent.(agents.Keyer); ok {
			cacheable = true
		}
	}
	if !cacheable {
		return nil, nil
	}
	dir := f.dir
	if dir == "" {
		d, err := cache.DefaultDir()
		if err != nil {
			return nil, fmt.Errorf("%w: %w (%s)", errUsage, err, cacheRemedy)
		}
		dir = d
	}
	// A cache that does not open (unreadable, damaged, or read-only with
	// answers still in its write-ahead log) is the run's input, refused
	// before anything is written (exit 2). One that can only be read
	// answers what it holds.
	s, err := cache.Open(dir)
	if err != nil {
		return nil, fmt.Errorf("%w: %w (%s)", errUsage, err, cacheRemedy)
	}
	if s.ReadOnly() {
		fmt.Fprintf(stderr, "moot: the response cache %s can only be read here: the answers it holds are used, and new answers are not stored (a later run pays for them again)\n", s.Path())
	}
	s.OnUnkept(func(err error) { fmt.Fprintln(stderr, unkeptWarning(s.Path(), err)) })
	return s, nil
}

// unkeptWarning is the warning of the first answer the cache whose
// database is at path could not store, err: where there was no room
// (cache.ErrFull) it says the way out.
func unkeptWarning(path string, err error) string {
	w := fmt.Sprintf("moot: warning: the response cache %s cannot store answers (%v): the run keeps them and goes on, but a later run will pay for them again (told once)", path, err)
	if errors.Is(err, cache.ErrFull) {
		w += fmt.Sprintf("; to store them, free space on its disk (moot cache prune --older-than 720h --cache %s deletes answers older than 30 days, and needs free space of about the size of those it keeps), or give later runs --cache DIR on a disk with room", filepath.Dir(path))
	}
	return w
}

func newCacheCommand() *cobra.Command {
	var dir string
	cmd := &cobra.Command{
		Use:   "cache",
		Short: "Inspect or prune the response cache",
	}
	open := func() (*cache.Store, error) { return openExisting(dir) }
	stats := &cobra.Command{
		Use:   "stats",
		Short: "Show how many answers the cache holds, by the agent that stored them",
		Long: `Stats prints the cache's size, its oldest and newest answers, and how many answers it
holds per agent, named as in the run that stored each answer ("openai judge"). The
cache key is made of what determines an answer (backend, base URL or cache_as, model,
messages, sampling settings, seed, sample), not of the agent's name: an agent renamed
in a later experiment is answered from entries still counted under its old name, and
agents of one name in two experiments (of two models, say) are counted together.`,
		Example: "  moot cache stats\n  moot cache stats --cache /data/moot-cache",
		Args:    exactArgs(0),
		RunE: func(cmd *cobra.Command, _ []string) error {
			s, err := open()
			if err != nil {
				return err
			}
			defer s.Close()
			return printCacheStats(cmd.Context(), cmd.OutOrStdout(), s)
		},
	}
	var olderThan time.Duration
	var all bool
	prune := &cobra.Command{
		Use:     "prune",
		Short:   "Delete cached answers older than --older-than, or all with --all",
		Example: "  moot cache prune --older-than 720h\n  moot cache prune --all",
		Args:    exactArgs(0),
		RunE: func(cmd *cobra.Command, _ []string) error {
			// --older-than 0s is every answer cached before now: given,
			// not unset.
			if all == cmd.Flags().Changed("older-than") {
				return fmt.Errorf("%w: give either --older-than or --all", errUsage)
			}
			if olderThan < 0 {
				return fmt.Errorf("%w: --older-than %v is negative: an age is 0 or more", errUsage, olderThan)
			}
			s, err := open()
			if err != nil {
				return err
			}
			defer s.Close()
			var cutoff time.Time
			if !all {
				cutoff = time.Now().Add(-olderThan)
			}
			n, err := s.Prune(cmd.Context(), cutoff)
			if err != nil {
				return cacheCommandError(err)
			}
			fmt.Fprintf(cmd.OutOrStdout(), "deleted %d answers from %s\n", n, s.Path())
			return nil
		},
	}
	// --cache is stats' and prune's: merge names its folders as
	// arguments, and a --cache it took would be ignored (DST is the first).
	stats.Flags().StringVar(&dir, "cache", "", cacheFlagUsage())
	prune.Flags().StringVar(&dir, "cache", "", cacheFlagUsage())
	prune.Flags().DurationVar(&olderThan, "older-than", 0, "delete answers cached longer ago than this (e.g. 720h)")
	prune.Flags().BoolVar(&all, "all", false, "delete every cached answer")
	cmd.AddCommand(stats, prune, newCacheMergeCommand())
	return cmd
}

// printCacheStats prints what cache stats says of s: its size, its
// oldest and newest answers, and how many each agent holds.
func printCacheStats(ctx context.Context, out io.Writer, s *cache.Store) error {
	st, err := s.Stats(ctx)
	if err != nil {
		return cacheCommandError(err)
	}
	fmt.Fprintf(out, "%s: %d answers, %d bytes\n", st.Path, st.Entries, st.Bytes)
	if st.Entries > 0 {
		fmt.Fprintf(out, "oldest %s, newest %s\n", st.Oldest.UTC().Format(time.DateTime), st.Newest.UTC().Format(time.DateTime))
	}
	names := make([]string, 0, len(st.ByAgent))
	for a := range st.ByAgent {
		names = append(names, a)
	}
	sort.Strings(names)
	for _, a := range names {
		fmt.Fprintf(out, "  %8d  %s\n", st.ByAgent[a], a)
	}
	return nil
}

// openExisting opens the cache that stats and prune read: a folder named
// by --cache must hold one, so that a misspelt name is named, not made;
// "" is the default folder.
func openExisting(dir string) (*cache.Store, error) {
	if dir != "" {
		if err := holdsCache(dir); err != nil {
			return nil, err
		}
	} else if d, err := cache.DefaultDir(); err != nil {
		return nil, fmt.Errorf("%w: %w (give --cache DIR)", errUsage, err)
	} else {
		dir = d
	}
	return openCacheArg(dir)
}

// openCacheArg opens the cache in dir, named on the command line of moot
// cache: one that does not open is bad input (exit 2), with the way out.
func openCacheArg(dir string) (*cache.Store, error) {
	s, err := cache.Open(dir)
	if errors.Is(err, cache.ErrDamaged) {
		return nil, cacheCommandError(err)
	} else if err != nil {
		return nil, fmt.Errorf("%w: %w (give --cache DIR)", errUsage, err)
	}
	return s, nil
}

// holdsCache is nil when dir holds a response cache, else the usage error
// that names it.
func holdsCache(dir string) error {
	if _, err := os.Stat(filepath.Join(dir, cache.FileName)); err != nil {
		return fmt.Errorf("%w: %s holds no response cache (%s): %v", errUsage, dir, cache.FileName, err)
	}
	return nil
}
