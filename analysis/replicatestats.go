package analysis

// The statistics over seeds behind a replicated run's cells and
// comparisons: the t interval, the crossed bootstrap over seeds and
// questions, and the pooled intervals where the seeds agree.

import (
	"maps"
	"math"
	"math/rand/v2"
	"slices"

	"gonum.org/v1/gonum/stat/distuv"
)

// pairedDiffs are the per-question differences in accuracy, b − a, on the
// questions both judged, by question id (as comparePaired has them).
func pairedDiffs(ta, tb *questionTally) map[string]float64 {
	diffs := map[string]float64{}
	for q, i := range ta.index {
		j, ok := tb.index[q]
		if !ok || ta.counts[i].N == 0 || tb.counts[j].N == 0 {
			continue
		}
		diffs[q] = ratio(tb.counts[j].Correct, tb.counts[j].N) - ratio(ta.counts[i].Correct, ta.counts[i].N)
	}
	return diffs
}

// meanByID is the mean of diffs taken in question-id order, as Compare
// sums them, so that it is the replicate's Difference before rounding.
func meanByID(diffs map[string]float64) float64 {
	if len(diffs) == 0 {
		return 0 // as Compare has it with no shared question
	}
	ids := slices.Sorted(maps.Keys(diffs))
	xs := make([]float64, len(ids))
	for i, q := range ids {
		xs[i] = diffs[q]
	}
	return mean(xs)
}

// pooledCellInterval is the interval of a cell whose replicates' spread
// says nothing (every seed, and every resample, at one accuracy): the
// seeds' questions pooled, as one run's (questionInterval over their
// distinct questions), seeded by seed.
func pooledCellInterval(perRep []map[string]Count, seed uint64) Interval {
	counts, questions := pooledValues(perRep)
	return questionInterval(counts, questions, seed, seed)
}

// pooledDiffInterval is pooledCellInterval for a comparison: the
// discordance bound where every pooled question's difference is one
// value, else the bootstrap of their mean.
func pooledDiffInterval(perRep []map[string]float64, seed uint64) Interval {
	diffs, questions := pooledValues(perRep)
	if d, same := oneValue(slices.Values(diffs)); same {
		lo, hi := oneValueBound(d, -1, 1, questions)
		return Interval{lo, hi, MethodDiscordance}
	}
	lo, hi := bootstrapMean(diffs, Resamples, seed, seed)
	return Interval{lo, hi, MethodBootstrap}
}

// pooledValues lists the replicates' per-question values, replicate by
// replicate in question id order, and counts the distinct questions.
func pooledValues[T any](perRep []map[string]T) (values []T, questions int) {
	qs := map[string]bool{}
	for _, r := range perRep {
		for _, q := range slices.Sorted(maps.Keys(r)) {
			values = append(values, r[q])
			qs[q] = true
		}
	}
	return values, len(qs)
}

// shareQuestions reports whether any question appears in more than one
// replicate.
func shareQuestions[T any](reps []map[string]T) bool {
	seen := map[string]bool{}
	for _, r := range reps {
		for q := range r {
			if seen[q] {
				return true
			}
		}
		for q := range r {
			seen[q] = true
		}
	}
	return false
}

// tInterval is the 95% Student t interval of the mean of xs (at least
// two values).
func tInterval(xs []float64) (lo, hi float64) {
	m, sd, _, _ := spread(xs)
	t := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: float64(len(xs) - 1)}.Quantile(0.975)
	half := t * sd / math.Sqrt(float64(len(xs)))
	return m - half, m + half
}

// spread returns the mean, the sample standard deviation (0 for fewer
// than two values), the minimum and the maximum of xs.
func spread(xs []float64) (m, sd, lo, hi float64) {
	if len(xs) == 0 {
		return 0, 0, 0, 0
	}
	m = mean(xs)
	for _, x := range xs {
		sd += (x - m) * (x - m)
	}
	if len(xs) > 1 {
		sd = math.Sqrt(sd / float64(len(xs)-1))
	} else {
		sd = 0
	}
	return m, sd, slices.Min(xs), slices.Max(xs)
}

// crossedBootstrap is the MethodReplicatesCrossed interval of the mean
// over replicates of stat, each replicate a map from question id to its
// item: resamples times, draw as many replicates as there are with
// replacement and, independently, as many question ids as there are (all
// replicates' together) with replacement; each drawn replicate's stat is
// over the drawn questions it has. Draws in sorted id order, so the
// interval does not depend on map order.
func crossedBootstrap[T any](reps []map[string]T, stat func([]T) float64, resamples int, seed uint64) (lo, hi float64) {
	idSet := map[string]bool{}
	for _, r := range reps {
		for q := range r {
			idSet[q] = true
		}
	}
	ids := slices.Sorted(maps.Keys(idSet))
	if len(ids) == 0 || len(reps) == 0 {
		return 0, 1
	}
	r := rand.New(rand.NewPCG(seed, uint64(len(reps))))
	stats := make([]float64, resamples)
	drawn := make([]string, len(ids))
	var buf []T
	for i := range stats {
		for j := range drawn {
			drawn[j] = ids[r.IntN(len(ids))]
		}
		var total float64
		var used int
		for range reps {
			rep := reps[r.IntN(len(reps))]
			buf = buf[:0]
			for _, q := range drawn {
				if v, ok := rep[q]; ok {
					buf = append(buf, v)
				}
			}
			if len(buf) > 0 {
				total += stat(buf)
				used++
			}
		}
		stats[i] = total / float64(max(used, 1))
	}
	slices.Sort(stats)
	return quantile(stats, 0.025), quantile(stats, 0.975)
}
