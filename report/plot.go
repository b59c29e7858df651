package report

import (
	"bytes"
	"fmt"
	"html/template"
	"image/color"
	"strings"
	"unicode"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"

	"github.com/mootlab/moot/analysis"
)

// Plot sizes.
const (
	plotWidth       = 7.5 * vg.Inch
	plotRowHeight   = 0.32 * vg.Inch
	plotMinHeight   = 2.2 * vg.Inch
	reliabilitySide = 5 * vg.Inch
	legendWidth     = 2.4 * vg.Inch
	maxLabelRunes   = 200
	// labelWidth is where a long label is wrapped.
	labelWidth = 44
	// legendRunes is where a legend's label is wrapped at the most; it
	// is wrapped shorter where its font needs (legendLabel).
	legendRunes = 30
)

var (
	inkColor   = color.RGBA{R: 0x1f, G: 0x4e, B: 0x8c, A: 0xff}
	guideColor = color.RGBA{R: 0x99, G: 0x99, B: 0x99, A: 0xff}
)

// accuracyPlot draws one row per cell with n > 0, named by label: the
// judge accuracy as a point with its 95% interval as error bars, and a
// dashed line at chance. It returns "" when no cell has an episode.
func accuracyPlot(title string, cells []analysis.Cell, label func(analysis.Cell) string) (template.HTML, error) {
	var shown []analysis.Cell
	for _, c := range cells {
		if c.N > 0 {
			shown = append(shown, c)
		}
	}
	if len(shown) == 0 {
		return "", nil
	}
	p := plot.New()
	useSansFonts(p)
	p.Title.Text = title
	p.X.Label.Text = "accuracy"
	p.X.Min, p.X.Max = 0, 1
	p.X.Tick.Marker = percentTicks{}
	p.Add(plotter.NewGrid())

	n := len(shown)
	pts, names, lines := accuracyPoints(shown, label)
	chance, err := plotter.NewLine(plotter.XYs{{X: 0.5, Y: -0.5}, {X: 0.5, Y: float64(n) - 0.5}})
	if err != nil {
		return "", err
	}
	chance.Color = guideColor
	chance.Dashes = []vg.Length{vg.Points(4), vg.Points(3)}
	bars, err := plotter.NewXErrorBars(pts)
	if err != nil {
		return "", err
	}
	bars.Color = inkColor
	bars.Width = vg.Points(1.5)
	bars.CapWidth = vg.Points(8)
	dots, err := plotter.NewScatter(pts)
	if err != nil {
		return "", err
	}
	dots.GlyphStyle.Color = inkColor
	dots.GlyphStyle.Shape = draw.CircleGlyph{}
	dots.GlyphStyle.Radius = vg.Points(3.5)
	p.Add(chance, bars, dots)
	p.NominalY(names...)
	p.Y.Min, p.Y.Max = -0.6, float64(n)-0.4

	h := max(plotMinHeight, vg.Length(n)*plotRowHeight*vg.Length(max(1, (lines+1)/2))+1.2*vg.Inch)
	return svgHTML(plotWidth, h, p.Draw)
}

// reliabilityPlot draws a reliability diagram: per series, the accuracy
// of each confidence bin against the bin's mean confidence, with the
// diagonal of perfect calibration. It returns "" when there is no
// probability.
func reliabilityPlot(title string, series []*calibrationSeries, name func(*calibrationSeries) string) (template.HTML, error) {
	p := newAccuracyPlot(title, "confidence in the chosen answer", "accuracy")
	p.X.Min, p.X.Max = 0, 1
	p.X.Tick.Marker = percentTicks{}
	// The legend goes beside the plot, where it hides no point.
	legend := sideLegend()

	diagonal, err := plotter.NewLine(plotter.XYs{{X: 0, Y: 0}, {X: 1, Y: 1}})
	if err != nil {
		return "", err
	}
	diagonal.Color = guideColor
	diagonal.Dashes = []vg.Length{vg.Points(4), vg.Points(3)}
	p.Add(diagonal)
	legend.Add("perfect calibration", diagonal)

	drawn := 0
	for i, s := range series {
		var xys plotter.XYs
		for _, b := range s.Bins {
			if b.N > 0 {
				xys = append(xys, plotter.XY{X: b.Confidence, Y: b.Accuracy})
			}
		}
		if len(xys) == 0 {
			continue
		}
		line, dots, err := plotter.NewLinePoints(xys)
		if err != nil {
			return "", err
		}
		c := paletteColor(i)
		line.Color = c
		line.Width = vg.Points(1.5)
		dots.GlyphStyle.Color = c
		dots.GlyphStyle.Shape = paletteShape(i)
		dots.GlyphStyle.Radius = vg.Points(3)
		p.Add(line, dots)
		legend.Add(legendLabel(&legend, plotLabel(name(s)), ""), line, dots)
		drawn++
	}
	if drawn == 0 {
		return "", nil
	}
	return svgBeside(p, &legend)
}

