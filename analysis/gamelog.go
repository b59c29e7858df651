package analysis

import (
	"strings"

	"github.com/mootlab/moot/transcript"
)

// gameLog keeps the debater games of a Summarizer as counts: players and
// questions interned, and each distinct game (players, question, winner)
// once with the number of times it was played, in order of first
// appearance, so that it grows with the questions and players, not with
// the episodes.
type gameLog struct {
	names   []string
	nameIDs map[string]int32
	kinds   map[loggedGame]int
	games   []loggedGame
	counts  []int
	// severalJudges is set once games of two judges are logged: a debater
	// is then a player of each judge apart (see all).
	firstJudge    int32
	severalJudges bool
	// groups knows the group each game's question is resampled in
	// (eloQuestion), where it has one.
	groups questionGroups
}

// loggedGame is a distinct game; undecided, a finished debate whose
// verdict went unparsed: no game for the ratings, a debate the judge got
// wrong for eloAccuracy.
type loggedGame struct {
	a, b, question, judge int32
	aWins, undecided      bool
}

func (l *gameLog) id(s string) int32 {
	if l.nameIDs == nil {
		l.nameIDs = make(map[string]int32)
	}
	id, ok := l.nameIDs[s]
	if !ok {
		id = int32(len(l.names))
		l.nameIDs[s] = id
		l.names = append(l.names, s)
	}
	return id
}

func (l *gameLog) add(ep *transcript.Episode) {
	g, decided, ok := debaterGame(ep)
	if !ok {
		return
	}
	question := g.Question // eloQuestion: the question's own key where it has no group
	if ep.Group != "" {
		question = ep.Task + "/" + ep.QuestionID
		l.groups.add(question, g.Question)
	}
	k := loggedGame{a: l.id(g.A), b: l.id(g.B), question: l.id(question), judge: l.id(ep.Judge), aWins: g.AWins && decided, undecided: !decided}
	if l.kinds == nil {
		l.kinds = map[loggedGame]int{}
		l.firstJudge = -1
	}
	if decided {
		// Only the ratings' games name players: a judge whose verdicts
		// all went unparsed rates no one apart.
		if l.firstJudge < 0 {
			l.firstJudge = k.judge
		}
		l.severalJudges = l.severalJudges || k.judge != l.firstJudge
	}
	i, ok := l.kinds[k]
	if !ok {
		i = len(l.games)
		l.kinds[k] = i
		l.games = append(l.games, k)
		l.counts = append(l.counts, 0)
	}
	l.counts[i]++
}

// ratings is Elo of the logged games, and whether their bootstrap draws
// groups of questions (unitOf).
func (l *gameLog) ratings(resamples int, seed uint64) (rs []Rating, grouped bool) {
	decided, _, grouped := l.all()
	if len(decided) == 0 {
		return nil, false
	}
	return eloOf(decided, resamples, seed), grouped
}

// all returns the logged games with their counts, the decided apart
// from the undecided, each of the unit its question is drawn in
// (unitOf, which says whether that is a group).
//
// Where the games had several judges, each debater is a player of each
// judge apart ("strong judged by weak/correct"): who wins depends on who
// judges, and ratings pooled over judges would set a debater that only a
// perfect judge saw above one that a weak judge saw lose. The players of
// different judges never meet, so each judge's are a group of their own.
func (l *gameLog) all() (decided, undecided []countedGame, grouped bool) {
	unit, grouped := l.unitOf()
	for i, g := range l.games {
		a, b := l.names[g.a], l.names[g.b]
		if l.severalJudges {
			a, b = judgedBy(a, l.names[g.judge]), judgedBy(b, l.names[g.judge])
		}
		c := countedGame{Game{A: a, B: b, AWins: g.aWins, Question: unit(l.names[g.question])}, l.counts[i]}
		if g.undecided {
			undecided = append(undecided, c)
		} else {
			decided = append(decided, c)
		}
	}
	return decided, undecided, grouped
}

// unitOf gives the unit the bootstrap draws a game's question in
// (eloQuestion): its group, both joined where its episodes name two
// (questionGroups); the question itself where none has a group, where
// each group of the rated (decided) games holds one question, so that
// such groups draw as questions do, and where one group holds them all
// (drawn by its questions, as a cell's interval is). grouped is whether
// the games are drawn by groups (Summary.EloGrouped).
func (l *gameLog) unitOf() (unit func(question string) string, grouped bool) {
	byQuestion := func(q string) string { return q }
	if !l.groups.any() {
		return byQuestion, false
	}
	units, questions := map[string]bool{}, map[int32]bool{}
	for _, g := range l.games {
		if !g.undecided && !questions[g.question] {
			questions[g.question] = true
			units[l.groups.unit(l.names[g.question])] = true
		}
	}
	if !groupsDrawn(len(units), len(questions)) {
		return byQuestion, false
	}
	return l.groups.unit, true
}

// judgedBy is player, "agent/side", as a player of judge's games alone.
func judgedBy(player, judge string) string {
	i := strings.LastIndex(player, "/") // a sweep cell's value may hold one
	return player[:i] + " judged by " + judge + player[i:]
}
