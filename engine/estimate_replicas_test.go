package engine

import "testing"

// TestEstimateSplitsReplicas: a debater's list of two replicas, one of
// which the judge names alone, is timed as two endpoints — the debater's
// calls shared between them by their limits, the judge's on its URL —
// not as a third endpoint named by the list (moot plan had listed the
// list apart, and timed the URL the judge shares without the debater's
// calls on it).
func TestEstimateSplitsReplicas(t *testing.T) {
	t.Setenv("MOOT_TEST_SERVE_KEY", testKey)
	const a, b = "http://127.0.0.1:9/v1", "http://127.0.0.1:10/v1"
	x := mustParse(t, "replicas.yaml", "name: r\nseed: 3\nagents:\n"+
		"  strong: {backend: openai, base_url: ["+a+", "+b+"], concurrency: 6, model: m, api_key_env: MOOT_TEST_SERVE_KEY}\n"+
		"  judge: {backend: openai, base_url: "+b+", concurrency: 2, model: m, api_key_env: MOOT_TEST_SERVE_KEY}\n"+
		"tasks:\n  - {name: qa, generator: qa, n: 6}\nprotocols:\n  - {name: debate, debaters: [strong], judge: judge, rounds: 2}\n")
	est := mustEstimate(t, x, 0, aSecondACall)
	calls := map[string]int64{}
	for _, r := range est.Rows {
		calls[r.Agent] += r.Calls
	}
	if calls["strong"] == 0 || calls["judge"] == 0 {
		t.Fatalf("rows %+v; want calls of both agents", est.Rows)
	}
	if len(est.Endpoints) != 2 {
		t.Fatalf("endpoints %+v; want the two URLs", est.Endpoints)
	}
	// b's limit is the smaller, 2, which the judge gives: the debater's
	// calls go 6 : 2 to a and b.
	wantA := (calls["strong"]*6 + 4) / 8
	for _, e := range est.Endpoints {
		want, limit := wantA, 6
		if e.URL == b {
			want, limit = calls["strong"]-wantA+calls["judge"], 2
		}
		if d := e.Calls - want; e.Limit != limit || d < -1 || d > 1 {
			t.Errorf("endpoint %s: %d calls at limit %d; want %d (±1, rounding) at %d", e.URL, e.Calls, e.Limit, want, limit)
		}
	}
	if est.Wall != est.Endpoints[0].Time || est.Endpoints[0].URL != b { // sorted by URL: ":10" first
		t.Errorf("wall %s, endpoints %+v; want the time of %s, the busier", est.Wall, est.Endpoints, b)
	}
}
