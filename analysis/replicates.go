package analysis

import (
	"slices"

	"github.com/mootlab/moot/transcript"
)

// The intervals of a replicate summary's pooled estimates (the mean over
// replicates of each one's accuracy, or mean paired difference), chosen by
// how the replicates' questions relate:
//
//   - MethodReplicatesT when each replicate has questions of its own (a
//     generated task draws new ones at each seed): the replicates are then
//     independent draws of the whole study — questions and agents' luck —
//     and the Student t interval of the mean of their estimates, with
//     R − 1 degrees of freedom, accounts for both.
//   - MethodReplicatesCrossed when replicates share questions (a dataset,
//     or a task with a seed of its own): seeds and questions are crossed
//     factors, and a bootstrap that draws seeds and questions each with
//     replacement, independently (Owen 2007's pigeonhole bootstrap, which
//     errs on the wide side), accounts for both.
//   - With one replicate, the replicate's own interval: the bootstrap over
//     questions (MethodBootstrap).
const (
	MethodReplicatesT       = "t-over-seeds"
	MethodReplicatesCrossed = "bootstrap-seeds-x-questions"
)

// ReplicateSummary is the replicates section of a replicated run's
// summary.json: the experiment played at several seeds, each a run of its
// own, and per cell and comparison what they have in common.
type ReplicateSummary struct {
	Seeds []uint64 `json:"seeds"`
	// Empty lists the seeds of Seeds whose logs held no episode when the
	// summary was made (a run killed before the seed finished one): they
	// count in no row, nor in the replicates the note and page count
	// (Played). Nil where every seed has episodes.
	Empty []uint64 `json:"empty_seeds,omitempty"`
	// Cells are the protocol × task × judge (× sweep cell) cells, in order
	// of first appearance.
	Cells []ReplicateCell `json:"cells"`
	// Comparisons are the paired comparisons the replicates make.
	Comparisons []ReplicateComparison `json:"comparisons,omitempty"`
	// Elo are the debaters' ratings across the replicates.
	Elo []ReplicateRating `json:"elo,omitempty"`
	// Sweep is a sweep's lines across the replicates; nil without a sweep.
	Sweep *ReplicateSweep `json:"sweep,omitempty"`
	// Grouped is set where some questions share a group (an article, a
	// prompt: Cell.Groups), which the bootstraps draw together.
	Grouped bool `json:"grouped,omitempty"`
	// RepeatedDraws lists the agents some of whose answers are copies of
	// their answers at another seed (WarnRepeatedDraws); nil where none.
	RepeatedDraws []RepeatedDraws `json:"repeated_draws,omitempty"`
	// GreedyRepeats lists the agents that sample greedily (temperature 0:
	// ReplicateSummarizer.Greedy) some of whose answers are to a prompt
	// they were given at another seed (WarnGreedyRepeats): Answers counts
	// the agent's answers, Repeated those whose prompt an earlier seed's
	// answer had. An agent RepeatedDraws lists is left out. Nil where none.
	GreedyRepeats []RepeatedDraws `json:"greedy_repeats,omitempty"`
}

