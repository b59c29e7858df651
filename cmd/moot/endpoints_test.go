package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/mootlab/moot/engine"
	"github.com/mootlab/moot/simserver"
	"github.com/mootlab/moot/transcript"
)

const serveKey = "sk-moot-cmd-test-77e1"

// simEndpoint serves small.yaml's sim agents over HTTP on addr
// ("127.0.0.1:0" for any port) and returns its address and a function
// that kills it: the listener and every connection closed at once.
func simEndpoint(t *testing.T, addr string, latency time.Duration) (string, func()) {
	t.Helper()
	x, err := engine.Load(small)
	if err != nil {
		t.Fatal(err)
	}
	models, _ := x.SimModels()
	srv := simserver.New(models, simserver.Options{APIKey: serveKey, Faults: simserver.Faults{Latency: latency}})
	l, err := net.Listen("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	hs := &http.Server{Handler: srv}
	go hs.Serve(l)
	kill := func() { hs.Close() }
	t.Cleanup(kill)
	return l.Addr().String(), kill
}

// wrappedEndpoint serves small.yaml's sim agents over HTTP on a port of
// 127.0.0.1 through wrap, which may answer a request itself or hand it
// to the sim server, and returns the address.
func wrappedEndpoint(t *testing.T, wrap func(sim http.Handler) http.Handler) string {
	t.Helper()
	x, err := engine.Load(small)
	if err != nil {
		t.Fatal(err)
	}
	models, _ := x.SimModels()
	srv := simserver.New(models, simserver.Options{APIKey: serveKey})
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	hs := &http.Server{Handler: wrap(srv)}
	go hs.Serve(l)
	t.Cleanup(func() { hs.Close() })
	return l.Addr().String()
}

// openaiFile writes small-openai.yaml pointed at addr, with the model of
// the judge replaced by judgeModel if not "".
func openaiFile(t *testing.T, addr, judgeModel string) string {
	t.Helper()
	data := mustRead(t, "../../engine/testdata/small-openai.yaml")
	data = bytes.ReplaceAll(data, []byte("BASE_URL"), []byte("http://"+addr+"/v1"))
	if judgeModel != "" {
		data = bytes.Replace(data, []byte("model: judge"), []byte("model: "+judgeModel), 1)
	}
	t.Setenv("MOOT_TEST_SERVE_KEY", serveKey)
	file := filepath.Join(t.TempDir(), "small-openai.yaml")
	writeFile(t, file, data)
	return file
}

// smallOverHTTP is small-openai.yaml pointed at small.yaml's sim agents
// served over HTTP for the test alone (simEndpoint, openaiFile): the
// small experiment played through the OpenAI client, its cache and its
// endpoints.
func smallOverHTTP(t *testing.T) string {
	t.Helper()
	addr, _ := simEndpoint(t, "127.0.0.1:0", 0)
	return openaiFile(t, addr, "")
}

// deadAddr is an address nothing listens on.
func deadAddr(t *testing.T) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// TestPreflight: a run whose endpoint does not answer, or does not serve
// a model, exits 2 at once with one line naming the agent, URL and model,
// and writes nothing; validate --online checks the same; a run against a
// good endpoint says how many episodes it plays at once.
func TestPreflight(t *testing.T) {
	addr, _ := simEndpoint(t, "127.0.0.1:0", 0)
	dead := deadAddr(t)
	tests := []struct {
		name  string
		args  func(out string) []string
		code  int
		wants []string
	}{
		{"nothing listening", func(out string) []string {
			return []string{"run", openaiFile(t, dead, ""), "--out", out, "--no-cache"}
		}, exitBadInput, []string{"preflight: agent", "http://" + dead + "/v1 model", "cannot reach the server"}},
		{"validate --online, nothing listening", func(string) []string {
			return []string{"validate", "--online", openaiFile(t, dead, "")}
		}, exitBadInput, []string{"preflight: agent", "cannot reach the server"}},
		{"a model not served", func(out string) []string {
			return []string{"run", openaiFile(t, addr, "gpt-nope"), "--out", out, "--no-cache"}
		}, exitBadInput, []string{"agent judge: http://" + addr + "/v1 model gpt-nope: the server does not list the model"}},
		{"serve-sim", func(out string) []string {
			return []string{"run", openaiFile(t, addr, ""), "--out", out, "--no-cache"}
		}, exitOK, []string{"episodes in flight", "http://" + addr + "/v1: 6 calls at once", "0 failed"}},
		{"validate --online, serve-sim", func(string) []string {
			return []string{"validate", "--online", openaiFile(t, addr, "")}
		}, exitOK, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "run")
			start := time.Now()
			code, _, errOut := moot(t, tt.args(out)...)
			if took := time.Since(start); code != tt.code || tt.code != exitOK && took > 10*time.Second {
				t.Fatalf("exit %d after %s; want %d within 10s; stderr:\n%s", code, took, tt.code, errOut)
			}
			for _, want := range tt.wants {
				if !strings.Contains(errOut, want) {
					t.Errorf("stderr lacks %q:\n%s", want, errOut)
				}
			}
			if tt.code != exitOK {
				if n := strings.Count(strings.TrimSpace(errOut), "\n"); n != 0 {
					t.Errorf("stderr has %d lines; want one:\n%s", n+1, errOut)
				}
				if _, err := os.Stat(out); !os.IsNotExist(err) {
					t.Errorf("a failed preflight created %s", out)
				}
			}
		})
	}
}

