package analysis

import (
	"slices"

	"github.com/mootlab/moot/transcript"
)

// Kappa returns Cohen's kappa and the raw agreement of two raters who
// labelled the same items: a[i] and b[i] are their labels of item i, any
// int values taken as categories. Kappa is (p_o − p_e) / (1 − p_e), with p_o
// the share of items they label alike and p_e the share expected by chance
// from each rater's own label frequencies.
//
// Kappa is undefined when p_e = 1, which happens only when both raters give
// every item one and the same label (and so agree on all): it then returns
// 0 — no agreement beyond chance can be shown — and agreement 1, never NaN.
// With no items it returns 0, 0. Agreement.KappaDefined tells these cases
// apart. It panics if a and b differ in length.
func Kappa(a, b []int) (kappa, agreement float64) {
	kappa, agreement, _ = cohenKappa(a, b)
	return kappa, agreement
}

// cohenKappa is Kappa, also saying whether kappa is defined.
func cohenKappa(a, b []int) (kappa, agreement float64, defined bool) {
	if len(a) != len(b) {
		panic("analysis: Kappa: raters labelled different numbers of items")
	}
	n := len(a)
	if n == 0 {
		return 0, 0, false
	}
	ca, cb := map[int]int{}, map[int]int{}
	agree := 0
	for i := range a {
		ca[a[i]]++
		cb[b[i]]++
		if a[i] == b[i] {
			agree++
		}
	}
	// chance is n²·p_e, an integer, so that p_e = 1 is found exactly.
	chance := 0
	for k, x := range ca {
		chance += x * cb[k]
	}
	return kappaOf(n, agree, chance)
}

// kappaOf is κ of n items, agree of them labelled alike, chance the sum
// over labels of the two raters' counts multiplied (n²·p_e).
func kappaOf(n, agree, chance int) (kappa, agreement float64, defined bool) {
	agreement = float64(agree) / float64(n)
	if chance == n*n {
		return 0, agreement, false
	}
	pe := float64(chance) / float64(n) / float64(n)
	return (agreement - pe) / (1 - pe), agreement, true
}

// Agreement is how far two judges agree on the items both judged.
type Agreement struct {
	JudgeA string `json:"judge_a"`
	JudgeB string `json:"judge_b"`
	// Items is the number of items both judges gave a parsed verdict;
	// Skipped those both judged where at least one verdict did not parse.
	// Where Pooled is set, a judge judged some item more than once (a
	// cell pooled over sweep values), and both count pairs of verdicts,
	// each of one judge's on an item with each of the other's.
	Items   int  `json:"items"`
	Skipped int  `json:"skipped"`
	Pooled  bool `json:"pooled,omitempty"`
	// Agreement is the share of items where they chose the same answer
	// (gave the same grade, for a grading protocol).
	Agreement float64 `json:"agreement"`
	// Kappa is Cohen's kappa of the chosen answers, or of the grades
	// where the judges graded an answer (said); KappaDefined is false
	// when there are no items or both judges always chose the same answer
	// (see Kappa), and Kappa is then 0.
	Kappa        float64 `json:"kappa"`
	KappaDefined bool    `json:"kappa_defined"`
	// KappaCI is Kappa's 95% interval, a percentile bootstrap over the
	// questions both judged (their groups, where they share some), each
	// drawn with all its items (kappaInterval); nil where kappa is
	// undefined, there is one question, or too many resamples leave it
	// undefined to say.
	KappaCI *Interval `json:"kappa_ci,omitempty"`
	// Mixed is set where the items mix grades and chosen answers (a grade
	// protocol's cells with others'): two label sets that no item spans,
	// so that one kappa's chance agreement, from the pooled labels, would
	// count labels an item cannot take and read high. Kappa is then
	// left undefined; each cell has its own.
	Mixed bool `json:"mixed,omitempty"`
}

// agreementItem identifies an item two judges may both have judged: the
// same episode but for the judge, as when transcripts are re-judged. A
// sweep plays a question in each of its cells.
type agreementItem struct {
	protocol, cell, task, question, assignment string
	repeat                                     int
}

