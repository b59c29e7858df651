package analysis

import (
	"cmp"
	"slices"
)

// HolmAdjusted returns the p-values ps adjusted by Holm's step-down
// method (Holm 1979) over the family they make: sorted ascending, the
// i-th smallest (from 1) of m becomes the largest of min(1, (m−j+1)·p_(j))
// over j ≤ i, and the adjusted values are returned in the order of ps.
// Rejecting where an adjusted p is below α keeps the chance of one false
// rejection or more in the family at α or less, whatever the tests'
// dependence: a run's comparisons share cells, a baseline with every
// protocol, and are not independent.
func HolmAdjusted(ps []float64) []float64 {
	m := len(ps)
	order := make([]int, m)
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(ps[a], ps[b]) })
	out := make([]float64, m)
	running := 0.0
	for rank, i := range order {
		running = max(running, min(1, float64(m-rank)*ps[i]))
		out[i] = running
	}
	return out
}

// AdjustHolm sets the PHolm of each comparison of the family cs: its
// p-value adjusted by Holm's method over them all (HolmAdjusted).
func AdjustHolm(cs []Paired) {
	family := make([]*Paired, len(cs))
	for i := range cs {
		family[i] = &cs[i]
	}
	adjustHolm(family)
}

// adjustHolm is AdjustHolm on a family of comparisons held apart (a
// sweep's line contrasts).
func adjustHolm(cs []*Paired) {
	ps := make([]float64, len(cs))
	for i, c := range cs {
		ps[i] = c.PValue
	}
	for i, p := range HolmAdjusted(ps) {
		v := nine(p)
		cs[i].PHolm = &v
	}
}

// PHolmText is p's Holm-adjusted p-value as the tables print it, "n/a"
// where it has none (a summary written before moot adjusted them).
func (p Paired) PHolmText() string {
	if p.PHolm == nil {
		return "n/a"
	}
	return ftoa(*p.PHolm)
}
