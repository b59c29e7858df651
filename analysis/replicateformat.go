package analysis

import (
	"encoding/csv"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/olekukonko/tablewriter/tw"

	"github.com/mootlab/moot/internal/noun"
	"github.com/mootlab/moot/transcript"
)

// ReplicateNote says what the replicate tables are.
func ReplicateNote(rs *ReplicateSummary) string {
	drawn := "seeds and questions drawn independently"
	if rs.Grouped {
		drawn += ", the questions of a group together"
	}
	note := fmt.Sprintf("%s (%s). Mean, SD and range of the replicates' accuracy; "+
		"95%% CI of the mean: %s where each replicate has questions of its own (Student t over the replicates), "+
		"%s where they share questions (%s, %d resamples). "+
		"Comparisons: Δ = B − A; p: the t test of the replicates' Δ against 0 where each has questions of its own and their Δ differ, "+
		"else the paired permutation test over the seeds' questions together (%d relabellings; at one seed, that seed's own); "+
		"p Holm: p adjusted by Holm's step-down method over the comparisons across seeds (a sweep's line contrasts apart), "+
		"so that the chance of any false difference among those with p Holm < 0.05 is at most 5%%; "+
		"and in how many replicates its own paired 95%% CI lies above or below 0.",
		noun.Count(len(rs.Played()), "replicate"), rs.seedsText(), MethodReplicatesT, MethodReplicatesCrossed, drawn, Resamples, Permutations) +
		replicateJudgingNote(rs) + replicateEloNote(rs.Elo, rs.Grouped)
	if rs.Sweep != nil {
		note += " Sweep lines: each value pools the other axes' cells in each replicate; their mean over seeds [95% CI]; " +
			"Δ: the axis's last value against its first, paired by question in each replicate, over the seeds."
	}
	marked := slices.ContainsFunc(rs.Cells, func(c ReplicateCell) bool { return fallback(c.CIMethod) }) ||
		slices.ContainsFunc(rs.Comparisons, func(c ReplicateComparison) bool { return fallback(c.CIMethod) }) ||
		rs.Sweep.marked()
	if marked {
		note += " ‡: every seed, and every resample, gave one value, or there is one seed; the CI is then " +
			"that of the seeds' questions pooled, as for one run (its method in summary.json's ci_method; docs/statistics.md)."
	}
	if slices.ContainsFunc(rs.Comparisons, ReplicateComparison.Disagrees) || rs.Sweep.disagrees() {
		note += " †: the CI and the p-value disagree on whether Δ is 0, as they can where the seeds share questions " +
			"(the crossed bootstrap draws the questions anew and errs wide, the permutation test holds them fixed) or at one seed (as a run's can)."
	}
	return note
}

// Played are the seeds of rs whose logs hold episodes, in the order of
// Seeds: the replicates its rows count (Seeds less Empty).
func (rs *ReplicateSummary) Played() []uint64 {
	if len(rs.Empty) == 0 {
		return rs.Seeds
	}
	var out []uint64
	for _, s := range rs.Seeds {
		if !slices.Contains(rs.Empty, s) {
			out = append(out, s)
		}
	}
	return out
}

// Heading says how many replicates rs holds, as its page's heading says
// it: the seeds with episodes (Played), and how many have none yet, where
// some have none ("1 replicate (1 seed with no episodes yet)").
func (rs *ReplicateSummary) Heading() string {
	h := noun.Count(len(rs.Played()), "replicate")
	if len(rs.Empty) > 0 {
		h += " (" + rs.emptyCount() + ")"
	}
	return h
}

// seedsText names the seeds of rs, as its note does: those with episodes
// ("seeds 7, 9"), then those with none yet, where some have none.
func (rs *ReplicateSummary) seedsText() string {
	var parts []string
	if played := rs.Played(); len(played) > 0 {
		parts = append(parts, "seeds "+seedList(played))
	}
	if len(rs.Empty) > 0 {
		parts = append(parts, rs.emptyCount()+": "+seedList(rs.Empty))
	}
	return strings.Join(parts, "; ")
}

// emptyCount says how many seeds of rs have no episodes yet ("1 seed
// with no episodes yet").
func (rs *ReplicateSummary) emptyCount() string {
	return noun.Count(len(rs.Empty), "seed") + " with no episodes yet"
}

