package engine

import (
	"math"
	"testing"
)

// max_failures as written gives the most failed episodes a plan may have:
// a count as given, a share rounded down, "0" none at all, and no limit
// where the file sets none.
func TestFailureLimitOfAPlan(t *testing.T) {
	for _, tc := range []struct {
		in    string
		total int
		want  int
	}{
		{"25", 1000, 25},
		{"25", 10, 25},
		{"0", 1000, 0},
		{"5%", 100, 5},
		{"5%", 30, 1}, // 1.5 episodes: one may fail, not two
		{"5%", 19, 0}, // 0.95: none
		{"100%", 40, 40},
		{"0.5%", 1000, 5},
	} {
		var f FailureLimit
		if err := yamlDecode(tc.in, &f); err != nil {
			t.Errorf("max_failures %s: %v", tc.in, err)
			continue
		}
		if got := f.limit(tc.total); got != tc.want {
			t.Errorf("max_failures %s of %d episodes: limit %d; want %d", tc.in, tc.total, got, tc.want)
		}
		if f.String() != tc.in {
			t.Errorf("max_failures %s reads back as %q", tc.in, f.String())
		}
	}
	var none FailureLimit
	if got := none.limit(1000); got < 1000 || got >= math.MaxInt {
		t.Errorf("no max_failures: limit %d of 1000 episodes; want no limit (and room for one more)", got)
	}
	if none.String() != "" {
		t.Errorf("no max_failures reads back as %q; want \"\"", none.String())
	}
}

func TestFailureLimitRefusesWhatIsNoLimit(t *testing.T) {
	for _, in := range []string{"-1", "0%", "-5%", "100.5%", "150%", "lots", "2.5", "x%"} {
		var f FailureLimit
		if err := yamlDecode(in, &f); err == nil {
			t.Errorf("max_failures %s: read as %+v; want an error", in, f)
		}
	}
}
