package analysis

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/mootlab/moot/transcript"
)

// record makes games in which a beats b aWins times and loses bWins times,
// each on its own question.
func record(a, b string, aWins, bWins int) []Game {
	var games []Game
	for i := range aWins + bWins {
		games = append(games, Game{A: a, B: b, AWins: i < aWins, Question: fmt.Sprintf("%s-%s-%d", a, b, i)})
	}
	return games
}

func rating(rs []Rating, player string) Rating {
	i := slices.IndexFunc(rs, func(r Rating) bool { return r.Player == player })
	if i < 0 {
		panic("no rating for " + player)
	}
	return rs[i]
}

// mapGap solves the maximum a posteriori gap, in Elo points, for two
// players when the first wins w of n games: with strengths ±d/2 the
// posterior's derivative in d is w − n·σ(d) − λd/2, decreasing in d;
// bisection finds its zero.
func mapGap(w, n int) float64 {
	sd := EloPriorSD / eloScale
	lambda := 1 / (sd * sd)
	lo, hi := -20.0, 20.0
	for range 200 {
		d := (lo + hi) / 2
		if float64(w)-float64(n)*sigmoid(d)-lambda*d/2 > 0 {
			lo = d
		} else {
			hi = d
		}
	}
	return eloScale * (lo + hi) / 2
}

func TestEloTwoPlayers(t *testing.T) {
	rs := Elo(record("a", "b", 3, 1), 200, 1)
	a, b := rating(rs, "a"), rating(rs, "b")
	if math.Abs(a.Rating+b.Rating-2*EloMean) > 1e-6 {
		t.Errorf("got ratings %v and %v; want them symmetric around %d", a.Rating, b.Rating, EloMean)
	}
	gap, mle := a.Rating-b.Rating, 400*math.Log10(3)
	if want := mapGap(3, 4); math.Abs(gap-want) > 1e-6 {
		t.Errorf("got gap %v; want the posterior mode %v", gap, want)
	}
	// The prior pulls towards the mean, by about a tenth with 4 games.
	if !(0.85*mle < gap && gap < mle) {
		t.Errorf("got gap %v; want a little under the maximum likelihood %v", gap, mle)
	}
	if rs[0].Player != "a" || a.Games != 4 || a.Wins != 3 || b.Wins != 1 {
		t.Errorf("got %+v; want a first, 4 games each, 3 and 1 wins", rs)
	}
	// With many games the prior hardly matters: 300 of 400 is 400·log10(3).
	rs = Elo(record("a", "b", 300, 100), 20, 1)
	if gap := rating(rs, "a").Rating - rating(rs, "b").Rating; math.Abs(gap-mle) > 1 {
		t.Errorf("300 of 400: got gap %v; want %v within 1", gap, mle)
	}
}

func TestEloUndefeatedIsFinite(t *testing.T) {
	rs := Elo(record("a", "b", 5, 0), 100, 1)
	a, b := rating(rs, "a"), rating(rs, "b")
	for _, x := range []float64{a.Rating, b.Rating, a.CILow, a.CIHigh, b.CILow, b.CIHigh} {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			t.Fatalf("got %+v; want finite ratings and intervals", rs)
		}
	}
	if gap, want := a.Rating-b.Rating, mapGap(5, 5); math.Abs(gap-want) > 1e-6 || gap < 300 {
		t.Errorf("5–0: got gap %v; want the posterior mode %v, well above 300", gap, want)
	}
}

func TestEloThreePlayers(t *testing.T) {
	games := append(record("a", "b", 7, 3), record("b", "c", 7, 3)...)
	games = append(games, record("a", "c", 8, 2)...)
	rs := Elo(games, 300, 4)
	var names []string
	var total float64
	for _, r := range rs {
		names = append(names, r.Player)
		total += r.Rating
		if !(r.CILow <= r.Rating && r.Rating <= r.CIHigh) {
			t.Errorf("%s: got %v outside [%v, %v]", r.Player, r.Rating, r.CILow, r.CIHigh)
		}
	}
	if diff := cmp.Diff([]string{"a", "b", "c"}, names); diff != "" {
		t.Errorf("order (-want +got):\n%s", diff)
	}
	if math.Abs(total/3-EloMean) > 1e-6 {
		t.Errorf("got mean rating %v; want %d", total/3, EloMean)
	}
	// The fit does not depend on the order of games or on who is A.
	flipped := make([]Game, len(games))
	for i, g := range games {
		flipped[len(games)-1-i] = Game{A: g.B, B: g.A, AWins: !g.AWins, Question: g.Question}
	}
	if diff := cmp.Diff(rs, Elo(flipped, 300, 4)); diff != "" {
		t.Errorf("flipped games (-original +flipped):\n%s", diff)
	}
}

