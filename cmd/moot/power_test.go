package main

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/mootlab/moot/analysis"
)

// TestPowerReadsTheRunsComparisons: moot power plans each comparison the
// run's summary makes, on the same questions and difference, and its SE
// agrees with the comparison's bootstrap interval (its half-width about
// 1.96 SE, within a quarter: a percentile interval is not symmetric).
func TestPowerReadsTheRunsComparisons(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "run")
	runSmall(t, dir)
	code, out, errOut := moot(t, "power", dir, "--format", "json", "--delta", "0.1")
	if code != exitOK {
		t.Fatalf("moot power: exit %d\n%s", code, errOut)
	}
	var got struct {
		Delta       float64          `json:"delta"`
		Comparisons []analysis.Power `json:"comparisons"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(dir, "summary.json"))
	if err != nil {
		t.Fatal(err)
	}
	var sum analysis.Summary
	if err := json.Unmarshal(data, &sum); err != nil {
		t.Fatal(err)
	}
	if got.Delta != 0.1 || len(got.Comparisons) != len(sum.Comparisons) || len(got.Comparisons) == 0 {
		t.Fatalf("delta %v, %d comparisons planned; want 0.1 and the summary's %d", got.Delta, len(got.Comparisons), len(sum.Comparisons))
	}
	for i, p := range got.Comparisons {
		c := sum.Comparisons[i]
		if p.A != c.A || p.B != c.B || p.Questions != c.Questions || math.Abs(p.Difference-c.Difference) > 1e-4 {
			t.Errorf("comparison %d: planned %+v; the summary's %+v", i, p, c)
			continue
		}
		if !p.Estimable || c.CIMethod != analysis.MethodBootstrap {
			continue
		}
		if half := (c.CIHigh - c.CILow) / 2; math.Abs(half-1.96*p.SE) > 0.25*half {
			t.Errorf("%s vs %s: SE %v, where the bootstrap's half-width %v is about 1.96 SE", c.A.Protocol, c.B.Protocol, p.SE, half)
		}
	}
	if code, out, _ := moot(t, "power", dir); code != exitOK || !strings.Contains(out, "Questions for ±5.0") || !strings.Contains(out, "Planning from this run") {
		t.Errorf("moot power as text: exit %d\n%s", code, out)
	}
}

func TestPowerRefusesAGoalOutOfRange(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "run")
	runSmall(t, dir)
	for _, args := range [][]string{{"--delta", "0"}, {"--delta", "5"}, {"--power", "1"}, {"--alpha", "0"}, {"--format", "xml"},
		// Beyond what moot's test can meet: a p below 1/10001, a power
		// had with no question (a negative MDE), a difference whose
		// questions overflow (−9223372036854775808 of them).
		{"--alpha", "0.00001"}, {"--power", "0.01"}, {"--delta", "1e-12"}} {
		code, _, errOut := moot(t, append([]string{"power", dir}, args...)...)
		if code != exitBadInput || !strings.Contains(errOut, args[0]) {
			t.Errorf("moot power %v: exit %d %q; want %d naming the flag", args, code, errOut, exitBadInput)
		}
	}
	if code, _, _ := moot(t, "power", t.TempDir()); code != exitBadInput {
		t.Errorf("moot power of an empty folder: exit %d; want %d", code, exitBadInput)
	}
}

// TestPowerAtTheQuestionsNamed: --questions adds the power of a study of
// that many questions, which at the questions planned is the power asked.
func TestPowerAtTheQuestionsNamed(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "run")
	runSmall(t, dir)
	_, out, _ := moot(t, "power", dir, "--format", "json")
	var plan struct {
		Comparisons []analysis.Power `json:"comparisons"`
	}
	if err := json.Unmarshal([]byte(out), &plan); err != nil || len(plan.Comparisons) == 0 || plan.Comparisons[0].QuestionsNeeded == 0 {
		t.Fatalf("moot power: %v\n%s", err, out)
	}
	n := plan.Comparisons[0].QuestionsNeeded
	code, out, errOut := moot(t, "power", dir, "--format", "json", "--questions", strconv.Itoa(n))
	var at struct {
		At          int              `json:"at"`
		Comparisons []analysis.Power `json:"comparisons"`
	}
	if err := json.Unmarshal([]byte(out), &at); code != exitOK || err != nil {
		t.Fatalf("moot power --questions %d: exit %d %v\n%s", n, code, err, errOut)
	}
	if p := at.Comparisons[0].PowerAt; at.At != n || p == nil || *p < 0.8 || *p > 0.81 {
		t.Errorf("power at the %d questions planned: %+v; want 0.80 (at most a question's worth more)", n, at)
	}
	if code, out, _ := moot(t, "power", dir, "--questions", "300"); code != exitOK || !strings.Contains(out, "Power at 300") {
		t.Errorf("moot power --questions 300 as text: exit %d\n%s", code, out)
	}
	if code, _, errOut := moot(t, "power", dir, "--questions", "-1"); code != exitBadInput || !strings.Contains(errOut, "--questions") {
		t.Errorf("moot power --questions -1: exit %d %q", code, errOut)
	}
}
