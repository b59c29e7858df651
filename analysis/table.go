package analysis

import (
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/mootlab/moot/transcript"
	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/renderer"
	"github.com/olekukonko/tablewriter/tw"
)

// columnNames are the table headers of the grouping fields.
var columnNames = map[string]string{
	FieldProtocol: "Protocol", FieldKind: "Kind", FieldTask: "Task",
	FieldJudge: "Judge", FieldAssignment: "Assignment", FieldRepeat: "Repeat",
	FieldCell: "Cell",
}

// keyFields are the fields that name the cells of s, one column each but
// for the cell of a sweep (see columns).
func keyFields(s Summary) []string {
	if s.By == nil {
		if hasCells(s) {
			return []string{FieldProtocol, FieldCell, FieldTask, FieldJudge}
		}
		return DefaultGroup
	}
	return s.By
}

// hasCells reports whether any cell of s is from a sweep.
func hasCells(s Summary) bool {
	for _, c := range s.Cells {
		if c.Cell != "" {
			return true
		}
	}
	return false
}

// column is one key column of a table.
type column struct {
	header string
	value  func(Cell) string
}

// columns are the key columns of the table of s: one per field, but a
// sweep's cell is one column per axis, headed by the axis's name, so that
// a table reads along an axis.
func columns(s Summary) []column {
	var out []column
	for _, f := range keyFields(s) {
		switch {
		case f == FieldCell && s.Sweep != nil && len(s.Sweep.Axes) > 0:
			for _, ax := range s.Sweep.Axes {
				out = append(out, column{ax.Name, func(c Cell) string { return transcript.CellValue(c.Cell, ax.Name) }})
			}
		case isAxisField(f):
			out = append(out, column{f, func(c Cell) string { return transcript.CellValue(c.Cell, f) }})
		default:
			out = append(out, column{columnNames[f], func(c Cell) string { return keyValue(c, f) }})
		}
	}
	return out
}

// keyValue is the value of field in c.
func keyValue(c Cell, field string) string {
	if p := c.keyField(field); p != nil {
		return *p
	}
	if field == FieldRepeat && c.Repeat != nil {
		return strconv.Itoa(*c.Repeat)
	}
	return ""
}

// keyField is the text field of c that field names, for keyValue to read
// and setLabel to write; nil for the repeat, a number, and for any other.
func (c *Cell) keyField(field string) *string {
	switch field {
	case FieldProtocol:
		return &c.Protocol
	case FieldKind:
		return &c.Kind
	case FieldCell:
		return &c.Cell
	case FieldTask:
		return &c.Task
	case FieldJudge:
		return &c.Judge
	case FieldAssignment:
		return &c.Assignment
	}
	return nil
}

// tableLayout returns the header and alignment of the table of s.
func tableLayout(s Summary) ([]string, tw.Alignment) {
	var header []string
	var align tw.Alignment
	for _, col := range columns(s) {
		header = append(header, col.header)
		align = append(align, tw.AlignLeft)
	}
	header = append(header, "n", "Accuracy", "95% CI", "Notes")
	align = append(align, tw.AlignRight, tw.AlignRight, tw.AlignRight, tw.AlignLeft)
	return header, align
}

// newText returns a terminal table with ASCII box drawing.
func newText(w io.Writer, align tw.Alignment) *tablewriter.Table {
	return tablewriter.NewTable(w,
		tablewriter.WithRenderer(renderer.NewBlueprint(tw.Rendition{Symbols: tw.NewSymbols(tw.StyleASCII)})),
		tablewriter.WithHeaderAutoFormat(tw.Off),
		tablewriter.WithAlignment(align),
	)
}

// newMarkdown returns a Markdown table.
func newMarkdown(w io.Writer, align tw.Alignment) *tablewriter.Table {
	return tablewriter.NewTable(w,
		tablewriter.WithRenderer(renderer.NewMarkdown()),
		tablewriter.WithHeaderAutoFormat(tw.Off),
		tablewriter.WithAlignment(align),
	)
}

