package report

import (
	"encoding/json"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/mootlab/moot/analysis"
)

func TestJudgingSection(t *testing.T) {
	cells := []analysis.Cell{
		{Protocol: "plain", Task: "t", Judge: "j"},
		{Protocol: "gold", Task: "t", Judge: "j", Reference: &analysis.ReferenceSplit{Source: "gold", UpperBound: true, Accuracy: 1,
			Right: analysis.Part{N: 4, Correct: 4, Accuracy: 1}}},
		{Protocol: "graded", Task: "t", Judge: "j", Reference: &analysis.ReferenceSplit{Source: "agent", Agent: "w", Accuracy: 0.5,
			Right: analysis.Part{N: 2, Correct: 2, Accuracy: 1}, Wrong: analysis.Part{N: 2, Correct: 0, Accuracy: 0}},
			Grading: &analysis.Grading{Agreement: 0.75, Kappa: 0.5, KappaDefined: true, Leniency: 1.0 / 3, WrongN: 6, Strictness: 1.0 / 6, RightN: 6,
				Tau: 1.0 / 3, TauDefined: true, TauCI: &analysis.Interval{CILow: -1, CIHigh: 1, CIMethod: analysis.MethodRange}}},
	}
	s := judgingSection(cells)
	if len(s.Rows) != 2 {
		t.Fatalf("rows %v; want the two cells with a reference or a grading", s.Rows)
	}
	want := [][]string{
		{"gold", "t", "j", "gold (upper bound)", "100.0%", "100.0% (n 4)", "n/a", "", "", "", "", ""},
		{"graded", "t", "j", "agent: w", "50.0%", "100.0% (n 2)", "0.0% (n 2)", "75.0%", "0.50", "33.3%", "16.7%", "0.33 [-1.00, 1.00]"},
	}
	for i, w := range want {
		if !slices.Equal(s.Rows[i], w) {
			t.Errorf("row %d: %q; want %q", i, s.Rows[i], w)
		}
	}
	// What τ ranks: each exam-taker's true and judged accuracy.
	cells[2].Grading.ExamTakers = []analysis.ExamTaker{{Agent: "ace", N: 10, Accuracy: 0.9, Judged: 0.7}, {Agent: "dud", N: 10, Accuracy: 0.2, Judged: 0.4}}
	e := examTakersSection(cells)
	if want := [][]string{{"graded", "t", "j", "ace", "10", "90.0%", "70.0%"}, {"graded", "t", "j", "dud", "10", "20.0%", "40.0%"}}; !slices.EqualFunc(e.Rows, want, slices.Equal) {
		t.Errorf("exam-takers %q; want %q", e.Rows, want)
	}
}

// TestUsageShowsFailedCalls: the usage table has a column of failed calls
// when any call failed, and none otherwise.
func TestUsageShowsFailedCalls(t *testing.T) {
	ok := usageSection("u", "Usage", "Agent", map[string]analysis.Usage{"a": {Calls: 3}})
	if slices.Contains(ok.Header, "Failed calls") {
		t.Errorf("header %v with no failed call; want no column for them", ok.Header)
	}
	s := usageSection("u", "Usage", "Agent", map[string]analysis.Usage{"a": {Calls: 3, FailedCalls: 2}, "b": {Calls: 1}})
	if i := slices.Index(s.Header, "Failed calls"); i < 0 || s.Rows[0][i] != "2" || s.Rows[1][i] != "0" || len(s.Rows[0]) != len(s.Header) {
		t.Errorf("header %v, rows %v; want a column of failed calls", s.Header, s.Rows)
	}
}

// TestUsageShowsReasoningTokens: the usage table has a column of the
// output tokens spent thinking when a server counted any, beside the
// output tokens, and none otherwise (the sim's); with failed calls too,
// each value stays under its heading.
func TestUsageShowsReasoningTokens(t *testing.T) {
	ok := usageSection("u", "Usage", "Agent", map[string]analysis.Usage{"a": {Calls: 3}})
	if slices.Contains(ok.Header, "Reasoning tokens") {
		t.Errorf("header %v with no reasoning counted; want no column for it", ok.Header)
	}
	s := usageSection("u", "Usage", "Agent", map[string]analysis.Usage{"a": {Calls: 3, OutputTokens: 5000, ReasoningTokens: 4096, FailedCalls: 1}, "b": {Calls: 1}})
	i := slices.Index(s.Header, "Reasoning tokens")
	if i < 0 || s.Header[i-1] != "Output tokens" || s.Rows[0][i] != "4,096" || s.Rows[0][i-1] != "5,000" || s.Rows[1][i] != "0" || len(s.Rows[0]) != len(s.Header) {
		t.Errorf("header %v, rows %v; want a column of reasoning tokens after the output tokens", s.Header, s.Rows)
	}
	if j := slices.Index(s.Header, "Failed calls"); j < 0 || s.Rows[0][j] != "1" {
		t.Errorf("header %v, rows %v; want the failed calls under their heading", s.Header, s.Rows)
	}
}

