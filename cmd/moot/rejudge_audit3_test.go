package main

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/mootlab/moot/agents/openai"
	"github.com/mootlab/moot/engine"
	"github.com/mootlab/moot/simserver"
)

// TestRejudgeFailingOnceExitsOne: a rejudge whose judge fails on one
// episode alone, fewer than max_failures allows, judges the others and
// still exits 1 (README: exit 1, the run failed; rejudge says the judge
// "failed on 1 of the N episodes it judged").
func TestRejudgeFailingOnceExitsOne(t *testing.T) {
	openai.ForgetEndpoints()
	t.Cleanup(openai.ForgetEndpoints)
	run := filepath.Join(t.TempDir(), "run")
	runSmall(t, run)
	x, err := engine.Load(small)
	if err != nil {
		t.Fatal(err)
	}
	models, _ := x.SimModels()
	sim := simserver.New(models, simserver.Options{APIKey: serveKey})
	var calls atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/chat/completions") && calls.Add(1) == 1 {
			http.Error(w, `{"error":{"message":"model not loaded"}}`, http.StatusBadRequest)
			return
		}
		sim.ServeHTTP(w, r)
	}))
	defer srv.Close()
	t.Setenv("MOOT_TEST_SERVE_KEY", serveKey)
	file := filepath.Join(t.TempDir(), "once.yaml")
	agent := "agents:\n  once: {backend: openai, base_url: " + srv.URL + "/v1, model: judge, api_key_env: MOOT_TEST_SERVE_KEY, max_retries: 0}\n"
	writeFile(t, file, bytes.Replace(mustRead(t, small), []byte("agents:\n"), []byte(agent), 1))
	code, _, errOut := moot(t, "rejudge", run, "--judge", "once", "--experiment", file, "--out", filepath.Join(t.TempDir(), "once"), "--no-preflight", "--no-cache")
	n := readSummary(t, run).Episodes
	if want := "once failed on 1 of the " + strconv.Itoa(n) + " episodes it judged"; code != exitFailed || !strings.Contains(errOut, want) {
		t.Errorf("rejudge whose judge failed once: exit %d; want %d and %q; stderr:\n%s", code, exitFailed, want, errOut)
	}
}
