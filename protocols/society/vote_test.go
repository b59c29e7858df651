package society_test

import (
	"testing"

	"github.com/mootlab/moot/protocols"
	"github.com/mootlab/moot/protocols/protocoltest"
	"github.com/mootlab/moot/protocols/society"
)

// TestVote: the verdict is the majority of the answers that parsed, its
// probability the winning share of them; a tie goes to the answer of the
// first agent whose answer parsed, with probability 0.5 (docs/protocols.md,
// society); no answer that parsed is no verdict. Each case is worked by
// hand from that rule (answers are shown slots: 0 is A, 1 is B, -1 none).
func TestVote(t *testing.T) {
	p := protocoltest.Build(t, "society", "agents: r\nn: 4\n").(protocols.Voter)
	for _, tt := range []struct {
		answers []int
		slot    int
		prob    float64
		how     string
	}{
		{[]int{0, 0, 1}, 0, 2.0 / 3, society.ParsedMajority},
		{[]int{1, 0, 1}, 1, 2.0 / 3, society.ParsedMajority},
		{[]int{1, 1, 1, 0}, 1, 3.0 / 4, society.ParsedMajority},
		// Ties: the first agent whose answer parsed decides.
		{[]int{0, 1}, 0, 0.5, society.ParsedMajority},
		{[]int{1, 0}, 1, 0.5, society.ParsedMajority},
		{[]int{-1, 1, 0, 0, 1}, 1, 0.5, society.ParsedMajority},
		{[]int{-1, -1, 0, 1}, 0, 0.5, society.ParsedMajority},
		// An answer that did not parse is no vote: the share is of those
		// that did, so a tie among them is still 0.5.
		{[]int{0, -1, 1}, 0, 0.5, society.ParsedMajority},
		{[]int{-1, 1, -1}, 1, 1, society.ParsedMajority},
		{[]int{0, 0, -1, 1}, 0, 2.0 / 3, society.ParsedMajority},
		// No answer that parsed: no verdict.
		{[]int{-1, -1, -1}, -1, 0, protocols.ParsedUnparsed},
	} {
		slot, prob, how := p.Vote(tt.answers)
		if slot != tt.slot || prob != tt.prob || how != tt.how {
			t.Errorf("Vote(%v) = %d, %v, %s; want %d, %v, %s", tt.answers, slot, prob, how, tt.slot, tt.prob, tt.how)
		}
	}
}

// TestSeats: one agent named is n copies of it; a list seats each agent
// of it in turn, Agent 1 the first; sees_context says whether every seat
// reads the hidden text (docs/protocols.md, society).
func TestSeats(t *testing.T) {
	for _, tt := range []struct {
		settings string
		agents   []string
		sees     bool
	}{
		{"agents: r\nn: 3\n", []string{"r", "r", "r"}, true},
		{"agents: [x, y, z]\n", []string{"x", "y", "z"}, true},
		{"agents: [x, y]\nsees_context: false\n", []string{"x", "y"}, false},
	} {
		for _, a := range protocoltest.Build(t, "society", tt.settings).Assignments() {
			if len(a.Seats) != len(tt.agents) {
				t.Fatalf("%q: %s: %d seats; want %d", tt.settings, a.Name, len(a.Seats), len(tt.agents))
			}
			for i, s := range a.Seats {
				if want := "Agent " + string(rune('1'+i)); s.Name != want || s.Agent != tt.agents[i] || s.SeesContext != tt.sees {
					t.Errorf("%q: %s: seat %d is %s, agent %s, sees the text %v; want %s, agent %s, %v", tt.settings, a.Name, i, s.Name, s.Agent, s.SeesContext, want, tt.agents[i], tt.sees)
				}
			}
		}
	}
}
