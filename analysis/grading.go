package analysis

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"github.com/mootlab/moot/transcript"
)

// Grading is how a judge that grades answers (Episode.Graded) agrees with
// the truth (Judging the Judges, Thakur et al. 2024): over the episodes
// whose grade parsed, how often it calls a right answer right and a wrong
// one wrong, chance-corrected, and how it ranks the exam-takers.
type Grading struct {
	// N counts the parsed grades; BaseRate is the share of graded
	// answers that were right, SaidCorrect the share the judge called
	// correct.
	N           int     `json:"n"`
	BaseRate    float64 `json:"base_rate"`
	SaidCorrect float64 `json:"said_correct"`
	// Agreement is the share of grades that match the truth; Kappa is
	// Cohen's kappa of the grades against the truth (KappaDefined: see
	// Kappa). Kappa is never above agreement: it falls short of it by
	// (1 − p_o)·p_e/(1 − p_e), most with skewed labels (p_e high).
	Agreement    float64 `json:"agreement"`
	Kappa        float64 `json:"kappa"`
	KappaDefined bool    `json:"kappa_defined"`
	// KappaCI is Kappa's 95% interval, the bootstrap over the questions
	// (or groups) as two judges' kappa has it (kappaInterval); nil where
	// kappa is undefined or there is one question.
	KappaCI *Interval `json:"kappa_ci,omitempty"`
	// Leniency is P(called correct | answer wrong) over WrongN wrong
	// answers; Strictness is P(called incorrect | answer right) over
	// RightN right ones. Each has its 95% interval as a breakdown part
	// has it (cellBuilder.partInterval): Wilson where each answer is of
	// its own question (and group), else over the questions or groups,
	// which carry all their answers (several exam-takers, repeats, cells
	// pooled); nil over no answer.
	WrongN       int       `json:"wrong_n"`
	Leniency     float64   `json:"leniency"`
	LeniencyCI   *Interval `json:"leniency_ci,omitempty"`
	RightN       int       `json:"right_n"`
	Strictness   float64   `json:"strictness"`
	StrictnessCI *Interval `json:"strictness_ci,omitempty"`
	// ExamTakers are each exam-taker's true accuracy and the accuracy the
	// judge gives it, in order of first appearance.
	ExamTakers []ExamTaker `json:"exam_takers"`
	// Tau is Kendall's tau-b between the exam-takers' true accuracies
	// and their accuracies as judged, when there are at least two
	// exam-takers and neither ranking is all ties (TauDefined). TauCI is
	// its 95% percentile bootstrap interval over the questions (or
	// groups; with one group of several, over its questions), by the rule
	// of kappa's (kappaCounts.interval): resamples whose tau is undefined
	// are left out, and it is nil where they are more than
	// maxUndefinedShare of them or where every resample gives one value;
	// with one question, [−1, 1] (MethodRange).
	Tau        float64   `json:"tau"`
	TauDefined bool      `json:"tau_defined"`
	TauCI      *Interval `json:"tau_ci,omitempty"`
}

// KappaText is κ with two decimals and its interval where it has one, or
// "n/a" where it is undefined.
func (g *Grading) KappaText() string { return definedText(g.Kappa, g.KappaDefined, g.KappaCI) }

// TauText is τ-b with two decimals and its interval where it has one, or
// "n/a" where it is undefined.
func (g *Grading) TauText() string { return definedText(g.Tau, g.TauDefined, g.TauCI) }

// definedText is x with two decimals and its interval ci where it has one,
// or "n/a" where x is not defined: a statistic such as kappa or tau, which
// some counts leave undefined.
func definedText(x float64, defined bool, ci *Interval) string {
	if !defined {
		return "n/a"
	}
	if ci != nil {
		return fmt.Sprintf("%.2f [%.2f, %.2f]", x, ci.CILow, ci.CIHigh)
	}
	return fmt.Sprintf("%.2f", x)
}

// ExamTaker is one graded agent: its answers, how many were right, and
// how many the judge called correct.
type ExamTaker struct {
	Agent string `json:"agent"`
	N     int    `json:"n"`
	Right int    `json:"right"`
	Said  int    `json:"said_correct"`
	// Accuracy is Right/N, Judged Said/N.
	Accuracy float64 `json:"accuracy"`
	Judged   float64 `json:"judged_accuracy"`
}