// TestEndpointDownStopsTheRun kills serve-sim under a run: the run stops
// within 60 s with exit 1, naming the cause, and keeps its finished
// episodes; once serve-sim is back, a rerun completes with the transcripts
// of a run never interrupted.
func TestEndpointDownStopsTheRun(t *testing.T) {
	if testing.Short() {
		t.Skip("runs moot as a subprocess")
	}
	addr, kill := simEndpoint(t, "127.0.0.1:0", 20*time.Millisecond)
	file := openaiFile(t, addr, "")
	ref := filepath.Join(t.TempDir(), "ref")
	mootOK(t, "run", file, "--out", ref, "--no-cache")
	want := readRecords(t, ref)

	dir := filepath.Join(t.TempDir(), "run")
	cmd, stderr := mootProcess(t, "run", file, "--out", dir, "--no-cache", "--concurrency", "2")
	done := waitFor(cmd)
	runUnderWay(t, cmd, done, stderr, dir, len(want)/4, "the run")
	kill()
	killed := time.Now()
	var err error
	select {
	case err = <-done:
	case <-time.After(70 * time.Second):
		cmd.Process.Kill()
		t.Fatalf("the run went on %s after serve-sim died\n%s", time.Since(killed), stderr)
	}
	took := time.Since(killed)
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != exitFailed || took > 60*time.Second {
		t.Fatalf("after serve-sim died: %v after %s; want exit %d within 60s\n%s", err, took, exitFailed, stderr)
	}
	t.Logf("stopped %s after serve-sim died", took.Round(time.Millisecond))
	for _, w := range []string{"endpoint down: agent", "connection refused", "failed, ", "; last error: "} {
		if !strings.Contains(stderr.String(), w) {
			t.Errorf("stderr lacks %q:\n%s", w, stderr)
		}
	}
	// Every call attempted is answered, failed, or cut short by the stop.
	if m := regexp.MustCompile(`(\d+) calls attempted: (\d+) answered \(\d+ cached\), (\d+) failed(?:, (\d+) cut short by the stop)?,`).FindStringSubmatch(stderr.String()); m == nil {
		t.Errorf("no count of the calls in stderr:\n%s", stderr)
	} else if n := func(s string) int { v, _ := strconv.Atoi(s); return v }; n(m[1]) != n(m[2])+n(m[3])+n(m[4]) {
		t.Errorf("%s: the calls attempted are not those answered, failed and cut short", m[0])
	}
	kept := 0
	for _, ep := range readRecords(t, dir) {
		if ep.Error == "" {
			kept++
		}
	}
	if kept < len(want)/4 {
		t.Errorf("%d finished episodes kept; want at least the %d written before the kill", kept, len(want)/4)
	}

	simEndpoint(t, addr, 0) // back on the same address
	if code, _, errOut := moot(t, "run", file, "--out", dir, "--no-cache"); code != exitOK || !strings.Contains(errOut, "resuming ") {
		t.Fatalf("rerun: exit %d; want 0, resumed: %s", code, errOut)
	}
	got := readRecords(t, dir)
	if len(got) != len(want) {
		t.Fatalf("%d episodes after the rerun; want %d", len(got), len(want))
	}
	for i := range want {
		a, _ := json.Marshal(want[i])
		b, _ := json.Marshal(got[i])
		if !bytes.Equal(a, b) {
			t.Fatalf("episode %d after the rerun:\n%s\nwant\n%s", i, b, a)
		}
	}
}