// eloPlot draws the judge's accuracy in each debater's debates against the
// debater's aggregate Elo (Khan et al. 2024; Kenton et al. 2024): if
// debate works, stronger debaters make the judge more accurate. It returns
// "" with fewer than two debaters.
func eloPlot(points []analysis.DebaterAccuracy) (template.HTML, error) {
	if len(points) < 2 {
		return "", nil
	}
	p := newAccuracyPlot("Judge accuracy against debater Elo",
		"debater Elo (mean of its correct- and incorrect-side ratings)", "judge accuracy in its debates")
	xys := make(plotter.XYs, len(points))
	labels := make([]string, len(points))
	for i, d := range points {
		xys[i] = plotter.XY{X: d.Elo, Y: d.Accuracy}
		labels[i] = d.Agent
	}
	lo, hi := xys[0].X, xys[0].X
	for _, xy := range xys {
		lo, hi = min(lo, xy.X), max(hi, xy.X)
	}
	p.X.Min, p.X.Max = lo-20, hi+20
	return keyedScatter(p, xys, labels)
}

// reliabilityFigures draws the reliability diagram of the series: one
// figure when there are few, else one a task and protocol (and more where
// one has many series), each series named by what differs within it.
func reliabilityFigures(series []*calibrationSeries) ([]figure, error) {
	const title = "Reliability of the judge's probability (10 bins)"
	if len(series) <= maxSeries {
		svg, err := reliabilityPlot(title, series, func(s *calibrationSeries) string { return s.Name })
		if err != nil || svg == "" {
			return nil, err
		}
		return []figure{{ID: "reliability-plot", SVG: svg}}, nil
	}
	var keys orderedSet
	groups := map[string][]*calibrationSeries{}
	for _, s := range series {
		k := s.Task + " · " + s.Protocol
		keys.add(k)
		groups[k] = append(groups[k], s)
	}
	var out []figure
	for _, k := range keys.values {
		g := groups[k]
		name := seriesNamer(g, false)
		for start := 0; start < len(g); start += maxSeries {
			svg, err := reliabilityPlot("Reliability: "+plotLabel(k), g[start:min(start+maxSeries, len(g))], name)
			if err != nil {
				return nil, err
			}
			if svg != "" {
				out = append(out, figure{ID: fmt.Sprintf("reliability-plot-%d", len(out)+1), Title: k, SVG: svg})
			}
		}
	}
	return out, nil
}

// svgHTML paints a w × h canvas and returns it as inline SVG. It is the one place where the page marks
// a value as trusted HTML: the SVG is generated by gonum from numbers and
// labels that went through plotLabel, and gonum's SVG canvas escapes text
// again with html.EscapeString.
func svgHTML(w, h vg.Length, paint func(draw.Canvas)) (template.HTML, error) {
	c := vgsvg.New(w, h)
	paint(draw.New(c))
	var buf bytes.Buffer
	if _, err := c.WriteTo(&buf); err != nil {
		return "", err
	}
	svg := buf.String()
	// Drop the XML declaration and comment before the element: inline in
	// HTML they are noise.
	i := strings.Index(svg, "<svg")
	if i < 0 {
		return "", fmt.Errorf("report: gonum wrote no <svg> element")
	}
	return template.HTML(svg[i:]), nil
}

