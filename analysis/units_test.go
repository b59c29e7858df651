package analysis

import (
	"fmt"
	"maps"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/mootlab/moot/transcript"
)

// groupedRun is a run of direct and debate over 12 outcomes, each played
// on k questions: with grouped, the k questions of an outcome share a
// group (an article's questions, judged alike); k = 1 without groups is
// the run of 12 independent questions.
func groupedRun(k int, grouped bool) []transcript.Episode {
	directRight := []bool{true, false, true, true, false, false, true, false, true, true, false, true}
	debateRight := []bool{true, true, true, false, true, false, true, true, true, true, false, true}
	var eps []transcript.Episode
	for g := range directRight {
		for j := range k {
			q := fmt.Sprintf("q%02d-%d", g, j)
			for _, p := range []struct {
				kind  string
				right bool
			}{{"direct", directRight[g]}, {"debate", debateRight[g]}} {
				answer := 1
				if p.right {
					answer = 0
				}
				ep := episode(p.kind, p.kind, "quality", "weak-judge", q, "correct-first", answer, "")
				if grouped {
					ep.Group = fmt.Sprintf("article-%02d", g)
				}
				eps = append(eps, ep)
			}
		}
	}
	return eps
}

// The questions of a group that are judged alike carry no more evidence
// than one question: a run of 12 articles of 3 questions each has the
// cell intervals, comparison interval and p-value of the run of 12
// questions, where the same 36 questions without groups would claim a
// narrower interval.
func TestGroupsAreResampledTogether(t *testing.T) {
	flat := Summarize("x", 5, groupedRun(1, false))
	grouped := Summarize("x", 5, groupedRun(3, true))
	loose := Summarize("x", 5, groupedRun(3, false))
	for i, c := range grouped.Cells {
		f, l := flat.Cells[i], loose.Cells[i]
		if c.Questions != 36 || c.Groups != 12 || f.Groups != 0 || l.Groups != 0 {
			t.Errorf("%s: questions %d in %d groups (flat %d, loose %d groups); want 36 in 12, and no groups without", c.Protocol, c.Questions, c.Groups, f.Groups, l.Groups)
		}
		if c.Accuracy != f.Accuracy || c.Interval != f.Interval {
			t.Errorf("%s grouped: %.4f %v; want the 12-question run's %.4f %v", c.Protocol, c.Accuracy, c.Interval, f.Accuracy, f.Interval)
		}
		if l.CIHigh-l.CILow >= c.CIHigh-c.CILow {
			t.Errorf("%s: 36 loose questions give [%.3f, %.3f], no narrower than 12 groups' [%.3f, %.3f]", c.Protocol, l.CILow, l.CIHigh, c.CILow, c.CIHigh)
		}
	}
	if len(grouped.Comparisons) != 1 || len(flat.Comparisons) != 1 || len(loose.Comparisons) != 1 {
		t.Fatalf("comparisons: %d, %d, %d; want one each", len(grouped.Comparisons), len(flat.Comparisons), len(loose.Comparisons))
	}
	g, f, l := grouped.Comparisons[0], flat.Comparisons[0], loose.Comparisons[0]
	if g.Questions != 36 || g.Groups != 12 || f.Groups != 0 || l.Groups != 0 {
		t.Errorf("comparison: %d questions in %d groups (flat %d, loose %d); want 36 in 12", g.Questions, g.Groups, f.Groups, l.Groups)
	}
	if !near(g.Difference, f.Difference) || !near(g.CILow, f.CILow) || !near(g.CIHigh, f.CIHigh) || g.PValue != f.PValue {
		t.Errorf("grouped Δ %.4f [%.4f, %.4f] p %.4f; want the 12-question run's %.4f [%.4f, %.4f] p %.4f",
			g.Difference, g.CILow, g.CIHigh, g.PValue, f.Difference, f.CILow, f.CIHigh, f.PValue)
	}
	if l.PValue >= g.PValue || l.CIHigh-l.CILow >= g.CIHigh-g.CILow {
		t.Errorf("loose: p %.4f, width %.3f; want both below the groups' %.4f, %.3f", l.PValue, l.CIHigh-l.CILow, g.PValue, g.CIHigh-g.CILow)
	}
	if note := MethodNote(grouped); note != "CI: 95%, bootstrap over questions (2000 resamples) (the questions of a group drawn together)." {
		t.Errorf("method note %q", note)
	}
}

