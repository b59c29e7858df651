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

// kappaCounts are a kappa's counts by question, with the group each
// question is resampled in, for its interval.
type kappaCounts struct {
	byQuestion map[string]*kappaUnit
	groups     questionGroups
}

// add counts an item of question, in unit (its group; "" or the question
// itself for none), labelled a and b; false for a label outside the known
// ones.
func (c *kappaCounts) add(question, unit string, a, b int) bool {
	if a < 0 || a >= kappaLabels || b < 0 || b >= kappaLabels {
		return false
	}
	if c.byQuestion == nil {
		c.byQuestion = map[string]*kappaUnit{}
	}
	c.groups.add(question, unit)
	u := c.byQuestion[question]
	if u == nil {
		u = &kappaUnit{}
		c.byQuestion[question] = u
	}
	u.n, u.agree = u.n+1, u.agree+b2i(a == b)
	u.a[a]++
	u.b[b]++
	return true
}

// plus adds o's items to u.
func (u *kappaUnit) plus(o *kappaUnit) {
	u.n, u.agree = u.n+o.n, u.agree+o.agree
	for l := range kappaLabels {
		u.a[l] += o.a[l]
		u.b[l] += o.b[l]
	}
}

// byUnit is the counts by group, each question without one alone; by
// question where no two questions share a group, or where one group
// holds them all (a cell's interval is then drawn by its questions).
func (c *kappaCounts) byUnit() map[string]*kappaUnit {
	return unitsOf(c.byQuestion, &c.groups, (*kappaUnit).plus)
}

// unitsOf is a bootstrap's counts by question, byQuestion, summed by the
// unit each question is drawn in (groups), where groups are drawn
// (groupsDrawn); else byQuestion itself.
func unitsOf[T any](byQuestion map[string]*T, groups *questionGroups, plus func(*T, *T)) map[string]*T {
	if !groups.any() {
		return byQuestion
	}
	out := make(map[string]*T, len(byQuestion))
	for q, u := range byQuestion {
		k := groups.unit(q)
		if out[k] == nil {
			out[k] = new(T)
		}
		plus(out[k], u)
	}
	if !groupsDrawn(len(out), len(byQuestion)) {
		return byQuestion
	}
	return out
}

// interval is the 95% percentile bootstrap interval of the kappa of the
// items counted: units are drawn with replacement, each with all its
// items — both orders, assignments, repeats and protocols of a question
// are not independent, nor the questions of a group — and kappa is made
// again from the drawn items' counts, resamples times, from a generator
// seeded by seed. With one unit of several questions (one group), the
// questions are drawn: the interval speaks of that group alone, as a
// cell's does. Resamples in which kappa is undefined are left out. It is
// nil where they are more than maxUndefinedShare of them, where there is a
// single question, and where every resample gives one value (kappa 1, or
// one judge giving one label throughout, kappa 0): the bootstrap then says
// nothing of what is left uncertain.
func (c *kappaCounts) interval(resamples int, seed uint64) *Interval {
	return bootstrapCounts(c.byUnit(), resamples, seed, (*kappaUnit).plus, func(sum *kappaUnit) (float64, bool) {
		chance := 0
		for l := range kappaLabels {
			chance += sum.a[l] * sum.b[l]
		}
		k, _, defined := kappaOf(sum.n, sum.agree, chance)
		return k, defined
	})
}

// bootstrapCounts is the 95% percentile bootstrap interval of a statistic
// of units' counts: the units, in the order of their keys, are drawn with
// replacement as many as there are, their counts summed (plus), and stat
// made of the sum, resamples times, from a generator seeded by seed
// (percentileInterval leaves out the resamples where stat is undefined).
// Nil with fewer than two units.
func bootstrapCounts[T any](byUnit map[string]*T, resamples int, seed uint64, plus func(*T, *T), stat func(*T) (float64, bool)) *Interval {
	if len(byUnit) < 2 {
		return nil
	}
	us := make([]*T, 0, len(byUnit))
	for _, k := range slices.Sorted(maps.Keys(byUnit)) {
		us = append(us, byUnit[k])
	}
	r := rand.New(rand.NewPCG(seed, uint64(len(us))))
	stats := make([]float64, 0, resamples)
	for range resamples {
		sum := new(T)
		for range us {
			plus(sum, us[r.IntN(len(us))])
		}
		if x, defined := stat(sum); defined {
			stats = append(stats, x)
		}
	}
	return percentileInterval(stats, resamples)
}

// percentileInterval is the 95% percentile bootstrap interval of stats,
// the statistic of those of resamples resamples in which it was defined
// (sorted in place). It is nil where the others are more than
// maxUndefinedShare of the resamples, or where the interval would have no
// width — every resample, or all but a few in its tails, giving one value
// (a ranking that two draws in 2000 change read [1.00, 1.00]): the
// bootstrap then says nothing of what is left uncertain. Kappa's interval
// and tau's use it.
func percentileInterval(stats []float64, resamples int) *Interval {
	if len(stats) == 0 || float64(resamples-len(stats)) > maxUndefinedShare*float64(resamples) {
		return nil
	}
	slices.Sort(stats)
	lo, hi := quantile(stats, 0.025), quantile(stats, 0.975)
	if lo == hi {
		return nil
	}
	return &Interval{CILow: lo, CIHigh: hi, CIMethod: MethodBootstrap}
}

// kappaInterval is the interval of Cohen's kappa of the labels a and b,
// item i of question questions[i] in the unit units[i] (kappaCounts); nil
// for a label outside the known ones.
func kappaInterval(a, b []int, questions, units []string, resamples int, seed uint64) *Interval {
	var c kappaCounts
	for i := range a {
		if !c.add(questions[i], units[i], a[i], b[i]) {
			return nil
		}
	}
	return c.interval(resamples, seed)
}
