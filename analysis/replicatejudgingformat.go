package analysis

import (
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/olekukonko/tablewriter/tw"

	"github.com/mootlab/moot/internal/noun"
)

// JudgingTable is a table of a replicated judge study's figures across
// the seeds (ReplicateGrading, ReplicateReference, ReplicatePosition),
// one row a cell, as the tables and the report page write it: its
// figures' columns from NumericFrom on.
type JudgingTable struct {
	ID, Title   string
	Header      []string
	Rows        [][]string
	NumericFrom int
}

// ReplicateJudgingTables are the tables of rs's judge-study figures, each
// where some cell has them: grading, reference, position.
func ReplicateJudgingTables(rs *ReplicateSummary) []JudgingTable {
	sweep := slices.ContainsFunc(rs.Cells, func(c ReplicateCell) bool { return c.Cell != "" })
	key := func(c ReplicateCell) []string {
		row := []string{c.Protocol, c.Task, c.JudgeText(), strconv.Itoa(c.Replicates)}
		if sweep {
			row = slices.Insert(row, 1, c.Cell)
		}
		return row
	}
	header := func(figures ...string) []string {
		h := []string{"Protocol", "Task", "Judge", "Seeds"}
		if sweep {
			h = slices.Insert(h, 1, "Cell")
		}
		return append(h, figures...)
	}
	var out []JudgingTable
	add := func(id, title string, h []string, row func(c ReplicateCell) []string) {
		t := JudgingTable{ID: id, Title: title, Header: h, NumericFrom: len(key(ReplicateCell{})) - 1} // from Seeds
		for _, c := range rs.Cells {
			if r := row(c); r != nil {
				t.Rows = append(t.Rows, append(key(c), r...))
			}
		}
		if len(t.Rows) > 0 {
			out = append(out, t)
		}
	}
	add("replicate-grading", "Grading across seeds", header("Agreement", "κ", "Lenient", "Strict", "τ"), func(c ReplicateCell) []string {
		g := c.Grading
		if g == nil {
			return nil
		}
		return []string{g.Agreement.text(true, c.Replicates), g.Kappa.text(false, c.Replicates),
			g.Leniency.text(true, c.Replicates), g.Strictness.text(true, c.Replicates), g.Tau.text(false, c.Replicates)}
	})
	if t := examTakerTable(rs, key, header); len(t.Rows) > 0 {
		out = append(out, t)
	}
	add("replicate-reference", "Reference answers across seeds", header("Reference right", "Judge, reference right", "Judge, reference wrong"), func(c ReplicateCell) []string {
		f := c.Reference
		if f == nil {
			return nil
		}
		return []string{f.Accuracy.text(true, c.Replicates), f.Right.text(true, c.Replicates), f.Wrong.text(true, c.Replicates)}
	})
	add("replicate-position", "Position bias across seeds", header(positionHeader(rs)...), func(c ReplicateCell) []string {
		return positionRow(c, positionRules(rs))
	})
	add("replicate-calibration", "Calibration across seeds", header("ECE", "Brier"), func(c ReplicateCell) []string {
		k := c.Calibration
		if k == nil {
			return nil
		}
		return []string{k.ECE.textPlaces(false, 3, c.Replicates), k.Brier.textPlaces(false, 3, c.Replicates)}
	})
	return out
}

// examTakerTable is the table of each grading cell's exam-takers across
// the seeds: each one's true and judged accuracy, and with several, a row
// (all) of the shares of all answers right and called correct, as a
// seed's grading table has them; key and header are the other tables'
// (ReplicateJudgingTables), the exam-taker's column put before Seeds.
func examTakerTable(rs *ReplicateSummary, key func(ReplicateCell) []string, header func(...string) []string) JudgingTable {
	h := header("True", "Judged")
	seeds := len(key(ReplicateCell{})) - 1
	t := JudgingTable{ID: "replicate-exam-takers", Title: "Exam-takers across seeds", Header: slices.Insert(h, seeds, "Exam-taker"), NumericFrom: seeds + 1}
	for _, c := range rs.Cells {
		g := c.Grading
		if g == nil {
			continue
		}
		row := func(name string, right, judged *SeedFigure) {
			t.Rows = append(t.Rows, append(slices.Insert(key(c), seeds, name), right.text(true, c.Replicates), judged.text(true, c.Replicates)))
		}
		for _, e := range g.ExamTakers {
			row(e.Agent, e.Accuracy, e.Judged)
		}
		if len(g.ExamTakers) > 1 {
			row("(all)", g.BaseRate, g.SaidCorrect)
		}
	}
	return t
}

// positionRules are the rules of pair accuracy some cell of rs scores,
// in order of first appearance.
func positionRules(rs *ReplicateSummary) []string {
	var rules []string
	for _, c := range rs.Cells {
		if c.Position == nil {
			continue
		}
		for _, r := range c.Position.PairAccuracy {
			if !slices.Contains(rules, r.Rule) {
				rules = append(rules, r.Rule)
			}
		}
	}
	return rules
}

