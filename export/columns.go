package export

import (
	"bytes"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/mootlab/moot/transcript"
)

// kind is a column's value type.
type kind int

const (
	kindString kind = iota
	kindInt
	kindFloat
	kindBool
	kindUint
)

// column is one column of the episodes table. An optional column may hold
// no value (nil): an empty CSV field, JSON null, a Parquet null.
type column struct {
	name     string
	kind     kind
	optional bool
}

// axisColumn is a sweep axis's column: the axis, and the kind of its
// values (axisColumns).
type axisColumn struct {
	name string
	kind kind
}

// axisColumns are the columns of the axes, each a number column where
// every value the rows give it, and every value declared for it, is a
// number (an integer column where every one is an integer), else a text
// column.
func axisColumns(axes []string, values map[string]map[string]bool, declared map[string][]string) []axisColumn {
	cols := make([]axisColumn, len(axes))
	for i, a := range axes {
		k, seen := kindInt, false
		consider := func(v string) {
			seen = true
			switch numberKind(v) {
			case kindString:
				k = kindString
			case kindFloat:
				if k == kindInt {
					k = kindFloat
				}
			}
		}
		for _, v := range declared[a] {
			consider(v)
		}
		for v := range values[a] {
			consider(v)
		}
		if !seen {
			k = kindString
		}
		cols[i] = axisColumn{name: a, kind: k}
	}
	return cols
}

// axesSeen are the sweep axes of an episodes table: the experiment's,
// then those its rows name that it does not, as first seen, with every
// value each takes in the rows.
type axesSeen struct {
	order  []string
	values map[string]map[string]bool
}

func newAxesSeen(declared []string) *axesSeen {
	a := &axesSeen{order: slices.Clone(declared), values: map[string]map[string]bool{}}
	for _, name := range declared {
		a.values[name] = map[string]bool{}
	}
	return a
}

// add notes the axis values of a row.
func (a *axesSeen) add(vals []transcript.AxisValue) {
	for _, v := range vals {
		if a.values[v.Axis] == nil {
			a.values[v.Axis] = map[string]bool{}
			a.order = append(a.order, v.Axis)
		}
		a.values[v.Axis][v.Value] = true
	}
}

// columns are the axes' columns in format f: in the experiment's order
// (o.Axes), those it does not name after them as the rows have them (a
// stable sort keeps theirs); as text in CSV, whose values stay as the cell
// names write them, else of their values' kind (axisColumns).
func (a *axesSeen) columns(f Format, o Options) []axisColumn {
	rank := func(name string) int {
		if i := slices.Index(o.Axes, name); i >= 0 {
			return i
		}
		return len(o.Axes)
	}
	slices.SortStableFunc(a.order, func(x, y string) int { return rank(x) - rank(y) })
	if f == CSV {
		return textAxes(a.order)
	}
	return axisColumns(a.order, a.values, o.AxisValues)
}

// textAxes are the axes as text columns, their values as the cell names
// write them.
func textAxes(axes []string) []axisColumn {
	cols := make([]axisColumn, len(axes))
	for i, a := range axes {
		cols[i] = axisColumn{name: a}
	}
	return cols
}

// numberKind is the kind of an axis value: kindInt for a decimal integer,
// kindFloat for another decimal number, kindString for anything else
// (inf, nan and hexadecimal numbers included).
func numberKind(v string) kind {
	if v == "" || strings.Trim(v, "0123456789.eE+-") != "" {
		return kindString
	}
	if _, err := strconv.ParseInt(v, 10, 64); err == nil {
		return kindInt
	}
	if f, err := strconv.ParseFloat(v, 64); err == nil && !math.IsInf(f, 0) && !math.IsNaN(f) {
		return kindFloat
	}
	return kindString
}

