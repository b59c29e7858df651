package analysis

// comparisons makes the Summary's paired comparisons: per task × judge
// (and sweep cell) in order of first appearance, each protocol a against
// every protocol b of the group whose episodes name a's class in their
// CompareWith: first every b against the first class it names (the judge
// alone, for most), then against the second, and so on, each in order of
// first appearance of a and then b. The rule names no protocol:
// each protocol says what it is compared with. Pairs without a shared
// question are left out.
func (z *Summarizer) comparisons(seed uint64) []Paired {
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
	var out []Paired
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
					if p := comparePaired(a.key, b.key, a.tally, b.tally, Resamples, seed); p.Questions > 0 {
						out = append(out, p)
					}
				}
			}
		}
	}
	return out
}