func TestEloBootstrap(t *testing.T) {
	games := append(record("a", "b", 12, 8), record("b", "c", 11, 9)...)
	r1, r2 := Elo(games, 500, 7), Elo(games, 500, 7)
	if diff := cmp.Diff(r1, r2); diff != "" {
		t.Errorf("same seed (-first +second):\n%s", diff)
	}
	r3 := Elo(games, 500, 8)
	if cmp.Equal(r1, r3) {
		t.Errorf("seeds 7 and 8 gave the same intervals; want the seed to drive the bootstrap")
	}
	for i := range r1 {
		if r1[i].Rating != r3[i].Rating {
			t.Errorf("%s: the point rating moved with the seed: %v, %v", r1[i].Player, r1[i].Rating, r3[i].Rating)
		}
	}
	// The interval is over questions: as many games again on new
	// questions narrow it.
	more := slices.Clone(games)
	for _, g := range games {
		g.Question += "-again"
		more = append(more, g)
	}
	wide, narrow := rating(r1, "a"), rating(Elo(more, 500, 7), "a")
	if narrow.CIHigh-narrow.CILow >= wide.CIHigh-wide.CILow {
		t.Errorf("twice the questions: got width %v; want narrower than %v", narrow.CIHigh-narrow.CILow, wide.CIHigh-wide.CILow)
	}
}

func TestEloEdgeCases(t *testing.T) {
	if got := Elo(nil, 10, 1); got != nil {
		t.Errorf("no games: got %+v; want nil", got)
	}
	defer func() {
		if recover() == nil {
			t.Errorf("Elo(_, 0, _) did not panic; want a panic")
		}
	}()
	Elo(record("a", "b", 1, 1), 0, 1)
}