// JudgeAgreement compares the verdicts of judgeA and judgeB on the items
// (protocol, sweep cell, task, question, assignment, repeat) of eps that
// both judged.
// Failed episodes are left out, and settled ones (Episode.Settled), whose
// verdict neither judge gave. Where a judge judged an item more than once
// (moot compare's cell that pools another run's sweep values: the
// judge's verdicts under each value), each of its verdicts is paired with
// each of the other judge's on the item, and Pooled is set.
func JudgeAgreement(eps []transcript.Episode, judgeA, judgeB string) Agreement {
	// A verdict holds the answers of its episode, in the order it
	// indexes them: runs at other seeds may hold a question's answers the
	// other way round (a loader places the correct answer by the seed),
	// and B's chosen answer is then read by its text in A's order
	// (sameAnswer).
	type verdict struct {
		said    int
		answers [2]string
	}
	verdicts := [2]map[agreementItem][]verdict{{}, {}}
	// groups knows the group either judge's episodes name for a question
	// (records made before groups name none; where they name two, both
	// joined).
	var groups questionGroups
	var order []agreementItem // items of judgeA, in order of eps
	for i := range eps {
		ep := &eps[i]
		if ep.Error != "" || ep.Settled() {
			// A settled verdict is no judge's: neither judged it.
			continue
		}
		k := agreementItem{ep.Protocol, ep.Cell, ep.Task, ep.QuestionID, ep.Assignment, ep.Repeat}
		for j, judge := range []string{judgeA, judgeB} {
			if ep.Judge != judge {
				continue
			}
			if j == 0 && len(verdicts[0][k]) == 0 {
				order = append(order, k)
			}
			verdicts[j][k] = append(verdicts[j][k], verdict{said(ep), ep.Answers})
			if ep.Group != "" {
				groups.add(transcript.QuestionKey(ep.Task, ep.QuestionID), transcript.UnitKey(ep))
			}
		}
	}
	out := Agreement{JudgeA: judgeA, JudgeB: judgeB}
	var a, b []int
	var questions, units []string
	for _, k := range order {
		vas, vbs := verdicts[0][k], verdicts[1][k]
		if len(vbs) > 0 && len(vas)*len(vbs) > 1 {
			out.Pooled = true
		}
		for _, va := range vas {
			for _, vb := range vbs {
				said := sameAnswer(vb.said, vb.answers, va.answers)
				if va.said == transcript.Unparsed || said == transcript.Unparsed {
					out.Skipped++
					continue
				}
				a, b = append(a, va.said), append(b, said)
				qk := transcript.QuestionKey(k.task, k.question)
				questions = append(questions, qk)
				units = append(units, groups.unit(qk))
			}
		}
	}
	out.Items = len(a)
	out.Kappa, out.Agreement, out.KappaDefined = cohenKappa(a, b)
	graded := func(v int) bool { return v >= saidGradeCorrect }
	if slices.ContainsFunc(a, graded) && slices.ContainsFunc(a, func(v int) bool { return !graded(v) }) {
		out.Mixed, out.Kappa, out.KappaDefined = true, 0, false
	}
	if out.KappaDefined {
		out.KappaCI = kappaInterval(a, b, questions, units, Resamples, hashStrings("kappa", judgeA, judgeB))
	}
	return out
}

// sameAnswer is the index in the answers to of the answer that v, a
// chosen answer's index in the answers from, names: where two runs hold
// a question's answers in another order (played at other seeds), the
// same answer chosen is the same label, whatever its index. An answer
// that to does not hold (another version of the question: a wrong answer
// drawn apart at the other seed) is read by the answer both hold: the
// one not chosen, where to holds it, names the other of to's (a wrong
// answer chosen in both versions is one label, whatever the order each
// run shows them in; read by its index, it agreed or not as the two
// orders fell). A grade, an unparsed verdict, or an answer of two
// versions that share neither is left as it is.
func sameAnswer(v int, from, to [2]string) int {
	if v != 0 && v != 1 || from == to {
		return v
	}
	if i := slices.Index(to[:], from[v]); i >= 0 {
		return i
	}
	if i := slices.Index(to[:], from[1-v]); i >= 0 {
		return 1 - i
	}
	return v
}

// The labels of a grade, apart from the answer indices (0, 1) that other
// protocols' verdicts give: pooled over cells of both, "graded correct"
// is not "chose answer 0".
const (
	saidGradeCorrect   = 2
	saidGradeIncorrect = 3
)

// said is what a judge said of an episode, as two judges' agreement
// counts it: the grade (saidGradeCorrect, saidGradeIncorrect) where the
// judge graded one answer, so that kappa's chance agreement comes from how
// often each grader calls an answer correct, not from which answers the
// exam-takers gave; else the answer chosen. An unparsed verdict is
// transcript.Unparsed.
func said(ep *transcript.Episode) int {
	if ep.Graded == nil && ep.Verdict.Answer != 0 && ep.Verdict.Answer != 1 {
		// No answer of two: a record that says otherwise (an index 2 or
		// 3, which would pass for a grade) is no verdict to compare.
		return transcript.Unparsed
	}
	if ep.Graded == nil || ep.Verdict.Answer == transcript.Unparsed {
		return ep.Verdict.Answer
	}
	switch ep.Graded.Call {
	case transcript.GradeCorrect:
		return saidGradeCorrect
	case transcript.GradeIncorrect:
		return saidGradeIncorrect
	}
	return transcript.Unparsed
}