// positionHeader is the position table's figures' header.
func positionHeader(rs *ReplicateSummary) []string {
	return append([]string{"Consistent", "First slot"}, positionRules(rs)...)
}

// positionRow is cell c's figures in the position table, nil where it
// has none.
func positionRow(c ReplicateCell, rules []string) []string {
	p := c.Position
	if p == nil {
		return nil
	}
	row := []string{p.Consistency.text(true, c.Replicates), p.FirstSlotPreference.text(true, c.Replicates)}
	for _, r := range rules {
		var f *SeedFigure
		if i := slices.IndexFunc(p.PairAccuracy, func(x RuleFigure) bool { return x.Rule == r }); i >= 0 {
			f = p.PairAccuracy[i].Accuracy
		}
		row = append(row, f.text(true, c.Replicates))
	}
	return row
}

// text is f as a table cell: its mean, a share in percent (share) or a
// statistic such as κ with two decimals, and its 95% interval as
// ReplicateCIText marks it (without one, the mean alone); "(k seeds)"
// after it where fewer than the cell's seeds (of) have it; n/a where
// none has.
func (f *SeedFigure) text(share bool, of int) string { return f.textPlaces(share, 2, of) }

// textPlaces is text with a statistic to places decimals (an ECE to
// three, as a seed's table notes it).
func (f *SeedFigure) textPlaces(share bool, places, of int) string {
	if f == nil {
		return "n/a"
	}
	var t string
	switch {
	case share:
		t = percent(f.Mean)
	default:
		t = strconv.FormatFloat(f.Mean, 'f', places, 64)
	}
	switch {
	case f.CIMethod == "":
	case share:
		t += " " + ReplicateCIText(f.CILow, f.CIHigh, f.CIMethod, false)
	default:
		t += " [" + strconv.FormatFloat(f.CILow, 'f', places, 64) + ", " + strconv.FormatFloat(f.CIHigh, 'f', places, 64) + "]" + fallbackMark(f.CIMethod)
	}
	if f.Replicates < of {
		t += " (" + noun.Count(f.Replicates, "seed") + ")"
	}
	return t
}

// writeReplicateJudging writes rs's judge-study tables
// (ReplicateJudgingTables) as text or Markdown, each after a blank line.
func writeReplicateJudging(w io.Writer, rs *ReplicateSummary, f Format) error {
	for _, jt := range ReplicateJudgingTables(rs) {
		if _, err := fmt.Fprintln(w); err != nil {
			return err
		}
		align := make(tw.Alignment, len(jt.Header))
		for i := range align {
			align[i] = tw.AlignLeft
			if i >= jt.NumericFrom {
				align[i] = tw.AlignRight
			}
		}
		t, escape := newTable(w, f, align)
		rows := make([][]string, len(jt.Rows))
		for i, r := range jt.Rows {
			rows[i] = slices.Clone(r)
			for j := range jt.NumericFrom {
				rows[i][j] = escape(rows[i][j])
			}
		}
		if err := renderTable(t, jt.Header, rows); err != nil {
			return err
		}
	}
	return nil
}

// replicateJudgingNote is what ReplicateNote says of the judge-study
// tables, "" for none.
func replicateJudgingNote(rs *ReplicateSummary) string {
	judged := slices.ContainsFunc(rs.Cells, func(c ReplicateCell) bool {
		return c.Grading != nil || c.Reference != nil || c.Position != nil || c.Calibration != nil
	})
	if !judged {
		return ""
	}
	return fmt.Sprintf(" Judge studies (grading: agreement, κ, lenient, strict, τ, and each exam-taker's true and judged accuracy, with several the shares of all answers right and called correct as (all); reference answers: how often the reference was right, "+
		"and the judge's accuracy where it was right and where wrong; position bias: consistency under swapped order, "+
		"the share of verdicts for the first slot, and accuracy over pairs by each rule; calibration: the ECE and Brier score of "+
		"the verdicts with a probability): each replicate's figure as its own "+
		"summary has it, their mean over the replicates and its 95%% CI, %s (Student t over the replicates, as Elo's: over "+
		"seeds only, so that where the replicates share their questions it leaves out the questions' own variance, which "+
		"each seed's interval in its folder holds); ‡ one replicate, or every seed at one value: the span of the seeds' own "+
		"intervals (none, and the mean alone, for the figures a seed gives without one: agreement, the shares right and called correct, "+
		"each exam-taker's accuracies, a reference's accuracy, calibration); (k seeds): only k of the cell's seeds "+
		"define the figure (κ and τ are undefined where the grades or rankings are all alike, a rate over no answers).",
		MethodReplicatesT)
}

