package analysis

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/renderer"
	"github.com/olekukonko/tablewriter/tw"
)

var (
	tableHeader = []string{"Protocol", "Task", "Judge", "n", "Accuracy", "95% CI", "Notes"}
	tableAlign  = tw.Alignment{tw.AlignLeft, tw.AlignLeft, tw.AlignLeft, tw.AlignRight, tw.AlignRight, tw.AlignRight, tw.AlignLeft}
)

// WriteText writes s as a terminal table with ASCII box drawing.
func WriteText(w io.Writer, s Summary) error {
	t := tablewriter.NewTable(w,
		tablewriter.WithRenderer(renderer.NewBlueprint(tw.Rendition{Symbols: tw.NewSymbols(tw.StyleASCII)})),
		tablewriter.WithHeaderAutoFormat(tw.Off),
		tablewriter.WithAlignment(tableAlign),
	)
	return renderTable(t, tableRows(s, nil))
}

// WriteMarkdown writes s as a Markdown table followed by a line that names
// the interval methods (see MethodNote).
func WriteMarkdown(w io.Writer, s Summary) error {
	t := tablewriter.NewTable(w,
		tablewriter.WithRenderer(renderer.NewMarkdown()),
		tablewriter.WithHeaderAutoFormat(tw.Off),
		tablewriter.WithAlignment(tableAlign),
	)
	if err := renderTable(t, tableRows(s, escapeMarkdown)); err != nil {
		return err
	}
	// The blank line ends the table: in GitHub Markdown a line right after
	// a table is read as one more row.
	_, err := fmt.Fprintf(w, "\n%s\n", MethodNote(s))
	return err
}

// WriteCSV writes s as CSV with a header row, one row per cell (empty
// assignment) followed by one row per breakdown part. A part has no
// unparsed or failed counts of its own; those fields are empty.
func WriteCSV(w io.Writer, s Summary) error {
	cw := csv.NewWriter(w)
	header := []string{"protocol", "kind", "task", "judge", "assignment", "n", "correct",
		"unparsed", "failed", "accuracy", "ci_low", "ci_high", "ci_method"}
	if err := cw.Write(header); err != nil {
		return err
	}
	itoa, ftoa := strconv.Itoa, func(x float64) string { return strconv.FormatFloat(x, 'f', 4, 64) }
	for _, c := range s.Cells {
		row := []string{c.Protocol, c.Kind, c.Task, c.Judge, "", itoa(c.N), itoa(c.Correct),
			itoa(c.Unparsed), itoa(c.Failed), ftoa(c.Accuracy), ftoa(c.CILow), ftoa(c.CIHigh), c.CIMethod}
		if err := cw.Write(row); err != nil {
			return err
		}
		for _, p := range c.Breakdown {
			row := []string{c.Protocol, c.Kind, c.Task, c.Judge, p.Assignment, itoa(p.N), itoa(p.Correct),
				"", "", ftoa(p.Accuracy), ftoa(p.CILow), ftoa(p.CIHigh), MethodWilson}
			if err := cw.Write(row); err != nil {
				return err
			}
		}
	}
	cw.Flush()
	return cw.Error()
}

// MethodNote is the sentence that says how the intervals of s were made,
// e.g. "CI: 95%, bootstrap over questions (2000 resamples); breakdowns:
// Wilson.". Tables mark cells with a Wilson interval "Wilson CI" in their
// notes when s mixes methods.
func MethodNote(s Summary) string {
	boot, wilson, parts := methodsUsed(s)
	bootText := fmt.Sprintf("bootstrap over questions (%d resamples)", Resamples)
	var b strings.Builder
	b.WriteString("CI: 95%")
	switch {
	case boot && wilson:
		b.WriteString(", " + bootText + ", Wilson score where noted")
	case boot:
		b.WriteString(", " + bootText)
	case wilson:
		b.WriteString(", Wilson score")
	}
	if parts {
		b.WriteString("; breakdowns: Wilson")
	}
	b.WriteString(".")
	return b.String()
}

// methodsUsed reports which interval methods the cells of s show; a cell
// with n = 0 shows no interval.
func methodsUsed(s Summary) (boot, wilson, parts bool) {
	for _, c := range s.Cells {
		if c.N == 0 {
			continue
		}
		switch c.CIMethod {
		case MethodBootstrap:
			boot = true
		case MethodWilson:
			wilson = true
		}
		parts = parts || len(c.Breakdown) > 0
	}
	return boot, wilson, parts
}

func renderTable(t *tablewriter.Table, rows [][]string) error {
	t.Header(tableHeader)
	if err := t.Bulk(rows); err != nil {
		return err
	}
	return t.Render()
}

// tableRows formats the cells of s for WriteText and WriteMarkdown; escape,
// if not nil, is applied to every free-text field.
func tableRows(s Summary, escape func(string) string) [][]string {
	if escape == nil {
		escape = func(s string) string { return s }
	}
	boot, wilson, _ := methodsUsed(s)
	mixed := boot && wilson
	rows := make([][]string, 0, len(s.Cells))
	for _, c := range s.Cells {
		acc, ci := "n/a", "n/a"
		if c.N > 0 {
			acc = percent(c.Accuracy)
			ci = fmt.Sprintf("[%.1f, %.1f]", 100*c.CILow, 100*c.CIHigh)
		}
		var notes []string
		for _, p := range c.Breakdown {
			v := "n/a"
			if p.N > 0 {
				v = percent(p.Accuracy)
			}
			notes = append(notes, escape(p.Assignment)+" "+v)
		}
		if c.Unparsed > 0 {
			notes = append(notes, fmt.Sprintf("unparsed %d", c.Unparsed))
		}
		if c.Failed > 0 {
			notes = append(notes, fmt.Sprintf("failed %d", c.Failed))
		}
		if mixed && c.N > 0 && c.CIMethod == MethodWilson {
			notes = append(notes, "Wilson CI")
		}
		rows = append(rows, []string{escape(c.Protocol), escape(c.Task), escape(c.Judge),
			strconv.Itoa(c.N), acc, ci, strings.Join(notes, " · ")})
	}
	return rows
}

func percent(x float64) string {
	return fmt.Sprintf("%.1f%%", 100*x)
}

// escapeMarkdown keeps a label from breaking a Markdown table row.
func escapeMarkdown(s string) string {
	return strings.ReplaceAll(s, "|", `\|`)
}
