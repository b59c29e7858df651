package analysis

import (
	"slices"
	"strings"
	"testing"
)

// fig is a figure over seeds: its mean over replicates seeds, with the
// interval [lo, hi] over seeds where lo < hi, else none.
func fig(mean float64, replicates int, lo, hi float64) *SeedFigure {
	f := &SeedFigure{OverSeeds: OverSeeds{Replicates: replicates, Mean: mean}}
	if lo < hi {
		f.Interval = Interval{CILow: lo, CIHigh: hi, CIMethod: MethodReplicatesT}
	}
	return f
}

// judgedReplicates is a replicated judge study of three seeds, its
// figures made by hand: a grading cell of two exam-takers that read
// references, judged in both orders and with probabilities, and a cell
// judged in both orders alone.
func judgedReplicates() *ReplicateSummary {
	return &ReplicateSummary{Seeds: []uint64{1, 2, 3}, Cells: []ReplicateCell{
		{CellKey: CellKey{Protocol: "grade", Task: "t", Judge: "j"}, Replicates: 3,
			Grading: &ReplicateGrading{Agreement: fig(0.8, 3, 0, 0), Kappa: fig(0.5, 2, 0.2, 0.8), Leniency: fig(0.1, 3, 0, 0),
				Strictness: fig(0.2, 3, 0, 0), Tau: fig(0.4, 3, 0.1, 0.7), BaseRate: fig(0.6, 3, 0, 0), SaidCorrect: fig(0.7, 3, 0, 0),
				ExamTakers: []ReplicateExamTaker{{Agent: "a", Accuracy: fig(0.5, 3, 0, 0), Judged: fig(0.6, 3, 0, 0)},
					{Agent: "b", Accuracy: fig(0.7, 3, 0, 0), Judged: fig(0.8, 3, 0, 0)}}},
			Reference: &ReplicateReference{Accuracy: fig(0.9, 3, 0, 0), Right: fig(0.85, 3, 0, 0), Wrong: fig(0.3, 3, 0, 0)},
			Position: &ReplicatePosition{Consistency: fig(0.75, 3, 0, 0), FirstSlotPreference: fig(0.55, 3, 0.45, 0.65),
				PairAccuracy: []RuleFigure{{Rule: RuleInconsistentWrong, Accuracy: fig(0.6, 3, 0, 0)}}},
			Calibration: &ReplicateCalibration{ECE: fig(0.0456, 3, 0.0123, 0.0789), Brier: fig(0.2, 3, 0, 0)}},
		{CellKey: CellKey{Protocol: "swap", Task: "t", Judge: "j"}, Replicates: 3,
			Position: &ReplicatePosition{Consistency: fig(0.7, 3, 0, 0), PairAccuracy: []RuleFigure{{Rule: RuleInconsistentWrong, Accuracy: fig(0.5, 3, 0, 0)}}}},
	}}
}

// TestReplicateJudgingFiguresByHand: each figure in its column, shares
// in percent and κ, τ with two decimals and ECE with three; "(k seeds)"
// only where fewer than the cell's seeds have the figure; the row (all)
// of the exam-takers with the shares right, then called correct; each
// rule once in the position table; the figures from the Seeds column on.
func TestReplicateJudgingFiguresByHand(t *testing.T) {
	tables := map[string]JudgingTable{}
	for _, jt := range ReplicateJudgingTables(judgedReplicates()) {
		tables[jt.ID] = jt
		if jt.Header[jt.NumericFrom] != "Seeds" && jt.Header[jt.NumericFrom-1] != "Exam-taker" {
			t.Errorf("%s: figures from column %d of %q, want from Seeds", jt.ID, jt.NumericFrom, jt.Header)
		}
	}
	check := func(id string, row int, want []string) {
		t.Helper()
		jt := tables[id]
		if row >= len(jt.Rows) || !slices.Equal(jt.Rows[row], want) {
			t.Errorf("%s row %d: %q, want %q", id, row, jt.Rows, want)
		}
	}
	check("replicate-grading", 0, []string{"grade", "t", "j", "3", "80.0%", "0.50 [0.20, 0.80] (2 seeds)", "10.0%", "20.0%", "0.40 [0.10, 0.70]"})
	check("replicate-exam-takers", 0, []string{"grade", "t", "j", "a", "3", "50.0%", "60.0%"})
	check("replicate-exam-takers", 2, []string{"grade", "t", "j", "(all)", "3", "60.0%", "70.0%"})
	check("replicate-reference", 0, []string{"grade", "t", "j", "3", "90.0%", "85.0%", "30.0%"})
	check("replicate-calibration", 0, []string{"grade", "t", "j", "3", "0.046 [0.012, 0.079]", "0.200"})
	if h := tables["replicate-position"].Header; !slices.Equal(h[4:], []string{"Consistent", "First slot", RuleInconsistentWrong}) {
		t.Errorf("position header %q, want each rule once", h)
	}
	if n := len(tables["replicate-exam-takers"].Rows); n != 3 {
		t.Errorf("%d exam-taker rows, want a, b and (all)", n)
	}
}

