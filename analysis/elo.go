package analysis

import (
	"math"
	"slices"
	"sort"
	"strings"

	"github.com/mootlab/moot/transcript"
)

// Elo scale and prior.
const (
	// EloMean is the mean of the ratings Elo returns.
	EloMean = 1000
	// EloPriorSD is the standard deviation, in Elo points, of the Gaussian
	// prior that Elo puts on each rating, centred on the mean. It keeps the
	// rating of a player who never lost (or never won) finite; its pull is
	// small once a player has a few dozen games: with 4 games, a 3–1 record
	// gives a gap of about 170 points rather than the 191 of the maximum
	// likelihood.
	EloPriorSD = 400
	// eloScale turns natural-log odds into Elo points: a gap of 400 points
	// is odds of 10 to 1.
	eloScale = 400 / math.Ln10
)

// Game is one decided game between players A and B. Question names the
// question it was played on, so that the bootstrap can resample questions
// with all their games.
type Game struct {
	A, B     string
	AWins    bool
	Question string
}

// Rating is a player's Elo rating with a 95% bootstrap interval.
type Rating struct {
	Player string  `json:"player"`
	Rating float64 `json:"rating"`
	// CIMethod is MethodBootstrap: the fit again on resampled questions
	// (see Unbounded for where the games bound nothing).
	Interval
	Games int `json:"games"`
	Wins  int `json:"wins"`
	// Unbounded says on which side the games put no bound on the rating,
	// where the interval's bound there is the prior's alone: UnboundedAbove
	// for a player that never lost, or that a 40th of the resamples or
	// more leave unbeaten (its losses on one question, or two or three of
	// 150), UnboundedBelow likewise for one that never won,
	// UnboundedBoth where every resample gives one rating (all games of
	// one question, or the same games on every question). "" for none.
	Unbounded string `json:"unbounded,omitempty"`
	// Group numbers, from 1, the players that met, directly or through
	// others, when some never did (the debaters of a sweep's cells, or two
	// debaters who each argue each side): ratings of different groups are
	// each centred by the prior and cannot be compared. 0 when all met.
	Group int `json:"group,omitempty"`
}

// Values of Rating.Unbounded.
const (
	UnboundedAbove = "above"
	UnboundedBelow = "below"
	UnboundedBoth  = "both"
)

// Elo rates the players of games with a Bradley–Terry model on the Elo
// scale, P(i beats j) = 1 / (1 + 10^((r_j − r_i)/400)): the ratings are the
// maximum a posteriori estimate under a Gaussian prior with standard
// deviation EloPriorSD around the mean (see EloPriorSD), found by Newton's
// method, and shifted so that their mean is EloMean. The 95% intervals are
// percentile intervals over resamples refits on questions drawn with
// replacement, all games of a question together; a player absent from a
// resample is held at the mean by the prior there. Draws come from a
// generator seeded by seed, so the result is a pure function of its
// arguments. Ratings are sorted best first (ties by name), group by group
// where players fall into groups that never met (Rating.Group), whose
// ratings do not compare; nil if there are no games. It panics if resamples < 1.
func Elo(games []Game, resamples int, seed uint64) []Rating {
	return eloOf(countEach(games), resamples, seed)
}

// countedGame is a game played n times.
type countedGame struct {
	Game
	n int
}

// countEach counts each of games once.
func countEach(games []Game) []countedGame {
	out := make([]countedGame, len(games))
	for i, g := range games {
		out[i] = countedGame{g, 1}
	}
	return out
}

