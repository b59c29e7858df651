package analysis

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/olekukonko/tablewriter/tw"
)

// JudgesAgree is what moot agreement reports of several judges' verdicts
// on the same episodes: Krippendorff's alpha over all the cells (All) and
// in each (Cells), and each pair of judges' agreement and Cohen's kappa
// (Pairs).
type JudgesAgree struct {
	All   Reliability   `json:"all"`
	Cells []Reliability `json:"cells"`
	Pairs []Agreement   `json:"pairs"`
}

// ReliabilityNote says how WriteJudgesAgree's figures were made.
const ReliabilityNote = "Krippendorff's alpha (nominal: the answer chosen, or the grade given) over the episodes that two or more " +
	"of the judges judged, each with all its judges' parsed verdicts; agreement: the share of pairs of verdicts on an " +
	"episode that agree. Pairs: each two judges' agreement and Cohen's kappa on the episodes both judged. 95% CIs: " +
	"percentile bootstrap over the questions (or their groups), each drawn with all its episodes. Episodes judged by one " +
	"judge alone are not counted (lone), nor verdicts that did not parse."

// WriteJudgesAgree writes a in format f: as text or Markdown two tables,
// alpha by cell and kappa by pair of judges; as CSV one table of both,
// the measure in its first column; as JSON the whole, rounded to four
// places as summary.json is.
func WriteJudgesAgree(w io.Writer, a JudgesAgree, f Format) error {
	switch f {
	case FormatText, FormatMarkdown:
		return writeJudgesAgreeTables(w, a, f)
	case FormatCSV:
		rows := [][]string{{"measure", "protocol", "task", "cell", "judge_a", "judge_b", "judges", "items", "verdicts",
			"lone", "unparsed", "agreement", "value", "ci_low", "ci_high"}}
		for _, r := range append([]Reliability{a.All}, a.Cells...) {
			row := []string{"alpha", r.Protocol, r.Task, r.Cell, "", "", strings.Join(r.Judges, ";"),
				strconv.Itoa(r.Items), strconv.Itoa(r.Verdicts), strconv.Itoa(r.Lone), strconv.Itoa(r.Unparsed)}
			rows = append(rows, append(row, measureFields(r.Items > 0, r.Agreement, r.AlphaDefined, r.Alpha, r.AlphaCI)...))
		}
		for _, p := range a.Pairs {
			row := []string{"kappa", "", "", "", p.JudgeA, p.JudgeB, "", strconv.Itoa(p.Items), "", "", strconv.Itoa(p.Skipped)}
			rows = append(rows, append(row, measureFields(p.Items > 0, p.Agreement, p.KappaDefined, p.Kappa, p.KappaCI)...))
		}
		return csv.NewWriter(w).WriteAll(rows)
	case FormatJSON:
		out := JudgesAgree{All: roundedReliability(a.All), Cells: make([]Reliability, len(a.Cells)), Pairs: make([]Agreement, len(a.Pairs))}
		for i, r := range a.Cells {
			out.Cells[i] = roundedReliability(r)
		}
		for i, p := range a.Pairs {
			p.Agreement, p.Kappa, p.KappaCI = round4(p.Agreement), round4(p.Kappa), roundedInterval(p.KappaCI)
			out.Pairs[i] = p
		}
		return writeJSON(w, out)
	}
	_, err := ParseFormat(string(f))
	return err
}

// measureFields are a CSV row's agreement, value and interval: empty
// where there is nothing to agree on, the value undefined, or no interval.
func measureFields(some bool, agreement float64, defined bool, value float64, ci *Interval) []string {
	row := []string{"", "", "", ""}
	if some {
		row[0] = ftoa(agreement)
	}
	if defined {
		row[1] = ftoa(value)
	}
	if ci != nil {
		row[2], row[3] = ftoa(ci.CILow), ftoa(ci.CIHigh)
	}
	return row
}

func roundedReliability(r Reliability) Reliability {
	r.Agreement, r.Alpha, r.AlphaCI = round4(r.Agreement), round4(r.Alpha), roundedInterval(r.AlphaCI)
	return r
}

func roundedInterval(ci *Interval) *Interval {
	if ci == nil {
		return nil
	}
	c := *ci
	c.CILow, c.CIHigh = round4(c.CILow), round4(c.CIHigh)
	return &c
}

