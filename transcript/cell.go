package transcript

import (
	"fmt"
	"strings"
)

// AxisValue is one axis of a sweep cell and its value there.
type AxisValue struct {
	Axis, Value string
}

// cellNameBreakers are the characters a cell value cannot hold: they
// separate a cell name's parts (",", "="), or a cell from other names in
// ids and labels ("/", "@"), or words.
const cellNameBreakers = ",=/@ \t\n"

// CheckCellValue says whether v can be a value in a cell name.
func CheckCellValue(v string) error {
	if v == "" || strings.ContainsAny(v, cellNameBreakers) {
		return fmt.Errorf("value %q: cell names cannot hold it (no empty values, commas, '=', '/', '@' or spaces)", v)
	}
	return nil
}

// CellName names a sweep cell by its values, as Episode.Cell holds it:
// axis=value for each axis, joined by commas
// (strong.skill=0.7,debate.rounds=3). Values pass CheckCellValue.
func CellName(values []AxisValue) string {
	parts := make([]string, len(values))
	for i, v := range values {
		parts[i] = v.Axis + "=" + v.Value
	}
	return strings.Join(parts, ",")
}

// ParseCell splits a cell name made by CellName into its axes and values;
// "" has none.
func ParseCell(name string) []AxisValue {
	if name == "" {
		return nil
	}
	var out []AxisValue
	for part := range strings.SplitSeq(name, ",") {
		axis, value, _ := strings.Cut(part, "=")
		out = append(out, AxisValue{axis, value})
	}
	return out
}

// CellValue returns the value of axis in a cell name, or "" if the cell
// has no such axis.
func CellValue(name, axis string) string {
	for _, p := range ParseCell(name) {
		if p.Axis == axis {
			return p.Value
		}
	}
	return ""
}
