package analysis

// The statistics over seeds behind a replicated run's cells and
// comparisons: the t interval, the crossed bootstrap over seeds and
// questions, and the pooled intervals where the seeds agree; and the mean
// over seeds with its t interval alone (meanOverSeeds) behind the Elo
// ratings and a judge study's figures.

import (
	"cmp"
	"iter"
	"maps"
	"math"
	"math/rand/v2"
	"slices"

	"gonum.org/v1/gonum/stat/distuv"
)

// seedCounts gathers an accuracy — a cell's, or a sweep point's — in each
// replicate that has it, for its summary over the seeds.
type seedCounts struct {
	accuracy []float64 // as each replicate's summary rounds it
	// exact are the accuracies from their counts: a mean of rounded
	// values rounds twice.
	exact []float64
	// perRep are the replicates' counts by question (or by group, where
	// questions share one: questionTally.units), where at hand.
	perRep []map[string]Count
	n      int
	own    Interval // the replicate's own interval, that of a lone one
	seeds  []uint64 // the replicates', in order
	qs     seedQuestions
}

// add counts the accuracy of the replicate at seed, from correct of n,
// with its own interval and its tally by question (nil when not at hand).
func (s *seedCounts) add(seed uint64, accuracy float64, correct, n int, own Interval, t *questionTally) {
	s.seeds = append(s.seeds, seed)
	s.accuracy = append(s.accuracy, accuracy)
	s.exact = append(s.exact, cmp.Or(ratio(correct, n), accuracy))
	s.n += n
	s.own = own
	if t != nil {
		s.perRep = append(s.perRep, t.unitCounts())
		countSeedQuestions(&s.qs, slices.Values(t.qids), s.perRep[len(s.perRep)-1])
	}
}

// overSeeds is the mean of the replicates' accuracies, its SD, the 95%
// interval of the mean (ReplicateCell says which) with its bootstraps
// seeded by key, and the range lo–hi, to nine places (nine): summary.json
// rounds them to four as it writes them, and a table to its one.
func (s *seedCounts) overSeeds(key uint64) (o OverSeeds, lo, hi float64) {
	o.Replicates = len(s.exact)
	if o.Replicates == 0 {
		return o, 0, 0 // nothing to summarize; the caller leaves it out
	}
	o.Mean, o.SD, lo, hi = spread(s.exact)
	switch {
	case o.Replicates == 1:
		o.Interval = s.own
	case shareQuestions(s.perRep):
		o.CIMethod = MethodReplicatesCrossed
		o.CILow, o.CIHigh = crossedBootstrap(s.perRep, func(cs []Count) float64 {
			var correct, n int
			for _, q := range cs {
				correct, n = correct+q.Correct, n+q.N
			}
			return ratio(correct, n)
		}, Resamples, key)
	default:
		o.CIMethod = MethodReplicatesT
		o.CILow, o.CIHigh = tInterval(s.exact)
		o.CILow, o.CIHigh = max(0, o.CILow), min(1, o.CIHigh)
	}
	if o.Replicates > 1 && o.CIHigh-o.CILow < sameTolerance {
		// Every seed, and every resample, gave one value (all right, say):
		// their spread is no measure of what is left uncertain. The
		// seeds' questions pooled are, as for a single run.
		o.Interval = pooledCellInterval(s.perRep, key)
	}
	o.Mean, o.SD, o.CILow, o.CIHigh = nine(o.Mean), nine(o.SD), nine(o.CILow), nine(o.CIHigh)
	return o, nine(lo), nine(hi)
}

// seedDiffs gathers a paired comparison — of two cells, or a sweep line's
// last value with its first — in each replicate that makes it.
type seedDiffs struct {
	c    ReplicateComparison
	own  Paired    // the replicate's own comparison, that of a lone one
	ownP []float64 // every replicate's own p-value
	// exact are the replicates' differences from their questions: a
	// summary's are rounded, and a mean of rounded values rounds twice.
	exact []float64
	// perRep are the replicates' differences summed by unit: by question,
	// or by group where questions share one.
	perRep []map[string]unitSum
	seeds  []uint64 // the replicates', in order
	qs     seedQuestions
}

// add counts the comparison p of the replicate at seed, with the tallies
// by question of its A and B (nil when not at hand).
func (s *seedDiffs) add(seed uint64, p Paired, ta, tb *questionTally) {
	s.seeds = append(s.seeds, seed)
	s.own = p
	s.ownP = append(s.ownP, p.PValue)
	s.c.Difference = append(s.c.Difference, p.Difference)
	switch { // as the seed's summary.json has its bounds
	case round4(p.CILow) > 0:
		s.c.Higher++
	case round4(p.CIHigh) < 0:
		s.c.Lower++
	}
	if ta == nil || tb == nil {
		s.exact = append(s.exact, p.Difference)
		return
	}
	diffs := pairedDiffs(ta, tb)
	s.perRep = append(s.perRep, pairedGroupUnits(slices.Sorted(maps.Keys(diffs)), slices.Collect(valuesByKey(diffs)), ta, tb))
	countSeedQuestions(&s.qs, maps.Keys(diffs), s.perRep[len(s.perRep)-1])
	s.exact = append(s.exact, meanByID(diffs))
}

