package report

import (
	"fmt"
	"image/color"
	"math"
	"strings"

	"gonum.org/v1/plot"
	gopalette "gonum.org/v1/plot/palette"
	"gonum.org/v1/plot/palette/moreland"
	"gonum.org/v1/plot/plotter"
	plottext "gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/mootlab/moot/analysis"
)

// The size of a phase plot, and the colour steps of its heat map.
const (
	phaseWidth   = 5.5 * vg.Inch
	phaseHeight  = 4.5 * vg.Inch
	phaseColours = 64
)

// phaseGlyphs mark a point's status: a filled disc where the finding
// holds, a ring where it fails, a cross where it reverses.
var phaseGlyphs = map[string]draw.GlyphDrawer{
	analysis.PhaseHolds:    draw.CircleGlyph{},
	analysis.PhaseFails:    draw.RingGlyph{},
	analysis.PhaseReverses: draw.CrossGlyph{},
}

// phaseGrid is a phase map as gonum's heat map reads it: column c is the
// X axis's value c, row r the Y axis's value r; a point not compared is
// NaN.
type phaseGrid struct{ m analysis.PhaseMap }

func (g phaseGrid) Dims() (c, r int)   { return len(g.m.XValues), len(g.m.YValues) }
func (g phaseGrid) X(c int) float64    { return float64(c) }
func (g phaseGrid) Y(r int) float64    { return float64(r) }
func (g phaseGrid) Z(c, r int) float64 { return g.point(c, r).Mean }

func (g phaseGrid) point(c, r int) analysis.PhasePoint {
	p, ok := g.m.Point(g.m.XValues[c], g.m.YValues[r])
	if !ok {
		p.Mean = math.NaN()
	}
	return p
}

// phaseExtent is the half-width of a phase map's colour scale,
// symmetric about 0: the largest |B − A| of its points, at least 5
// points, so that neither a large gain nor a large loss is clipped.
func phaseExtent(m analysis.PhaseMap) float64 {
	extent := 0.05 // the colour scale spans at least ±5 points
	for _, pt := range m.Points {
		extent = max(extent, math.Abs(pt.Mean))
	}
	return extent
}

// phasePlot draws a phase map: a heat map of B − A (blue above 0, red
// below, white at 0, its scale symmetric about 0), each point with its
// value in percentage points and a mark of its status.
func phasePlot(m analysis.PhaseMap) (*plot.Plot, error) {
	p := plot.New()
	useSansFonts(p)
	// plotLabel keeps no minus sign; the title's becomes a hyphen.
	p.Title.Text = plotLabel(strings.ReplaceAll(m.Title(), "−", "-"))
	p.X.Label.Text = plotLabel(m.X)
	p.Y.Label.Text = plotLabel(m.Y)
	g := phaseGrid{m}
	extent := phaseExtent(m)
	cm := moreland.SmoothBlueRed()
	cm.SetMin(-extent)
	cm.SetMax(extent)
	heat := plotter.NewHeatMap(g, gopalette.Reverse(cm).Palette(phaseColours))
	heat.Min, heat.Max = -extent, extent
	heat.NaN = color.White
	p.Add(heat)
	p.X.Tick.Marker = categoryTicks(m.XValues)
	p.Y.Tick.Marker = categoryTicks(m.YValues)

	var xys plotter.XYs
	var labels []string
	for c := range m.XValues {
		for r := range m.YValues {
			pt := g.point(c, r)
			if math.IsNaN(pt.Mean) {
				continue
			}
			marks, err := plotter.NewScatter(plotter.XYs{{X: float64(c), Y: float64(r) + 0.18}})
			if err != nil {
				return nil, err
			}
			marks.GlyphStyle = draw.GlyphStyle{Color: color.Black, Radius: vg.Points(4), Shape: phaseGlyphs[pt.Status]}
			p.Add(marks)
			xys = append(xys, plotter.XY{X: float64(c), Y: float64(r) - 0.15})
			labels = append(labels, analysis.Points(pt.Mean)+" "+pt.Status)
		}
	}
	if len(xys) > 0 {
		l, err := plotter.NewLabels(plotter.XYLabels{XYs: xys, Labels: labels})
		if err != nil {
			return nil, err
		}
		for i := range l.TextStyle {
			l.TextStyle[i] = plottext.Style{Font: sansFont(l.TextStyle[i].Font), Color: color.Black,
				XAlign: draw.XCenter, YAlign: draw.YCenter, Handler: l.TextStyle[i].Handler}
			l.TextStyle[i].Font.Size = vg.Points(8)
		}
		p.Add(l)
	}
	return p, nil
}

// categoryTicks labels positions 0, 1, … with the values of an axis.
func categoryTicks(values []string) plot.ConstantTicks {
	ticks := make(plot.ConstantTicks, len(values))
	for i, v := range values {
		ticks[i] = plot.Tick{Value: float64(i), Label: plotLabel(v)}
	}
	return ticks
}

// phaseFigures draws the phase maps of a replicated run's summary as the
// figures of its page.
func phaseFigures(sum analysis.Summary) ([]figure, error) {
	maps, svgs, err := drawPhaseMaps(sum, svgHTML)
	if err != nil {
		return nil, err
	}
	var out []figure
	for i, m := range maps {
		out = append(out, figure{ID: fmt.Sprintf("phase-%d", i+1), SVG: svgs[i],
			Caption: fmt.Sprintf("%s over %s and %s, pooled over %d seeds: %s", m.Title(), m.X, m.Y, len(sum.Replicates.Played()), phaseCaption)})
	}
	return out, nil
}

// phaseCaption says how to read a phase plot.
const phaseCaption = "colour and number: B − A in judge accuracy (percentage points); " +
	"disc: the finding holds (pooled 95% CI above 0); ring: it fails (the CI includes 0); cross: it reverses (the CI lies below 0)."

// PhasePNGs draws the phase maps of a replicated run's summary as PNG
// images, in the order of analysis.PhaseMaps.
func PhasePNGs(sum analysis.Summary) ([][]byte, error) {
	_, pngs, err := drawPhaseMaps(sum, pngOf)
	return pngs, err
}

// drawPhaseMaps plots each phase map of a replicated run's summary and has
// render draw it (an SVG for the page, a PNG for a file); it returns the
// maps, in the order of analysis.PhaseMaps, and what render made of each.
func drawPhaseMaps[T any](sum analysis.Summary, render func(w, h vg.Length, paint func(draw.Canvas)) (T, error)) ([]analysis.PhaseMap, []T, error) {
	maps := analysis.PhaseMaps(sum.Replicates)
	var out []T
	for _, m := range maps {
		p, err := phasePlot(m)
		if err != nil {
			return nil, nil, err
		}
		img, err := render(phaseWidth, phaseHeight, p.Draw)
		if err != nil {
			return nil, nil, err
		}
		out = append(out, img)
	}
	return maps, out, nil
}
