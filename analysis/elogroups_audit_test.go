package analysis

import (
	"fmt"
	"slices"
	"testing"
)

// TestCountOpen: in one resample's games, 0 beat 1 twice and 1 beat 2
// once; 3 played no one. 0 is unbeaten, 2 winless, 1 and 3 neither; a
// second resample alike counts them again.
func TestCountOpen(t *testing.T) {
	const np = 4
	wins := make([]float64, np*np)
	wins[0*np+1] = 2
	wins[1*np+2] = 1
	open := make([]openSides, np)
	countOpen(open, wins, np)
	countOpen(open, wins, np)
	want := []openSides{{unbeaten: 2}, {}, {winless: 2}, {}}
	if !slices.Equal(open, want) {
		t.Errorf("got %+v; want %+v", open, want)
	}
}

// TestGroupNumbers: groups numbered from 1 in the order of their first
// player; one group leaves every number 0.
func TestGroupNumbers(t *testing.T) {
	labels := []string{"b", "a", "b", "c", "a"}
	if got := groupNumbers(len(labels), func(i int) string { return labels[i] }); !slices.Equal(got, []int{1, 2, 1, 3, 2}) {
		t.Errorf("got %v; want [1 2 1 3 2]", got)
	}
	if got := groupNumbers(3, func(int) string { return "x" }); !slices.Equal(got, []int{0, 0, 0}) {
		t.Errorf("one group: got %v; want [0 0 0]", got)
	}
}

// TestUnionFind: joining through a member that is not its group's
// representative joins the groups; one never met is its own.
func TestUnionFind(t *testing.T) {
	u := unionFind[int]{}
	u.union(1, 2)
	u.union(1, 3) // 1 is no longer a representative
	u.union(4, 5)
	if u.find(2) != u.find(3) || u.find(1) != u.find(3) {
		t.Errorf("1, 2, 3 apart: %d %d %d", u.find(1), u.find(2), u.find(3))
	}
	if u.find(1) == u.find(4) || u.find(4) != u.find(5) {
		t.Errorf("4 and 5 with 1 or apart: %d %d %d", u.find(1), u.find(4), u.find(5))
	}
	if u.find(9) != 9 {
		t.Errorf("find(9) = %d; want 9", u.find(9))
	}
}

// TestSortRankedGroups: best first, ties by name; then each group
// together, numbered by its best player, best first within it — with
// enough players that an unstable sort would mix them.
func TestSortRankedGroups(t *testing.T) {
	out := []Rating{{Player: "B", Rating: 1180}, {Player: "E", Rating: 1150}, {Player: "A", Rating: 1200},
		{Player: "D", Rating: 1000}, {Player: "C", Rating: 1150}}
	groups := []int{7, 3, 7, 3, 7} // by name: A, C, E in one group, B, D in the other
	sortRanked(out, func() { numberGroups(out, groups) })
	var got []string
	for _, r := range out {
		got = append(got, fmt.Sprint(r.Player, r.Group))
	}
	if want := []string{"A1", "C1", "E1", "B2", "D2"}; !slices.Equal(got, want) {
		t.Errorf("got %v; want %v", got, want)
	}

	// 40 players of two groups, alternating down the ratings.
	var many []Rating
	var gs []int
	for i := range 40 {
		many = append(many, Rating{Player: fmt.Sprintf("p%02d", i), Rating: float64(2000 - i)})
		gs = append(gs, i%2)
	}
	sortRanked(many, func() { numberGroups(many, gs) })
	for i, r := range many {
		wantGroup, wantRating := 1+i/20, float64(2000-2*(i%20)-i/20)
		if r.Group != wantGroup || r.Rating != wantRating {
			t.Fatalf("place %d: %s rated %v in group %d; want rated %v in group %d", i, r.Player, r.Rating, r.Group, wantRating, wantGroup)
		}
	}
}

// TestPlayerGroups: players who met, directly or through a third, share a
// representative; one who played no one is its own.
func TestPlayerGroups(t *testing.T) {
	byQuestion := [][]indexedGame{
		{{a: 0, b: 1, winner: 0, loser: 1, n: 1}},
		{{a: 3, b: 2, winner: 2, loser: 3, n: 2}, {a: 1, b: 5, winner: 5, loser: 1, n: 1}},
	}
	g := playerGroups(byQuestion, 6)
	if g[0] != g[1] || g[1] != g[5] || g[2] != g[3] {
		t.Errorf("got %v; want 0, 1, 5 together and 2, 3 together", g)
	}
	if g[0] == g[2] || g[4] != 4 || g[4] == g[0] || g[4] == g[2] {
		t.Errorf("got %v; want the two groups apart and 4 alone", g)
	}
}
