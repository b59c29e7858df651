package analysis

import "testing"

// Two seeds that leave a rating unbounded on one side leave it unbounded
// on that side, not both.
func TestAuditUnboundedEitherSameSide(t *testing.T) {
	for _, tc := range []struct{ a, b, want string }{
		{UnboundedAbove, UnboundedAbove, UnboundedAbove},
		{UnboundedBelow, UnboundedBelow, UnboundedBelow},
		{"", UnboundedAbove, UnboundedAbove},
		{UnboundedBelow, "", UnboundedBelow},
		{UnboundedAbove, UnboundedBelow, UnboundedBoth},
		{"", "", ""},
	} {
		if got := unboundedEither(tc.a, tc.b); got != tc.want {
			t.Errorf("unboundedEither(%q, %q) = %q; want %q", tc.a, tc.b, got, tc.want)
		}
	}
}

// Each seed's rating is kept as the summaries publish it, to two places
// (1234.56789 reads 1234.57), and the mean is of those.
func TestAuditReplicateEloRatingsRounded(t *testing.T) {
	sum := func(x float64) Summary {
		return Summary{Elo: []Rating{{Player: "a", Rating: x, Interval: Interval{CILow: x - 50, CIHigh: x + 50, CIMethod: MethodBootstrap}, Games: 4}}}
	}
	out := replicateElo([]Summary{sum(1234.56789), sum(1200.001)})
	if len(out) != 1 || len(out[0].Rating) != 2 || out[0].Rating[0] != 1234.57 || out[0].Rating[1] != 1200 {
		t.Fatalf("ratings %+v; want a's, [1234.57 1200]", out)
	}
	if want := (1234.57 + 1200) / 2; !near(out[0].Mean, want) {
		t.Errorf("mean %v; want %v", out[0].Mean, want)
	}
}
