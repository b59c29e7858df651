package analysis

import (
	"encoding/csv"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/mootlab/moot/transcript"
)

// pairedStudy is a judge's verdicts on questions questions, each judged
// in both orders: its answer in the first order is a coin's, and in the
// second the same with probability consistent; a slot-A lean shows as
// the first order's verdict choosing A (answer 0, shown first) with
// probability leanA.
func pairedStudy(r *rand.Rand, questions int, consistent, leanA float64) []transcript.Episode {
	var eps []transcript.Episode
	for i := range questions {
		q := fmt.Sprintf("q%03d", i)
		first := 1
		if r.Float64() < leanA {
			first = 0
		}
		second := first
		if r.Float64() >= consistent {
			second = 1 - first
		}
		eps = append(eps,
			episode("direct", "direct", "qa", "j", q, "correct-first", first, ""),
			episode("direct", "direct", "qa", "j", q, "correct-second", second, ""))
	}
	return eps
}

// The consistency interval covers a judge's true consistency as the
// bootstrap over questions covers an accuracy of one verdict a question:
// near 95%, moving with the number of questions as any interval of a
// binomial share does (one-off runs of 1,000 studies: 93.0% at 97
// questions, 96.2% at 120 and 150).
func TestConsistencyIntervalCoverage(t *testing.T) {
	t.Parallel()
	const truth = 0.7
	r := rand.New(rand.NewPCG(2026, 14))
	checkCoverage(t, fmt.Sprintf("consistency %.2f at 101 questions", truth), 500, 0.91, 0.98, func(int) bool {
		p := Summarize("x", r.Uint64(), pairedStudy(r, 101, truth, 0.5)).Cells[0].Position
		ci := p.ConsistencyCI
		return ci != nil && ci.CIMethod == MethodBootstrap && ci.CILow <= truth && truth <= ci.CIHigh
	})
}

// A judge that always picks slot A has a first-slot preference of 1 on
// every question: the interval is the Wilson bound over its questions,
// not over its verdicts as if independent.
func TestFirstSlotIntervalOverQuestions(t *testing.T) {
	var eps []transcript.Episode
	for i := range 20 {
		q := fmt.Sprintf("q%02d", i)
		eps = append(eps,
			episode("direct", "direct", "qa", "j", q, "correct-first", 0, ""),
			episode("direct", "direct", "qa", "j", q, "correct-second", 1, ""))
	}
	s := Summarize("x", 1, eps)
	p := s.Cells[0].Position
	lo, hi := Wilson(20, 20)
	if p == nil || p.FirstSlotCI == nil || p.FirstSlotCI.CIMethod != MethodWilsonQuestions || !near(p.FirstSlotCI.CILow, lo) || p.FirstSlotCI.CIHigh != hi {
		t.Fatalf("position %+v; want first slot 1 with Wilson over 20 questions [%.4f, %.4f]", p, lo, hi)
	}
	if ci := p.ConsistencyCI; ci == nil || ci.CIMethod != MethodWilsonQuestions || ci.CILow != 0 || !near(ci.CIHigh, 1-lo) || p.Consistency != 0 {
		t.Errorf("consistency %.2f %v; want 0 with the Wilson bound over 20 questions [0, %.4f]", p.Consistency, p.ConsistencyCI, 1-lo)
	}
	// table.csv gives both intervals last on the cell's row, and leaves
	// them empty on its parts' rows.
	var out strings.Builder
	if err := WriteCSV(&out, s); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(strings.NewReader(out.String())).ReadAll()
	if err != nil || len(rows) < 3 {
		t.Fatalf("table.csv %q: %v", out.String(), err)
	}
	n := len(rows[0])
	wantHeader := []string{"consistency_ci_low", "consistency_ci_high", "first_slot_preference_ci_low", "first_slot_preference_ci_high"}
	wantCell := []string{"0.0000", ftoa(1 - lo), ftoa(lo), "1.0000"}
	if !slices.Equal(rows[0][n-4:], wantHeader) || !slices.Equal(rows[1][n-4:], wantCell) || !slices.Equal(rows[2][n-4:], make([]string, 4)) {
		t.Errorf("table.csv's last columns %q, %q, %q; want %q, %q and none on a part", rows[0][n-4:], rows[1][n-4:], rows[2][n-4:], wantHeader, wantCell)
	}
}
