package engine

import (
	"context"
	"math"
	"testing"
	"time"

	"github.com/mootlab/moot/simserver"
)

func TestEstimateScalesSample(t *testing.T) {
	x, _ := serveSmall(t, simserver.Faults{})
	before := x.Agents[0].Agent
	full, err := x.Estimate(context.Background(), 0, CallTime{PerCall: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	if x.Agents[0].Agent != before || x.Agents[0].caller != before {
		t.Fatalf("got agent %T after the estimate; want the real one back", x.Agents[0].Agent)
	}
	sampled, err := x.Estimate(context.Background(), 5, CallTime{PerCall: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	if full.Sampled != full.Episodes || sampled.Sampled != 5*len(x.Protocols) {
		t.Errorf("got %d and %d sampled; want %d and %d", full.Sampled, sampled.Sampled, full.Episodes, 5*len(x.Protocols))
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
	tokenTimed, err := x.Estimate(context.Background(), 0, CallTime{PerCall: time.Second, PerToken: 10 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	var out int64
	for _, r := range tokenTimed.Rows {
		out += r.OutputTokens
	}
	if want := (time.Duration(calls)*time.Second + time.Duration(out)*10*time.Millisecond) / 6; out == 0 || tokenTimed.Wall != want {
		t.Errorf("got wall %s with 10ms a token over %d output tokens; want %s", tokenTimed.Wall, out, want)
	}
	if err := full.OverBudget(full.CostUSD/2, 0, 0); err == nil {
		t.Error("got no error over budget; want ErrOverBudget")
	}
	if err := full.OverBudget(0, 0, 0); err != nil {
		t.Errorf("got %v with no budget; want nil", err)
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
	x, err := Parse("grade.yaml", []byte(`name: g
seed: 1
agents:
  strong: {backend: sim, skill: 0.9}
  judge: {backend: sim}
tasks:
  - {name: q, generator: qa, n: 30}
protocols:
  - {name: grade, judge: judge, exam_takers: [strong, judge]}
`))
	if err != nil {
		t.Fatal(err)
	}
	// 20 of 60 episodes steps over 3 a time, 30 over 2 (the exam-takers'
	// count): a sample that kept that step would play one alone.
	for _, sample := range []int{0, 20, 30} {
		est, err := x.Estimate(context.Background(), sample, CallTime{PerCall: time.Second})
		if err != nil {
			t.Fatal(err)
		}
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
