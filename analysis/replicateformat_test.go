package analysis

import (
	"encoding/csv"
	"fmt"
	"slices"
	"strings"
	"testing"
)

// TestOneReplicateHasNoSD: an SD over one replicate is undefined: the
// tables write n/a (the CSV leaves it empty), not 0.0; over two, its value.
func TestOneReplicateHasNoSD(t *testing.T) {
	rs := &ReplicateSummary{Seeds: []uint64{3, 4}, Cells: []ReplicateCell{
		{CellKey: CellKey{Protocol: "lone", Task: "t", Judge: "j"}, Accuracy: []float64{0.5}, Seeds: []uint64{3}, Replicates: 1, Mean: 0.5, Min: 0.5, Max: 0.5},
		{CellKey: CellKey{Protocol: "pair", Task: "t", Judge: "j"}, Accuracy: []float64{0.5, 0.7}, Replicates: 2, Mean: 0.6, SD: 0.1414, Min: 0.5, Max: 0.7},
	}}
	var md, csv strings.Builder
	if err := WriteReplicates(&md, rs, FormatMarkdown); err != nil {
		t.Fatal(err)
	}
	if err := WriteReplicatesCSV(&csv, rs); err != nil {
		t.Fatal(err)
	}
	sds := map[string]string{}
	for _, l := range strings.Split(md.String(), "\n") {
		if f := strings.Split(l, "|"); len(f) > 6 {
			sds[strings.TrimSpace(f[1])] = strings.TrimSpace(f[6]) // the SD column
		}
	}
	if sds["lone"] != "n/a" || sds["pair"] != "14.1" {
		t.Errorf("SD by protocol %v; want n/a for one replicate, 14.1 for two:\n%s", sds, md.String())
	}
	rows := strings.Split(csv.String(), "\n")
	if !strings.HasPrefix(rows[1], "lone,,,t,j,1,0.5000,,") || !strings.HasPrefix(rows[2], "pair,,,t,j,2,0.6000,0.1414,") {
		t.Errorf("csv rows %q, %q; want an empty SD for one replicate, 0.1414 for two", rows[1], rows[2])
	}
}

// TestSeedColumnsOfAPartialCell: a cell that only some seeds have (a seed
// stopped early) gives its accuracy at each of those seeds in that seed's
// column of table.csv, and leaves the others' empty — not every column.
func TestSeedColumnsOfAPartialCell(t *testing.T) {
	rs := &ReplicateSummary{Seeds: []uint64{13, 7, 21}, Cells: []ReplicateCell{
		{CellKey: CellKey{Protocol: "all", Task: "t", Judge: "j"}, Accuracy: []float64{0.5, 0.6, 0.7}, Replicates: 3},
		{CellKey: CellKey{Protocol: "some", Task: "t", Judge: "j"}, Accuracy: []float64{0.25, 0.75}, Seeds: []uint64{13, 21}, Replicates: 2},
		{CellKey: CellKey{Protocol: "one", Task: "t", Judge: "j"}, Accuracy: []float64{0.125}, Seeds: []uint64{7}, Replicates: 1},
	}}
	var out strings.Builder
	if err := WriteReplicatesCSV(&out, rs); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(strings.NewReader(out.String())).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	at := slices.Index(rows[0], "seed_13")
	if at < 0 || !slices.Equal(rows[0][at:at+3], []string{"seed_13", "seed_7", "seed_21"}) {
		t.Fatalf("header %q; want the seeds' columns in the run's order", rows[0])
	}
	want := map[string][]string{
		"all":  {"0.5000", "0.6000", "0.7000"},
		"some": {"0.2500", "", "0.7500"},
		"one":  {"", "0.1250", ""},
	}
	for _, row := range rows[1:] {
		if got := row[at : at+3]; !slices.Equal(got, want[row[0]]) {
			t.Errorf("%s: seed columns %q; want %q", row[0], got, want[row[0]])
		}
	}
}

// TestReplicateComparisonsTableHasP: the comparisons across seeds give
// p and p Holm, p marked † where the interval says otherwise at 5% (and
// the note says why), and n/a for a comparison read from a summary.json
// written before they were kept.
func TestReplicateComparisonsTableHasP(t *testing.T) {
	p1, h1, p2, h2 := 0.0123, 0.0246, 0.0611, 0.0611
	cmp := func(b string, lo, hi float64, p, holm *float64) ReplicateComparison {
		return ReplicateComparison{A: CellKey{Protocol: "direct", Task: "t", Judge: "j"}, B: CellKey{Protocol: b, Task: "t", Judge: "j"},
			Difference: []float64{0.1, 0.2}, PValue: p, PHolm: holm,
			OverSeeds: OverSeeds{Replicates: 2, Mean: 0.15, SD: 0.07, Interval: Interval{CILow: lo, CIHigh: hi, CIMethod: MethodReplicatesCrossed}}}
	}
	rs := &ReplicateSummary{Seeds: []uint64{1, 2}, Comparisons: []ReplicateComparison{
		cmp("debate", 0.05, 0.25, &p1, &h1),
		cmp("consultancy", 0.01, 0.29, &p2, &h2), // above 0, yet p ≥ 0.05: †
		cmp("mad", -0.05, 0.35, nil, nil),
	}}
	var md strings.Builder
	if err := WriteReplicates(&md, rs, FormatMarkdown); err != nil {
		t.Fatal(err)
	}
	cols := map[string][2]string{}
	for _, l := range strings.Split(md.String(), "\n") {
		if f := strings.Split(l, "|"); len(f) > 11 {
			cols[strings.TrimSpace(f[4])] = [2]string{strings.TrimSpace(f[9]), strings.TrimSpace(f[10])}
		}
	}
	want := map[string][2]string{"B": {"p", "p Holm"}, "debate": {"0.0123", "0.0246"}, "consultancy": {"0.0611 †", "0.0611"}, "mad": {"n/a", "n/a"}}
	for b, w := range want {
		if cols[b] != w {
			t.Errorf("%s: p, p Holm %q; want %q:\n%s", b, cols[b], w, md.String())
		}
	}
	if note := ReplicateNote(rs); !strings.Contains(note, "p Holm: p adjusted by Holm") || !strings.Contains(note, "†: the CI and the p-value disagree") {
		t.Errorf("note %q; want it to say what p Holm and † are", note)
	}
	if note, want := ReplicateNote(rs), fmt.Sprintf("(%d relabellings;", Permutations); !strings.Contains(note, want) {
		t.Errorf("note %q; want it to say the permutation test's relabellings, %q", note, want)
	}
}
