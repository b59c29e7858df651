package analysis

import (
	"slices"
	"testing"
)

// TestLineOrderDeclared: a line keeps the order its runs declared (down,
// 0.9 to 0.4, though its episodes named them up), values declared that
// the line lacks aside, two runs declaring alike; one declared neither
// up nor down is sorted as numbers; where the declared order lacks one of the
// line's values (0.6), the line's own order of appearance, sorted as
// numbers, is kept, every value in it.
func TestLineOrderDeclared(t *testing.T) {
	line := func() *sweepLineBuilder {
		return &sweepLineBuilder{line: SweepLine{LineOf: LineOf{Axis: "s.skill"}},
			values: map[string]*cellBuilder{"0.4": {}, "0.6": {}, "0.9": {}}, order: []string{"0.4", "0.9", "0.6"}}
	}
	var down sweepTally
	down.declare("s.skill", []string{"0.9", "0.6", "0.4", "0.2"})
	down.declare("s.skill", []string{"0.9", "0.6", "0.4"}) // a second run, alike
	if got, want := down.ordered(line()), []string{"0.9", "0.6", "0.4"}; !slices.Equal(got, want) {
		t.Errorf("declared down: got %v; want %v", got, want)
	}
	var partial sweepTally
	partial.declare("s.skill", []string{"0.4", "0.9"})
	if got, want := partial.ordered(line()), []string{"0.4", "0.6", "0.9"}; !slices.Equal(got, want) {
		t.Errorf("declared without 0.6: got %v; want %v", got, want)
	}
	var mixed sweepTally
	mixed.declare("s.skill", []string{"0.4", "0.9", "0.6"})
	if got, want := mixed.ordered(line()), []string{"0.4", "0.6", "0.9"}; !slices.Equal(got, want) {
		t.Errorf("declared neither up nor down: got %v; want %v, sorted as numbers", got, want)
	}
}

// TestTopoOrder: a before b before c, and a before d before c, taking the
// earliest in appearance among those free: a, b, d, c; sequences that
// disagree have no order, and mergeOrders keeps appearance.
func TestTopoOrder(t *testing.T) {
	got, ok := topoOrder([][]string{{"a", "b", "c"}, {"a", "d", "c"}}, []string{"c", "d", "b", "a"})
	if want := []string{"a", "d", "b", "c"}; !ok || !slices.Equal(got, want) {
		t.Errorf("got %v, %v; want %v", got, ok, want)
	}
	got, ok = topoOrder([][]string{{"x", "y", "z"}}, []string{"z", "y", "x"})
	if want := []string{"x", "y", "z"}; !ok || !slices.Equal(got, want) {
		t.Errorf("one sequence: got %v, %v; want %v", got, ok, want)
	}
	if got, ok := topoOrder([][]string{{"a", "b"}, {"b", "a"}}, []string{"a", "b"}); ok {
		t.Errorf("a cycle: got %v, true; want false", got)
	}
	if got := mergeOrders([][]string{{"a", "b"}, {"b", "a"}}, []string{"b", "a"}); !slices.Equal(got, []string{"b", "a"}) {
		t.Errorf("mergeOrders of a cycle: got %v; want appearance [b a]", got)
	}
}

// TestNumericOrder: numbers neither ascending nor descending are sorted
// up, ties kept in their order; monotone ones and names are kept.
func TestNumericOrder(t *testing.T) {
	for _, c := range []struct{ in, want []string }{
		{[]string{"0.4", "0.9", "0.6"}, []string{"0.4", "0.6", "0.9"}},
		{[]string{"3", "1", "2", "1.0"}, []string{"1", "1.0", "2", "3"}},
		{[]string{"1.0", "3", "1", "2"}, []string{"1.0", "1", "2", "3"}},
		{[]string{"10", "9", "2"}, []string{"10", "9", "2"}},
		{[]string{"2", "9", "10"}, []string{"2", "9", "10"}},
		{[]string{"b", "a", "c"}, []string{"b", "a", "c"}},
	} {
		if got := numericOrder(c.in); !slices.Equal(got, c.want) {
			t.Errorf("numericOrder(%v) = %v; want %v", c.in, got, c.want)
		}
	}
}
