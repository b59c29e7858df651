package analysis

import (
	"strings"
	"testing"
)

// sweepByHand is a sweep over x of two lines: one with three points,
// the first of which every episode failed, judged by j; the other of
// two, its judge swept, each point of grouped questions.
func sweepByHand() Summary {
	in := Interval{CILow: 0.25, CIHigh: 0.75, CIMethod: MethodBootstrap}
	return Summary{Sweep: &SweepSummary{Axes: []SweepAxis{{Name: "x", Values: []string{"1", "2", "3"}}}, Lines: []SweepLine{
		{LineOf: LineOf{Axis: "x", Protocol: "p", Task: "t", Judge: "j"}, Points: []SweepPoint{
			{Value: "1"}, {Value: "2", N: 4, Correct: 2, Accuracy: 0.5, Interval: in}, {Value: "3", N: 4, Correct: 3, Accuracy: 0.75, Interval: in}}},
		{LineOf: LineOf{Axis: "x", Protocol: "q", Task: "t"}, Points: []SweepPoint{
			{Value: "1", N: 4, Correct: 1, Accuracy: 0.25, Groups: 2, Interval: in}, {Value: "2", N: 4, Correct: 4, Accuracy: 1, Groups: 2, Interval: in}}},
	}}}
}

// TestSweepLinesByHand: a column for each value up to the most points a
// line has, named from "value 1"; a point of no judged episode reads
// n/a, another its accuracy [CI] n to one place; a swept judge reads
// (swept); a line without a contrast leaves the contrast's columns
// empty.
func TestSweepLinesByHand(t *testing.T) {
	var b strings.Builder
	if err := WriteSweepLines(&b, sweepByHand(), FormatMarkdown); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	rows := markdownRows(out)
	want := []map[string]string{
		{"Judge": "j", "value 1": "1: n/a", "value 2": "2: 50.0% [25.0, 75.0] n=4", "value 3": "3: 75.0% [25.0, 75.0] n=4", "p": "", "questions": ""},
		{"Judge": "(swept)", "value 1": "1: 25.0% [25.0, 75.0] n=4", "value 2": "2: 100.0% [25.0, 75.0] n=4", "value 3": "", "questions": ""},
	}
	if len(rows) != 2 || len(rows[0]) != 4+3+5 {
		t.Fatalf("rows %v, want 2 of 12 columns:\n%s", rows, out)
	}
	for i, w := range want {
		for col, v := range w {
			if got, ok := rows[i][col]; !ok || got != v {
				t.Errorf("row %d: %s = %q, want %q", i, col, got, v)
			}
		}
	}
}

// TestSweepNoteGroupsOfPoints: a line's points of grouped questions make
// the note say groups are drawn together, even with no contrast.
func TestSweepNoteGroupsOfPoints(t *testing.T) {
	s := sweepByHand()
	if note := sweepLinesNote(s); !strings.Contains(note, pairedGroupsNote) {
		t.Errorf("no word of groups:\n%s", note)
	}
	lines := s.Sweep.Lines
	lines[0], lines[1] = lines[1], lines[0] // the grouped line first
	if note := sweepLinesNote(s); !strings.Contains(note, pairedGroupsNote) {
		t.Errorf("grouped line first, no word of groups:\n%s", note)
	}
}

// TestSweepNoteOfProtocolsSomeAxesTouch: a cell named by fewer axes than
// the sweep has is of a protocol only some axes touch; one named by all
// is not.
func TestSweepNoteOfProtocolsSomeAxesTouch(t *testing.T) {
	axes := []SweepAxis{{Name: "x", Values: []string{"1"}}, {Name: "y", Values: []string{"1"}}}
	const some = "A protocol that only some axes touch"
	all := Summary{Sweep: &SweepSummary{Axes: axes}, Cells: []Cell{{Protocol: "p", Cell: "x=1,y=1"}}}
	if note := SweepNote(all); strings.Contains(note, some) {
		t.Errorf("every cell named by both axes:\n%s", note)
	}
	part := Summary{Sweep: &SweepSummary{Axes: axes}, Cells: []Cell{{Protocol: "p", Cell: "x=1"}}}
	if note := SweepNote(part); !strings.Contains(note, some) {
		t.Errorf("a cell of one axis of two:\n%s", note)
	}
}
