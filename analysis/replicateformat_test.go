package analysis

import (
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
