package analysis

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

// TestTIntervalByHand checks the t interval against one worked by hand:
// values 0.5, 0.6, 0.7 have mean 0.6 and SD 0.1; with 2 degrees of
// freedom t(0.975) = 4.302652729911275, so the half-width is
// 4.302652729911275 × 0.1 / √3 = 0.248414…
func TestTIntervalByHand(t *testing.T) {
	lo, hi := tInterval([]float64{0.5, 0.6, 0.7})
	half := 4.302652729911275 * 0.1 / math.Sqrt(3)
	if math.Abs(lo-(0.6-half)) > 1e-9 || math.Abs(hi-(0.6+half)) > 1e-9 {
		t.Errorf("tInterval = [%v, %v]; want [%v, %v]", lo, hi, 0.6-half, 0.6+half)
	}
	m, sd, mn, mx := spread([]float64{0.5, 0.6, 0.7})
	if math.Abs(m-0.6) > 1e-12 || math.Abs(sd-0.1) > 1e-12 || mn != 0.5 || mx != 0.7 {
		t.Errorf("spread = %v %v %v %v; want 0.6 0.1 0.5 0.7", m, sd, mn, mx)
	}
}

// study simulates one replicated study of a judge whose accuracy on a
// question q is p_q, drawn uniformly from [0.3, 0.95] (mean 0.625, the
// truth), each question judged twice a replicate. With shared questions
// every replicate judges the same questions; otherwise each draws its own.
func study(r *rand.Rand, reps, questions int, shared bool) []map[string]Count {
	var ps []float64
	draw := func() []float64 {
		out := make([]float64, questions)
		for i := range out {
			out[i] = 0.3 + 0.65*r.Float64()
		}
		return out
	}
	if shared {
		ps = draw()
	}
	out := make([]map[string]Count, reps)
	for k := range out {
		qs := ps
		if !shared {
			qs = draw()
		}
		out[k] = map[string]Count{}
		for i, p := range qs {
			id := fmt.Sprintf("q%d", i)
			if !shared {
				id = fmt.Sprintf("r%d-q%d", k, i)
			}
			c := Count{N: 2}
			for range 2 {
				if r.Float64() < p {
					c.Correct++
				}
			}
			out[k][id] = c
		}
	}
	return out
}

func accuracyOf(cs []Count) float64 {
	var c, n int
	for _, q := range cs {
		c, n = c+q.Correct, n+q.N
	}
	return ratio(c, n)
}

// TestReplicateIntervalsCover simulates replicated studies with a known
// truth and counts how often the replicate summary's 95% intervals cover
// it: the t interval over seeds where replicates have questions of their
// own, the crossed bootstrap where they share them (which errs wide).
func TestReplicateIntervalsCover(t *testing.T) {
	const truth = 0.625
	studies := 1000
	if testing.Short() {
		studies = 300
	}
	r := rand.New(rand.NewPCG(11, 13))
	covered := 0
	for range studies {
		reps := study(r, 10, 40, false)
		accs := make([]float64, len(reps))
		for k, rep := range reps {
			var cs []Count
			for _, c := range rep {
				cs = append(cs, c)
			}
			accs[k] = accuracyOf(cs)
		}
		if lo, hi := tInterval(accs); lo <= truth && truth <= hi {
			covered++
		}
	}
	if rate := float64(covered) / float64(studies); rate < 0.93 || rate > 0.97 {
		t.Errorf("t over seeds covered the truth in %.1f%% of %d studies; want 93–97%%", 100*rate, studies)
	} else {
		t.Logf("t over seeds: %.1f%% of %d studies covered", 100*rate, studies)
	}
	crossed := 0
	n := studies / 4
	for i := range n {
		reps := study(r, 5, 30, true)
		if lo, hi := crossedBootstrap(reps, accuracyOf, 300, uint64(i)); lo <= truth && truth <= hi {
			crossed++
		}
	}
	if rate := float64(crossed) / float64(n); rate < 0.93 || rate > 0.995 {
		t.Errorf("the crossed bootstrap covered the truth in %.1f%% of %d studies; want 93%% or more (it errs wide)", 100*rate, n)
	} else {
		t.Logf("crossed bootstrap: %.1f%% of %d studies covered", 100*rate, n)
	}
}

// TestCrossedBootstrapRedrawsEmptyResamples: seeds that share one
// question but hold few (here one each) leave many resamples in which no
// drawn seed has a drawn question. Such a resample measures nothing; it
// was counted as an accuracy of 0, and an interval of seeds all at 90% or
// more read [0, 1]. Every resample that measures something lies in
// [0.9, 1].
func TestCrossedBootstrapRedrawsEmptyResamples(t *testing.T) {
	reps := []map[string]Count{
		{"q1": {Correct: 9, N: 10}},
		{"q1": {Correct: 10, N: 10}},
		{"q2": {Correct: 10, N: 10}},
		{"q3": {Correct: 9, N: 10}},
	}
	for seed := range uint64(5) {
		lo, hi := crossedBootstrap(reps, accuracyOf, Resamples, seed)
		if lo < 0.9-1e-12 || hi > 1+1e-12 {
			t.Errorf("seed %d: [%v, %v], want within [0.9, 1]", seed, lo, hi)
		}
	}
}

// TestReplicateNoteCountsOne: one replicate is "1 replicate", not
// "1 replicates".
func TestReplicateNoteCountsOne(t *testing.T) {
	if got := ReplicateNote(&ReplicateSummary{Seeds: []uint64{7}}); !strings.HasPrefix(got, "1 replicate (seeds 7)") {
		t.Errorf("note %q; want it to begin \"1 replicate (seeds 7)\"", got)
	}
}
