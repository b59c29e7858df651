package experiments_test

import (
	"slices"
	"testing"
)

// TestPrefetchFollowsRun: TestFindings plays ahead only the experiments of
// the findings that -run selects. docs/judges.md checks the judge studies
// with -run 'TestFindings/J', which played every finding's experiment at
// 30 seeds (six minutes on two cores) to check five findings of two files.
func TestPrefetchFollowsRun(t *testing.T) {
	all := prefetched("")
	if len(all) < 10 {
		t.Fatalf("no -run: %d files, want every finding's: %v", len(all), all)
	}
	for _, c := range []struct {
		pattern string
		want    []string
	}{
		{"TestFindings/J", []string{"judges-grade.yaml", "judges-reference.yaml"}},
		{"TestFindings/^J4$", []string{"judges-reference.yaml"}},
		{"TestFindings/^(J1|J2)$", []string{"judges-grade.yaml"}},
		{"^TestFindings$/^1$", []string{"quickstart.yaml"}},
		{"TestFindings/nothing", nil},
		{"TestFindings", all},
		{"Findings|Other", all},
		{"TestFindings/[", all}, // not a regexp: every finding, as before
	} {
		if got := prefetched(c.pattern); !slices.Equal(got, c.want) {
			t.Errorf("-run %q prefetches %v, want %v", c.pattern, got, c.want)
		}
	}
}
