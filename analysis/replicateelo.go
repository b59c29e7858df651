package analysis

import (
	"fmt"
	"io"
	"slices"
	"strconv"

	"github.com/olekukonko/tablewriter/tw"
)

// ReplicateRating is one player's Elo rating across the replicates that
// rate it. Each replicate's ratings are centred by the prior on its own
// games, so a player's ratings compare across seeds, and its players
// within a group as one replicate's do.
type ReplicateRating struct {
	Player string `json:"player"`
	// Rating is the player's rating in each replicate that rates it, in
	// the order of the seeds (Replicates of them).
	Rating []float64 `json:"rating"`
	// OverSeeds: its interval is Student t over the replicates
	// (MethodReplicatesT), or with one replicate its own bootstrap over
	// questions (MethodBootstrap). Over seeds only: where the replicates
	// share their questions, it leaves out the questions' own variance
	// (a replicated cell then uses MethodReplicatesCrossed), which each
	// seed's own interval holds.
	OverSeeds
	// Group is as a Rating's: players of different groups never met.
	Group int `json:"group,omitempty"`
	// Unbounded is where the games of some replicate put no bound on the
	// rating (its Rating's Unbounded; above in one seed and below in
	// another is both): there that replicate's rating is the prior's,
	// and so is the mean's interval.
	Unbounded string `json:"unbounded,omitempty"`
}

// CIText is the rating's interval as the tables and the report print it,
// ∞ on a side some replicate's games do not bound; with one replicate,
// that replicate's own as a run prints it, marked ‡.
func (r ReplicateRating) CIText() string {
	text := EloCIText(Rating{Interval: Interval{CILow: r.CILow, CIHigh: r.CIHigh}, Unbounded: r.Unbounded})
	if r.CIMethod == MethodReplicatesT {
		return text
	}
	return text + " ‡"
}

// spanOf is the span of the ratings' own intervals, from the least low
// bound to the greatest high one, and the sides any leaves unbounded.
func spanOf(rs []Rating) (Interval, string) {
	iv, unbounded := rs[0].Interval, rs[0].Unbounded
	for _, r := range rs[1:] {
		iv.CILow, iv.CIHigh = min(iv.CILow, r.CILow), max(iv.CIHigh, r.CIHigh)
		unbounded = unboundedEither(unbounded, r.Unbounded)
	}
	return iv, unbounded
}

// unboundedEither is the sides that a or b leaves unbounded.
func unboundedEither(a, b string) string {
	switch {
	case a == b || b == "":
		return a
	case a == "":
		return b
	}
	return UnboundedBoth // above and below, or either with both
}

// replicateElo summarizes the replicates' Elo ratings player by player, in
// order of first appearance; nil where no replicate rated anyone.
func replicateElo(sums []Summary) []ReplicateRating {
	var out []ReplicateRating
	at := map[string]int{}
	own := map[string][]Rating{} // a player's rating in each replicate rating it
	for _, s := range sums {
		for _, r := range s.Elo {
			i, ok := at[r.Player]
			if !ok {
				i = len(out)
				at[r.Player] = i
				out = append(out, ReplicateRating{Player: r.Player})
			}
			// As each seed's summary.json has it.
			out[i].Rating = append(out[i].Rating, RoundElo(r.Rating))
			out[i].Unbounded = unboundedEither(out[i].Unbounded, r.Unbounded)
			own[r.Player] = append(own[r.Player], r)
		}
	}
	for i := range out {
		p := &out[i]
		var varies bool
		p.OverSeeds, varies = meanOverSeeds(p.Rating)
		if !varies {
			// One replicate, or every seed rated the player alike (SD 0):
			// no spread over seeds to speak of what is left uncertain.
			// The span of the seeds' own intervals does, as a cell's
			// pooled interval does there.
			p.Interval, p.Unbounded = spanOf(own[p.Player])
			p.CIMethod = MethodBootstrap // the Elo ratings' own intervals
		}
		p.Mean, p.SD, p.CILow, p.CIHigh = round4(p.Mean), round4(p.SD), round4(p.CILow), round4(p.CIHigh)
	}
	// Best first, group by group, as one run's ratings are.
	sortRanked(out, func() { replicateGroups(sums, out) })
	return out
}

// replicateGroups sets each rating's Group where the players fall into
// groups that never met in any seed, directly or through others: numbered
// from 1 in the order of their best player by mean (out is sorted best
// first), as a run's are; none where all met. Each seed numbers its own
// groups by its own ratings, so the seeds' numbers are not the table's.
func replicateGroups(sums []Summary, out []ReplicateRating) {
	met := unionFind[string]{}
	for _, s := range sums {
		first := map[int]string{} // a seed's group → its first player
		for _, r := range s.Elo {
			if p, ok := first[r.Group]; ok {
				met.union(p, r.Player)
			} else {
				first[r.Group] = r.Player
			}
		}
	}
	nums := groupNumbers(len(out), func(i int) string { return met.find(out[i].Player) })
	for i := range out {
		out[i].Group = nums[i]
	}
}

// writeReplicateElo writes the replicates' Elo ratings as a text or
// Markdown table with its note.
func writeReplicateElo(w io.Writer, rs []ReplicateRating, f Format) error {
	groups := false
	for _, r := range rs {
		groups = groups || r.Group > 0
	}
	header := []string{"Player", "Seeds", "Elo", "SD", "95% CI"}
	align := tw.Alignment{tw.AlignLeft, tw.AlignRight, tw.AlignRight, tw.AlignRight, tw.AlignRight}
	if groups {
		header, align = append(header, "Group"), append(align, tw.AlignRight)
	}
	t, escape := newTable(w, f, align)
	var rows [][]string
	for _, r := range rs {
		row := []string{escape(r.Player), strconv.Itoa(r.Replicates), fmt.Sprintf("%.0f", r.Mean), sdText(r.SD, r.Replicates, func(x float64) string { return fmt.Sprintf("%.0f", x) }), r.CIText()}
		if groups {
			row = append(row, groupText(r.Group))
		}
		rows = append(rows, row)
	}
	return renderTable(t, header, rows)
}

// replicateEloNote is what ReplicateNote says of the Elo table, "" for
// none.
func replicateEloNote(rs []ReplicateRating, grouped bool) string {
	if len(rs) == 0 {
		return ""
	}
	note := fmt.Sprintf(" Elo: each replicate's Bradley–Terry ratings (mean %d, prior SD %d), their mean, SD and 95%% CI "+
		"over the replicates (Student t, over seeds only: where the replicates share their questions, it leaves out "+
		"the questions' own variance, which each seed's bootstrap interval in its folder holds)", EloMean, EloPriorSD)
	if slices.ContainsFunc(rs, func(r ReplicateRating) bool { return r.CIMethod != MethodReplicatesT }) {
		note += "; ‡ a player of one replicate, or one every seed rated alike (SD 0): its own bootstrap over questions (of several seeds, the span of theirs)"
		if grouped {
			note += GroupsNote
		}
	}
	note += "."
	if slices.ContainsFunc(rs, func(r ReplicateRating) bool { return r.Unbounded != "" }) {
		note += " ∞: the games of a replicate put no bound on the rating on that side: its rating there is the prior's, and so is the interval's bound."
	}
	if slices.ContainsFunc(rs, func(r ReplicateRating) bool { return r.Group > 0 }) {
		note += groupNote
	}
	return note
}

// groupText is a rating's group as a table cell: empty for none.
func groupText(g int) string {
	if g == 0 {
		return ""
	}
	return strconv.Itoa(g)
}