// readRecords reads a run's transcripts, with each message's retries
// zeroed: how often a call was retried is no part of what was said.
func readRecords(t *testing.T, dir string) []transcript.Episode {
	t.Helper()
	eps, err := transcript.ReadFile(filepath.Join(dir, "transcripts.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	for i := range eps {
		for j := range eps[i].Messages {
			eps[i].Messages[j].Retries = 0
		}
	}
	return eps
}

// TestOneWriterAFolder: a second run into a folder that a run is writing
// exits 2 naming its PID; once that run is killed, a rerun takes the
// folder and resumes it.
func TestOneWriterAFolder(t *testing.T) {
	file := longRunFile(t)
	dir := filepath.Join(t.TempDir(), "run")
	cmd, stderr := mootProcess(t, "run", file, "--out", dir, "--concurrency", "1")
	done := waitFor(cmd)
	runUnderWay(t, cmd, done, stderr, dir, 10, "the run")
	for _, args := range [][]string{{"run", file, "--out", dir}, {"run", file, "--out", dir, "--fresh"}} {
		code, _, errOut := moot(t, args...)
		if want := fmt.Sprintf("process %d is writing", cmd.Process.Pid); code != exitBadInput || !strings.Contains(errOut, want) {
			t.Errorf("%v while another run writes the folder: exit %d, stderr %q; want %d and %q", args, code, errOut, exitBadInput, want)
		}
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	<-done
	code, _, errOut := moot(t, "run", file, "--out", dir)
	if code != exitOK || !strings.Contains(errOut, "resuming ") {
		t.Fatalf("run after the kill: exit %d; want 0, resumed: %s", code, errOut)
	}
	// Said before play, not after the table.
	if strings.Index(errOut, "resuming ") > strings.Index(errOut, " calls attempted") {
		t.Errorf("the resume is announced after the run's last line:\n%s", errOut)
	}
}

// TestStrictVerdicts: a judge whose answers never parse gives a warning
// in the terminal and summary.json, and exit 1 under --strict-verdicts.
// Its server has no model list: the preflight asks for one token instead.
func TestStrictVerdicts(t *testing.T) {
	file := unparsedJudgeFile(t, "")
	for _, tt := range []struct {
		flags []string
		code  int
	}{{nil, exitOK}, {[]string{"--strict-verdicts"}, exitFailed}} {
		out := filepath.Join(t.TempDir(), "run")
		code, _, errOut := moot(t, append([]string{"run", file, "--out", out, "--no-cache"}, tt.flags...)...)
		if code != tt.code || !strings.Contains(errOut, "warning: judge j left 3 of 3 verdicts unparsed") {
			t.Errorf("%v: exit %d; want %d and the warning:\n%s", tt.flags, code, tt.code, errOut)
		}
		// The server counts no tokens: its usage is {}.
		if s := readSummary(t, out); len(s.Warnings) != 2 || s.Warnings[0].Kind != "unparsed_verdicts" || s.Warnings[1].Kind != "estimated_usage" {
			t.Errorf("%v: summary.json warnings %+v; want one of unparsed verdicts, then one of estimated usage", tt.flags, s.Warnings)
		}
	}
}

// TestUsageTheServerDoesNotCount: a server that sends no usage and cuts
// every answer at its token limit. The tokens are estimated and priced,
// so budget_usd still stops the run; the transcripts mark each estimate
// and each cut answer, and the summary and the terminal warn of both.
func TestUsageTheServerDoesNotCount(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if r.URL.Path != "/v1/chat/completions" {
			w.WriteHeader(http.StatusNotFound)
			return
		}
		fmt.Fprint(w, `{"choices":[{"index":0,"message":{"role":"assistant","content":"Answer: A"},"finish_reason":"length"}]}`)
	}))
	defer srv.Close()
	file := filepath.Join(t.TempDir(), "uncounted.yaml")
	// A million tokens cost $1000 each way: a call of some 50 tokens in
	// costs about 5 cents, and the budget of 10 cents stops the run after
	// an episode or two of the ten.
	yaml := fmt.Sprintf("name: uncounted\nbudget_usd: 0.10\nagents:\n  j: {backend: openai, base_url: %s/v1, model: m, logprobs: false, price: {input: 1000, output: 1000}}\ntasks:\n  - {name: q, generator: qa, n: 10}\nprotocols:\n  - {name: direct, judge: j}\n", srv.URL)
	writeFile(t, file, []byte(yaml))
	out := filepath.Join(t.TempDir(), "run")
	code, _, errOut := moot(t, "run", file, "--out", out, "--no-cache", "--over-budget")
	if code == exitOK || !strings.Contains(errOut, "budget of $0.1 reached") {
		t.Fatalf("exit %d; want the budget to stop the run:\n%s", code, errOut)
	}
	for _, want := range []string{"warning: agent j: ", "got no token counts from the server", "were cut short, at its token limit"} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errOut)
		}
	}
	s := readSummary(t, out)
	u := s.Usage.ByAgent["j"]
	if s.Episodes == 0 || s.Episodes >= 10 || u.Calls == 0 || u.EstimatedCalls != u.Calls || u.TruncatedCalls != u.Calls || u.CostUSD <= 0 || u.InputTokens == 0 {
		t.Errorf("%d episodes, usage %+v; want some of the 10 played, every call estimated and cut, and a cost", s.Episodes, u)
	}
	eps := readRecords(t, out)
	for _, ep := range eps {
		for _, m := range ep.Messages {
			if !m.Usage.Estimated || !m.Truncated || m.CostUSD <= 0 {
				t.Errorf("question %s message %s: usage %+v, truncated %v, cost %g; want an estimate, cut, priced", ep.QuestionID, m.Name, m.Usage, m.Truncated, m.CostUSD)
			}
		}
	}
}

