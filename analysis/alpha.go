package analysis

import (
	"slices"

	"github.com/mootlab/moot/transcript"
)

// Reliability is how far several judges agree on the items they judged:
// Krippendorff's alpha of their verdicts, a nominal variable (the answer
// chosen, or the grade given), which takes any number of judges, each
// item judged by any two or more of them. An item is an episode but for
// its judge: the same protocol, sweep cell, task, question, assignment
// and repeat, as a run and its rejudging, or the annotators of a study,
// judge it.
type Reliability struct {
	// Protocol, Task and Cell name the cell the figures are of; all three
	// are empty for the figures over every cell.
	Protocol string `json:"protocol,omitempty"`
	Task     string `json:"task,omitempty"`
	Cell     string `json:"cell,omitempty"`
	// Judges are those with a parsed verdict on an item that another
	// judge gave one too, in the order they first appear.
	Judges []string `json:"judges"`
	// Items counts the items with parsed verdicts of two or more judges,
	// and Verdicts those verdicts; Lone the items with one parsed verdict
	// (nothing to agree with: not counted), Unparsed the verdicts left
	// out because they did not parse.
	Items    int `json:"items"`
	Verdicts int `json:"verdicts"`
	Lone     int `json:"lone"`
	Unparsed int `json:"unparsed"`
	// Agreement is the share of the pairs of two judges' verdicts on an
	// item that agree (percent agreement, each pair counted once).
	Agreement float64 `json:"agreement"`
	// Alpha is Krippendorff's alpha for nominal data, 1 − D_o/D_e: the
	// disagreement observed within items against that expected were the
	// verdicts paired at random over all items. It is undefined
	// (AlphaDefined false, Alpha 0) with no items, or where every verdict
	// is one and the same label (D_e = 0), and where the items mix grades
	// and chosen answers (Mixed: one chance disagreement over labels no
	// item spans would read high).
	Alpha        float64 `json:"alpha"`
	AlphaDefined bool    `json:"alpha_defined"`
	// AlphaCI is Alpha's 95% interval, a percentile bootstrap over the
	// questions (their groups, where they share some), each drawn with
	// all its items, by kappa's rule (percentileInterval); nil where
	// alpha is undefined, there is one question, or too many resamples
	// leave it undefined to say.
	AlphaCI *Interval `json:"alpha_ci,omitempty"`
	Mixed   bool      `json:"mixed,omitempty"`
}

// alphaLabels bounds the labels alpha counts: the answer indices and the
// grades, as kappa's (said).
const alphaLabels = kappaLabels

// coincidences are alpha's counts of items: o[c][k], each ordered pair of
// two judges' verdicts c and k on an item counted 1/(m − 1), m the item's
// verdicts (Krippendorff's coincidence matrix), and the pairs of verdicts
// and those that agree, for the percent agreement.
type coincidences struct {
	o             [alphaLabels][alphaLabels]float64
	pairs, agreed int
}

func (c *coincidences) plus(o *coincidences) {
	for i := range alphaLabels {
		for j := range alphaLabels {
			c.o[i][j] += o.o[i][j]
		}
	}
	c.pairs, c.agreed = c.pairs+o.pairs, c.agreed+o.agreed
}

// addItem counts one item's verdicts (two or more, each label below
// alphaLabels).
func (c *coincidences) addItem(labels []int) {
	w := 1 / float64(len(labels)-1)
	for i, a := range labels {
		for j, b := range labels {
			if i != j {
				c.o[a][b] += w
			}
			if i < j {
				c.pairs++
				c.agreed += b2i(a == b)
			}
		}
	}
}

// alpha is Krippendorff's nominal alpha of the counts: 1 − (n − 1)·Σ_{c≠k}
// o_ck / Σ_{c≠k} n_c·n_k, n_c the verdicts of label c, n all of them;
// false where every verdict is one label (no disagreement to expect).
func (c *coincidences) alpha() (float64, bool) {
	var nc [alphaLabels]float64
	var n, observed float64
	for i := range alphaLabels {
		for j := range alphaLabels {
			nc[i] += c.o[i][j]
			if i != j {
				observed += c.o[i][j]
			}
		}
		n += nc[i]
	}
	expected := n * n
	for _, x := range nc {
		expected -= x * x
	}
	// n_c are whole numbers, summed from fractions: expected is too.
	if expected < 0.5 {
		return 0, false
	}
	return 1 - (n-1)*observed/expected, true
}

