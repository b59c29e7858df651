package engine

import (
	"bytes"
	"context"
	"fmt"
	"math"
	"net/http/httptest"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mootlab/moot/simserver"
)

func TestEstimateScalesSample(t *testing.T) {
	x, _ := serveSmall(t, simserver.Faults{})
	before := x.Agents[0].Agent
	full := mustEstimate(t, x, 0, aSecondACall)
	if x.Agents[0].Agent != before || x.Agents[0].caller != before {
		t.Fatalf("got agent %T after the estimate; want the real one back", x.Agents[0].Agent)
	}
	sampled := mustEstimate(t, x, 5, aSecondACall)
	// 5 rounded up to a whole number of episodes a slot.
	labels, byLabel := x.planned().byLabel()
	want := 0
	for _, l := range labels {
		s := len(byLabel[l])
		want += min(len(x.planned().questions)*s, (5+s-1)/s*s)
	}
	if full.Sampled != full.Episodes || sampled.Sampled != want {
		t.Errorf("got %d and %d sampled; want %d and %d", full.Sampled, sampled.Sampled, full.Episodes, want)
	}
	if full.Failed+sampled.Failed != 0 {
		t.Errorf("got %d and %d failed dry episodes; want 0", full.Failed, sampled.Failed)
	}
	if !full.Priced || !(full.CostUSD > 0) {
		t.Fatalf("got priced %v, cost %g; want a cost", full.Priced, full.CostUSD)
	}
	if r := sampled.CostUSD / full.CostUSD; r < 0.8 || r > 1.25 {
		t.Errorf("got a sampled cost of $%.3f against $%.3f in full; want within 25%%", sampled.CostUSD, full.CostUSD)
	}
	for i, r := range full.Rows {
		if r.Agent == "judge" && r.Protocol == "direct" && (r.Calls != int64(r.Episodes) || sampled.Rows[i].Calls != r.Calls) {
			t.Errorf("got %d and %d judge calls in direct; want one an episode, %d", r.Calls, sampled.Rows[i].Calls, r.Episodes)
		}
	}
	var calls int64
	for _, r := range full.Rows {
		calls += r.Calls
	}
	if len(full.Endpoints) != 1 || full.Endpoints[0].Calls != calls || full.Wall != time.Duration(calls)*time.Second/6 {
		t.Errorf("got endpoints %+v, wall %s; want one with all %d calls at limit 6", full.Endpoints, full.Wall, calls)
	}
	// With a time a token, each output token adds it to the endpoint's
	// busy time.
	tokenTimed := mustEstimate(t, x, 0, Assumed{Latency: CallTime{PerCall: time.Second, PerToken: 10 * time.Millisecond}})
	var out int64
	for _, r := range tokenTimed.Rows {
		out += r.OutputTokens
	}
	if want := (time.Duration(calls)*time.Second + time.Duration(out)*10*time.Millisecond) / 6; out == 0 || tokenTimed.Wall != want {
		t.Errorf("got wall %s with 10ms a token over %d output tokens; want %s", tokenTimed.Wall, out, want)
	}
	// A time past the longest duration is the longest, not negative.
	if long := mustEstimate(t, x, 0, Assumed{Latency: CallTime{PerCall: 2_000_000 * time.Hour}}); long.Wall != math.MaxInt64 || long.Endpoints[0].Time != math.MaxInt64 {
		t.Errorf("got wall %s, endpoint %s at 2000000h a call; want the longest duration", long.Wall, long.Endpoints[0].Time)
	}
	if err := full.OverBudget(full.CostUSD/2, nil, 0); err == nil {
		t.Error("got no error over budget; want ErrOverBudget")
	}
	if err := full.OverBudget(0, nil, 0); err != nil {
		t.Errorf("got %v with no budget; want nil", err)
	}
}

