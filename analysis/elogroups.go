package analysis

import (
	"cmp"
	"slices"
)

// ranked is a player's rating as a table lists it: a run's Rating, or a
// ReplicateRating by its mean over the seeds.
type ranked interface {
	// rankKey is what orders the players: the score, best highest, and
	// the player's name between equal scores.
	rankKey() (score float64, player string)
	groupNumber() int
}

func (r Rating) rankKey() (float64, string) { return r.Rating, r.Player }
func (r Rating) groupNumber() int           { return r.Group }

func (r ReplicateRating) rankKey() (float64, string) { return r.Mean, r.Player }
func (r ReplicateRating) groupNumber() int           { return r.Group }

// sortRanked sorts the ratings best first, has number set their groups in
// that order (each group numbered by its best player), and then brings each
// group's players together, best first within it: a rating compares only
// within its group.
func sortRanked[T ranked](out []T, number func()) {
	slices.SortStableFunc(out, func(x, y T) int {
		xs, xp := x.rankKey()
		ys, yp := y.rankKey()
		if c := cmp.Compare(ys, xs); c != 0 {
			return c
		}
		return cmp.Compare(xp, yp)
	})
	number()
	slices.SortStableFunc(out, func(x, y T) int { return cmp.Compare(x.groupNumber(), y.groupNumber()) })
}

// playerGroups returns, for each of np players, a representative of the
// players it met, directly or through others.
func playerGroups(byQuestion [][]indexedGame, np int) []int {
	met := unionFind[int]{}
	for _, qs := range byQuestion {
		for _, g := range qs {
			met.union(g.a, g.b)
		}
	}
	out := make([]int, np)
	for i := range out {
		out[i] = met.find(i)
	}
	return out
}

// numberGroups sets each rating's Group when the players fall into more
// than one group, numbered from 1 in the order of their best-rated player;
// groups is by the players' name order (as indexGames numbers them).
func numberGroups(out []Rating, groups []int) {
	names := make([]string, len(out))
	for i, r := range out {
		names[i] = r.Player
	}
	slices.Sort(names)
	nums := groupNumbers(len(out), func(i int) int {
		at, _ := slices.BinarySearch(names, out[i].Player)
		return groups[at]
	})
	for i := range out {
		out[i].Group = nums[i]
	}
}

// groupNumbers numbers the groups of n players listed best first, player
// i's group named by group(i): from 1 in the order of their first player,
// or all 0 where there is one group.
func groupNumbers[K comparable](n int, group func(i int) K) []int {
	nums := make([]int, n)
	number := map[K]int{}
	for i := range nums {
		g := group(i)
		if _, ok := number[g]; !ok {
			number[g] = len(number) + 1
		}
		nums[i] = number[g]
	}
	if len(number) < 2 {
		clear(nums)
	}
	return nums
}

// unionFind groups what met, directly or through others: players
// (playerGroups), debaters (eloAccuracy).
type unionFind[K comparable] map[K]K

// find is the representative of a's group; one never met is its own.
func (u unionFind[K]) find(a K) K {
	for {
		p, ok := u[a]
		if !ok || p == a {
			return a
		}
		if gp, ok := u[p]; ok && gp != p {
			u[a] = gp // path halving
		}
		a = p
	}
}

// union puts a and b in one group.
func (u unionFind[K]) union(a, b K) {
	ra, rb := u.find(a), u.find(b)
	if ra != rb {
		u[ra] = rb
	}
}
