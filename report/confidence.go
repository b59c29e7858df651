package report

import (
	"html/template"
	"image/color"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/mootlab/moot/analysis"
	"github.com/mootlab/moot/transcript"
)

// confidenceBins is the number of equal-width bins of the judge's
// probability for its answer in the confidence histogram.
const confidenceBins = 20

// confidenceCounts counts, per protocol, the judge's probability for the
// answer it chose, apart for correct and incorrect verdicts.
type confidenceCounts struct {
	protocols orderedSet
	counts    map[string]*[2][confidenceBins]int // [incorrect, correct]
}

// add counts ep if it has a parsed verdict with a probability in (0, 1].
func (c *confidenceCounts) add(ep *transcript.Episode) {
	p := ep.Verdict.Probability
	if ep.Error != "" || ep.Verdict.Answer == transcript.Unparsed || !(p > 0 && p <= 1) {
		return
	}
	if c.counts == nil {
		c.counts = map[string]*[2][confidenceBins]int{}
	}
	h := c.counts[ep.Protocol]
	if h == nil {
		h = &[2][confidenceBins]int{}
		c.counts[ep.Protocol] = h
		c.protocols.add(ep.Protocol)
	}
	k := 0
	if ep.Correct {
		k = 1
	}
	h[k][analysis.ProbabilityBin(p, confidenceBins)]++
}

// outcomeColors draw incorrect and correct verdicts.
var outcomeColors = [2]color.Color{color.RGBA{0xb3, 0x26, 0x1e, 0xff}, color.RGBA{0x1d, 0x7a, 0x3a, 0xff}}

// panelTitleWidth is the most runes a line of a panel's title holds: a
// longer name is wrapped rather than run into the next panel's.
const panelTitleWidth = 34

// confidencePlot draws, for each protocol in a panel of its own, the share
// of correct and of incorrect verdicts in each bin of the judge's
// probability for its answer. It is "" when no verdict had a probability.
func confidencePlot(c *confidenceCounts) (template.HTML, error) {
	names := c.protocols.values
	if len(names) == 0 {
		return "", nil
	}
	cols := min(len(names), 3)
	rows := (len(names) + cols - 1) / cols
	grid := make([][]*plot.Plot, rows)
	for r := range grid {
		grid[r] = make([]*plot.Plot, cols)
	}
	for i, name := range names {
		p := plot.New()
		useSansFonts(p)
		p.Title.Text = wrapLabel(plotLabel(name), panelTitleWidth)
		p.X.Label.Text = "confidence in the chosen answer"
		p.Y.Label.Text = "share of verdicts"
		p.X.Min, p.X.Max, p.Y.Min = 0, 1, 0
		p.X.Tick.Marker = percentTicks{}
		p.Add(plotter.NewGrid())
		p.Legend.Top = true
		p.Legend.Left = true
		p.Legend.TextStyle.Font = sansFont(p.Legend.TextStyle.Font)
		h := c.counts[name]
		top := 0.0 // the highest share drawn
		for k, label := range []string{"incorrect", "correct"} {
			n := 0
			for _, v := range h[k] {
				n += v
			}
			if n == 0 {
				continue
			}
			// A step line over the bins, closed at both ends.
			var xys plotter.XYs
			for b, v := range h[k] {
				lo, hi := float64(b)/confidenceBins, float64(b+1)/confidenceBins
				y := float64(v) / float64(n)
				top = max(top, y)
				xys = append(xys, plotter.XY{X: lo, Y: y}, plotter.XY{X: hi, Y: y})
			}
			line, err := plotter.NewLine(xys)
			if err != nil {
				return "", err
			}
			line.Color = outcomeColors[k]
			line.Width = vg.Points(1.5)
			if k == 0 {
				line.Dashes = []vg.Length{vg.Points(4), vg.Points(2)}
			}
			p.Add(line)
			p.Legend.Add(label+" (n="+thousands(n)+")", line)
		}
		// Room above the highest bin for the legend, which would
		// otherwise sit on the lines.
		p.Y.Max = 1.45 * top
		p.Y.Tick.Marker = shareTicks{}
		grid[i/cols][i%cols] = p
	}
	w := vg.Length(cols) * 3.4 * vg.Inch
	h := vg.Length(rows) * 2.8 * vg.Inch
	return svgHTML(w, h, func(dc draw.Canvas) {
		tiles := draw.Tiles{Rows: rows, Cols: cols, PadX: vg.Points(10), PadY: vg.Points(10),
			PadTop: vg.Points(4), PadBottom: vg.Points(4), PadLeft: vg.Points(4), PadRight: vg.Points(4)}
		for r := range grid {
			for col, p := range grid[r] {
				if p != nil {
					p.Draw(tiles.At(dc, col, r))
				}
			}
		}
	})
}

// shareTicks are the default ticks of a share, none above 1: the axis
// runs on past the highest bin only to make room for the legend.
type shareTicks struct{}

func (shareTicks) Ticks(lo, hi float64) []plot.Tick {
	var ticks []plot.Tick
	for _, t := range (plot.DefaultTicks{}).Ticks(lo, hi) {
		if t.Value <= 1+1e-9 {
			ticks = append(ticks, t)
		}
	}
	return ticks
}
