package report

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/mootlab/moot/analysis"
	"github.com/mootlab/moot/internal/browsertest"
)

// TestLongNamesLeaveTheNumbersInSight: a run whose protocol label, task
// and judge have long names (up to the 64 characters a label may have)
// wraps them, so that every cell's accuracy and interval, and every
// comparison's p, lie within a 1280-pixel window: a screenshot of the page
// shows its numbers, not a table cut off after the names.
func TestLongNamesLeaveTheNumbersInSight(t *testing.T) {
	ctx := browsertest.New(t, 1280, 1100, 2*time.Minute)
	dir := t.TempDir()
	eps := testEpisodes()
	for i := range eps {
		e := &eps[i]
		e.Protocol = e.Protocol + "-label-" + strings.Repeat("p", 50)
		e.Task = "task-" + strings.Repeat("t", 59)
		e.Judge = "judge-" + strings.Repeat("j", 58)
	}
	writeRun(t, dir, eps, "")
	_, watch := openReport(t, ctx, dir)
	for _, sel := range []string{
		`#accuracy tr.cell td:nth-last-child(2)`, // the 95% CI
		`#comparisons tbody td:last-child`,       // p
	} {
		cut := browsertest.Eval[[]string](t, ctx, `Array.from(document.querySelectorAll(`+"`"+sel+"`"+`)).
			filter(td => td.getBoundingClientRect().right > document.documentElement.clientWidth).map(td => td.textContent)`)
		n := browsertest.Eval[int](t, ctx, `document.querySelectorAll(`+"`"+sel+"`"+`).length`)
		if n == 0 {
			t.Errorf("%s: no such cell on the page", sel)
		}
		if len(cut) > 0 {
			t.Errorf("%s: %d of %d cells lie beyond the window's right edge: %q", sel, len(cut), n, cut)
		}
	}
	watch.Check(t)
}

// TestReplicatesLongNamesLeaveTheNumbersInSight: the page of a replicated
// run wraps long names as the run's own page does, so that each cell's
// and each comparison's interval, and each player's, lie within a
// 1280-pixel window.
func TestReplicatesLongNamesLeaveTheNumbersInSight(t *testing.T) {
	ctx := browsertest.New(t, 1280, 1100, time.Minute)
	protocol, task, judge := "debate-label-"+strings.Repeat("p", 51), "task-"+strings.Repeat("t", 59), "judge-"+strings.Repeat("j", 58)
	over := analysis.OverSeeds{Replicates: 3, Mean: 0.7, Interval: analysis.Interval{CILow: 0.5, CIHigh: 0.9, CIMethod: analysis.MethodReplicatesT}}
	rs := &analysis.ReplicateSummary{Seeds: []uint64{1, 2, 3}}
	for _, cell := range []string{"difficulty=0.25,rounds=3,word_limit=" + strings.Repeat("9", 40), "difficulty=0.75"} {
		key := analysis.CellKey{Protocol: protocol, Task: task, Judge: judge, Cell: cell}
		rs.Cells = append(rs.Cells, analysis.ReplicateCell{CellKey: key, Accuracy: []float64{0.6, 0.7, 0.8}, Replicates: 3, Mean: 0.7, SD: 0.1,
			Min: 0.6, Max: 0.8, Interval: over.Interval, N: 600})
		other := key
		other.Protocol = "consultancy-label-" + strings.Repeat("c", 46)
		rs.Comparisons = append(rs.Comparisons, analysis.ReplicateComparison{A: other, B: key, OverSeeds: over})
	}
	rs.Elo = []analysis.ReplicateRating{{Player: "debater-" + strings.Repeat("d", 56) + "/correct", Rating: []float64{1100, 1120, 1140},
		OverSeeds: analysis.OverSeeds{Replicates: 3, Mean: 1120, Interval: analysis.Interval{CILow: 1070, CIHigh: 1170, CIMethod: analysis.MethodReplicatesT}}}}
	page, err := Replicates(analysis.Summary{Experiment: "long", Cells: []analysis.Cell{}, Replicates: rs}, nil)
	if err != nil {
		t.Fatal(err)
	}
	watch := openPage(t, ctx, page)
	for table, n := range map[int]int{0: 2, 1: 2, 2: 1} { // cells, comparisons, Elo
		sel := fmt.Sprintf(`document.querySelectorAll("table")[%d].querySelectorAll("tbody tr")`, table)
		cut := browsertest.Eval[[]string](t, ctx, `Array.from(`+sel+`).
			filter(tr => tr.lastElementChild.getBoundingClientRect().right > document.documentElement.clientWidth).map(tr => tr.textContent)`)
		if got := browsertest.Eval[int](t, ctx, sel+`.length`); got != n {
			t.Errorf("table %d: %d rows; want %d", table, got, n)
		}
		if len(cut) > 0 {
			t.Errorf("table %d: %d rows reach beyond the window's right edge: %q", table, len(cut), cut)
		}
	}
	watch.Check(t)
}
