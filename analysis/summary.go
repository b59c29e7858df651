package analysis

import (
	"slices"
	"sync"

	"github.com/mootlab/moot/transcript"
)

// Resamples is the number of bootstrap resamples behind a cell's interval,
// a comparison's interval and the Elo intervals of a Summary.
const Resamples = 2000

// Values of Cell.CIMethod.
const (
	// MethodBootstrap is the percentile bootstrap over questions.
	MethodBootstrap = "bootstrap-questions"
	// MethodWilson is the Wilson score interval over episodes.
	MethodWilson = "wilson"
	// MethodWilsonQuestions is the Wilson score interval over questions,
	// each counted once: for a cell of two or more questions at 0% or
	// 100%, where the episodes of a question, which are not independent,
	// all went one way.
	MethodWilsonQuestions = "wilson-questions"
	// MethodRange is the whole range of a statistic, where there is one
	// question (or group) to resample and so no interval (grading's tau).
	MethodRange = "range"
)

// Summary is summary.json: judge accuracy per protocol × task × judge.
type Summary struct {
	Experiment string `json:"experiment"`
	Seed       uint64 `json:"seed"`
	Episodes   int    `json:"episodes"`
	Failed     int    `json:"failed"` // episodes with Error != ""
	// Partial, when set, says why the run stopped before its plan was
	// done; the cells cover the episodes that finished.
	Partial string `json:"partial,omitempty"`
	// Shard, when set, is the part of the experiment's questions the run
	// played (moot run --shard 2/4): its cells hold those alone, and a
	// merge of every shard's run is the experiment's.
	Shard string `json:"shard,omitempty"`
	// Warnings are problems the tables do not make plain, such as a
	// judge whose verdicts mostly did not parse (set by the run's sinks).
	Warnings []Warning `json:"warnings,omitempty"`
	// By names the fields the cells are keyed by when they are not the
	// default protocol, task and judge (see SummarizeBy).
	By    []string `json:"by,omitzero"`
	Cells []Cell   `json:"cells"`
	// Comparisons are paired differences in judge accuracy between
	// protocols on the questions both judged: for every task × judge, each
	// protocol against those its episodes name in CompareWith (debate
	// against the judge alone and consultancy, and so on; each protocol
	// chooses). Only in the default grouping.
	Comparisons []Paired `json:"comparisons,omitempty"`
	// Uncompared names the pairs the protocols' classes call for whose
	// cells share no question (a cell whose episodes all failed), left
	// out of Comparisons: "A vs B (task, judge J[, cell C])".
	Uncompared []string `json:"uncompared,omitempty"`
	// Elo rates the debaters of all debate episodes, each split into a
	// correct-side and an incorrect-side player (see DebaterGames).
	Elo []Rating `json:"elo,omitempty"`
	// EloGrouped is set where some of the rated debates' questions share a
	// group (an article): the ratings' bootstrap draws a group's games
	// together.
	EloGrouped bool `json:"elo_grouped,omitempty"`
	// EloAccuracy sets each debater's aggregate Elo beside the judge's
	// accuracy in its debates.
	EloAccuracy []DebaterAccuracy `json:"elo_accuracy,omitempty"`
	// Sweep is set when the episodes come from a sweep's cells: its axes
	// and the judge accuracy along each.
	Sweep *SweepSummary `json:"sweep,omitempty"`
	// Replicates is set for a replicated run: the experiment at several
	// seeds, each in its own folder, and what the seeds agree on.
	Replicates *ReplicateSummary `json:"replicates,omitempty"`
	Usage      UsageSummary      `json:"usage"`
}

// Replicated says whether s is a replicated run's summary: what its seeds
// agree on, with no cells of its own (each seed's are in its folder).
func (s Summary) Replicated() bool { return s.Replicates != nil && len(s.Cells) == 0 }

// Warning is one problem with a run's results.
type Warning struct {
	// Kind is one of the Warn constants.
	Kind    string `json:"kind"`
	Message string `json:"message"`
}