// WriteText writes s as a terminal table with ASCII box drawing.
func WriteText(w io.Writer, s Summary) error {
	if s.Replicated() {
		return WriteReplicates(w, s.Replicates, FormatText)
	}
	header, align := tableLayout(s)
	return renderTable(newText(w, align), header, tableRows(s, nil))
}

// writeMarkdownTables writes s as a Markdown table followed by a line that
// names the interval methods (see MethodNote), and what follows the cells.
func writeMarkdownTables(w io.Writer, s Summary) error {
	if s.Replicated() {
		if err := WriteReplicates(w, s.Replicates, FormatMarkdown); err != nil {
			return err
		}
		if _, err := fmt.Fprintf(w, "\n%s\n", ReplicateNote(s.Replicates)); err != nil {
			return err
		}
		if s.Partial != "" {
			if _, err := fmt.Fprintf(w, "\n**Partial run** (%s): the tables cover the seeds played, and the episodes each finished.\n", s.Partial); err != nil {
				return err
			}
		}
		return writeShardNote(w, s)
	}
	header, align := tableLayout(s)
	if err := renderTable(newMarkdown(w, align), header, tableRows(s, escapeMarkdown)); err != nil {
		return err
	}
	// The blank line ends the table: in GitHub Markdown a line right after
	// a table is read as one more row.
	if _, err := fmt.Fprintf(w, "\n%s\n", MethodNote(s)); err != nil {
		return err
	}
	if s.Partial != "" {
		if _, err := fmt.Fprintf(w, "\n**Partial run** (%s): the cells hold only the episodes it finished.\n", s.Partial); err != nil {
			return err
		}
	}
	if err := writeShardNote(w, s); err != nil {
		return err
	}
	if err := WriteGrading(w, s, FormatMarkdown); err != nil {
		return err
	}
	return WriteAfterCells(w, s, FormatMarkdown)
}

// WriteAfterCells writes what follows a run's cells, as text or
// markdown: the paired comparisons, those left uncompared, a sweep's
// lines along each axis (as a replicated run's table and the terminal
// show them) and the debaters' Elo ratings, each with its note (a
// markdown table writes its own but for the sweep lines'; as text the
// note follows the table).
func WriteAfterCells(w io.Writer, s Summary, f Format) error {
	noted := func(write func(io.Writer, Summary, Format) error, note string) error {
		if _, err := fmt.Fprintln(w); err != nil {
			return err
		}
		if err := write(w, s, f); err != nil || f != FormatText {
			return err
		}
		_, err := fmt.Fprintln(w, note)
		return err
	}
	if len(s.Comparisons) > 0 {
		if err := noted(WriteComparisons, ComparisonNote(s.Comparisons)); err != nil {
			return err
		}
	}
	if len(s.Uncompared) > 0 {
		lead := ""
		if f == FormatMarkdown {
			lead = "\n" // a paragraph of its own
		}
		if _, err := fmt.Fprintf(w, "%s%s\n", lead, UncomparedNote(s.Uncompared)); err != nil {
			return err
		}
	}
	if s.Sweep != nil && len(s.Sweep.Lines) > 0 {
		if err := noted(WriteSweepLines, sweepLinesNote(s)); err != nil {
			return err
		}
		if f == FormatMarkdown {
			if _, err := fmt.Fprintf(w, "\nSweep lines: %s\n", sweepLinesNote(s)); err != nil {
				return err
			}
		}
	}
	if len(s.Elo) > 0 {
		return noted(WriteElo, EloNote(s.Elo, s.EloGrouped))
	}
	return nil
}

