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
	members := map[group][]*protocolCell{}
	for _, pc := range z.protocolCells {
		g := group{pc.key.Task, pc.key.Judge, pc.key.Cell}
		if _, ok := members[g]; !ok {
			groups = append(groups, g)
		}
		members[g] = append(members[g], pc)
	}
	var out []Paired
	for _, g := range groups {
		cells := members[g]
		most := 0
		for _, b := range cells {
			most = max(most, len(b.against))
		}
		for k := range most {
			for _, a := range cells {
				for _, b := range cells {
					if a == b || k >= len(b.against) || b.against[k] != a.class {
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
