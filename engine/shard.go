package engine

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// ErrShards is wrapped by the errors of a merge whose shard runs do not
// make one whole run: a shard missing or given twice, shards of different
// experiments, or a shard whose run is not finished.
var ErrShards = errors.New("shards do not make one run")

// Shard is one part of a plan split by question: shard Index of Count
// (1 ≤ Index ≤ Count) plays every episode of the questions whose position
// among the plan's questions, counted from 0, is Index-1 modulo Count. A
// shard plays whole questions, so that a sweep's cells and the episodes
// that paired comparisons match stay in one shard, and the split depends
// only on the experiment: every shard computes the same one.
type Shard struct {
	Index, Count int
}

// JobCompletionIndex is the variable through which Kubernetes tells each
// pod of an Indexed Job its index, from 0.
const JobCompletionIndex = "JOB_COMPLETION_INDEX"

// String is the shard as --shard takes it: "2/4".
func (s Shard) String() string { return fmt.Sprintf("%d/%d", s.Index, s.Count) }

// ShardName is the shard of the plan x plays ("2/4"), "" for the whole.
func (x *Experiment) ShardName() string {
	if x.Shard == nil {
		return ""
	}
	return x.Shard.String()
}

// ParseShard reads a --shard value: "i/n", shard i of n counted from 1,
// or "k8s/n", shard JOB_COMPLETION_INDEX+1 of n, the index read through
// getenv.
func ParseShard(spec string, getenv func(string) string) (Shard, error) {
	bad := func(format string, a ...any) (Shard, error) {
		return Shard{}, fmt.Errorf("%w: --shard %s: %s", ErrBadInput, spec, fmt.Sprintf(format, a...))
	}
	i, n, ok := strings.Cut(spec, "/")
	if !ok {
		return bad("want i/n (shard i of n, from 1) or k8s/n")
	}
	count, err := strconv.Atoi(n)
	if err != nil || count < 1 {
		return bad("the number of shards must be a whole number from 1, got %q", n)
	}
	if i == "k8s" {
		v := getenv(JobCompletionIndex)
		k, err := strconv.Atoi(v)
		if err != nil || k < 0 || k >= count {
			return bad("%s is %q; want 0 to %d (is this pod part of an Indexed Job with completions: %d?)", JobCompletionIndex, v, count-1, count)
		}
		return Shard{Index: k + 1, Count: count}, nil
	}
	index, err := strconv.Atoi(i)
	if err != nil || index < 1 || index > count {
		return bad("the shard must be a whole number from 1 to %d, got %q", count, i)
	}
	return Shard{Index: index, Count: count}, nil
}
