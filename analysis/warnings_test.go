package analysis

import (
	"strings"
	"testing"
)

// TestMarkdownEndsWithWarnings: a summary's warnings follow its tables in
// the markdown (table.md), each as the run prints it on stderr after
// "moot: warning: ", a run's and a replicated run's alike; a summary
// without warnings has no such section, its markdown as before.
func TestMarkdownEndsWithWarnings(t *testing.T) {
	z := NewSummarizer("x", 1)
	for i, q := range []string{"q1", "q2", "q3"} {
		ep := episode("debate", "debate", "t", "j", q, "correct-first", i%2, "")
		z.Add(&ep)
	}
	rz := NewReplicateSummarizer("x", []uint64{1, 2})
	for r := range 2 {
		ep := episode("debate", "debate", "t", "j", "q1", "correct-first", 0, "")
		rz.Add(r, &ep)
	}
	ws := []Warning{{Kind: WarnRepeatedDraws, Message: "agent a: 2 of its 4 answers are the very draws"}, {Kind: WarnServedModels, Message: "agent b: its answers came from 2 models"}}
	want := "\n**Warnings**\n\n- agent a: 2 of its 4 answers are the very draws\n- agent b: its answers came from 2 models\n"
	for name, sum := range map[string]Summary{"run": z.Summary(), "replicated": rz.Run()} {
		plain := markdownOf(t, sum)
		if strings.Contains(plain, "Warnings") {
			t.Errorf("%s without warnings: markdown has a Warnings section:\n%s", name, plain)
		}
		sum.Warnings = ws
		warned := markdownOf(t, sum)
		if got := warned; got != plain+want {
			t.Errorf("%s with warnings: got\n%s\nwant its markdown without them followed by\n%s", name, got, want)
		}
	}
}