// A question some of whose episodes name no group (records written before
// groups, resumed) is resampled in the group the others name.
func TestAQuestionKeepsTheGroupItsEpisodesName(t *testing.T) {
	eps := groupedRun(3, true)
	for i := range eps {
		if i%4 == 0 {
			eps[i].Group = ""
		}
	}
	s := Summarize("x", 5, append(eps, groupedRun(3, true)...))
	for _, c := range s.Cells {
		if c.Groups != 12 {
			t.Errorf("%s: %d groups; want 12", c.Protocol, c.Groups)
		}
	}
}

// Over seeds that share questions (a loaded file, replicated), the crossed
// bootstrap draws groups too: 12 articles of 3 questions replicated give
// the intervals of 12 questions replicated.
func TestReplicatesResampleGroups(t *testing.T) {
	replicated := func(k int, grouped bool) ReplicateSummary {
		z := NewReplicateSummarizer("x", []uint64{1, 2})
		for r := range 2 {
			eps := groupedRun(k, grouped)
			for i := range eps {
				// The second seed's judge misses the first article's
				// questions in debate, and gets the second's right.
				if g := eps[i].QuestionID[:3]; r == 1 && eps[i].Kind == "debate" && (g == "q00" || g == "q01") {
					eps[i].Correct = g == "q01"
					eps[i].Verdict.Answer = b2i(!eps[i].Correct)
				}
				z.Add(r, &eps[i])
			}
		}
		return z.Summary(z.Summaries())
	}
	flat, grouped := replicated(1, false), replicated(3, true)
	if flat.Grouped || !grouped.Grouped || !strings.Contains(ReplicateNote(&grouped), "the questions of a group together") {
		t.Errorf("grouped: %v and %v; want the grouped run alone marked, and its note to say so: %q", flat.Grouped, grouped.Grouped, ReplicateNote(&grouped))
	}
	for i, c := range grouped.Cells {
		f := flat.Cells[i]
		if c.CIMethod != MethodReplicatesCrossed || !near(c.Mean, f.Mean) || !near(c.CILow, f.CILow) || !near(c.CIHigh, f.CIHigh) {
			t.Errorf("%s over seeds: %.4f %v; want the 12-question run's %.4f %v, crossed", c.Protocol, c.Mean, c.Interval, f.Mean, f.Interval)
		}
	}
	if len(grouped.Comparisons) != 1 || len(flat.Comparisons) != 1 {
		t.Fatalf("comparisons %d and %d; want one each", len(grouped.Comparisons), len(flat.Comparisons))
	}
	g, f := grouped.Comparisons[0], flat.Comparisons[0]
	if g.CIMethod != MethodReplicatesCrossed || !near(g.Mean, f.Mean) || !near(g.CILow, f.CILow) || !near(g.CIHigh, f.CIHigh) {
		t.Errorf("comparison over seeds: %.4f %v; want the 12-question run's %.4f %v, crossed", g.Mean, g.Interval, f.Mean, f.Interval)
	}
}

