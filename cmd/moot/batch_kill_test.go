package main

import (
	"bytes"
	"errors"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/mootlab/moot/engine"
	"github.com/mootlab/moot/simserver"
)

// TestKilledBatchRunResumes kills `moot run --batch` with SIGKILL while
// a batch is pending, then runs it again: the second run waits on the
// batch the first sent instead of sending its requests again — serve-sim
// sees no custom id in two batches — and the transcripts are the live
// run's. The cache is off, so that the journal alone carries the batch.
func TestKilledBatchRunResumes(t *testing.T) {
	if testing.Short() {
		t.Skip("runs moot as a subprocess")
	}
	x, err := engine.Load("../../experiments/quickstart.yaml")
	if err != nil {
		t.Fatal(err)
	}
	models, _ := x.SimModels()
	srv := simserver.New(models, simserver.Options{Batches: simserver.BatchOptions{Delay: 1500 * time.Millisecond}})
	hs := httptest.NewServer(srv)
	defer hs.Close()
	data := mustRead(t, "../../experiments/quickstart-openai.yaml")
	for old, repl := range map[string]string{
		"http://127.0.0.1:8089/v1": hs.URL + "/v1",
		"    n: 200\n":             "    n: 8\n",
		"    backend: openai\n":    "    backend: openai\n    batch: {poll: 20ms, poll_max: 100ms, list_lag: 1s}\n",
	} {
		data = bytes.ReplaceAll(data, []byte(old), []byte(repl))
	}
	tmp := t.TempDir()
	file := filepath.Join(tmp, "qs.yaml")
	writeFile(t, file, data)
	live, dir := filepath.Join(tmp, "live"), filepath.Join(tmp, "batch")
	mootOK(t, "run", file, "--out", live, "--no-cache")

	cmd, stderr := mootProcess(t, "run", file, "--out", dir, "--batch", "--no-cache")
	done := waitFor(cmd)
	// Kill it once its second batch is created and written down.
	deadline := time.Now().Add(time.Minute)
	for {
		j, _ := os.ReadFile(filepath.Join(dir, "batches.jsonl"))
		if bytes.Count(j, []byte(`"event":"created"`)) >= 2 {
			break
		}
		select {
		case err := <-done:
			t.Fatalf("the batch run ended with %v before its second batch\n%s", err, stderr)
		default:
		}
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			<-done
			t.Fatalf("no second batch after a minute\n%s", stderr)
		}
		time.Sleep(5 * time.Millisecond)
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	var exit *exec.ExitError
	if err := <-done; !errors.As(err, &exit) || !exit.Sys().(syscall.WaitStatus).Signaled() {
		t.Fatalf("the kill did not land: the run ended with %v\n%s", err, stderr)
	}
	sent := len(srv.Batches())

	code, _, errOut := moot(t, "run", file, "--out", dir, "--batch", "--no-cache")
	if code != exitOK {
		t.Fatalf("resumed run: exit %d: %s", code, errOut)
	}
	if !strings.Contains(errOut, "an earlier run sent") {
		t.Errorf("the resumed run did not wait on the killed run's batches:\n%s", errOut)
	}
	if !strings.Contains(errOut, "episodes in flight (batch mode: the whole plan, at most 50000)") {
		t.Errorf("the run did not say that it plays the whole plan at once:\n%s", errOut)
	}
	if id, first, again, ok := srv.Repeated(); ok {
		t.Fatalf("request %s is in batch %s and again in %s", id, first, again)
	}
	// A batch's answers name their draws, the live run's none: the rest
	// is the same.
	want, _ := os.ReadFile(filepath.Join(live, "transcripts.jsonl"))
	got, _ := os.ReadFile(filepath.Join(dir, "transcripts.jsonl"))
	draws := regexp.MustCompile(`"draw":"[0-9a-f]{32}",`)
	if len(draws.FindAll(got, -1)) == 0 {
		t.Error("the batch run's answers name no draw")
	}
	if got = draws.ReplaceAll(got, nil); len(want) == 0 || !bytes.Equal(want, got) {
		t.Errorf("transcripts of the killed and resumed batch run differ from the live run's (%d and %d bytes)", len(got), len(want))
	}
	t.Logf("%d batches before the kill, %d in all", sent, len(srv.Batches()))
}
