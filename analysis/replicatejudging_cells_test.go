package analysis

import (
	"fmt"
	"testing"
)

// seedsOf checks that f holds values at seeds (nil: at every seed).
func seedsOf(t *testing.T, name string, f *SeedFigure, values []float64, seeds []uint64) {
	t.Helper()
	if f == nil {
		t.Errorf("%s: no figure; want %v", name, values)
		return
	}
	if fmt.Sprint(f.Values) != fmt.Sprint(values) || fmt.Sprint(f.Seeds) != fmt.Sprint(seeds) || f.Replicates != len(values) {
		t.Errorf("%s: values %v at seeds %v (%d replicates); want %v at %v", name, f.Values, f.Seeds, f.Replicates, values, seeds)
	}
}

// TestReplicatedFiguresLeaveOutUndefinedSeeds: of three seeds' hand-made
// judge studies, a figure is over the seeds that define it: κ where it is
// defined, leniency where some answer was wrong, the judge's accuracy
// where its reference was right (or wrong) where some reference was,
// position bias where the judge saw some question in both orders; a figure
// no seed defines (τ here) is none. κ's interval over two seeds far apart
// reaches below 0, down to κ's least, −1, and holds the mean.
func TestReplicatedFiguresLeaveOutUndefinedSeeds(t *testing.T) {
	all := []uint64{1, 2, 3}
	ci := &Interval{CILow: 0.1, CIHigh: 0.9, CIMethod: MethodBootstrap}
	grading := []Grading{
		{Agreement: 0.8, Kappa: -0.3, KappaDefined: true, KappaCI: ci, WrongN: 5, Leniency: 0.2, RightN: 5, Strictness: 0.1},
		{Agreement: 0.9, Kappa: 0.1, KappaDefined: true, KappaCI: ci, RightN: 4, Strictness: 0.2},
		{Agreement: 0.7, WrongN: 3, Leniency: 0.4, RightN: 3, Strictness: 0.3},
	}
	reference := []ReferenceSplit{
		{Accuracy: 0.5, Right: Part{N: 4, Accuracy: 0.75, Interval: *ci}, Wrong: Part{N: 4, Accuracy: 0.25, Interval: *ci}},
		{Accuracy: 1, Right: Part{N: 8, Accuracy: 0.875, Interval: *ci}},
		{Accuracy: 0, Wrong: Part{N: 8, Accuracy: 0.5, Interval: *ci}},
	}
	first := []float64{0.6, 0.7, 0.8}
	position := []PositionBias{
		{Pairs: 4, Consistency: 0.5, Verdicts: 8, FirstSlotPreference: &first[0], PairAccuracy: []PairScore{{Rule: "x", Accuracy: 0.5}}},
		{Verdicts: 3, FirstSlotPreference: &first[1]}, // no question in both orders
		{Pairs: 4, Consistency: 0.75, Verdicts: 8, FirstSlotPreference: &first[2], PairAccuracy: []PairScore{{Rule: "x", Accuracy: 0.75}}},
	}
	var cells, unpaired []seedCell
	for i, s := range all {
		cells = append(cells, seedCell{s, &Cell{Grading: &grading[i], Reference: &reference[i], Position: &position[i]}})
		unpaired = append(unpaired, seedCell{s, &Cell{Position: &PositionBias{Verdicts: 4, FirstSlotPreference: &first[i]}}})
	}

	g := replicateGrading(cells, all)
	seedsOf(t, "agreement", g.Agreement, []float64{0.8, 0.9, 0.7}, nil)
	seedsOf(t, "κ", g.Kappa, []float64{-0.3, 0.1}, []uint64{1, 2})
	seedsOf(t, "leniency", g.Leniency, []float64{0.2, 0.4}, []uint64{1, 3})
	if g.Tau != nil {
		t.Errorf("τ %+v; want none: no seed defines it", g.Tau)
	}
	if k := g.Kappa; k != nil && (k.CILow != -1 || k.CIHigh != 1 || !(k.CILow < k.Mean && k.Mean < k.CIHigh)) {
		t.Errorf("κ over seeds: mean %v, interval [%v, %v]; want it within [−1, 1], which two seeds so far apart fill", k.Mean, k.CILow, k.CIHigh)
	}

	f := replicateReference(cells, all)
	seedsOf(t, "reference right", f.Accuracy, []float64{0.5, 1, 0}, nil)
	seedsOf(t, "judge, reference right", f.Right, []float64{0.75, 0.875}, []uint64{1, 2})
	seedsOf(t, "judge, reference wrong", f.Wrong, []float64{0.25, 0.5}, []uint64{1, 3})

	p := replicatePosition(cells, all)
	seedsOf(t, "consistency", p.Consistency, []float64{0.5, 0.75}, []uint64{1, 3})
	if len(p.PairAccuracy) != 1 {
		t.Fatalf("pair accuracy %+v; want rule x's", p.PairAccuracy)
	}
	seedsOf(t, "pair accuracy", p.PairAccuracy[0].Accuracy, []float64{0.5, 0.75}, []uint64{1, 3})
	if p := replicatePosition(unpaired, all); p != nil {
		t.Errorf("position bias %+v; want none: no seed's judge saw a question in both orders", p)
	}
}

// TestSpanOfTheSeedsIntervals: the span runs from the least low bound to
// the greatest high one, wherever among the seeds they are.
func TestSpanOfTheSeedsIntervals(t *testing.T) {
	var v seedValues
	for _, iv := range []Interval{{CILow: 0.3, CIHigh: 0.6}, {CILow: 0.1, CIHigh: 0.8}, {CILow: 0.2, CIHigh: 0.7}} {
		iv.CIMethod = MethodBootstrap
		v.add(uint64(len(v.values)+1), 0.5, &iv)
	}
	if f := v.figure([]uint64{1, 2, 3}, 0, 1); f.CILow != 0.1 || f.CIHigh != 0.8 {
		t.Errorf("span [%v, %v]; want [0.1, 0.8], the middle seed's", f.CILow, f.CIHigh)
	}
}
