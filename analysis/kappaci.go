package analysis

import (
	"maps"
	"math/rand/v2"
	"slices"
)

// kappaLabels bounds the labels a kappa of two judges counts: the answer
// indices 0 and 1, and the grades saidGradeCorrect and saidGradeIncorrect.
const kappaLabels = saidGradeIncorrect + 1

// kappaUnit is what a unit of the kappa bootstrap brings: its items, how
// many the judges labelled alike, and each judge's count of each label.
type kappaUnit struct {
	n, agree int
	a, b     [kappaLabels]int
}

// maxUndefinedShare is the share of bootstrap resamples in which kappa may
// be undefined (every drawn item labelled alike by both judges) and the
// interval still be given, over the others.
const maxUndefinedShare = 0.025

// kappaInterval is the 95% percentile bootstrap interval of Cohen's kappa
// of the labels a and b, item i in the unit units[i] (its question, or the
// group of questions it shares: transcript.UnitKey): units are drawn with
// replacement, each with all its items — both orders, assignments,
// repeats and protocols of a question are not independent — and kappa is
// made again from the drawn items' counts, resamples times, from a
// generator seeded by seed. Resamples in which kappa is undefined are left
// out; where they are more than maxUndefinedShare of them, or there is a
// single unit, or a label lies outside the known ones, it returns nil.
func kappaInterval(a, b []int, units []string, resamples int, seed uint64) *Interval {
	byUnit := map[string]*kappaUnit{}
	for i := range a {
		if a[i] < 0 || a[i] >= kappaLabels || b[i] < 0 || b[i] >= kappaLabels {
			return nil
		}
		u := byUnit[units[i]]
		if u == nil {
			u = &kappaUnit{}
			byUnit[units[i]] = u
		}
		u.n++
		u.a[a[i]]++
		u.b[b[i]]++
		if a[i] == b[i] {
			u.agree++
		}
	}
	return kappaBootstrap(byUnit, resamples, seed)
}

// kappaBootstrap is kappaInterval over the units' counts byUnit, drawn in
// key order.
func kappaBootstrap(byUnit map[string]*kappaUnit, resamples int, seed uint64) *Interval {
	if len(byUnit) < 2 {
		return nil
	}
	us := make([]*kappaUnit, 0, len(byUnit))
	for _, k := range slices.Sorted(maps.Keys(byUnit)) {
		us = append(us, byUnit[k])
	}
	r := rand.New(rand.NewPCG(seed, uint64(len(us))))
	stats := make([]float64, 0, resamples)
	for range resamples {
		var sum kappaUnit
		for range us {
			u := us[r.IntN(len(us))]
			sum.n, sum.agree = sum.n+u.n, sum.agree+u.agree
			for l := range kappaLabels {
				sum.a[l] += u.a[l]
				sum.b[l] += u.b[l]
			}
		}
		chance := 0
		for l := range kappaLabels {
			chance += sum.a[l] * sum.b[l]
		}
		if k, _, defined := kappaOf(sum.n, sum.agree, chance); defined {
			stats = append(stats, k)
		}
	}
	if float64(resamples-len(stats)) > maxUndefinedShare*float64(resamples) {
		return nil
	}
	slices.Sort(stats)
	return &Interval{CILow: quantile(stats, 0.025), CIHigh: quantile(stats, 0.975), CIMethod: MethodBootstrap}
}
