package analysis

// comparison is a pair of protocol cells to compare, a against b.
type comparison struct{ a, b *protocolCell }

// comparisons lists the Summary's paired comparisons: per task × judge
// (and sweep cell) in order of first appearance, each protocol a against
// every protocol b of the group whose episodes name a's class in their
// CompareWith: first every b against the first class it names (the judge
// alone, for most), then against the second, and so on, each in order of
// first appearance of a and then b. The rule names no protocol:
// each protocol says what it is compared with. It lists the pairs; the
// Summary compares them, and leaves out those without a shared question.
func (z *Summarizer) comparisons() []comparison {
	type group struct{ task, judge, cell string }
	var groups []group
	seen := map[group]bool{}
	for _, pc := range z.protocolCells {
		g := group{pc.key.Task, pc.key.Judge, pc.key.Cell}
		if !seen[g] {
			seen[g] = true
			groups = append(groups, g)
		}
	}
	var out []comparison
	for _, g := range groups {
		// A sweep's cell compares its own protocols with each other and
		// with those played once for every cell (no cell); those shared
		// ones are compared with each other once, in their own group.
		var cells []*protocolCell
		for _, pc := range z.protocolCells {
			if pc.key.Task == g.task && pc.key.Judge == g.judge && (pc.key.Cell == g.cell || pc.key.Cell == "") {
				cells = append(cells, pc)
			}
		}
		most := 0
		for _, b := range cells {
			most = max(most, len(b.against))
		}
		for k := range most {
			for _, a := range cells {
				for _, b := range cells {
					if a == b || k >= len(b.against) || b.against[k] != a.class || g.cell != "" && a.key.Cell == "" && b.key.Cell == "" {
						continue
					}
					out = append(out, comparison{a, b})
				}
			}
		}
	}
	return out
}
