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
		var moderations, rounds int
		lastPref := -1
		for _, m := range rec.Messages {
			switch m.Role {
			case transcript.RoleModerator:
				moderations++
				lastPref = mad.Preferred(m.Text)
			case transcript.RoleDebater:
				rounds = max(rounds, m.Round)
			}
		}
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
