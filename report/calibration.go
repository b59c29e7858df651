package report

import (
	"fmt"
	"math"
	"strings"

	"github.com/mootlab/moot/analysis"

	"github.com/mootlab/moot/transcript"
)

// calibrationBins is the number of equal-width bins of the judge's
// probability for the answer it chose.
const calibrationBins = 10

// calibrationBin counts the episodes whose chosen-answer probability falls
// in [Low, High) (the last bin includes 1).
type calibrationBin struct {
	Low, High  float64
	N, Correct int
	// Confidence is the mean probability in the bin; Accuracy the share
	// correct. Both are set by finish.
	Confidence, Accuracy float64
	sumConf              float64
}

// calibrationSeries is the calibration of one cell: a judge in a protocol
// on a task (and, in a summary grouped by them, an assignment or repeat).
type calibrationSeries struct {
	Name                        string
	Protocol, Cell, Task, Judge string
	// Extra names the rest of a grouped summary's cell key.
	Extra string
	Bins  [calibrationBins]calibrationBin
	N     int
	// ECE is the expected calibration error over the bins; Brier the mean
	// squared difference between the probability and being correct.
	ECE, Brier float64
	sumSquares float64
}

// calibration accumulates calibration series, one per protocol × task ×
// judge as the summary's cells, over episodes where the judge gave a
// probability.
type calibration struct {
	byKey  map[[4]string]*calibrationSeries
	series []*calibrationSeries
}

// add counts ep if it has a parsed verdict with a probability in (0, 1].
func (c *calibration) add(ep *transcript.Episode) {
	p := ep.Verdict.Probability
	if ep.Error != "" || ep.Verdict.Answer == transcript.Unparsed || !(p > 0 && p <= 1) {
		return
	}
	if c.byKey == nil {
		c.byKey = map[[4]string]*calibrationSeries{}
	}
	k := [4]string{ep.Protocol, ep.Cell, ep.Task, ep.Judge}
	s := c.byKey[k]
	if s == nil {
		s = newCalibrationSeries(ep.Protocol, ep.Task, ep.Judge)
		s.Cell = ep.Cell
		c.byKey[k] = s
		c.series = append(c.series, s)
	}
	b := &s.Bins[analysis.ProbabilityBin(p, calibrationBins)]
	y := 0.0
	if ep.Correct {
		y = 1
		b.Correct++
	}
	b.N++
	b.sumConf += p
	s.N++
	s.sumSquares += (p - y) * (p - y)
}

// finish computes the means, ECE and Brier score of every series and
// names them.
func (c *calibration) finish() []*calibrationSeries {
	for _, s := range c.series {
		s.ECE = 0
		for i := range s.Bins {
			b := &s.Bins[i]
			if b.N == 0 {
				continue
			}
			b.Confidence = b.sumConf / float64(b.N)
			b.Accuracy = float64(b.Correct) / float64(b.N)
			s.ECE += float64(b.N) / float64(s.N) * math.Abs(b.Accuracy-b.Confidence)
		}
		s.Brier = s.sumSquares / float64(s.N)
	}
	nameSeries(c.series)
	return c.series
}

func newCalibrationSeries(protocol, task, judge string) *calibrationSeries {
	s := &calibrationSeries{Protocol: protocol, Task: task, Judge: judge}
	for i := range s.Bins {
		s.Bins[i].Low, s.Bins[i].High = float64(i)/calibrationBins, float64(i+1)/calibrationBins
	}
	return s
}

// calibrationFromCells returns the calibration the summary's cells carry,
// or nil if none does.
func calibrationFromCells(cells []analysis.Cell) []*calibrationSeries {
	var out []*calibrationSeries
	for _, c := range cells {
		k := c.Calibration
		if k == nil || k.N == 0 {
			continue
		}
		s := newCalibrationSeries(c.Protocol, c.Task, c.Judge)
		s.Cell = c.Cell
		var extra []string
		if c.Assignment != "" {
			extra = append(extra, c.Assignment)
		}
		if c.Repeat != nil {
			extra = append(extra, fmt.Sprintf("repeat %d", *c.Repeat))
		}
		s.Extra = strings.Join(extra, " · ")
		s.N, s.ECE, s.Brier = k.N, k.ECE, k.Brier
		for _, kb := range k.Bins {
			i := min(max(int(math.Round(kb.Lo*calibrationBins)), 0), calibrationBins-1)
			b := &s.Bins[i]
			b.N, b.Confidence, b.Accuracy = kb.N, kb.Confidence, kb.Accuracy
		}
		out = append(out, s)
	}
	nameSeries(out)
	return out
}

// nameSeries names each series by its protocol, and by cell, task and
// judge too where those differ between series.
func nameSeries(series []*calibrationSeries) {
	name := seriesNamer(series, true)
	for _, s := range series {
		s.Name = name(s)
	}
}

// seriesNamer names a series among others: by its cell, task and judge
// where those differ between them, then its assignment and repeat; first
// by its protocol if withProtocol, or if nothing else names it.
func seriesNamer(series []*calibrationSeries, withProtocol bool) func(*calibrationSeries) string {
	var tasks, judges, cells orderedSet
	for _, s := range series {
		tasks.add(s.Task)
		judges.add(s.Judge)
		cells.add(s.Cell)
	}
	return func(s *calibrationSeries) string {
		var parts []string
		if withProtocol {
			parts = append(parts, s.Protocol)
		}
		if len(cells.values) > 1 && s.Cell != "" {
			parts = append(parts, s.Cell)
		}
		if len(tasks.values) > 1 {
			parts = append(parts, s.Task)
		}
		if len(judges.values) > 1 {
			parts = append(parts, s.Judge)
		}
		if s.Extra != "" {
			parts = append(parts, s.Extra)
		}
		if len(parts) == 0 {
			return s.Protocol
		}
		return strings.Join(parts, " · ")
	}
}
