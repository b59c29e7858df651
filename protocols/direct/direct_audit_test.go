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
