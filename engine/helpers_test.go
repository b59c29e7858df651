package engine

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/mootlab/moot/cache"
	"github.com/mootlab/moot/transcript"
)

// aSecondACall is the estimate's assumption that each call takes a second.
var aSecondACall = Assumed{Latency: CallTime{PerCall: time.Second}}

// mustEstimate is x's estimate from sample episodes (0: the whole plan)
// under the assumptions a.
func mustEstimate(t testing.TB, x *Experiment, sample int, a Assumed) *Estimate {
	t.Helper()
	est, err := x.Estimate(context.Background(), sample, a)
	if err != nil {
		t.Fatal(err)
	}
	return est
}

// loadWithTemplates writes the prompt templates tmpl as t.tmpl and the
// experiment file text, which names them, into a new folder, and loads it.
func loadWithTemplates(t testing.TB, tmpl, text string) *Experiment {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "t.tmpl"), []byte(tmpl), 0o644); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "x.yaml")
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return mustLoad(t, path)
}

// openCache opens the response cache in dir, closed as the test ends.
func openCache(t testing.TB, dir string) *cache.Store {
	t.Helper()
	store, err := cache.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	return store
}

// played plays x with opts into a new folder and returns its transcripts.
func played(t *testing.T, x *Experiment, opts Options) []transcript.Episode {
	t.Helper()
	opts.Out = t.TempDir()
	mustRunSummarized(t, x, opts)
	return readTranscripts(t, opts.Out)
}