// groupedStudy draws one study of groups articles of size questions each,
// judged twice a question: an article is easy (accuracy uniform in
// [0.8, 1]) or hard ([0.2, 0.6]) for all its questions, as a judge that
// reads an article well reads it well for every question. It returns the
// tally of the questions with their groups, and without.
func groupedStudy(r *rand.Rand, groups, size int) (grouped, loose *questionTally) {
	grouped, loose = &questionTally{}, &questionTally{}
	for g := range groups {
		p := 0.2 + 0.4*r.Float64()
		if r.IntN(2) == 0 {
			p = 0.8 + 0.2*r.Float64()
		}
		for j := range size {
			q := fmt.Sprintf("q%d-%d", g, j)
			for range 2 {
				right := r.Float64() < p
				grouped.add(q, fmt.Sprintf("g%d", g), right)
				loose.add(q, "", right)
			}
		}
	}
	return grouped, loose
}

// The cluster bootstrap over groups covers the truth about as the
// bootstrap over questions does when questions are independent
// (TestBootstrapClusteredCoverage at 40 units: about 93%); over the same
// questions as if independent it covers far less.
func TestGroupedCoverage(t *testing.T) {
	t.Parallel()
	studies := 1000
	r := rand.New(rand.NewPCG(2026, 12))
	var coveredGrouped, coveredLoose int
	for s := range studies {
		grouped, loose := groupedStudy(r, 40, 5)
		for _, c := range []struct {
			t       *questionTally
			covered *int
		}{{grouped, &coveredGrouped}, {loose, &coveredLoose}} {
			_, counts := c.t.units()
			lo, hi := BootstrapClustered(counts, coverageResamples, 9, uint64(s))
			if lo <= simulatedAccuracy && simulatedAccuracy <= hi {
				*c.covered++
			}
		}
	}
	g, l := float64(coveredGrouped)/float64(studies), float64(coveredLoose)/float64(studies)
	t.Logf("40 articles of 5 questions: covered %.1f%% by groups, %.1f%% by questions, of %d studies", 100*g, 100*l, studies)
	if g < 0.91 || g > 0.97 || l > 0.85 {
		t.Errorf("coverage %.3f by groups (want 0.91 to 0.97), %.3f by questions (want below 0.85)", g, l)
	}
}

// Under the null of no difference between two cells, where a protocol
// helps on some articles and hurts on others (each article's questions
// alike), the permutation test that swaps groups keeps its size near 5%;
// swapping questions one by one rejects far more often.
func TestGroupedPermutationSize(t *testing.T) {
	t.Parallel()
	studies := 2000
	r := rand.New(rand.NewPCG(2026, 13))
	var rejectGrouped, rejectLoose int
	for s := range studies {
		var qs []string
		var diffs []float64
		grouped := &questionTally{}
		for g := range 30 {
			shift := 0.4 * (2*r.Float64() - 1) // the article's effect, mean 0
			p := 0.4 + 0.2*r.Float64()
			for j := range 4 {
				x := float64(binomial(r, 2, p)) / 2
				y := float64(binomial(r, 2, p+shift)) / 2
				q := fmt.Sprintf("q%02d-%d", g, j)
				grouped.groups.add(q, fmt.Sprintf("g%02d", g))
				qs, diffs = append(qs, q), append(diffs, y-x)
			}
		}
		units, _ := pairedUnits(qs, diffs, grouped, &questionTally{})
		sums := slices.Collect(valuesByKey(units))
		if permutationPValue(unitSums(sums), 999, 3, uint64(s)) < 0.05 {
			rejectGrouped++
		}
		if permutationPValue(diffs, 999, 3, uint64(s)) < 0.05 {
			rejectLoose++
		}
	}
	g, l := float64(rejectGrouped)/float64(studies), float64(rejectLoose)/float64(studies)
	t.Logf("30 articles of 4 questions, no difference: rejected at 5%% in %.1f%% by groups, %.1f%% by questions", 100*g, 100*l)
	if g < 0.03 || g > 0.07 || l < 0.08 {
		t.Errorf("size %.3f by groups (want 0.03 to 0.07), %.3f by questions (want above 0.08)", g, l)
	}
}

