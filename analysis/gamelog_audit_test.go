package analysis

import (
	"fmt"
	"strings"
	"testing"

	"github.com/mootlab/moot/transcript"
)

// TestEloApartByJudgeWhateverComesLast: once two judges have judged
// games, each debater is a player of each judge apart, even where the
// last game logged is the first judge's again.
func TestEloApartByJudgeWhateverComesLast(t *testing.T) {
	var eps []transcript.Episode
	for q := range 4 {
		id := fmt.Sprintf("q%d", q)
		eps = append(eps, debateEpisode("debate", id, "correct-first", "ace", "mute", 0))
		weak := debateEpisode("debate-weak", id, "correct-second", "ace", "mute", 0)
		weak.Judge = "weak"
		eps = append(eps, weak)
	}
	eps = append(eps, debateEpisode("debate", "q9", "correct-first", "ace", "mute", 0)) // the first judge again
	s := Summarize("e", 1, eps)
	if len(s.Elo) != 4 {
		t.Fatalf("ratings %+v; want ace and mute, each side, of each of two judges", s.Elo)
	}
	for _, r := range s.Elo {
		if !strings.Contains(r.Player, " judged by ") {
			t.Errorf("player %q: want it named with its judge", r.Player)
		}
	}
}

// TestEloGroupsOfTwoTasksApart: questions of two tasks that share ids
// and a group's name are four questions in two groups, one a task
// (eloQuestion), so that the ratings draw groups; taken for two
// questions of one group they would draw questions.
func TestEloGroupsOfTwoTasksApart(t *testing.T) {
	var eps []transcript.Episode
	for _, task := range []string{"t1", "t2"} {
		for q := range 2 {
			for _, order := range []string{"correct-first", "correct-second"} {
				ep := debateEpisode("debate", fmt.Sprintf("q%d", q), order, "ace", "mute", q%2)
				ep.Task, ep.Group = task, "article"
				eps = append(eps, ep)
			}
		}
	}
	if s := Summarize("e", 1, eps); !s.EloGrouped || len(s.Elo) == 0 {
		t.Errorf("EloGrouped %v with %d ratings; want the games drawn by the two tasks' groups", s.EloGrouped, len(s.Elo))
	}
}

// TestEloGroupsOfRatedGamesAlone: whether the ratings draw groups is
// decided by the rated games' questions alone; an unparsed debate, no
// game for the ratings, adds no group. Here the rated games are all of
// one group, drawn by their questions.
func TestEloGroupsOfRatedGamesAlone(t *testing.T) {
	var eps []transcript.Episode
	for q := range 2 {
		for _, order := range []string{"correct-first", "correct-second"} {
			ep := debateEpisode("debate", fmt.Sprintf("q%d", q), order, "ace", "mute", q%2)
			ep.Group = "one"
			eps = append(eps, ep)
		}
	}
	unparsed := debateEpisode("debate", "q9", "correct-first", "ace", "mute", transcript.Unparsed)
	unparsed.Group = "other"
	s := Summarize("e", 1, append(eps, unparsed))
	if s.EloGrouped || len(s.Elo) == 0 {
		t.Errorf("EloGrouped %v with %d ratings; want the rated games drawn by question (one group holds them all)", s.EloGrouped, len(s.Elo))
	}
}

// TestJudgedByKeepsASlashOfTheCell: a sweep cell's value may hold a
// slash (a model's path); the judge is named before the side, the part
// after the last slash.
func TestJudgedByKeepsASlashOfTheCell(t *testing.T) {
	got := judgedBy("ace@model=org/m1/"+SideCorrect, "weak")
	if want := "ace@model=org/m1 judged by weak/" + SideCorrect; got != want {
		t.Errorf("judgedBy = %q, want %q", got, want)
	}
}

// TestEloCountsRepeatedGames: a game played again (same debaters,
// question and winner) counts each time it was played.
func TestEloCountsRepeatedGames(t *testing.T) {
	var eps []transcript.Episode
	for range 3 {
		eps = append(eps, debateEpisode("debate", "q0", "correct-first", "ace", "mute", 0))
	}
	eps = append(eps, debateEpisode("debate", "q1", "correct-first", "ace", "mute", 1))
	s := Summarize("e", 1, eps)
	games, wins := map[string]int{}, map[string]int{}
	for _, r := range s.Elo {
		games[r.Player], wins[r.Player] = r.Games, r.Wins
	}
	// ace argues the correct answer, shown first, and wins three of four.
	if games["ace/"+SideCorrect] != 4 || wins["ace/"+SideCorrect] != 3 || wins["mute/"+SideIncorrect] != 1 {
		t.Errorf("games %v, wins %v; want ace (correct) 3 wins of 4, mute (incorrect) 1", games, wins)
	}
}
