package analysis

import (
	"fmt"
	"io"

	"github.com/olekukonko/tablewriter/tw"
)

// phaseMarks mark a point's status in the phase tables.
var phaseMarks = map[string]string{PhaseHolds: "✓", PhaseFails: "·", PhaseReverses: "✗"}

// phaseNote says how to read the phase tables.
func phaseNote() string {
	return "Phase maps: each entry is B − A in judge accuracy (percentage points), pooled over the seeds, " +
		"at one point of the sweep; ✓ the finding holds there (its pooled 95% CI lies above 0), " +
		"· it fails (the CI includes 0), ✗ it reverses (the CI lies below 0)."
}

// WritePhaseMaps writes each phase map as a text or Markdown table, one row
// per value of its Y axis and one column per value of its X axis, each
// preceded by its title.
func WritePhaseMaps(w io.Writer, maps []PhaseMap, f Format) error {
	for i, m := range maps {
		if i > 0 {
			if _, err := fmt.Fprintln(w); err != nil {
				return err
			}
		}
		title := fmt.Sprintf("Phase map: %s, by %s (columns) and %s (rows)", m.Title(), m.X, m.Y)
		if f == FormatMarkdown {
			title = "**" + escapeMarkdown(title) + "**\n"
		}
		if _, err := fmt.Fprintln(w, title); err != nil {
			return err
		}
		align := tw.Alignment{tw.AlignLeft}
		header := []string{m.Y + " \\ " + m.X}
		for _, x := range m.XValues {
			header = append(header, x)
			align = append(align, tw.AlignRight)
		}
		t, escape := newTable(w, f, align)
		for i := range header {
			header[i] = escape(header[i])
		}
		var rows [][]string
		for _, y := range m.YValues {
			row := []string{escape(y)}
			for _, x := range m.XValues {
				cell := ""
				if p, ok := m.Point(x, y); ok {
					cell = Points(p.Mean) + " " + phaseMarks[p.Status]
				}
				row = append(row, cell)
			}
			rows = append(rows, row)
		}
		if err := renderTable(t, header, rows); err != nil {
			return err
		}
	}
	if len(maps) == 0 {
		return nil
	}
	_, err := fmt.Fprintf(w, "\n%s\n", phaseNote())
	return err
}