// The kinds of warning.
const (
	// WarnUnparsedVerdicts: a judge left many verdicts unparsed.
	WarnUnparsedVerdicts = "unparsed_verdicts"
	// WarnEstimatedUsage: an agent's server sent no token counts, so its
	// tokens and cost are estimates.
	WarnEstimatedUsage = "estimated_usage"
	// WarnTruncatedAnswers: some of an agent's answers were cut short, at
	// its token limit or by a content filter.
	WarnTruncatedAnswers = "truncated_answers"
	// WarnUnprobedVerdicts: some, not all, of a judge's parsed verdicts
	// came without a probability, and calibration covers the others.
	WarnUnprobedVerdicts = "verdicts_without_probability"
	// WarnServedModels: an agent's answers came from more than one model,
	// as its server named them (a proxy's fallback, an alias moved).
	WarnServedModels = "served_models"
	// WarnRepeatedDraws: in a replicated run, an agent's answers at one
	// seed repeat its answers at another, draw for draw
	// (ReplicateSummary.RepeatedDraws): the seeds are not independent.
	WarnRepeatedDraws = "repeated_draws"
	// WarnGreedyRepeats: in a replicated run, an agent that samples at
	// temperature 0 answered at one seed a prompt it had been given at
	// another (ReplicateSummary.GreedyRepeats): its answer there is the
	// same but for its server's nondeterminism.
	WarnGreedyRepeats = "greedy_repeats"
	// WarnUnknownSeed: a table or comparison of a run folder with neither
	// summary nor lock (a log copied alone), whose seed is unknown: the
	// summary's seed, 0, seeds its bootstrap, and is no seed it was
	// played at.
	WarnUnknownSeed = "unknown_seed"
)

// Cell is the judge accuracy of one protocol on one task with one judge.
type Cell struct {
	Protocol string `json:"protocol"` // Episode.Protocol (label)
	Kind     string `json:"kind"`
	// Cell is the sweep cell (Episode.Cell): in the default grouping and
	// when grouped by cell, its whole name; when grouped by some axes,
	// axis=value for those.
	Cell  string `json:"cell,omitempty"`
	Task  string `json:"task"`
	Judge string `json:"judge"`
	// Assignment and Repeat are set only when the Summary is grouped by
	// them (see SummarizeBy).
	Assignment string `json:"assignment,omitempty"`
	Repeat     *int   `json:"repeat,omitempty"`
	N          int    `json:"n"`         // episodes judged (incl. unparsed, excl. failed)
	Questions  int    `json:"questions"` // distinct question ids among them
	// Groups is how many groups the questions fall in, where some share
	// one (transcript.Episode.Group): the units the interval resamples.
	// 0 where every question is its own.
	Groups   int `json:"groups,omitempty"`
	Correct  int `json:"correct"`
	Unparsed int `json:"unparsed"`
	// Settled counts the verdicts no judge gave, counted in N: a remark
	// settled them (transcript.Episode.Settled: MAD's moderator, with
	// verdict: moderator), and they carry no probability.
	Settled  int     `json:"settled,omitempty"`
	Failed   int     `json:"failed"`
	Accuracy float64 `json:"accuracy"`
	// MethodBootstrap, MethodWilsonQuestions or MethodWilson
	Interval
	// Breakdown splits the cell by Episode.Assignment, in order of first
	// appearance, when the cell has more than one assignment; the two
	// parts of an assignment whose seat chose its answer side by side,
	// chose-correct first (orderedParts).
	Breakdown []Part `json:"breakdown,omitempty"`
	// Position is the judge's position bias, when the cell's questions
	// were judged in both orders (see ComputePositionBias).
	Position *PositionBias `json:"position_bias,omitempty"`
	// Calibration is set when the judge gave probabilities (see
	// ComputeCalibration).
	Calibration *Calibration `json:"calibration,omitempty"`
	// Debaters are the win rates of two distinct debaters by the side they
	// argued (see DebaterRates).
	Debaters []DebaterRate `json:"debaters,omitempty"`
	// ByRound is the judge's accuracy after each round, when its
	// episodes have interim verdicts (Episode.Interim): the interim
	// verdicts' at rounds 1…R−1, the verdict's as round R. Its last
	// point is the cell's accuracy.
	ByRound []RoundPoint `json:"by_round,omitempty"`
	// Grading is set when the judge graded answers (Episode.Graded).
	Grading *Grading `json:"grading,omitempty"`
	// Reference is set when the judge read a reference answer.
	Reference *ReferenceSplit `json:"reference,omitempty"`
	// JudgeTime is set when the judge is a person whose verdicts were
	// timed (moot judge).
	JudgeTime *JudgeTime `json:"judge_time,omitempty"`
}

// RoundPoint is the judge's accuracy after one round, over the episodes
// with a verdict after it. Its interval follows the cell's rule: the
// bootstrap over questions, with the cell's seed, or Wilson where the
// bootstrap would have zero width.
type RoundPoint struct {
	Round    int     `json:"round"`
	N        int     `json:"n"`
	Correct  int     `json:"correct"`
	Accuracy float64 `json:"accuracy"`
	Interval
}