// ReplicateCell is one cell across replicates.
type ReplicateCell struct {
	CellKey
	Kind string `json:"kind"`
	// UpperBound is set when the cell's judge read the gold answer
	// (reference: gold) in every replicate: no deployable judge has it,
	// and every table says so (ReferenceSplit.UpperBound).
	UpperBound bool `json:"upper_bound,omitempty"`
	// Accuracy is the cell's judge accuracy in each replicate that has it,
	// in the order of Seeds (Replicates of them); where not every seed
	// has it (a seed stopped early, or whose episodes there all failed),
	// Seeds lists theirs.
	Accuracy   []float64 `json:"accuracy"`
	Seeds      []uint64  `json:"seeds,omitempty"`
	Replicates int       `json:"replicates"`
	// Mean is the mean of the replicates' accuracies; SD their standard
	// deviation between seeds (n − 1; 0 with one replicate); Min and Max
	// their range. Each is of the accuracies as their counts give them,
	// not as Accuracy rounds them, so it may differ from a mean of
	// Accuracy in the fourth place.
	Mean float64 `json:"mean"`
	SD   float64 `json:"sd"`
	Min  float64 `json:"min"`
	Max  float64 `json:"max"`
	// N counts the judged episodes of all replicates.
	N int `json:"n"`
	SeedQuestions
	// CILow and CIHigh bound Mean; CIMethod says how: MethodReplicatesT
	// or MethodReplicatesCrossed; with one replicate, its own method; where
	// every seed and resample gave one value, that of the seeds' questions
	// pooled (MethodWilsonQuestions, MethodBootstrap, or with one question
	// MethodWilson).
	Interval
	// Grading, Reference, Position and Calibration are the figures of a
	// judge study (Cell.Grading, Cell.Reference, Cell.Position,
	// Cell.Calibration) across the replicates that have them; nil where
	// none has.
	Grading     *ReplicateGrading     `json:"grading,omitempty"`
	Reference   *ReplicateReference   `json:"reference,omitempty"`
	Position    *ReplicatePosition    `json:"position_bias,omitempty"`
	Calibration *ReplicateCalibration `json:"calibration,omitempty"`
}

// SeedQuestions counts what a value over seeds is of, as Cell.Questions
// and Cell.Groups count one run's: the distinct questions of all its
// seeds (judged, or for a comparison paired, in some seed; seeds that
// share their questions count each once), and the groups they fall in
// where some share one (0 where each question is its own). Absent where
// the seeds' tallies were not at hand.
type SeedQuestions struct {
	Questions int `json:"questions,omitempty"`
	Groups    int `json:"groups,omitempty"`
}

// OverSeeds is a value's mean over the replicates that have it, their
// standard deviation between seeds (n − 1), and the mean's 95% interval
// and how it was made.
type OverSeeds struct {
	Replicates int     `json:"replicates"`
	Mean       float64 `json:"mean"`
	SD         float64 `json:"sd"`
	Interval
}

// ReplicateComparison is one paired comparison across replicates.
type ReplicateComparison struct {
	A CellKey `json:"a"`
	B CellKey `json:"b"`
	// Difference is B − A in each replicate that makes the comparison,
	// rounded as the replicate's summary has it; Seeds lists theirs where
	// not every seed makes it.
	Difference []float64 `json:"difference"`
	Seeds      []uint64  `json:"seeds,omitempty"`
	// OverSeeds: its CIMethod is as a cell's, MethodDiscordance in the
	// place of MethodWilsonQuestions. Its mean, SD and t interval are of
	// each replicate's difference over its questions, unrounded.
	OverSeeds
	SeedQuestions
	// PValue is the two-sided p-value of Mean against 0, PMethod its test
	// (MethodReplicatesT, PMethodSeedPermutation, PMethodPermutation or
	// PMethodLargest), chosen as the interval is; PHolm is PValue
	// adjusted by Holm's method over the family (the replicated run's
	// comparisons, or its sweep's line contrasts). Nil in a summary.json
	// written before 2026-12-06.
	PValue  *float64 `json:"p_value,omitempty"`
	PMethod string   `json:"p_method,omitempty"`
	PHolm   *float64 `json:"p_holm,omitempty"`
	// Higher and Lower count the replicates whose own paired 95% interval
	// lies above 0 and below 0: in how many seeds the comparison shows.
	Higher int `json:"higher"`
	Lower  int `json:"lower"`
}

// JudgeText is the cell's judge, marked when the cell is an upper bound.
func (c ReplicateCell) JudgeText() string {
	if c.UpperBound {
		return c.Judge + markJudgeGold
	}
	return c.Judge
}

// LabelOf is the label of cell k of the replicates (CellKey.Label),
// marked when the cell is an upper bound.
func (rs *ReplicateSummary) LabelOf(k CellKey) string { return k.Label() + rs.Mark(k) }

// Mark is MarkUpperBound if cell k of the replicates is an upper bound,
// else "".
func (rs *ReplicateSummary) Mark(k CellKey) string {
	if slices.ContainsFunc(rs.Cells, func(c ReplicateCell) bool { return c.CellKey == k && c.UpperBound }) {
		return MarkUpperBound
	}
	return ""
}

