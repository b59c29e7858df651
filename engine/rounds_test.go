package engine

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/mootlab/moot/transcript"
)

// everyRound is an experiment of the protocols that can ask the judge
// after every round, each in its plainest and its busiest form; the
// rounds of each label are in roundsOf.
const everyRound = `name: every-round
seed: 3
agents:
  strong: {backend: sim, skill: 0.9, deception: 0.8}
  sly: {backend: sim, skill: 0.7, deception: 1}
  judge: {backend: sim, skill: 0.5, diligence: 0.3, trust_unverified: 0.3, position_bias: 0.3}
tasks:
  - {name: qa, generator: qa, n: 10, difficulty: 0.6}
protocols:
  - {name: debate, judge: judge, debaters: strong, rounds: 3}
  - {name: debate, label: sequential, judge: judge, debaters: [strong, sly], turns: sequential, rounds: 2, best_of: 2}
  - {name: open-debate, label: open, judge: judge, debaters: strong, rounds: 2}
  - {name: consultancy, judge: judge, consultant: strong, rounds: 3}
  - {name: consultancy, label: interactive, judge: judge, consultant: strong, interactive: true, rounds: 3}
`

var roundsOf = map[string]int{"debate": 3, "sequential": 2, "open": 2, "consultancy": 3, "interactive": 3}

// everyRoundOn is everyRound with judge_every_round on.
func everyRoundOn() string {
	head, protocols, _ := strings.Cut(everyRound, "protocols:")
	return head + "protocols:" + strings.ReplaceAll(protocols, "{name: ", "{judge_every_round: true, name: ")
}

// parseEveryRound parses everyRound, with judge_every_round on if on.
func parseEveryRound(t *testing.T, on bool) *Experiment {
	t.Helper()
	data := everyRound
	if on {
		data = everyRoundOn()
	}
	x := mustParse(t, "every-round.yaml", data)
	return x
}

// isInterim says whether m is a judge's interim verdict.
func isInterim(m transcript.Message) bool { return m.Aside && m.Role == transcript.RoleJudge }

// TestJudgeEveryRound: asked after every round, the judge gives an interim
// verdict after each round but the last, from the transcript so far, in a
// call no one reads: every other message, and the verdict, are those of
// the same episode played without it.
func TestJudgeEveryRound(t *testing.T) {
	on, off := parseEveryRound(t, true), parseEveryRound(t, false)
	planOn, planOff := on.Plan(), off.Plan()
	if len(planOn) != len(planOff) {
		t.Fatalf("%d episodes with judge_every_round, %d without", len(planOn), len(planOff))
	}
	for i := range planOn {
		with, without := on.play(context.Background(), &planOn[i]), off.play(context.Background(), &planOff[i])
		id := with.EpisodeID
		if with.Error != "" || without.Error != "" {
			t.Fatalf("%s: errors %q, %q", id, with.Error, without.Error)
		}
		if with.Verdict != without.Verdict || with.Correct != without.Correct {
			t.Fatalf("%s: verdict %+v (correct %v) with interim verdicts; want %+v (correct %v), as without", id, with.Verdict, with.Correct, without.Verdict, without.Correct)
		}
		if without.Interim != nil {
			t.Fatalf("%s: interim verdicts %+v without judge_every_round; want none", id, without.Interim)
		}
		rest := withoutMessages(with.Messages, isInterim)
		if diff := cmp.Diff(without.Messages, rest, cmpopts.EquateEmpty()); diff != "" {
			t.Fatalf("%s: the messages other than the interim verdicts (-without +with):\n%s", id, diff)
		}
		rounds := roundsOf[with.Protocol]
		if len(with.Interim) != rounds-1 {
			t.Fatalf("%s: %d interim verdicts; want %d, one after each round but the last", id, len(with.Interim), rounds-1)
		}
		asks := 0
		for r, v := range with.Interim {
			if v.Round != r+1 || v.Parse == "" || v.Asks < 1 {
				t.Errorf("%s: interim verdict %d is %+v; want round %d, parsed", id, r, v, r+1)
			}
			asks += v.Asks
		}
		// Each interim call comes when its round is over: after the
		// round's turns (an interactive judge's question included), before
		// any of a later round.
		var interim int
		for j, m := range with.Messages {
			if !isInterim(m) {
				continue
			}
			interim++
			for _, o := range with.Messages[:j] {
				if !isInterim(o) && o.Round > m.Round {
					t.Errorf("%s: the interim verdict after round %d comes after a turn of round %d", id, m.Round, o.Round)
				}
			}
			for _, o := range with.Messages[j+1:] {
				if !isInterim(o) && !o.Aside && o.Round <= m.Round {
					t.Errorf("%s: the interim verdict after round %d comes before %s's turn of round %d", id, m.Round, o.Name, o.Round)
				}
			}
			if m.Agent != with.Judge {
				t.Errorf("%s: interim verdict by %s; want the judge %s", id, m.Agent, with.Judge)
			}
		}
		if interim != asks {
			t.Errorf("%s: %d interim messages; want %d, one per ask", id, interim, asks)
		}
	}
}

// withoutMessages is ms without those del says.
func withoutMessages(ms []transcript.Message, del func(transcript.Message) bool) []transcript.Message {
	var out []transcript.Message
	for _, m := range ms {
		if !del(m) {
			out = append(out, m)
		}
	}
	return out
}

