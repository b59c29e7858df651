package engine

import (
	"context"
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/mootlab/moot/protocols"
	"github.com/mootlab/moot/protocols/mad"
	"github.com/mootlab/moot/simserver"
	"github.com/mootlab/moot/transcript"
)

// TestMAD: the affirmative chooses its answer, the negative argues the
// other, the moderator speaks after each round but the last and a stated
// preference ends the debate early; the judge decides; the gold label
// reaches no one.
func TestMAD(t *testing.T) {
	x := mustParse(t, "mad.yaml", `name: mad
seed: 3
agents:
  strong: {backend: sim, skill: 0.8, deception: 0.6}
  moderator: {backend: sim, skill: 0.6, diligence: 0.6, trust_unverified: 0.3}
  judge: {backend: sim, skill: 0.5, diligence: 0.2, trust_unverified: 0.3, position_bias: 0.3}
tasks:
  - {name: qa, generator: qa, n: 40, difficulty: 0.6}
protocols:
  - {name: mad, judge: judge, debaters: strong, moderator: moderator}
`)
	early, full := 0, 0
	for _, ep := range x.Plan() {
		rec := x.play(context.Background(), &ep)
		if rec.Error != "" || rec.Verdict.Answer < 0 {
			t.Fatalf("%s: error %q, verdict %+v", ep.ID, rec.Error, rec.Verdict)
		}
		c := countMAD(&rec)
		moderations, rounds, lastPref := c.moderations, c.rounds, c.lastPref
		switch {
		case rounds == 3 && moderations == 2 && lastPref < 0:
			full++
		case rounds < 3 && moderations == rounds && lastPref >= 0:
			early++
		default:
			t.Fatalf("%s: %d rounds, %d moderations, last preference %d: not a MAD run", ep.ID, rounds, moderations, lastPref)
		}
		if ep.Assignment.Order == protocols.AsGiven {
			if got := playFlipped(x, ep); !cmp.Equal(rec.Messages, got.Messages) {
				t.Fatalf("%s: messages changed when the label flipped", ep.ID)
			}
		}
	}
	if early == 0 || full == 0 {
		t.Errorf("%d debates ended early, %d went the distance; want some of each", early, full)
	}
}

// TestEstimateOfAnLLMModeratorPlaysEveryRound: an LLM moderator's
// decision to end a debate early is not guessed from the sim of default
// settings that stands in for it in the estimate (it had ended about half
// the debates that the moderator below played out, and the estimate was a
// third below the calls sent): the estimate plays to the last round, at
// or above what the run sends.
func TestEstimateOfAnLLMModeratorPlaysEveryRound(t *testing.T) {
	const agentsOf = `name: mad-llm
seed: 9
agents:
%s
tasks: [{name: q, generator: qa, n: 20, difficulty: 0.6}]
protocols:
  - {name: mad, judge: judge, debaters: strong, moderator: moderator, rounds: 5}
`
	// A moderator that never prefers a side: every debate runs 5 rounds.
	sims := mustParse(t, "mad-sim.yaml", fmt.Sprintf(agentsOf, `  strong: {backend: sim, skill: 0.8}
  moderator: {backend: sim, skill: 0.1, diligence: 0, trust_unverified: 0.3}
  judge: {backend: sim, skill: 0.5}`))
	models, _ := sims.SimModels()
	srv := simserver.New(models, simserver.Options{APIKey: testKey})
	hs := httptest.NewServer(srv)
	t.Cleanup(hs.Close)
	t.Setenv("MOOT_TEST_SERVE_KEY", testKey)
	var lines []string
	for _, name := range []string{"strong", "moderator", "judge"} {
		lines = append(lines, fmt.Sprintf("  %s: {backend: openai, base_url: %q, model: %s, api_key_env: MOOT_TEST_SERVE_KEY}", name, hs.URL+"/v1", name))
	}
	parse := func() *Experiment {
		return mustParse(t, "mad-llm.yaml", fmt.Sprintf(agentsOf, strings.Join(lines, "\n")))
	}
	est := mustEstimate(t, parse(), 0, aSecondACall)
	var calls int64
	for _, r := range est.Rows {
		calls += r.Calls
	}
	store := openCache(t, t.TempDir())
	mustRunSummarized(t, parse(), Options{Out: t.TempDir(), Concurrency: 4, Cache: store})
	if _, sent := store.Counts(); calls < sent {
		t.Errorf("estimated %d calls; the run sent %d: want at least as many", calls, sent)
	}
}

