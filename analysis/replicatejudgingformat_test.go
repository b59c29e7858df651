package analysis

import (
	"bytes"
	"slices"
	"strings"
	"testing"
)

// seedFigure is a hand-made figure over reps seeds, with its interval.
func seedFigure(mean, lo, hi float64, method string, reps int) *SeedFigure {
	f := &SeedFigure{}
	f.Replicates, f.Mean, f.CILow, f.CIHigh, f.CIMethod = reps, mean, lo, hi, method
	return f
}

// judgingByHand is a replicated sweep of two cells of two seeds, one with
// a sweep cell: both with position bias, the first scoring pairs by rules
// r1 and r2, the second by r2 alone; the second graded too, its κ at one
// seed alone (its own interval, ‡), its τ with no interval.
func judgingByHand() *ReplicateSummary {
	t := MethodReplicatesT
	return &ReplicateSummary{Seeds: []uint64{1, 2}, Cells: []ReplicateCell{
		{CellKey: CellKey{Protocol: "debate", Task: "t", Cell: "turns=2", Judge: "j"}, Replicates: 2,
			Position: &ReplicatePosition{Consistency: seedFigure(0.5, 0.3, 0.7, t, 2), PairAccuracy: []RuleFigure{
				{Rule: "r1", Accuracy: seedFigure(0.4, 0.2, 0.6, t, 2)}, {Rule: "r2", Accuracy: seedFigure(0.45, 0.25, 0.65, t, 2)}}}},
		{CellKey: CellKey{Protocol: "debate", Task: "t", Judge: "j"}, Replicates: 2,
			Position: &ReplicatePosition{Consistency: seedFigure(0.6, 0.4, 0.8, t, 2), PairAccuracy: []RuleFigure{
				{Rule: "r2", Accuracy: seedFigure(0.55, 0.35, 0.75, t, 2)}}},
			Grading: &ReplicateGrading{Agreement: seedFigure(0.8, 0, 0, "", 2), Kappa: seedFigure(0.42, 0.1, 0.7, MethodBootstrap, 1),
				Tau: seedFigure(0.3, 0, 0, "", 2)}},
	}}
}

// TestReplicateJudgingTablesByHand: a sweep's tables name each cell's
// sweep cell; the position table has a column for each rule some cell
// scores, n/a where a cell does not; a κ at one seed shows its own
// interval marked ‡ and how many seeds have it.
func TestReplicateJudgingTablesByHand(t *testing.T) {
	tables := ReplicateJudgingTables(judgingByHand())
	if len(tables) != 2 || tables[0].ID != "replicate-grading" || tables[1].ID != "replicate-position" {
		t.Fatalf("tables %+v; want grading and position", tables)
	}
	g, p := tables[0], tables[1]
	if want := []string{"Protocol", "Cell", "Task", "Judge", "Seeds", "Agreement", "κ", "Lenient", "Strict", "τ"}; !slices.Equal(g.Header, want) {
		t.Errorf("grading header %q; want %q", g.Header, want)
	}
	if want := []string{"debate", "", "t", "j", "2", "80.0%", "0.42 [0.10, 0.70] ‡ (1 seed)", "n/a", "n/a", "0.30"}; len(g.Rows) != 1 || !slices.Equal(g.Rows[0], want) {
		t.Errorf("grading rows %q; want one, %q", g.Rows, want)
	}
	if want := []string{"Protocol", "Cell", "Task", "Judge", "Seeds", "Consistent", "First slot", "r1", "r2"}; !slices.Equal(p.Header, want) {
		t.Errorf("position header %q; want %q", p.Header, want)
	}
	if len(p.Rows) != 2 || p.Rows[0][1] != "turns=2" || !strings.HasPrefix(p.Rows[0][7], "40.0%") || !strings.HasPrefix(p.Rows[0][8], "45.0%") ||
		p.Rows[1][7] != "n/a" || !strings.HasPrefix(p.Rows[1][8], "55.0%") {
		t.Errorf("position rows %q; want r1 and r2 in the first cell, n/a and r2 in the second", p.Rows)
	}
	var md bytes.Buffer
	if err := writeReplicateJudging(&md, judgingByHand(), FormatMarkdown); err != nil {
		t.Fatal(err)
	}
	// The figures are set right from Seeds on, the names left.
	lines := strings.Split(md.String(), "\n")
	i := slices.IndexFunc(lines, func(l string) bool { return strings.HasPrefix(l, "| Protocol") })
	if i < 0 || i+1 >= len(lines) {
		t.Fatalf("no grading table:\n%s", md.String())
	}
	seps := strings.Split(strings.Trim(lines[i+1], "|"), "|")
	for j, s := range seps {
		if right := strings.HasSuffix(strings.TrimSpace(s), ":") && !strings.HasPrefix(strings.TrimSpace(s), ":"); right != (j >= 4) {
			t.Errorf("column %d (%s) aligned as %q:\n%s", j, g.Header[j], s, md.String())
		}
	}
}

