package engine

import (
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/mootlab/moot/simserver"
)

// TestBestOfOverHTTPMatchesSim: best-of-N debate, scored by the debater
// itself or by the judge, plays through the openai backend against
// serve-sim as it plays in process — the same candidates kept, messages
// and verdicts. A scorer's calls had not asked for log-probabilities, so
// over HTTP it scored by its vote alone and kept other candidates (105 of
// 180 episodes' texts, 17 verdicts, in a trial).
func TestBestOfOverHTTPMatchesSim(t *testing.T) {
	if testing.Short() {
		t.Skip("plays an experiment over HTTP")
	}
	const rest = "tasks:\n  - {name: qa, generator: qa, n: 8, difficulty: 0.7}\nprotocols:\n" +
		"  - {name: debate, label: bo3, judge: judge, debaters: strong, best_of: 3}\n" +
		"  - {name: debate, label: bo3-judge-scores, judge: judge, debaters: strong, best_of: 3, scorer: judge}\n"
	sim := mustParse(t, "bo.yaml", "name: bo\nseed: 5\nagents:\n"+
		"  strong: {backend: sim, skill: 0.7, deception: 0.8}\n"+
		"  judge: {backend: sim, skill: 0.5, diligence: 0.2, trust_unverified: 0.3, position_bias: 0.3}\n"+rest)
	simDir := t.TempDir()
	mustRunSummarized(t, sim, Options{Out: simDir, Concurrency: 4})
	want := readTranscripts(t, simDir)

	models, _ := sim.SimModels()
	hs := httptest.NewServer(simserver.New(models, simserver.Options{}))
	t.Cleanup(hs.Close)
	agent := func(name string) string {
		return "  " + name + ": {backend: openai, base_url: " + hs.URL + "/v1, model: " + name + ", concurrency: 8}\n"
	}
	x := mustParse(t, "bo.yaml", "name: bo\nseed: 5\nagents:\n"+agent("strong")+agent("judge")+rest)
	out := t.TempDir()
	mustRunSummarized(t, x, Options{Out: out, Concurrency: 8})
	got := readTranscripts(t, out)
	if len(got) != len(want) || !strings.Contains(want[0].Protocol, "bo3") {
		t.Fatalf("%d episodes over HTTP, %d in process; want the same, of best-of-3", len(got), len(want))
	}
	for i := range want {
		sameEpisode(t, want[i], got[i])
	}
}