// finish is the comparison over the seeds: the mean difference, its SD
// and the 95% interval of the mean, as ReplicateComparison says, to nine
// places (as overSeeds).
func (s *seedDiffs) finish() ReplicateComparison {
	c, a, b := s.c, s.c.A, s.c.B
	if len(c.Difference) == 0 {
		return c // nothing to summarize; the caller leaves it out
	}
	key := hashStrings("replicates", a.Protocol, a.Task, a.Judge, a.Cell, b.Protocol, b.Task, b.Judge, b.Cell)
	c.Replicates = len(c.Difference)
	c.Mean, c.SD, _, _ = spread(s.exact)
	switch {
	case c.Replicates == 1:
		c.Interval = s.own.Interval
		c.CIMethod = cmp.Or(s.own.CIMethod, MethodBootstrap) // "": a summary written before comparisons named it
	case shareQuestions(s.perRep):
		c.CIMethod = MethodReplicatesCrossed
		c.CILow, c.CIHigh = crossedBootstrap(s.perRep, unitMean, Resamples, key)
	default:
		c.CIMethod = MethodReplicatesT
		c.CILow, c.CIHigh = tInterval(s.exact)
		// A difference of accuracies lies in [−1, 1]; with few seeds far
		// apart, t's interval does not ([−585, +685] points at two seeds).
		c.CILow, c.CIHigh = max(-1, c.CILow), min(1, c.CIHigh)
	}
	if c.Replicates > 1 && c.CIHigh-c.CILow < sameTolerance && len(s.perRep) > 0 {
		// Every seed, and every resample, gave one difference: as for a
		// single run, over the seeds' questions pooled.
		c.Interval = pooledDiffInterval(s.perRep, key)
	}
	p, method := s.pValue(c.CIMethod, key)
	p = nineDigits(p)
	c.PValue, c.PMethod = &p, method
	c.Mean, c.SD, c.CILow, c.CIHigh = nine(c.Mean), nine(c.SD), nine(c.CILow), nine(c.CIHigh)
	c.SeedQuestions = s.qs.counts()
	return c
}

// seedQuestions gathers the distinct questions of a value over seeds and
// the units they are resampled in, for SeedQuestions.
type seedQuestions struct{ questions, units map[string]bool }

// countSeedQuestions adds to s the questions of a replicate and its units (keys of its
// counts or sums by unit: the groups, and the questions without one).
func countSeedQuestions[T any](s *seedQuestions, questions iter.Seq[string], units map[string]T) {
	if s.questions == nil {
		s.questions, s.units = map[string]bool{}, map[string]bool{}
	}
	for q := range questions {
		s.questions[q] = true
	}
	for u := range units {
		s.units[u] = true
	}
}

// counts are the questions and their groups, counted as one run's cell
// counts its own (questionTally.groupCount): groups 0 where each question
// is its own.
func (s seedQuestions) counts() SeedQuestions {
	c := SeedQuestions{Questions: len(s.questions)}
	if len(s.units) < len(s.questions) {
		c.Groups = len(s.units)
	}
	return c
}

// someSeeds is seeds where they are not all of the run's (all), else nil:
// whose values a list of fewer than every seed's holds.
func someSeeds(seeds, all []uint64) []uint64 {
	if len(seeds) == len(all) {
		return nil
	}
	return seeds
}

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
// discordance bound where every pooled unit's difference is one value,
// else the bootstrap of their mean.
func pooledDiffInterval(perRep []map[string]unitSum, seed uint64) Interval {
	us, units := pooledValues(perRep)
	if d, same := oneValue(slices.Values(unitMeans(us))); same {
		lo, hi := oneValueBound(d, -1, 1, units)
		return Interval{lo, hi, MethodDiscordance}
	}
	lo, hi := bootstrapUnits(us, Resamples, seed, seed)
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

// meanOverSeeds is the mean of xs, one value a replicate, their SD and
// the 95% Student t interval of the mean (MethodReplicatesT), unrounded;
// varies is false with one value, or where every seed gave one value
// (the interval no wider than sameTolerance): their spread then says
// nothing of what is left uncertain, and the caller gives another.
func meanOverSeeds(xs []float64) (o OverSeeds, varies bool) {
	o.Replicates = len(xs)
	o.Mean, o.SD, _, _ = spread(xs)
	if o.Replicates < 2 {
		return o, false
	}
	o.CILow, o.CIHigh = tInterval(xs)
	o.CIMethod = MethodReplicatesT
	return o, o.CIHigh-o.CILow >= sameTolerance
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
// over the drawn questions it has, and a resample where no drawn
// replicate has one is drawn again. Draws in sorted id order, so the
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
		var total float64
		var used int
		// A resample in which no drawn replicate has a drawn question
		// measures nothing (seeds that share few questions): drawn
		// again, where it was counted as 0.
		for used == 0 {
			for j := range drawn {
				drawn[j] = ids[r.IntN(len(ids))]
			}
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
		}
		stats[i] = total / float64(used)
	}
	slices.Sort(stats)
	return quantile(stats, 0.025), quantile(stats, 0.975)
}
