package engine

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/mootlab/moot/agents"
	"github.com/mootlab/moot/simserver"
)

// serveQuickstart serves experiments/quickstart.yaml's sim agents as moot
// serve-sim does, with the batch options o, and returns the server and
// experiments/quickstart-openai.yaml pointed at it, each agent in batch
// mode (with the batch settings extra) when batched.
func serveQuickstart(t *testing.T, o simserver.BatchOptions) (*simserver.Server, func(batched bool, extra string) *Experiment) {
	t.Helper()
	models := map[string]agents.Agent{}
	for _, a := range mustLoad(t, "../experiments/quickstart.yaml").Agents {
		models[a.Name] = a.Agent
	}
	srv := simserver.New(models, simserver.Options{Batches: o})
	hs := httptest.NewServer(srv)
	t.Cleanup(hs.Close)
	data, err := os.ReadFile("../experiments/quickstart-openai.yaml")
	if err != nil {
		t.Fatal(err)
	}
	data = bytes.ReplaceAll(data, []byte("http://127.0.0.1:8089/v1"), []byte(hs.URL+"/v1"))
	return srv, func(batched bool, extra string) *Experiment {
		d := data
		if batched {
			d = bytes.ReplaceAll(d, []byte("    backend: openai\n"),
				[]byte("    backend: openai\n    mode: batch\n    batch: {poll: 2ms, poll_max: 20ms"+extra+"}\n"))
		}
		x, err := Parse("../experiments/quickstart-openai.yaml", d)
		if err != nil {
			t.Fatal(err)
		}
		return x
	}
}

// readFile reads a run's file.
func readFile(t *testing.T, dir, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// sameOutputs fails unless the two runs' transcripts are byte for byte the
// same and their summaries equal but for when they were made.
func sameOutputs(t *testing.T, want, got string) {
	t.Helper()
	if w, g := readFile(t, want, TranscriptsFile), readFile(t, got, TranscriptsFile); !bytes.Equal(w, g) {
		wl, gl := strings.Split(string(w), "\n"), strings.Split(string(g), "\n")
		for i := range min(len(wl), len(gl)) {
			if wl[i] != gl[i] {
				t.Fatalf("transcript line %d differs:\n%s\nwant\n%s", i+1, gl[i], wl[i])
			}
		}
		t.Fatalf("transcripts: %d lines; want %d", len(gl), len(wl))
	}
	var ws, gs map[string]any
	for _, p := range []struct {
		dir string
		v   *map[string]any
	}{{want, &ws}, {got, &gs}} {
		if err := json.Unmarshal(readFile(t, p.dir, SummaryFile), p.v); err != nil {
			t.Fatal(err)
		}
		delete(*p.v, "generated_at")
	}
	if d := cmp.Diff(ws, gs); d != "" {
		t.Fatalf("summaries differ (-live +batch):\n%s", d)
	}
}

// TestBatchMatchesLive plays the quickstart through the openai backend
// against serve-sim live, then with both agents in batch mode: the
// transcripts and summary must be the same, every call answered in a
// batch, and the batches few — one per agent and round of calls, not one
// per episode.
func TestBatchMatchesLive(t *testing.T) {
	if testing.Short() {
		t.Skip("plays the quickstart over HTTP twice")
	}
	srv, load := serveQuickstart(t, simserver.BatchOptions{Delay: 5 * time.Millisecond})
	live, batched := t.TempDir(), t.TempDir()
	if _, err := runSummarized(context.Background(), load(false, ""), Options{Out: live}); err != nil {
		t.Fatal(err)
	}
	calls := srv.Stats().Answers
	if srv.Stats().Batches != 0 {
		t.Fatalf("the live run made %d batches", srv.Stats().Batches)
	}
	var log bytes.Buffer
	res, err := runSummarized(context.Background(), load(true, ""), Options{Out: batched, BatchLog: &log})
	if err != nil {
		t.Fatal(err)
	}
	sameOutputs(t, live, batched)
	st := srv.Stats()
	if st.BatchAnswers != calls || int64(res.Calls.Answered) != calls {
		t.Errorf("%d calls answered in batches, %d by the run; want the live run's %d", st.BatchAnswers, res.Calls.Answered, calls)
	}
	// Two agents; rounds: the judge's answers, three rounds of speeches,
	// the judges of consultancy and debate — a batch for each agent and
	// step, a few more where episodes fall out of step.
	if st.Batches < 4 || st.Batches > 20 {
		t.Errorf("%d batches; want a handful (one per agent and round)", st.Batches)
	}
	if !strings.Contains(log.String(), "requests sent") || !strings.Contains(log.String(), "completed") {
		t.Errorf("the batch log says nothing of batches sent and completed:\n%s", log.String())
	}
	t.Logf("%d calls in %d batches", calls, st.Batches)
}