// JudgeReliability is the Reliability of the judges of eps over the
// items two or more of them judged, all eps' cells together. Failed
// episodes are left out, and settled ones (no judge's verdict); a judge's
// first verdict of an item counts, and its later ones on the same item
// (a record written twice) are passed over. Verdicts of runs that hold a
// question's answers in another order are read by the answer's text, as
// JudgeAgreement reads them (sameAnswer).
func JudgeReliability(eps []transcript.Episode) Reliability {
	type verdict struct {
		judge   string
		said    int
		answers [2]string
	}
	items := map[agreementItem][]verdict{}
	var order []agreementItem
	var groups questionGroups
	for i := range eps {
		ep := &eps[i]
		if ep.Error != "" || ep.Settled() {
			continue
		}
		k := agreementItem{ep.Protocol, ep.Cell, ep.Task, ep.QuestionID, ep.Assignment, ep.Repeat}
		vs, seen := items[k]
		if !seen {
			order = append(order, k)
		}
		if slices.ContainsFunc(vs, func(v verdict) bool { return v.judge == ep.Judge }) {
			continue
		}
		items[k] = append(vs, verdict{ep.Judge, said(ep), ep.Answers})
		if ep.Group != "" {
			groups.add(transcript.QuestionKey(ep.Task, ep.QuestionID), transcript.UnitKey(ep))
		}
	}
	var out Reliability
	counts := map[string]*coincidences{}
	graded, chosen := false, false
	for _, k := range order {
		vs := items[k]
		var labels []int
		var judges []string
		for _, v := range vs {
			l := sameAnswer(v.said, v.answers, vs[0].answers)
			if l < 0 || l >= alphaLabels {
				out.Unparsed++
				continue
			}
			labels, judges = append(labels, l), append(judges, v.judge)
		}
		if len(labels) < 2 {
			out.Lone += b2i(len(labels) == 1)
			continue
		}
		// Only counted items mix (a lone grade does not), as kappa's.
		graded, chosen = graded || slices.Max(labels) >= saidGradeCorrect, chosen || slices.Min(labels) < saidGradeCorrect
		for _, j := range judges {
			if !slices.Contains(out.Judges, j) {
				out.Judges = append(out.Judges, j)
			}
		}
		q := transcript.QuestionKey(k.task, k.question)
		if counts[q] == nil {
			counts[q] = &coincidences{}
		}
		counts[q].addItem(labels)
		out.Items, out.Verdicts = out.Items+1, out.Verdicts+len(labels)
	}
	var all coincidences
	for _, c := range counts {
		all.plus(c)
	}
	out.Agreement = ratio(all.agreed, all.pairs)
	out.Alpha, out.AlphaDefined = all.alpha()
	if graded && chosen {
		out.Mixed, out.Alpha, out.AlphaDefined = true, 0, false
	}
	if out.AlphaDefined {
		out.AlphaCI = bootstrapCounts(unitsOf(counts, &groups, (*coincidences).plus), Resamples,
			hashStrings(append([]string{"alpha"}, out.Judges...)...), (*coincidences).plus, (*coincidences).alpha)
	}
	if out.Judges == nil {
		out.Judges = []string{}
	}
	return out
}

// AgreementOfJudges is the judges' agreement on the episodes of eps that
// two or more of them judged: alpha over all eps' cells and in each
// (protocol, task, sweep cell), in the order eps first name them, and the
// agreement and kappa of each pair of the judges that alpha counts.
func AgreementOfJudges(eps []transcript.Episode) JudgesAgree {
	out := JudgesAgree{All: JudgeReliability(eps)}
	type cell struct{ protocol, task, cell string }
	byCell := map[cell][]transcript.Episode{}
	var cells []cell
	for _, ep := range eps {
		k := cell{ep.Protocol, ep.Task, ep.Cell}
		if _, ok := byCell[k]; !ok {
			cells = append(cells, k)
		}
		byCell[k] = append(byCell[k], ep)
	}
	for _, k := range cells {
		r := JudgeReliability(byCell[k])
		r.Protocol, r.Task, r.Cell = k.protocol, k.task, k.cell
		out.Cells = append(out.Cells, r)
	}
	judges := out.All.Judges
	for i, a := range judges {
		for _, b := range judges[i+1:] {
			if p := JudgeAgreement(eps, a, b); p.Items+p.Skipped > 0 {
				out.Pairs = append(out.Pairs, p)
			}
		}
	}
	return out
}