// eloOf is Elo of counted games: a game played n times weighs as n games,
// and as the counts are whole numbers the ratings are those of the games
// listed one by one.
func eloOf(games []countedGame, resamples int, seed uint64) []Rating {
	if resamples < 1 {
		panic("analysis: Elo: resamples must be positive")
	}
	if len(games) == 0 {
		return nil
	}
	byQuestion, out := indexGames(games)
	np := len(out)
	wins := make([]float64, np*np) // wins[w*np+l]: games w won against l
	theta := make([]float64, np)
	for _, qs := range byQuestion {
		for _, g := range qs {
			wins[g.winner*np+g.loser] += float64(g.n)
		}
	}
	refit(wins, theta)
	for i := range out {
		out[i].Rating = EloMean + eloScale*theta[i]
	}
	samples, open := resampleElo(byQuestion, np, resamples, seed)
	// A bound is the prior's where a 40th of the resamples or more leave
	// the player unbeaten (or winless): the percentile falls among them.
	priorBound := func(n int) bool { return float64(n) >= 0.025*float64(resamples) }
	for i := range out {
		slices.Sort(samples[i])
		out[i].CILow, out[i].CIHigh = quantile(samples[i], 0.025), quantile(samples[i], 0.975)
		out[i].CIMethod = MethodBootstrap
		switch {
		case len(byQuestion) < 2:
			out[i].Unbounded = UnboundedBoth
		case out[i].Wins == out[i].Games:
			out[i].Unbounded = UnboundedAbove
		case out[i].Wins == 0:
			out[i].Unbounded = UnboundedBelow
		case out[i].CIHigh-out[i].CILow < 1e-6:
			// Every question's games the same (each split 1–1 by a judge
			// that always picks one slot; a chain a > b > c): every
			// resample refits to one rating, the prior's, say.
			out[i].Unbounded = UnboundedBoth
		case priorBound(open[i].unbeaten) && priorBound(open[i].winless):
			out[i].Unbounded = UnboundedBoth
		case priorBound(open[i].unbeaten):
			// One loss, on one question: a resample leaves it out with
			// probability (1 − 1/q)^q, about 37%.
			out[i].Unbounded = UnboundedAbove
		case priorBound(open[i].winless):
			out[i].Unbounded = UnboundedBelow
		}
	}
	groups := playerGroups(byQuestion, np)
	sortRanked(out, func() { numberGroups(out, groups) })
	return out
}

// indexedGame is a game with its players as indices into the sorted names.
type indexedGame struct{ a, b, winner, loser, n int }

// indexGames numbers the players and questions by name, so that the fit
// does not depend on the order of games, and returns the games of each
// question and a rating per player (in name order) with its games and
// wins counted.
func indexGames(games []countedGame) ([][]indexedGame, []Rating) {
	var players, questions []string
	for _, g := range games {
		players = append(players, g.A, g.B)
		questions = append(questions, g.Question)
	}
	slices.Sort(players)
	players = slices.Compact(players)
	slices.Sort(questions)
	questions = slices.Compact(questions)
	byQuestion := make([][]indexedGame, len(questions))
	out := make([]Rating, len(players))
	for i, p := range players {
		out[i].Player = p
	}
	for _, g := range games {
		a, _ := slices.BinarySearch(players, g.A)
		b, _ := slices.BinarySearch(players, g.B)
		q, _ := slices.BinarySearch(questions, g.Question)
		w, l := a, b
		if !g.AWins {
			w, l = b, a
		}
		byQuestion[q] = append(byQuestion[q], indexedGame{a, b, w, l, g.n})
		out[a].Games += g.n
		out[b].Games += g.n
		out[w].Wins += g.n
	}
	return byQuestion, out
}

// refit fits theta afresh, from zero, to the wins of len(theta) players.
func refit(wins, theta []float64) {
	for i := range theta {
		theta[i] = 0
	}
	fitBradleyTerry(wins, len(theta), theta)
}

// Sides of a debater player's name.
const (
	SideCorrect   = "correct"
	SideIncorrect = "incorrect"
)

// DebaterGames makes one game of each finished debate episode of eps with
// a parsed verdict, between its two debaters (see debatePair). Following
// Khan et al. 2024, each debater is two players, "<agent>/correct" and
// "<agent>/incorrect", by the side it argued, so self-play gives
// "strong/correct" against "strong/incorrect". A is the first debater seat;
// the winner is the side the judge chose. Question is eloQuestion's.
func DebaterGames(eps []transcript.Episode) []Game {
	var games []Game
	for i := range eps {
		if g, decided, ok := debaterGame(&eps[i]); ok && decided {
			games = append(games, g)
		}
	}
	return games
}

