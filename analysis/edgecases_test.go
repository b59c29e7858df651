package analysis

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/mootlab/moot/transcript"
)

// TestReplicateCellOfOneValue: seeds that each judge every episode right
// give no spread; the cell's interval is then the Wilson interval over the
// pooled distinct questions, not [1, 1].
func TestReplicateCellOfOneValue(t *testing.T) {
	z := NewReplicateSummarizer("x", []uint64{1, 2, 3})
	for r := range 3 {
		for q := range 10 {
			for repeat := range 2 {
				id := string(rune('a'+r)) + string(rune('a'+q))
				z.Add(r, &transcript.Episode{
					EpisodeID: id + strconv.Itoa(repeat), Protocol: "debate", Kind: "debate",
					Task: "t", QuestionID: id, Judge: "j", Repeat: repeat,
					Answers: [2]string{"x", "y"}, Order: [2]int{0, 1},
					Verdict: transcript.Verdict{Answer: 0, Slot: "A"}, Correct: true,
				})
			}
		}
	}
	rs := z.Summary(z.Summaries())
	if len(rs.Cells) != 1 {
		t.Fatalf("got %d cells; want 1", len(rs.Cells))
	}
	c := rs.Cells[0]
	lo, hi := Wilson(30, 30)
	if c.CIMethod != MethodWilsonQuestions || !near(c.CILow, lo) || !near(c.CIHigh, hi) || !(c.CILow < 1) {
		t.Errorf("got %s [%v, %v]; want wilson-questions [%v, %v] over the 30 distinct questions of the 60 pooled episodes",
			c.CIMethod, c.CILow, c.CIHigh, lo, hi)
	}
}

// TestMarkdownSaysPartial: table.md of a run that stopped early says so
// under the table.
func TestMarkdownSaysPartial(t *testing.T) {
	md := markdownOf(t, Summary{Experiment: "x", Partial: "interrupted after 3 of 10"})
	if !strings.Contains(md, "**Partial run** (interrupted after 3 of 10)") {
		t.Errorf("table.md of a partial run:\n%s", md)
	}
}

// TestCompareSameDifferenceEveryQuestion: where every question's
// difference is the same, every bootstrap resample is too; the interval
// is then the discordance bound, not [d, d]. u is Wilson's upper bound
// for 0 of q in closed form, z²/(q + z²).
func TestCompareSameDifferenceEveryQuestion(t *testing.T) {
	const q = 50
	u := wilsonZ * wilsonZ / (q + wilsonZ*wilsonZ)
	for _, tt := range []struct {
		name        string
		a, b        int // the answer each cell's judge gives (0 is right)
		d, wlo, whi float64
		significant bool
	}{
		{"agree", 0, 0, 0, -u, u, false},
		{"b always right, a always wrong", 1, 0, 1, 1 - 2*u, 1, true},
		{"b always wrong, a always right", 0, 1, -1, -1, -1 + 2*u, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var eps []transcript.Episode
			for i := range q {
				qid := fmt.Sprintf("q%02d", i)
				for _, asg := range []string{"correct-first", "correct-second"} {
					eps = append(eps, episode("a", "debate", "t", "j", qid, asg, tt.a, ""),
						episode("b", "debate", "t", "j", qid, asg, tt.b, ""))
				}
			}
			p := Compare(eps, CellKey{"a", "t", "j", ""}, CellKey{"b", "t", "j", ""}, 200, 1)
			if p.Difference != tt.d || p.CIMethod != MethodDiscordance {
				t.Fatalf("got Δ %v by %q; want %v by %q", p.Difference, p.CIMethod, tt.d, MethodDiscordance)
			}
			if math.Abs(p.CILow-tt.wlo) > 1e-12 || math.Abs(p.CIHigh-tt.whi) > 1e-12 {
				t.Errorf("got [%v, %v]; want [%v, %v]", p.CILow, p.CIHigh, tt.wlo, tt.whi)
			}
			if p.Disagrees() || (p.PValue < 0.05) != tt.significant {
				t.Errorf("got p %v with [%v, %v]; want them to agree", p.PValue, p.CILow, p.CIHigh)
			}
		})
	}
}