// fallback says whether a replicate interval's method is not one of the
// two over seeds, and so is marked ‡ in the tables.
func fallback(method string) bool {
	return method != MethodReplicatesT && method != MethodReplicatesCrossed
}

// ReplicateCIText is a replicate interval as the tables print it, in points
// (signed for a difference), marked ‡ where ReplicateNote says.
func ReplicateCIText(lo, hi float64, method string, signed bool) string {
	t := fmt.Sprintf("[%.1f, %.1f]", 100*lo, 100*hi)
	if signed {
		t = fmt.Sprintf("[%+.1f, %+.1f]", 100*lo, 100*hi)
	}
	return t + fallbackMark(method)
}

// fallbackMark is " ‡" after an interval over seeds made by method where
// it is the fallback (fallback: one seed, or every seed one value), else
// nothing.
func fallbackMark(method string) string {
	if fallback(method) {
		return " ‡"
	}
	return ""
}

func seedList(seeds []uint64) string {
	if len(seeds) > 4 {
		return fmt.Sprintf("%d, %d, … %d", seeds[0], seeds[1], seeds[len(seeds)-1])
	}
	s := ""
	for i, x := range seeds {
		if i > 0 {
			s += ", "
		}
		s += strconv.FormatUint(x, 10)
	}
	return s
}

// WriteReplicates writes a replicate summary's cells, comparisons and
// judge-study figures (ReplicateJudgingTables) as text or Markdown tables,
// and its phase maps (PhaseMaps) if it has any.
func WriteReplicates(w io.Writer, rs *ReplicateSummary, f Format) error {
	cells := false
	for _, c := range rs.Cells {
		cells = cells || c.Cell != ""
	}
	header := []string{"Protocol", "Task", "Judge", "Seeds", "Mean", "SD", "Range", "95% CI", "n"}
	align := tw.Alignment{tw.AlignLeft, tw.AlignLeft, tw.AlignLeft, tw.AlignRight, tw.AlignRight, tw.AlignRight, tw.AlignRight, tw.AlignRight, tw.AlignRight}
	if cells {
		header = append(header[:1], append([]string{"Cell"}, header[1:]...)...)
		align = append(align[:1], append(tw.Alignment{tw.AlignLeft}, align[1:]...)...)
	}
	t, escape := newTable(w, f, align)
	var rows [][]string
	for _, c := range rs.Cells {
		row := []string{escape(c.Protocol), escape(c.Task), escape(c.JudgeText()), strconv.Itoa(c.Replicates),
			percent(c.Mean), sdText(c.SD, c.Replicates, func(x float64) string { return fmt.Sprintf("%.1f", 100*x) }), fmt.Sprintf("%.1f–%.1f", 100*c.Min, 100*c.Max),
			ReplicateCIText(c.CILow, c.CIHigh, c.CIMethod, false), strconv.Itoa(c.N)}
		if cells {
			row = append(row[:1], append([]string{escape(c.Cell)}, row[1:]...)...)
		}
		rows = append(rows, row)
	}
	if err := renderTable(t, header, rows); err != nil {
		return err
	}
	if err := writeReplicateComparisons(w, rs, f); err != nil {
		return err
	}
	if err := writeReplicateJudging(w, rs, f); err != nil {
		return err
	}
	if err := writeReplicateSweep(w, rs.Sweep, f); err != nil {
		return err
	}
	if len(rs.Elo) > 0 {
		if _, err := fmt.Fprintln(w); err != nil {
			return err
		}
		if err := writeReplicateElo(w, rs.Elo, f); err != nil {
			return err
		}
	}
	// A sweep of two parameters (or one over several tasks) is also drawn
	// as phase maps: where each comparison holds, fails or reverses.
	if maps := PhaseMaps(rs); len(maps) > 0 {
		if _, err := fmt.Fprintln(w); err != nil {
			return err
		}
		return WritePhaseMaps(w, maps, f)
	}
	return nil
}

