package report

import (
	"fmt"
	"html/template"
	"math"
	"sort"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/mootlab/moot/analysis"
)

// sweepPlot is the plot of the judge accuracy along one axis of a sweep
// (on one task, when the sweep has several).
type sweepPlot struct {
	// ID names the figure and its downloads: sweep-plot-1, -2… as the
	// other plots are numbered, from 1.
	ID   string
	Axis string
	Task string // "" when the sweep has one task
	SVG  template.HTML
	// Contrasts state, for each line, the paired change from the axis's
	// first value to its last.
	Contrasts []string
	// paint draws the plot on a canvas of sweepPlotWidth ×
	// sweepPlotHeight, as SVG or as PNG (SweepPNGs).
	paint func(draw.Canvas)
}

// The size of a sweep plot: the plot, and its legend beside it.
const (
	sweepPlotWidth  = reliabilitySide + legendWidth
	sweepPlotHeight = reliabilitySide
)

// SweepPNGs draws the sweep plots of a replicated run's summary (its
// lines across seeds, as its page draws them) as PNG images, one a plot,
// in the page's order; none without a sweep.
func SweepPNGs(sum analysis.Summary) ([][]byte, error) {
	if sum.Replicates == nil {
		return nil, nil
	}
	plots, err := replicateSweepPlots(sum.Replicates.Sweep)
	if err != nil {
		return nil, err
	}
	var out [][]byte
	for _, sp := range plots {
		png, err := pngOf(sweepPlotWidth, sweepPlotHeight, sp.paint)
		if err != nil {
			return nil, err
		}
		out = append(out, png)
	}
	return out, nil
}

// sweepPlots draws, for each axis of a sweep, the judge accuracy at each of
// its values with 95% error bars, one line per protocol (× task × judge,
// named in full when there are several), pooled over the other axes. An
// axis whose values are all numbers is drawn to scale; another is drawn
// with its values evenly spaced, in file order. contrast states a line's
// change from the first value to the last, under its name in the plot,
// or is "" for none.
func sweepPlots(sw *analysis.SweepSummary, contrast func(l analysis.SweepLine, name string) string) ([]sweepPlot, error) {
	if sw == nil {
		return nil, nil
	}
	var out []sweepPlot
	for _, ax := range sw.Axes {
		var lines []analysis.SweepLine
		tasks, judges := map[string]bool{}, map[string]bool{}
		for _, l := range sw.Lines {
			if l.Axis == ax.Name {
				lines = append(lines, l)
				tasks[l.Task], judges[l.Judge] = true, true
			}
		}
		if len(lines) == 0 {
			continue
		}
		// One plot a task, and a few lines to a plot, so that each line
		// has a colour of its own.
		var facets [][]analysis.SweepLine
		var facetTask []string
		var order orderedSet
		byTask := map[string][]analysis.SweepLine{}
		for _, l := range lines {
			order.add(l.Task)
			byTask[l.Task] = append(byTask[l.Task], l)
		}
		for _, t := range order.values {
			for start := 0; start < len(byTask[t]); start += maxSeries {
				facets = append(facets, byTask[t][start:min(start+maxSeries, len(byTask[t]))])
				facetTask = append(facetTask, t)
			}
		}
		for fi, lines := range facets {
			task := ""
			if len(tasks) > 1 {
				task = facetTask[fi]
			}
			paint, err := sweepAxisPlot(ax, task, lines, false, len(judges) > 1)
			if err != nil {
				return nil, err
			}
			if paint == nil {
				continue
			}
			svg, err := svgHTML(sweepPlotWidth, sweepPlotHeight, paint)
			if err != nil {
				return nil, err
			}
			sp := sweepPlot{ID: fmt.Sprintf("sweep-plot-%d", len(out)+1), Axis: ax.Name, Task: task, SVG: svg, paint: paint}
			for _, l := range lines {
				if text := contrast(l, lineName(l, false, len(judges) > 1)); text != "" {
					sp.Contrasts = append(sp.Contrasts, text)
				}
			}
			out = append(out, sp)
		}
	}
	return out, nil
}

// pairedContrast states a line contrast of sum's sweep: the change, its
// paired bootstrap interval, its permutation p and its questions.
func pairedContrast(sum analysis.Summary) func(analysis.SweepLine, string) string {
	return func(l analysis.SweepLine, name string) string {
		c := l.Contrast
		if c == nil || c.Questions == 0 {
			return ""
		}
		return fmt.Sprintf("%s: %s pp %s, p %s, p Holm %s (%d questions)",
			name, analysis.Points(analysis.SweepDelta(sum, l)), c.CIText(), c.PValueText(), c.PHolmText(), c.Questions)
	}
}

