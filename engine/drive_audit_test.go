package engine

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/mootlab/moot/agents"
	"github.com/mootlab/moot/protocols"
	"github.com/mootlab/moot/transcript"
)

// turnsSeen is an agent that notes, of each debater's call, how many
// turns its request shows. The calls of a round at once come at once
// (playing.together): mu guards seen.
type turnsSeen struct {
	agents.Agent
	mu   *sync.Mutex
	seen *[]int
}

func (a turnsSeen) Generate(ctx context.Context, req agents.Request) (agents.Response, error) {
	if req.Role == transcript.RoleDebater {
		a.mu.Lock()
		*a.seen = append(*a.seen, len(req.Transcript))
		a.mu.Unlock()
	}
	return a.Agent.Generate(ctx, req)
}

// In a debate whose turns are sequential, each debater reads every turn
// before its own, its rival's of the same round included: the k-th turn
// sees k. Simultaneous turns see only the rounds before; turns
// sequential-from-round-2, the rounds before in round 1, then every turn
// before.
func TestSequentialDebatersSeeTheTurnsBefore(t *testing.T) {
	for _, tc := range []struct {
		label, turns string
		want         string
	}{
		{"debate", "sequential", "[0 1 2 3]"}, // small.yaml: two rounds
		{"debate", "simultaneous", "[0 0 2 2]"},
		{"debate", "sequential-from-round-2", "[0 0 2 3]"},
	} {
		x := mustParse(t, "testdata/small.yaml", strings.Replace(string(mustRead(t, "testdata/small.yaml")),
			"turns: sequential,", "turns: "+tc.turns+",", 1))
		var seen []int
		var mu sync.Mutex
		for _, name := range []string{"strong", "sly"} {
			a := x.agent(name)
			a.caller = turnsSeen{a.caller, &mu, &seen}
		}
		for _, ep := range x.Plan() {
			if ep.Protocol.Label != tc.label {
				continue
			}
			if rec := x.play(context.Background(), &ep); rec.Error != "" {
				t.Fatal(rec.Error)
			}
			break
		}
		if got := fmt.Sprint(seen); got != tc.want {
			t.Errorf("%s, turns %s: the debaters' calls saw %s turns; want %s", tc.label, tc.turns, got, tc.want)
		}
	}
}

// A seat's quotes are checked where verification is on and it reads the
// text: its own, or one every seat reads (a closed task's).
func TestChecksQuotesOfSeatsThatReadTheText(t *testing.T) {
	on, off := protocols.Rules{VerifyQuotes: true}, protocols.Rules{}
	shared := transcript.View{Context: "the passage every seat reads"}
	for _, tc := range []struct {
		name   string
		rules  protocols.Rules
		seat   protocols.Seat
		hidden transcript.View
		want   bool
	}{
		{"a debater that reads the text", on, protocols.Seat{SeesContext: true}, transcript.View{}, true},
		{"a moderator, no text", on, protocols.Seat{}, transcript.View{}, false},
		{"a moderator, on a closed task", on, protocols.Seat{}, shared, true},
		{"verification off", off, protocols.Seat{SeesContext: true}, shared, false},
	} {
		if got := checksQuotes(tc.rules, tc.seat, tc.hidden); got != tc.want {
			t.Errorf("%s: checksQuotes = %v; want %v", tc.name, got, tc.want)
		}
	}
}