// writeReplicateComparisons writes the replicates' comparisons, if any.
func writeReplicateComparisons(w io.Writer, rs *ReplicateSummary, f Format) error {
	if len(rs.Comparisons) == 0 {
		return nil
	}
	if _, err := fmt.Fprintln(w); err != nil {
		return err
	}
	header := []string{"Task", "Judge", "A", "B", "Seeds", "Δ B−A", "SD", "95% CI", "p", "p Holm", "above 0", "below 0"}
	align := tw.Alignment{tw.AlignLeft, tw.AlignLeft, tw.AlignLeft, tw.AlignLeft, tw.AlignRight, tw.AlignRight, tw.AlignRight, tw.AlignRight, tw.AlignRight, tw.AlignRight, tw.AlignRight, tw.AlignRight}
	t, escape := newTable(w, f, align)
	var rows [][]string
	for _, c := range rs.Comparisons {
		rows = append(rows, []string{escape(c.A.Task), escape(c.A.Judge), escape(rs.LabelOf(c.A)), escape(rs.LabelOf(c.B)),
			strconv.Itoa(c.Replicates), Points(c.Mean), sdText(c.SD, c.Replicates, func(x float64) string { return fmt.Sprintf("%.1f", 100*x) }),
			ReplicateCIText(c.CILow, c.CIHigh, c.CIMethod, true), c.PValueText(), c.PHolmText(),
			fmt.Sprintf("%d of %d", c.Higher, c.Replicates), fmt.Sprintf("%d of %d", c.Lower, c.Replicates)})
	}
	return renderTable(t, header, rows)
}

// WriteReplicatesCSV writes a replicate summary's cells as CSV, one row a
// cell, with each replicate's accuracy in a column of its seed, and, for a
// sweep, each axis's value in a column of its own, as a run's table.csv
// has them (empty where the axis does not touch the cell's protocol).
func WriteReplicatesCSV(w io.Writer, rs *ReplicateSummary) error {
	cw := csv.NewWriter(w)
	header := []string{"protocol", "kind", "cell", "task", "judge", "replicates", "mean", "sd", "min", "max", "ci_low", "ci_high", "ci_method", "n"}
	// A reference column only where a cell is an upper bound, so that
	// other runs' CSV keeps the columns it always had.
	gold := slices.ContainsFunc(rs.Cells, func(c ReplicateCell) bool { return c.UpperBound })
	if gold {
		header = append(header, "reference")
	}
	judging, judgingHeader := replicateJudgingColumns(rs)
	header = append(header, judgingHeader...)
	position, positionHeader := replicatePositionColumns(rs)
	header = append(header, positionHeader...)
	calibration, calibrationHeader := replicateCalibrationColumns(rs)
	header = append(header, calibrationHeader...)
	for _, s := range rs.Seeds {
		header = append(header, "seed_"+strconv.FormatUint(s, 10))
	}
	var axes []SweepAxis
	if rs.Sweep != nil {
		axes = rs.Sweep.Axes
	}
	for _, ax := range axes {
		header = append(header, ax.Name)
	}
	rows := [][]string{header}
	four := ftoa // as summary.json has them: four places, as round4 rounds
	for _, c := range rs.Cells {
		sd := "" // undefined over one replicate
		if c.Replicates > 1 {
			sd = four(c.SD)
		}
		row := []string{c.Protocol, c.Kind, c.Cell, c.Task, c.Judge, strconv.Itoa(c.Replicates), four(c.Mean), sd,
			four(c.Min), four(c.Max), four(c.CILow), four(c.CIHigh), c.CIMethod, strconv.Itoa(c.N)}
		if gold {
			ref := ""
			if c.UpperBound {
				ref = "gold" + MarkUpperBound
			}
			row = append(row, ref)
		}
		row = append(row, judging(c)...)
		row = append(row, position(c)...)
		row = append(row, calibration(c)...)
		// A cell that not every seed has names its seeds (Seeds);
		// the others' columns are empty.
		seeds := c.Seeds
		if seeds == nil {
			seeds = rs.Seeds
		}
		for _, s := range rs.Seeds {
			v := ""
			if i := slices.Index(seeds, s); i >= 0 && i < len(c.Accuracy) {
				v = four(c.Accuracy[i])
			}
			row = append(row, v)
		}
		for _, ax := range axes {
			row = append(row, transcript.CellValue(c.Cell, ax.Name))
		}
		rows = append(rows, row)
	}
	return cw.WriteAll(rows)
}

// sdText is an SD over replicates as a table writes it: "n/a" for one
// replicate, over which it is undefined (summary.json keeps 0).
func sdText(sd float64, replicates int, format func(float64) string) string {
	if replicates < 2 {
		return "n/a"
	}
	return format(sd)
}
