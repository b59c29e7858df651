package analysis

import (
	"cmp"
	"hash/fnv"
	"math"
	"slices"
	"sync"

	"github.com/mootlab/moot/transcript"
)

// Resamples is the number of bootstrap resamples behind a cell's interval.
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
	Partial string       `json:"partial,omitempty"`
	Cells   []Cell       `json:"cells"`
	Usage   UsageSummary `json:"usage"`
}

// Cell is the judge accuracy of one protocol on one task with one judge.
type Cell struct {
	Protocol  string  `json:"protocol"` // Episode.Protocol (label)
	Kind      string  `json:"kind"`
	Task      string  `json:"task"`
	Judge     string  `json:"judge"`
	N         int     `json:"n"`         // episodes judged (incl. unparsed, excl. failed)
	Questions int     `json:"questions"` // distinct question ids among them
	Correct   int     `json:"correct"`
	Unparsed  int     `json:"unparsed"`
	Failed    int     `json:"failed"`
	Accuracy  float64 `json:"accuracy"`
	CILow     float64 `json:"ci_low"`
	CIHigh    float64 `json:"ci_high"`
	CIMethod  string  `json:"ci_method"` // MethodBootstrap or MethodWilson
	// Breakdown splits the cell by Episode.Assignment, in order of first
	// appearance, when the cell has more than one assignment.
	Breakdown []Part `json:"breakdown,omitempty"`
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
func Summarize(experiment string, seed uint64, eps []transcript.Episode) Summary {
	z := NewSummarizer(experiment, seed)
	for i := range eps {
		z.Add(&eps[i])
	}
	return z.Summary()
}

// Summarizer computes a Summary one episode at a time, keeping only counts:
// a run of any length summarizes in memory that grows with its questions,
// not its episodes. It is safe for concurrent use.
type Summarizer struct {
	mu    sync.Mutex
	s     Summary
	cells []*cellBuilder
	byKey map[cellKey]*cellBuilder
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

// NewSummarizer returns an empty summarizer.
func NewSummarizer(experiment string, seed uint64) *Summarizer {
	return &Summarizer{s: Summary{Experiment: experiment, Seed: seed}, byKey: make(map[cellKey]*cellBuilder)}
}

// Add counts one episode. Episodes should come in plan order, which fixes
// the order of cells and breakdown parts.
func (z *Summarizer) Add(ep *transcript.Episode) {
	z.mu.Lock()
	defer z.mu.Unlock()
	k := cellKey{protocol: ep.Protocol, task: ep.Task, judge: ep.Judge}
	b := z.byKey[k]
	if b == nil {
		b = newCellBuilder(k, ep.Kind)
		z.byKey[k] = b
		z.cells = append(z.cells, b)
	}
	b.add(ep)
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
	s.Cells = make([]Cell, 0, len(z.cells))
	for _, b := range z.cells {
		s.Cells = append(s.Cells, b.finish(s.Seed))
	}
	s.Usage = s.Usage.clone()
	roundFloats(&s)
	return s
}

// cellKey identifies a cell.
type cellKey struct {
	protocol, task, judge string
}

// hash is a stable FNV-64a hash of the key, used to seed the cell's
// bootstrap so that cells draw independent streams.
func (k cellKey) hash() uint64 {
	h := fnv.New64a()
	for _, s := range []string{k.protocol, k.task, k.judge} {
		h.Write([]byte(s))
		h.Write([]byte{0}) // keeps ("ab", "c") apart from ("a", "bc")
	}
	return h.Sum64()
}

// cellBuilder accumulates the episodes of one cell.
type cellBuilder struct {
	key       cellKey
	cell      Cell
	questions map[string]int // question id → index into qids and counts
	qids      []string
	counts    []Count
	parts     []Part
	partIndex map[string]int // assignment → index into parts
}

func newCellBuilder(k cellKey, kind string) *cellBuilder {
	return &cellBuilder{
		key:       k,
		cell:      Cell{Protocol: k.protocol, Kind: kind, Task: k.task, Judge: k.judge},
		questions: make(map[string]int),
		partIndex: make(map[string]int),
	}
}

func (b *cellBuilder) add(ep *transcript.Episode) {
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
	q, ok := b.questions[ep.QuestionID]
	if !ok {
		q = len(b.counts)
		b.questions[ep.QuestionID] = q
		b.qids = append(b.qids, ep.QuestionID)
		b.counts = append(b.counts, Count{})
	}
	unparsed := ep.Verdict.Answer == transcript.Unparsed
	correct := ep.Correct && !unparsed
	b.cell.N++
	b.counts[q].N++
	b.parts[p].N++
	if unparsed {
		b.cell.Unparsed++
	}
	if correct {
		b.cell.Correct++
		b.counts[q].Correct++
		b.parts[p].Correct++
	}
}

func (b *cellBuilder) finish(seed uint64) Cell {
	c := b.cell
	c.Questions = len(b.counts)
	c.Accuracy = ratio(c.Correct, c.N)
	if c.Questions >= 2 && 0 < c.Correct && c.Correct < c.N {
		c.CILow, c.CIHigh = BootstrapClustered(b.sortedCounts(), Resamples, seed, b.key.hash())
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
	return c
}

// sortedCounts returns the per-question counts ordered by question id, so
// that the bootstrap depends on which episodes were judged and not on the
// order in which they finished.
func (b *cellBuilder) sortedCounts() []Count {
	order := make([]int, len(b.qids))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(i, j int) int { return cmp.Compare(b.qids[i], b.qids[j]) })
	counts := make([]Count, len(order))
	for i, q := range order {
		counts[i] = b.counts[q]
	}
	return counts
}

// ratio is correct/n, and 0 when n == 0 (JSON has no NaN).
func ratio(correct, n int) float64 {
	if n == 0 {
		return 0
	}
	return float64(correct) / float64(n)
}

// roundFloats rounds every float of s to four decimal places, the one place
// where this happens, so that summary.json is stable and readable.
func roundFloats(s *Summary) {
	for i := range s.Cells {
		c := &s.Cells[i]
		c.Accuracy, c.CILow, c.CIHigh = round4(c.Accuracy), round4(c.CILow), round4(c.CIHigh)
		for j := range c.Breakdown {
			p := &c.Breakdown[j]
			p.Accuracy, p.CILow, p.CIHigh = round4(p.Accuracy), round4(p.CILow), round4(p.CIHigh)
		}
	}
	s.Usage.round()
}

func round4(x float64) float64 {
	return math.Round(x*1e4) / 1e4
}
