package main

import (
	"fmt"
	"io"
	"slices"

	"github.com/mootlab/moot/analysis"
)

// printSummary prints a run's tables, comparisons and Elo ratings. A
// sweep's terminal shows, unless cells, the protocols played once for all
// cells and the accuracy along each axis with its contrast; its whole cell
// table and comparisons are in table.md (with the lines too) and
// summary.json.
func printSummary(out io.Writer, sum analysis.Summary, cells bool) error {
	err := printTables(out, sum, cells)
	if err == nil && sum.Partial != "" {
		fmt.Fprintf(out, "\nPartial run (%s): the cells hold only the episodes it finished.\n", sum.Partial)
	}
	return err
}

// printTables prints what printSummary does but for the partial mark,
// and, of a shard's run, that its cells hold the shard's questions alone.
func printTables(out io.Writer, sum analysis.Summary, cells bool) error {
	err := printCellTables(out, sum, cells)
	if note := analysis.ShardNote(sum).String(); err == nil && note != "" {
		fmt.Fprintf(out, "\n%s\n", note)
	}
	return err
}

// printCellTables prints the tables printTables does.
func printCellTables(out io.Writer, sum analysis.Summary, cells bool) error {
	if sum.Sweep != nil && !cells {
		if err := printSweep(out, sum); err != nil {
			return err
		}
		return printElo(out, sum, analysis.FormatText)
	}
	if err := analysis.WriteText(out, sum); err != nil {
		return err
	}
	fmt.Fprintln(out, analysis.MethodNote(sum))
	if err := analysis.WriteGrading(out, sum, analysis.FormatText); err != nil {
		return err
	}
	return analysis.WriteAfterCells(out, sum, analysis.FormatText)
}

// printElo prints the run's Elo ratings, if it has any, as text or
// markdown (which has its note).
func printElo(out io.Writer, sum analysis.Summary, f analysis.Format) error {
	if len(sum.Elo) > 0 {
		fmt.Fprintln(out)
		if err := analysis.WriteElo(out, sum, f); err != nil {
			return err
		}
		if f == analysis.FormatText {
			fmt.Fprintln(out, analysis.EloNote(sum.Elo, sum.EloGrouped))
		}
	}
	return nil
}

// printSweep prints a sweep's shared protocols and its lines.
func printSweep(out io.Writer, sum analysis.Summary) error {
	shared := sum
	shared.Cells = slices.DeleteFunc(slices.Clone(sum.Cells), func(c analysis.Cell) bool { return c.Cell != "" })
	if len(shared.Cells) > 0 {
		if err := analysis.WriteText(out, shared); err != nil {
			return err
		}
		fmt.Fprintln(out, analysis.MethodNote(sum))
		fmt.Fprintln(out)
	}
	if err := analysis.WriteSweepLines(out, sum, analysis.FormatText); err != nil {
		return err
	}
	fmt.Fprintln(out, analysis.SweepNote(sum))
	return nil
}
