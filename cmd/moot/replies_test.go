package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
)

// completions serves chat completions on 127.0.0.1 until the test ends,
// the n-th call (from 1) answered with body(n), and 404 elsewhere; it
// returns an experiment file whose one judge, j (an openai agent of model
// m, settings the agent's further YAML keys), judges 8 questions alone.
func completions(t *testing.T, settings string, body func(n int64) string) string {
	t.Helper()
	var calls atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if r.URL.Path != "/v1/chat/completions" {
			w.WriteHeader(http.StatusNotFound)
			return
		}
		fmt.Fprint(w, body(calls.Add(1)))
	}))
	t.Cleanup(srv.Close)
	file := filepath.Join(t.TempDir(), "replies.yaml")
	yaml := fmt.Sprintf("name: replies\nagents:\n  j: {backend: openai, base_url: %s/v1, model: m, %s}\ntasks:\n  - {name: q, generator: qa, n: 8}\nprotocols:\n  - {name: direct, judge: j}\n", srv.URL, settings)
	writeFile(t, file, []byte(yaml))
	return file
}

// TestServedModelsAreKept: a router that answers the model asked for
// ("m") with one of two models, as a fallback would. Each message keeps
// the model the reply named (served_model), the summary counts the
// judge's messages by it, and the run warns that its numbers mix models;
// a replay from the response cache keeps the names. Before, the reply's
// model was read nowhere, and such a run said nothing.
func TestServedModelsAreKept(t *testing.T) {
	file := completions(t, "logprobs: false", func(n int64) string {
		model := "m-2026-01-01"
		if n%4 == 0 {
			model = "fallback-small"
		}
		return fmt.Sprintf(`{"model":%q,"choices":[{"index":0,"message":{"role":"assistant","content":"Answer: A"},"finish_reason":"stop"}],"usage":{"prompt_tokens":10,"completion_tokens":3}}`, model)
	})
	cacheDir := t.TempDir()
	for _, run := range []string{"live", "replayed"} {
		out := filepath.Join(t.TempDir(), run)
		code, _, errOut := moot(t, "run", file, "--out", out, "--cache", cacheDir)
		if code != exitOK {
			t.Fatalf("%s: exit %d:\n%s", run, code, errOut)
		}
		want := "warning: agent j: its answers came from 2 models, as the server named them: fallback-small (2), m-2026-01-01 (6)"
		if !strings.Contains(errOut, want) {
			t.Errorf("%s: stderr lacks %q:\n%s", run, want, errOut)
		}
		s := readSummary(t, out)
		if got := s.Usage.ServedModels["j"]; len(got) != 2 || got["m-2026-01-01"] != 6 || got["fallback-small"] != 2 {
			t.Errorf("%s: served models %v; want m-2026-01-01 6, fallback-small 2", run, s.Usage.ServedModels)
		}
		if u := s.Usage.ByAgent["j"]; run == "replayed" && u.CachedCalls != 8 {
			t.Errorf("replayed: %d of %d calls from the cache; want all 8", u.CachedCalls, u.Calls)
		}
		for _, ep := range readRecords(t, out) {
			for _, m := range ep.Messages {
				if m.ServedModel != "m-2026-01-01" && m.ServedModel != "fallback-small" {
					t.Errorf("%s: question %s: served model %q; want the reply's", run, ep.QuestionID, m.ServedModel)
				}
			}
		}
	}
}

// TestVerdictsWithoutProbabilityAreSaid: a server that sends the
// log-probabilities of the verdict's letter for half the judge's calls
// only. The run warns that the calibration covers those alone, and the
// table's ECE says over how many verdicts it is, where both passed it
// for the cell's.
func TestVerdictsWithoutProbabilityAreSaid(t *testing.T) {
	file := completions(t, "concurrency: 1", func(n int64) string {
		logprobs := "null"
		if n%2 == 0 {
			logprobs = `{"content":[{"token":"Answer","logprob":0,"top_logprobs":[]},{"token":":","logprob":0,"top_logprobs":[]},{"token":" A","logprob":-0.223,"top_logprobs":[{"token":" A","logprob":-0.223},{"token":" B","logprob":-1.609}]}]}`
		}
		return fmt.Sprintf(`{"model":"m","choices":[{"index":0,"message":{"role":"assistant","content":"Answer: A"},"logprobs":%s,"finish_reason":"stop"}],"usage":{"prompt_tokens":10,"completion_tokens":3}}`, logprobs)
	})
	out := filepath.Join(t.TempDir(), "run")
	code, stdout, errOut := moot(t, "run", file, "--out", out, "--no-cache")
	if code != exitOK {
		t.Fatalf("exit %d:\n%s", code, errOut)
	}
	s := readSummary(t, out)
	k := s.Cells[0].Calibration
	if k == nil || k.N != 4 || s.Cells[0].N != 8 {
		t.Fatalf("cell %+v; want 8 verdicts, 4 with a probability", s.Cells[0])
	}
	if want := "warning: judge j: 4 of its 8 parsed verdicts came without a probability"; !strings.Contains(errOut, want) {
		t.Errorf("stderr lacks %q:\n%s", want, errOut)
	}
	if want := "(4 of 8 verdicts)"; !strings.Contains(stdout, want) {
		t.Errorf("the table lacks %q:\n%s", want, stdout)
	}
}
