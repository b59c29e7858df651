package analysis

import (
	"fmt"
	"math"
	"strings"
	"testing"
)

// TestReplicateElo: a player's ratings across replicates are summarized
// by their mean, SD and Student t interval, computed here apart; a player
// one replicate rates keeps that replicate's own interval.
func TestReplicateElo(t *testing.T) {
	sums := []Summary{
		{Elo: []Rating{{Player: "a/correct", Rating: 1100, Interval: Interval{CILow: 1000, CIHigh: 1200}}, {Player: "b/correct", Rating: 950, Interval: Interval{CILow: 900, CIHigh: 990}, Group: 2, Unbounded: UnboundedAbove}}},
		{Elo: []Rating{{Player: "a/correct", Rating: 1140}}},
		{Elo: []Rating{{Player: "a/correct", Rating: 1120}}},
	}
	rs := replicateElo(sums)
	if len(rs) != 2 || rs[0].Player != "a/correct" || rs[1].Player != "b/correct" {
		t.Fatalf("got %+v; want a then b", rs)
	}
	a := rs[0]
	// Mean 1120, SD 20, t(0.975, 2) = 4.302653.
	half := 4.302652729911275 * 20 / math.Sqrt(3)
	if a.Replicates != 3 || a.Mean != 1120 || a.SD != 20 || math.Abs(a.CILow-(1120-half)) > 1e-4 || math.Abs(a.CIHigh-(1120+half)) > 1e-4 || a.CIMethod != MethodReplicatesT {
		t.Errorf("a: %+v; want mean 1120, SD 20, CI 1120 ± %.4f over the seeds", a, half)
	}
	if b := rs[1]; b.Replicates != 1 || b.CILow != 900 || b.CIHigh != 990 || b.CIMethod != MethodBootstrap || b.Group != 2 {
		t.Errorf("b: %+v; want its one replicate's interval and group", b)
	}
	if got, want := rs[1].CIText(), "[900, ∞) ‡"; got != want {
		t.Errorf("b's interval reads %q; want its one replicate's, unbounded above, marked: %q", got, want)
	}
	if got, want := rs[0].CIText(), fmt.Sprintf("[%.0f, %.0f]", rs[0].CILow, rs[0].CIHigh); got != want {
		t.Errorf("a's interval reads %q; want %q", got, want)
	}
	if replicateElo([]Summary{{}, {}}) != nil {
		t.Error("no ratings: got some")
	}
	// A player that never lost in one seed, and never won in another: its
	// interval over the seeds is bound by the prior on both sides.
	sides := replicateElo([]Summary{
		{Elo: []Rating{{Player: "c/correct", Rating: 1390, Unbounded: UnboundedAbove}}},
		{Elo: []Rating{{Player: "c/correct", Rating: 1200}}},
		{Elo: []Rating{{Player: "c/correct", Rating: 610, Unbounded: UnboundedBelow}}},
	})
	if c := sides[0]; c.Unbounded != UnboundedBoth || c.CIText() != "(−∞, ∞)" {
		t.Errorf("c: unbounded %q, interval %q; want both sides, (−∞, ∞)", c.Unbounded, c.CIText())
	}
	// The note defines ‡ only where a rating is marked with it.
	if note := replicateEloNote(rs, false); !strings.Contains(note, "‡ a player of one replicate") {
		t.Errorf("note %q; want ‡ defined for b, of one replicate", note)
	}
	if note := replicateEloNote(sides, false); strings.Contains(note, "‡") {
		t.Errorf("note %q; want no ‡ where every player has several replicates", note)
	}
}
