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
	// A player every seed rated alike (SD 0) has no spread over seeds to
	// speak of what is uncertain: the span of the seeds' own intervals,
	// marked (it read [1300, 1300], narrower than any seed's own).
	alike := replicateElo([]Summary{
		{Elo: []Rating{{Player: "d/correct", Rating: 1300, Interval: Interval{CILow: 1210, CIHigh: 1380, CIMethod: MethodBootstrap}}}},
		{Elo: []Rating{{Player: "d/correct", Rating: 1300, Interval: Interval{CILow: 1190, CIHigh: 1400, CIMethod: MethodBootstrap}}}},
	})
	if d := alike[0]; d.SD != 0 || d.CILow != 1190 || d.CIHigh != 1400 || d.CIMethod != MethodBootstrap || d.CIText() != "[1190, 1400] ‡" {
		t.Errorf("d: %+v, %q; want the span of its seeds' intervals, [1190, 1400] ‡", d, d.CIText())
	}
	if note := replicateEloNote(alike, false); !strings.Contains(note, "or one every seed rated alike (SD 0)") {
		t.Errorf("note %q; want ‡ defined for d, rated alike", note)
	}
	// The note defines ‡ only where a rating is marked with it.
	if note := replicateEloNote(rs, false); !strings.Contains(note, "‡ a player of one replicate") {
		t.Errorf("note %q; want ‡ defined for b, of one replicate", note)
	}
	if note := replicateEloNote(sides, false); strings.Contains(note, "‡") {
		t.Errorf("note %q; want no ‡ where every player has several replicates", note)
	}
}