// TestLeftIsEachProtocolsOwn: the episodes a resume has left are priced
// at their own protocol's cost an episode: a run with only the cheap
// judge-alone episodes left is estimated at their cost, and one with only
// the dear debates left at theirs — shared out by episode alone, the one
// was refused a budget it fitted and the other let past one it did not.
func TestLeftIsEachProtocolsOwn(t *testing.T) {
	est := Estimate{Episodes: 50, CostUSD: 2.41, Rows: []EstimateRow{
		{Agent: "strong", Protocol: "debate", Episodes: 40, CostUSD: 2.0},
		{Agent: "judge", Protocol: "debate", Episodes: 40, CostUSD: 0.4},
		{Agent: "judge", Protocol: "direct", Episodes: 10, CostUSD: 0.01},
	}}
	for _, c := range []struct {
		done Done
		want float64
	}{
		{nil, 2.41},
		{Done(map[string]int{"debate": 40}), 0.01},
		{Done(map[string]int{"direct": 10}), 2.4},
		{Done(map[string]int{"debate": 20, "direct": 5}), 1.2 + 0.005},
	} {
		if got := est.Left(c.done); math.Abs(got-c.want) > 1e-9 {
			t.Errorf("left after %v: $%v; want $%v", c.done, got, c.want)
		}
	}
	if err := est.OverBudget(1, Done(map[string]int{"debate": 40}), 0.9); err != nil {
		t.Errorf("the judge-alone episodes left, $0.01, on $0.90 paid of $1: %v; want none", err)
	}
	if err := est.OverBudget(2.2, Done(map[string]int{"direct": 10}), 0.01); err == nil {
		t.Error("the debates left, $2.40, on $0.01 paid of $2.20: no error; want ErrOverBudget")
	}
	// Seeds of a replicated run: each row n times over, and so what is left.
	if got := est.Times(3).Left(Done(map[string]int{"debate": 40})); math.Abs(got-(3*2.4*80/120+0.03)) > 1e-9 {
		t.Errorf("three seeds, 40 debates done: $%v left; want $%v", got, 3*2.4*80/120+0.03)
	}
}

func TestDearestEpisodeUSD(t *testing.T) {
	est := Estimate{Rows: []EstimateRow{
		{Agent: "strong", Protocol: "debate", Episodes: 40, CostUSD: 2.0},
		{Agent: "judge", Protocol: "debate", Episodes: 40, CostUSD: 0.4},
		{Agent: "judge", Protocol: "direct", Episodes: 10, CostUSD: 0.5},
		{Agent: "free", Protocol: "blind", Episodes: 0},
	}}
	// debate: $2.40 over 40 episodes, 6 cents each; direct: 5 cents.
	if got := est.DearestEpisodeUSD(); math.Abs(got-0.06) > 1e-12 {
		t.Errorf("DearestEpisodeUSD = %g; want 0.06, debate's", got)
	}
}

// TestEstimateCountsAnAgentsEpisodes: an agent's row counts the episodes
// it is called in, not its protocol's: in pointwise grading each
// exam-taker answers in its own episodes alone, the judge in all; sampled,
// the count is scaled up as the calls are.
func TestEstimateCountsAnAgentsEpisodes(t *testing.T) {
	x := mustParse(t, "grade.yaml", `name: g
seed: 1
agents:
  strong: {backend: sim, skill: 0.9}
  judge: {backend: sim}
tasks:
  - {name: q, generator: qa, n: 30}
protocols:
  - {name: grade, judge: judge, exam_takers: [strong, judge]}
`)
	// 20 of 60 episodes steps over 3 a time, 30 over 2 (the exam-takers'
	// count): a sample that kept that step would play one alone.
	for _, sample := range []int{0, 20, 30} {
		est := mustEstimate(t, x, sample, aSecondACall)
		seated := map[string]int{}
		for _, r := range est.Rows {
			seated[r.Agent] = r.Seated
			if r.Episodes != 60 {
				t.Errorf("sample %d: %s's row counts %d episodes of its protocol; want 60", sample, r.Agent, r.Episodes)
			}
		}
		if seated["strong"] != 30 || seated["judge"] != 60 {
			t.Errorf("sample %d: episodes each agent is called in: %v; want strong 30, judge 60", sample, seated)
		}
	}
}

