package report

import (
	"bytes"
	"image/png"
	"strings"
	"testing"

	"github.com/mootlab/moot/analysis"
)

// phaseSummary is a replicated run's summary with one 2 × 2 phase map.
func phaseSummary() analysis.Summary {
	var cs []analysis.ReplicateComparison
	for i, cell := range []string{"d=0,s=0", "d=1,s=0", "d=0,s=1", "d=1,s=1"} {
		lo := []float64{-0.2, 0.1, -0.05, 0.2}[i]
		cs = append(cs, analysis.ReplicateComparison{
			A:         analysis.CellKey{Protocol: "consultancy", Task: "qa", Judge: "judge", Cell: cell},
			B:         analysis.CellKey{Protocol: "debate", Task: "qa", Judge: "judge", Cell: cell},
			OverSeeds: analysis.OverSeeds{Mean: lo + 0.05, Interval: analysis.Interval{CILow: lo, CIHigh: lo + 0.1}, Replicates: 3},
		})
	}
	rs := &analysis.ReplicateSummary{Seeds: []uint64{1, 2, 3}, Comparisons: cs}
	return analysis.Summary{Experiment: "phase", Cells: []analysis.Cell{}, Replicates: rs}
}

// TestReplicatesPagePhaseMaps: the replicated run's page draws its phase
// map, with the status of each point written in it.
func TestReplicatesPagePhaseMaps(t *testing.T) {
	page, err := Replicates(phaseSummary(), nil)
	if err != nil {
		t.Fatal(err)
	}
	s := string(page)
	for _, want := range []string{"<h2>Phase maps</h2>", `<figure id="phase-1"><svg`, "reverses", "holds", "fails"} {
		if !strings.Contains(s, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	sum := phaseSummary()
	sum.Replicates.Comparisons = sum.Replicates.Comparisons[:1]
	page, err = Replicates(sum, nil)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(page), "Phase maps") {
		t.Errorf("a page with no map has a phase section")
	}
}

// TestPhasePNGs draws one PNG a map, of the plot's size.
func TestPhasePNGs(t *testing.T) {
	pngs, err := PhasePNGs(phaseSummary())
	if err != nil {
		t.Fatal(err)
	}
	if len(pngs) != 1 {
		t.Fatalf("got %d PNGs; want 1", len(pngs))
	}
	img, err := png.Decode(bytes.NewReader(pngs[0]))
	if err != nil {
		t.Fatal(err)
	}
	if b := img.Bounds(); b.Dx() < 400 || b.Dy() < 300 {
		t.Errorf("PNG is %v; want at least 400 × 300", b)
	}
}

// TestReplicatesPageColumns: the replicated run's page has a column of
// cells only for a sweep, and of Elo groups only where players never met;
// its numbers are set right, as the run's own page sets them.
func TestReplicatesPageColumns(t *testing.T) {
	rs := &analysis.ReplicateSummary{Seeds: []uint64{1, 2},
		Cells: []analysis.ReplicateCell{{CellKey: analysis.CellKey{Protocol: "debate", Task: "qa", Judge: "j"}, Replicates: 2, Mean: 0.8}},
		Elo:   []analysis.ReplicateRating{{Player: "strong", Rating: []float64{1100, 1120}}}}
	page, err := Replicates(analysis.Summary{Experiment: "x", Replicates: rs}, nil)
	if err != nil {
		t.Fatal(err)
	}
	s := string(page)
	for _, absent := range []string{"<th>Cell</th>", "Group</th>"} {
		if strings.Contains(s, absent) {
			t.Errorf("a run with no sweep and one Elo group has %q", absent)
		}
	}
	if !strings.Contains(s, `<td class="num">80.0%</td>`) || !strings.Contains(s, `name="viewport"`) {
		t.Errorf("the mean is not set as a number, or the page has no viewport:\n%s", s)
	}
	rs.Cells[0].Cell, rs.Elo[0].Group = "judge.skill=0.5", 1
	if page, _ = Replicates(analysis.Summary{Experiment: "x", Replicates: rs}, nil); !strings.Contains(string(page), "<th>Cell</th>") || !strings.Contains(string(page), "Group</th>") {
		t.Error("a sweep with Elo groups lacks the Cell or Group column")
	}
}

// TestReplicatesPageComparisonP: the replicated run's page has each
// comparison's p and p Holm, in that order after its CI, p marked †
// where the CI disagrees with it.
func TestReplicatesPageComparisonP(t *testing.T) {
	p, holm := 0.0611, 0.1222
	rs := &analysis.ReplicateSummary{Seeds: []uint64{1, 2},
		Cells: []analysis.ReplicateCell{{CellKey: analysis.CellKey{Protocol: "debate", Task: "qa", Judge: "j"}, Replicates: 2, Mean: 0.8}},
		Comparisons: []analysis.ReplicateComparison{{A: analysis.CellKey{Protocol: "direct", Task: "qa", Judge: "j"}, B: analysis.CellKey{Protocol: "debate", Task: "qa", Judge: "j"},
			Difference: []float64{0.1, 0.2}, PValue: &p, PHolm: &holm,
			OverSeeds: analysis.OverSeeds{Replicates: 2, Mean: 0.15, Interval: analysis.Interval{CILow: 0.01, CIHigh: 0.29, CIMethod: analysis.MethodReplicatesCrossed}}}}}
	page, err := Replicates(analysis.Summary{Experiment: "x", Replicates: rs}, nil)
	if err != nil {
		t.Fatal(err)
	}
	s := string(page)
	if !strings.Contains(s, `<th class="num">p</th><th class="num">p Holm</th>`) {
		t.Errorf("page lacks the p and p Holm columns:\n%s", s)
	}
	if want := `<td class="num">0.0611 †</td><td class="num">0.1222</td>`; !strings.Contains(s, want) {
		t.Errorf("page lacks %q, p then p Holm:\n%s", want, s)
	}
}
