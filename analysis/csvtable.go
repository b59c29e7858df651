package analysis

import (
	"encoding/csv"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/mootlab/moot/transcript"
)

// WriteCSV writes s as CSV with a header row, one row per cell followed by
// one row per breakdown part (named in the assignment column). A part has
// no unparsed or failed counts, position or calibration of its own; those
// fields are empty, as are the position and calibration fields of a cell
// without them. When a cell has its accuracy by round, a last column
// "round" is added and the cell's rows are followed by one row per round
// (its ci_method empty: the interval is made as the cell's is). A run
// with graders or references adds their columns, and one with position
// intervals thirteen more, last: the intervals of consistency and of the
// first-slot preference, and the accuracy over pairs under each rule with
// its interval.
func WriteCSV(w io.Writer, s Summary) error {
	if s.Replicated() {
		return WriteReplicatesCSV(w, s.Replicates)
	}
	cw := csv.NewWriter(w)
	header := []string{"protocol", "kind", "task", "judge", "assignment", "n", "correct",
		"unparsed", "failed", "accuracy", "ci_low", "ci_high", "ci_method",
		"repeat", "consistency", "first_slot_preference", "ece", "brier"}
	sweep, sweepHeader := sweepColumns(s)
	header = append(header, sweepHeader...)
	// Accuracy by round adds a last column; runs without it keep theirs.
	rounds := slices.ContainsFunc(s.Cells, func(c Cell) bool { return len(c.ByRound) > 0 })
	if rounds {
		header = append(header, "round")
	}
	// A grader's or a reference's columns come next, then the position
	// intervals, and a person's judging times last, in runs that have them.
	judging, judgingHeader := judgingColumns(s)
	header = append(header, judgingHeader...)
	positions, positionHeader := positionColumns(s)
	header = append(header, positionHeader...)
	times, timeHeader := timeColumns(s)
	header = append(header, timeHeader...)
	withCell := func(row []string, c Cell, round string, own bool) []string {
		row = append(row, sweep(c)...)
		if rounds {
			row = append(row, round)
		}
		return slices.Concat(row, judging(c, own), positions(c, own), times(c, own))
	}
	if err := cw.Write(header); err != nil {
		return err
	}
	itoa := strconv.Itoa
	for _, c := range s.Cells {
		var consistency, firstSlot, ece, brier string
		if p := c.Position; p != nil {
			consistency = ftoa(p.Consistency)
			if pref := p.FirstSlotPreference; pref != nil { // nil: none parsed, no preference
				firstSlot = ftoa(*pref)
			}
		}
		if k := c.Calibration; k != nil {
			ece, brier = ftoa(k.ECE), ftoa(k.Brier)
		}
		row := []string{c.Protocol, c.Kind, c.Task, c.Judge, c.Assignment, itoa(c.N), itoa(c.Correct),
			itoa(c.Unparsed), itoa(c.Failed), rateText(c.Accuracy, c.N), ftoa(c.CILow), ftoa(c.CIHigh), c.CIMethod,
			keyValue(c, FieldRepeat), consistency, firstSlot, ece, brier}
		if err := cw.Write(withCell(row, c, "", true)); err != nil {
			return err
		}
		for _, p := range c.Breakdown {
			if err := cw.Write(withCell(partRow(c, p.Assignment, p.N, p.Correct, p.Accuracy, p.Interval), c, "", false)); err != nil {
				return err
			}
		}
		for _, p := range c.ByRound {
			if err := cw.Write(withCell(partRow(c, c.Assignment, p.N, p.Correct, p.Accuracy, p.Interval), c, itoa(p.Round), false)); err != nil {
				return err
			}
		}
	}
	cw.Flush()
	return cw.Error()
}

// sweepColumns are the CSV columns of a sweep's cells, the cell and one
// for each axis: none in other runs, so that they keep the columns they
// always had.
func sweepColumns(s Summary) (values func(c Cell) []string, header []string) {
	if !hasCells(s) {
		return func(Cell) []string { return nil }, nil
	}
	header = []string{"cell"}
	if s.Sweep != nil {
		for _, ax := range s.Sweep.Axes {
			header = append(header, ax.Name)
		}
	}
	return func(c Cell) []string {
		row := []string{c.Cell}
		for _, ax := range header[1:] {
			row = append(row, transcript.CellValue(c.Cell, ax))
		}
		return row
	}, header
}

// partRow is the row of a part of cell c (a breakdown, a round): its own
// count, accuracy and interval, and none of the cell's judging columns.
func partRow(c Cell, assignment string, n, correct int, acc float64, in Interval) []string {
	return []string{c.Protocol, c.Kind, c.Task, c.Judge, assignment, strconv.Itoa(n), strconv.Itoa(correct),
		"", "", rateText(acc, n), ftoa(in.CILow), ftoa(in.CIHigh), in.CIMethod,
		keyValue(c, FieldRepeat), "", "", "", ""}
}

// positionColumns are the CSV columns of the position intervals
// (Position.ConsistencyCI, FirstSlotCI) and of the accuracy over pairs
// under each rule of pairRules with its interval (PairAccuracy): none in a
// run without them, so that its CSV keeps the columns it always had.
// values gives a row's: a cell's own row has them, its parts' rows not,
// and a rule a cell does not report (swap-average without probabilities)
// leaves its three empty.
func positionColumns(s Summary) (values func(c Cell, own bool) []string, header []string) {
	if !slices.ContainsFunc(s.Cells, func(c Cell) bool { return c.Position != nil && c.Position.ConsistencyCI != nil }) {
		return func(Cell, bool) []string { return nil }, nil
	}
	header = []string{"consistency_ci_low", "consistency_ci_high", "first_slot_preference_ci_low", "first_slot_preference_ci_high"}
	for _, r := range pairRules {
		name := "pair_accuracy_" + strings.ReplaceAll(r, "-", "_")
		header = append(header, name, name+"_ci_low", name+"_ci_high")
	}
	return func(c Cell, own bool) []string {
		row := make([]string, len(header))
		p := c.Position
		if !own || p == nil {
			return row
		}
		for i, ci := range []*Interval{p.ConsistencyCI, p.FirstSlotCI} {
			if ci != nil {
				row[2*i], row[2*i+1] = ftoa(ci.CILow), ftoa(ci.CIHigh)
			}
		}
		for i, r := range p.PairAccuracy { // under pairRules[i]
			at := 4 + 3*i
			row[at] = ftoa(r.Accuracy)
			if r.CI != nil {
				row[at+1], row[at+2] = ftoa(r.CI.CILow), ftoa(r.CI.CIHigh)
			}
		}
		return row
	}, header
}

func ftoa(x float64) string { return strconv.FormatFloat(round4(x), 'f', 4, 64) }