// Two cells that agree on every group get the discordance bound over the
// groups, and the note says so.
func TestGroupedDiscordance(t *testing.T) {
	eps := groupedRun(3, true)
	for i := range eps {
		if eps[i].Kind == "debate" {
			eps[i].Correct, eps[i].Verdict = eps[i-1].Correct, eps[i-1].Verdict
		}
	}
	s := Summarize("x", 5, eps)
	if len(s.Comparisons) != 1 {
		t.Fatalf("%d comparisons; want 1", len(s.Comparisons))
	}
	p := s.Comparisons[0]
	lo, hi := oneValueBound(0, -1, 1, 12)
	if p.CIMethod != MethodDiscordance || p.Groups != 12 || !near(p.CILow, lo) || !near(p.CIHigh, hi) {
		t.Errorf("got %s [%.4f, %.4f] over %d groups; want the discordance bound over 12 groups [%.4f, %.4f]", p.CIMethod, p.CILow, p.CIHigh, p.Groups, lo, hi)
	}
	if note := ComparisonNote(s.Comparisons); !strings.Contains(note, "0 of the questions (or groups) differed") {
		t.Errorf("note %q; want it to name groups", note)
	}
}

// A cell all of whose questions are of one group has nothing to draw
// between groups: its interval is the one over its questions, which speaks
// of that group alone, not Wilson over its episodes as if independent.
func TestOneGroupIsIntervalOverItsQuestions(t *testing.T) {
	eps := groupedRun(1, false)
	loose := Summarize("x", 5, eps)
	for i := range eps {
		eps[i].Group = "the-one-article"
	}
	one := Summarize("x", 5, eps)
	for i, c := range one.Cells {
		if c.Groups != 1 || c.Interval != loose.Cells[i].Interval {
			t.Errorf("%s: %d groups, %v; want 1 and the interval over its questions %v", c.Protocol, c.Groups, c.Interval, loose.Cells[i].Interval)
		}
	}
}

// A comparison of a cell whose records name groups with one whose records
// do not (a baseline recorded before loaders named groups) draws the
// groups either way round.
func TestPairedGroupsFromEitherCell(t *testing.T) {
	eps := groupedRun(3, true)
	for i := range eps {
		if eps[i].Kind == "direct" {
			eps[i].Group = ""
		}
	}
	z := Summarize("x", 5, eps)
	ab := Compare(eps, z.Cells[0].Key(), z.Cells[1].Key(), Resamples, 5)
	ba := Compare(eps, z.Cells[1].Key(), z.Cells[0].Key(), Resamples, 5)
	// The two draw from streams of their own (keyed by A and B in order):
	// their p-values agree within Monte Carlo error.
	if ab.Groups != 12 || ba.Groups != 12 || math.Abs(ab.PValue-ba.PValue) > 0.02 || !near(ab.CIHigh-ab.CILow, ba.CIHigh-ba.CILow) {
		t.Errorf("A–B: %d groups %v p %.4f; B–A: %d groups %v p %.4f; want 12 groups and one test both ways",
			ab.Groups, ab.Interval, ab.PValue, ba.Groups, ba.Interval, ba.PValue)
	}
}