// Part is the judge accuracy of one assignment within a cell, with its
// interval (see CIMethod).
type Part struct {
	Assignment string  `json:"assignment"`
	N          int     `json:"n"`
	Correct    int     `json:"correct"`
	Accuracy   float64 `json:"accuracy"`
	// CIMethod is MethodWilson for the Wilson interval over the part's
	// episodes, each of its own question; where a question has several
	// episodes in the part, the interval is made as a cell's, over its
	// questions, and CIMethod names how.
	Interval
	// Groups is how many groups the part's questions fall in, where some
	// share one (Cell.Groups); 0 where every question is its own.
	Groups int `json:"groups,omitempty"`
}

// Summarize computes the judge accuracy cells of eps. Cells and breakdown
// parts appear in the order of their first episode, so eps should be in plan
// order; the numbers themselves do not depend on the order of eps.
//
// An episode is correct iff Episode.Correct; an unparsed verdict counts as
// wrong (and in Unparsed); a failed episode (Error != "") is left out of N
// and counted in Failed. A cell's interval is the bootstrap over questions,
// seeded by seed and the cell, unless it has fewer than two questions or
// every question the same accuracy — there every resample is identical and
// the bootstrap interval would have zero width — in which case it is the
// Wilson bound over questions (questionInterval), or over episodes with
// one question.
//
// Beyond accuracy, a cell has its position bias, calibration and debater
// win rates where its episodes allow them, and the Summary has paired
// comparisons between protocols and debater Elo ratings.
func Summarize(experiment string, seed uint64, eps []transcript.Episode) Summary {
	z := NewSummarizer(experiment, seed)
	for i := range eps {
		z.Add(&eps[i])
	}
	return z.Summary()
}

// Summarizer computes a Summary one episode at a time, keeping only counts:
// a run of any length summarizes in memory that grows with its questions,
// not its episodes (debate episodes add a few integers each, for Elo). It
// is safe for concurrent use.
type Summarizer struct {
	mu sync.Mutex
	s  Summary
	// by is the grouping; grouped is false for the default fields, and
	// keepCells is set for the default grouping itself, which keeps a
	// sweep's cells apart rather than pooling them.
	by        []string
	grouped   bool
	keepCells bool
	cells     []*cellBuilder
	byKey     map[string]*cellBuilder
	// protocolCells tally questions per protocol × task × judge for the
	// comparisons; in the default grouping they share the cells' tallies.
	protocolCells []*protocolCell
	byProtocol    map[CellKey]*protocolCell
	games         gameLog
	sweep         sweepTally
}

// protocolCell is the per-question tally of one protocol × task × judge.
type protocolCell struct {
	key CellKey
	// class and against are the protocol's Episode.Class and CompareWith.
	class   string
	against []string
	tally   *questionTally
}

// Counts is a running tally of episodes, for progress reports
// (sinks.Progress).
type Counts struct {
	Episodes, Failed int
	Usage            Usage
}

// NewSummarizer returns an empty summarizer with the default grouping:
// protocol × task × judge, with a sweep's cells kept apart.
func NewSummarizer(experiment string, seed uint64) *Summarizer {
	z, err := NewSummarizerBy(experiment, seed, DefaultGroup)
	if err != nil {
		panic(err) // DefaultGroup is valid
	}
	z.keepCells = true
	return z
}

// NewSummarizerBy returns an empty summarizer whose cells are keyed by the
// fields by (see SummarizeBy). It pools whatever by does not name, a
// sweep's cells included, even when by names the default fields.
func NewSummarizerBy(experiment string, seed uint64, by []string) (*Summarizer, error) {
	if err := CheckGroup(by); err != nil {
		return nil, err
	}
	z := &Summarizer{
		s:          Summary{Experiment: experiment, Seed: seed},
		by:         slices.Clone(by),
		grouped:    !slices.Equal(by, DefaultGroup),
		byKey:      make(map[string]*cellBuilder),
		byProtocol: make(map[CellKey]*protocolCell),
	}
	if z.grouped {
		z.s.By = slices.Clone(by)
		if z.s.By == nil {
			z.s.By = []string{}
		}
	}
	return z, nil
}

// Add counts one episode. Episodes should come in plan order, which fixes
// the order of cells and breakdown parts.
func (z *Summarizer) Add(ep *transcript.Episode) { z.add(ep, true) }

