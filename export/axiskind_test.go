package export

import "testing"

// TestAxisColumnKinds: an axis's column is of integers where every value
// is one, of floats where every value is a number and one is not whole,
// else of text, whatever the order its values come in: text then a
// fraction must not make a float column, where the text would be written
// as 0.
func TestAxisColumnKinds(t *testing.T) {
	for _, c := range []struct {
		values []string
		want   kind
	}{
		{[]string{"2", "4"}, kindInt},
		{[]string{"2", "0.5"}, kindFloat},
		{[]string{"0.5", "2"}, kindFloat},
		{[]string{"0.5", "strong"}, kindString},
		{[]string{"strong", "0.5"}, kindString},
		{[]string{"strong", "2"}, kindString},
		{nil, kindString},
	} {
		cols := axisColumns([]string{"a"}, nil, map[string][]string{"a": c.values})
		if len(cols) != 1 || cols[0].name != "a" || cols[0].kind != c.want {
			t.Errorf("an axis of the values %q: %+v; want kind %d", c.values, cols, c.want)
		}
	}
}