// TestInterimSeeds: an interim verdict's seed differs from the final
// verdict's and from an interactive judge's question in the same round.
func TestInterimSeeds(t *testing.T) {
	for r := 1; r <= 4; r++ {
		s := interimSeed(7, "ep", "Judge", r)
		if s == turnSeed(7, "ep", "Judge", r) || s == turnSeed(7, "ep", "Judge", 5) {
			t.Errorf("round %d: the interim seed is another call's", r)
		}
	}
}

// TestAccuracyByRound: the summary of a run with interim verdicts has,
// for each cell, the accuracy after each round, the last the cell's own;
// a run without them has none, and its cells are the same.
func TestAccuracyByRound(t *testing.T) {
	on, off := parseEveryRound(t, true), parseEveryRound(t, false)
	withRes, err := runSummarized(context.Background(), on, Options{Out: t.TempDir(), Concurrency: 2})
	if err != nil {
		t.Fatal(err)
	}
	withoutRes, err := runSummarized(context.Background(), off, Options{Out: t.TempDir(), Concurrency: 2})
	if err != nil {
		t.Fatal(err)
	}
	with, without := withRes.Summary, withoutRes.Summary
	for i, c := range with.Cells {
		rounds := roundsOf[c.Protocol]
		if len(c.ByRound) != rounds {
			t.Fatalf("%s: %d points by round; want %d", c.Protocol, len(c.ByRound), rounds)
		}
		for r, p := range c.ByRound {
			if p.Round != r+1 || p.N != c.N || p.CILow > p.Accuracy || p.Accuracy > p.CIHigh {
				t.Errorf("%s: point %d is %+v; want round %d over all %d episodes, inside its interval", c.Protocol, r, p, r+1, c.N)
			}
		}
		last := c.ByRound[rounds-1]
		if last.Correct != c.Correct || last.Accuracy != c.Accuracy || last.CILow != c.CILow || last.CIHigh != c.CIHigh {
			t.Errorf("%s: last round %+v; want the cell's accuracy %v [%v, %v]", c.Protocol, last, c.Accuracy, c.CILow, c.CIHigh)
		}
		c.ByRound = nil
		if diff := cmp.Diff(without.Cells[i], c); diff != "" {
			t.Errorf("%s: the cell but for by_round (-without +with):\n%s", c.Protocol, diff)
		}
	}
	for _, c := range without.Cells {
		if c.ByRound != nil {
			t.Errorf("%s: by_round %+v without interim verdicts", c.Protocol, c.ByRound)
		}
	}
}

// TestRejudgeAsksTheInterimVerdictsAgain: rejudging asks the new judge for
// every verdict the first gave, the interim ones too, each reading what
// the first read then: the same judge gives them all again.
func TestRejudgeAsksTheInterimVerdictsAgain(t *testing.T) {
	x := parseEveryRound(t, true)
	ref, out, _ := rejudgeReproduces(t, x, "judge", Options{Concurrency: 2}, Options{Concurrency: 2}, "cells after rejudging with the same judge")
	old, got := readTranscripts(t, ref), readTranscripts(t, out)
	for i := range old {
		if diff := cmp.Diff(old[i].Interim, got[i].Interim); diff != "" {
			t.Fatalf("%s: interim verdicts (-first +rejudged):\n%s", old[i].EpisodeID, diff)
		}
		n := func(ms []transcript.Message) int { return len(ms) - len(withoutMessages(ms, isInterim)) }
		if n(old[i].Messages) != n(got[i].Messages) {
			t.Fatalf("%s: %d interim messages rejudged; want %d", old[i].EpisodeID, n(got[i].Messages), n(old[i].Messages))
		}
		// Each interim verdict stands where the first run gave it: after
		// its round's speeches, before the next round's.
		order := func(ms []transcript.Message) []string {
			var out []string
			for _, m := range ms {
				out = append(out, fmt.Sprintf("%s/%d/%v", m.Name, m.Round, m.Aside))
			}
			return out
		}
		if diff := cmp.Diff(order(old[i].Messages), order(got[i].Messages)); diff != "" {
			t.Fatalf("%s: the rejudged messages' order (-first +rejudged):\n%s", old[i].EpisodeID, diff)
		}
	}

	// Another judge, one that always says A, gives its own.
	data := strings.Replace(everyRoundOn(), "agents:\n", "agents:\n  says-a: {backend: sim, position_bias: 10, noise: 0}\n", 1)
	y, err := Parse("every-round.yaml", []byte(data))
	if err != nil {
		t.Fatal(err)
	}
	out = t.TempDir()
	if _, err := rejudgeSummarized(context.Background(), y, ref, "says-a", Options{Out: out}); err != nil {
		t.Fatal(err)
	}
	for i, ep := range readTranscripts(t, out) {
		if len(ep.Interim) != len(old[i].Interim) {
			t.Fatalf("%s: %d interim verdicts rejudged; want %d", ep.EpisodeID, len(ep.Interim), len(old[i].Interim))
		}
		for j, v := range ep.Interim {
			if v.Slot != "A" || v.Round != old[i].Interim[j].Round {
				t.Fatalf("%s: rejudged interim verdict %+v; want says-a's A after round %d", ep.EpisodeID, v, old[i].Interim[j].Round)
			}
		}
		for _, m := range ep.Messages {
			if m.Role == transcript.RoleJudge && m.Agent != "says-a" {
				t.Fatalf("%s: a judge's message by %s kept; want only says-a's", ep.EpisodeID, m.Agent)
			}
		}
	}
}
