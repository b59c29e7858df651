package analysis

import (
	"math"
	"math/bits"
	"math/rand/v2"
	"slices"

	"github.com/mootlab/moot/transcript"
)

// Permutations is the number of random swaps behind a paired permutation
// p-value.
const Permutations = 10000

// CellKey names a protocol × task × judge cell.
type CellKey struct {
	Protocol string `json:"protocol"`
	Task     string `json:"task"`
	Judge    string `json:"judge"`
	// Cell is the sweep cell, empty without a sweep.
	Cell string `json:"cell,omitempty"`
}

// Key is the cell's key, as comparisons name it.
func (c *Cell) Key() CellKey {
	return CellKey{Protocol: c.Protocol, Task: c.Task, Judge: c.Judge, Cell: c.Cell}
}

// Label names the key's protocol with its sweep cell, if any, as tables
// write it: "debate [debate.rounds=3]".
func (k CellKey) Label() string {
	if k.Cell == "" {
		return k.Protocol
	}
	return k.Protocol + " [" + k.Cell + "]"
}

// Paired is the paired comparison of the judge accuracy of two cells on the
// questions both judged.
type Paired struct {
	A CellKey `json:"a"`
	B CellKey `json:"b"`
	// Questions is the number of questions both cells judged (with at least
	// one finished episode each).
	Questions int `json:"questions"`
	// Groups is how many groups those questions fall in, where some share
	// one (transcript.Episode.Group): the units the bootstrap draws and
	// the permutation test swaps. 0 where every question is its own (or
	// each group holds one); 1 where one group holds them all, whose
	// questions are drawn (as a cell's are).
	Groups int `json:"groups,omitempty"`
	// UnlikeQuestions, for two runs compared (moot compare), counts the
	// questions paired here that differ between the runs under one id
	// (another data file, or version of it, another generator setting):
	// those pairs are of different questions. Nil within a run, and where
	// a run has no question store to check.
	UnlikeQuestions *int `json:"unlike_questions,omitempty"`
	// AccuracyA and AccuracyB are means over the shared questions of the
	// per-question accuracy (the share of a question's finished episodes
	// judged correctly; an unparsed verdict is wrong), so that every
	// question weighs the same in both.
	AccuracyA float64 `json:"accuracy_a"`
	AccuracyB float64 `json:"accuracy_b"`
	// Difference is AccuracyB − AccuracyA, with a 95% percentile bootstrap
	// interval over the shared questions; where every question's
	// difference is the same, which the bootstrap would give zero width,
	// the interval of MethodDiscordance. CIMethod names which.
	Difference float64 `json:"difference"`
	Interval
	// PValue is the two-sided paired permutation p-value of Difference:
	// the share, with add-one smoothing, of Permutations random relabellings
	// (a and b swapped within each question with probability 1/2) whose
	// difference is at least as far from 0.
	PValue float64 `json:"p_value"`
	// PHolm is PValue adjusted by Holm's method over the family of
	// comparisons it was made in (AdjustHolm): a run's comparisons, a
	// sweep's line contrasts, or the cells moot compare pairs. Where it
	// is below 0.05, the chance that any difference of the family so
	// marked is no difference at all is at most 5%. Nil where it was not
	// adjusted: in a summary.json written before 2026-12-05.
	PHolm *float64 `json:"p_holm,omitempty"`
	// Agreement, for cells of two runs' judges (a run and its
	// rejudging, a person's, or a judge of one name run again with other
	// settings, then named RUN:JUDGE), is how far they chose alike on the
	// episodes both judged, with Cohen's kappa; nil where no episode was
	// judged by both, or a cell pools several judges.
	Agreement *Agreement `json:"agreement,omitempty"`
	// Exact holds AccuracyA, AccuracyB and Difference as Round found
	// them, where this comparison was made in this process (Compare, then
	// Round) rather than read from a summary.json, which keeps 4 places:
	// a table of a summary without cells (moot compare's) rounds them
	// once (PairedShares). Nil otherwise.
	Exact *[3]float64 `json:"-"`
}

