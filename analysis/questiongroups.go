package analysis

// questionGroups knows the group each question is resampled in: the one
// its episodes name (transcript.UnitKey). Where episodes of one question
// name two groups — runs of two data files pooled by moot table or
// compared by moot compare, the same question grouped otherwise in each —
// the two groups are one: drawing either alone would split what the other
// says belongs together. A group is named by the least key among those so
// joined, so that the result does not depend on which run, cell or
// episode came first.
type questionGroups struct {
	of    map[string]string // question → a group its episodes named
	links unionFind[string] // groups joined by a question in both
}

// add records that an episode of question names the group unit; "" (or
// the question itself) names none.
func (g *questionGroups) add(question, unit string) {
	if unit == "" || unit == question {
		return
	}
	prev, ok := g.of[question]
	switch {
	case !ok:
		if g.of == nil {
			g.of = make(map[string]string)
		}
		g.of[question] = unit
	case prev != unit:
		ra, rb := g.root(prev), g.root(unit)
		if ra == rb {
			return
		}
		if g.links == nil {
			g.links = make(unionFind[string])
		}
		g.links[max(ra, rb)] = min(ra, rb)
	}
}

// addFrom records the group o resamples question in, if any.
func (g *questionGroups) addFrom(o *questionGroups, question string) {
	if _, ok := o.of[question]; ok {
		g.add(question, o.unit(question))
	}
}

// unit is the key of the unit question is resampled in: its group, or
// the question itself.
func (g *questionGroups) unit(question string) string {
	if u, ok := g.of[question]; ok {
		return g.root(u)
	}
	return question
}

// root is the key that names group u's set: the least of the groups joined
// with it. It only reads, as the cells' and comparisons' jobs read one
// tally at once (unionFind.find halves paths as it goes, a write).
func (g *questionGroups) root(u string) string {
	for {
		p, ok := g.links[u]
		if !ok {
			return u
		}
		u = p
	}
}

// any reports whether some question has a group.
func (g *questionGroups) any() bool { return len(g.of) > 0 }

// groupsDrawn is whether units that pool questions into groups are drawn
// in place of the questions themselves: where there are two or more and
// some holds several questions. Groups of one question each are the
// questions, drawn as they are; one group of them all leaves nothing to
// draw between groups, and its questions are drawn (as a cell's are).
func groupsDrawn(units, questions int) bool { return units >= 2 && units < questions }
