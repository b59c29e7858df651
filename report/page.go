package report

import (
	"cmp"
	"encoding/json"
	"fmt"
	"html/template"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/mootlab/moot/analysis"
	"github.com/mootlab/moot/transcript"
)

// reportPage is what the template renders. Every string in it is plain text,
// escaped by html/template; only the plots are template.HTML (see svgHTML).
type reportPage struct {
	// Up links the pages the run is part of (WriteFile).
	Up         []Link
	Summary    analysis.Summary
	MethodNote string
	Cells      []cellRow
	// KeyHeaders name the columns that name a cell: protocol, kind, task
	// and judge, or the fields of a summary grouped otherwise.
	KeyHeaders []string
	// AccuracyPlots are the judge accuracy of the cells, one figure a
	// task when there are several.
	AccuracyPlots []figure
	// ReliabilityPlots are reliability diagrams, one a task and protocol
	// when there are many series.
	ReliabilityPlots []figure
	// ConfidencePlot, EloPlot and CostPlot are inline SVG, empty when there
	// is nothing to draw; CostNote says why there is no CostPlot.
	ConfidencePlot template.HTML
	EloPlot        template.HTML
	CostPlot       template.HTML
	CostNote       string
	// RoundPlots are the judge accuracy after each round, when the
	// summary's cells carry by_round.
	RoundPlots []figure
	// SweepPlots are the judge accuracy along each axis of a sweep.
	SweepPlots  []sweepPlot
	Calibration []*calibrationSeries
	// CalibrationFromSummary is set when the calibration comes from the
	// summary's cells rather than from the episodes.
	CalibrationFromSummary bool
	// Sections are further tables of the summary, each shown only when it
	// has rows.
	Sections []section
	// Extra are the summary fields this page has no table for, shown as
	// JSON.
	Extra []extraField

	// Episodes is the transcript browser's data: the index of every
	// episode, and the chunks or the folder of their files.
	Episodes episodeData
	Total    int
	// PageRows is how many episodes the list shows at once.
	PageRows                 int
	Protocols, Tasks, Judges []string
	// SweepCells are a sweep's cells, for the transcript filter.
	SweepCells []string
	Outcomes   []outcomeOption
}

// pageRows is how many episodes the transcript list shows at once; the
// page's script reads it from the list's data-page-rows.
const pageRows = 200

// cellRow is an analysis.Cell formatted for the summary table.
type cellRow struct {
	// Keys are the values of the columns in reportPage.KeyHeaders.
	Keys                                    []string
	N, Questions, Correct, Unparsed, Failed int
	Accuracy, CI, Method                    string
	Parts                                   []partRow
}

type partRow struct {
	Assignment   string
	N, Correct   int
	Accuracy, CI string
	Method       string
}

// extraField is a Summary field shown as indented JSON.
type extraField struct {
	Name, JSON string
}

type outcomeOption struct {
	Value string
	Count int
}

func (b *builder) page(sum analysis.Summary) (*reportPage, error) {
	pg := &reportPage{
		Up:         b.up,
		Summary:    sum,
		MethodNote: analysis.MethodNote(sum),
		Cells:      cellRows(sum),
		KeyHeaders: keyHeaders(sum),
		Sections:   summarySections(sum),
		Total:      b.total,
		PageRows:   pageRows,
		Protocols:  b.protocols.values,
		Tasks:      b.tasks.values,
		Judges:     b.judges.values,
		SweepCells: b.cells.values,
	}
	for _, o := range []string{outcomeCorrect, outcomeIncorrect, outcomeUnparsed, outcomeFailed} {
		pg.Outcomes = append(pg.Outcomes, outcomeOption{Value: o, Count: b.outcomes[o]})
	}
	var err error
	if pg.Episodes, err = b.episodeData(); err != nil {
		return nil, err
	}
	if pg.AccuracyPlots, err = accuracyFigures(sum); err != nil {
		return nil, fmt.Errorf("report: accuracy plot: %w", err)
	}
	pg.Calibration = calibrationFromCells(sum.Cells)
	pg.CalibrationFromSummary = pg.Calibration != nil
	if pg.Calibration == nil {
		pg.Calibration = b.calibration.finish()
	}
	if pg.ReliabilityPlots, err = reliabilityFigures(pg.Calibration); err != nil {
		return nil, fmt.Errorf("report: reliability plot: %w", err)
	}
	if pg.ConfidencePlot, err = confidencePlot(&b.confidence); err != nil {
		return nil, fmt.Errorf("report: confidence plot: %w", err)
	}
	if pg.CostPlot, pg.CostNote, err = costPlot(sum, b.episodesByProtocol); err != nil {
		return nil, fmt.Errorf("report: cost plot: %w", err)
	}
	if pg.RoundPlots, err = roundFigures(sum); err != nil {
		return nil, fmt.Errorf("report: rounds plot: %w", err)
	}
	if pg.EloPlot, err = eloPlot(sum.EloAccuracy); err != nil {
		return nil, fmt.Errorf("report: Elo plot: %w", err)
	}
	if pg.SweepPlots, err = sweepPlots(sum.Sweep, pairedContrast(sum)); err != nil {
		return nil, fmt.Errorf("report: sweep plot: %w", err)
	}
	if pg.Extra, err = extraFields(sum); err != nil {
		return nil, err
	}
	return pg, nil
}

