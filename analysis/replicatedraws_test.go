package analysis

import (
	"crypto/sha256"
	"fmt"
	"slices"
	"testing"

	"github.com/mootlab/moot/transcript"
)

// TestRepeatedDrawsAcrossSeeds: an answer counts as repeated where its
// draw was named at another seed first; a draw named twice within one
// seed (two sweep cells alike), one of its own at each seed (a sim's,
// which holds the seed), and an answer that names none are not.
func TestRepeatedDrawsAcrossSeeds(t *testing.T) {
	z := NewReplicateSummarizer("x", []uint64{1, 2})
	draw := func(s string) string { return fmt.Sprintf("%x", sha256.Sum256([]byte(s)))[:32] }
	add := func(r int, msgs ...transcript.Message) {
		e := episode("debate", "debate", "t", "j", fmt.Sprint("q", r), "x", 0, "")
		e.Messages = msgs
		z.Add(r, &e)
	}
	fixed := func(d string) transcript.Message { return transcript.Message{Agent: "llm", Draw: draw(d)} }
	sim := func(r int) transcript.Message {
		return transcript.Message{Agent: "sim", Draw: draw(fmt.Sprint("s", r))}
	}
	add(0, fixed("a"), fixed("b"), sim(0), transcript.Message{Agent: "fresh"})
	add(0, fixed("a"))                                                            // again within seed 1: no copy of another seed's
	add(1, fixed("a"), fixed("c"), sim(1))                                        // a repeats seed 1's
	add(1, fixed("b"), transcript.Message{Agent: "llm", Draw: "not hex at all!"}) // b too; the other names none that reads
	got := z.Summary(z.Summaries()).RepeatedDraws
	want := []RepeatedDraws{{Agent: "llm", Answers: 6, Repeated: 2}}
	if !slices.Equal(got, want) {
		t.Errorf("repeated draws %+v; want %+v", got, want)
	}
}

// TestGreedyRepeatsAcrossSeeds: an answer of an agent at temperature 0
// counts where the agent was given its prompt at another seed first; the
// same prompt given to another agent, to an agent that samples, to the
// greedy agent in a sweep cell that sets it to sample, or twice within
// one seed, does not; an agent whose draws repeat is said there alone.
func TestGreedyRepeatsAcrossSeeds(t *testing.T) {
	z := NewReplicateSummarizer("x", []uint64{1, 2})
	z.Greedy(GreedyAgents{All: map[string]bool{"judge": true, "fixed": true}, ByCell: map[string]map[string]bool{"hot": {"judge": false}}})
	hash := func(s string) string { return fmt.Sprintf("%x", sha256.Sum256([]byte(s))) }
	add := func(r int, cell string, msgs ...transcript.Message) {
		e := episode("debate", "debate", "t", "j", fmt.Sprint("q", r), "x", 0, "")
		e.Cell, e.Messages = cell, msgs
		z.Add(r, &e)
	}
	asked := func(agent, prompt string) transcript.Message {
		return transcript.Message{Agent: agent, PromptSHA256: hash(prompt)}
	}
	fixedDraw := transcript.Message{Agent: "fixed", PromptSHA256: hash("p"), Draw: hash("d")[:32]}
	add(0, "", asked("judge", "p"), asked("judge", "p"), asked("debater", "p"), fixedDraw)
	add(0, "hot", asked("judge", "h"))
	add(1, "", asked("judge", "p"), asked("judge", "q"), asked("debater", "p"), asked("other", "p"), fixedDraw)
	add(1, "hot", asked("judge", "h"))
	sum := z.Summary(z.Summaries())
	want := []RepeatedDraws{{Agent: "judge", Answers: 4, Repeated: 1}}
	if !slices.Equal(sum.GreedyRepeats, want) {
		t.Errorf("greedy repeats %+v; want %+v", sum.GreedyRepeats, want)
	}
	if want := []RepeatedDraws{{Agent: "fixed", Answers: 2, Repeated: 1}}; !slices.Equal(sum.RepeatedDraws, want) {
		t.Errorf("repeated draws %+v; want %+v, and fixed said there alone", sum.RepeatedDraws, want)
	}
}

// BenchmarkRepeatedDraws: the drawn answers of 10 seeds of 2,000
// seven-message episodes kept and sorted, and the bytes that costs.
func BenchmarkRepeatedDraws(b *testing.B) {
	ep := transcript.Episode{Messages: make([]transcript.Message, 7)}
	draws := make([]string, 10*2000*7)
	for i := range draws {
		draws[i] = fmt.Sprintf("%x", sha256.Sum256(fmt.Append(nil, i)))[:32]
	}
	b.ReportAllocs()
	for b.Loop() {
		var d seedDraws
		for r := range 10 {
			for e := range 2000 {
				for k := range ep.Messages {
					ep.Messages[k] = transcript.Message{Agent: "a", Draw: draws[(r*2000+e)*7+k]}
				}
				d.add(r, &ep)
			}
		}
		d.repeated()
	}
}

// TestRepeatedDrawsInAgentOrder: the agents whose draws repeat are
// listed by name, so that summary.json and the warnings read alike from
// one run's summary to the next.
func TestRepeatedDrawsInAgentOrder(t *testing.T) {
	z := NewReplicateSummarizer("x", []uint64{1, 2})
	agents := []string{"zeta", "alpha", "mid", "beta", "omega"}
	for r := range 2 {
		e := episode("debate", "debate", "t", "j", fmt.Sprint("q", r), "x", 0, "")
		for _, a := range agents {
			e.Messages = append(e.Messages, transcript.Message{Agent: a, Draw: fmt.Sprintf("%x", sha256.Sum256([]byte(a)))[:32]})
		}
		z.Add(r, &e)
	}
	sums := z.Summaries()
	for range 10 { // a map's order differs from one pass to the next
		var got []string
		for _, r := range z.Summary(sums).RepeatedDraws {
			got = append(got, r.Agent)
		}
		if !slices.IsSorted(got) || len(got) != len(agents) {
			t.Fatalf("agents %q; want all %d by name", got, len(agents))
		}
	}
}
