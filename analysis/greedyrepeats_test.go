package analysis

import (
	"crypto/sha256"
	"fmt"
	"slices"
	"testing"

	"github.com/mootlab/moot/transcript"
)

// greedyRun summarizes a run of two seeds whose greedy agents are g, each
// seed's episode in cell with its messages (agent and prompt).
func greedyRun(g GreedyAgents, cell string, seeds [2][][2]string) []RepeatedDraws {
	z := NewReplicateSummarizer("x", []uint64{1, 2})
	z.Greedy(g)
	for r, msgs := range seeds {
		e := episode("debate", "debate", "t", "j", fmt.Sprint("q", r), "x", 0, "")
		e.Cell = cell
		for _, m := range msgs {
			e.Messages = append(e.Messages, transcript.Message{Agent: m[0], PromptSHA256: fmt.Sprintf("%x", sha256.Sum256([]byte(m[1])))})
		}
		z.Add(r, &e)
	}
	return z.Summary(z.Summaries()).GreedyRepeats
}

// TestGreedyPromptIsTheSameAgents: a prompt repeats only where the same
// agent was given it at an earlier seed: two greedy agents each given at
// one seed the prompt the other was given at the other are no repeat.
func TestGreedyPromptIsTheSameAgents(t *testing.T) {
	g := GreedyAgents{All: map[string]bool{"a": true, "b": true}}
	if got := greedyRun(g, "", [2][][2]string{{{"a", "p"}, {"b", "y"}}, {{"b", "p"}, {"a", "x"}}}); got != nil {
		t.Errorf("greedy repeats %+v; want none: no agent was given a prompt twice", got)
	}
}

// TestGreedyInAPartOfACell: an episode's cell that names some of the
// lock's axes (a=1 of a×b) reads as the lock's cells that hold it: s
// samples there (a=1: temperature 0.7) and greedily at a=0.
func TestGreedyInAPartOfACell(t *testing.T) {
	g := GreedyAgents{ByCell: map[string]map[string]bool{
		"a=0,b=x": {"s": true}, "a=0,b=y": {"s": true}, "a=1,b=x": {"s": false}, "a=1,b=y": {"s": false},
	}}
	seeds := [2][][2]string{{{"s", "p"}}, {{"s", "p"}}}
	if got := greedyRun(g, "a=1", seeds); got != nil {
		t.Errorf("a=1: greedy repeats %+v; want none, s samples there", got)
	}
	if got, want := greedyRun(g, "a=0", seeds), []RepeatedDraws{{Agent: "s", Answers: 2, Repeated: 1}}; !slices.Equal(got, want) {
		t.Errorf("a=0: greedy repeats %+v; want %+v", got, want)
	}
}

// TestRepeatsCountedAfterTheFirstSeed: within a key, the answers of the
// earliest seed are the originals and the later ones the repeats, in
// whatever order they were kept: two at seed 0 and one at seed 1 are one
// repeat, not two.
func TestRepeatsCountedAfterTheFirstSeed(t *testing.T) {
	d := seedDraws{agents: []string{"a"}}
	xs := []drawnAnswer{{key: 1, rep: 1}, {key: 1, rep: 0}, {key: 1, rep: 0}}
	want := []RepeatedDraws{{Agent: "a", Answers: 3, Repeated: 1}}
	if got := d.count(xs, true, nil); !slices.Equal(got, want) {
		t.Errorf("repeats %+v; want %+v", got, want)
	}
}