// ReplicateSummarizer summarizes the runs of one experiment at several
// seeds. Its methods may not be called concurrently.
type ReplicateSummarizer struct {
	experiment string
	seeds      []uint64
	reps       []*Summarizer
	// added counts each replicate's episodes (Empty).
	added []int
	// episodes, failed and usage count all replicates together.
	episodes, failed int
	usage            UsageSummary
	draws            seedDraws
}

// NewReplicateSummarizer returns an empty summarizer of replicates at
// seeds, replicate i played at seeds[i].
func NewReplicateSummarizer(experiment string, seeds []uint64) *ReplicateSummarizer {
	z := &ReplicateSummarizer{experiment: experiment, seeds: seeds, added: make([]int, len(seeds))}
	for _, s := range seeds {
		z.reps = append(z.reps, NewSummarizer(experiment, s))
	}
	return z
}

// Greedy says which agents sample greedily (temperature 0): at a prompt
// they were given at another seed they answer alike, but for their
// server's nondeterminism (GreedyRepeats). It must be called before Add.
func (z *ReplicateSummarizer) Greedy(g GreedyAgents) { z.draws.greedy = g }

// GreedyAgents are the agents of a run that sample greedily
// (temperature 0): All by name, and, in a sweep's cell that sets an agent
// otherwise, ByCell[cell][agent], true or false, in its place (the lock's
// cells, each axis named; an episode's cell that names some of them is
// read as those that hold it: GreedyAgents.cell).
type GreedyAgents struct {
	All    map[string]bool
	ByCell map[string]map[string]bool
}

// DeclareAxes gives each replicate the orders in which the run's sweep
// declared its axes' values (Summarizer.DeclareAxes): a seed stopped
// early left its log in the order its episodes finished.
func (z *ReplicateSummarizer) DeclareAxes(axes []SweepAxis) {
	for _, r := range z.reps {
		r.DeclareAxes(axes)
	}
}

// Add counts an episode of replicate r.
func (z *ReplicateSummarizer) Add(r int, ep *transcript.Episode) {
	z.reps[r].Add(ep)
	z.draws.add(r, ep)
	z.added[r]++
	z.episodes++
	if ep.Error != "" {
		z.failed++
	}
	z.usage.add(ep)
}

// Run returns the Summary of the replicated run: its episodes, failures
// and usage over all replicates, and the replicate section (Summary); its
// cells are the replicates' own, in their folders.
func (z *ReplicateSummarizer) Run() Summary {
	sums := z.Summaries()
	rs := z.Summary(sums)
	s := Summary{Experiment: z.experiment, Episodes: z.episodes, Failed: z.failed, Cells: []Cell{}, Replicates: &rs, Usage: z.usage.clone()}
	if len(z.seeds) > 0 {
		s.Seed = z.seeds[0]
	}
	s.Usage.round()
	return s
}

// Summaries returns each replicate's Summary, in the order of the seeds.
func (z *ReplicateSummarizer) Summaries() []Summary {
	out := make([]Summary, len(z.reps))
	for i, r := range z.reps {
		out[i] = r.Summary()
	}
	return out
}

