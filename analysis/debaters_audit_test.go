package analysis

import (
	"testing"

	"github.com/mootlab/moot/transcript"
)

// TestDebaterRatesNeedTwoSides: two debaters who argue the same answer
// are no debate between sides, and a third debater makes no pair: both
// left out. One debate of the two alone is counted.
func TestDebaterRatesNeedTwoSides(t *testing.T) {
	same := debateEpisode("d", "q1", "correct-first/strong-as-A", "strong", "weak", 0)
	same.Seats[1].Argues = same.Seats[0].Argues
	three := debateEpisode("d", "q2", "correct-first/strong-as-A", "strong", "weak", 0)
	three.Seats = append(three.Seats, transcript.Seat{Name: "Debater C", Role: transcript.RoleDebater, Agent: "third", Argues: 1})
	if got := DebaterRates([]transcript.Episode{same, three}); got != nil {
		t.Errorf("one side argued twice, three debaters: got %+v; want none", got)
	}
	one := debateEpisode("d", "q3", "correct-first/strong-as-A", "strong", "weak", 0)
	got := DebaterRates([]transcript.Episode{same, three, one})
	if len(got) != 2 || got[0].Agent != "strong" || got[0].CorrectN != 1 || got[0].CorrectWins != 1 ||
		got[1].Agent != "weak" || got[1].IncorrectN != 1 || got[1].IncorrectWins != 0 {
		t.Errorf("with one debate: got %+v; want strong 1 of 1 correct, weak 0 of 1 incorrect", got)
	}
}
