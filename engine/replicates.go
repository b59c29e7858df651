package engine

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// maxReplicates bounds replicates: and seeds:.
const maxReplicates = 1000

// loadReplicates reads replicates: N or seeds: [..]: the experiment is
// then played once at each seed, each replicate a run of its own.
func (x *Experiment) loadReplicates(f *file, doc *yaml.Node) error {
	bad := func(line int, field string, err error) error {
		return &InputError{File: x.Path, Line: line, Field: field, Err: err}
	}
	if f.Replicates != nil && f.Seeds.Kind != 0 {
		return bad(keyLine(doc, "seeds"), "seeds", fmt.Errorf("give replicates or seeds, not both"))
	}
	if f.Replicates != nil {
		if n := *f.Replicates; n < 1 || n > maxReplicates {
			return bad(keyLine(doc, "replicates"), "replicates", fmt.Errorf("must be between 1 and %d, got %d", maxReplicates, n))
		}
		x.ReplicateSeeds = ReplicateSeeds(x.Seed, *f.Replicates)
		return nil
	}
	if f.Seeds.Kind == 0 {
		return nil
	}
	if f.Seeds.Kind != yaml.SequenceNode || len(f.Seeds.Content) == 0 || len(f.Seeds.Content) > maxReplicates {
		return bad(f.Seeds.Line, "seeds", fmt.Errorf("want a list of 1 to %d seeds, such as [1, 2, 3]", maxReplicates))
	}
	first := map[uint64]int{}
	for i, n := range f.Seeds.Content {
		field := fmt.Sprintf("seeds[%d]", i)
		seed, err := strconv.ParseUint(n.Value, 10, 63)
		if n.Kind != yaml.ScalarNode || err != nil {
			return bad(n.Line, field, fmt.Errorf("want a whole number from 0 to 2^63-1, got %q", n.Value))
		}
		if l, ok := first[seed]; ok {
			return bad(n.Line, field, fmt.Errorf("seed %d is listed twice (first at line %d)", seed, l))
		}
		first[seed] = n.Line
		x.ReplicateSeeds = append(x.ReplicateSeeds, seed)
	}
	return nil
}

// UnplayedSeed reports the seed the file sets (seed:) where its seeds:
// list, which the run plays, leaves it out: it is then the base of moot
// run --replicates N alone, which a reader of the file may not expect.
func (x *Experiment) UnplayedSeed() (uint64, bool) {
	return x.Seed, x.seedGiven && x.ReplicateSeeds != nil && !slices.Contains(x.ReplicateSeeds, x.Seed)
}

// ReplicateSeeds derives the seeds of n replicates from an experiment's
// seed: the first is the seed itself, so that a replicated run's first
// replicate is the plain run; each other mixes the seed with its index
// (SplitMix64), so that the seeds are stable and far apart.
func ReplicateSeeds(seed uint64, n int) []uint64 {
	out := make([]uint64, 0, n)
	seen := map[uint64]bool{}
	for i := uint64(0); len(out) < n; i++ {
		s := seed
		if i > 0 {
			z := seed + i*0x9e3779b97f4a7c15
			z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
			z = (z ^ (z >> 27)) * 0x94d049bb133111eb
			s = (z ^ (z >> 31)) >> 34 // below 2^30: short folder names
		}
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

// ReplicateDir names the folder of the replicate at seed within a
// replicated run's folder.
func ReplicateDir(seed uint64) string { return replicatePrefix + strconv.FormatUint(seed, 10) }

// ReplicateSeedOf is the seed of the replicate whose folder is named name
// (ReplicateDir), and false for a name that is not one.
func ReplicateSeedOf(name string) (uint64, bool) {
	rest, ok := strings.CutPrefix(name, replicatePrefix)
	if !ok {
		return 0, false
	}
	s, err := strconv.ParseUint(rest, 10, 64)
	return s, err == nil && ReplicateDir(s) == name
}

// ReplicateGlob matches the folder name of every replicate (ReplicateDir).
const ReplicateGlob = replicatePrefix + "*"

const replicatePrefix = "seed-"

// LoadSeeded loads the experiment at path as Load does, but played at
// seed: one replicate of it. Its tasks are generated at that seed (those
// whose own seed: is set keep it), and it has no replicates of its own.
func LoadSeeded(path string, seed uint64) (*Experiment, error) {
	data, err := readLimited(path)
	if err != nil {
		return nil, &InputError{File: path, Err: err}
	}
	return parse(path, data, &seed)
}
