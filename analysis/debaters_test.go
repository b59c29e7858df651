package analysis

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/mootlab/moot/transcript"
)

func TestDebaterRates(t *testing.T) {
	// Seat A argues the answer shown first; 0 is correct.
	eps := []transcript.Episode{
		// strong correct (A) vs weak incorrect: strong wins twice, weak once.
		debateEpisode("d", "q1", "correct-first/strong-as-A", "strong", "weak", 0),
		debateEpisode("d", "q2", "correct-first/strong-as-A", "strong", "weak", 0),
		debateEpisode("d", "q3", "correct-first/strong-as-A", "strong", "weak", 1),
		// weak correct (B) vs strong incorrect (A): strong wins once; one
		// verdict is unparsed, a win for no one.
		debateEpisode("d", "q1", "correct-second/strong-as-A", "strong", "weak", 1),
		debateEpisode("d", "q2", "correct-second/strong-as-A", "strong", "weak", transcript.Unparsed),
		// Self-play has no two distinct debaters: left out.
		debateEpisode("d", "q1", "correct-first", "strong", "strong", 0),
	}
	failed := debateEpisode("d", "q4", "correct-first/strong-as-A", "strong", "weak", 0)
	failed.Error = "timeout"
	eps = append(eps, failed)
	want := []DebaterRate{
		{Agent: "strong", CorrectN: 3, CorrectWins: 2, CorrectWinRate: ptr(2.0 / 3), IncorrectN: 2, IncorrectWins: 1, IncorrectWinRate: ptr(0.5)},
		{Agent: "weak", CorrectN: 2, CorrectWins: 0, CorrectWinRate: ptr(0.0), IncorrectN: 3, IncorrectWins: 1, IncorrectWinRate: ptr(1.0 / 3)},
	}
	if diff := cmp.Diff(want, DebaterRates(eps)); diff != "" {
		t.Errorf("rates (-want +got):\n%s", diff)
	}
	if got := DebaterRates(eps[5:]); got != nil {
		t.Errorf("self-play only: got %+v; want nil", got)
	}
	// In the Summary, the cell carries the same rates.
	c := Summarize("e", 1, eps).Cells[0]
	want[0].CorrectWinRate, want[1].IncorrectWinRate = ptr(nine(2.0/3)), ptr(nine(1.0/3))
	if diff := cmp.Diff(want, c.Debaters); diff != "" {
		t.Errorf("cell rates (-want +got):\n%s", diff)
	}
	// A side a debater never argued has no rate, not 0.
	one := DebaterRates(eps[:3])
	if len(one) != 2 || one[0].IncorrectWinRate != nil || one[1].CorrectWinRate != nil || one[0].CorrectWinRate == nil {
		t.Errorf("rates where each argued one side: %+v; want none for the side it did not argue", one)
	}
}
