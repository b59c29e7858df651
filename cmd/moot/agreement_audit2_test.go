package main

import (
	"strings"
	"testing"

	"github.com/mootlab/moot/transcript"
)

// TestAgreementOfALogCopiedAloneNamesNoOtherSeed: a run's log copied
// alone (no summary.json, no lock) was played at a seed moot cannot
// know; it is not a second seed beside the run's own, so agreement does
// not warn that the runs were played at two seeds.
func TestAgreementOfALogCopiedAloneNamesNoOtherSeed(t *testing.T) {
	a, b := editedRuns(t, func(ep transcript.Episode) []transcript.Episode { return []transcript.Episode{undrawn(ep)} })
	code, _, errOut := moot(t, "agreement", a, b)
	if code != exitOK {
		t.Fatalf("agreement: exit %d\n%s", code, errOut)
	}
	if strings.Contains(errOut, "played at") {
		t.Errorf("stderr %q; want no warning of other seeds (b's seed is unknown, not another)", errOut)
	}
}
