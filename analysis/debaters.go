package analysis

import (
	"cmp"
	"slices"

	"github.com/mootlab/moot/transcript"
)

// DebaterRate is how often one debater won — the judge chose the answer it
// argued — when it argued the correct answer and when it argued the
// incorrect one. An unparsed verdict is a win for neither side, as it is
// wrong for the judge's accuracy.
//
// A rate over no debates (a debater that never argued one side in the
// cell: a table by assignment) is absent, not 0.
type DebaterRate struct {
	Agent            string   `json:"agent"`
	CorrectN         int      `json:"correct_n"`
	CorrectWins      int      `json:"correct_wins"`
	CorrectWinRate   *float64 `json:"correct_win_rate,omitempty"`
	IncorrectN       int      `json:"incorrect_n"`
	IncorrectWins    int      `json:"incorrect_wins"`
	IncorrectWinRate *float64 `json:"incorrect_win_rate,omitempty"`
}

// definedRate is wins of n, nil where n is 0.
func definedRate(wins, n int) *float64 {
	if n == 0 {
		return nil
	}
	x := ratio(wins, n)
	return &x
}

// DebaterRates returns the win rates of the debaters of eps by side, from
// the finished episodes with two distinct debaters (see debatePair), sorted
// by agent; nil if there are none. In debate the correct side's win rate is
// the judge's accuracy; this splits it by who argued.
func DebaterRates(eps []transcript.Episode) []DebaterRate {
	return tallyFinished[[]DebaterRate](&debaterTally{}, eps)
}

// debatePair returns the two debater seats of ep if it has exactly two,
// arguing different answers, one of them the correct answer.
func debatePair(ep *transcript.Episode) (a, b transcript.Seat, ok bool) {
	var seats []transcript.Seat
	for _, s := range ep.Seats {
		if s.Role == transcript.RoleDebater {
			seats = append(seats, s)
		}
	}
	if len(seats) != 2 || seats[0].Argues == seats[1].Argues ||
		(seats[0].Argues != ep.CorrectAnswer && seats[1].Argues != ep.CorrectAnswer) {
		return a, b, false
	}
	return seats[0], seats[1], true
}

// debaterTally counts per agent.
type debaterTally struct {
	rates map[string]*DebaterRate
}

// add records a finished episode; it ignores episodes without two distinct
// debaters.
func (t *debaterTally) add(ep *transcript.Episode) {
	a, b, ok := debatePair(ep)
	if !ok || a.Agent == b.Agent {
		return
	}
	if t.rates == nil {
		t.rates = make(map[string]*DebaterRate)
	}
	for _, s := range []transcript.Seat{a, b} {
		r := t.rates[s.Agent]
		if r == nil {
			r = &DebaterRate{Agent: s.Agent}
			t.rates[s.Agent] = r
		}
		won := ep.Verdict.Answer != transcript.Unparsed && ep.Verdict.Answer == s.Argues
		if s.Argues == ep.CorrectAnswer {
			r.CorrectN++
			if won {
				r.CorrectWins++
			}
		} else {
			r.IncorrectN++
			if won {
				r.IncorrectWins++
			}
		}
	}
}

func (t *debaterTally) finish() []DebaterRate {
	if len(t.rates) == 0 {
		return nil
	}
	out := make([]DebaterRate, 0, len(t.rates))
	for _, r := range t.rates {
		d := *r
		d.CorrectWinRate = definedRate(d.CorrectWins, d.CorrectN)
		d.IncorrectWinRate = definedRate(d.IncorrectWins, d.IncorrectN)
		out = append(out, d)
	}
	slices.SortFunc(out, func(x, y DebaterRate) int { return cmp.Compare(x.Agent, y.Agent) })
	return out
}