// TestEstimateSamplesEverySweepCell: a sample smaller than a sweep's slots
// (3 judges × 2 orders) plays every slot (cell) alike: a judge sweep's
// dearest judge, whose cells come last, is priced as every episode prices
// it, not left out.
func TestEstimateSamplesEverySweepCell(t *testing.T) {
	t.Setenv("MOOT_TEST_SERVE_KEY", testKey)
	judge := func(name, in, out string) string {
		return "  " + name + ": {backend: openai, base_url: http://127.0.0.1:9/v1, model: m, api_key_env: MOOT_TEST_SERVE_KEY, price: {input: " + in + ", output: " + out + "}}\n"
	}
	x := mustParse(t, "sweep.yaml", "name: s\nseed: 3\nagents:\n"+judge("cheap", "0.15", "0.6")+judge("mid", "1", "4")+judge("dear", "15", "60")+
		"tasks:\n  - {name: qa, generator: qa, n: 6}\nprotocols:\n  - {name: direct, judge: cheap, swap: true}\n"+
		"sweep:\n  protocols.direct.judge: [cheap, mid, dear]\n")
	full := mustEstimate(t, x, 0, aSecondACall)
	sampled := mustEstimate(t, x, 4, aSecondACall)
	if r := sampled.CostUSD / full.CostUSD; r < 0.9 || r > 1.1 {
		t.Errorf("a sample of 4 of 6 slots priced $%.4f against $%.4f for every episode; want within 10%%", sampled.CostUSD, full.CostUSD)
	}
	episodes := map[string]int{}
	for _, r := range sampled.Rows {
		episodes[r.Agent] += r.Seated
	}
	for _, j := range []string{"cheap", "mid", "dear"} {
		if episodes[j] != full.Episodes/3 {
			t.Errorf("judge %s: %d episodes estimated; want %d, a third", j, episodes[j], full.Episodes/3)
		}
	}
}

// TestEstimateNamesItsFirstFailure: where several sampled episodes fail
// their dry run (a template typo every judge prompt meets), the error
// names the first sampled, in the sample's order, as documented, with the
// count of the others.
func TestEstimateNamesItsFirstFailure(t *testing.T) {
	x := loadWithTemplates(t, `{{define "judge.system"}}{{.View.Answres}}{{end}}`,
		"name: x\nseed: 3\nagents:\n  s: {backend: sim}\n  j: {backend: sim}\n"+
			"tasks:\n  - {name: q, generator: qa, n: 6}\n"+
			"protocols:\n  - {name: debate, judge: j, debaters: s, rounds: 1, prompts: t.tmpl}\n")
	est := mustEstimate(t, x, 0, aSecondACall)
	first := x.planned().At(0).ID
	if err := est.DryRunError(); est.Failed < 2 || err == nil || !strings.Contains(err.Error(), "episode "+first+":") {
		t.Errorf("%d failed, %v; want several, the first (%s) named", est.Failed, err, first)
	}
}

// TestEstimateAssumesReplyTokens: with ReplyTokens assumed, every reply
// that argues no side (the judge's verdicts) counts them, in the place of
// the sim's line; a speech still counts its word limit.
func TestEstimateAssumesReplyTokens(t *testing.T) {
	x, _ := serveSmall(t, simserver.Faults{})
	sim := mustEstimate(t, x, 0, aSecondACall)
	assumed := mustEstimate(t, x, 0, Assumed{Latency: CallTime{PerCall: time.Second}, ReplyTokens: 300})
	if assumed.ReplyTokens != 300 || len(assumed.Rows) != len(sim.Rows) {
		t.Fatalf("got %d reply tokens, %d rows; want 300 and the %d rows", assumed.ReplyTokens, len(assumed.Rows), len(sim.Rows))
	}
	judged := false
	for i, r := range assumed.Rows {
		switch {
		case r.Agent == "judge":
			judged = true
			if r.OutputTokens != 300*r.Calls || sim.Rows[i].OutputTokens >= r.OutputTokens {
				t.Errorf("judge in %s: %d output tokens over %d calls; want 300 a call (the sim's: %d in all)", r.Protocol, r.OutputTokens, r.Calls, sim.Rows[i].OutputTokens)
			}
		case r.Protocol == "debate" && r.OutputTokens != sim.Rows[i].OutputTokens:
			t.Errorf("%s in debate: %d output tokens; want its speeches' %d, as without the assumption", r.Agent, r.OutputTokens, sim.Rows[i].OutputTokens)
		}
	}
	if !judged {
		t.Fatal("no judge row")
	}
}

