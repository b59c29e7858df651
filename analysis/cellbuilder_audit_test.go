package analysis

import (
	"fmt"
	"testing"

	"github.com/mootlab/moot/transcript"
)

// A cell counts the verdicts a moderator's remark settled among its
// finished episodes (Cell.Settled): two of three here, the failed one
// left out.
func TestAuditCellCountsSettled(t *testing.T) {
	var eps []transcript.Episode
	for i, errMsg := range []string{"", "", "", "agents: down"} {
		ep := episode("mad", "debate", "t", "j", fmt.Sprintf("q%d", i), "", 0, errMsg)
		if i != 1 {
			ep.Verdict.Parse = transcript.ParsedModerator
		}
		eps = append(eps, ep)
	}
	c := Summarize("e", 1, eps).Cells[0]
	if c.N != 3 || c.Failed != 1 || c.Settled != 2 {
		t.Errorf("n %d, failed %d, settled %d; want 3, 1 and 2", c.N, c.Failed, c.Settled)
	}
}

// A cell pooling debates of two lengths has no accuracy by round,
// whichever length comes first: here the three-round debates do.
func TestAuditByRoundMixedLengthsLongFirst(t *testing.T) {
	var eps []transcript.Episode
	for q := range 4 {
		long := withInterim(episode("debate", "debate", "t", "j", fmt.Sprintf("q%d", q), "", 1, ""), 1, 1)
		long.Cell = "debate.rounds=3"
		eps = append(eps, long)
	}
	for q := range 4 {
		short := withInterim(episode("debate", "debate", "t", "j", fmt.Sprintf("q%d", q), "", 0, ""), 1)
		short.Cell = "debate.rounds=2"
		eps = append(eps, short)
	}
	s, err := SummarizeBy("e", 1, eps, []string{FieldProtocol})
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Cells) != 1 || s.Cells[0].ByRound != nil {
		t.Errorf("three-round then two-round debates pooled: %d cells, by_round %+v; want one cell and none", len(s.Cells), s.Cells[0].ByRound)
	}
}

// A cell whose two questions share one group has nothing to draw between
// groups: its interval is the one over its two questions, as without the
// group (not Wilson over its four episodes).
func TestAuditOneGroupOfTwoQuestionsDrawsQuestions(t *testing.T) {
	run := func(group string) Cell {
		var eps []transcript.Episode
		for _, e := range []struct {
			q      string
			answer int
		}{{"q1", 0}, {"q1", 1}, {"q2", 0}, {"q2", 0}} {
			ep := episode("direct", "direct", "t", "j", e.q, fmt.Sprintf("r%d", len(eps)), e.answer, "")
			ep.Group = group
			eps = append(eps, ep)
		}
		return Summarize("e", 1, eps).Cells[0]
	}
	grouped, loose := run("article"), run("")
	if grouped.N != 4 || grouped.Questions != 2 || grouped.Interval != loose.Interval {
		t.Errorf("one group of two questions: n %d, questions %d, %+v; want 4, 2 and the interval without the group, %+v",
			grouped.N, grouped.Questions, grouped.Interval, loose.Interval)
	}
	if lo, hi := Wilson(3, 4); grouped.CILow == lo && grouped.CIHigh == hi {
		t.Errorf("one group of two questions: Wilson over its episodes [%v, %v]", lo, hi)
	}
}