// Grading's tau over questions all of one group is drawn by its questions,
// as a cell's interval is: the interval of the same run without groups.
// Over one question there is nothing to draw: the whole range.
func TestTauOfOneGroupIsOverItsQuestions(t *testing.T) {
	eps := fiveTimes(handTable())
	looseSum := Summarize("x", 1, eps)
	loose := looseSum.Cells[0].Grading
	for i := range eps {
		eps[i].Group = fmt.Sprint("article-", i%2)
	}
	if note := GradingNote(Summarize("x", 1, eps).Cells); !strings.Contains(note, "bootstrap over questions"+GroupsNote) {
		t.Errorf("grading note of two groups %q does not say they are drawn together", note)
	}
	if note := GradingNote(looseSum.Cells); strings.Contains(note, GroupsNote) {
		t.Errorf("grading note without groups %q speaks of them", note)
	}
	for i := range eps {
		eps[i].Group = "one-article"
	}
	g := Summarize("x", 1, eps).Cells[0].Grading
	if g == nil || g.TauCI == nil || loose.TauCI == nil || *g.TauCI != *loose.TauCI || g.TauCI.CIMethod != MethodBootstrap {
		t.Fatalf("one group: tau interval %+v; want the bootstrap over its questions, %+v", g.TauCI, loose.TauCI)
	}
	var one []transcript.Episode
	for _, ep := range handTable() {
		if ep.QuestionID == "q1" || ep.QuestionID == "q2" {
			ep.QuestionID = "q1"
			one = append(one, ep)
		}
	}
	g = Summarize("x", 1, one).Cells[0].Grading
	if want := (Interval{CILow: -1, CIHigh: 1, CIMethod: MethodRange}); !g.TauDefined || g.TauCI == nil || *g.TauCI != want {
		t.Errorf("one question: tau defined %v, interval %+v; want defined, over [-1, 1] (%s)", g.TauDefined, g.TauCI, MethodRange)
	}
}

// Elo's bootstrap draws a group's games together: 12 articles of 3
// questions, each debated alike, give the ratings of the 36 questions
// without groups (the same games) with wider intervals (the prior makes
// them no copy of the 12 questions' own); the summary says the games were
// grouped, and the note says so; without groups it says neither.
func TestEloDrawsGroupsTogether(t *testing.T) {
	loose, grouped := Summarize("x", 5, groupedDebates(false)), Summarize("x", 5, groupedDebates(true))
	if len(loose.Elo) != 2 || len(loose.Elo) != len(grouped.Elo) {
		t.Fatalf("ratings: %d loose, %d grouped; want 2 players each (strong/correct, weak/incorrect)", len(loose.Elo), len(grouped.Elo))
	}
	for i, g := range grouped.Elo {
		l := loose.Elo[i]
		if g.Player != l.Player || !near(g.Rating, l.Rating) || g.CIHigh-g.CILow <= l.CIHigh-l.CILow {
			t.Errorf("grouped %s %.1f [%.1f, %.1f]; want loose %s's rating %.1f with a wider interval than [%.1f, %.1f]",
				g.Player, g.Rating, g.CILow, g.CIHigh, l.Player, l.Rating, l.CILow, l.CIHigh)
		}
	}
	if !grouped.EloGrouped || loose.EloGrouped {
		t.Errorf("EloGrouped: %v grouped, %v loose; want true, false", grouped.EloGrouped, loose.EloGrouped)
	}
	if note := EloNote(grouped.Elo, grouped.EloGrouped); !strings.Contains(note, "bootstrap over questions"+GroupsNote) {
		t.Errorf("grouped Elo note %q does not say the groups are drawn together", note)
	}
	if note := EloNote(loose.Elo, loose.EloGrouped); strings.Contains(note, GroupsNote) {
		t.Errorf("loose Elo note %q speaks of groups", note)
	}
}