// writeJudgesAgreeTables is WriteJudgesAgree as text or Markdown.
func writeJudgesAgreeTables(w io.Writer, a JudgesAgree, f Format) error {
	t, escape := newTable(w, f, tw.Alignment{tw.AlignLeft, tw.AlignRight, tw.AlignRight, tw.AlignRight,
		tw.AlignRight, tw.AlignRight, tw.AlignRight})
	var rows [][]string
	for _, r := range append([]Reliability{a.All}, a.Cells...) {
		name := "all"
		if r.Protocol != "" {
			name = r.Protocol + " · " + r.Task
			if r.Cell != "" {
				name += " [" + r.Cell + "]"
			}
		}
		rows = append(rows, []string{escape(name), strconv.Itoa(len(r.Judges)), strconv.Itoa(r.Items),
			strconv.Itoa(r.Verdicts), strconv.Itoa(r.Lone), shareText(r.Items, r.Agreement), AlphaText(r)})
	}
	header := []string{"Cells", "Judges", "Episodes", "Verdicts", "Lone", "Agreement", "Alpha [95% CI]"}
	if err := renderNotedTable(w, f, t, header, rows, ReliabilityNote); err != nil {
		return err
	}
	if _, err := fmt.Fprintln(w); err != nil {
		return err
	}
	t, escape = newTable(w, f, tw.Alignment{tw.AlignLeft, tw.AlignLeft, tw.AlignRight, tw.AlignRight, tw.AlignRight, tw.AlignRight})
	rows = rows[:0]
	for _, p := range a.Pairs {
		rows = append(rows, []string{escape(p.JudgeA), escape(p.JudgeB), strconv.Itoa(p.Items), strconv.Itoa(p.Skipped),
			shareText(p.Items, p.Agreement), pairKappaText(p)})
	}
	header = []string{"Judge", "Judge", "Episodes", "Unparsed", "Agreement", "Cohen's kappa [95% CI]"}
	if err := renderTable(t, header, rows); err != nil {
		return err
	}
	if f == FormatText {
		_, err := fmt.Fprintln(w, ReliabilityNote)
		return err
	}
	return nil
}

// shareText is an agreement as a percentage, or "–" with nothing to agree on.
func shareText(items int, share float64) string {
	if items == 0 {
		return "–"
	}
	return percent(share)
}

// AlphaText is a Reliability's alpha with its interval, or why it has
// none.
func AlphaText(r Reliability) string {
	return figureText("alpha", r.Items, r.Unparsed, r.Mixed, r.AlphaDefined, r.Alpha, r.AlphaCI,
		"no episode two judges judged", "every verdict one and the same answer")
}

// KappaText is an agreement's kappa with its interval, or why it has
// none: no items, or both judges giving one and the same answer
// throughout (p_e = 1). A judge that alone gives one answer throughout
// has a kappa, 0: its agreement is what chance gives.
func KappaText(a Agreement) string {
	return figureText("kappa", a.Items, a.Skipped, a.Mixed, a.KappaDefined, a.Kappa, a.KappaCI,
		"no episode both judged", "both judges gave one and the same answer throughout")
}

// pairKappaText is KappaText of a pair in moot agreement's table, which
// has no pair by cell: where the pair's episodes mix grades and chosen
// answers it names moot compare, which gives each cell's kappa.
func pairKappaText(p Agreement) string {
	if p.Mixed && p.Items > 0 {
		return "not pooled (the episodes mix grades and chosen answers, which no one kappa spans: moot compare of the two judges' runs gives each cell's)"
	}
	return KappaText(p)
}

// figureText is a figure of agreement (name: kappa, alpha), x with its
// interval, or why it has none: no item (every one unparsed, or none),
// labels that mix grades and chosen answers, or one label throughout.
func figureText(name string, items, unparsed int, mixed, defined bool, x float64, ci *Interval, none, oneLabel string) string {
	switch {
	case items == 0 && unparsed > 0:
		return "undefined (no verdicts to compare)"
	case items == 0:
		return "undefined (" + none + ")"
	case mixed:
		return "not pooled (the episodes mix grades and chosen answers, which no one " + name + " spans: see each cell's)"
	case !defined:
		return "undefined (" + oneLabel + ")"
	}
	return valueWithCI(x, ci)
}

func valueWithCI(x float64, ci *Interval) string {
	if ci == nil {
		return fmt.Sprintf("%.3f", x)
	}
	return fmt.Sprintf("%.3f [%.3f, %.3f]", x, ci.CILow, ci.CIHigh)
}