// TestReplicateJudgingCSVByHand: each figure's mean and interval in the
// columns of its name; a figure without an interval leaves its bounds
// empty.
func TestReplicateJudgingCSVByHand(t *testing.T) {
	var b strings.Builder
	if err := WriteReplicatesCSV(&b, judgedReplicates()); err != nil {
		t.Fatal(err)
	}
	got := namedRows(t, b.String())[0]
	for col, v := range map[string]string{
		"reference_accuracy": "0.9000", "accuracy_reference_right": "0.8500", "accuracy_reference_wrong": "0.3000",
		"kappa": "0.5000", "kappa_ci_low": "0.2000", "leniency": "0.1000", "strictness": "0.2000",
		"tau": "0.4000", "tau_ci_low": "0.1000", "tau_ci_high": "0.7000",
		"consistency": "0.7500", "consistency_ci_low": "", "first_slot_preference": "0.5500", "first_slot_preference_ci_low": "0.4500",
		"ece": "0.0456", "ece_ci_low": "0.0123", "ece_ci_high": "0.0789", "brier": "0.2000", "brier_ci_low": "",
	} {
		if got[col] != v {
			t.Errorf("%s = %q, want %q", col, got[col], v)
		}
	}
}

// TestReplicateJudgingNoteOfCalibrationAlone: calibration alone is a
// judge study the note explains.
func TestReplicateJudgingNoteOfCalibrationAlone(t *testing.T) {
	rs := &ReplicateSummary{Seeds: []uint64{1}, Cells: []ReplicateCell{{CellKey: CellKey{Protocol: "p", Task: "t", Judge: "j"},
		Replicates: 1, Calibration: &ReplicateCalibration{ECE: fig(0.1, 1, 0, 0), Brier: fig(0.2, 1, 0, 0)}}}}
	if note := replicateJudgingNote(rs); !strings.Contains(note, "Judge studies") {
		t.Errorf("no note of the judge study: %q", note)
	}
}

// TestReplicateExamTakersOfOneHaveNoRowAll: with one exam-taker, its
// row is the cell's; no row (all) repeats it.
func TestReplicateExamTakersOfOneHaveNoRowAll(t *testing.T) {
	rs := &ReplicateSummary{Seeds: []uint64{1, 2}, Cells: []ReplicateCell{{CellKey: CellKey{Protocol: "grade", Task: "t", Judge: "j"},
		Replicates: 2, Grading: &ReplicateGrading{Agreement: fig(0.8, 2, 0, 0), BaseRate: fig(0.5, 2, 0, 0), SaidCorrect: fig(0.6, 2, 0, 0),
			ExamTakers: []ReplicateExamTaker{{Agent: "a", Accuracy: fig(0.5, 2, 0, 0), Judged: fig(0.6, 2, 0, 0)}}}}}}
	for _, jt := range ReplicateJudgingTables(rs) {
		if jt.ID == "replicate-exam-takers" && len(jt.Rows) != 1 {
			t.Errorf("exam-taker rows %q, want a's alone", jt.Rows)
		}
	}
}
