package sinks

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strconv"
	"strings"

	"github.com/google/go-cmp/cmp"
	"github.com/mootlab/moot/analysis"
)

// jsonDiffs is a cmp.Reporter that writes each difference of two
// summaries as a line naming the value by its place in summary.json, with
// the JSON keys a reader of the file sees (cells[3].accuracy, not
// Accuracy of analysis.Cell), and a cell by what it is.
type jsonDiffs struct {
	path  cmp.Path
	lines []string
}

func (r *jsonDiffs) PushStep(ps cmp.PathStep) { r.path = append(r.path, ps) }
func (r *jsonDiffs) PopStep()                 { r.path = r.path[:len(r.path)-1] }

func (r *jsonDiffs) Report(rs cmp.Result) {
	if rs.Equal() {
		return
	}
	x, y := r.path.Last().Values()
	r.lines = append(r.lines, fmt.Sprintf("  %s: %s → %s", jsonPath(r.path), jsonValue(x), jsonValue(y)))
}

// String is the differences, a line each.
func (r *jsonDiffs) String() string { return strings.Join(r.lines, "\n") + "\n" }

// jsonPath writes p as a path of JSON keys and indexes: a struct field by
// its json tag (an embedded struct's fields as JSON flattens them), a
// slice element by its index, a cell with its protocol, task and judge.
func jsonPath(p cmp.Path) string {
	var b strings.Builder
	for i, step := range p {
		switch s := step.(type) {
		case cmp.StructField:
			f, ok := fieldOf(p[i-1].Type(), s)
			if !ok || f.Anonymous && f.Tag.Get("json") == "" {
				continue
			}
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if b.Len() > 0 {
				b.WriteByte('.')
			}
			if name == "" {
				name = f.Name
			}
			b.WriteString(name)
		case cmp.SliceIndex:
			// The reference's index; the run's where the reference has
			// no such element.
			k, ky := s.SplitKeys()
			if k < 0 {
				k = ky
			}
			fmt.Fprintf(&b, "[%d]", k)
			b.WriteString(cellNames(s.Values()))
		case cmp.MapIndex:
			fmt.Fprintf(&b, "[%s]", strconv.Quote(fmt.Sprint(s.Key().Interface())))
		}
	}
	return b.String()
}

// cellNames names the cells x and y hold, the reference's and the run's
// element of a slice of cells, " (debate, qa, j)"; where go-cmp paired
// two cells that are not one (a cell dropped before them), both, " (b, qa,
// j → c, qa, j)"; "" for elements that are no cells.
func cellNames(x, y reflect.Value) string {
	name := func(v reflect.Value) (string, bool) {
		if !v.IsValid() {
			return "", false
		}
		c, ok := v.Interface().(analysis.Cell)
		return fmt.Sprintf("%s, %s, %s", c.Key().Label(), c.Task, c.Judge), ok
	}
	nx, okx := name(x)
	ny, oky := name(y)
	switch {
	case okx && oky && nx != ny:
		return " (" + nx + " → " + ny + ")"
	case okx:
		return " (" + nx + ")"
	case oky:
		return " (" + ny + ")"
	}
	return ""
}

// fieldOf is the field s names of t, a struct or a pointer to one.
func fieldOf(t reflect.Type, s cmp.StructField) (reflect.StructField, bool) {
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct || s.Index() >= t.NumField() {
		return reflect.StructField{}, false
	}
	return t.Field(s.Index()), true
}

// jsonValue writes v as summary.json has it; "absent" where one side has
// no such value.
func jsonValue(v reflect.Value) string {
	if !v.IsValid() {
		return "absent"
	}
	if v.CanInterface() {
		if data, err := json.Marshal(v.Interface()); err == nil {
			return string(data)
		}
	}
	return fmt.Sprint(v)
}