// TestMADSettledByTheModerator: with verdict: moderator (Liang et al.
// 2023), the moderator also speaks after the last round, and where it
// prefers a side that side is the verdict, parse moderator, and no judge
// speaks; where it prefers neither, the judge decides. A rejudge keeps
// the settled verdicts, in the new judge's cell, and judges the others.
func TestMADSettledByTheModerator(t *testing.T) {
	const file = `name: mad-settled
seed: 3
agents:
  strong: {backend: sim, skill: 0.8, deception: 0.6}
  moderator: {backend: sim, skill: 0.4, diligence: 0.3, trust_unverified: 0.3}
  judge: {backend: sim, skill: 0.5, diligence: 0.2, trust_unverified: 0.3, position_bias: 0.3}
  says-a: {backend: sim, position_bias: 10, noise: 0}
tasks:
  - {name: qa, generator: qa, n: 40, difficulty: 0.6}
protocols:
  - {name: mad, judge: judge, debaters: strong, moderator: moderator, verdict: moderator}
`
	x := mustParse(t, "mad-settled.yaml", file)
	out := t.TempDir()
	mustRunSummarized(t, x, Options{Out: out, Concurrency: 2})
	settled, judged := map[string]bool{}, 0
	for _, rec := range readTranscripts(t, out) {
		c := countMAD(&rec)
		moderations, rounds, judges, lastPref := c.moderations, c.rounds, c.judges, c.lastPref
		switch {
		case moderations != rounds:
			t.Fatalf("%s: %d rounds, %d moderations; want one after every round, the last too", rec.EpisodeID, rounds, moderations)
		case lastPref >= 0:
			if judges != 0 || rec.Verdict.Parse != mad.VerdictModerator || rec.Verdict.Slot != string(rune('A'+lastPref)) {
				t.Fatalf("%s: moderator preferred %c; verdict %+v after %d judge messages; want the moderator's, no judge", rec.EpisodeID, 'A'+lastPref, rec.Verdict, judges)
			}
			settled[rec.EpisodeID] = true
		case rounds != 3 || judges != 1 || rec.Verdict.Parse == mad.VerdictModerator:
			t.Fatalf("%s: no preference after %d rounds, %d judge messages, verdict %+v; want 3 rounds and the judge's verdict", rec.EpisodeID, rounds, judges, rec.Verdict)
		default:
			judged++
		}
	}
	if len(settled) == 0 || judged == 0 {
		t.Fatalf("%d debates settled by the moderator, %d judged; want some of each", len(settled), judged)
	}
	// A person (moot judge) is shown the debates the moderator left
	// undecided, and no other.
	if seats, err := x.JudgeSeats(readTranscripts(t, out), "judge"); err != nil || len(seats) != judged {
		t.Errorf("judge seats: %d, %v; want the %d debates the judge decided", len(seats), err, judged)
	}
	again := t.TempDir()
	if _, err := rejudgeSummarized(context.Background(), mustParse(t, "mad-settled.yaml", file), out, "says-a", Options{Out: again}); err != nil {
		t.Fatal(err)
	}
	old := readTranscripts(t, out)
	for i, rec := range readTranscripts(t, again) {
		was := settled[old[i].EpisodeID]
		for _, s := range rec.Seats {
			if s.Role == transcript.RoleJudge && s.Agent != "says-a" {
				t.Errorf("rejudged %s: judge seat's agent %s; want says-a, the record's judge", rec.EpisodeID, s.Agent)
			}
		}
		if rec.Judge != "says-a" || was && rec.Verdict != old[i].Verdict || !was && rec.Verdict.Slot != "A" {
			t.Errorf("rejudged %s (settled %v): judge %s, verdict %+v; want says-a's cell, the moderator's verdict kept where it settled, A elsewhere", rec.EpisodeID, was, rec.Judge, rec.Verdict)
		}
	}
}

// madCounts is what a MAD record holds: the moderator's remarks and the
// last one's preference (-1: none), the rounds debated, the judge's messages.
type madCounts struct{ moderations, rounds, judges, lastPref int }

func countMAD(rec *transcript.Episode) madCounts {
	c := madCounts{lastPref: -1}
	for _, m := range rec.Messages {
		switch m.Role {
		case transcript.RoleModerator:
			c.moderations++
			c.lastPref = mad.Preferred(m.Text)
		case transcript.RoleDebater:
			c.rounds = max(c.rounds, m.Round)
		case transcript.RoleJudge:
			c.judges++
		}
	}
	return c
}
