package analysis

import (
	"fmt"
	"io"
	"slices"
	"strconv"

	"github.com/olekukonko/tablewriter/tw"
)

// GradingNote says how the grading table of cells is made.
func GradingNote(cells []Cell) string {
	over := "questions"
	if slices.ContainsFunc(cells, func(c Cell) bool { return c.Grading != nil && c.Groups > 0 }) {
		over += GroupsNote
	}
	return fmt.Sprintf("True: the exam-taker's share of right answers; judged: the share the judge called correct. "+
		"τ: Kendall's tau-b between the two rankings of the exam-takers; CI: 95%%, bootstrap over %s (%d resamples).", over, Resamples)
}

// WriteGrading writes, for each cell whose judge graded answers, each
// exam-taker's true and judged accuracy, with the cell's agreement, kappa,
// leniency, strictness and tau, in FormatText or FormatMarkdown. It writes
// nothing for a summary without graders.
func WriteGrading(w io.Writer, s Summary, f Format) error {
	var rows [][]string
	for _, c := range s.Cells {
		g := c.Grading
		if g == nil {
			continue
		}
		kappa, tau := g.KappaText(), g.TauText()
		judge := c.Judge
		judge += JudgeMark(c.Reference)
		var all ExamTaker
		for _, e := range g.ExamTakers {
			rows = append(rows, []string{c.Protocol, c.Cell, c.Task, judge, e.Agent, strconv.Itoa(e.N),
				CountPercent(e.Right, e.N, e.Accuracy), CountPercent(e.Said, e.N, e.Judged), "", "", "", "", ""})
			all.N, all.Right, all.Said = all.N+e.N, all.Right+e.Right, all.Said+e.Said
		}
		if len(g.ExamTakers) > 1 {
			// The cell's agreement, kappa, leniency and strictness are
			// over every exam-taker's answers: a row of their own, not
			// the first exam-taker's.
			rows = append(rows, []string{c.Protocol, c.Cell, c.Task, judge, "(all)", strconv.Itoa(all.N),
				CountPercent(all.Right, all.N, 0), CountPercent(all.Said, all.N, 0), "", "", "", "", ""})
		}
		if n := len(rows); n > 0 && len(g.ExamTakers) > 0 {
			row := rows[n-1]
			row[8], row[9], row[10], row[11], row[12] = RatePercent(g.Agreement, g.N), kappa,
				RatePercent(g.Leniency, g.WrongN), RatePercent(g.Strictness, g.RightN), tau
		}
	}
	if len(rows) == 0 {
		return nil
	}
	header := []string{"Protocol", "Cell", "Task", "Judge", "Exam-taker", "n", "True", "Judged", "Agreement", "κ", "Lenient", "Strict", "τ (95% CI)"}
	align := tw.Alignment{tw.AlignLeft, tw.AlignLeft, tw.AlignLeft, tw.AlignLeft, tw.AlignLeft, tw.AlignRight, tw.AlignRight,
		tw.AlignRight, tw.AlignRight, tw.AlignRight, tw.AlignRight, tw.AlignRight, tw.AlignRight}
	if !hasCells(s) {
		// Without a sweep, no cell column.
		header, align = slices.Delete(header, 1, 2), slices.Delete(align, 1, 2)
		for i := range rows {
			rows[i] = slices.Delete(rows[i], 1, 2)
		}
	}
	t, escape := newTable(w, f, align)
	for _, r := range rows {
		for i := range 4 {
			r[i] = escape(r[i])
		}
	}
	if _, err := fmt.Fprintln(w); err != nil {
		return err
	}
	note := "Agreement, κ, lenient, strict and τ are the cell's, over every exam-taker's answers (with several, on the row (all)). " + GradingNote(s.Cells)
	return renderNotedTable(w, f, t, header, rows, note)
}
