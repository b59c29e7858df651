package engine

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// FailureLimit is max_failures: a number of failed episodes ("25") or a
// share of the plan ("5%") beyond which a run stops. The zero value sets
// no limit.
type FailureLimit struct {
	Count int
	Share float64 // in (0, 1]; used when Count is 0
}

// UnmarshalYAML reads "25" or "5%".
func (f *FailureLimit) UnmarshalYAML(node *yaml.Node) error {
	v := strings.TrimSpace(node.Value)
	if node.Kind != yaml.ScalarNode || v == "" {
		return fmt.Errorf("line %d: max_failures: want a number of episodes (25) or a share of the plan (5%%)", node.Line)
	}
	if pct, ok := strings.CutSuffix(v, "%"); ok {
		p, err := strconv.ParseFloat(strings.TrimSpace(pct), 64)
		if err != nil || !(p > 0 && p <= 100) {
			return fmt.Errorf("line %d: max_failures: want a share between 0%% and 100%%, got %q", node.Line, v)
		}
		*f = FailureLimit{Share: p / 100}
		return nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 {
		return fmt.Errorf("line %d: max_failures: want a number of episodes (25) or a share of the plan (5%%), got %q", node.Line, v)
	}
	*f = FailureLimit{Count: n}
	if n == 0 {
		// "0": stop at the first failure.
		f.Share = -1
	}
	return nil
}

// limit is the most failed episodes a plan of total episodes may have.
func (f FailureLimit) limit(total int) int {
	switch {
	case f.Count > 0:
		return f.Count
	case f.Share < 0:
		return 0
	case f.Share > 0:
		return int(math.Floor(f.Share * float64(total)))
	}
	return math.MaxInt - 1
}

// String is the limit as written in a file, "" for none.
func (f FailureLimit) String() string {
	switch {
	case f.Count > 0:
		return strconv.Itoa(f.Count)
	case f.Share < 0:
		return "0"
	case f.Share > 0:
		return strconv.FormatFloat(f.Share*100, 'g', -1, 64) + "%"
	}
	return ""
}
