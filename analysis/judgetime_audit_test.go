package analysis

import (
	"slices"
	"testing"
)

// TestTimeStatsByHand: type-7 quartiles worked by hand. Of 1, 2, 3, 4 and
// 10 s (given out of order): h = 4p, so the quartiles are the 2nd, 3rd
// and 4th, 2, 3 and 4 s, the mean 4 s. Of 1, 2, 3 and 4 s: h = 3p, so
// Q1 = 1 + 0.75, the median 2.5, Q3 = 3 + 0.25, the mean 2.5. One time is
// every quartile. The times given are left in their order.
func TestTimeStatsByHand(t *testing.T) {
	five := []int64{4000, 1000, 10000, 3000, 2000}
	if got, want := timeStats(five), (TimeStats{N: 5, Median: 3, Q1: 2, Q3: 4, Mean: 4}); got != want {
		t.Errorf("five: got %+v; want %+v", got, want)
	}
	if !slices.Equal(five, []int64{4000, 1000, 10000, 3000, 2000}) {
		t.Errorf("the times given were reordered: %v", five)
	}
	if got, want := timeStats([]int64{3000, 1000, 4000, 2000}), (TimeStats{N: 4, Median: 2.5, Q1: 1.75, Q3: 3.25, Mean: 2.5}); got != want {
		t.Errorf("four: got %+v; want %+v", got, want)
	}
	if got, want := timeStats([]int64{1500}), (TimeStats{N: 1, Median: 1.5, Q1: 1.5, Q3: 1.5, Mean: 1.5}); got != want {
		t.Errorf("one: got %+v; want %+v", got, want)
	}
}

// TestMillisRounds: 1.2346 s is 1235 ms, to the nearest (not 1234),
// 0.0006 s is 1 ms.
func TestMillisRounds(t *testing.T) {
	if got := millis(1.2346); got != 1235 {
		t.Errorf("millis(1.2346) = %d; want 1235", got)
	}
	if got := millis(0.0006); got != 1 {
		t.Errorf("millis(0.0006) = %d; want 1", got)
	}
}

// TestJudgeTimeWithoutSeconds: a verdict whose message has no time (0 s,
// as an agent's has) is not timed; a cell of such alone has no JudgeTime.
func TestJudgeTimeWithoutSeconds(t *testing.T) {
	var tally judgeTimeTally
	ep := timed("q1", 0, nil)
	tally.add(&ep)
	if got := tally.finish(); got != nil {
		t.Errorf("a verdict of 0 s: got %+v; want none", got)
	}
	ep2 := timed("q2", 12, nil)
	tally.add(&ep2)
	if got := tally.finish(); got == nil || got.Wall.N != 1 || got.Wall.Median != 12 || got.Active != nil {
		t.Errorf("one verdict of 12 s: got %+v; want one of 12 s, no active time", got)
	}
}
