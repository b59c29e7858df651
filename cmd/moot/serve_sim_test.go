package main

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/mootlab/moot/internal/syncbuf"
)

func TestServeSimBadInput(t *testing.T) {
	bad := filepath.Join(t.TempDir(), "bad.yaml")
	writeFile(t, bad, []byte("name: t\nagents:\n  a: {backend: sim, skil: 1}\n"))
	t.Setenv("MOOT_TEST_EMPTY_KEY", "")
	tests := []struct {
		name string
		args []string
		want string // in stderr
	}{
		{"all interfaces", []string{"--addr", ":0"}, "not a loopback address"},
		{"a public address", []string{"--addr", "0.0.0.0:0"}, "--public"},
		{"a host name", []string{"--addr", "example.com:8089"}, "not a loopback address"},
		{"no port", []string{"--addr", "127.0.0.1"}, "--addr"},
		{"a bad experiment", []string{"--addr", "127.0.0.1:0", "--experiment", bad}, bad + ":3: agents.a.skil: unknown field"},
		{"a missing experiment", []string{"--addr", "127.0.0.1:0", "--experiment", filepath.Join(t.TempDir(), "none.yaml")}, "none.yaml"},
		{"a rate over 1", []string{"--addr", "127.0.0.1:0", "--drop", "1.5"}, "drop rate 1.5"},
		{"rates adding up over 1", []string{"--addr", "127.0.0.1:0", "--drop", "0.6", "--slow", "0.6"}, "add up to"},
		{"a model setting out of range", []string{"--addr", "127.0.0.1:0", "--model", "x={skill: 2}"}, "skill"},
		{"an unknown model setting", []string{"--addr", "127.0.0.1:0", "--model", "x=skil: 0.5"}, "skil"},
		// As an experiment file's agent: the field named, the known ones
		// listed, no Go type ("field skil not found in type sim.Settings",
		// "cannot unmarshal !!str `high` into float64" before 2026-12-05).
		{"a model setting misspelt", []string{"--addr", "127.0.0.1:0", "--model", "x={skil: 0.5}"}, "--model x={skil: 0.5}: skil: unknown field (known: bluff, deception, diligence,"},
		{"a model setting of the wrong type", []string{"--addr", "127.0.0.1:0", "--model", "x={skill: high}"}, "--model x={skill: high}: skill: want a number, got `high`"},
		{"a model without a name", []string{"--addr", "127.0.0.1:0", "--model", "={skill: 0.5}"}, "NAME=SETTINGS"},
		{"a model given twice", []string{"--addr", "127.0.0.1:0", "--model", "x=", "--model", "x={skill: 1}"}, "already served"},
		{"an empty key variable", []string{"--addr", "127.0.0.1:0", "--api-key-env", "MOOT_TEST_EMPTY_KEY"}, "MOOT_TEST_EMPTY_KEY"},
		{"an argument", []string{"--addr", "127.0.0.1:0", "extra"}, "accepts 0 arg"},
		{"a batch failure rate over 1", []string{"--addr", "127.0.0.1:0", "--batch-fail", "1.5"}, "batch failure rate 1.5"},
		{"batches to expire below 0", []string{"--addr", "127.0.0.1:0", "--batch-expire", "-1"}, "--batch-expire must not be negative, got -1"},
		{"batches to hold below 0", []string{"--addr", "127.0.0.1:0", "--batch-hold", "-1"}, "--batch-hold must not be negative, got -1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, errOut := moot(t, append([]string{"serve-sim"}, tt.args...)...)
			if code != exitBadInput {
				t.Errorf("exit %d; want %d; stderr:\n%s", code, exitBadInput, errOut)
			}
			if !strings.Contains(errOut, tt.want) {
				t.Errorf("stderr %q; want it to mention %q", errOut, tt.want)
			}
		})
	}
}

var servingLine = regexp.MustCompile(`serving (\d+) models on (http://127\.0\.0\.1:\d+/v1)`)

// TestServeSimServes starts the command, lists its models, refuses a
// request addressed to another host, and stops it as Ctrl-C does.
func TestServeSimServes(t *testing.T) {
	t.Setenv("MOOT_TEST_SIM_KEY", "sk-serve-sim-test")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	stdout, stderr := new(syncbuf.Buffer), new(syncbuf.Buffer)
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, []string{"serve-sim", "--addr", "127.0.0.1:0", "--experiment", small,
			"--model", "extra={skill: 0.9, deception: 0.1}", "--api-key-env", "MOOT_TEST_SIM_KEY", "--rate-limit", "0"}, stdout, stderr)
	}()
	var base string
	for deadline := time.Now().Add(10 * time.Second); base == ""; time.Sleep(10 * time.Millisecond) {
		select {
		case code := <-done:
			t.Fatalf("serve-sim exited %d before serving; stderr:\n%s", code, stderr.String())
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("no serving line after 10s; stderr:\n%s", stderr.String())
		}
		if m := servingLine.FindStringSubmatch(stderr.String()); m != nil {
			if m[1] != "5" {
				t.Errorf("serving %s models; want 5 (3 agents of %s, extra and sim)", m[1], small)
			}
			base = m[2]
		}
	}

	req, _ := http.NewRequest(http.MethodGet, base+"/models", nil)
	req.Header.Set("Authorization", "Bearer sk-serve-sim-test")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var list struct {
		Data []struct{ ID string } `json:"data"`
	}
	err = json.NewDecoder(resp.Body).Decode(&list)
	resp.Body.Close()
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("GET /v1/models: status %d, %v", resp.StatusCode, err)
	}
	var ids []string
	for _, m := range list.Data {
		ids = append(ids, m.ID)
	}
	if got, want := strings.Join(ids, ","), "extra,judge,sim,sly,strong"; got != want {
		t.Errorf("models %s; want %s", got, want)
	}
	if resp, err := http.Get(base + "/models"); err != nil || resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("GET /v1/models without the key: %v; want 401", err)
	} else {
		resp.Body.Close()
	}
	// On loopback it answers only requests that name a loopback host: a
	// page on a site whose name is pointed at 127.0.0.1 (DNS rebinding)
	// reaches the port, but its requests name the site.
	port := strings.TrimSuffix(base[strings.LastIndex(base, ":")+1:], "/v1")
	for _, tt := range []struct {
		host string
		want int
	}{{"rebind.example:" + port, http.StatusForbidden}, {"localhost:" + port, http.StatusOK}} {
		req, _ := http.NewRequest(http.MethodGet, base+"/models", nil)
		req.Host = tt.host
		req.Header.Set("Authorization", "Bearer sk-serve-sim-test")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != tt.want {
			t.Errorf("GET /v1/models with Host %s: got %d %s; want %d", tt.host, resp.StatusCode, body, tt.want)
		} else if tt.want == http.StatusForbidden && !strings.Contains(string(body), "loopback") {
			t.Errorf("GET /v1/models with Host %s: got %q; want it to say that it answers on loopback only", tt.host, body)
		}
	}

	cancel()
	select {
	case code := <-done:
		if code != exitOK {
			t.Errorf("exit %d after Ctrl-C; want 0; stderr:\n%s", code, stderr.String())
		}
	case <-time.After(10 * time.Second):
		t.Fatal("serve-sim did not stop within 10s of Ctrl-C")
	}
	if out := stderr.String(); !strings.Contains(out, "simserver: stopped") || !strings.Contains(out, "stats.requests=0") {
		t.Errorf("stderr %q; want a summary when stopped", out)
	}
	if strings.Contains(stderr.String(), "sk-serve-sim-test") {
		t.Error("stderr shows the API key")
	}
}
