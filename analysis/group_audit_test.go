package analysis

import (
	"errors"
	"strings"
	"testing"

	"github.com/mootlab/moot/transcript"
)

// TestGroupKeyKeepsValuesApart: ("ab", "c") and ("a", "bc") are two keys.
func TestGroupKeyKeepsValuesApart(t *testing.T) {
	if a, b := (groupKey{"ab", "c"}).mapKey(), (groupKey{"a", "bc"}).mapKey(); a == b {
		t.Error(`("ab", "c") and ("a", "bc") share a map key`)
	}
}

// TestGroupByAxisOfNoSweep: grouping by an axis where no episode has a
// cell says the episodes are not from a sweep.
func TestGroupByAxisOfNoSweep(t *testing.T) {
	eps := []transcript.Episode{episode("naive", "direct", "t", "j", "q1", "", 0, "")}
	_, err := SummarizeBy("e", 1, eps, []string{"strong.skill"})
	if !errors.Is(err, ErrUnknownField) || !strings.Contains(err.Error(), "not from a sweep") {
		t.Errorf("got %v; want ErrUnknownField saying the episodes are not from a sweep", err)
	}
}
