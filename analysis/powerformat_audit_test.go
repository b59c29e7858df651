package analysis

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

// powerByHand is two comparisons read for planning: one the pilot can
// say something of, with an MDE of 12.345 points, a power at 200
// questions of 61.23%, and no number of questions that finds ±5 points
// (QuestionsNeeded 0); one it cannot (too few questions).
func powerByHand() []Power {
	mde, at := 0.123456, 0.61234
	return []Power{
		{A: CellKey{Protocol: "a", Task: "t", Judge: "j"}, B: CellKey{Protocol: "b", Task: "t", Judge: "j"},
			Questions: 40, Units: 40, Difference: 0.05, SE: 0.04321, MDE: &mde, PowerAt: &at, Estimable: true},
		{A: CellKey{Protocol: "a", Task: "u", Judge: "j"}, B: CellKey{Protocol: "b", Task: "u", Judge: "j"},
			Questions: 1, Units: 1},
	}
}

// TestPowerCSVByHand: the CSV has the goal's level in its alpha column
// and its power in its power column, and says which comparisons are
// estimable.
func TestPowerCSVByHand(t *testing.T) {
	goal := PowerGoal{Delta: 0.05, Alpha: 0.01, Power: 0.9, At: 200}
	var b bytes.Buffer
	if err := WritePower(&b, powerByHand(), goal, FormatCSV); err != nil {
		t.Fatal(err)
	}
	rows := namedRows(t, b.String())
	want := []map[string]string{
		{"delta": "0.0500", "alpha": "0.0100", "power": "0.9000", "at": "200", "estimable": "true", "mde": "0.1235",
			"questions_needed": "0", "power_at": "0.6123", "se": "0.0432"},
		{"alpha": "0.0100", "power": "0.9000", "estimable": "false", "mde": "", "power_at": ""},
	}
	for i, w := range want {
		for col, v := range w {
			if got := rows[i][col]; got != v {
				t.Errorf("row %d: %s = %q, want %q", i, col, got, v)
			}
		}
	}
}

// TestPowerJSONRoundsTheMDE: the JSON keeps four places of the MDE, as
// summary.json does.
func TestPowerJSONRoundsTheMDE(t *testing.T) {
	var b bytes.Buffer
	if err := WritePower(&b, powerByHand(), DefaultPowerGoal, FormatJSON); err != nil {
		t.Fatal(err)
	}
	var got struct{ Comparisons []Power }
	if err := json.Unmarshal(b.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	if m := got.Comparisons[0].MDE; m == nil || *m != 0.1235 {
		t.Errorf("MDE %v, want 0.1235:\n%s", m, b.String())
	}
}

// TestPowerTableByHand: SE and MDE in points to one place, "none" where
// no number of questions finds the goal's difference, n/a where the
// pilot cannot say; no column of power at some questions where the goal
// names none.
func TestPowerTableByHand(t *testing.T) {
	var b bytes.Buffer
	if err := WritePower(&b, powerByHand(), DefaultPowerGoal, FormatMarkdown); err != nil {
		t.Fatal(err)
	}
	rows := markdownRows(b.String())
	if len(rows) != 2 {
		t.Fatalf("got %d rows, want 2:\n%s", len(rows), b.String())
	}
	want := []map[string]string{
		{"Task": "t", "SE": "4.3", "MDE": "12.3", "Questions for ±5.0": "none"},
		{"Task": "u", "SE": "n/a", "MDE": "n/a", "Questions for ±5.0": "n/a"},
	}
	for i, w := range want {
		for col, v := range w {
			if got := rows[i][col]; got != v {
				t.Errorf("row %d: %s = %q, want %q", i, col, got, v)
			}
		}
	}
	if strings.Contains(b.String(), "Power at") {
		t.Errorf("a goal of no questions has no power at them:\n%s", b.String())
	}
}

// TestGoalPercentKeepsItsPlaces: a goal's share keeps as many places as
// it has, up to six of the percentage.
func TestGoalPercentKeepsItsPlaces(t *testing.T) {
	for _, tt := range []struct {
		share  float64
		places int
		want   string
	}{{0.0012345, 1, "0.12345"}, {0.05, 1, "5.0"}, {0.8, 0, "80"}, {0.0125, 1, "1.25"}} {
		if got := goalPercent(tt.share, tt.places); got != tt.want {
			t.Errorf("goalPercent(%v, %d) = %q, want %q", tt.share, tt.places, got, tt.want)
		}
	}
}