// TestEstimateCapsReplies: an agent whose replies are cut at max_tokens is
// counted at no more than that a call — its speeches, and its speeches as
// later prompts repeat them — while other agents' counts stay; a reply
// assumed longer (--reply-tokens) is cut too. (The plan counted speeches
// at the word limit past the cap, and a budget refused runs that fit.)
func TestEstimateCapsReplies(t *testing.T) {
	free, _ := serveSmall(t, simserver.Faults{})
	data := mustRead(t, "testdata/small-openai.yaml")
	for _, model := range []string{"strong", "judge"} {
		data = bytes.Replace(data, []byte("model: "+model+","), []byte("model: "+model+", max_tokens: 40,"), 1)
	}
	// The dry run calls no endpoint: any address will do.
	capped, err := Parse("testdata/small-openai.yaml", bytes.ReplaceAll(data, []byte("BASE_URL"), []byte("http://127.0.0.1:9/v1")))
	if err != nil {
		t.Fatal(err)
	}
	assumed := Assumed{Latency: CallTime{PerCall: time.Second}, ReplyTokens: 300}
	want := mustEstimate(t, free, 0, assumed)
	got := mustEstimate(t, capped, 0, assumed)
	for i, r := range got.Rows {
		w := want.Rows[i]
		switch r.Agent {
		case "strong", "judge":
			if r.OutputTokens != 40*r.Calls || w.OutputTokens <= r.OutputTokens {
				t.Errorf("%s in %s: %d output tokens over %d calls; want 40 a call (uncapped: %d)", r.Agent, r.Protocol, r.OutputTokens, r.Calls, w.OutputTokens)
			}
		default:
			if r.OutputTokens != w.OutputTokens {
				t.Errorf("%s in %s: %d output tokens; want %d, as uncapped", r.Agent, r.Protocol, r.OutputTokens, w.OutputTokens)
			}
		}
		if r.Agent == "judge" && r.Protocol == "debate" && r.InputTokens >= w.InputTokens {
			t.Errorf("judge in debate reads %d input tokens; want fewer than the %d of uncapped speeches", r.InputTokens, w.InputTokens)
		}
	}
}

// TestEstimateOfSimAgentsPlaysThem: a sim agent plays itself in the dry
// run, so that a sim experiment's estimate counts the calls its run makes:
// a MAD moderator with its own settings stops the debate where it will in
// the run, which a default sim in its place does not.
func TestEstimateOfSimAgentsPlaysThem(t *testing.T) {
	x := mustParse(t, "mad.yaml", `name: madplan
seed: 5
agents:
  deb: {backend: sim, skill: 0.8}
  judge: {backend: sim, skill: 0.6, diligence: 0.7}
tasks:
  - {name: qa, generator: qa, n: 40}
protocols:
  - {name: mad, judge: judge, debaters: deb, moderator: judge, rounds: 4}
`)
	est := mustEstimate(t, x, 0, Assumed{})
	planned := map[string]int64{}
	for _, r := range est.Rows {
		planned[r.Agent] += r.Calls
	}
	out := t.TempDir()
	mustRunSummarized(t, x, Options{Out: out})
	made := map[string]int64{}
	for _, ep := range readTranscripts(t, out) {
		for _, m := range ep.Messages {
			made[m.Agent]++
		}
	}
	if planned["deb"] != made["deb"] || planned["judge"] != made["judge"] {
		t.Errorf("estimated calls %v; the run made %v", planned, made)
	}
}