// Compare compares the judge accuracy of cells a and b of eps on the
// questions both judged (see Paired); failed episodes are left out. The
// bootstrap draws resamples resamples and the permutation test Permutations
// relabellings, from generators seeded by seed and the two keys, so the
// result is a pure function of its arguments; Summarize's comparisons are
// Compare with Resamples and the experiment seed. With no shared question
// the difference is 0, its interval [-1, 1] and the p-value 1. It panics if
// resamples < 1.
func Compare(eps []transcript.Episode, a, b CellKey, resamples int, seed uint64) Paired {
	ta, tb := tallyPair(eps, a, b)
	return comparePaired(a, b, ta, tb, resamples, seed)
}

// tallyPair tallies the finished episodes of cells a and b of eps by
// question.
func tallyPair(eps []transcript.Episode, a, b CellKey) (ta, tb *questionTally) {
	ta, tb = new(questionTally), new(questionTally)
	for i := range eps {
		ep := &eps[i]
		if ep.Error != "" {
			continue
		}
		k := CellKey{Protocol: ep.Protocol, Task: ep.Task, Judge: ep.Judge, Cell: ep.Cell}
		// A cell compared with itself tallies into both.
		if k == a {
			ta.add(ep.QuestionID, unitKey(ep), judgedCorrect(ep))
		}
		if k == b {
			tb.add(ep.QuestionID, unitKey(ep), judgedCorrect(ep))
		}
	}
	return ta, tb
}

// sharedAccuracies are the per-question accuracies in ta (xs) and tb (ys)
// of the questions both judged (with a finished episode each), by
// question id, and their ids.
func sharedAccuracies(ta, tb *questionTally) (xs, ys []float64, shared []string) {
	qids, counts := ta.sorted()
	for i, q := range qids {
		j, ok := tb.index[q]
		if !ok || counts[i].N == 0 || tb.counts[j].N == 0 {
			continue
		}
		xs = append(xs, ratio(counts[i].Correct, counts[i].N))
		ys = append(ys, ratio(tb.counts[j].Correct, tb.counts[j].N))
		shared = append(shared, q)
	}
	return xs, ys, shared
}

// comparePaired is Compare on per-question tallies.
func comparePaired(a, b CellKey, ta, tb *questionTally, resamples int, seed uint64) Paired {
	if resamples < 1 {
		panic("analysis: Compare: resamples must be positive")
	}
	p := Paired{A: a, B: b, Interval: Interval{CILow: -1, CIHigh: 1}, PValue: 1}
	xs, ys, shared := sharedAccuracies(ta, tb)
	n := len(xs)
	p.Questions = n
	if n == 0 {
		return p
	}
	diffs := make([]float64, n)
	for i := range xs {
		p.AccuracyA += xs[i]
		p.AccuracyB += ys[i]
		diffs[i] = ys[i] - xs[i]
	}
	p.AccuracyA /= float64(n)
	p.AccuracyB /= float64(n)
	p.Difference = mean(diffs)
	keys := []string{a.Protocol, a.Task, a.Judge, b.Protocol, b.Task, b.Judge}
	if a.Cell != "" || b.Cell != "" {
		// Sweep cells draw their own streams; other seeds are as they were.
		keys = append(keys, a.Cell, b.Cell)
	}
	seed2 := hashStrings(keys...)
	// Questions that share a group are drawn, and swapped, together.
	units, groups := pairedUnits(shared, diffs, ta, tb)
	us := slices.Collect(valuesByKey(units))
	p.Groups = groups
	if d, same := oneValue(slices.Values(unitMeans(us))); same {
		p.CILow, p.CIHigh = oneValueBound(d, -1, 1, len(us))
		p.CIMethod = MethodDiscordance
	} else {
		p.CILow, p.CIHigh = bootstrapUnits(us, resamples, seed, seed2)
		p.CIMethod = MethodBootstrap
	}
	p.PValue = permutationPValue(unitSums(us), Permutations, seed, seed2^0x9e3779b97f4a7c15)
	return p
}

// MethodDiscordance is the interval of a mean paired difference whose
// per-question differences are all the same value d, where every
// bootstrap resample is d too: oneValueBound over [−1, 1], [d − u(1 + d),
// d + u(1 − d)]; for d = 0 (the two cells agree question by question),
// [−u, u].
const MethodDiscordance = "discordance"

