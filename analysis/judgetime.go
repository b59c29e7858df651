package analysis

import (
	"fmt"
	"math"
	"slices"
	"strconv"

	"github.com/mootlab/moot/transcript"
)

// JudgeTime is how long a person judging took over a verdict (moot
// judge): the wall time from the episode shown to the verdict sent
// (transcript.Message.Seconds), and the part of it the page measured the
// person active (ActiveSeconds), over the cell's finished episodes whose
// judge's verdict message has a time. Agents' messages have none, so a
// cell of agents has no JudgeTime.
type JudgeTime struct {
	Wall TimeStats `json:"wall"`
	// Active is over the verdicts that have an active time; nil where
	// none has (a log written before moot measured it).
	Active *TimeStats `json:"active,omitempty"`
}

// TimeStats describe N times in seconds. The quartiles are of the sorted
// times, linearly interpolated between order statistics (Hyndman and Fan's
// type 7, the default of R's quantile and NumPy's percentile): the median
// of an even count is the mean of the middle two. Human judging times are
// skewed by the odd long one, so the median and the quartiles say more of
// a typical verdict than the mean, which is kept for the total (mean × N).
type TimeStats struct {
	N      int     `json:"n"`
	Median float64 `json:"median"`
	Q1     float64 `json:"q1"`
	Q3     float64 `json:"q3"`
	Mean   float64 `json:"mean"`
}

// judgeTimeTally collects the times of a cell's verdicts, in
// milliseconds, as the records keep them: integers, so that the mean does
// not depend on the order of episodes.
type judgeTimeTally struct {
	wall, active []int64
}

func (t *judgeTimeTally) add(ep *transcript.Episode) {
	i := ep.VerdictMessage()
	if i < 0 || ep.Messages[i].Seconds <= 0 {
		return
	}
	m := &ep.Messages[i]
	t.wall = append(t.wall, millis(m.Seconds))
	if m.ActiveSeconds != nil {
		t.active = append(t.active, millis(*m.ActiveSeconds))
	}
}

func (t *judgeTimeTally) finish() *JudgeTime {
	if len(t.wall) == 0 {
		return nil
	}
	jt := &JudgeTime{Wall: timeStats(t.wall)}
	if len(t.active) > 0 {
		a := timeStats(t.active)
		jt.Active = &a
	}
	return jt
}

func millis(seconds float64) int64 { return int64(math.Round(seconds * 1000)) }

// timeStats describes times given in milliseconds (not empty).
func timeStats(ms []int64) TimeStats {
	s := slices.Clone(ms)
	slices.Sort(s)
	var sum int64
	for _, x := range s {
		sum += x
	}
	return TimeStats{N: len(s), Median: quantile7(s, 0.5), Q1: quantile7(s, 0.25), Q3: quantile7(s, 0.75),
		Mean: float64(sum) / float64(len(s)) / 1000}
}

// quantile7 is the p-quantile, in seconds, of sorted milliseconds:
// Hyndman and Fan's type 7, x[h] interpolated at h = (n−1)p.
func quantile7(sorted []int64, p float64) float64 {
	h := float64(len(sorted)-1) * p
	lo := int(math.Floor(h))
	hi := min(lo+1, len(sorted)-1)
	x := float64(sorted[lo]) + (h-float64(lo))*float64(sorted[hi]-sorted[lo])
	return x / 1000
}

// timeColumns are the CSV columns of a person's judging times: none in a
// run without them, so that its CSV keeps the columns it always had.
// values gives a row's: a cell's own row has them, its parts' rows not;
// a cell without active times leaves those empty.
func timeColumns(s Summary) (values func(c Cell, own bool) []string, header []string) {
	if !slices.ContainsFunc(s.Cells, func(c Cell) bool { return c.JudgeTime != nil }) {
		return func(Cell, bool) []string { return nil }, nil
	}
	header = []string{"timed", "median_seconds", "mean_seconds",
		"timed_active", "median_active_seconds", "q1_active_seconds", "q3_active_seconds", "mean_active_seconds"}
	return func(c Cell, own bool) []string {
		row := make([]string, len(header))
		t := c.JudgeTime
		if !own || t == nil {
			return row
		}
		row[0], row[1], row[2] = strconv.Itoa(t.Wall.N), ftoa(t.Wall.Median), ftoa(t.Wall.Mean)
		if a := t.Active; a != nil {
			row[3], row[4], row[5], row[6], row[7] = strconv.Itoa(a.N), ftoa(a.Median), ftoa(a.Q1), ftoa(a.Q3), ftoa(a.Mean)
		}
		return row
	}, header
}

// timeNote is a cell's judging time in the terminal's notes: the median
// active time a verdict where the page measured it, and the median wall
// time.
func timeNote(t *JudgeTime) string {
	wall := fmt.Sprintf("%.1f s wall", t.Wall.Median)
	if t.Active == nil {
		return "median " + wall
	}
	return fmt.Sprintf("median %.1f s active, %s", t.Active.Median, wall)
}
