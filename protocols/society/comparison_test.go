package society_test

import (
	"fmt"
	"testing"

	"github.com/mootlab/moot/protocols/protocoltest"
)

// TestComparisonClasses: a society is compared with the single agent, the
// vote and self-reflection of its own agents; agents that do not read the
// hidden text are classes of their own, so that a society of judges is
// not compared with a vote of readers.
func TestComparisonClasses(t *testing.T) {
	for _, tt := range []struct {
		settings, class, against string
	}{
		{"agents: r\n", "society/r", "[single-agent/r vote/r self-reflection/r]"},
		{"agents: r\nrounds: 0\n", "vote/r", "[single-agent/r]"},
		{"agents: r\nn: 1\n", "self-reflection/r", "[single-agent/r]"},
		{"agents: r\nn: 1\nrounds: 0\n", "single-agent/r", "[]"},
		{"agents: r\nsees_context: false\n", "society/r/no-context", "[single-agent/r/no-context vote/r/no-context self-reflection/r/no-context]"},
		{"agents: r\nrounds: 0\nsees_context: false\n", "vote/r/no-context", "[single-agent/r/no-context]"},
	} {
		c := protocoltest.Build(t, "society", tt.settings).Comparison()
		if c.Class != tt.class || fmt.Sprint(c.Against) != tt.against {
			t.Errorf("%q: class %s against %v; want %s against %s", tt.settings, c.Class, c.Against, tt.class, tt.against)
		}
	}
}
