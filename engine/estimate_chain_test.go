package engine

import (
	"fmt"
	"testing"
)

// TestEstimateCountsTheCallsInARow: the estimate counts the calls to
// endpoints that an episode makes one after another, where the run asks
// at once what it can — a simultaneous round's two speakers, a best-of-N
// turn's candidates and then their ratings (live, each set after its
// first alone; in batch mode, all at once) —, the most of any episode: ×
// a call's latency, a bound on the run's wall time; in batch mode, the
// batches in a row. A sim agent's calls, which wait on nothing, are not
// counted.
func TestEstimateCountsTheCallsInARow(t *testing.T) {
	const agents = "agents:\n" +
		"  d: {backend: openai, base_url: http://127.0.0.1:9/v1, model: debater%s}\n" +
		"  j: {backend: openai, base_url: http://127.0.0.1:9/v1, model: judge%s}\n" +
		"  s: {backend: sim}\n"
	const batch = ", mode: batch"
	for _, tt := range []struct {
		name, protocol, mode string
		want                 int
	}{
		{"the judge alone", "{name: direct, judge: j}", "", 1},
		{"a 3-round debate, simultaneous", "{name: debate, judge: j, debaters: d}", "", 3 + 1},
		{"a sim judge", "{name: debate, judge: s, debaters: d}", "", 3},
		{"in turn", "{name: debate, judge: j, debaters: d, turns: sequential}", "", 2*3 + 1},
		{"best-of-3, live", "{name: debate, judge: j, debaters: d, best_of: 3}", "", 3*4 + 1},
		{"best-of-3, in batch mode", "{name: debate, judge: j, debaters: d, best_of: 3}", batch, 3*2 + 1},
		{"best-of-3 in turn, live", "{name: debate, judge: j, debaters: d, best_of: 3, turns: sequential}", "", 2*3*4 + 1},
		{"a judge after every round", "{name: debate, judge: j, debaters: d, judge_every_round: true}", "", 3 + 2 + 1},
		{"consultancy", "{name: consultancy, judge: j, consultant: d}", "", 3 + 1},
	} {
		t.Run(tt.name, func(t *testing.T) {
			x := mustParse(t, "chain.yaml", "name: chain\n"+fmt.Sprintf(agents, tt.mode, tt.mode)+
				"tasks:\n  - {name: q, generator: qa, n: 4}\nprotocols:\n  - "+tt.protocol+"\n")
			if est := mustEstimate(t, x, 0, aSecondACall); est.Chain != tt.want {
				t.Errorf("%d calls in a row; want %d", est.Chain, tt.want)
			}
		})
	}
}
