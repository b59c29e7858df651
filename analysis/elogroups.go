package analysis

import "slices"

// playerGroups returns, for each of np players, a representative of the
// players it met, directly or through others (union–find over the games).
func playerGroups(byQuestion [][]indexedGame, np int) []int {
	parent := make([]int, np)
	for i := range parent {
		parent[i] = i
	}
	var find func(int) int
	find = func(i int) int {
		for parent[i] != i {
			parent[i] = parent[parent[i]]
			i = parent[i]
		}
		return i
	}
	for _, qs := range byQuestion {
		for _, g := range qs {
			parent[find(g.a)] = find(g.b)
		}
	}
	for i := range parent {
		parent[i] = find(i)
	}
	return parent
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
	number := map[int]int{}
	for i := range out {
		at, _ := slices.BinarySearch(names, out[i].Player)
		g := groups[at]
		if _, ok := number[g]; !ok {
			number[g] = len(number) + 1
		}
		out[i].Group = number[g]
	}
	if len(number) < 2 {
		for i := range out {
			out[i].Group = 0
		}
	}
}

// unionFind groups names that met, directly or through others.
type unionFind map[string]string

func newUnionFind() unionFind { return unionFind{} }

// find is the representative of a's group; a name never met is its own.
func (u unionFind) find(a string) string {
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
func (u unionFind) union(a, b string) {
	ra, rb := u.find(a), u.find(b)
	if ra != rb {
		u[ra] = rb
	}
}
