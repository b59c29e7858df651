package analysis

import (
	"testing"
)

// A replicated run's summary carries its first seed, whichever the others.
func TestAuditReplicateRunSeedIsFirst(t *testing.T) {
	z := NewReplicateSummarizer("e", []uint64{7, 9})
	for r := range 2 {
		ep := episode("direct", "direct", "t", "j", "q1", "", 0, "")
		z.Add(r, &ep)
	}
	if s := z.Run(); s.Seed != 7 {
		t.Errorf("seed %d; want the first, 7", s.Seed)
	}
}

// A replicated cell is an upper bound only where every seed that judged
// it says so: one seed of two with a gold reference is not, nor is a
// seed whose reference is not gold.
func TestAuditReplicateUpperBoundEverySeed(t *testing.T) {
	cell := func(ref *ReferenceSplit) Summary {
		return Summary{Cells: []Cell{{Protocol: "direct", Kind: "direct", Task: "t", Judge: "j", N: 4, Correct: 2, Accuracy: 0.5,
			Questions: 4, Interval: Interval{CILow: 0.1, CIHigh: 0.9, CIMethod: MethodWilson}, Reference: ref}}}
	}
	gold := &ReferenceSplit{Source: "gold", UpperBound: true}
	notGold := &ReferenceSplit{Source: "agent", Agent: "a"}
	for _, tc := range []struct {
		name string
		sums []Summary
		want bool
	}{
		{"both gold", []Summary{cell(gold), cell(gold)}, true},
		{"gold then not", []Summary{cell(gold), cell(notGold)}, false},
		{"gold then none", []Summary{cell(gold), cell(nil)}, false},
		{"one not gold", []Summary{cell(notGold)}, false},
	} {
		seeds := make([]uint64, len(tc.sums))
		for i := range seeds {
			seeds[i] = uint64(i + 1)
		}
		z := NewReplicateSummarizer("e", seeds)
		rs := z.Summary(tc.sums)
		if len(rs.Cells) != 1 || rs.Cells[0].UpperBound != tc.want {
			t.Errorf("%s: cells %+v; want one, upper bound %v", tc.name, rs.Cells, tc.want)
		}
	}
}