// replicateJudgingColumns are the CSV columns of a replicated judge
// study, named as a seed's table.csv names them (judgingColumns, less its
// reference, which the replicated CSV writes for a gold cell alone): each
// figure's mean over the seeds, and κ's and τ's interval over them;
// none where no cell has such figures, so that other runs' CSV keeps the
// columns it always had. values gives a cell's row.
func replicateJudgingColumns(rs *ReplicateSummary) (values func(c ReplicateCell) []string, header []string) {
	has := slices.ContainsFunc(rs.Cells, func(c ReplicateCell) bool { return c.Grading != nil || c.Reference != nil })
	if !has {
		return func(ReplicateCell) []string { return nil }, nil
	}
	header = []string{"reference_accuracy", "accuracy_reference_right", "accuracy_reference_wrong",
		"kappa", "kappa_ci_low", "kappa_ci_high", "leniency", "strictness", "tau", "tau_ci_low", "tau_ci_high"}
	return func(c ReplicateCell) []string {
		row := make([]string, len(header))
		if f := c.Reference; f != nil {
			row[0], row[1], row[2] = figureMean(f.Accuracy), figureMean(f.Right), figureMean(f.Wrong)
		}
		if g := c.Grading; g != nil {
			row[3], row[6], row[7], row[8] = figureMean(g.Kappa), figureMean(g.Leniency), figureMean(g.Strictness), figureMean(g.Tau)
			row[4], row[5] = figureBounds(g.Kappa)
			row[9], row[10] = figureBounds(g.Tau)
		}
		return row
	}, header
}

// replicatePositionColumns are the CSV columns of the position bias
// over seeds (ReplicateCell.Position): consistency, first-slot
// preference and the accuracy over pairs under each rule of pairRules,
// each its mean over the seeds and that mean's interval, named as a
// seed's table.csv names its own; none in a replicated run without them,
// so that its CSV keeps the columns it always had. A rule no seed scores
// (swap-average without probabilities) leaves its three empty.
func replicatePositionColumns(rs *ReplicateSummary) (values func(c ReplicateCell) []string, header []string) {
	if !slices.ContainsFunc(rs.Cells, func(c ReplicateCell) bool { return c.Position != nil }) {
		return func(ReplicateCell) []string { return nil }, nil
	}
	names := []string{"consistency", "first_slot_preference"}
	for _, r := range pairRules {
		names = append(names, "pair_accuracy_"+strings.ReplaceAll(r, "-", "_"))
	}
	for _, n := range names {
		header = append(header, n, n+"_ci_low", n+"_ci_high")
	}
	return func(c ReplicateCell) []string {
		row := make([]string, len(header))
		p := c.Position
		if p == nil {
			return row
		}
		figures := []*SeedFigure{p.Consistency, p.FirstSlotPreference}
		for _, r := range pairRules {
			var f *SeedFigure
			if i := slices.IndexFunc(p.PairAccuracy, func(rf RuleFigure) bool { return rf.Rule == r }); i >= 0 {
				f = p.PairAccuracy[i].Accuracy
			}
			figures = append(figures, f)
		}
		for i, f := range figures {
			row[3*i] = figureMean(f)
			row[3*i+1], row[3*i+2] = figureBounds(f)
		}
		return row
	}, header
}

// replicateCalibrationColumns are the CSV columns of calibration over
// seeds (ReplicateCell.Calibration): the ECE and the Brier score, each its
// mean over the seeds and that mean's interval, named as a seed's
// table.csv names its own; none in a replicated run without them, so that
// its CSV keeps the columns it always had.
func replicateCalibrationColumns(rs *ReplicateSummary) (values func(c ReplicateCell) []string, header []string) {
	if !slices.ContainsFunc(rs.Cells, func(c ReplicateCell) bool { return c.Calibration != nil }) {
		return func(ReplicateCell) []string { return nil }, nil
	}
	header = []string{"ece", "ece_ci_low", "ece_ci_high", "brier", "brier_ci_low", "brier_ci_high"}
	return func(c ReplicateCell) []string {
		row := make([]string, len(header))
		if k := c.Calibration; k != nil {
			row[0], row[3] = figureMean(k.ECE), figureMean(k.Brier)
			row[1], row[2] = figureBounds(k.ECE)
			row[4], row[5] = figureBounds(k.Brier)
		}
		return row
	}, header
}

// figureMean is a figure over seeds' mean as the CSV writes it, empty
// where no seed has it (a rate over no answers, an undefined κ).
func figureMean(f *SeedFigure) string {
	if f == nil {
		return ""
	}
	return ftoa(f.Mean)
}

// figureBounds is the interval of a figure's mean over seeds as the CSV
// writes it, empty where it has none.
func figureBounds(f *SeedFigure) (lo, hi string) {
	if f == nil || f.CIMethod == "" {
		return "", ""
	}
	return ftoa(f.CILow), ftoa(f.CIHigh)
}
