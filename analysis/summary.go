package analysis

import (
	"cmp"
	"math"
	"slices"
	"strconv"
	"strings"
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
	// Elo rates the debaters of all debate episodes, each split into a
	// correct-side and an incorrect-side player (see DebaterGames).
	Elo []Rating `json:"elo,omitempty"`
	// EloAccuracy sets each debater's aggregate Elo beside the judge's
	// accuracy in its debates.
	EloAccuracy []DebaterAccuracy `json:"elo_accuracy,omitempty"`
	// Sweep is set when the episodes come from a sweep's cells: its axes
	// and the judge accuracy along each.
	Sweep *SweepSummary `json:"sweep,omitempty"`
	Usage UsageSummary  `json:"usage"`
}

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
	Assignment string  `json:"assignment,omitempty"`
	Repeat     *int    `json:"repeat,omitempty"`
	N          int     `json:"n"`         // episodes judged (incl. unparsed, excl. failed)
	Questions  int     `json:"questions"` // distinct question ids among them
	Correct    int     `json:"correct"`
	Unparsed   int     `json:"unparsed"`
	Failed     int     `json:"failed"`
	Accuracy   float64 `json:"accuracy"`
	CILow      float64 `json:"ci_low"`
	CIHigh     float64 `json:"ci_high"`
	CIMethod   string  `json:"ci_method"` // MethodBootstrap or MethodWilson
	// Breakdown splits the cell by Episode.Assignment, in order of first
	// appearance, when the cell has more than one assignment.
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
}

// Part is the judge accuracy of one assignment within a cell, with a Wilson
// interval.
type Part struct {
	Assignment string  `json:"assignment"`
	N          int     `json:"n"`
	Correct    int     `json:"correct"`
	Accuracy   float64 `json:"accuracy"`
	CILow      float64 `json:"ci_low"`
	CIHigh     float64 `json:"ci_high"`
}

// Summarize computes the judge accuracy cells of eps. Cells and breakdown
// parts appear in the order of their first episode, so eps should be in plan
// order; the numbers themselves do not depend on the order of eps.
//
// An episode is correct iff Episode.Correct; an unparsed verdict counts as
// wrong (and in Unparsed); a failed episode (Error != "") is left out of N
// and counted in Failed. A cell's interval is the bootstrap over questions,
// seeded by seed and the cell, unless it has fewer than two questions or an
// accuracy of exactly 0 or 1 — there every resample is identical and the
// bootstrap interval would have zero width — in which case it is Wilson.
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

// Counts is the running tally of a Summarizer.
type Counts struct {
	Episodes, Failed int
	Usage            Usage
}

