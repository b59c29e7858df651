package main

import (
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"

	"github.com/mootlab/moot/engine"
	"github.com/mootlab/moot/internal/noun"
)

// questionsPlayed says how many questions the run plays: of a shard, its
// part of the whole plan's.
func questionsPlayed(x *engine.Experiment) string {
	all := questionCount(x)
	s := x.Shard
	if s == nil {
		return noun.Count(all, "question")
	}
	return fmt.Sprintf("shard %d of %d: %d of %s", s.Index, s.Count, x.PlanQuestions(), noun.Count(all, "question"))
}

// warnEmptyShard warns where x is a shard that holds no question (more
// shards than questions).
func warnEmptyShard(w io.Writer, x *engine.Experiment) {
	if x.Shard != nil && x.PlanQuestions() == 0 {
		fmt.Fprintf(w, "moot: warning: shard %d of %d holds no question (%s over %d shards): it writes a run of none, which moot merge takes as its part\n",
			x.Shard.Index, x.Shard.Count, noun.Count(questionCount(x), "question"), x.Shard.Count)
	}
}

// sweepCells says how many cells the experiment's sweep has, as ", N sweep
// cells"; "" without a sweep.
func sweepCells(x *engine.Experiment) string {
	if x.Sweep == nil {
		return ""
	}
	return ", " + noun.Count(len(x.Sweep.Cells), "sweep cell")
}

// printAdvice prints, as warnings, what the agents in play say of the
// questions (engine.Experiment.Advice).
func printAdvice(w io.Writer, x *engine.Experiment) {
	for _, a := range x.Advice() {
		fmt.Fprintf(w, "moot: warning: %s\n", a)
	}
}

// printSkipped says, for each dataset task with skip_invalid, how many of
// its file's records were invalid and left out, and for each whose loader
// sets records aside (the ties of a pairwise set), how many.
func printSkipped(w io.Writer, x *engine.Experiment) {
	for _, t := range x.Tasks {
		if t.SkipInvalid {
			first := ""
			if t.FirstSkipped != nil {
				first = fmt.Sprintf("; the first, %v", t.FirstSkipped)
			}
			fmt.Fprintf(w, "moot: task %s: %s of %s skipped (skip_invalid%s); %s kept\n", t.Name, noun.Count(t.Skipped, "invalid record"), t.Path, first, noun.Count(len(t.Questions), "question"))
		}
		if len(t.SetAside) > 0 {
			fmt.Fprintf(w, "moot: task %s: %s of %s set aside, not questions; %s kept\n", t.Name, setAsideText(t.SetAside), t.Path, noun.Count(len(t.Questions), "question"))
		}
	}
}

// setAsideText lists counts by kind, in name order: "2 A=B, 1 tie".
func setAsideText(counts map[string]int) string {
	var parts []string
	for _, k := range slices.Sorted(maps.Keys(counts)) {
		parts = append(parts, fmt.Sprintf("%d %q", counts[k], k))
	}
	return strings.Join(parts, ", ")
}