// replicateSweepPlots draws a replicated sweep's lines as a run's are
// drawn, each point the mean over seeds with its 95% interval, and states
// each line's contrast over the seeds.
func replicateSweepPlots(rs *analysis.ReplicateSweep) ([]sweepPlot, error) {
	if rs == nil {
		return nil, nil
	}
	sw := &analysis.SweepSummary{Axes: rs.Axes}
	type key struct{ axis, protocol, task, judge string }
	contrasts := map[key]*analysis.ReplicateComparison{}
	for _, l := range rs.Lines {
		line := analysis.SweepLine{LineOf: l.LineOf}
		for _, p := range l.Points {
			line.Points = append(line.Points, analysis.SweepPoint{Value: p.Value, Cells: p.Cells, N: p.N, Accuracy: p.Mean, Interval: p.Interval})
		}
		sw.Lines = append(sw.Lines, line)
		contrasts[key{l.Axis, l.Protocol, l.Task, l.Judge}] = l.Contrast
	}
	return sweepPlots(sw, func(l analysis.SweepLine, name string) string {
		c := contrasts[key{l.Axis, l.Protocol, l.Task, l.Judge}]
		if c == nil {
			return ""
		}
		return fmt.Sprintf("%s: %s pp %s, p %s, p Holm %s over %d seeds, its own CI above 0 in %d and below 0 in %d",
			name, analysis.Points(c.Mean), analysis.ReplicateCIText(c.CILow, c.CIHigh, c.CIMethod, true), c.PValueText(), c.PHolmText(),
			c.Replicates, c.Higher, c.Lower)
	})
}

// lineName names a sweep line by its protocol, and its task and judge when
// the plot has lines of several.
func lineName(l analysis.SweepLine, byTask, byJudge bool) string {
	name := l.Protocol
	if byTask {
		name += " · " + l.Task
	}
	if byJudge {
		name += " · " + l.Judge
	}
	return name
}

// sweepAxisPlot is what draws the judge accuracy of lines along the axis
// ax, one line each with its 95% intervals; nil when no line has a point.
func sweepAxisPlot(ax analysis.SweepAxis, task string, lines []analysis.SweepLine, byTask, byJudge bool) (func(draw.Canvas), error) {
	xs, numeric := axisPositions(ax)
	title := "Judge accuracy along " + plotLabel(ax.Name) + " (95% CI)"
	if task != "" {
		title = "Judge accuracy on " + plotLabel(task) + " along " + plotLabel(ax.Name)
	}
	p := newAccuracyPlot(title, plotLabel(ax.Name), "judge accuracy")
	if !numeric {
		var ticks []plot.Tick
		for i, v := range ax.Values {
			ticks = append(ticks, plot.Tick{Value: float64(i), Label: plotLabel(v)})
		}
		p.X.Tick.Marker = plot.ConstantTicks(ticks)
	}
	legend := sideLegend()
	drawn := 0
	for i, l := range lines {
		ok, err := addSweepLine(p, &legend, i, l, xs, legendLabel(&legend, plotLabel(lineName(l, byTask, byJudge)), ""))
		if err != nil {
			return nil, err
		}
		if ok {
			drawn++
		}
	}
	if drawn == 0 {
		return nil, nil
	}
	// Room at the ends so that the error bars of the first and last
	// values are not cut.
	lo, hi := xs[ax.Values[0]], xs[ax.Values[0]]
	for _, x := range xs {
		lo, hi = min(lo, x), max(hi, x)
	}
	pad := (hi - lo) * 0.08
	if pad == 0 {
		pad = 0.5
	}
	p.X.Min, p.X.Max = lo-pad, hi+pad
	return besideLegend(p, &legend), nil
}

// axisPositions is the x of each value of ax: the number itself when all
// are finite numbers (numeric), else its position.
func axisPositions(ax analysis.SweepAxis) (xs map[string]float64, numeric bool) {
	xs = map[string]float64{}
	numeric = true
	for _, v := range ax.Values {
		f, err := strconv.ParseFloat(v, 64)
		if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
			numeric = false
			break
		}
		xs[v] = f
	}
	if !numeric {
		for i, v := range ax.Values {
			xs[v] = float64(i)
		}
	}
	return xs, numeric
}

// addSweepLine adds line l, the i-th, to p and the legend under name, its
// points at xs; it adds nothing and returns false if l has no point with
// episodes.
func addSweepLine(p *plot.Plot, legend *plot.Legend, i int, l analysis.SweepLine, xs map[string]float64, name string) (bool, error) {
	var pts intervals
	for _, pt := range l.Points {
		if pt.N == 0 {
			continue
		}
		pts = append(pts, interval{x: xs[pt.Value], y: pt.Accuracy, low: pt.Accuracy - pt.CILow, high: pt.CIHigh - pt.Accuracy})
	}
	if len(pts) == 0 {
		return false, nil
	}
	return true, addIntervalLine(p, legend, i, pts, name)
}

// addIntervalLine adds pts to p as the i-th line, with its error bars and
// glyphs in colour and shape i, and to the legend under name.
func addIntervalLine(p *plot.Plot, legend *plot.Legend, i int, pts intervals, name string) error {
	// Joined left to right, whatever the order of the values in the
	// experiment file.
	sort.SliceStable(pts, func(a, b int) bool { return pts[a].x < pts[b].x })
	line, dots, err := plotter.NewLinePoints(pts)
	if err != nil {
		return err
	}
	bars, err := plotter.NewYErrorBars(pts)
	if err != nil {
		return err
	}
	c := paletteColor(i)
	line.Color, line.Width = c, vg.Points(1.5)
	dots.GlyphStyle.Color, dots.GlyphStyle.Shape, dots.GlyphStyle.Radius = c, paletteShape(i), vg.Points(3)
	bars.Color, bars.Width, bars.CapWidth = c, vg.Points(1), vg.Points(6)
	p.Add(line, bars, dots)
	legend.Add(name, line, dots)
	return nil
}
