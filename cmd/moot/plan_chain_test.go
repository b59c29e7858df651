package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestPlanCountsTheCallsInARow: moot plan says how many calls an episode
// makes one after another, and where they bound the wall time more than
// the endpoint's limit does (a pilot of a few best-of-N debates at a
// high limit), the wall time is theirs; with --batch, its note says how
// many batches that is; with --latency-per-token, whose figure is an
// estimate, they are said as a floor. It said only the endpoint's bound, 24s here,
// where the run cannot take less than its episodes' 13 calls in a row,
// 26s; and that a batch run's wall time is "the calls an episode makes
// one after another" without their number.
func TestPlanCountsTheCallsInARow(t *testing.T) {
	file := filepath.Join(t.TempDir(), "pilot.yaml")
	writeFile(t, file, []byte("name: pilot\nagents:\n"+
		"  strong: {backend: openai, base_url: \"http://"+deadAddr(t)+"/v1\", model: strong, concurrency: 32}\n"+
		"  judge: {backend: openai, base_url: \"http://"+deadAddr(t)+"/v1\", model: judge, concurrency: 32}\n"+
		"tasks:\n  - {name: qa, generator: qa, n: 4}\n"+
		"protocols:\n  - {name: debate, judge: judge, debaters: strong, best_of: 4}\n"))
	for _, tt := range []struct {
		flags []string
		want  string
	}{
		{nil, "wall time at least 26s: an episode's 13 calls one after another (those it can, at once) × 2s a call (assumed; --latency); the busiest endpoint's calls ÷ its concurrency limit take 24s"},
		{[]string{"--latency-per-token", "10ms"}, "; an episode's 13 calls one after another (those it can, at once) take at least 26s, their time to the first token"},
		{[]string{"--batch"}, "so its wall time is the calls an episode makes one after another (here at most 7) × a batch's latency"},
	} {
		code, out, errOut := moot(t, append([]string{"plan", file}, tt.flags...)...)
		if code != exitOK {
			t.Fatalf("%v: exit %d; stderr:\n%s", tt.flags, code, errOut)
		}
		if !strings.Contains(out, tt.want) {
			t.Errorf("%v: moot plan prints:\n%s\nwant %q", tt.flags, out, tt.want)
		}
	}
}

// TestPlanChainTimePastTheLongestDuration: an assumed latency so long that
// an episode's calls in a row outlast the longest duration Go counts
// (--latency 2000000h) is said as that longest, as the endpoints' time
// is, not as a negative time: converted, their product had overflowed.
func TestPlanChainTimePastTheLongestDuration(t *testing.T) {
	file := filepath.Join(t.TempDir(), "pilot.yaml")
	writeFile(t, file, []byte("name: pilot\nagents:\n"+
		"  strong: {backend: openai, base_url: \"http://"+deadAddr(t)+"/v1\", model: strong}\n"+
		"tasks:\n  - {name: qa, generator: qa, n: 1}\n"+
		"protocols:\n  - {name: debate, judge: strong, debaters: strong, best_of: 4}\n"))
	code, out, errOut := moot(t, "plan", file, "--latency", "2000000h")
	if code != exitOK {
		t.Fatalf("exit %d; stderr:\n%s", code, errOut)
	}
	if strings.Contains(out, "take -") || !strings.Contains(out, "take 2562047h47m16s") {
		t.Errorf("moot plan prints:\n%s\nwant the chain's time the longest duration, 2562047h47m16s", out)
	}
}
