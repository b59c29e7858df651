package analysis

import (
	"bytes"
	"strings"
	"testing"
)

// markdownRows reads the first Markdown table of text into one map a
// row, by its header; a header named twice keeps its last column.
func markdownRows(text string) []map[string]string {
	var header []string
	var out []map[string]string
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if !strings.HasPrefix(line, "|") {
			if header != nil {
				break
			}
			continue
		}
		// Split on the pipes that are not escaped.
		var fields []string
		cur := ""
		for i := 1; i < len(line); i++ {
			if line[i] == '|' && line[i-1] != '\\' {
				fields, cur = append(fields, strings.TrimSpace(cur)), ""
				continue
			}
			cur += line[i : i+1] // bytes, joined again whole
		}
		if header == nil {
			header = fields
			continue
		}
		if strings.HasPrefix(fields[0], "--") || strings.HasPrefix(fields[0], ":-") {
			continue
		}
		m := map[string]string{}
		for i, h := range header {
			if i < len(fields) {
				m[h] = fields[i]
			}
		}
		out = append(out, m)
	}
	return out
}

// gradedSummary is a cell whose gold-reading judge graded two
// exam-takers' answers, worked by hand: x|y answered 4 (1 right, 3
// called correct), b 6 (5 right, 4 called correct).
func gradedSummary() Summary {
	return Summary{Cells: []Cell{{Protocol: "grade", Kind: "grade", Task: "t", Judge: "j", N: 10,
		Reference: &ReferenceSplit{Source: "gold", UpperBound: true},
		Grading: &Grading{N: 10, BaseRate: 0.6, SaidCorrect: 0.7, Agreement: 0.7, Kappa: 0.4, KappaDefined: true,
			WrongN: 4, Leniency: 0.5, RightN: 6, Strictness: 1.0 / 6, Tau: 1, TauDefined: true,
			ExamTakers: []ExamTaker{{Agent: "x|y", N: 4, Right: 1, Said: 3, Accuracy: 0.25, Judged: 0.75},
				{Agent: "b", N: 6, Right: 5, Said: 4, Accuracy: 5.0 / 6, Judged: 4.0 / 6}}}}}}
}

// TestWriteGradingByHand: each exam-taker's row has its true then its
// judged accuracy, the row (all) the sums and the cell's agreement, κ,
// leniency (of the wrong answers), strictness (of the right ones) and τ;
// the judge, not the protocol, carries the gold mark; the exam-taker's
// name is escaped in Markdown; the note is written once.
func TestWriteGradingByHand(t *testing.T) {
	var b bytes.Buffer
	if err := WriteGrading(&b, gradedSummary(), FormatMarkdown); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	rows := markdownRows(out)
	want := []map[string]string{
		{"Protocol": "grade", "Judge": "j" + markJudgeGold, "Exam-taker": `x\|y`, "n": "4", "True": "25.0%", "Judged": "75.0%", "Agreement": "", "Lenient": ""},
		{"Protocol": "grade", "Judge": "j" + markJudgeGold, "Exam-taker": "b", "n": "6", "True": "83.3%", "Judged": "66.7%", "Agreement": "", "Strict": ""},
		{"Protocol": "grade", "Judge": "j" + markJudgeGold, "Exam-taker": "(all)", "n": "10", "True": "60.0%", "Judged": "70.0%",
			"Agreement": "70.0%", "κ": "0.40", "Lenient": "50.0%", "Strict": "16.7%", "τ (95% CI)": "1.00"},
	}
	if len(rows) != len(want) {
		t.Fatalf("got %d rows, want %d:\n%s", len(rows), len(want), out)
	}
	for i, w := range want {
		for col, v := range w {
			if got := rows[i][col]; got != v {
				t.Errorf("row %d: %s = %q, want %q", i, col, got, v)
			}
		}
	}
	for _, f := range []Format{FormatText, FormatMarkdown} {
		var b bytes.Buffer
		if err := WriteGrading(&b, gradedSummary(), f); err != nil {
			t.Fatal(err)
		}
		if n := strings.Count(b.String(), GradingNote(gradedSummary().Cells)); n != 1 {
			t.Errorf("%s: the note written %d times, want once:\n%s", f, n, b.String())
		}
	}
}

// TestGradingNoteGroupsOfGradingCells: the note says groups are drawn
// together only where a grading cell has groups, not a cell of another
// protocol.
func TestGradingNoteGroupsOfGradingCells(t *testing.T) {
	other := Cell{Protocol: "debate", Groups: 3}
	graded := Cell{Protocol: "grade", Grading: &Grading{}}
	if note := GradingNote([]Cell{other, graded}); strings.Contains(note, GroupsNote) {
		t.Errorf("groups of a cell without grading named:\n%s", note)
	}
	graded.Groups = 2
	if note := GradingNote([]Cell{other, graded}); !strings.Contains(note, GroupsNote) {
		t.Errorf("groups of a grading cell not named:\n%s", note)
	}
}