// TestReplicateComparisonOfOneDifference: seeds at which both cells judge
// every question right give one difference, 0, at every seed; the
// replicate interval is the discordance bound over the distinct questions.
func TestReplicateComparisonOfOneDifference(t *testing.T) {
	z := NewReplicateSummarizer("x", []uint64{1, 2, 3})
	for r := range 3 {
		for i := range 10 {
			for _, p := range []string{"direct", "debate"} {
				ep := episode(p, p, "t", "j", fmt.Sprintf("r%dq%d", r, i), "x", 0, "")
				ep.EpisodeID += p
				z.Add(r, &ep)
			}
		}
	}
	c := onlyComparison(t, z)
	_, u := Wilson(0, 30)
	if c.CIMethod != MethodDiscordance || !near(c.CILow, -u) || !near(c.CIHigh, u) {
		t.Errorf("got %s [%v, %v]; want discordance [%v, %v] over 30 questions", c.CIMethod, c.CILow, c.CIHigh, -u, u)
	}
	// Its p: not the t test of its seeds' own questions (their Δ have no
	// spread) but the sign-flip over them all, every term 0: p = 1; and
	// the note says so, where it said the t test.
	if c.PMethod != PMethodSeedPermutation || c.PValue == nil || *c.PValue != 1 {
		t.Errorf("p %s by %q; want 1 by %s", pointed(c.PValue), c.PMethod, PMethodSeedPermutation)
	}
	note := ReplicateNote(&ReplicateSummary{Seeds: []uint64{1, 2, 3}, Comparisons: []ReplicateComparison{c}})
	if !strings.Contains(note, "where each has questions of its own and their Δ differ, else the paired permutation test") {
		t.Errorf("note %q; want it to say that the t test is of seeds whose Δ differ", note)
	}
}

// TestOneDifferenceOfOtherFractions: per-question differences equal in
// value but made of other fractions (1/2 − 1/3 and 2/3 − 1/2) differ in
// their last bits; they are still one difference, with the discordance
// bound, not a bootstrap of zero width.
func TestOneDifferenceOfOtherFractions(t *testing.T) {
	var eps []transcript.Episode
	add := func(protocol, q string, right, n int) {
		for i := range n {
			answer := 1
			if i < right {
				answer = 0
			}
			ep := episode(protocol, "debate", "t", "j", q, fmt.Sprintf("x%d", i), answer, "")
			eps = append(eps, ep)
		}
	}
	add("a", "q1", 1, 3)
	add("b", "q1", 1, 2)
	add("a", "q2", 1, 2)
	add("b", "q2", 2, 3)
	add("a", "q3", 1, 3)
	add("b", "q3", 1, 2)
	p := Compare(eps, CellKey{"a", "t", "j", ""}, CellKey{"b", "t", "j", ""}, 200, 1)
	if p.CIMethod != MethodDiscordance || p.CIHigh-p.CILow < 0.1 {
		t.Errorf("got %q [%v, %v] for three differences of 1/6; want the discordance bound", p.CIMethod, p.CILow, p.CIHigh)
	}
}

// TestReplicatesAgreeingBetween: seeds that each judge every question
// half right (a judge that always picks slot A, both orders played) agree
// on 50% with no spread: the interval is the bound over the pooled
// questions, not the Wilson interval of their episodes as if independent.
// Seeds that agree on a mean of questions that differ get the bootstrap
// over the pooled questions.
func TestReplicatesAgreeingBetween(t *testing.T) {
	for _, tt := range []struct {
		name string
		// verdict gives the answer of question q's episode in order o.
		verdict func(q, o int) int
		want    string
	}{
		{"every question half right", func(q, o int) int { return o }, MethodWilsonQuestions},
		{"questions right and wrong", func(q, o int) int { return q % 2 }, MethodBootstrap},
	} {
		t.Run(tt.name, func(t *testing.T) {
			z := NewReplicateSummarizer("x", []uint64{1, 2, 3})
			for r := range 3 {
				for q := range 10 {
					for o, asg := range []string{"correct-first", "correct-second"} {
						ep := episode("direct", "direct", "t", "j", fmt.Sprintf("r%dq%d", r, q), asg, tt.verdict(q, o), "")
						z.Add(r, &ep)
					}
				}
			}
			c := z.Summary(z.Summaries()).Cells[0]
			if c.CIMethod != tt.want || c.CIHigh-c.CILow < 0.05 {
				t.Errorf("got %s [%v, %v] at mean %v; want %s with width", c.CIMethod, c.CILow, c.CIHigh, c.Mean, tt.want)
			}
			if tt.want == MethodWilsonQuestions {
				lo, hi := oneValueBound(0.5, 0, 1, 30)
				if !near(c.CILow, lo) || !near(c.CIHigh, hi) {
					t.Errorf("got [%v, %v]; want the bound over 30 questions [%v, %v]", c.CILow, c.CIHigh, lo, hi)
				}
			}
		})
	}
}

