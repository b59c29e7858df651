package analysis

import (
	"testing"
)

// A draw added again as a repeat (another run's copy, AddRepeat) counts in
// its cell twice but in the Elo games once: two debates of agents a and
// b, a winning one, each added and repeated, are two games, one win each.
func TestAuditAddRepeatCountsNoGames(t *testing.T) {
	z := NewSummarizer("e", 1)
	first := debateEpisode("debate", "q1", "correct-first", "a", "b", 0)  // A (a) argues the correct answer and wins
	second := debateEpisode("debate", "q2", "correct-first", "b", "a", 0) // A (b) wins
	z.Add(&first)
	z.AddRepeat(&first)
	z.Add(&second)
	z.AddRepeat(&second)
	s := z.Summary()
	if s.Episodes != 4 || len(s.Cells) != 1 || s.Cells[0].N != 4 {
		t.Fatalf("episodes %d, cells %d; want 4 episodes in one cell", s.Episodes, len(s.Cells))
	}
	games := map[string]int{}
	for _, r := range s.Elo {
		games[r.Player] += r.Games
	}
	if len(s.Elo) == 0 {
		t.Fatal("no ratings")
	}
	total := 0
	for _, g := range games {
		total += g
	}
	// Each game counts for both its players: 2 games, 4 player-games.
	if total != 4 {
		t.Errorf("ratings %+v: %d player-games; want 4 (two games, the repeats left out)", s.Elo, total)
	}
}