// TestHangingEndpointStopsTheRun: a server that takes calls and never
// answers opens the breaker once the judge's short time-outs add up; the
// run stops, and the strong agent's calls in flight — whose time-out is a
// minute, with retries that would each probe the server again — are cut
// short after --grace, not waited out (7 minutes each before).
func TestHangingEndpointStopsTheRun(t *testing.T) {
	if testing.Short() {
		t.Skip("waits for time-outs")
	}
	ended := make(chan struct{})
	hang := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet {
			w.Header().Set("Content-Type", "application/json")
			fmt.Fprint(w, `{"object":"list","data":[{"id":"strong"},{"id":"sly"},{"id":"judge"}]}`)
			return
		}
		io.Copy(io.Discard, r.Body)
		select {
		case <-r.Context().Done():
		case <-ended:
		}
	}))
	defer hang.Close()
	defer close(ended)
	file := openaiFile(t, strings.TrimPrefix(hang.URL, "http://"), "")
	data := mustRead(t, file)
	// Room at the endpoint for every call, so that the judge's are not
	// kept waiting behind the strong agent's.
	s := string(data)
	for _, r := range []struct {
		old, new string
		n        int
	}{
		{"concurrency: 6, ", "", 1},
		{"max_retries: 30", "max_retries: 6, timeout: 60s, concurrency: 16", 3},
		{"model: judge, api_key_env: MOOT_TEST_SERVE_KEY, backoff: 5ms, max_retries: 6, timeout: 60s", "model: judge, api_key_env: MOOT_TEST_SERVE_KEY, backoff: 5ms, max_retries: 6, timeout: 500ms", 1},
		// The strong agent's calls are in flight when the judge's fail.
		{"protocols:\n", "protocols:\n  - {name: consultancy, label: first, judge: judge, consultant: strong}\n", 1},
	} {
		if got := strings.Count(s, r.old); got != r.n {
			t.Fatalf("small-openai.yaml has %q %d times; the test edits it where it has it %d", r.old, got, r.n)
		}
		s = strings.ReplaceAll(s, r.old, r.new)
	}
	writeFile(t, file, []byte(s))
	type result struct {
		code   int
		stderr string
	}
	done := make(chan result, 1)
	start := time.Now()
	go func() {
		code, _, errOut := moot(t, "run", file, "--out", filepath.Join(t.TempDir(), "run"), "--no-cache", "--concurrency", "8", "--grace", "1s")
		done <- result{code, errOut}
	}()
	select {
	case r := <-done:
		if r.code != exitFailed || !strings.Contains(r.stderr, "endpoint down: agent") || !strings.Contains(r.stderr, "cut short by the stop") ||
			!strings.Contains(r.stderr, "1s for the episodes in flight, then they are cut short") {
			t.Fatalf("exit %d; want %d, the endpoint down and calls cut short:\n%s", r.code, exitFailed, r.stderr)
		}
		t.Logf("stopped after %s", time.Since(start).Round(time.Millisecond))
	case <-time.After(45 * time.Second):
		t.Fatal("the run still waits on the hanging server after 45s")
	}
}
