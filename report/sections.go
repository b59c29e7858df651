package report

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/mootlab/moot/analysis"
)

// section is a table of the summary beyond the accuracy cells.
type section struct {
	ID, Title, Note string
	Header          []string
	Rows            [][]string
	// NumericFrom is the first column aligned as numbers.
	NumericFrom int
	// keep shows the section (its note alone) where it has no rows.
	keep bool
}

// summarySections returns the tables of the summary beyond the accuracy
// cells, each only when it has rows. A new kind of result in
// analysis.Summary gets its table by adding a section here (and its name to
// shownSummaryFields); until then it is shown by extraFields.
func summarySections(sum analysis.Summary) []section {
	var out []section
	for _, s := range []section{
		comparisonSection(sum, analysis.UpperBounds(sum)),
		positionSection(sum.Cells),
		debaterSection(sum.Cells),
		judgingSection(sum.Cells),
		examTakersSection(sum.Cells),
		timeSection(sum.Cells),
		eloSection(sum.Elo, sum.EloGrouped),
		eloAccuracySection(sum.EloAccuracy),
		usageSection("usage-by-protocol", "Usage by protocol", "Protocol", sum.Usage.ByProtocol),
		usageSection("usage-by-agent", "Usage by agent", "Agent", sum.Usage.ByAgent),
	} {
		if len(s.Rows) > 0 || s.keep {
			out = append(out, s)
		}
	}
	return out
}

// comparisonSection is the run's paired comparisons; bound marks the
// cells that are upper bounds (analysis.UpperBounds). B is named as the
// terminal names it, with its sweep cell where it is not A's.
func comparisonSection(sum analysis.Summary, bound map[analysis.CellKey]string) section {
	ps := sum.Comparisons
	s := section{ID: "comparisons", Title: "Paired comparisons", Note: analysis.ComparisonNote(ps), NumericFrom: 4,
		Header: []string{"Task", "Judge", "A", "B", "Questions", "Accuracy A", "Accuracy B", "Δ B−A", "95% CI", "p", "p Holm"}}
	for _, p := range ps {
		accA, accB, diff := analysis.PairedShares(sum, p)
		s.Rows = append(s.Rows, []string{p.A.Task, p.A.Judge, withCell(p.A.Protocol, p.A.Cell) + bound[p.A], analysis.ComparedB(p, bound), thousands(p.Questions),
			percent(accA), percent(accB), analysis.Points(diff) + " pp",
			p.CIText(), p.PValueText(), p.PHolmText()})
	}
	// The pairs left out (a cell whose episodes all failed, a person's
	// cells that judged other questions) are said, as the terminal says
	// them: with no pair compared, the section holds only that.
	if len(sum.Uncompared) > 0 {
		s.Note = strings.TrimSpace(s.Note + " " + analysis.UncomparedNote(sum.Uncompared))
		if len(ps) == 0 {
			s.Note, s.keep = analysis.UncomparedNote(sum.Uncompared), true
		}
	}
	return s
}

func positionSection(cells []analysis.Cell) section {
	s := section{ID: "position-bias", Title: "Position bias", NumericFrom: 3,
		Note: "Questions judged in both orders: a consistent pair has the same answer chosen in both; " +
			"a first-slot preference of 50% is unbiased; 95% CIs as the cells', over the pairs' questions. Pair accuracy under each rule for an inconsistent pair, with its CI likewise; " +
			"swap-average decides each pair by the judge's probability for the correct answer averaged over the two orders.",
		Header: []string{"Protocol", "Task", "Judge", "Pairs", "Consistent", "Consistency", "First-slot preference", "Pair accuracy"}}
	for _, c := range cells {
		p := c.Position
		if p == nil {
			continue
		}
		var rules []string
		for _, r := range p.PairAccuracy {
			rules = append(rules, r.Rule+" "+percent(r.Accuracy)+ciText(r.CI))
		}
		s.Rows = append(s.Rows, []string{withCell(c.Protocol, c.Cell), c.Task, c.Judge, thousands(p.Pairs), thousands(p.Consistent),
			percent(p.Consistency) + ciText(p.ConsistencyCI), firstSlotText(p),
			strings.Join(rules, " · ")})
	}
	return s
}

func debaterSection(cells []analysis.Cell) section {
	s := section{ID: "debaters", Title: "Debater win rates", NumericFrom: 4,
		Note:   "How often the judge chose the answer a debater argued, by the side it was given. An unparsed verdict is a win for neither.",
		Header: []string{"Protocol", "Task", "Judge", "Debater", "Correct side n", "Correct side wins", "Incorrect side n", "Incorrect side wins"}}
	rate := func(wins int, r *float64) string {
		if r == nil { // over no debates
			return "n/a"
		}
		return fmt.Sprintf("%s (%d)", percent(*r), wins)
	}
	for _, c := range cells {
		for _, d := range c.Debaters {
			s.Rows = append(s.Rows, []string{withCell(c.Protocol, c.Cell), c.Task, c.Judge, d.Agent,
				thousands(d.CorrectN), rate(d.CorrectWins, d.CorrectWinRate),
				thousands(d.IncorrectN), rate(d.IncorrectWins, d.IncorrectWinRate)})
		}
	}
	return s
}