// TestEstimateCountsAnAskMadeAgainOnce: an ask several episodes make alike
// — an exam-taker's answer that two grade protocols and both cells of a
// sweep read, a reference that several protocols read — is sent once
// and answered from the response cache after: the estimate of every
// episode counts the calls the server gets, where it had counted each
// ask (the exam-takers' calls four times over); without the cache
// (Uncached) every ask is sent, and counted.
func TestEstimateCountsAnAskMadeAgainOnce(t *testing.T) {
	models, _ := mustLoad(t, "testdata/grade.yaml").SimModels()
	srv := simserver.New(models, simserver.Options{APIKey: testKey})
	hs := httptest.NewServer(srv)
	t.Cleanup(hs.Close)
	data := bytes.ReplaceAll(mustRead(t, "testdata/grade-openai.yaml"), []byte("BASE_URL"), []byte(hs.URL+"/v1"))
	data = append(data, "sweep:\n  protocols.grade.verify_quotes: [false, true]\n"...)
	t.Setenv("MOOT_TEST_SERVE_KEY", testKey)
	parse := func() *Experiment {
		x, err := Parse("testdata/grade-openai.yaml", data)
		if err != nil {
			t.Fatal(err)
		}
		return x
	}
	calls := func(est *Estimate) (n int64) {
		for _, r := range est.Rows {
			n += r.Calls
		}
		return n
	}
	est := mustEstimate(t, parse(), 0, aSecondACall)
	uncached, err := parse().Estimate(context.Background(), 0, Assumed{Latency: aSecondACall.Latency, Uncached: true})
	if err != nil {
		t.Fatal(err)
	}
	store := openCache(t, t.TempDir())
	mustRunSummarized(t, parse(), Options{Out: t.TempDir(), Concurrency: 4, Cache: store})
	// The calls the run sent: the cache's misses (the server's requests
	// count too the run's look at which server it is, GET /v1/models).
	_, sent := store.Counts()
	// Within a twentieth, and not below: an ask over what another agent
	// wrote is counted each time (a grader's over an answer that quoted
	// nothing is asked alike in both cells, verify_quotes false and
	// true, by the run, where the dry run's stand-in wrote otherwise).
	if d := calls(est) - sent; d < 0 || float64(d) > 0.05*float64(sent) || srv.Stats().Requests < sent {
		t.Errorf("estimated %d calls; the run sent %d (the server got %d requests)", calls(est), sent, srv.Stats().Requests)
	}
	if calls(uncached) < sent+40 {
		t.Errorf("estimated %d calls without the cache; want every ask, 40 more than the %d sent with it", calls(uncached), sent)
	}
	// Sampled, the same asks are seen alike: within a tenth of the count.
	sampled := mustEstimate(t, parse(), 6, aSecondACall)
	if r := float64(calls(sampled)) / float64(sent); r < 0.9 || r > 1.1 {
		t.Errorf("a sample estimated %d calls; the run sent %d", calls(sampled), sent)
	}
	t.Logf("calls estimated %d (sampled %d, without the cache %d); sent %d", calls(est), calls(sampled), calls(uncached), sent)
}

// TestEstimateOfADebateReplayed: a sweep that changes only the judge
// plays each debate alike in every cell, and the run's cache answers the
// debaters' every turn after the first cell's; the estimate counts those
// turns once too (it had counted the debaters' calls in every cell, 80%
// above the calls sent), and a fixed seed's repeats likewise.
func TestEstimateOfADebateReplayed(t *testing.T) {
	const file = `name: judges
seed: 12
%s
agents:
%s
tasks: [{name: q, generator: qa, n: 12, difficulty: 0.6}]
protocols:
  - {name: debate, judge: judge, debaters: strong, rounds: 3}
  - {name: consultancy, judge: judge, consultant: strong, rounds: 2}
`
	sims := mustParse(t, "sims.yaml", fmt.Sprintf(file, "", `  strong: {backend: sim, skill: 0.8, deception: 0.6}
  judge: {backend: sim, skill: 0.5}
  judge-b: {backend: sim, skill: 0.6, diligence: 0.3}`))
	models, _ := sims.SimModels()
	srv := simserver.New(models, simserver.Options{APIKey: testKey})
	hs := httptest.NewServer(srv)
	t.Cleanup(hs.Close)
	t.Setenv("MOOT_TEST_SERVE_KEY", testKey)
	agent := func(name, model, extra string) string {
		return fmt.Sprintf("  %s: {backend: openai, base_url: %q, model: %s, api_key_env: MOOT_TEST_SERVE_KEY%s}", name, hs.URL+"/v1", model, extra)
	}
	for _, c := range []struct {
		name, top, agents string
		everyRound        bool
	}{
		{"a sweep of the judge's model", "sweep: {agents.judge.model: [judge, judge-b]}", agent("strong", "strong", "") + "\n" + agent("judge", "judge", ""), false},
		{"a fixed seed's repeats", "repeats: 3", agent("strong", "strong", ", seed: 42") + "\n" + agent("judge", "judge", ", seed: 42"), false},
		// An interim verdict, which no seat reads, by another judge in
		// each cell: the debaters' turns after it are asked alike still
		// (they had been counted again in each cell after the first
		// round: 480 calls estimated where the run sent 384).
		{"a sweep of the judge's model, judged every round", "sweep: {agents.judge.model: [judge, judge-b]}", agent("strong", "strong", "") + "\n" + agent("judge", "judge", ""), true},
		// A sweep of the seat itself, the judge a protocol names, plays
		// the debates alike as a sweep of the judge's model does (they
		// had been counted again in the other judge's cell: 408 calls
		// estimated where the run sent 288).
		{"a sweep of the debate's judge", "sweep: {protocols.debate.judge: [judge, judge-b], protocols.consultancy.judge: [judge, judge-b]}", agent("strong", "strong", "") + "\n" + agent("judge", "judge", "") + "\n" + agent("judge-b", "judge-b", ""), false},
		// A second axis that changes the protocols' settings builds
		// each cell a protocol of its own, and the cells of one rounds
		// and another judge play alike still (the debaters' turns
		// after the first had been counted again in each judge's cell:
		// 672 calls estimated where the run sent 504).
		{"a sweep of the judge's model and of the rounds", "sweep: {agents.judge.model: [judge, judge-b], protocols.debate.rounds: [2, 3], protocols.consultancy.rounds: [1, 2]}", agent("strong", "strong", "") + "\n" + agent("judge", "judge", ""), false},
	} {
		text := fmt.Sprintf(file, c.top, c.agents)
		if c.everyRound {
			text = strings.Replace(text, "rounds: 3}", "rounds: 3, judge_every_round: true}", 1)
		}
		est := mustEstimate(t, mustParse(t, "x.yaml", text), 0, aSecondACall)
		var calls int64
		for _, r := range est.Rows {
			calls += r.Calls
		}
		store := openCache(t, t.TempDir())
		mustRunSummarized(t, mustParse(t, "x.yaml", text), Options{Out: t.TempDir(), Concurrency: 4, Cache: store})
		if _, sent := store.Counts(); calls < sent || float64(calls) > 1.05*float64(sent) {
			t.Errorf("%s: estimated %d calls; the run sent %d", c.name, calls, sent)
		} else {
			t.Logf("%s: estimated %d calls; the run sent %d", c.name, calls, sent)
		}
	}
}