// TestBreakdownOfRepeats: with repeats, a part's episodes of one question
// are not independent: its interval is made over its questions, as a
// cell's, not Wilson over its episodes (which read [35.2, 64.8] for 4
// questions all right and 4 all wrong, 5 repeats each). A part whose
// every question has one episode keeps Wilson.
func TestBreakdownOfRepeats(t *testing.T) {
	var eps []transcript.Episode
	for q := range 8 {
		for r := range 5 {
			ep := episode("c", "consultancy", "t", "j", fmt.Sprintf("q%d", q), "assigned-correct", q%2, "")
			ep.Repeat, ep.EpisodeID = r, fmt.Sprintf("%s/%d", ep.EpisodeID, r)
			eps = append(eps, ep)
			if r == 0 {
				other := episode("c", "consultancy", "t", "j", fmt.Sprintf("q%d", q), "assigned-incorrect", q%2, "")
				eps = append(eps, other)
			}
		}
	}
	c := Summarize("e", 1, eps).Cells[0]
	repeated, once := c.Breakdown[0], c.Breakdown[1]
	if repeated.CIMethod != MethodBootstrap || repeated.CIHigh-repeated.CILow < 0.5 {
		t.Errorf("part of 8 questions × 5 repeats: %s [%v, %v]; want the bootstrap over questions, wide", repeated.CIMethod, repeated.CILow, repeated.CIHigh)
	}
	if lo, hi := wilson9(once.Correct, once.N); once.CIMethod != MethodWilson || once.CILow != lo || once.CIHigh != hi {
		t.Errorf("part of 8 questions once each: %q [%v, %v]; want Wilson [%v, %v]", once.CIMethod, once.CILow, once.CIHigh, lo, hi)
	}
}

// TestEloUnboundedAndGroups: a player that never lost has no upper bound
// from its games, one that never won no lower, and games of one question
// bound neither (every resample is the same); players that never met,
// directly or through others, are in groups apart.
func TestEloUnboundedAndGroups(t *testing.T) {
	var games []Game
	for q := range 6 {
		qid := fmt.Sprintf("q%d", q)
		games = append(games,
			Game{A: "ace", B: "mid", AWins: true, Question: qid},
			Game{A: "mid", B: "low", AWins: q%2 == 0, Question: qid},
			Game{A: "low", B: "mid", AWins: q%3 == 0, Question: qid},
			Game{A: "x", B: "y", AWins: q%2 == 0, Question: qid})
	}
	got := map[string]Rating{}
	for _, r := range Elo(games, 200, 1) {
		got[r.Player] = r
	}
	if got["ace"].Unbounded != UnboundedAbove || got["mid"].Unbounded != "" || got["x"].Unbounded != "" {
		t.Errorf("unbounded: ace %q, mid %q, x %q; want above, none, none", got["ace"].Unbounded, got["mid"].Unbounded, got["x"].Unbounded)
	}
	if got["ace"].Group == got["x"].Group || got["ace"].Group != got["low"].Group || got["x"].Group != got["y"].Group || got["x"].Group == 0 {
		t.Errorf("groups: ace %d, low %d, x %d, y %d; want {ace, mid, low} apart from {x, y}", got["ace"].Group, got["low"].Group, got["x"].Group, got["y"].Group)
	}
	if text := EloCIText(got["ace"]); !strings.HasSuffix(text, "∞)") {
		t.Errorf("ace's interval reads %q; want it open above", text)
	}
	// Each question split 1–1: every resample refits to one rating.
	var even []Game
	for q := range 5 {
		qid := fmt.Sprintf("q%d", q)
		even = append(even, Game{A: "a", B: "b", AWins: true, Question: qid}, Game{A: "a", B: "b", AWins: false, Question: qid})
	}
	for _, r := range Elo(even, 50, 1) {
		if r.Unbounded != UnboundedBoth {
			t.Errorf("games split alike on every question: %s [%v, %v] unbounded %q; want both", r.Player, r.CILow, r.CIHigh, r.Unbounded)
		}
	}
	one := Elo([]Game{{A: "a", B: "b", AWins: true, Question: "q"}}, 50, 1)
	for _, r := range one {
		if r.Unbounded != UnboundedBoth || r.Group != 0 {
			t.Errorf("one game: %s unbounded %q group %d; want both, 0", r.Player, r.Unbounded, r.Group)
		}
	}
}

