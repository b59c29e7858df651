package report

import (
	"strings"
	"testing"

	"github.com/mootlab/moot/analysis"
)

// TestReplicatesShowJudgeStudies: a replicated run's page has the table
// of a judge study's figures across the seeds that its table.md has, with
// the same cells, and the note that says how they are made.
func TestReplicatesShowJudgeStudies(t *testing.T) {
	fig := func(xs ...float64) *analysis.SeedFigure {
		f := &analysis.SeedFigure{Values: xs}
		f.Replicates, f.Mean = len(xs), (xs[0]+xs[1])/2
		f.CILow, f.CIHigh, f.CIMethod = 0.1, 0.9, analysis.MethodReplicatesT
		return f
	}
	k := analysis.CellKey{Protocol: "grade", Task: "t", Judge: "j"}
	rs := &analysis.ReplicateSummary{Seeds: []uint64{1, 2}, Cells: []analysis.ReplicateCell{{CellKey: k, Replicates: 2,
		Grading: &analysis.ReplicateGrading{Agreement: fig(0.7, 0.8), Kappa: fig(0.4, 0.5), Leniency: fig(0.2, 0.3)}}}}
	tables := analysis.ReplicateJudgingTables(rs)
	if len(tables) != 1 || len(tables[0].Rows) != 1 {
		t.Fatalf("judging tables %+v; want one of one row", tables)
	}
	page, err := Replicates(analysis.Summary{Experiment: "x", Replicates: rs}, nil)
	if err != nil {
		t.Fatal(err)
	}
	html := string(page)
	want := `<tr><td>grade</td><td>t</td><td>j</td><td class="num">2</td><td class="num">75.0% [10.0, 90.0]</td><td class="num">0.45 [0.10, 0.90]</td><td class="num">25.0% [10.0, 90.0]</td><td class="num">n/a</td><td class="num">n/a</td></tr>`
	if !strings.Contains(html, `<h2 id="replicate-grading">Grading across seeds</h2>`) || !strings.Contains(html, want) {
		t.Errorf("the page has no grading across seeds, or not as table.md has it (%q):\n%s", tables[0].Rows[0], html)
	}
	// A long name wraps, as in the cells' table, leaving the numbers in
	// sight.
	gold := analysis.CellKey{Protocol: "grade", Task: "t", Judge: "j"}
	rs.Cells[0].CellKey, rs.Cells[0].UpperBound = gold, true
	if page, err = Replicates(analysis.Summary{Experiment: "x", Replicates: rs}, nil); err != nil {
		t.Fatal(err)
	}
	if html := string(page); strings.Count(html, `<td class="long">j (gold reference: upper bound)</td>`) != 2 {
		t.Errorf("the judge of the gold cell does not wrap in both tables:\n%s", html)
	}
	if !strings.Contains(html, "Judge studies") {
		t.Errorf("the page's note does not say how the judge-study figures are made:\n%s", html)
	}
}