func mean(xs []float64) float64 { return sum(xs) / float64(len(xs)) }

// permEpsilon absorbs float error when a relabelled difference equals the
// observed one: sums of the same terms in another order may differ in the
// last bits, and a tie must count as "at least as extreme".
const permEpsilon = 1e-9

// permutationPValue is the two-sided paired permutation (sign-flip)
// p-value of the mean of the paired differences diffs: swapping a and b
// within a question flips the sign of its difference. It draws
// permutations random sign vectors and returns (k+1)/(permutations+1),
// where k counts those with |mean| ≥ |observed mean|.
func permutationPValue(diffs []float64, permutations int, seed1, seed2 uint64) float64 {
	observed := math.Abs(sum(diffs))
	// A zero difference is the same under either sign: leave it out, and
	// flip the others' signs by their sign bit, without a branch.
	var bits []uint64
	for _, d := range diffs {
		if d != 0 {
			bits = append(bits, math.Float64bits(d))
		}
	}
	r := rand.New(rand.NewPCG(seed1, seed2))
	if masks := valueMasks(bits); masks != nil {
		return permutationPValueByValue(masks, len(bits), permutations, observed, r)
	}
	k := 0
	for range permutations {
		var s float64
		var signs uint64
		for i, b := range bits {
			if i%64 == 0 {
				signs = r.Uint64() // 64 signs per draw
			}
			s += math.Float64frombits(b ^ (signs&1)<<63)
			signs >>= 1
		}
		if math.Abs(s) >= observed-permEpsilon {
			k++
		}
	}
	return float64(k+1) / float64(permutations+1)
}

// maxPermValues is the most distinct differences for which
// permutationPValueByValue counts signs by value.
const maxPermValues = 8

// valueMask is the positions, 64 to a word, of one distinct difference.
type valueMask struct {
	value float64
	n     int
	words []uint64
}

// valueMasks groups the differences (as float bits) by value, or returns
// nil when they take more than maxPermValues values.
func valueMasks(diffs []uint64) []valueMask {
	var masks []valueMask
	for i, b := range diffs {
		v := math.Float64frombits(b)
		m := slices.IndexFunc(masks, func(m valueMask) bool { return m.value == v })
		if m < 0 {
			if len(masks) == maxPermValues {
				return nil
			}
			masks = append(masks, valueMask{value: v, words: make([]uint64, (len(diffs)+63)/64)})
			m = len(masks) - 1
		}
		masks[m].n++
		masks[m].words[i/64] |= 1 << (i % 64)
	}
	return masks
}

// permutationPValueByValue is permutationPValue's loop for differences
// that take few values: it draws the very same sign words, and sums each
// value times the count of its positions left positive less those
// flipped, counted 64 at a time. The sum's terms are grouped otherwise
// than in the loop over positions, which permEpsilon absorbs; with whole
// or half differences (one episode a question, or two) both are exact.
func permutationPValueByValue(masks []valueMask, n, permutations int, observed float64, r *rand.Rand) float64 {
	signs := make([]uint64, (n+63)/64)
	k := 0
	for range permutations {
		for w := range signs {
			signs[w] = r.Uint64()
		}
		var s float64
		for _, m := range masks {
			flipped := 0
			for w, word := range m.words {
				flipped += bits.OnesCount64(signs[w] & word)
			}
			s += m.value * float64(m.n-2*flipped)
		}
		if math.Abs(s) >= observed-permEpsilon {
			k++
		}
	}
	return float64(k+1) / float64(permutations+1)
}

func sum(xs []float64) float64 {
	var s float64
	for _, x := range xs {
		s += x
	}
	return s
}

// name is the pair as Summary.Uncompared names it: "A vs B (task, judge
// J[, cell C])", B's task, judge and cell given where they are not A's.
func (p Paired) name() string {
	where := func(k CellKey) string {
		s := k.Task + ", judge " + k.Judge
		if k.Cell != "" {
			s += ", cell " + k.Cell
		}
		return s
	}
	b := p.B.Protocol
	if where(p.B) != where(p.A) {
		b += " (" + where(p.B) + ")"
	}
	return p.A.Protocol + " vs " + b + " (" + where(p.A) + ")"
}