// Groups of one question each draw as the questions do, draw for draw:
// the cells, the comparison and the ratings of such a run are those of
// the run without groups, and nothing says groups.
func TestGroupsOfOneDrawAsQuestions(t *testing.T) {
	withDebaters := func(eps []transcript.Episode) []transcript.Episode {
		for i, ep := range eps {
			if ep.Kind == "debate" {
				d := debateEpisode("debate", ep.QuestionID, ep.Assignment, "strong", "weak", ep.Verdict.Answer)
				d.Group = ep.Group
				eps[i] = d
			}
		}
		return eps
	}
	// Each question judged again in the other order, some otherwise, so
	// that the intervals are bootstrapped; groups named in another order
	// than their questions.
	run := func(grouped bool) []transcript.Episode {
		eps := groupedRun(1, grouped)
		for i, ep := range eps[:len(eps):len(eps)] {
			answer := ep.Verdict.Answer
			if i%3 == 0 {
				answer = 1 - answer
			}
			again := episode(ep.Protocol, ep.Kind, ep.Task, ep.Judge, ep.QuestionID, "correct-second", answer, "")
			eps = append(eps, again)
		}
		for i := range eps {
			if grouped {
				eps[i].Group = fmt.Sprint("article-", 99-int(eps[i].QuestionID[1]-'0')*10-int(eps[i].QuestionID[2]-'0'))
			}
		}
		return withDebaters(eps)
	}
	loose, single := Summarize("x", 5, run(false)), Summarize("x", 5, run(true))
	if loose.Cells[0].CIMethod != MethodBootstrap || len(loose.Elo) == 0 || len(loose.Comparisons) == 0 {
		t.Fatalf("method %s, %d ratings, %d comparisons; want bootstrapped cells, ratings and a comparison", loose.Cells[0].CIMethod, len(loose.Elo), len(loose.Comparisons))
	}
	if diff := cmp.Diff(loose, single); diff != "" {
		t.Errorf("groups of one question differ from none (-none +groups of one):\n%s", diff)
	}
	if single.Cells[0].Groups != 0 || single.EloGrouped || strings.Contains(MethodNote(single), GroupsNote) {
		t.Errorf("groups of one: cell groups %d, elo_grouped %v, note %q; want none said", single.Cells[0].Groups, single.EloGrouped, MethodNote(single))
	}
}

// A comparison whose questions all share one group draws its questions,
// as a cell of one group does: the interval and p-value of the same
// questions without groups, with groups 1 said.
func TestOneGroupComparisonDrawsQuestions(t *testing.T) {
	eps := groupedRun(1, true)
	for i := range eps {
		eps[i].Group = "one-article"
	}
	one, loose := Summarize("x", 5, eps).Comparisons, Summarize("x", 5, groupedRun(1, false)).Comparisons
	if len(one) != 1 || len(loose) != 1 {
		t.Fatalf("comparisons %d and %d; want one each", len(one), len(loose))
	}
	o, l := one[0], loose[0]
	if o.Groups != 1 || o.CIMethod != l.CIMethod || o.CILow != l.CILow || o.CIHigh != l.CIHigh || o.PValue != l.PValue {
		t.Errorf("one group: groups %d, %s [%.4f, %.4f] p %.4f; want 1 group drawn by its questions, %s [%.4f, %.4f] p %.4f",
			o.Groups, o.CIMethod, o.CILow, o.CIHigh, o.PValue, l.CIMethod, l.CILow, l.CIHigh, l.PValue)
	}
}

// Two runs that put one question in two groups (another data file, its
// group field edited) join the groups, whichever run comes first: pooled
// (moot table) and paired (moot compare) alike.
func TestGroupsNamedTwiceJoin(t *testing.T) {
	a := groupedRun(3, true)
	b := groupedRun(3, true)
	for i := range b {
		if b[i].QuestionID == "q00-0" {
			b[i].Group = "article-01" // article-00 and article-01 are one
		}
	}
	ab, ba := Summarize("x", 5, append(slices.Clone(a), b...)), Summarize("x", 5, append(slices.Clone(b), a...))
	if diff := cmp.Diff(ab.Cells, ba.Cells); diff != "" {
		t.Errorf("pooled cells depend on the order of the runs (-a first +b first):\n%s", diff)
	}
	if g := ab.Cells[0].Groups; g != 11 {
		t.Errorf("pooled: %d groups; want 11 (12 articles, two joined)", g)
	}
	tally := func(eps []transcript.Episode, kind string) *questionTally {
		var t questionTally
		for i := range eps {
			if eps[i].Kind == kind {
				t.add(questionKey(&eps[i]), unitKey(&eps[i]), eps[i].Correct)
			}
		}
		return &t
	}
	ta, tb := tally(a, "direct"), tally(b, "debate")
	qs, _ := ta.sorted()
	xs := make([]float64, len(qs))
	for i := range xs {
		xs[i] = float64(i % 3)
	}
	uab, gab := pairedUnits(qs, xs, ta, tb)
	uba, gba := pairedUnits(qs, xs, tb, ta)
	if gab != 11 || gba != 11 || !maps.Equal(uab, uba) {
		t.Errorf("paired units: %d groups A-B, %d B-A, alike %v; want 11 each, alike", gab, gba, maps.Equal(uab, uba))
	}
}

