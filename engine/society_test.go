package engine

import (
	"context"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/mootlab/moot/protocols"
	"github.com/mootlab/moot/protocols/society"
	_ "github.com/mootlab/moot/protocols/society"
	"github.com/mootlab/moot/sinks"
	"github.com/mootlab/moot/transcript"
)

const societyExperiment = `name: society
seed: 5
agents:
  mid: {backend: sim, skill: 0.2, diligence: 0.3, trust_unverified: 0.3}
tasks:
  - {name: qa, generator: qa, n: 60, difficulty: 0.8}
protocols:
  - {name: society, label: single, agents: mid, n: 1, rounds: 0}
  - {name: society, label: vote, agents: mid, n: 5, rounds: 0}
  - {name: society, label: society, agents: mid, n: 5, rounds: 2}
`

// TestSocietyOfMinds: every agent answers each round; the verdict is the
// majority of the last answers; agents read each other's answers, which
// carry their evidence, and the gold label reaches none of them.
func TestSocietyOfMinds(t *testing.T) {
	x := mustParse(t, "society.yaml", societyExperiment)
	for _, ep := range x.Plan() {
		rec := x.play(context.Background(), &ep)
		if rec.Error != "" {
			t.Fatalf("%s: %s", ep.ID, rec.Error)
		}
		rules := ep.Protocol.Protocol.Rules()
		n := len(ep.Assignment.Seats)
		if got, want := len(rec.Messages), n*(rules.Rounds+1); got != want {
			t.Fatalf("%s: %d messages; want %d agents × %d rounds", ep.ID, got, n, rules.Rounds+1)
		}
		last := map[string]int{}
		for _, m := range rec.Messages {
			if m.Role != transcript.RoleAnswerer {
				t.Fatalf("%s: a message by %s; want only answerers", ep.ID, m.Role)
			}
			last[m.Name], _ = protocols.ParseVerdict(m.Text)
		}
		var votes [2]int
		for _, slot := range last {
			votes[slot]++
		}
		v := rec.Verdict
		if v.Parse != society.ParsedMajority || rec.Judge != "majority-vote" {
			t.Fatalf("%s: verdict %+v, judge %s; want a majority vote", ep.ID, v, rec.Judge)
		}
		slot := 0
		if v.Slot == "B" {
			slot = 1
		}
		if votes[slot] < votes[1-slot] || v.Probability != float64(votes[slot])/float64(n) {
			t.Fatalf("%s: verdict %s with probability %.2f from votes %v", ep.ID, v.Slot, v.Probability, votes)
		}
		if rec.Correct != (v.Answer == rec.CorrectAnswer) {
			t.Fatalf("%s: correct %v for answer %d, gold %d", ep.ID, rec.Correct, v.Answer, rec.CorrectAnswer)
		}
		// The label flipped, every message is the same.
		if ep.Assignment.Order == protocols.AsGiven {
			got := playFlipped(x, ep)
			if diff := cmp.Diff(rec.Messages, got.Messages); diff != "" {
				t.Fatalf("%s: messages changed when the label flipped:\n%s", ep.ID, diff)
			}
		}
	}
	// A society has no judge to replace: rejudging keeps its votes.
	rejudgeReproduces(t, x, "mid", Options{Concurrency: 2}, Options{}, "rejudging a society changed it")
}

// TestRejudgeOfAVoteCountsNoCall: a vote has no judge to replace; its
// rejudged record keeps the agents' messages as the first run's, so the
// rejudge's usage counts no call of its own, only their listed cost.
func TestRejudgeOfAVoteCountsNoCall(t *testing.T) {
	x := mustParse(t, "society.yaml", strings.Replace(societyExperiment, "n: 60", "n: 4", 1)+
		"  - {name: direct, judge: mid}\n")
	run := t.TempDir()
	mustRunSummarized(t, x, Options{Out: run})
	out := t.TempDir()
	z := sinks.NewSummary(out, x.Name, x.Seed)
	if _, err := Rejudge(context.Background(), x, run, "mid", Options{Out: out, Sinks: []Sink{z}}); err != nil {
		t.Fatal(err)
	}
	u := z.Summary().Usage
	for _, label := range []string{"single", "vote", "society"} {
		if c := u.ByProtocol[label].Calls; c != 0 {
			t.Errorf("%s: the rejudge counts %d calls; want none (the vote stands as it was)", label, c)
		}
	}
	if u.ByProtocol["direct"].Calls == 0 {
		t.Error("the judge the rejudge asked again: no call counted")
	}
}
