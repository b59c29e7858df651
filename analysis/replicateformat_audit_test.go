package analysis

import (
	"strings"
	"testing"
)

// TestSeedListShortensPastFour: up to four seeds are each named; more,
// the first two, an ellipsis and the last.
func TestSeedListShortensPastFour(t *testing.T) {
	for _, tt := range []struct {
		seeds []uint64
		want  string
	}{
		{[]uint64{7}, "7"},
		{[]uint64{1, 2, 3, 4}, "1, 2, 3, 4"},
		{[]uint64{1, 2, 3, 4, 5}, "1, 2, … 5"},
		{[]uint64{10, 20, 30, 40, 50, 60}, "10, 20, … 60"},
	} {
		if got := seedList(tt.seeds); got != tt.want {
			t.Errorf("seedList(%v) = %q, want %q", tt.seeds, got, tt.want)
		}
	}
}

// TestReplicateCIMarksOnlyTheFallback: an interval over seeds made by
// either method over seeds is unmarked; any other method is the
// fallback, marked ‡.
func TestReplicateCIMarksOnlyTheFallback(t *testing.T) {
	for _, tt := range []struct {
		method string
		signed bool
		want   string
	}{
		{MethodReplicatesT, false, "[41.2, 58.8]"},
		{MethodReplicatesCrossed, false, "[41.2, 58.8]"},
		{MethodWilsonQuestions, false, "[41.2, 58.8] ‡"},
		{MethodReplicatesT, true, "[+41.2, +58.8]"},
	} {
		if got := ReplicateCIText(0.41234, 0.58789, tt.method, tt.signed); got != tt.want {
			t.Errorf("ReplicateCIText(%s, signed %v) = %q, want %q", tt.method, tt.signed, got, tt.want)
		}
	}
}

// TestHeadingCountsOnlyPlayedSeeds: the heading counts the seeds with
// episodes, and names those without only where there are some.
func TestHeadingCountsOnlyPlayedSeeds(t *testing.T) {
	if got, want := (&ReplicateSummary{Seeds: []uint64{1, 2}}).Heading(), "2 replicates"; got != want {
		t.Errorf("Heading = %q, want %q", got, want)
	}
	if got, want := (&ReplicateSummary{Seeds: []uint64{1, 2}, Empty: []uint64{2}}).Heading(), "1 replicate (1 seed with no episodes yet)"; got != want {
		t.Errorf("Heading = %q, want %q", got, want)
	}
}

// replicatesByHand is a replicated run of a sweep: a gold-reading cell
// of two seeds, 0.4 and 0.6, and a cell of one, with one comparison that
// shows above 0 in one seed and below in none.
func replicatesByHand() *ReplicateSummary {
	return &ReplicateSummary{Seeds: []uint64{5, 6}, Cells: []ReplicateCell{
		{CellKey: CellKey{Protocol: "gold", Task: "t", Judge: "j", Cell: "x=1"}, UpperBound: true, Accuracy: []float64{0.4, 0.6},
			Replicates: 2, Mean: 0.5, SD: 0.1414, Min: 0.4, Max: 0.6, N: 20,
			Interval: Interval{CILow: 0.2, CIHigh: 0.8, CIMethod: MethodReplicatesT}},
		{CellKey: CellKey{Protocol: "lone", Task: "t", Judge: "j", Cell: "x=2"}, Accuracy: []float64{0.3}, Seeds: []uint64{6},
			Replicates: 1, Mean: 0.3, Min: 0.3, Max: 0.3, N: 10, Interval: Interval{CILow: 0.1, CIHigh: 0.6, CIMethod: MethodWilsonQuestions}},
	}, Comparisons: []ReplicateComparison{{A: CellKey{Protocol: "gold", Task: "t", Judge: "j", Cell: "x=1"},
		B: CellKey{Protocol: "lone", Task: "t", Judge: "j", Cell: "x=2"}, Difference: []float64{-0.1, -0.3},
		Higher: 1, OverSeeds: OverSeeds{Replicates: 2, Mean: -0.2, SD: 0.1414,
			Interval: Interval{CILow: -0.5, CIHigh: 0.1, CIMethod: MethodReplicatesT}}}}}
}

// TestReplicatesTableByHand: each cell's row names its sweep cell, its
// range lowest first, its CI unsigned; a comparison's row counts the
// seeds above 0 and below in their own columns.
func TestReplicatesTableByHand(t *testing.T) {
	var b strings.Builder
	if err := WriteReplicates(&b, replicatesByHand(), FormatMarkdown); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	rows := markdownRows(out)
	if len(rows) != 2 || rows[0]["Cell"] != "x=1" || rows[0]["Task"] != "t" || rows[0]["Range"] != "40.0–60.0" ||
		rows[0]["95% CI"] != "[20.0, 80.0]" || rows[1]["SD"] != "n/a" || rows[1]["Cell"] != "x=2" {
		t.Errorf("cells' rows %v:\n%s", rows, out)
	}
	_, comparisons, _ := strings.Cut(out, "\n\n")
	crow := markdownRows(comparisons)
	if len(crow) != 1 || crow[0]["above 0"] != "1 of 2" || crow[0]["below 0"] != "0 of 2" {
		t.Errorf("comparison's row %v:\n%s", crow, out)
	}
}

// TestReplicatesCSVByHand: the CSV marks the gold cell's reference,
// gives its minimum and maximum in their columns, and each seed's
// accuracy in its seed's column, the first seed's included.
func TestReplicatesCSVByHand(t *testing.T) {
	var b strings.Builder
	if err := WriteReplicatesCSV(&b, replicatesByHand()); err != nil {
		t.Fatal(err)
	}
	rows := namedRows(t, b.String())
	want := []map[string]string{
		{"reference": "gold" + MarkUpperBound, "min": "0.4000", "max": "0.6000", "seed_5": "0.4000", "seed_6": "0.6000", "sd": "0.1414"},
		{"reference": "", "min": "0.3000", "max": "0.3000", "seed_5": "", "seed_6": "0.3000", "sd": ""},
	}
	for i, w := range want {
		for col, v := range w {
			if got := rows[i][col]; got != v {
				t.Errorf("row %d: %s = %q, want %q", i, col, got, v)
			}
		}
	}
}