func eloSection(ratings []analysis.Rating, questionGroups bool) section {
	s := section{ID: "elo", Title: "Debater Elo", Note: analysis.EloNote(ratings, questionGroups), NumericFrom: 1,
		Header: []string{"Player", "Elo", "95% CI", "Games", "Wins"}}
	grouped := slices.ContainsFunc(ratings, func(r analysis.Rating) bool { return r.Group > 0 })
	if grouped {
		s.Header = append(s.Header, "Group")
	}
	for _, r := range ratings {
		row := []string{r.Player, fmt.Sprintf("%.0f", r.Rating), analysis.EloCIText(r), thousands(r.Games), thousands(r.Wins)}
		if grouped {
			row = append(row, strconv.Itoa(r.Group))
		}
		s.Rows = append(s.Rows, row)
	}
	return s
}

func eloAccuracySection(ds []analysis.DebaterAccuracy) section {
	s := section{ID: "elo-accuracy", Title: "Judge accuracy by debater Elo", NumericFrom: 1,
		Note:   "Each debater's aggregate Elo (the mean of its correct- and incorrect-side ratings) and the judge's accuracy in the debates it took part in.",
		Header: []string{"Debater", "Elo", "Judge accuracy", "Debates"}}
	for _, d := range ds {
		s.Rows = append(s.Rows, []string{d.Agent, fmt.Sprintf("%.0f", d.Elo), percent(d.Accuracy), thousands(d.Debates)})
	}
	return s
}

func usageSection(id, title, what string, by map[string]analysis.Usage) section {
	s := section{ID: id, Title: title, NumericFrom: 1,
		Header: []string{what, "Calls", "Cached", "Retries", "Input tokens", "Output tokens", "Cost paid", "Cost listed"},
		Note:   "Cost paid is what this run paid (an answer from the cache costs nothing); cost listed is what its calls cost made afresh."}
	names := make([]string, 0, len(by))
	for name := range by {
		names = append(names, name)
	}
	slices.Sort(names)
	failed := false
	for _, name := range names {
		failed = failed || by[name].FailedCalls > 0
	}
	thought := slices.ContainsFunc(names, func(name string) bool { return by[name].ReasoningTokens > 0 })
	if thought {
		s.Header = slices.Insert(s.Header, 6, "Reasoning tokens")
		s.Note += " Reasoning tokens are those of the output tokens the models spent thinking, as their servers counted them."
	}
	if failed {
		// Calls that got no answer hold no tokens, yet may have been billed.
		s.Header = slices.Insert(s.Header, 2, "Failed calls")
		s.Note += " Failed calls got no answer after their retries; an endpoint may have billed them all the same."
	}
	for _, name := range names {
		u := by[name]
		row := []string{name, thousands(u.Calls), thousands(u.CachedCalls), thousands(u.Retries),
			thousands(u.InputTokens), thousands(u.OutputTokens), usd(u.CostUSD), listedCost(u)}
		if thought {
			row = slices.Insert(row, 6, thousands(u.ReasoningTokens))
		}
		if failed {
			row = slices.Insert(row, 2, thousands(u.FailedCalls))
		}
		s.Rows = append(s.Rows, row)
	}
	return s
}

// listedCost is u's listed cost as the usage table shows it: "—" for a
// summary written before listed costs were kept whose cached calls cost
// it nothing, where what they would have cost is not known.
func listedCost(u analysis.Usage) string {
	if u.ListCostUSD == 0 && u.CostUSD > 0 && u.CachedCalls > 0 {
		return "—"
	}
	return usd(cmp.Or(u.ListCostUSD, u.CostUSD))
}

// shownSummaryFields are the JSON names of the Summary fields that the page
// renders in its own way.
var shownSummaryFields = map[string]bool{
	"experiment": true, "seed": true, "episodes": true, "failed": true,
	"partial": true, "by": true, "cells": true, "comparisons": true,
	"elo": true, "elo_grouped": true, "elo_accuracy": true, "usage": true,
	"sweep": true, "warnings": true, "uncompared": true,
}

// firstSlotText is a cell's first-slot preference with its counts, "—"
// where no verdict parsed: no preference, not one for B.
func firstSlotText(p *analysis.PositionBias) string {
	if p.FirstSlotPreference == nil || p.Verdicts == 0 { // the second: a summary.json written before it was left out
		return "— (0 of 0)"
	}
	return fmt.Sprintf("%s%s (%d of %d)", percent(*p.FirstSlotPreference), ciText(p.FirstSlotCI), p.FirstSlot, p.Verdicts)
}

// ciText is " [lo, hi]" of an interval in points, "" where there is none
// (a summary.json written before position intervals).
func ciText(ci *analysis.Interval) string {
	if ci == nil {
		return ""
	}
	return " " + interval95(ci.CILow, ci.CIHigh)
}