// takerCount is one exam-taker's answers to one question.
type takerCount struct{ n, right, said int }

// gradingTally counts a cell's parsed grades: the 2×2 table of truth
// (row: the answer was right) against the grade (column: called correct),
// and per question each exam-taker's counts, for the bootstrap of tau.
type gradingTally struct {
	table      [2][2]int
	takers     []string
	takerIndex map[string]int
	questions  map[string][]takerCount
	// kappa counts the truth (rater a: 1 right, 0 wrong) against the calls
	// (rater b: 1 called correct, 0 incorrect) by question, with the group
	// each is resampled in, for kappa's interval and tau's (perUnit).
	kappa kappaCounts
	// lenient tallies the wrong answers by question, "correct" where
	// called correct; strict the right ones, where called incorrect: for
	// leniency's and strictness's intervals.
	lenient, strict questionTally
}

// add counts ep's grade, of question qk in unit uk ("" for the question
// itself: questionTally.add).
func (g *gradingTally) add(ep *transcript.Episode, qk, uk string) {
	gr := ep.Graded
	if gr == nil || (gr.Call != transcript.GradeCorrect && gr.Call != transcript.GradeIncorrect) {
		return
	}
	if g.takerIndex == nil {
		g.takerIndex, g.questions = map[string]int{}, map[string][]takerCount{}
	}
	k, ok := g.takerIndex[gr.Agent]
	if !ok {
		k = len(g.takers)
		g.takerIndex[gr.Agent] = k
		g.takers = append(g.takers, gr.Agent)
	}
	right, said := b2i(gr.Answer == ep.CorrectAnswer), b2i(gr.Call == transcript.GradeCorrect)
	g.table[right][said]++
	g.kappa.add(qk, uk, right, said)
	if right == 1 {
		g.strict.add(qk, uk, said == 0)
	} else {
		g.lenient.add(qk, uk, said == 1)
	}
	q := g.questions[qk]
	for len(q) <= k {
		q = append(q, takerCount{})
	}
	q[k].n++
	q[k].right += right
	q[k].said += said
	g.questions[qk] = q
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// finish computes the grading, its tau interval drawn with seeds, and
// leniency's and strictness's by interval (a cell builder's partInterval).
func (g *gradingTally) finish(seed1, seed2 uint64, interval func(t *questionTally, p *Part) Interval) *Grading {
	t := g.table
	n := t[0][0] + t[0][1] + t[1][0] + t[1][1]
	if n == 0 {
		return nil
	}
	out := &Grading{N: n, BaseRate: ratio(t[1][0]+t[1][1], n), SaidCorrect: ratio(t[0][1]+t[1][1], n)}
	// The truth's counts of wrong and right against the grader's calls.
	chance := (t[0][0]+t[0][1])*(t[0][0]+t[1][0]) + (t[1][0]+t[1][1])*(t[0][1]+t[1][1])
	out.Kappa, out.Agreement, out.KappaDefined = kappaOf(n, t[0][0]+t[1][1], chance)
	if out.KappaDefined {
		out.KappaCI = g.kappa.interval(Resamples, seed1^seed2^hashStrings("grading kappa"))
	}
	out.WrongN, out.RightN = t[0][0]+t[0][1], t[1][0]+t[1][1]
	out.Leniency = ratio(t[0][1], out.WrongN)
	out.Strictness = ratio(t[1][0], out.RightN)
	rate := func(name string, tally *questionTally, hits, n int) *Interval {
		if n == 0 {
			return nil
		}
		ci := interval(tally, &Part{Assignment: name, N: n, Correct: hits})
		return &ci
	}
	out.LeniencyCI = rate("leniency", &g.lenient, t[0][1], out.WrongN)
	out.StrictnessCI = rate("strictness", &g.strict, t[1][0], out.RightN)
	per := g.perUnit()
	totals := sumTakers(per, len(g.takers), nil)
	for k, a := range g.takers {
		c := totals[k]
		out.ExamTakers = append(out.ExamTakers, ExamTaker{Agent: a, N: c.n, Right: c.right, Said: c.said,
			Accuracy: ratio(c.right, c.n), Judged: ratio(c.said, c.n)})
	}
	out.Tau, out.TauDefined = takerTau(totals)
	switch {
	case out.TauDefined && len(per) < 2:
		// One question: nothing to resample, and nothing said of the
		// range tau could take beyond it.
		out.TauCI = &Interval{CILow: -1, CIHigh: 1, CIMethod: MethodRange}
	case out.TauDefined:
		out.TauCI = bootstrapTau(per, len(g.takers), Resamples, seed1, seed2)
	}
	return out
}

// perUnit is each exam-taker's counts by unit, in key order, for tau's
// bootstrap: by group where the questions fall in two or more, else by
// question (one group of several questions is drawn by its questions,
// as a cell's interval is; groups of one question each, as questions).
func (g *gradingTally) perUnit() [][]takerCount {
	byUnit := make(map[string][]takerCount, len(g.questions))
	for q, counts := range g.questions {
		u := g.kappa.groups.unit(q)
		byUnit[u] = addTakers(byUnit[u], counts)
	}
	if !groupsDrawn(len(byUnit), len(g.questions)) {
		byUnit = g.questions
	}
	return slices.Collect(valuesByKey(byUnit))
}

// addTakers adds the exam-takers' counts c to sum, widening it as needed.
func addTakers(sum, c []takerCount) []takerCount {
	for len(sum) < len(c) {
		sum = append(sum, takerCount{})
	}
	for k, x := range c {
		sum[k].n += x.n
		sum[k].right += x.right
		sum[k].said += x.said
	}
	return sum
}

// sumTakers adds up each exam-taker's counts over the questions per
// (each question once, or as often as draw names it).
func sumTakers(per [][]takerCount, takers int, draw []int) []takerCount {
	out := make([]takerCount, takers)
	if draw == nil {
		for _, q := range per {
			out = addTakers(out, q)
		}
		return out
	}
	for _, i := range draw {
		out = addTakers(out, per[i])
	}
	return out
}

// takerTau is Kendall's tau-b between the exam-takers' true and judged
// accuracies; exam-takers with no answers are left out.
func takerTau(totals []takerCount) (float64, bool) {
	var x, y []float64
	for _, c := range totals {
		if c.n > 0 {
			x = append(x, ratio(c.right, c.n))
			y = append(y, ratio(c.said, c.n))
		}
	}
	return KendallTauB(x, y)
}

// bootstrapTau is the 95% percentile interval of takerTau over resamples
// of the questions, drawn with replacement from a PCG generator seeded
// with (seed1, seed2), by kappa's rule (percentileInterval): resamples
// with an undefined tau are left out, and it is nil where they are too
// many or every resample gives one value.
func bootstrapTau(per [][]takerCount, takers, resamples int, seed1, seed2 uint64) *Interval {
	r := rand.New(rand.NewPCG(seed1, seed2^0x6b656e64616c6c))
	draw := make([]int, len(per))
	stats := make([]float64, 0, resamples)
	for range resamples {
		for i := range draw {
			draw[i] = r.IntN(len(per))
		}
		if tau, ok := takerTau(sumTakers(per, takers, draw)); ok {
			stats = append(stats, tau)
		}
	}
	return percentileInterval(stats, resamples)
}

// KendallTauB returns Kendall's tau-b of the paired values x and y:
// (concordant − discordant pairs) / √((n₀ − tiesX)(n₀ − tiesY)), with n₀
// the number of pairs and tiesX, tiesY the pairs tied in x and in y. It
// is undefined (0, false) with fewer than two values (no pair) or when
// either x or y is all ties. It panics if x and y differ in length.
func KendallTauB(x, y []float64) (float64, bool) {
	if len(x) != len(y) {
		panic("analysis: KendallTauB: x and y differ in length")
	}
	var concordant, discordant, tiesX, tiesY int
	for i := range x {
		for j := i + 1; j < len(x); j++ {
			dx, dy := cmpFloat(x[i], x[j]), cmpFloat(y[i], y[j])
			switch {
			case dx == 0 || dy == 0:
				if dx == 0 {
					tiesX++
				}
				if dy == 0 {
					tiesY++
				}
			case dx == dy:
				concordant++
			default:
				discordant++
			}
		}
	}
	pairs := len(x) * (len(x) - 1) / 2
	if pairs == 0 || tiesX == pairs || tiesY == pairs {
		return 0, false
	}
	return float64(concordant-discordant) / math.Sqrt(float64(pairs-tiesX)*float64(pairs-tiesY)), true
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