// TestUsageOfKeptMessages: a rejudged record keeps the first run's
// speakers, marked kept; its usage counts as calls, tokens and cost paid
// only the new judge's, and lists what the whole protocol costs.
func TestUsageOfKeptMessages(t *testing.T) {
	ep := transcript.Episode{Protocol: "debate", Task: "t", Judge: "j2", QuestionID: "q", Messages: []transcript.Message{
		{Agent: "strong", Kept: true, CostUSD: 0.002, ListCostUSD: 0.002, Usage: transcript.Usage{InputTokens: 100, OutputTokens: 50}},
		{Agent: "strong", Kept: true, Cached: true, ListCostUSD: 0.003, Usage: transcript.Usage{InputTokens: 120, OutputTokens: 60}},
		{Agent: "j2", CostUSD: 0.001, ListCostUSD: 0.001, Usage: transcript.Usage{InputTokens: 300, OutputTokens: 5}},
	}}
	u := Summarize("e", 1, []transcript.Episode{ep}).Usage.Total
	want := Usage{Calls: 1, InputTokens: 300, OutputTokens: 5, CostUSD: 0.001, ListCostUSD: 0.006}
	if u != want {
		t.Errorf("usage %+v; want %+v", u, want)
	}
}

// TestPooledTasksKeepTheirQuestions: a cell that pools two tasks (moot
// table --by protocol) whose questions share ids — one generator at one
// seed with two settings — counts them as the distinct questions they are.
func TestPooledTasksKeepTheirQuestions(t *testing.T) {
	var eps []transcript.Episode
	for _, task := range []string{"easy", "hard"} {
		for q := range 5 {
			eps = append(eps, episode("d", "direct", task, "j", fmt.Sprintf("gen-1-%04d", q), "x", q%2, ""))
		}
	}
	s, err := SummarizeBy("e", 1, eps, []string{FieldProtocol})
	if err != nil {
		t.Fatal(err)
	}
	if c := s.Cells[0]; c.Questions != 10 || c.N != 10 {
		t.Errorf("pooled cell: %d questions of %d episodes; want 10 of 10", c.Questions, c.N)
	}
}

// TestReplicateComparisonMeanOfExactDifferences: a replicated comparison's
// mean and SD are of each seed's difference as its questions give it, not
// of the differences its summary rounded. Seeds whose debate beats the
// baseline on 1, 1 and 5 of 7 questions differ by 1/7, 1/7 and 5/7: their
// mean is 1/3 (0.3333), where the rounded 0.1429, 0.1429 and 0.7143 would
// give 0.3334.
func TestReplicateComparisonMeanOfExactDifferences(t *testing.T) {
	wins := []int{1, 1, 5}
	z := NewReplicateSummarizer("x", []uint64{1, 2, 3})
	for r, k := range wins {
		for i := range 7 {
			answer := 1
			if i < k {
				answer = 0
			}
			addDirectAndDebate(z, r, fmt.Sprintf("q%d", i), 1, answer)
		}
	}
	c := onlyComparison(t, z)
	exact := []float64{1.0 / 7, 1.0 / 7, 5.0 / 7}
	m := (exact[0] + exact[1] + exact[2]) / 3
	var ss float64
	for _, d := range exact {
		ss += (d - m) * (d - m)
	}
	if want := []float64{0.1429, 0.1429, 0.7143}; fmt.Sprint(roundAll4(c.Difference)) != fmt.Sprint(want) {
		t.Errorf("per-seed differences %v; want %v as the seeds' summaries write them", c.Difference, want)
	}
	// The mean of the rounded differences would be 0.33336.
	if !near(c.Mean, m) || !near(c.Mean, 1.0/3) || !near(c.SD, math.Sqrt(ss/2)) {
		t.Errorf("mean %v, SD %v; want %v and %v from the exact differences", c.Mean, c.SD, m, math.Sqrt(ss/2))
	}
}