// keyFields are the fields that name the cells of sum, in column order.
func keyFields(sum analysis.Summary) []string {
	if sum.By == nil {
		if sum.Sweep != nil {
			return []string{analysis.FieldProtocol, analysis.FieldKind, analysis.FieldCell, analysis.FieldTask, analysis.FieldJudge}
		}
		return []string{analysis.FieldProtocol, analysis.FieldKind, analysis.FieldTask, analysis.FieldJudge}
	}
	return sum.By
}

func keyHeaders(sum analysis.Summary) []string {
	var out []string
	for _, f := range keyFields(sum) {
		if f != "" {
			f = strings.ToUpper(f[:1]) + f[1:]
		}
		out = append(out, f)
	}
	return out
}

// keyValue is the value of a grouping field in c.
func keyValue(c analysis.Cell, field string) string {
	switch field {
	case analysis.FieldProtocol:
		return c.Protocol
	case analysis.FieldKind:
		return c.Kind
	case analysis.FieldTask:
		return c.Task
	case analysis.FieldJudge:
		return c.Judge
	case analysis.FieldAssignment:
		return c.Assignment
	case analysis.FieldRepeat:
		if c.Repeat != nil {
			return strconv.Itoa(*c.Repeat)
		}
	case analysis.FieldCell:
		return c.Cell
	default:
		if strings.Contains(field, ".") { // a sweep's axis
			return transcript.CellValue(c.Cell, field)
		}
	}
	return ""
}

// withCell names a protocol in a sweep's cell: "debate [strong.skill=0.7]".
func withCell(protocol, cell string) string {
	return analysis.CellKey{Protocol: protocol, Cell: cell}.Label()
}

// labelFields are the fields that name a cell of sum in a plot: its
// protocol, sweep cell, task and judge, or the fields of a summary grouped
// otherwise.
func labelFields(sum analysis.Summary) []string {
	if sum.By != nil {
		return sum.By
	}
	for _, c := range sum.Cells {
		if c.Cell != "" {
			return []string{analysis.FieldProtocol, analysis.FieldCell, analysis.FieldTask, analysis.FieldJudge}
		}
	}
	return analysis.DefaultGroup
}

// varying keeps the fields whose value differs between cells, and the
// first field if none does.
func varying(fields []string, cells []analysis.Cell) []string {
	var out []string
	for _, f := range fields {
		for _, c := range cells {
			if keyValue(c, f) != keyValue(cells[0], f) {
				out = append(out, f)
				break
			}
		}
	}
	if len(out) == 0 && len(fields) > 0 {
		out = fields[:1]
	}
	return out
}

// accuracyFigures draws the judge accuracy of the cells of sum: one figure
// a task when the cells are of several tasks (and grouped by task), each
// row named by the fields that differ between its cells.
func accuracyFigures(sum analysis.Summary) ([]figure, error) {
	fields := labelFields(sum)
	var tasks orderedSet
	byTask := map[string][]analysis.Cell{}
	for _, c := range sum.Cells {
		tasks.add(c.Task)
		byTask[c.Task] = append(byTask[c.Task], c)
	}
	facets := [][]analysis.Cell{sum.Cells}
	names := []string{""}
	if len(tasks.values) > 1 && slices.Contains(fields, analysis.FieldTask) {
		facets, names = nil, nil
		for _, t := range tasks.values {
			facets = append(facets, byTask[t])
			names = append(names, t)
		}
	}
	var out []figure
	for i, cells := range facets {
		shown := varying(fields, cells)
		title := "Judge accuracy (95% CI)"
		if names[i] != "" {
			title = "Judge accuracy on " + plotLabel(names[i]) + " (95% CI)"
		}
		svg, err := accuracyPlot(title, cells, func(c analysis.Cell) string { return fieldLabel(c, shown) })
		if err != nil {
			return nil, err
		}
		if svg != "" {
			out = append(out, figure{ID: facetID("accuracy-plot", i, len(facets)), Title: names[i], SVG: svg})
		}
	}
	return out, nil
}