// TestReplicateJudgingNoteAndColumns: the note says how the figures are
// made where some cell has only position bias; the CSV leaves a bound
// empty where a figure has no interval.
func TestReplicateJudgingNoteAndColumns(t *testing.T) {
	rs := judgingByHand()
	rs.Cells[1].Grading = nil
	if note := replicateJudgingNote(rs); !strings.Contains(note, "Judge studies") {
		t.Errorf("position bias alone: note %q; want it to say how the judge-study figures are made", note)
	}
	rs = judgingByHand()
	values, header := replicateJudgingColumns(rs)
	row := values(rs.Cells[1])
	at := func(col string) string { return row[slices.Index(header, col)] }
	if at("tau") != ftoa(0.3) || at("tau_ci_low") != "" || at("tau_ci_high") != "" || at("kappa_ci_low") != ftoa(0.1) {
		t.Errorf("CSV %q of %q; want τ with no interval, κ with its own", row, header)
	}
}

// TestReplicatePositionColumnsByHand: a replicated run's table.csv has
// the position bias over seeds a seed's table.csv has of its own, each
// figure's mean and interval: under the rules of pairRules, by name,
// empty where a cell's seeds score no pair by the rule; a cell without
// position bias leaves every column empty, and a run with none has none.
func TestReplicatePositionColumnsByHand(t *testing.T) {
	rs := judgingByHand()
	tm := MethodReplicatesT
	rs.Cells[0].Position.PairAccuracy = []RuleFigure{{Rule: "swap-average", Accuracy: seedFigure(0.7, 0.6, 0.8, tm, 2)},
		{Rule: "inconsistent-wrong", Accuracy: seedFigure(0.4, 0.2, 0.6, tm, 2)}}
	rs.Cells[0].Position.FirstSlotPreference = seedFigure(0.55, 0.5, 0.6, tm, 2)
	rs.Cells[1].Position = nil
	var buf bytes.Buffer
	if err := WriteReplicatesCSV(&buf, rs); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	header := strings.Split(lines[0], ",")
	at := func(row int, col string) string {
		i := slices.Index(header, col)
		if i < 0 {
			t.Fatalf("no column %s in %q", col, header)
		}
		return strings.Split(lines[row], ",")[i]
	}
	for col, want := range map[string]string{
		"consistency": "0.5000", "consistency_ci_low": "0.3000", "consistency_ci_high": "0.7000",
		"first_slot_preference": "0.5500", "first_slot_preference_ci_low": "0.5000", "first_slot_preference_ci_high": "0.6000",
		"pair_accuracy_inconsistent_wrong": "0.4000", "pair_accuracy_inconsistent_wrong_ci_low": "0.2000", "pair_accuracy_inconsistent_wrong_ci_high": "0.6000",
		"pair_accuracy_inconsistent_tie": "", "pair_accuracy_inconsistent_tie_ci_low": "", "pair_accuracy_inconsistent_tie_ci_high": "",
		"pair_accuracy_swap_average": "0.7000", "pair_accuracy_swap_average_ci_low": "0.6000", "pair_accuracy_swap_average_ci_high": "0.8000",
	} {
		if got := at(1, col); got != want {
			t.Errorf("first cell's %s = %q; want %q", col, got, want)
		}
		if got := at(2, col); got != "" {
			t.Errorf("the cell without position bias: %s = %q; want it empty", col, got)
		}
	}
	rs.Cells[0].Position = nil
	buf.Reset()
	if err := WriteReplicatesCSV(&buf, rs); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(buf.String(), "consistency") {
		t.Errorf("a run without position bias has its columns:\n%s", buf.String())
	}
}