// TestReplicateComparisonIntervalWithinItsRange: the Student t interval of
// a difference over two seeds far apart (+1 and 0) reaches ±6; a
// difference of accuracies lies in [−1, 1], and so does its interval.
func TestReplicateComparisonIntervalWithinItsRange(t *testing.T) {
	z := NewReplicateSummarizer("x", []uint64{1, 2})
	for r, directAnswer := range []int{0, 1} {
		q := fmt.Sprintf("q-seed%d", r) // questions of its own: t over seeds
		addDirectAndDebate(z, r, q, directAnswer, 1)
	}
	c := onlyComparison(t, z)
	if c.CIMethod != MethodReplicatesT || c.CILow < -1 || c.CIHigh > 1 || c.CILow > c.Mean || c.CIHigh < c.Mean {
		t.Errorf("comparison over two seeds: mean %v, [%v, %v] by %s; want t over seeds, within [−1, 1] around the mean", c.Mean, c.CILow, c.CIHigh, c.CIMethod)
	}
}

// TestBreakdownOfChoicesSideBySide: the two parts of an assignment whose
// seat chose its answer stand side by side, chose-correct first, the
// assignments in the order they first came, whichever choice came first
// (which the choices decide, so that rows listed them each otherwise).
func TestBreakdownOfChoicesSideBySide(t *testing.T) {
	var eps []transcript.Episode
	for q, assignment := range []string{"good/chose-incorrect", "ace/chose-correct", "good/chose-correct", "ace/chose-incorrect", "guesser/chose-incorrect"} {
		// Parts of 1 to 5 episodes, of which the first is right: each
		// part keeps its own counts and interval when it is moved.
		for r := range q + 1 {
			eps = append(eps, episode("g", "grade", "t", "j", fmt.Sprintf("q%d-%d", q, r), assignment, min(r, 1), ""))
		}
	}
	var got []string
	for _, p := range Summarize("e", 1, eps).Cells[0].Breakdown {
		got = append(got, p.Assignment)
		if lo, hi := wilson9(p.Correct, p.N); p.CILow != lo || p.CIHigh != hi || p.Accuracy != nine(ratio(p.Correct, p.N)) {
			t.Errorf("part %s: %d of %d, %v [%v, %v]; want its own accuracy and Wilson [%v, %v]", p.Assignment, p.Correct, p.N, p.Accuracy, p.CILow, p.CIHigh, lo, hi)
		}
	}
	want := []string{"good/chose-correct", "good/chose-incorrect", "ace/chose-correct", "ace/chose-incorrect", "guesser/chose-incorrect"}
	if !slices.Equal(got, want) {
		t.Errorf("breakdown %q; want %q", got, want)
	}
}

// addDirectAndDebate adds to seed r of z a direct and a debate episode of
// question q, the judge answering directAnswer and debateAnswer.
func addDirectAndDebate(z *ReplicateSummarizer, r int, q string, directAnswer, debateAnswer int) {
	base := episode("direct", "direct", "t", "j", q, "x", directAnswer, "")
	z.Add(r, &base)
	deb := episode("debate", "debate", "t", "j", q, "x", debateAnswer, "")
	deb.EpisodeID += "debate"
	z.Add(r, &deb)
}

// onlyComparison returns the one comparison of z's summary; it stops the
// test unless there is exactly one.
func onlyComparison(t *testing.T, z *ReplicateSummarizer) ReplicateComparison {
	t.Helper()
	rs := z.Summary(z.Summaries())
	if len(rs.Comparisons) != 1 {
		t.Fatalf("got %d comparisons; want 1", len(rs.Comparisons))
	}
	return rs.Comparisons[0]
}