// MethodNote is the sentence that says how the intervals of s were made,
// e.g. "CI: 95%, bootstrap over questions (2000 resamples); breakdowns:
// Wilson.". Tables mark cells with a Wilson interval "Wilson CI" in their
// notes when s mixes methods.
func MethodNote(s Summary) string {
	m := methodsUsed(s)
	var named []string
	if m.boot {
		named = append(named, fmt.Sprintf("bootstrap over questions (%d resamples)", Resamples))
	}
	if m.groups && len(named) > 0 {
		named[0] += GroupsNote
	}
	if m.wilsonQ {
		named = append(named, "Wilson score over questions")
	}
	if m.wilson {
		named = append(named, "Wilson score")
	}
	var b strings.Builder
	b.WriteString("CI: 95%")
	for i, n := range named {
		b.WriteString(", " + n)
		if i > 0 {
			b.WriteString(" where noted")
		}
	}
	switch {
	case m.partsByQuestion && m.groups:
		b.WriteString("; breakdowns: Wilson, or as the cells, where a question has several episodes in one or shares a group")
	case m.partsByQuestion:
		b.WriteString("; breakdowns: Wilson, or as the cells, over questions, where a question has several episodes in one")
	case m.parts:
		b.WriteString("; breakdowns: Wilson")
	}
	b.WriteString(".")
	return b.String()
}

// methods are the interval methods the cells of a summary show.
type methods struct{ boot, wilson, wilsonQ, parts, partsByQuestion, groups bool }

// GroupsNote follows the name of a method over questions where some
// questions share a group (transcript.Episode.Group).
const GroupsNote = " (the questions of a group drawn together)"

// mixed reports whether the cells show more than one method, so that
// each cell not bootstrapped is marked.
func (m methods) mixed() bool {
	n := 0
	for _, b := range []bool{m.boot, m.wilson, m.wilsonQ} {
		if b {
			n++
		}
	}
	return n > 1
}

// methodsUsed reports which interval methods the cells of s show; a cell
// with n = 0 shows no interval.
func methodsUsed(s Summary) methods {
	var m methods
	for _, c := range s.Cells {
		if c.N == 0 {
			continue
		}
		switch c.CIMethod {
		case MethodBootstrap:
			m.boot = true
		case MethodWilson:
			m.wilson = true
		case MethodWilsonQuestions:
			m.wilsonQ = true
		}
		m.parts = m.parts || len(c.Breakdown) > 0
		m.groups = m.groups || c.Groups > 1
		m.partsByQuestion = m.partsByQuestion || slices.ContainsFunc(c.Breakdown, func(p Part) bool { return p.CIMethod != "" && p.CIMethod != MethodWilson }) // "": a summary written before parts named Wilson
	}
	return m
}

func renderTable(t *tablewriter.Table, header []string, rows [][]string) error {
	t.Header(header)
	if err := t.Bulk(rows); err != nil {
		return err
	}
	return t.Render()
}

// renderNotedTable renders the table t and, in Markdown, note below it.
func renderNotedTable(w io.Writer, f Format, t *tablewriter.Table, header []string, rows [][]string, note string) error {
	if err := renderTable(t, header, rows); err != nil {
		return err
	}
	if f == FormatMarkdown {
		_, err := fmt.Fprintf(w, "\n%s\n", note)
		return err
	}
	return nil
}

