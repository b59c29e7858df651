package report

import (
	"strings"
	"testing"

	"github.com/mootlab/moot/analysis"
)

// TestUpperBoundMarks: the report marks a gold-reference cell as an upper
// bound in a run's comparisons and in a replicated run's cells and
// comparisons, as the tables do.
func TestUpperBoundMarks(t *testing.T) {
	none := analysis.CellKey{Protocol: "none", Task: "t", Judge: "j"}
	gold := analysis.CellKey{Protocol: "gold", Task: "t", Judge: "j"}
	s := comparisonSection(analysis.Summary{Comparisons: []analysis.Paired{{A: none, B: gold}}}, map[analysis.CellKey]string{gold: " (upper bound)"})
	if len(s.Rows) != 1 || s.Rows[0][2] != "none" || s.Rows[0][3] != "gold (upper bound)" {
		t.Errorf("comparison rows %q; want gold alone marked", s.Rows)
	}
	rs := &analysis.ReplicateSummary{Seeds: []uint64{1, 2},
		Cells:       []analysis.ReplicateCell{{CellKey: none, Replicates: 2}, {CellKey: gold, Replicates: 2, UpperBound: true}},
		Comparisons: []analysis.ReplicateComparison{{A: none, B: gold, OverSeeds: analysis.OverSeeds{Replicates: 2}}}}
	page, err := Replicates(analysis.Summary{Experiment: "x", Replicates: rs}, nil)
	if err != nil {
		t.Fatal(err)
	}
	html := string(page)
	if !strings.Contains(html, `<td class="long">j (gold reference: upper bound)</td>`) || !strings.Contains(html, "<td>gold  (upper bound)</td>") || strings.Contains(html, "<td>none  (upper bound)</td>") {
		t.Errorf("the replicated page does not mark the gold cell alone:\n%s", html)
	}
}

// TestComparisonNamesBsCell: in a sweep, a comparison's B of another cell
// than A's is named with its cell, as the terminal names it: the rows of
// consultancy against debate at one and at three rounds read alike.
func TestComparisonNamesBsCell(t *testing.T) {
	a := analysis.CellKey{Protocol: "consultancy", Task: "t", Judge: "j", Cell: "d=0"}
	b1 := analysis.CellKey{Protocol: "debate", Task: "t", Judge: "j", Cell: "d=0,rounds=1"}
	b3 := analysis.CellKey{Protocol: "debate", Task: "t", Judge: "j", Cell: "d=0,rounds=3"}
	s := comparisonSection(analysis.Summary{Comparisons: []analysis.Paired{{A: a, B: b1}, {A: a, B: b3}}}, nil)
	if len(s.Rows) != 2 || s.Rows[0][3] != "debate (d=0,rounds=1)" || s.Rows[1][3] != "debate (d=0,rounds=3)" {
		t.Errorf("comparison rows %q; want each B named with its cell", s.Rows)
	}
}