// TestPositionSectionWithoutVerdicts: the position-bias table gives no
// first-slot preference for a cell with no verdict parsed, where 0% read
// as a lean to B.
func TestPositionSectionWithoutVerdicts(t *testing.T) {
	s := positionSection([]analysis.Cell{{Protocol: "direct", Task: "pairs", Judge: "j", Position: &analysis.PositionBias{Pairs: 10}}})
	if len(s.Rows) != 1 || !slices.Contains(s.Rows[0], "— (0 of 0)") {
		t.Errorf("rows %q; want the preference shown as none", s.Rows)
	}
	// A summary.json written before the preference was left out has 0
	// beside no verdict, as moot report reads it back.
	var old analysis.PositionBias
	if err := json.Unmarshal([]byte(`{"pairs":10,"verdicts":0,"first_slot":0,"first_slot_preference":0}`), &old); err != nil {
		t.Fatal(err)
	}
	s = positionSection([]analysis.Cell{{Protocol: "direct", Task: "pairs", Judge: "j", Position: &old}})
	if !slices.Contains(s.Rows[0], "— (0 of 0)") {
		t.Errorf("an older summary's rows %q; want the preference shown as none", s.Rows)
	}
}

// TestTimeSection: a person's cell gets a row of its times, active and
// wall, with the count of active times where fewer verdicts have one; a
// cell without active times shows n/a for them, and agents' cells no row.
func TestTimeSection(t *testing.T) {
	s := timeSection([]analysis.Cell{
		{Protocol: "debate", Task: "t", Judge: "human:ada", JudgeTime: &analysis.JudgeTime{
			Wall:   analysis.TimeStats{N: 5, Median: 30, Q1: 25, Q3: 40, Mean: 117.925},
			Active: &analysis.TimeStats{N: 4, Median: 25, Q1: 17.5, Q3: 32.5, Mean: 25}}},
		{Protocol: "debate", Task: "t", Judge: "sim-judge"},
		{Protocol: "debate", Task: "t", Judge: "human:bo", JudgeTime: &analysis.JudgeTime{Wall: analysis.TimeStats{N: 1, Median: 8, Q1: 8, Q3: 8, Mean: 8}}},
	})
	want := [][]string{
		{"debate", "t", "human:ada", "5", "25.0 s [17.5, 32.5] (n 4)", "25.0 s", "30.0 s [25.0, 40.0]", "117.9 s"},
		{"debate", "t", "human:bo", "1", "n/a", "n/a", "8.0 s [8.0, 8.0]", "8.0 s"},
	}
	if diff := cmp.Diff(want, s.Rows); diff != "" {
		t.Errorf("rows (-want +got):\n%s", diff)
	}
}

// TestJudgingSectionRatesAndMarks: leniency is a rate over the wrong
// answers graded and strictness over the right ones, each rounded to a
// count of its own n (3 and 5 here, so that the two read apart); a cell
// whose references were the gold in part is marked so, not named by the
// agent that wrote the rest.
func TestJudgingSectionRatesAndMarks(t *testing.T) {
	cells := []analysis.Cell{
		{Protocol: "graded", Task: "t", Judge: "j", Grading: &analysis.Grading{Agreement: 0.75,
			Leniency: 1.0 / 3, WrongN: 3, Strictness: 0.2, RightN: 5}},
		{Protocol: "pooled", Task: "t", Judge: "j", Reference: &analysis.ReferenceSplit{Source: "agent", Agent: "w", GoldInPart: true, Accuracy: 0.5,
			Right: analysis.Part{N: 2, Correct: 2, Accuracy: 1}, Wrong: analysis.Part{N: 2, Correct: 1, Accuracy: 0.5}}},
	}
	s := judgingSection(cells)
	col := func(name string) int { return slices.Index(s.Header, name) }
	for _, c := range []struct {
		row  int
		name string
		want string
	}{
		{0, "Lenient", "33.3%"}, {0, "Strict", "20.0%"},
		{1, "Reference", "agent (gold in part: upper bound in part)"},
		{1, "Judge when right", "100.0% (n 2)"}, {1, "Judge when wrong", "50.0% (n 2)"},
	} {
		if got := s.Rows[c.row][col(c.name)]; got != c.want {
			t.Errorf("row %d %s: got %q; want %q", c.row, c.name, got, c.want)
		}
	}
}
