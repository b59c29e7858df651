package report

import (
	"fmt"
	"html/template"
	"image/color"
	"strings"
	"unicode/utf8"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// figure is one plot of the page: inline SVG, a caption, and a name for
// the SVG and PNG files the page offers for download.
type figure struct {
	// ID is the figure element's id and, with the page's experiment, the
	// name of its downloads.
	ID      string
	Title   string // the facet's name, shown above the plot; "" for none
	SVG     template.HTML
	Caption string
}

// palette is a set of colours told apart easily (Tableau 10 and two more);
// with the glyph shapes, series i gets paletteColor(i) and shape i % 7.
var palette = []color.RGBA{
	{0x1f, 0x77, 0xb4, 0xff}, {0xff, 0x7f, 0x0e, 0xff}, {0x2c, 0xa0, 0x2c, 0xff}, {0xd6, 0x27, 0x28, 0xff},
	{0x94, 0x67, 0xbd, 0xff}, {0x8c, 0x56, 0x4b, 0xff}, {0xe3, 0x77, 0xc2, 0xff}, {0x7f, 0x7f, 0x7f, 0xff},
	{0xbc, 0xbd, 0x22, 0xff}, {0x17, 0xbe, 0xcf, 0xff}, {0x00, 0x3f, 0x5c, 0xff}, {0x9e, 0x48, 0x00, 0xff},
}

func paletteColor(i int) color.Color { return palette[i%len(palette)] }

var shapes = []draw.GlyphDrawer{
	draw.CircleGlyph{}, draw.SquareGlyph{}, draw.TriangleGlyph{}, draw.RingGlyph{},
	draw.BoxGlyph{}, draw.PyramidGlyph{}, draw.CrossGlyph{},
}

func paletteShape(i int) draw.GlyphDrawer { return shapes[(i/len(palette)+i)%len(shapes)] }

// maxSeries is the most series one plot draws before it is split into
// facets.
const maxSeries = 8

// wrapLabel breaks a plot label into lines of at most width runes, at the
// separators " · ", ", " and ",", and a longer part where breakLong does,
// so that a long cell name is shown whole within the plot.
func wrapLabel(s string, width int) string {
	if utf8.RuneCountInString(s) <= width {
		return s
	}
	// Split after each separator, keeping it on the line it ends.
	var parts []string
	rest := s
	for rest != "" {
		i := strings.IndexAny(rest, ",·")
		if i < 0 {
			parts = append(parts, rest)
			break
		}
		_, size := utf8.DecodeRuneInString(rest[i:])
		end := i + size
		if end < len(rest) && rest[end] == ' ' {
			end++
		}
		parts = append(parts, rest[:end])
		rest = rest[end:]
	}
	// A part longer than a line (a name without separators) is broken
	// too, or it would run past the plot's edge.
	var fitted []string
	for _, p := range parts {
		fitted = append(fitted, breakLong(p, width)...)
	}
	parts = fitted
	var lines []string
	line := ""
	for _, p := range parts {
		if line != "" && utf8.RuneCountInString(line)+utf8.RuneCountInString(p) > width {
			lines = append(lines, strings.TrimSpace(line))
			line = ""
		}
		line += p
	}
	if line != "" {
		lines = append(lines, strings.TrimSpace(line))
	}
	return strings.Join(lines, "\n")
}

// legendLabel is prefix and label, wrapped (at legendRunes, or fewer) to
// lines that fit in legendWidth beside the legend's thumbnails as its font
// draws them, so that no line runs past the plot's edge.
func legendLabel(l *plot.Legend, label, prefix string) string {
	room := legendWidth - l.XOffs - l.ThumbnailWidth - 2*l.Padding - vg.Points(6)
	for n := legendRunes; ; n-- {
		s := prefix + wrapLabel(label, n)
		if n <= 8 || l.TextStyle.Width(s) <= room {
			return s
		}
	}
}

// breakLong breaks s into pieces of at most width runes, each after the
// last '-', '.', '_', '/' or space of its line where that is past a
// quarter of the line, else at width.
func breakLong(s string, width int) []string {
	var out []string
	for {
		r := []rune(s)
		if len(r) <= width {
			return append(out, s)
		}
		cut := width
		for i := width - 1; i > width/4; i-- {
			if strings.ContainsRune("-._/ ", r[i]) {
				cut = i + 1
				break
			}
		}
		out = append(out, string(r[:cut]))
		s = string(r[cut:])
	}
}

// facetID makes the id of the i-th facet of a figure.
func facetID(base string, i, n int) string {
	if n <= 1 {
		return base
	}
	return fmt.Sprintf("%s-%d", base, i+1)
}
