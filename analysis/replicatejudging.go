package analysis

import "slices"

// SeedFigure is one figure of a judge study — a grader's kappa, a
// judge's consistency under swapped order, its accuracy where its
// reference was right — across the replicates whose summaries have it.
type SeedFigure struct {
	// Values are the figure in each replicate that has it, in the order
	// of the seeds; Seeds lists theirs where not every seed has it (a
	// kappa some seed's grades leave undefined, a seed whose references
	// were never wrong).
	Values []float64 `json:"values"`
	Seeds  []uint64  `json:"seeds,omitempty"`
	// OverSeeds is the mean of Values, their SD and the mean's 95%
	// interval, made as a replicated debater's Elo rating's is
	// (meanOverSeeds): Student t over the replicates (MethodReplicatesT),
	// over seeds only, so that where the replicates share their questions
	// it leaves out the questions' own variance, which each seed's own
	// interval holds; with one replicate, or where every seed gave one
	// value, the span of the seeds' own intervals and their method (none,
	// CIMethod "", where the figure has none: agreement, a reference's
	// accuracy).
	OverSeeds
}

// ReplicateGrading is a grading cell's Grading across the replicates:
// the figures of its row (all) in a seed's grading table, the shares of
// answers right and called correct, and each exam-taker's row.
type ReplicateGrading struct {
	Agreement  *SeedFigure `json:"agreement"`
	Kappa      *SeedFigure `json:"kappa,omitempty"`
	Leniency   *SeedFigure `json:"leniency,omitempty"`
	Strictness *SeedFigure `json:"strictness,omitempty"`
	Tau        *SeedFigure `json:"tau,omitempty"`
	// BaseRate and SaidCorrect are the shares of the graded answers that
	// were right and that the judge called correct (Grading.BaseRate,
	// Grading.SaidCorrect): against them, agreement and κ read as they
	// do in a seed's summary.
	BaseRate    *SeedFigure `json:"base_rate,omitempty"`
	SaidCorrect *SeedFigure `json:"said_correct,omitempty"`
	// ExamTakers are each exam-taker's true and judged accuracy across
	// the replicates whose grading has it, in order of first appearance:
	// what τ ranks, seed by seed.
	ExamTakers []ReplicateExamTaker `json:"exam_takers,omitempty"`
}

// ReplicateExamTaker is one exam-taker's ExamTaker row across the
// replicates: its share of right answers (Accuracy) and the share the
// judge called correct (Judged).
type ReplicateExamTaker struct {
	Agent    string      `json:"agent"`
	Accuracy *SeedFigure `json:"accuracy"`
	Judged   *SeedFigure `json:"judged_accuracy"`
}

// ReplicateReference is a cell's ReferenceSplit across the replicates:
// the share of right references, and the judge's accuracy where its
// reference was right and where it was wrong.
type ReplicateReference struct {
	Accuracy *SeedFigure `json:"reference_accuracy"`
	Right    *SeedFigure `json:"right,omitempty"`
	Wrong    *SeedFigure `json:"wrong,omitempty"`
}

// ReplicatePosition is a cell's PositionBias across the replicates.
type ReplicatePosition struct {
	Consistency         *SeedFigure `json:"consistency"`
	FirstSlotPreference *SeedFigure `json:"first_slot_preference,omitempty"`
	// PairAccuracy is the accuracy over pairs under each rule some
	// replicate scores, in the order the replicates give them.
	PairAccuracy []RuleFigure `json:"pair_accuracy,omitempty"`
}

// ReplicateCalibration is a cell's Calibration across the replicates:
// the expected calibration error and the Brier score of its verdicts
// with a probability, as each seed's summary has them.
type ReplicateCalibration struct {
	ECE   *SeedFigure `json:"ece"`
	Brier *SeedFigure `json:"brier"`
}

// RuleFigure is the accuracy over pairs under one rule (PairScore)
// across the replicates.
type RuleFigure struct {
	Rule     string      `json:"rule"`
	Accuracy *SeedFigure `json:"accuracy"`
}

// seedValues gathers one figure in each replicate that has it.
type seedValues struct {
	seeds  []uint64
	values []float64
	own    []Interval // the replicates' own intervals, where they have one
}

// add counts the figure x of the replicate at seed, with its own
// interval (nil for none).
func (v *seedValues) add(seed uint64, x float64, own *Interval) {
	v.seeds = append(v.seeds, seed)
	v.values = append(v.values, x)
	if own != nil {
		v.own = append(v.own, *own)
	}
}

// figure is the figure over the seeds (SeedFigure), its interval kept
// within [lo, hi], the figure's range, to nine places; nil where no
// replicate has it. all are the run's seeds.
func (v *seedValues) figure(all []uint64, lo, hi float64) *SeedFigure {
	if len(v.values) == 0 {
		return nil
	}
	f := &SeedFigure{Values: v.values, Seeds: someSeeds(v.seeds, all)}
	o, varies := meanOverSeeds(v.values)
	if varies {
		o.CILow, o.CIHigh = max(lo, o.CILow), min(hi, o.CIHigh)
	} else {
		o.Interval = spanIntervals(v.own)
	}
	o.Mean, o.SD, o.CILow, o.CIHigh = nine(o.Mean), nine(o.SD), nine(o.CILow), nine(o.CIHigh)
	f.OverSeeds = o
	return f
}

