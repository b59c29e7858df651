package analysis

import (
	"strings"
	"testing"

	"github.com/mootlab/moot/transcript"
)

// TestReplicateCellOfOneValue: seeds that each judge every episode right
// give no spread; the cell's interval is then the pooled episodes' Wilson
// interval, not [1, 1].
func TestReplicateCellOfOneValue(t *testing.T) {
	z := NewReplicateSummarizer("x", []uint64{1, 2, 3})
	for r := range 3 {
		for q := range 10 {
			z.Add(r, &transcript.Episode{
				EpisodeID: string(rune('a'+r)) + string(rune('a'+q)), Protocol: "debate", Kind: "debate",
				Task: "t", QuestionID: string(rune('a'+r)) + string(rune('a'+q)), Judge: "j",
				Answers: [2]string{"x", "y"}, Order: [2]int{0, 1},
				Verdict: transcript.Verdict{Answer: 0, Slot: "A"}, Correct: true,
			})
		}
	}
	rs := z.Summary(z.Summaries())
	if len(rs.Cells) != 1 {
		t.Fatalf("got %d cells; want 1", len(rs.Cells))
	}
	c := rs.Cells[0]
	lo, hi := Wilson(30, 30)
	if c.CIMethod != MethodWilson || c.CILow != round4(lo) || c.CIHigh != round4(hi) || !(c.CILow < 1) {
		t.Errorf("got %s [%v, %v]; want wilson [%v, %v] over the 30 pooled episodes", c.CIMethod, c.CILow, c.CIHigh, round4(lo), round4(hi))
	}
}

// TestMarkdownSaysPartial: table.md of a run that stopped early says so
// under the table.
func TestMarkdownSaysPartial(t *testing.T) {
	var b strings.Builder
	if err := WriteMarkdown(&b, Summary{Experiment: "x", Partial: "interrupted after 3 of 10"}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "**Partial run** (interrupted after 3 of 10)") {
		t.Errorf("table.md of a partial run:\n%s", b.String())
	}
}
