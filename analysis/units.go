package analysis

// The units a bootstrap or a permutation test resamples: a question, or
// the group of questions it shares material with (transcript.Episode.Group:
// the questions of one QuALITY article, the pairs of one MT-Bench prompt).
// Questions of a group are not independent, so they are drawn, and their
// labels swapped, together: the cluster bootstrap and the cluster
// permutation test. Where no question has a group every unit is a
// question, and each method is the one over questions, draw for draw.

import (
	"iter"
	"maps"
	"math/rand/v2"
	"slices"

	"github.com/mootlab/moot/transcript"
)

// units returns the units of t's questions and their counts, ordered by
// key: each group's questions pooled and each question without one alone;
// the questions themselves (sorted) where none has a group, or where each
// group holds one question, so that such groups draw as questions do,
// draw for draw.
func (t *questionTally) units() ([]string, []Count) {
	qids, counts := t.sorted()
	if !t.groups.any() {
		return qids, counts
	}
	byUnit := t.unitCounts()
	if len(byUnit) == len(qids) {
		return qids, counts
	}
	keys := slices.Sorted(maps.Keys(byUnit))
	out := make([]Count, len(keys))
	for i, u := range keys {
		out[i] = byUnit[u]
	}
	return keys, out
}

// groupCount is how many units t's questions fall in where some share a
// group, 0 where each question is its own (Cell.Groups).
func (t *questionTally) groupCount() int {
	if !t.groups.any() {
		return 0
	}
	if keys, _ := t.units(); len(keys) < len(t.qids) {
		return len(keys)
	}
	return 0
}

// unitCounts are t's counts by unit, for the statistics over seeds: by
// group (joined) wherever a question has one, without units' rule for
// groups of one question each, which each seed would apply on its own
// (a seed whose failures leave each group one question would key by
// question where the others key by group, and the crossed bootstrap
// would draw one group as two units).
func (t *questionTally) unitCounts() map[string]Count {
	qids, counts := t.sorted()
	m := make(map[string]Count, len(qids))
	for i, q := range qids {
		u := t.groups.unit(q)
		c := m[u]
		c.Correct, c.N = c.Correct+counts[i].Correct, c.N+counts[i].N
		m[u] = c
	}
	return m
}

// unitSum is a unit's paired differences: their sum over its questions
// and how many there are.
type unitSum struct {
	sum float64
	n   int
}

// pairedUnits pools the per-question values xs of the questions qs of a
// paired comparison of ta and tb (in question order) into sums by unit:
// the group either cell has a question in (both joined where they name two:
// questionGroups), else the question itself. groups is how many units
// there are where some question shares one (Paired.Groups), 0 where each
// is its own. Where each group holds one question, or one group holds
// them all, the units are the questions: as a cell's interval, the
// comparison is then drawn by its questions.
func pairedUnits(qs []string, xs []float64, ta, tb *questionTally) (units map[string]unitSum, groups int) {
	units = pairedGroupUnits(qs, xs, ta, tb)
	if groupsDrawn(len(units), len(qs)) {
		return units, len(units)
	}
	if len(units) == 1 && len(qs) > 1 {
		groups = 1 // said, as a cell of one group says it
	}
	return sumByUnit(qs, xs, func(q string) string { return q }), groups
}

// pairedGroupUnits are pairedUnits' sums by group (joined) wherever a
// question has one, without its rules for groups of one question each or
// one group of all, for the statistics over seeds (unitCounts says why).
func pairedGroupUnits(qs []string, xs []float64, ta, tb *questionTally) map[string]unitSum {
	var g questionGroups
	for _, q := range qs {
		g.addFrom(&ta.groups, q)
		g.addFrom(&tb.groups, q)
	}
	return sumByUnit(qs, xs, g.unit)
}

// sumByUnit pools the per-question values xs of the questions qs into
// sums by the unit unitOf gives each, by unit key.
func sumByUnit(qs []string, xs []float64, unitOf func(string) string) map[string]unitSum {
	out := make(map[string]unitSum, len(qs))
	for i, q := range qs {
		u := unitOf(q)
		s := out[u]
		s.sum, s.n = s.sum+xs[i], s.n+1
		out[u] = s
	}
	return out
}

// valuesByKey yields m's values in key order.
func valuesByKey[T any](m map[string]T) iter.Seq[T] {
	return func(yield func(T) bool) {
		for _, k := range slices.Sorted(maps.Keys(m)) {
			if !yield(m[k]) {
				return
			}
		}
	}
}

// unitMean is the mean over every question of the units: their sums
// pooled over their counts.
func unitMean(us []unitSum) float64 {
	var s float64
	var n int
	for _, u := range us {
		s, n = s+u.sum, n+u.n
	}
	return s / float64(n)
}

// unitMeans yields each unit's own mean.
func unitMeans(us []unitSum) []float64 {
	out := make([]float64, len(us))
	for i, u := range us {
		out[i] = u.sum / float64(u.n)
	}
	return out
}

// unitSums are the units' sums, for the permutation test: swapping a and
// b within a unit flips the sign of its sum.
func unitSums(us []unitSum) []float64 {
	out := make([]float64, len(us))
	for i, u := range us {
		out[i] = u.sum
	}
	return out
}

// bootstrapUnits is the 95% percentile bootstrap interval of unitMean over
// us (len(us) > 0), drawing units with replacement; with every unit one
// question it is bootstrapMean of their values, draw for draw.
func bootstrapUnits(us []unitSum, resamples int, seed1, seed2 uint64) (lo, hi float64) {
	r := rand.New(rand.NewPCG(seed1, seed2))
	stats := make([]float64, resamples)
	for i := range stats {
		var s float64
		var n int
		for range us {
			u := us[r.IntN(len(us))]
			s, n = s+u.sum, n+u.n
		}
		stats[i] = s / float64(n)
	}
	slices.Sort(stats)
	return quantile(stats, 0.025), quantile(stats, 0.975)
}

// eloQuestion is what the bootstrap of ratings resamples ep's game in: its
// question, or the group of questions it shares material with.
func eloQuestion(ep *transcript.Episode) string {
	if ep.Group != "" {
		return ep.Task + "/\x00" + ep.Group
	}
	return ep.Task + "/" + ep.QuestionID
}
