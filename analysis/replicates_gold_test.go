package analysis

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/mootlab/moot/transcript"
)

// TestReplicatesMarkTheGoldReference: a cell whose judge read the gold
// answer in every replicate is an upper bound in the replicated summary,
// its tables and CSV, as each replicate's own tables say; a cell with
// the gold reference at only some seeds is not marked.
func TestReplicatesMarkTheGoldReference(t *testing.T) {
	z := NewReplicateSummarizer("x", []uint64{1, 2})
	for r := range 2 {
		for q := range 3 {
			qid := fmt.Sprintf("q%d", q)
			plain := episode("none", "direct", "t", "j", qid, "x", q%2, "")
			plain.Class = "judge-alone"
			z.Add(r, &plain)
			gold := episode("gold", "direct", "t", "j", qid, "x", 0, "")
			gold.Reference = &transcript.Reference{Source: transcript.ReferenceGold, Answer: gold.CorrectAnswer}
			gold.Class, gold.CompareWith = "judge-alone+reference-gold", []string{"judge-alone"}
			z.Add(r, &gold)
			// "some" reads the gold answer at the first seed only.
			some := episode("some", "direct", "t", "j", qid, "x", 0, "")
			if r == 0 {
				some.Reference = gold.Reference
			}
			z.Add(r, &some)
		}
	}
	sum := z.Run()
	rs := sum.Replicates
	if len(rs.Comparisons) == 0 {
		t.Fatal("no comparisons; want none against gold")
	}
	for _, c := range rs.Comparisons {
		if got := rs.LabelOf(c.B); got != "gold (upper bound)" || rs.LabelOf(c.A) != c.A.Protocol {
			t.Errorf("comparison %s against %s; want gold alone marked", rs.LabelOf(c.A), got)
		}
	}
	marked := map[string]bool{}
	for _, c := range rs.Cells {
		marked[c.Protocol] = c.UpperBound
	}
	if !marked["gold"] || marked["none"] || marked["some"] {
		t.Fatalf("upper bounds %v; want gold alone", marked)
	}
	var text, csv bytes.Buffer
	if err := WriteReplicates(&text, rs, FormatText); err != nil {
		t.Fatal(err)
	}
	if err := WriteReplicatesCSV(&csv, rs); err != nil {
		t.Fatal(err)
	}
	// The cells' table and the reference table mark the gold cell's
	// judge; the comparisons, its label; nothing else is marked.
	marks := 0
	for _, line := range strings.Split(text.String(), "\n") {
		if strings.Contains(line, "j (gold reference: upper bound)") {
			marks++
			if !strings.HasPrefix(line, "| gold ") {
				t.Errorf("a row of another cell marked as the gold one: %s", line)
			}
		}
	}
	if marks != 2 || strings.Count(text.String(), "upper bound") != marks+strings.Count(text.String(), "gold (upper bound)") {
		t.Errorf("the text tables do not mark the gold cell (%d marks of its judge; want 2), or mark another:\n%s", marks, text.String())
	}
	if !strings.Contains(text.String(), "| gold (upper bound) |") {
		t.Errorf("the comparison does not mark the gold cell:\n%s", text.String())
	}
	lines := strings.Split(strings.TrimSpace(csv.String()), "\n")
	if !strings.Contains(lines[0], ",n,reference,reference_accuracy,") || !strings.Contains(lines[0], ",seed_1,") || !strings.Contains(lines[2], ",gold (upper bound),") || strings.Contains(lines[1]+lines[3], "upper bound") {
		t.Errorf("the CSV does not mark the gold cell alone:\n%s", csv.String())
	}
}

// TestComparisonsMarkTheGoldReference: a run's own comparison table marks
// a gold-reference cell as the upper bound it is, as its cell's notes do.
func TestComparisonsMarkTheGoldReference(t *testing.T) {
	var eps []transcript.Episode
	for q := range 3 {
		qid := fmt.Sprintf("q%d", q)
		plain := episode("none", "direct", "t", "j", qid, "x", q%2, "")
		plain.Class = "judge-alone"
		gold := episode("gold", "direct", "t", "j", qid, "x", 0, "")
		gold.Reference = &transcript.Reference{Source: transcript.ReferenceGold, Answer: gold.CorrectAnswer}
		gold.Class, gold.CompareWith = "judge-alone+reference-gold", []string{"judge-alone"}
		eps = append(eps, plain, gold)
	}
	s := Summarize("x", 1, eps)
	var text bytes.Buffer
	if err := WriteComparisons(&text, s, FormatText); err != nil {
		t.Fatal(err)
	}
	if len(s.Comparisons) != 1 || !strings.Contains(text.String(), "| none | gold (upper bound) |") {
		t.Errorf("%d comparisons; want none against gold, marked:\n%s", len(s.Comparisons), text.String())
	}
}
