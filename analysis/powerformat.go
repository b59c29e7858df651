package analysis

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/olekukonko/tablewriter/tw"
)

// PowerNote says how WritePower's numbers were made, for goal.
func PowerNote(goal PowerGoal) string {
	at := ""
	if goal.At > 0 {
		at = fmt.Sprintf("Power at %d, the chance that a study of this design with %d questions finds ±%s. ",
			goal.At, goal.At, goalPercent(goal.Delta, 1))
	}
	return fmt.Sprintf("Planning from this run as a pilot: SE, the standard error of Δ over the questions "+
		"(their groups drawn as units); MDE, the smallest |Δ| found with %s%% power by a two-sided test at %g "+
		"with this run's questions (none: no difference up to 100 points, or too few units for the test); "+
		"Questions for ±%s, how many a study of this design (the same episodes a question, groups of the same "+
		"sizes, its questions differing as often as these) needs to find that difference (none: they differ too "+
		"rarely for a difference that large). %s"+
		"A normal approximation to the paired permutation test; where each question has one verdict a cell the "+
		"test is conservative, and reached 73–78%% where 80%% was asked: docs/statistics.md.",
		goalPercent(goal.Power, 0), goal.Alpha, goalPercent(goal.Delta, 1), at)
}

// goalPercent is a share of a goal as a percentage, to as many places as
// it has (up to six) and at least places: 5.0 for 0.05 at one place,
// 1.25 for 0.0125, 99.9 for 0.999, which read 1.2 (or 1.3) and 100 at
// one place or none.
func goalPercent(share float64, places int) string {
	whole, frac, _ := strings.Cut(strings.TrimRight(strconv.FormatFloat(100*share, 'f', 6, 64), "0"), ".")
	frac += strings.Repeat("0", max(places-len(frac), 0))
	if frac == "" {
		return whole
	}
	return whole + "." + frac
}

// WritePower writes the power analyses ps in format f (JSON: goal's
// numbers and the array of Power, as summary.json rounds them).
func WritePower(w io.Writer, ps []Power, goal PowerGoal, f Format) error {
	switch f {
	case FormatText, FormatMarkdown:
		return writePowerTable(w, ps, goal, f)
	case FormatCSV:
		rows := [][]string{{"a_protocol", "a_task", "a_judge", "a_cell", "b_protocol", "b_task", "b_judge", "b_cell",
			"questions", "units", "difference", "se", "mde", "questions_needed", "estimable", "delta", "alpha", "power",
			"at", "power_at"}}
		for _, p := range ps {
			rows = append(rows, []string{p.A.Protocol, p.A.Task, p.A.Judge, p.A.Cell, p.B.Protocol, p.B.Task, p.B.Judge, p.B.Cell,
				strconv.Itoa(p.Questions), strconv.Itoa(p.Units), ftoa(p.Difference), ftoa(p.SE), optional(p.MDE),
				strconv.Itoa(p.QuestionsNeeded), strconv.FormatBool(p.Estimable),
				ftoa(goal.Delta), ftoa(goal.Alpha), ftoa(goal.Power), strconv.Itoa(goal.At), optional(p.PowerAt)})
		}
		return csv.NewWriter(w).WriteAll(rows)
	case FormatJSON:
		rounded := make([]Power, len(ps))
		for i, p := range ps {
			p.Difference, p.SE, p.MDE, p.PowerAt = round4(p.Difference), round4(p.SE), roundedOf(p.MDE, round4), roundedOf(p.PowerAt, round4)
			rounded[i] = p
		}
		return writeJSON(w, struct {
			Delta       float64 `json:"delta"`
			Alpha       float64 `json:"alpha"`
			Power       float64 `json:"power"`
			At          int     `json:"at,omitempty"`
			Comparisons []Power `json:"comparisons"`
		}{goal.Delta, goal.Alpha, goal.Power, goal.At, rounded})
	}
	_, err := ParseFormat(string(f))
	return err
}

// writePowerTable is WritePower as text or Markdown: a column for the
// power at the goal's questions where it names some.
func writePowerTable(w io.Writer, ps []Power, goal PowerGoal, f Format) error {
	header := []string{"Task", "Judge", "A", "B", "n", "Units", "Δ B−A", "SE", "MDE",
		"Questions for ±" + goalPercent(goal.Delta, 1)}
	align := tw.Alignment{tw.AlignLeft, tw.AlignLeft, tw.AlignLeft, tw.AlignLeft,
		tw.AlignRight, tw.AlignRight, tw.AlignRight, tw.AlignRight, tw.AlignRight, tw.AlignRight}
	if goal.At > 0 {
		header = append(header, fmt.Sprintf("Power at %d", goal.At))
		align = append(align, tw.AlignRight)
	}
	t, escape := newTable(w, f, align)
	rows := make([][]string, 0, len(ps))
	for _, p := range ps {
		se, mde, need, at := "n/a", "n/a", "n/a", "n/a"
		if p.Estimable {
			se, mde, need, at = fmt.Sprintf("%.1f", 100*p.SE), "none", "none", "none"
			if p.QuestionsNeeded > 0 {
				need = strconv.Itoa(p.QuestionsNeeded)
			}
			if p.MDE != nil {
				mde = fmt.Sprintf("%.1f", 100**p.MDE)
			}
			if p.PowerAt != nil {
				at = percent(*p.PowerAt)
			}
		}
		row := []string{escape(p.A.Task), escape(p.A.Judge), escape(p.A.Label()), escape(p.B.Label()),
			strconv.Itoa(p.Questions), strconv.Itoa(p.Units), Points(p.Difference), se, mde, need}
		if goal.At > 0 {
			row = append(row, at)
		}
		rows = append(rows, row)
	}
	return renderNotedTable(w, f, t, header, rows, PowerNote(goal))
}

// optional is a CSV field of x, empty where it is nil.
func optional(x *float64) string {
	if x == nil {
		return ""
	}
	return ftoa(*x)
}