// spanIntervals is the span of ivs, from the least low bound to the
// greatest high one, with the first's method; the zero Interval for none.
func spanIntervals(ivs []Interval) Interval {
	if len(ivs) == 0 {
		return Interval{}
	}
	span := ivs[0]
	for _, iv := range ivs[1:] {
		span.CILow, span.CIHigh = min(span.CILow, iv.CILow), max(span.CIHigh, iv.CIHigh)
	}
	return span
}

// seedCell is a cell of one replicate's summary, with its seed.
type seedCell struct {
	seed uint64
	cell *Cell
}

// replicateGrading is the grading of cells over the replicates; nil
// where none graded.
func replicateGrading(cells []seedCell, all []uint64) *ReplicateGrading {
	var agreement, kappa, lenient, strict, tau, base, said seedValues
	var takers []string
	right, judged := map[string]*seedValues{}, map[string]*seedValues{}
	for _, sc := range cells {
		g := sc.cell.Grading
		if g == nil {
			continue
		}
		agreement.add(sc.seed, g.Agreement, nil)
		base.add(sc.seed, g.BaseRate, nil)
		said.add(sc.seed, g.SaidCorrect, nil)
		for _, e := range g.ExamTakers {
			if right[e.Agent] == nil {
				takers = append(takers, e.Agent)
				right[e.Agent], judged[e.Agent] = &seedValues{}, &seedValues{}
			}
			right[e.Agent].add(sc.seed, e.Accuracy, nil)
			judged[e.Agent].add(sc.seed, e.Judged, nil)
		}
		if g.KappaDefined {
			kappa.add(sc.seed, g.Kappa, g.KappaCI)
		}
		if g.WrongN > 0 {
			lenient.add(sc.seed, g.Leniency, g.LeniencyCI)
		}
		if g.RightN > 0 {
			strict.add(sc.seed, g.Strictness, g.StrictnessCI)
		}
		if g.TauDefined {
			tau.add(sc.seed, g.Tau, g.TauCI)
		}
	}
	if len(agreement.values) == 0 {
		return nil
	}
	out := &ReplicateGrading{Agreement: agreement.figure(all, 0, 1), Kappa: kappa.figure(all, -1, 1),
		Leniency: lenient.figure(all, 0, 1), Strictness: strict.figure(all, 0, 1), Tau: tau.figure(all, -1, 1),
		BaseRate: base.figure(all, 0, 1), SaidCorrect: said.figure(all, 0, 1)}
	for _, a := range takers {
		out.ExamTakers = append(out.ExamTakers, ReplicateExamTaker{Agent: a, Accuracy: right[a].figure(all, 0, 1), Judged: judged[a].figure(all, 0, 1)})
	}
	return out
}

// replicateReference is the reference split of cells over the
// replicates; nil where no judge read a reference.
func replicateReference(cells []seedCell, all []uint64) *ReplicateReference {
	var accuracy, right, wrong seedValues
	for _, sc := range cells {
		f := sc.cell.Reference
		if f == nil {
			continue
		}
		accuracy.add(sc.seed, f.Accuracy, nil)
		if f.Right.N > 0 {
			right.add(sc.seed, f.Right.Accuracy, &f.Right.Interval)
		}
		if f.Wrong.N > 0 {
			wrong.add(sc.seed, f.Wrong.Accuracy, &f.Wrong.Interval)
		}
	}
	if len(accuracy.values) == 0 {
		return nil
	}
	return &ReplicateReference{Accuracy: accuracy.figure(all, 0, 1), Right: right.figure(all, 0, 1), Wrong: wrong.figure(all, 0, 1)}
}

// replicatePosition is the position bias of cells over the replicates;
// nil where no replicate's judge saw a question in both orders.
func replicatePosition(cells []seedCell, all []uint64) *ReplicatePosition {
	var consistency, first seedValues
	var rules []string
	byRule := map[string]*seedValues{}
	for _, sc := range cells {
		p := sc.cell.Position
		if p == nil || p.Pairs == 0 {
			continue
		}
		consistency.add(sc.seed, p.Consistency, p.ConsistencyCI)
		if p.FirstSlotPreference != nil {
			first.add(sc.seed, *p.FirstSlotPreference, p.FirstSlotCI)
		}
		for _, s := range p.PairAccuracy {
			if !slices.Contains(rules, s.Rule) {
				rules = append(rules, s.Rule)
				byRule[s.Rule] = &seedValues{}
			}
			byRule[s.Rule].add(sc.seed, s.Accuracy, s.CI)
		}
	}
	if len(consistency.values) == 0 {
		return nil
	}
	out := &ReplicatePosition{Consistency: consistency.figure(all, 0, 1), FirstSlotPreference: first.figure(all, 0, 1)}
	for _, r := range rules {
		out.PairAccuracy = append(out.PairAccuracy, RuleFigure{Rule: r, Accuracy: byRule[r].figure(all, 0, 1)})
	}
	return out
}

// replicateCalibration is the calibration of cells over the replicates;
// nil where no replicate's judge gave a probability.
func replicateCalibration(cells []seedCell, all []uint64) *ReplicateCalibration {
	var ece, brier seedValues
	for _, sc := range cells {
		if k := sc.cell.Calibration; k != nil {
			ece.add(sc.seed, k.ECE, nil)
			brier.add(sc.seed, k.Brier, nil)
		}
	}
	if len(ece.values) == 0 {
		return nil
	}
	return &ReplicateCalibration{ECE: ece.figure(all, 0, 1), Brier: brier.figure(all, 0, 1)}
}