// TestPlanCommandNamesItsFlags: the plan command an estimate names has
// each flag that changed the estimate, so that it prints that estimate.
func TestPlanCommandNamesItsFlags(t *testing.T) {
	for _, tc := range []struct {
		est  Estimate
		want string
	}{
		{Estimate{}, "moot plan"},
		{Estimate{Uncached: true}, "moot plan --no-cache"},
		{Estimate{Batch: true}, "moot plan --batch"},
		{Estimate{Shard: &Shard{Index: 2, Count: 3}}, "moot plan --shard 2/3"},
		{Estimate{Replicates: 4}, "moot plan --replicates 4"},
		{Estimate{ReplyTokens: 300}, "moot plan --reply-tokens 300"},
		{Estimate{Replicates: 2, Shard: &Shard{Index: 1, Count: 2}, Batch: true, Uncached: true, ReplyTokens: 50},
			"moot plan --replicates 2 --shard 1/2 --batch --no-cache --reply-tokens 50"},
		{Estimate{File: "experiments/x.yaml", Uncached: true}, "moot plan experiments/x.yaml --no-cache"},
		{Estimate{File: "my runs/it's.yaml"}, `moot plan "my runs/it's.yaml"`},
	} {
		if got := tc.est.PlanCommand(); got != tc.want {
			t.Errorf("PlanCommand of %+v = %q; want %q", tc.est, got, tc.want)
		}
	}
}

// TestShellWordSurvivesTheShell: a path ShellWord quotes reaches a
// program as that path when a shell reads the command, whatever it holds
// (a pasted `moot plan my runs/x.yaml` named two files).
func TestShellWordSurvivesTheShell(t *testing.T) {
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("no bash")
	}
	for _, path := range []string{"plain/x.yaml", "my runs/x.yaml", "it's.yaml", `a "b".yaml`, "$HOME/x.yaml", "`date`.yaml",
		"a;b&c|d.yaml", "tab\there.yaml", "new\nline.yaml", "*.yaml", "~/x.yaml", "-x.yaml", "héllo wörld/実験.yaml", "!x.yaml",
		"--out", "-", "-n my run/x.yaml"} {
		out, err := exec.Command(bash, "-c", "printf '%s' "+ShellWord(path)).Output()
		if err != nil || filepath.Clean(string(out)) != filepath.Clean(path) {
			t.Errorf("ShellWord(%q) = %s: the shell read %q (%v)", path, ShellWord(path), out, err)
		}
		// A path that read as a flag ("moot table --out") named none.
		if strings.HasPrefix(string(out), "-") {
			t.Errorf("ShellWord(%q) = %s: the shell read %q, a flag", path, ShellWord(path), out)
		}
	}
}
