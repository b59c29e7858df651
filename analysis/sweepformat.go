package analysis

import (
	"fmt"
	"io"
	"slices"
	"strconv"

	"github.com/mootlab/moot/transcript"

	"github.com/olekukonko/tablewriter/tw"
)

// WriteSweepLines writes, for a sweep, the judge accuracy of each protocol
// along each axis (pooled over the other axes) and, per line, the paired
// change from the axis's first value to its last: what the terminal shows
// of a sweep in the place of its whole cell table, and table.md after it
// (WriteAfterCells). Text or Markdown.
func WriteSweepLines(w io.Writer, s Summary, f Format) error {
	if s.Sweep == nil {
		return nil
	}
	most := mostPoints(s.Sweep.Lines, func(l SweepLine) int { return len(l.Points) })
	header, align := sweepLineHeader(most, "Δ last−first", "95% CI", "p", "p Holm", "questions")
	t, escape := newTable(w, f, align)
	var rows [][]string
	for _, l := range s.Sweep.Lines {
		row := sweepLineRow(escape, l.Axis, l.Protocol, l.Task, l.Judge)
		for i := range most {
			cell := ""
			if i < len(l.Points) {
				p := l.Points[i]
				if p.N == 0 { // every episode failed: no accuracy
					row = append(row, escape(p.Value)+": n/a")
					continue
				}
				cell = fmt.Sprintf("%s: %s [%.1f, %.1f] n=%d", escape(p.Value), CountPercent(p.Correct, p.N, p.Accuracy), 100*p.CILow, 100*p.CIHigh, p.N)
			}
			row = append(row, cell)
		}
		if c := l.Contrast; c != nil {
			row = append(row, Points(SweepDelta(s, l)), c.CIText(), c.PValueText(), c.PHolmText(), strconv.Itoa(c.Questions))
		} else {
			row = append(row, "", "", "", "", "")
		}
		rows = append(rows, row)
	}
	return renderTable(t, header, rows)
}

// sweepLineHeader is the header and alignment of a table of the lines:
// each line's axis, protocol, task and judge, a column for each value up
// to the most points a line has (most: not an axis's values, which lines
// of runs pooled by moot table may each hold some of), then tail,
// right-aligned.
func sweepLineHeader(most int, tail ...string) (header []string, align tw.Alignment) {
	header = []string{"Axis", "Protocol", "Task", "Judge"}
	align = tw.Alignment{tw.AlignLeft, tw.AlignLeft, tw.AlignLeft, tw.AlignLeft}
	for i := range most {
		header = append(header, "value "+strconv.Itoa(i+1))
		align = append(align, tw.AlignRight)
	}
	for _, h := range tail {
		header = append(header, h)
		align = append(align, tw.AlignRight)
	}
	return header, align
}

// mostPoints is the most points any of the lines has (points of each).
func mostPoints[L any](lines []L, points func(L) int) int {
	most := 0
	for _, l := range lines {
		most = max(most, points(l))
	}
	return most
}

// sweepLineRow begins a line's row: its axis, protocol, task and judge,
// "(swept)" where the sweep varies the judge.
func sweepLineRow(escape func(string) string, axis, protocol, task, judge string) []string {
	if judge == "" {
		judge = "(swept)"
	}
	return []string{escape(axis), escape(protocol), escape(task), escape(judge)}
}

// SweepNote says what the sweep lines are.
func SweepNote(s Summary) string {
	shared := ""
	if slices.ContainsFunc(s.Cells, func(c Cell) bool { return c.Cell == "" }) {
		shared = "Protocols no axis touches are played once, for every cell: the table above. "
	}
	if s.Sweep != nil && slices.ContainsFunc(s.Cells, func(c Cell) bool {
		return c.Cell != "" && len(transcript.ParseCell(c.Cell)) < len(s.Sweep.Axes)
	}) {
		shared += "A protocol that only some axes touch is played once for each combination of theirs, in a cell named by them alone, and has no line along the others. "
	}
	return sweepLinesNote(s) + " " + shared + "Every cell: table.md, moot run --cells, or moot table RUN."
}

// sweepLinesNote says what the sweep lines of s are (WriteSweepLines).
func sweepLinesNote(s Summary) string {
	var contrasts []Paired
	grouped := false
	if s.Sweep != nil {
		for _, l := range s.Sweep.Lines {
			if l.Contrast != nil {
				contrasts = append(contrasts, *l.Contrast)
				grouped = grouped || l.Contrast.Groups > 1
			}
			grouped = grouped || slices.ContainsFunc(l.Points, func(p SweepPoint) bool { return p.Groups > 1 })
		}
	}
	note := "Each value pools the other axes' cells; accuracy [95% CI] n. " +
		"Δ: the axis's last value against its first, paired by question over the questions judged at both (bootstrap CI, permutation p" +
		holmNote(len(contrasts), "line's contrast", "lines' contrasts") + ")."
	if grouped {
		note += pairedGroupsNote
	}
	return note + markNotes(contrasts)
}
