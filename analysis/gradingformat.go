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
	if slices.ContainsFunc(cells, func(c Cell) bool { return c.Grading != nil && c.Groups > 1 }) {
		over += GroupsNote
	}
	return fmt.Sprintf("True: the exam-taker's share of right answers; judged: the share the judge called correct. "+
		"τ: Kendall's tau-b between the two rankings of the exam-takers; CI: 95%%, bootstrap over %s (%d resamples).", over, Resamples)
}

// WriteGrading writes, for each cell whose judge graded answers, each
// exam-taker's true and judged accuracy, with the cell's agreement, kappa,
// leniency, strictness and tau, in FormatText or FormatMarkdown, with its
// note. It writes nothing for a summary without graders.
func WriteGrading(w io.Writer, s Summary, f Format) error {
	// The key columns are the cells' table's: a grouping's fields (a
	// sweep's axes, a repeat, an assignment), so that each row says
	// whose it is.
	cols := columns(s)
	key := func(c Cell) []string {
		row := make([]string, 0, len(cols)+9)
		for _, col := range cols {
			v := col.value(c)
			if col.header == columnNames[FieldJudge] {
				v += JudgeMark(c.Reference)
			}
			row = append(row, v)
		}
		return row
	}
	var rows [][]string
	for _, c := range s.Cells {
		g := c.Grading
		if g == nil {
			continue
		}
		var all ExamTaker
		for _, e := range g.ExamTakers {
			rows = append(rows, append(key(c), e.Agent, strconv.Itoa(e.N),
				CountPercent(e.Right, e.N, e.Accuracy), CountPercent(e.Said, e.N, e.Judged), "", "", "", "", ""))
			all.N, all.Right, all.Said = all.N+e.N, all.Right+e.Right, all.Said+e.Said
		}
		if len(g.ExamTakers) > 1 {
			// The cell's agreement, kappa, leniency and strictness are
			// over every exam-taker's answers: a row of their own, not
			// the first exam-taker's.
			rows = append(rows, append(key(c), "(all)", strconv.Itoa(all.N),
				CountPercent(all.Right, all.N, 0), CountPercent(all.Said, all.N, 0), "", "", "", "", ""))
		}
		if n := len(rows); n > 0 && len(g.ExamTakers) > 0 {
			row := rows[n-1][len(cols)+4:]
			row[0], row[1], row[2], row[3], row[4] = RatePercent(g.Agreement, g.N), g.KappaText(),
				RatePercent(g.Leniency, g.WrongN), RatePercent(g.Strictness, g.RightN), g.TauText()
		}
	}
	if len(rows) == 0 {
		return nil
	}
	var header []string
	var align tw.Alignment
	for _, col := range cols {
		header, align = append(header, col.header), append(align, tw.AlignLeft)
	}
	header = append(header, "Exam-taker", "n", "True", "Judged", "Agreement", "κ", "Lenient", "Strict", "τ (95% CI)")
	align = append(align, tw.AlignLeft, tw.AlignRight, tw.AlignRight,
		tw.AlignRight, tw.AlignRight, tw.AlignRight, tw.AlignRight, tw.AlignRight, tw.AlignRight)
	t, escape := newTable(w, f, align)
	for _, r := range rows {
		for i := range len(cols) + 1 {
			r[i] = escape(r[i])
		}
	}
	if _, err := fmt.Fprintln(w); err != nil {
		return err
	}
	note := "Agreement, κ, lenient, strict and τ are the cell's, over every exam-taker's answers (with several, on the row (all)). " + GradingNote(s.Cells)
	if err := renderNotedTable(w, f, t, header, rows, note); err != nil || f == FormatMarkdown {
		return err
	}
	_, err := fmt.Fprintln(w, note)
	return err
}