// Groups joined in a chain (03 with 02, then 02 with 01, then 01 with 00)
// are one: the cells and the comparison that read one tally at once (go
// test -race) draw the four articles' questions as one group.
func TestGroupsJoinedInAChain(t *testing.T) {
	eps := groupedRun(3, true)
	for _, join := range []struct{ question, group string }{{"q03-0", "article-02"}, {"q02-0", "article-01"}, {"q01-0", "article-00"}} {
		for _, ep := range groupedRun(3, true) {
			if ep.QuestionID == join.question {
				ep.Group = join.group
				eps = append(eps, ep)
			}
		}
	}
	s := Summarize("x", 5, eps)
	for _, c := range s.Cells {
		if c.Groups != 9 {
			t.Errorf("%s: %d groups; want 9 (12 articles, four joined)", c.Protocol, c.Groups)
		}
	}
	if len(s.Comparisons) != 1 || s.Comparisons[0].Groups != 9 {
		t.Errorf("comparisons %+v; want one over 9 groups", s.Comparisons)
	}
}

// Over seeds, a group is keyed as a group at every seed: a seed whose
// failures left each group one question keys by group, as the seeds where
// a group holds two do, so that the crossed bootstrap draws it as one unit
// (a single run draws such groups as its questions: units).
func TestUnitsOverSeedsKeyByGroup(t *testing.T) {
	var lone, pair questionTally
	lone.add("t/q1", "t\x00\x00A", true)
	lone.add("t/q3", "t\x00\x00B", false)
	pair.add("t/q1", "t\x00\x00A", true)
	pair.add("t/q2", "t\x00\x00A", false)
	pair.add("t/q3", "t\x00\x00B", false)
	for name, tally := range map[string]*questionTally{"one question a group": &lone, "two in A": &pair} {
		if got := slices.Sorted(maps.Keys(tally.unitCounts())); !slices.Equal(got, []string{"t\x00\x00A", "t\x00\x00B"}) {
			t.Errorf("%s: units over seeds %q; want the groups A and B", name, got)
		}
	}
	if keys, _ := lone.units(); !slices.Equal(keys, []string{"t/q1", "t/q3"}) {
		t.Errorf("one run, one question a group: units %q; want its questions", keys)
	}
}

// Debates whose questions are all of one article are rated as the same
// questions without groups, drawn by question (a cell of one group is drawn
// so), not as one unit whose every resample is the same.
func TestEloOfOneGroupDrawsQuestions(t *testing.T) {
	eps := groupedDebates(false)
	for i := range eps {
		eps[i].Group = "one-article"
	}
	one, loose := Summarize("x", 5, eps), Summarize("x", 5, groupedDebates(false))
	if diff := cmp.Diff(loose.Elo, one.Elo); diff != "" || one.EloGrouped {
		t.Errorf("one group: elo_grouped %v, ratings differ from the questions' (-loose +one group):\n%s", one.EloGrouped, diff)
	}
}

// groupedDebates are groupedRun(3, grouped)'s debates, between the
// debaters strong and weak.
func groupedDebates(grouped bool) []transcript.Episode {
	var eps []transcript.Episode
	for _, ep := range groupedRun(3, grouped) {
		if ep.Protocol == "debate" {
			d := debateEpisode("debate", ep.QuestionID, ep.Assignment, "strong", "weak", ep.Verdict.Answer)
			d.Group = ep.Group
			eps = append(eps, d)
		}
	}
	return eps
}
