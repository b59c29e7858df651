package direct_test

import (
	"testing"

	"github.com/mootlab/moot/protocols"
	"github.com/mootlab/moot/protocols/protocoltest"
)

// TestWithout: the judge with the hidden text is the judge alone on a
// question that has none, and names it (protocols.TextReader); the judge
// alone reads no more than another, and names none.
func TestWithout(t *testing.T) {
	with := protocoltest.Build(t, "direct-with-context", "judge: j\n").(protocols.TextReader)
	if got := with.Without(); got != "the judge alone (direct)" {
		t.Errorf("direct-with-context: Without() = %q; want the judge alone (direct)", got)
	}
	alone := protocoltest.Build(t, "direct", "judge: j\n").(protocols.TextReader)
	if got := alone.Without(); got != "" {
		t.Errorf("direct: Without() = %q; want \"\"", got)
	}
}

// TestAssignmentsAreNamedForTheirOrder: the judge alone is played once
// per answer order, each assignment named for its order, so that with
// swap the two orders' results are tabled apart.
func TestAssignmentsAreNamedForTheirOrder(t *testing.T) {
	for _, name := range []string{"direct", "direct-with-context"} {
		for settings, want := range map[string][]protocols.Order{
			"":             {protocols.AsGiven},
			"swap: true\n": {protocols.CorrectFirst, protocols.CorrectSecond},
		} {
			as := protocoltest.Build(t, name, "judge: j\n"+settings).Assignments()
			if len(as) != len(want) {
				t.Fatalf("%s %q: %d assignments; want %d", name, settings, len(as), len(want))
			}
			for i, a := range as {
				if a.Order != want[i] || a.Name != protocols.OrderName(want[i]) {
					t.Errorf("%s %q: assignment %d is %q in order %v; want %q in order %v", name, settings, i, a.Name, a.Order, protocols.OrderName(want[i]), want[i])
				}
			}
		}
	}
}
