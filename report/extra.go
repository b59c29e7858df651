package report

import (
	"cmp"
	"encoding/json"
	"fmt"
	"html/template"
	"math"
	"strconv"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"

	"github.com/mootlab/moot/analysis"
)

// costPlot draws each protocol's judge accuracy, pooled over its cells,
// against its listed cost per episode (what its calls cost made afresh). It is "" with a note when no protocol has
// a cost (the simulated agents have no price).
func costPlot(sum analysis.Summary, episodes map[string]int) (template.HTML, string, error) {
	xys, labels, free := costPoints(sum, episodes)
	if len(xys) == 0 {
		return "", "No accuracy-against-cost plot: every protocol's usage cost is $0 (simulated agents, or endpoints without prices).", nil
	}
	note := ""
	if len(free) > 0 {
		// A protocol left off the plot is named, not silently missing.
		note = "Not on the accuracy-against-cost plot, its usage cost $0 (simulated agents, or endpoints without prices): " + strings.Join(free, ", ") + "."
	}
	p := newAccuracyPlot("Judge accuracy against cost per episode", "cost per episode (USD)", "judge accuracy")
	p.X.Min = 0
	svg, err := keyedScatter(p, xys, labels)
	return svg, note, err
}

// costPoints are the points of the accuracy-against-cost plot, one a
// protocol with a cost: its listed cost per episode (episodes counts them
// all, failed ones included) against its judge accuracy; labels name
// them, free the protocols left off for a cost of $0.
func costPoints(sum analysis.Summary, episodes map[string]int) (xys plotter.XYs, labels, free []string) {
	var protocols orderedSet
	n, correct := map[string]int{}, map[string]int{}
	for _, c := range sum.Cells {
		protocols.add(c.Protocol)
		n[c.Protocol] += c.N
		correct[c.Protocol] += c.Correct
	}
	for _, p := range protocols.values {
		// The listed cost, not what this run paid: a rerun through the
		// cache costs nothing, and would move the point.
		u, ok := sum.Usage.ByProtocol[p]
		cost := cmp.Or(u.ListCostUSD, u.CostUSD)
		if n[p] == 0 || episodes[p] == 0 {
			continue
		}
		if !ok || cost <= 0 {
			free = append(free, p)
			continue
		}
		xys = append(xys, plotter.XY{X: cost / float64(episodes[p]), Y: float64(correct[p]) / float64(n[p])})
		labels = append(labels, p)
	}
	return xys, labels, free
}

// keyedScatter draws xys on p, each point numbered, with a key beside the
// plot from number to label: long or close names cannot overprint.
func keyedScatter(p *plot.Plot, xys plotter.XYs, labels []string) (template.HTML, error) {
	legend := sideLegend()
	nums := make([]string, len(xys))
	for i := range xys {
		dots, err := plotter.NewScatter(xys[i : i+1])
		if err != nil {
			return "", err
		}
		dots.GlyphStyle.Color = paletteColor(i)
		dots.GlyphStyle.Shape = paletteShape(i)
		dots.GlyphStyle.Radius = vg.Points(4)
		p.Add(dots)
		nums[i] = fmt.Sprint(i + 1)
		legend.Add(legendLabel(&legend, plotLabel(labels[i]), fmt.Sprintf("%d  ", i+1)), dots)
	}
	names, err := plotter.NewLabels(plotter.XYLabels{XYs: xys, Labels: nums})
	if err != nil {
		return "", err
	}
	for i := range names.TextStyle {
		names.TextStyle[i].Font = sansFont(names.TextStyle[i].Font)
		names.TextStyle[i].Font.Size = vg.Points(9)
	}
	names.Offset = vg.Point{X: vg.Points(5), Y: vg.Points(3)}
	p.Add(names)
	return svgBeside(p, &legend)
}

// roundPoint is the judge accuracy after one round of a cell, as
// summary.json's cells carry it in by_round (read here through its JSON,
// so that a cell without the field draws no figure).
type roundPoint = analysis.RoundPoint

type roundCell struct {
	Protocol string       `json:"protocol"`
	Cell     string       `json:"cell"`
	Task     string       `json:"task"`
	Judge    string       `json:"judge"`
	ByRound  []roundPoint `json:"by_round"`
	label    string
}

// roundCells reads the by_round field of the summary's cells, where there
// is one.
func roundCells(sum analysis.Summary) ([]roundCell, error) {
	data, err := json.Marshal(sum.Cells)
	if err != nil {
		return nil, err
	}
	var cells []roundCell
	if err := json.Unmarshal(data, &cells); err != nil {
		return nil, err
	}
	var out []roundCell
	for _, c := range cells {
		if len(c.ByRound) > 0 {
			out = append(out, c)
		}
	}
	return out, nil
}

// roundFigures draws the judge accuracy after each round, one line a cell
// with its 95% intervals, one figure a task; none when the summary's cells
// have no by_round.
func roundFigures(sum analysis.Summary) ([]figure, error) {
	cells, err := roundCells(sum)
	if err != nil || len(cells) == 0 {
		return nil, err
	}
	return roundPlots(cells)
}

// roundPlots draws roundFigures' plots of cells that have by_round.
func roundPlots(cells []roundCell) ([]figure, error) {
	var tasks, judges orderedSet
	for _, c := range cells {
		tasks.add(c.Task)
		judges.add(c.Judge)
	}
	var out []figure
	for ti, task := range tasks.values {
		var lines []roundCell
		for _, c := range cells {
			if c.Task == task {
				c.label = withCell(c.Protocol, c.Cell)
				if len(judges.values) > 1 {
					c.label += " · " + c.Judge
				}
				lines = append(lines, c)
			}
		}
		// A few lines to a plot, so that each has a colour of its own.
		for start := 0; start < len(lines); start += maxSeries {
			group := lines[start:min(start+maxSeries, len(lines))]
			p := newAccuracyPlot("Judge accuracy after each round on "+plotLabel(task), "round", "judge accuracy")
			// Rounds are whole: no tick at round 1.5 between two.
			p.X.Tick.Marker = roundTicks{}
			legend := sideLegend()
			for i, c := range group {
				var pts intervals
				for _, r := range c.ByRound {
					if r.N > 0 {
						pts = append(pts, interval{x: float64(r.Round), y: r.Accuracy, low: r.Accuracy - r.CILow, high: r.CIHigh - r.Accuracy})
					}
				}
				if len(pts) == 0 {
					continue
				}
				if err := addIntervalLine(p, &legend, i, pts, legendLabel(&legend, plotLabel(c.label), "")); err != nil {
					return nil, err
				}
			}
			svg, err := svgBeside(p, &legend)
			if err != nil {
				return nil, err
			}
			out = append(out, figure{ID: fmt.Sprintf("rounds-plot-%d-%d", ti+1, start/maxSeries+1), Title: task, SVG: svg})
		}
	}
	return out, nil
}

// roundTicks marks the whole rounds between an axis's ends, every one up
// to 10 of them and every few beyond; the default ticks of an axis from
// round 1 to 2 read 1.0, 1.5, 2.0, a round that does not exist.
type roundTicks struct{}

func (roundTicks) Ticks(lo, hi float64) []plot.Tick {
	first, last := int(math.Ceil(lo)), int(math.Floor(hi))
	step := max(1, (last-first+9)/10)
	var ticks []plot.Tick
	for r := first; r <= last; r += step {
		ticks = append(ticks, plot.Tick{Value: float64(r), Label: strconv.Itoa(r)})
	}
	return ticks
}