// pngOf is what paint draws on a canvas of w × h, as a PNG image at 110
// dots an inch: a figure for a paper, beside the page's SVG.
func pngOf(w, h vg.Length, paint func(draw.Canvas)) ([]byte, error) {
	c := vgimg.PngCanvas{Canvas: vgimg.NewWith(vgimg.UseWH(w, h), vgimg.UseDPI(110))}
	paint(draw.New(c))
	var buf bytes.Buffer
	if _, err := c.WriteTo(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// plotLabel reduces an experiment-defined name to a safe set of characters
// before it is drawn: letters, digits, spaces and a few punctuation marks.
// Anything else becomes "_", and long names are shortened.
func plotLabel(s string) string {
	var b strings.Builder
	n := 0
	for _, r := range s {
		if n == maxLabelRunes {
			b.WriteString("…")
			break
		}
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
		case r == ' ' || strings.ContainsRune("-_.,:/()+#·×%=[]*", r): // * of a sweep's agents.*.<setting>
		case unicode.IsSpace(r):
			r = ' '
		default:
			r = '_'
		}
		b.WriteRune(r)
		n++
	}
	return b.String()
}

// newAccuracyPlot returns a plot in the report's fonts with a grid, the
// title and axis labels given, and a Y axis of judge accuracy from 0 to 1
// marked in percent.
func newAccuracyPlot(title, xLabel, yLabel string) *plot.Plot {
	p := plot.New()
	useSansFonts(p)
	p.Title.Text = title
	p.X.Label.Text = xLabel
	p.Y.Label.Text = yLabel
	p.Y.Min, p.Y.Max = 0, 1
	p.Y.Tick.Marker = percentTicks{}
	p.Add(plotter.NewGrid())
	return p
}

// useSansFonts sets every text of p in Liberation Sans, which browsers
// without it draw in a metric-compatible Arial or Helvetica.
func useSansFonts(p *plot.Plot) {
	sans := sansFont
	p.Title.TextStyle.Font = sans(p.Title.TextStyle.Font)
	p.Title.Padding = vg.Points(8)
	for _, a := range []*plot.Axis{&p.X, &p.Y} {
		a.Label.TextStyle.Font = sans(a.Label.TextStyle.Font)
		a.Tick.Label.Font = sans(a.Tick.Label.Font)
	}
	p.Legend.TextStyle.Font = sans(p.Legend.TextStyle.Font)
}

// sideLegend is a legend in the report's font, to be drawn beside a plot
// (besideLegend).
func sideLegend() plot.Legend {
	legend := plot.NewLegend()
	legend.TextStyle.Font = sansFont(legend.TextStyle.Font)
	legend.Top, legend.Left = true, true
	legend.XOffs = vg.Points(12)
	legend.Padding = vg.Points(3)
	return legend
}

// besideLegend paints p in a square reliabilitySide wide and legend (a
// sideLegend) in the legendWidth to its right.
func besideLegend(p *plot.Plot, legend *plot.Legend) func(draw.Canvas) {
	return func(c draw.Canvas) {
		p.Draw(draw.Crop(c, 0, -legendWidth, 0, 0))
		legend.Draw(draw.Crop(c, reliabilitySide, 0, 0, -vg.Points(30)))
	}
}

// svgBeside is p and its legend (besideLegend) as an inline SVG.
func svgBeside(p *plot.Plot, legend *plot.Legend) (template.HTML, error) {
	return svgHTML(reliabilitySide+legendWidth, reliabilitySide, besideLegend(p, legend))
}

func sansFont(f font.Font) font.Font {
	f.Typeface, f.Variant = "Liberation", "Sans"
	return f
}

// accuracyPoints are the points of the accuracy plot of shown, the
// first cell at the top, as in the table (y n−1, the last at 0), each
// with its 95% interval as distances below and above it; names are the
// rows' labels, from the bottom row up (the y axis's order), and lines
// the most lines a wrapped label takes.
func accuracyPoints(shown []analysis.Cell, label func(analysis.Cell) string) (pts intervals, names []string, lines int) {
	n := len(shown)
	pts = make(intervals, n)
	names = make([]string, n)
	for i, c := range shown {
		y := float64(n - 1 - i)
		pts[i] = interval{x: c.Accuracy, y: y, low: c.Accuracy - c.CILow, high: c.CIHigh - c.Accuracy}
		names[n-1-i] = wrapLabel(plotLabel(label(c)), labelWidth)
		lines = max(lines, strings.Count(names[n-1-i], "\n")+1)
	}
	return pts, names, lines
}

// interval is a point with an asymmetric error bar, horizontal in
// XErrorBars and vertical in YErrorBars; low and high are distances from x
// or y.
type interval struct{ x, y, low, high float64 }

type intervals []interval

func (s intervals) Len() int                        { return len(s) }
func (s intervals) XY(i int) (float64, float64)     { return s[i].x, s[i].y }
func (s intervals) XError(i int) (float64, float64) { return s[i].low, s[i].high }
func (s intervals) YError(i int) (float64, float64) { return s[i].low, s[i].high }

// percentTicks labels the unit interval in steps of 10%, every other one
// with a label.
type percentTicks struct{}

func (percentTicks) Ticks(lo, hi float64) []plot.Tick {
	var ticks []plot.Tick
	for i := 0; i <= 10; i++ {
		x := float64(i) / 10
		if x < lo-1e-9 || x > hi+1e-9 {
			continue
		}
		label := ""
		if i%2 == 0 {
			label = fmt.Sprintf("%d%%", i*10)
		}
		ticks = append(ticks, plot.Tick{Value: x, Label: label})
	}
	return ticks
}
