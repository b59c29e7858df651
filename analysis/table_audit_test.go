package analysis

import (
	"fmt"
	"strings"
	"testing"

	"github.com/mootlab/moot/transcript"
)

// A cell whose questions all share one group is drawn by its questions
// (nothing to draw between groups), so the method note does not say the
// questions of a group are drawn together.
func TestAuditMethodNoteOneGroupIsNoGroups(t *testing.T) {
	var eps []transcript.Episode
	for q := range 4 {
		for r, answer := range []int{0, q % 2} {
			ep := episode("direct", "direct", "t", "j", fmt.Sprintf("q%d", q), fmt.Sprintf("r%d", r), answer, "")
			ep.Group = "one-article"
			eps = append(eps, ep)
		}
	}
	s := Summarize("e", 1, eps)
	if g := s.Cells[0].Groups; g != 1 {
		t.Fatalf("cell groups %d; want 1", g)
	}
	if note := MethodNote(s); strings.Contains(note, GroupsNote) {
		t.Errorf("one group of four questions: method note %q says groups are drawn together", note)
	}
}

// Where every cell's interval is of one method the rows name none: a
// "Wilson CI" note marks a cell only among cells of other methods.
func TestAuditRowsNameNoMethodWhenOne(t *testing.T) {
	cell := func(protocol string, method string) Cell {
		return Cell{Protocol: protocol, Task: "t", Judge: "j", N: 10, Correct: 6, Accuracy: 0.6, Questions: 10,
			Interval: Interval{CILow: 0.3, CIHigh: 0.8, CIMethod: method}}
	}
	one := Summary{Cells: []Cell{cell("direct", MethodWilson), cell("debate", MethodWilson)}}
	for _, row := range tableRows(one, nil) {
		if notes := row[len(row)-1]; strings.Contains(notes, "Wilson CI") {
			t.Errorf("all cells Wilson: row %q names its method", row)
		}
	}
	mixed := Summary{Cells: []Cell{cell("direct", MethodWilson), cell("debate", MethodBootstrap)}}
	if rows := tableRows(mixed, nil); !strings.Contains(rows[0][len(rows[0])-1], "Wilson CI") {
		t.Errorf("Wilson among bootstrap cells: row %q does not name its method", rows[0])
	}
}