func TestDebaterGames(t *testing.T) {
	// correct-second: Debater A argues answer 1 (incorrect), B answer 0.
	cross := debateEpisode("d", "q1", "correct-second/strong-as-A", "strong", "weak", 0)
	self := debateEpisode("d", "q2", "correct-first", "strong", "strong", 1)
	unparsed := debateEpisode("d", "q3", "correct-first", "strong", "weak", transcript.Unparsed)
	failed := debateEpisode("d", "q4", "correct-first", "strong", "weak", 0)
	failed.Error = "timeout"
	consult := episode("c", "consultancy", "quality", "weak-judge", "q5", "assigned-correct", 0, "")
	consult.Seats = []transcript.Seat{{Name: "Consultant", Role: transcript.RoleConsultant, Agent: "strong", Argues: 0}}
	got := DebaterGames([]transcript.Episode{cross, self, unparsed, failed, consult})
	want := []Game{
		{A: "strong/incorrect", B: "weak/correct", AWins: false, Question: "quality/q1"},
		{A: "strong/correct", B: "strong/incorrect", AWins: false, Question: "quality/q2"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("games (-want +got):\n%s", diff)
	}
}

func TestSummaryElo(t *testing.T) {
	eps := goldenEpisodes()
	s := Summarize("e", 11, eps)
	want := Summary{Elo: Elo(DebaterGames(eps), Resamples, 11)}
	roundFloats(&want, nine)
	if len(want.Elo) != 4 {
		t.Fatalf("got %d players; want 4 (strong and weak, each on both sides)", len(want.Elo))
	}
	if diff := cmp.Diff(want.Elo, s.Elo); diff != "" {
		t.Errorf("Summary.Elo differs from Elo(DebaterGames) (-Elo +Summary):\n%s", diff)
	}
	if s := Summarize("e", 11, syntheticEpisodes(5, 1)[20:]); s.Elo != nil {
		t.Errorf("no debate episodes: got Elo %+v; want none", s.Elo)
	}
}

func TestEloAccuracy(t *testing.T) {
	// strong: 3 self-play debates, the correct side wins 3; weak against
	// strong: weak correct wins 1 of 2, strong correct wins 1 of 1.
	games := []Game{
		{A: "strong/correct", B: "strong/incorrect", AWins: true},
		{A: "strong/incorrect", B: "strong/correct", AWins: false},
		{A: "strong/correct", B: "strong/incorrect", AWins: true},
		{A: "weak/correct", B: "strong/incorrect", AWins: true},
		{A: "weak/correct", B: "strong/incorrect", AWins: false},
		{A: "weak/incorrect", B: "strong/correct", AWins: false},
	}
	ratings := []Rating{
		{Player: "strong/correct", Rating: 1200}, {Player: "strong/incorrect", Rating: 900},
		{Player: "weak/correct", Rating: 1000}, {Player: "weak/incorrect", Rating: 700},
		{Player: "lonely/correct", Rating: 1100},
	}
	got := EloAccuracy(games, ratings)
	want := []DebaterAccuracy{
		{Agent: "strong", Elo: 1050, Accuracy: 5.0 / 6, Debates: 6},
		{Agent: "weak", Elo: 850, Accuracy: 2.0 / 3, Debates: 3},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("EloAccuracy (-want +got):\n%s", diff)
	}
	// Self-play alone, or debaters that never met another: their
	// aggregates are the prior's mean, and say nothing.
	apart := append(games[:3:3], Game{A: "mid/correct", B: "mid/incorrect", AWins: true})
	ratings = append(ratings, Rating{Player: "mid/correct", Rating: 1100}, Rating{Player: "mid/incorrect", Rating: 900})
	if got := EloAccuracy(apart, ratings); len(got) != 0 {
		t.Errorf("EloAccuracy of self-play only = %+v; want none", got)
	}
}

// TestEloAccuracyCountsUnparsedWrong: a finished debate whose verdict
// went unparsed is no game for the ratings, but a debate its debaters
// took part in that the judge got wrong, as in every accuracy.
func TestEloAccuracyCountsUnparsedWrong(t *testing.T) {
	decided := []transcript.Episode{
		debateEpisode("d", "q1", "correct-first/strong-as-A", "strong", "weak", 0),
		debateEpisode("d", "q2", "correct-second/strong-as-A", "strong", "weak", 0),
		debateEpisode("d", "q3", "correct-first/weak-as-A", "weak", "strong", 0),
	}
	unparsed := debateEpisode("d", "q4", "correct-first/strong-as-A", "strong", "weak", transcript.Unparsed)
	s := Summarize("e", 11, append(slices.Clone(decided), unparsed))
	if diff := cmp.Diff(Summarize("e", 11, decided).Elo, s.Elo); diff != "" {
		t.Errorf("an unparsed verdict changed the ratings (-without +with):\n%s", diff)
	}
	want := EloAccuracy(DebaterGames(decided), s.Elo)
	if len(want) != 2 {
		t.Fatalf("EloAccuracy of the decided debates: %+v; want strong and weak", want)
	}
	for i := range want {
		right := want[i].Accuracy * float64(want[i].Debates)
		want[i].Debates++
		want[i].Accuracy = right / float64(want[i].Debates)
	}
	// The ratings are s's rounded ones: Elo agrees to their rounding.
	if diff := cmp.Diff(want, s.EloAccuracy, cmpopts.EquateApprox(0, 1e-3)); diff != "" {
		t.Errorf("EloAccuracy with an unparsed verdict (-want +got):\n%s", diff)
	}
	// A second judge whose one verdict went unparsed rates no one apart:
	// the players keep their plain names.
	other := unparsed
	other.Judge, other.QuestionID = "broken", "q5"
	if diff := cmp.Diff(Summarize("e", 11, decided).Elo, Summarize("e", 11, append(slices.Clone(decided), other)).Elo); diff != "" {
		t.Errorf("an unparsed verdict of another judge changed the ratings (-without +with):\n%s", diff)
	}
	// Debaters that met only in an unparsed debate never met for the
	// ratings: each self-play alone, they are left out.
	var apart []transcript.Episode
	for i, a := range []string{"x", "x", "y", "y"} {
		apart = append(apart, debateEpisode("d", fmt.Sprintf("s%d", i), "correct-first", a, a, i%2))
	}
	met := debateEpisode("d", "s9", "correct-first/x-as-A", "x", "y", transcript.Unparsed)
	if got := Summarize("e", 11, append(apart, met)).EloAccuracy; len(got) != 0 {
		t.Errorf("EloAccuracy of self-play met only in an unparsed debate: %+v; want none", got)
	}
}

// TestEloApartByJudge: debates before two judges rate each debater apart
// for each judge, in groups that compare only within a judge; before one
// judge, players keep their plain names.
func TestEloApartByJudge(t *testing.T) {
	var eps []transcript.Episode
	for q := range 6 {
		id := fmt.Sprintf("q%d", q)
		// A perfect judge sides with the correct answer, shown first.
		eps = append(eps, debateEpisode("debate", id, "correct-first", "ace", "mute", 0))
		// A weak judge sides with ace, wherever it argues.
		weak := debateEpisode("debate-weak", id, "correct-second", "ace", "mute", 0)
		weak.Judge = "weak"
		eps = append(eps, weak)
	}
	s := Summarize("e", 1, eps)
	groups := map[int]int{}
	for _, r := range s.Elo {
		if !strings.Contains(r.Player, " judged by ") {
			t.Errorf("player %q: want it named with its judge", r.Player)
		}
		groups[r.Group]++
	}
	if len(s.Elo) != 4 || len(groups) != 2 || groups[0] != 0 {
		t.Errorf("ratings %+v; want 4 players in 2 groups, one a judge", s.Elo)
	}
	one := Summarize("e", 1, eps[:1])
	for _, r := range one.Elo {
		if strings.Contains(r.Player, "judged by") {
			t.Errorf("one judge: player %q; want its plain name", r.Player)
		}
	}
}

// TestEloGroupsApart: players of groups that never met are listed group by
// group, best first within each: a list best first across groups ranked
// ratings that do not compare (a, c, d, b here).
func TestEloGroupsApart(t *testing.T) {
	rs := Elo(append(record("a", "b", 9, 1), record("c", "d", 6, 4)...), 200, 1)
	var order []string
	for _, r := range rs {
		order = append(order, fmt.Sprintf("%s:%d", r.Player, r.Group))
	}
	if got := strings.Join(order, " "); got != "a:1 b:1 c:2 d:2" {
		t.Errorf("ratings listed %s; want a:1 b:1 c:2 d:2", got)
	}
	// Across seeds the groups are numbered by the players' means, not
	// by the first seed's numbers: c's group is best over the seeds
	// (1200), though a's was best in the first.
	rating := func(p string, r float64, g int) Rating { return Rating{Player: p, Rating: r, Group: g} }
	sums := []Summary{
		{Elo: []Rating{rating("a", 1200, 1), rating("c", 1100, 2), rating("d", 900, 2), rating("b", 800, 1)}},
		{Elo: []Rating{rating("c", 1300, 1), rating("d", 1100, 1), rating("a", 1000, 2), rating("b", 700, 2)}},
	}
	var rorder []string
	for _, r := range replicateElo(sums) {
		rorder = append(rorder, fmt.Sprintf("%s:%d", r.Player, r.Group))
	}
	if got := strings.Join(rorder, " "); got != "c:1 d:1 a:2 b:2" {
		t.Errorf("replicated ratings listed %s; want c:1 d:1 a:2 b:2", got)
	}
}

// TestEloOneLossIsOpen: a player whose one loss is on one question of
// 150 is unbeaten in about 37% of the resamples, so its upper bound is the
// prior's, as an unbeaten player's is: it is flagged above (and the
// opponent below). Losses spread over many questions bound the rating.
func TestEloOneLossIsOpen(t *testing.T) {
	rs := Elo(record("a", "b", 149, 1), 400, 1)
	if a, b := rating(rs, "a"), rating(rs, "b"); a.Unbounded != UnboundedAbove || b.Unbounded != UnboundedBelow {
		t.Errorf("149–1: a %q, b %q; want above and below", a.Unbounded, b.Unbounded)
	}
	rs = Elo(record("a", "b", 120, 30), 400, 1)
	if a, b := rating(rs, "a"), rating(rs, "b"); a.Unbounded != "" || b.Unbounded != "" {
		t.Errorf("120–30: a %q, b %q; want both bounded", a.Unbounded, b.Unbounded)
	}
}