// episodeColumns are the episodes table's columns, a sweep's axes (one
// column each, named as the axis) after cell.
func episodeColumns(axes []axisColumn) []column {
	cols := []column{
		{name: "seed", kind: kindUint, optional: true},
		{name: "episode_id"}, {name: "question_id"}, {name: "question_group"}, {name: "protocol"}, {name: "kind"},
		{name: "task"}, {name: "judge"}, {name: "assignment"}, {name: "order"}, {name: "variant"},
		{name: "cell"},
	}
	for _, a := range axes {
		cols = append(cols, column{name: a.name, kind: a.kind, optional: true})
	}
	return append(cols,
		column{name: "repeat", kind: kindInt},
		column{name: "p_correct", kind: kindFloat, optional: true},
		column{name: "probability", kind: kindFloat, optional: true},
		column{name: "verdict_answer", kind: kindInt},
		column{name: "verdict_slot"},
		column{name: "correct_answer", kind: kindInt},
		column{name: "graded_answer", kind: kindInt, optional: true},
		column{name: "graded_call", optional: true},
		column{name: "reference_source", optional: true},
		column{name: "reference_agent", optional: true},
		column{name: "reference_answer", kind: kindInt, optional: true},
		column{name: "reference_right", kind: kindBool, optional: true},
		// Null for a failed episode, which judged nothing: a mean of the
		// column is then the summary's accuracy, where a false counted
		// every failure as a wrong verdict.
		column{name: "correct", kind: kindBool, optional: true},
		column{name: "unparsed", kind: kindBool},
		column{name: "failed", kind: kindBool},
		column{name: "error"},
		column{name: "rounds", kind: kindInt},
		column{name: "messages", kind: kindInt},
		column{name: "quotes_verified", kind: kindInt},
		column{name: "quotes_unverified", kind: kindInt},
		column{name: "input_tokens", kind: kindInt},
		column{name: "output_tokens", kind: kindInt},
		column{name: "cost_usd", kind: kindFloat},
		column{name: "list_cost_usd", kind: kindFloat},
		column{name: "draw_key"},
	)
}

// values appends r's values in the order of episodeColumns(axes): string,
// uint64, int64, float64, bool, or nil for no value.
func (r *EpisodeRow) values(dst []any, axes []axisColumn) []any {
	var seed any
	if r.Seed != nil {
		seed = *r.Seed
	}
	dst = append(dst, seed, r.EpisodeID, r.QuestionID, r.Group, r.Protocol, r.Kind, r.Task, r.Judge,
		r.Assignment, r.Order, r.Variant, r.Cell)
	for _, a := range axes {
		dst = append(dst, typedAxisValue(r.Axes, a))
	}
	return append(dst, int64(r.Repeat), floatOrNil(r.PCorrect), floatOrNil(r.Probability),
		int64(r.VerdictAnswer), r.VerdictSlot, int64(r.CorrectAnswer), intOrNil(r.GradedAnswer), gradedCall(r),
		stringOrNil(r.ReferenceSource), stringOrNil(r.ReferenceAgent), intOrNil(r.ReferenceAnswer), boolOrNil(r.ReferenceRight),
		judged(r), r.Unparsed, r.Failed, r.Error,
		int64(r.Rounds), int64(r.Messages), int64(r.QuotesVerified), int64(r.QuotesUnverified),
		int64(r.InputTokens), int64(r.OutputTokens), r.CostUSD, r.ListCostUSD, r.DrawKey)
}

// axisValue is the value of axis among values, nil when the cell has no
// such axis (a protocol no sweep key names).
func axisValue(values []transcript.AxisValue, axis string) any {
	for _, v := range values {
		if v.Axis == axis {
			return v.Value
		}
	}
	return nil
}

// typedAxisValue is the value of the axis column a among values, of its
// kind; nil when the cell has no such axis.
func typedAxisValue(values []transcript.AxisValue, a axisColumn) any {
	v, ok := axisValue(values, a.name).(string)
	switch {
	case !ok:
		return nil
	case a.kind == kindInt:
		n, _ := strconv.ParseInt(v, 10, 64) // axisColumns checked it
		return n
	case a.kind == kindFloat:
		f, _ := strconv.ParseFloat(v, 64)
		return f
	}
	return v
}

// appendFloat appends v as the tables write a float: the shortest text
// that reads back as v, and a point where it is whole (1.0, not 1): a
// column whose first rows are whole is otherwise typed as integers by
// readers that infer a type from the values (pandas, polars, DuckDB), and
// a later 0.5 refused or cut.
func appendFloat(b []byte, v float64) []byte {
	n := len(b)
	b = strconv.AppendFloat(b, v, 'g', -1, 64)
	if !math.IsNaN(v) && !math.IsInf(v, 0) && !bytes.ContainsAny(b[n:], ".e") {
		b = append(b, ".0"...)
	}
	return b
}

func floatOrNil(p *float64) any {
	if p == nil {
		return nil
	}
	return *p
}

func intOrNil(p *int) any {
	if p == nil {
		return nil
	}
	return int64(*p)
}

// judged is r.Correct, nil where r's episode failed.
func judged(r *EpisodeRow) any {
	if r.Failed {
		return nil
	}
	return r.Correct
}

func boolOrNil(p *bool) any {
	if p == nil {
		return nil
	}
	return *p
}

// stringOrNil is s, nil where it is empty.
func stringOrNil(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// gradedCall is r's grade, nil for an episode that graded nothing ("" for
// a grade that did not parse).
func gradedCall(r *EpisodeRow) any {
	if r.GradedAnswer == nil {
		return nil
	}
	return r.GradedCall
}