// tableRows formats the cells of s for WriteText and WriteMarkdown; escape,
// if not nil, is applied to every free-text field.
func tableRows(s Summary, escape func(string) string) [][]string {
	if escape == nil {
		escape = func(s string) string { return s }
	}
	mixed := methodsUsed(s).mixed()
	cols := columns(s)
	rows := make([][]string, 0, len(s.Cells))
	for _, c := range s.Cells {
		acc, ci := "n/a", "n/a"
		if c.N > 0 {
			acc = CountPercent(c.Correct, c.N, c.Accuracy)
			ci = fmt.Sprintf("[%.1f, %.1f]", 100*c.CILow, 100*c.CIHigh)
		}
		var notes []string
		for _, p := range c.Breakdown {
			v := "n/a"
			if p.N > 0 {
				v = CountPercent(p.Correct, p.N, p.Accuracy)
			}
			notes = append(notes, escape(p.Assignment)+" "+v)
		}
		if p := c.Position; p != nil {
			notes = append(notes, fmt.Sprintf("consistent %.0f%%", 100*p.Consistency))
			if pref := p.FirstSlotPreference; pref != nil { // nil: none parsed, no preference, where 0% would read as B's
				notes = append(notes, fmt.Sprintf("A-pref %.0f%%", 100**pref))
			}
			for _, r := range p.PairAccuracy {
				if r.Rule == RuleSwapAverage {
					notes = append(notes, "swap-avg "+percent(r.Accuracy))
				}
			}
		}
		if k := c.Calibration; k != nil {
			if parsed := c.N - c.Unparsed; k.N < parsed {
				// Over the verdicts with a probability alone: said, where
				// the ECE would pass for the cell's.
				notes = append(notes, fmt.Sprintf("ECE %.3f (%d of %d verdicts)", k.ECE, k.N, parsed))
			} else {
				notes = append(notes, fmt.Sprintf("ECE %.3f", k.ECE))
			}
		}
		if len(c.ByRound) > 0 {
			notes = append(notes, "by round: "+byRoundNote(c.ByRound))
		}
		notes = append(notes, gradingNotes(c)...)
		if c.JudgeTime != nil {
			notes = append(notes, timeNote(c.JudgeTime))
		}
		if c.Unparsed > 0 {
			notes = append(notes, fmt.Sprintf("unparsed %d", c.Unparsed))
		}
		if c.Failed > 0 {
			notes = append(notes, fmt.Sprintf("failed %d", c.Failed))
		}
		if mixed && c.N > 0 {
			switch c.CIMethod {
			case MethodWilson:
				notes = append(notes, "Wilson CI")
			case MethodWilsonQuestions:
				notes = append(notes, "Wilson CI over questions")
			}
		}
		var row []string
		for _, col := range cols {
			row = append(row, escape(col.value(c)))
		}
		rows = append(rows, append(row, strconv.Itoa(c.N), acc, ci, strings.Join(notes, " · ")))
	}
	return rows
}

// byRoundNote writes the accuracy after each round,
// "1: 71.0% → 2: 76.5% → 3: 80.0%".
func byRoundNote(points []RoundPoint) string {
	parts := make([]string, len(points))
	for i, p := range points {
		v := "n/a"
		if p.N > 0 {
			v = CountPercent(p.Correct, p.N, p.Accuracy)
		}
		parts[i] = strconv.Itoa(p.Round) + ": " + v
	}
	return strings.Join(parts, " → ")
}

func percent(x float64) string {
	return fmt.Sprintf("%.1f%%", 100*x)
}

// Points is x, a difference of shares, as the tables print it: in points,
// signed, to one place. One that rounds to zero reads +0.0, never -0.0 (a
// mean of differences a hair below zero, as floats sum them). Not for an
// interval's bounds, whose sign says on which side of 0 it lies.
func Points(x float64) string {
	if s := fmt.Sprintf("%+.1f", 100*x); s != "-0.0" {
		return s
	}
	return "+0.0"
}

// CountPercent is an accuracy of correct in n as a table shows it, from
// the counts themselves: the summary's accuracy is rounded to 4 places,
// and rounding that again to 1 place of a percent may round twice
// (23/34 = 67.647%: 0.6765, then 67.7%). With no counts (n 0), the
// rounded accuracy.
func CountPercent(correct, n int, rounded float64) string {
	if n > 0 {
		return percent(float64(correct) / float64(n))
	}
	return percent(rounded)
}

// escapeMarkdown keeps a label from breaking a Markdown table row.
func escapeMarkdown(s string) string {
	return strings.ReplaceAll(s, "|", `\|`)
}