// Summary returns the replicate summary, given each replicate's Summary
// (Summaries).
func (z *ReplicateSummarizer) Summary(sums []Summary) ReplicateSummary {
	rs := ReplicateSummary{Seeds: z.seeds}
	for i, n := range z.added {
		if n == 0 {
			rs.Empty = append(rs.Empty, z.seeds[i])
		}
	}
	var keys []CellKey
	kinds := map[CellKey]string{}
	for _, s := range sums {
		for _, c := range s.Cells {
			rs.Grouped = rs.Grouped || c.Groups > 0
			k := c.Key()
			if _, ok := kinds[k]; !ok {
				keys = append(keys, k)
				kinds[k] = c.Kind
			}
		}
	}
	for _, k := range keys {
		// A cell no seed judged anything in (every episode failed) has
		// no accuracy to summarize: the seeds' own tables show it.
		if c := z.cell(k, kinds[k], sums); c.Replicates > 0 {
			rs.Cells = append(rs.Cells, c)
		}
	}
	var pairs [][2]CellKey
	seen := map[[2]CellKey]bool{}
	for _, s := range sums {
		for _, p := range s.Comparisons {
			if pk := [2]CellKey{p.A, p.B}; !seen[pk] {
				seen[pk] = true
				pairs = append(pairs, pk)
			}
		}
	}
	for _, pk := range pairs {
		if c := z.comparison(pk[0], pk[1], sums); c.Replicates > 0 {
			rs.Comparisons = append(rs.Comparisons, c)
		}
	}
	family := make([]*ReplicateComparison, len(rs.Comparisons))
	for i := range rs.Comparisons {
		family[i] = &rs.Comparisons[i]
	}
	adjustHolmOverSeeds(family)
	rs.Elo = replicateElo(sums)
	rs.Sweep = z.sweep(sums)
	rs.RepeatedDraws = z.draws.repeated()
	rs.GreedyRepeats = z.draws.greedyRepeats(rs.RepeatedDraws)
	return rs
}

// cell summarizes cell k over the replicates that have it.
func (z *ReplicateSummarizer) cell(k CellKey, kind string, sums []Summary) ReplicateCell {
	c := ReplicateCell{CellKey: k, Kind: kind}
	var sc seedCounts
	var judged []seedCell
	for i, s := range sums {
		j := slices.IndexFunc(s.Cells, func(sc Cell) bool {
			return sc.Protocol == k.Protocol && sc.Task == k.Task && sc.Judge == k.Judge && sc.Cell == k.Cell
		})
		if j < 0 || s.Cells[j].N == 0 {
			continue // a seed that judged nothing in it has no accuracy
		}
		if ref := s.Cells[j].Reference; len(sc.accuracy) == 0 {
			c.UpperBound = ref != nil && ref.UpperBound
		} else if ref == nil || !ref.UpperBound {
			c.UpperBound = false
		}
		var t *questionTally
		if pc := z.reps[i].byProtocol[k]; pc != nil {
			t = pc.tally
		}
		sc.add(z.seeds[i], s.Cells[j].Accuracy, s.Cells[j].Correct, s.Cells[j].N, s.Cells[j].Interval, t)
		judged = append(judged, seedCell{z.seeds[i], &s.Cells[j]})
	}
	o, lo, hi := sc.overSeeds(hashStrings("replicates", k.Protocol, k.Task, k.Judge, k.Cell))
	c.Accuracy, c.N, c.Seeds = sc.accuracy, sc.n, someSeeds(sc.seeds, z.seeds)
	c.Replicates, c.Mean, c.SD, c.Min, c.Max, c.Interval = o.Replicates, o.Mean, o.SD, lo, hi, o.Interval
	c.SeedQuestions = sc.qs.counts()
	c.Grading, c.Reference, c.Position = replicateGrading(judged, z.seeds), replicateReference(judged, z.seeds), replicatePosition(judged, z.seeds)
	c.Calibration = replicateCalibration(judged, z.seeds)
	return c
}

// comparison summarizes the comparison of b with a over the replicates
// that make it.
func (z *ReplicateSummarizer) comparison(a, b CellKey, sums []Summary) ReplicateComparison {
	sd := seedDiffs{c: ReplicateComparison{A: a, B: b}}
	for i, s := range sums {
		j := slices.IndexFunc(s.Comparisons, func(p Paired) bool { return p.A == a && p.B == b })
		if j < 0 || s.Comparisons[j].Questions == 0 {
			continue // no question both judged in that seed: no difference
		}
		var ta, tb *questionTally
		if pa, pb := z.reps[i].byProtocol[a], z.reps[i].byProtocol[b]; pa != nil && pb != nil {
			ta, tb = pa.tally, pb.tally
		}
		sd.add(z.seeds[i], s.Comparisons[j], ta, tb)
	}
	c := sd.finish()
	c.Seeds = someSeeds(sd.seeds, z.seeds)
	return c
}