// fieldLabel names c by the values of fields, leaving out empty ones.
func fieldLabel(c analysis.Cell, fields []string) string {
	var parts []string
	for _, f := range fields {
		if v := keyValue(c, f); v != "" {
			if f == analysis.FieldRepeat {
				v = "repeat " + v
			}
			parts = append(parts, v)
		}
	}
	if len(parts) == 0 {
		return "all"
	}
	return strings.Join(parts, " · ")
}

func cellRows(sum analysis.Summary) []cellRow {
	fields := keyFields(sum)
	rows := make([]cellRow, 0, len(sum.Cells))
	for _, c := range sum.Cells {
		r := cellRow{
			N: c.N, Questions: c.Questions, Correct: c.Correct, Unparsed: c.Unparsed, Failed: c.Failed,
			Accuracy: "n/a", CI: "n/a", Method: "n/a", // no episode judged: no interval
		}
		for _, f := range fields {
			r.Keys = append(r.Keys, keyValue(c, f))
		}
		if c.N > 0 {
			r.Accuracy, r.CI = analysis.CountPercent(c.Correct, c.N, c.Accuracy), interval95(c.CILow, c.CIHigh)
			r.Method = methodName(c.CIMethod, c.Groups)
		}
		for _, p := range c.Breakdown {
			pr := partRow{Assignment: p.Assignment, N: p.N, Correct: p.Correct, Accuracy: "n/a", CI: "n/a", Method: "n/a"}
			if p.N > 0 {
				pr.Accuracy, pr.CI = analysis.CountPercent(p.Correct, p.N, p.Accuracy), interval95(p.CILow, p.CIHigh)
				pr.Method = methodName(cmp.Or(p.CIMethod, analysis.MethodWilson), p.Groups)
			}
			r.Parts = append(r.Parts, pr)
		}
		rows = append(rows, r)
	}
	return rows
}

// methodName names an interval method m, over the groups of questions its
// cell's questions fall in where they share some (groups > 1; a cell of
// one group has its interval over that group's questions).
func methodName(m string, groups int) string {
	over := "questions"
	switch {
	case groups == 1:
		over = "questions, of one group"
	case groups > 1:
		over = fmt.Sprintf("%d groups of questions", groups)
	}
	switch m {
	case analysis.MethodBootstrap:
		return fmt.Sprintf("bootstrap over %s (%d)", over, analysis.Resamples)
	case analysis.MethodWilson:
		return "Wilson"
	case analysis.MethodWilsonQuestions:
		return "Wilson over " + over
	}
	return m
}

// extraFields returns, in declaration order, the non-empty fields of sum
// that the page has no table for, as indented JSON (as summary.json has
// them), so that a result added to analysis.Summary is in the report from
// the start.
func extraFields(sum analysis.Summary) ([]extraField, error) {
	var out []extraField
	v := reflect.ValueOf(analysis.Written(sum))
	t := v.Type()
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if !f.IsExported() || name == "-" || shownSummaryFields[name] || v.Field(i).IsZero() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		data, err := json.MarshalIndent(v.Field(i).Interface(), "", "  ")
		if err != nil {
			return nil, fmt.Errorf("report: summary field %s: %w", name, err)
		}
		if s := string(data); s == "[]" || s == "{}" || s == "null" {
			continue
		}
		out = append(out, extraField{Name: name, JSON: string(data)})
	}
	return out, nil
}

var templateFuncs = template.FuncMap{
	"shardNote": analysis.ShardNote,
	"thousands": thousands,
	"join":      strings.Join,
	"usd":       usd,
	"percent":   percent,
	"fixed3":    func(x float64) string { return strconv.FormatFloat(x, 'f', 3, 64) },
	"long":      long,
	"add":       func(a, b int) int { return a + b },
}

// longName is how many characters a table's name may have before its cell
// wraps it (class long): a shorter one is kept on one line.
const longName = 24

// long says whether s is a name too long to keep on one line in a table,
// where it would push the numbers beside it out of sight.
func long(s string) bool {
	return utf8.RuneCountInString(s) > longName
}

func percent(x float64) string {
	return fmt.Sprintf("%.1f%%", 100*x)
}

func interval95(lo, hi float64) string {
	return fmt.Sprintf("[%.1f, %.1f]", 100*lo, 100*hi)
}

// usd formats a cost in dollars, with more digits for small amounts.
func usd(x float64) string {
	switch {
	case x == 0:
		return "$0"
	case x < 0.01:
		return fmt.Sprintf("$%.6f", x)
	}
	return fmt.Sprintf("$%.2f", x)
}

// thousands formats n with comma separators: 1234567 → "1,234,567".
func thousands(n int) string {
	s := strconv.Itoa(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	return b.String()
}
