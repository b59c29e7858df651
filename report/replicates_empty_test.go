package report

import (
	"strings"
	"testing"
)

// TestReplicatesPageCountsSeedsWithEpisodes: a replicated run one of
// whose three seeds has no episodes yet is a page of 2 replicates — its
// heading, its Seeds and its phase map's caption — naming the seed with
// none, not of 3.
func TestReplicatesPageCountsSeedsWithEpisodes(t *testing.T) {
	sum := phaseSummary()
	sum.Replicates.Empty = []uint64{3}
	page, err := Replicates(sum, nil)
	if err != nil {
		t.Fatal(err)
	}
	s := string(page)
	for _, want := range []string{"<h1>phase: 2 replicates (1 seed with no episodes yet)</h1>", "<dt>Seeds</dt><dd>2</dd>", "pooled over 2 seeds"} {
		if !strings.Contains(s, want) {
			t.Errorf("page lacks %q", want)
		}
	}
}
