package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/mootlab/moot/engine"
	"github.com/mootlab/moot/transcript"
)

// TestShow runs a sim experiment and shows a debate: its question with the
// context marked hidden, and every prompt re-rendered with the hash the
// record holds.
func TestShow(t *testing.T) {
	out := t.TempDir()
	if code, _, stderr := moot(t, "run", "../../engine/testdata/small.yaml", "--out", out); code != exitOK {
		t.Fatalf("run: exit %d: %s", code, stderr)
	}
	eps, err := transcript.ReadFile(filepath.Join(out, engine.TranscriptsFile))
	if err != nil {
		t.Fatal(err)
	}
	var ep *transcript.Episode
	for i := range eps {
		if eps[i].Kind == "debate" && eps[i].Error == "" {
			ep = &eps[i]
			break
		}
	}
	if ep == nil {
		t.Fatal("no debate episode")
	}
	code, stdout, stderr := moot(t, "show", out, ep.EpisodeID)
	if code != exitOK {
		t.Fatalf("show: exit %d: %s", code, stderr)
	}
	for _, want := range []string{"HIDDEN from the judge", "--- [system]", "--- reply:"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("show prints no %q", want)
		}
	}
	if n := strings.Count(stdout, "(the hash matches the record's)"); n != len(ep.Messages) {
		t.Errorf("show re-rendered %d prompts with their hash; want all %d:\n%s", n, len(ep.Messages), stdout)
	}
	if code, _, _ := moot(t, "show", out, "no-such-episode"); code != exitBadInput {
		t.Errorf("show of a missing episode: exit %d; want %d", code, exitBadInput)
	}
}