// Counts returns the tally so far, for progress reports.
func (z *Summarizer) Counts() Counts {
	z.mu.Lock()
	defer z.mu.Unlock()
	return Counts{Episodes: z.s.Episodes, Failed: z.s.Failed, Usage: z.s.Usage.Total}
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
	if err := checkGroup(by); err != nil {
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
func (z *Summarizer) Add(ep *transcript.Episode) {
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
	z.games.add(ep)
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
	s.Cells = make([]Cell, 0, len(z.cells))
	for _, b := range z.cells {
		s.Cells = append(s.Cells, b.finish(s.Seed))
	}
	if !z.grouped {
		s.Comparisons = z.comparisons(s.Seed)
	}
	s.Elo = z.games.ratings(Resamples, s.Seed)
	if len(s.Elo) > 0 {
		s.EloAccuracy = EloAccuracy(z.games.all(), s.Elo)
	}
	s.Usage = s.Usage.clone()
	roundFloats(&s)
	// From the rounded cells, so that the two places agree.
	s.Sweep = z.sweep.finish(s.Seed, s.Cells, z.grouped)
	if s.Sweep != nil {
		roundSweep(s.Sweep)
	}
	return s
}

// comparisons makes the Summary's paired comparisons: per task × judge
// (and sweep cell) in order of first appearance, each protocol a against
// every protocol b of the group whose episodes name a's class in their
// CompareWith: first every b against the first class it names (the judge
// alone, for most), then against the second, and so on, each in order of
// first appearance of a and then b. The rule names no protocol:
// each protocol says what it is compared with. Pairs without a shared
// question are left out.
func (z *Summarizer) comparisons(seed uint64) []Paired {
	type group struct{ task, judge, cell string }
	var groups []group
	seen := map[group]bool{}
	for _, pc := range z.protocolCells {
		g := group{pc.key.Task, pc.key.Judge, pc.key.Cell}
		if !seen[g] {
			seen[g] = true
			groups = append(groups, g)
		}
	}
	var out []Paired
	for _, g := range groups {
		// A sweep's cell compares its own protocols with each other and
		// with those played once for every cell (no cell); those shared
		// ones are compared with each other once, in their own group.
		var cells []*protocolCell
		for _, pc := range z.protocolCells {
			if pc.key.Task == g.task && pc.key.Judge == g.judge && (pc.key.Cell == g.cell || pc.key.Cell == "") {
				cells = append(cells, pc)
			}
		}
		most := 0
		for _, b := range cells {
			most = max(most, len(b.against))
		}
		for k := range most {
			for _, a := range cells {
				for _, b := range cells {
					if a == b || k >= len(b.against) || b.against[k] != a.class || g.cell != "" && a.key.Cell == "" && b.key.Cell == "" {
						continue
					}
					if p := comparePaired(a.key, b.key, a.tally, b.tally, Resamples, seed); p.Questions > 0 {
						out = append(out, p)
					}
				}
			}
		}
	}
	return out
}

// label is one of a cell's descriptive fields that it is not keyed by: it
// is shown when all of the cell's episodes agree on it.
type label struct {
	field      string
	value      string
	seen, many bool
}

func (l *label) add(v string) {
	switch {
	case !l.seen:
		l.value, l.seen = v, true
	case v != l.value:
		l.many = true
	}
}

func (l *label) String() string {
	if l.many {
		return ""
	}
	return l.value
}

// cellBuilder accumulates the episodes of one cell.
type cellBuilder struct {
	seed2 uint64
	cell  Cell
	// labels are those of Protocol, Kind, Task and Judge not grouped on.
	labels    []label
	tally     questionTally
	parts     []Part
	partIndex map[string]int // assignment → index into parts
	position  positionTally
	calib     calibrationTally
	debaters  debaterTally
}

func newCellBuilder(by []string, key groupKey) *cellBuilder {
	b := &cellBuilder{
		seed2:     key.hash(),
		partIndex: make(map[string]int),
	}
	byCell := slices.Contains(by, FieldCell) || slices.ContainsFunc(by, isAxisField)
	for _, f := range []string{FieldProtocol, FieldKind, FieldCell, FieldTask, FieldJudge} {
		if !slices.Contains(by, f) && (f != FieldCell || !byCell) {
			b.labels = append(b.labels, label{field: f})
		}
	}
	var axes []string
	for i, f := range by {
		v := key[i]
		switch {
		case f == FieldAssignment:
			b.cell.Assignment = v
		case f == FieldRepeat:
			r, _ := strconv.Atoi(v) // written by fieldValue
			b.cell.Repeat = &r
		case isAxisField(f):
			axes = append(axes, f+"="+v)
		default:
			setLabel(&b.cell, f, v)
		}
	}
	if !slices.Contains(by, FieldCell) && len(axes) > 0 {
		b.cell.Cell = strings.Join(axes, ",")
	}
	return b
}

// setLabel sets the descriptive field of c named field.
func setLabel(c *Cell, field, v string) {
	switch field {
	case FieldProtocol:
		c.Protocol = v
	case FieldKind:
		c.Kind = v
	case FieldCell:
		c.Cell = v
	case FieldTask:
		c.Task = v
	case FieldJudge:
		c.Judge = v
	}
}

func (b *cellBuilder) add(ep *transcript.Episode) {
	for i := range b.labels {
		l := &b.labels[i]
		l.add(fieldValue(l.field, ep))
	}
	// Parts are registered even for failed episodes, so that the breakdown
	// keeps its plan-order shape and shows an assignment whose episodes
	// all failed (with n = 0).
	p, ok := b.partIndex[ep.Assignment]
	if !ok {
		p = len(b.parts)
		b.partIndex[ep.Assignment] = p
		b.parts = append(b.parts, Part{Assignment: ep.Assignment})
	}
	if ep.Error != "" {
		b.cell.Failed++
		return
	}
	unparsed := ep.Verdict.Answer == transcript.Unparsed
	correct := judgedCorrect(ep)
	b.tally.add(ep.QuestionID, correct)
	b.cell.N++
	b.parts[p].N++
	if unparsed {
		b.cell.Unparsed++
	}
	if correct {
		b.cell.Correct++
		b.parts[p].Correct++
	}
	b.position.add(ep)
	b.calib.add(ep)
	b.debaters.add(ep)
}

// judgedCorrect says whether a finished episode's verdict is correct: an
// unparsed verdict is wrong even if a writer marked it correct.
func judgedCorrect(ep *transcript.Episode) bool {
	return ep.Correct && ep.Verdict.Answer != transcript.Unparsed
}

func (b *cellBuilder) finish(seed uint64) Cell {
	c := b.cell
	for i := range b.labels {
		setLabel(&c, b.labels[i].field, b.labels[i].String())
	}
	if c.Repeat != nil {
		r := *c.Repeat
		c.Repeat = &r
	}
	c.Questions = len(b.tally.counts)
	c.Accuracy = ratio(c.Correct, c.N)
	if c.Questions >= 2 && 0 < c.Correct && c.Correct < c.N {
		_, counts := b.tally.sorted()
		c.CILow, c.CIHigh = BootstrapClustered(counts, Resamples, seed, b.seed2)
		c.CIMethod = MethodBootstrap
	} else {
		c.CILow, c.CIHigh = Wilson(c.Correct, c.N)
		c.CIMethod = MethodWilson
	}
	if len(b.parts) > 1 {
		c.Breakdown = append([]Part(nil), b.parts...)
		for i := range c.Breakdown {
			p := &c.Breakdown[i]
			p.Accuracy = ratio(p.Correct, p.N)
			p.CILow, p.CIHigh = Wilson(p.Correct, p.N)
		}
	}
	c.Position = b.position.finish()
	c.Calibration = b.calib.finish()
	c.Debaters = b.debaters.finish()
	return c
}

// questionTally counts correct judgements per question.
type questionTally struct {
	index  map[string]int // question id → index into qids and counts
	qids   []string
	counts []Count
}

func (t *questionTally) add(question string, correct bool) {
	if t.index == nil {
		t.index = make(map[string]int)
	}
	q, ok := t.index[question]
	if !ok {
		q = len(t.counts)
		t.index[question] = q
		t.qids = append(t.qids, question)
		t.counts = append(t.counts, Count{})
	}
	t.counts[q].N++
	if correct {
		t.counts[q].Correct++
	}
}

// sorted returns the question ids and their counts ordered by id, so that
// a bootstrap depends on which episodes were judged and not on the order
// in which they finished.
func (t *questionTally) sorted() ([]string, []Count) {
	order := make([]int, len(t.qids))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(i, j int) int { return cmp.Compare(t.qids[i], t.qids[j]) })
	qids, counts := make([]string, len(order)), make([]Count, len(order))
	for i, q := range order {
		qids[i], counts[i] = t.qids[q], t.counts[q]
	}
	return qids, counts
}

// ratio is correct/n, and 0 when n == 0 (JSON has no NaN).
func ratio(correct, n int) float64 {
	if n == 0 {
		return 0
	}
	return float64(correct) / float64(n)
}

// round rounds the floats of a comparison to four decimal places.
func (p *Paired) round() {
	for _, x := range []*float64{&p.AccuracyA, &p.AccuracyB, &p.Difference, &p.CILow, &p.CIHigh, &p.PValue} {
		*x = round4(*x)
	}
}

// roundFloats rounds every float of s to four decimal places, the one place
// where this happens, so that summary.json is stable and readable.
func roundFloats(s *Summary) {
	r := func(xs ...*float64) {
		for _, x := range xs {
			*x = round4(*x)
		}
	}
	for i := range s.Cells {
		c := &s.Cells[i]
		r(&c.Accuracy, &c.CILow, &c.CIHigh)
		for j := range c.Breakdown {
			p := &c.Breakdown[j]
			r(&p.Accuracy, &p.CILow, &p.CIHigh)
		}
		if p := c.Position; p != nil {
			r(&p.Consistency, &p.FirstSlotPreference)
			for j := range p.PairAccuracy {
				r(&p.PairAccuracy[j].Accuracy)
			}
		}
		if k := c.Calibration; k != nil {
			r(&k.MeanConfidence, &k.MeanPCorrect, &k.Accuracy, &k.Brier, &k.ECE)
			for j := range k.Bins {
				bin := &k.Bins[j]
				r(&bin.Lo, &bin.Hi, &bin.Confidence, &bin.Accuracy)
			}
		}
		for j := range c.Debaters {
			d := &c.Debaters[j]
			r(&d.CorrectWinRate, &d.IncorrectWinRate)
		}
	}
	for i := range s.Comparisons {
		s.Comparisons[i].round()
	}
	for i := range s.Elo {
		e := &s.Elo[i]
		r(&e.Rating, &e.CILow, &e.CIHigh)
	}
	for i := range s.EloAccuracy {
		e := &s.EloAccuracy[i]
		r(&e.Elo, &e.Accuracy)
	}
	s.Usage.round()
}

func roundSweep(s *SweepSummary) {
	for i := range s.Lines {
		for j := range s.Lines[i].Points {
			p := &s.Lines[i].Points[j]
			p.Accuracy, p.CILow, p.CIHigh = round4(p.Accuracy), round4(p.CILow), round4(p.CIHigh)
		}
		if c := s.Lines[i].Contrast; c != nil {
			c.round()
		}
	}
}

func round4(x float64) float64 {
	return math.Round(x*1e4) / 1e4
}