// A finished debate whose verdict names neither debater's answer
// (unparsed) is no game, decided false: it rates no one, but its judge
// was wrong in it (eloAccuracy).
func debaterGame(ep *transcript.Episode) (g Game, decided, ok bool) {
	if ep.Error != "" {
		return Game{}, false, false
	}
	a, b, ok := debatePair(ep)
	if !ok {
		return Game{}, false, false
	}
	player := func(s transcript.Seat) string {
		name := s.Agent
		if ep.Cell != "" {
			// A debater of another sweep cell may have other settings:
			// it is another player.
			name += "@" + ep.Cell
		}
		if s.Argues == ep.CorrectAnswer {
			return name + "/" + SideCorrect
		}
		return name + "/" + SideIncorrect
	}
	decided = ep.Verdict.Answer == a.Argues || ep.Verdict.Answer == b.Argues
	return Game{A: player(a), B: player(b), AWins: ep.Verdict.Answer == a.Argues, Question: eloQuestion(ep)}, decided, true
}

// DebaterAccuracy sets a debater's aggregate Elo — the mean of its
// correct-side and incorrect-side ratings — beside the judge's accuracy in
// the debates it took part in, on either side: the plot of Khan et al.
// 2024 and Kenton et al. 2024, where stronger debaters should make the judge more accurate.
type DebaterAccuracy struct {
	Agent    string  `json:"agent"`
	Elo      float64 `json:"elo"`
	Accuracy float64 `json:"accuracy"`
	Debates  int     `json:"debates"`
}

// EloAccuracy pairs each debater's aggregate Elo from ratings with the
// judge's accuracy in its games (the correct side won). Debaters lacking a
// rating on either side are left out, and so are debaters that never
// debated another, directly or through others: one that only debates
// itself (self-play, or one per sweep cell) has its two sides centred on
// the prior's mean, so its aggregate is 1000 whatever its skill. The
// result is ordered by Elo, then name. Games are decided ones
// (DebaterGames): a Summary's EloAccuracy counts the debates whose verdict
// went unparsed too, each as one the judge got wrong.
func EloAccuracy(games []Game, ratings []Rating) []DebaterAccuracy {
	return eloAccuracy(countEach(games), nil, ratings)
}

// eloAccuracy is EloAccuracy of counted games, and of the debates whose
// verdict went unparsed (undecided), which the judge got wrong: an
// unparsed verdict counts as wrong in every accuracy.
func eloAccuracy(games, undecided []countedGame, ratings []Rating) []DebaterAccuracy {
	rating := map[string]float64{}
	for _, r := range ratings {
		rating[r.Player] = r.Rating
	}
	met := unionFind[string]{} // debaters that debated each other
	type tally struct{ right, n int }
	byAgent := map[string]*tally{}
	for i, g := range slices.Concat(games, undecided) {
		correctWon := i < len(games) && ((strings.HasSuffix(g.A, "/"+SideCorrect) && g.AWins) || (strings.HasSuffix(g.B, "/"+SideCorrect) && !g.AWins))
		agents := []string{agentOf(g.A)}
		if b := agentOf(g.B); b != agents[0] {
			agents = append(agents, b)
			if i < len(games) {
				// Met where the ratings can compare them: in a decided game.
				met.union(agents[0], b)
			}
		}
		for _, a := range agents {
			t := byAgent[a]
			if t == nil {
				t = &tally{}
				byAgent[a] = t
			}
			t.n += g.n
			if correctWon {
				t.right += g.n
			}
		}
	}
	var out []DebaterAccuracy
	debaters := map[string]int{} // a debater's component → debaters rated in it
	for a, t := range byAgent {
		rc, okc := rating[a+"/"+SideCorrect]
		ri, oki := rating[a+"/"+SideIncorrect]
		if !okc || !oki {
			continue
		}
		debaters[met.find(a)]++
		out = append(out, DebaterAccuracy{Agent: a, Elo: (rc + ri) / 2, Accuracy: float64(t.right) / float64(t.n), Debates: t.n})
	}
	out = slices.DeleteFunc(out, func(d DebaterAccuracy) bool { return debaters[met.find(d.Agent)] < 2 })
	sort.Slice(out, func(i, j int) bool {
		if out[i].Elo != out[j].Elo {
			return out[i].Elo > out[j].Elo
		}
		return out[i].Agent < out[j].Agent
	})
	return out
}

// agentOf is the agent of a player "<agent>/<side>".
func agentOf(player string) string {
	if i := strings.LastIndexByte(player, '/'); i >= 0 {
		return player[:i]
	}
	return player
}
