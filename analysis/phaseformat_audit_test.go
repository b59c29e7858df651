package analysis

import (
	"bytes"
	"strings"
	"testing"
)

// TestPhaseMapTitleEscapedInMarkdown: a protocol's label with a pipe
// keeps the map's bold title whole in Markdown, as labels in its cells
// are.
func TestPhaseMapTitleEscapedInMarkdown(t *testing.T) {
	m := PhaseMap{A: "a|1", B: "b", Task: "t", Judge: "j", X: "x", Y: "y", XValues: []string{"0", "1"}, YValues: []string{"0"},
		Points: []PhasePoint{{X: "0", Y: "0", Replicates: 2, Mean: 0.1, CILow: 0.05, CIHigh: 0.15, Status: PhaseHolds}}}
	var b bytes.Buffer
	if err := WritePhaseMaps(&b, []PhaseMap{m}, FormatMarkdown); err != nil {
		t.Fatal(err)
	}
	if want := `**Phase map: b − a\|1 · t · j, by x (columns) and y (rows)**`; !strings.Contains(b.String(), want) {
		t.Errorf("no %q in\n%s", want, b.String())
	}
}

// TestNoPhaseMapsWriteNothing: without maps, not even the note.
func TestNoPhaseMapsWriteNothing(t *testing.T) {
	for _, f := range []Format{FormatText, FormatMarkdown} {
		var b bytes.Buffer
		if err := WritePhaseMaps(&b, nil, f); err != nil || b.Len() != 0 {
			t.Errorf("%s: wrote %q (error %v), want nothing", f, b.String(), err)
		}
	}
}