// DeclareAxes gives the orders in which runs' sweeps declared their axes'
// values (their config.lock.yaml), before any episode is added: the sweep
// lines keep them, though a log a run stopped early left in the order its
// episodes finished names them otherwise. Orders that runs pooled declare
// differently (one sweeping up, another down) are left aside.
func (z *Summarizer) DeclareAxes(axes []SweepAxis) {
	z.mu.Lock()
	defer z.mu.Unlock()
	for _, a := range axes {
		z.sweep.declare(a.Name, a.Values)
	}
}

// AddRepeat counts ep, a draw an episode added before holds too (another
// run's, by transcript.Episode.DrawKey), as Add does except in the games
// the Elo ratings are fitted to: each run's rows stay whole, and the
// games count the draw once.
func (z *Summarizer) AddRepeat(ep *transcript.Episode) { z.add(ep, false) }

// add counts ep in its cell, and in the games if games is set.
func (z *Summarizer) add(ep *transcript.Episode, games bool) {
	z.mu.Lock()
	defer z.mu.Unlock()
	by := z.by
	if z.keepCells && ep.Cell != "" {
		// The default grouping keeps a sweep's cells apart; without a
		// sweep its keys, and so its bootstrap seeds, are as they were.
		by = defaultWithCell
	}
	key := make(groupKey, len(by))
	for i, f := range by {
		key[i] = fieldValue(f, ep)
	}
	mk := key.mapKey()
	b := z.byKey[mk]
	if b == nil {
		b = newCellBuilder(by, key)
		z.byKey[mk] = b
		z.cells = append(z.cells, b)
	}
	b.add(ep)
	if !z.grouped {
		ck := CellKey{Protocol: ep.Protocol, Task: ep.Task, Judge: ep.Judge}
		if z.keepCells {
			ck.Cell = ep.Cell
		}
		if z.byProtocol[ck] == nil {
			pc := &protocolCell{key: ck, class: ep.Class, against: ep.CompareWith, tally: &b.tally}
			z.byProtocol[ck] = pc
			z.protocolCells = append(z.protocolCells, pc)
		}
	}
	if games {
		z.games.add(ep)
	}
	z.sweep.add(ep)
	z.s.Episodes++
	if ep.Error != "" {
		z.s.Failed++
	}
	z.s.Usage.add(ep)
}

// Summary computes the cells of the episodes added so far.
func (z *Summarizer) Summary() Summary {
	z.mu.Lock()
	defer z.mu.Unlock()
	s := z.s
	s.By = slices.Clone(s.By)
	// The cells' intervals, the comparisons and the Elo bootstrap are
	// independent, each with its own seed: they are computed at once.
	var jobs []func()
	s.Cells = make([]Cell, len(z.cells))
	for i, b := range z.cells {
		jobs = append(jobs, func() { s.Cells[i] = b.finish(s.Seed) })
	}
	var pairs []comparison
	if !z.grouped {
		pairs = z.comparisons()
		s.Comparisons = make([]Paired, len(pairs))
		for i, c := range pairs {
			jobs = append(jobs, func() { s.Comparisons[i] = comparePaired(c.a.key, c.b.key, c.a.tally, c.b.tally, Resamples, s.Seed) })
		}
	}
	// The Elo fit is the longest job: it goes first.
	jobs = append([]func(){func() { s.Elo, s.EloGrouped = z.games.ratings(Resamples, s.Seed) }}, jobs...)
	inParallel(jobs)
	if !z.grouped {
		// Pairs without a shared question are left out, and named.
		s.Comparisons = slices.DeleteFunc(s.Comparisons, func(p Paired) bool {
			if p.Questions == 0 {
				s.Uncompared = append(s.Uncompared, p.name())
			}
			return p.Questions == 0
		})
		if len(s.Comparisons) == 0 {
			s.Comparisons = nil
		}
		AdjustHolm(s.Comparisons)
	}
	if len(s.Elo) > 0 {
		decided, undecided, _ := z.games.all()
		s.EloAccuracy = eloAccuracy(decided, undecided, s.Elo)
	}
	s.Usage = s.Usage.clone()
	roundFloats(&s, nine)
	// From the rounded cells, so that the two places agree.
	s.Sweep = z.sweep.finish(s.Seed, s.Cells, z.grouped)
	if s.Sweep != nil {
		roundSweep(s.Sweep, nine)
	}
	return s
}
