package engine

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/mootlab/moot/agents"
	"github.com/mootlab/moot/simserver"
	"github.com/mootlab/moot/transcript"
)

// TestPromptsReachTheFileBeforeTheirRecords: at every moment of an LLM
// run, each record in transcripts.jsonl has its prompts in the prompt
// store's file, readable as it stands: a run killed at any moment (kill
// -9, a closed terminal) leaves no record whose prompt is lost. It is
// checked as the server receives every tenth call, between episodes. Until
// 2026-12-01 prompts reached the file once a second, and a killed run's
// resume kept records whose prompts were never written.
func TestPromptsReachTheFileBeforeTheirRecords(t *testing.T) {
	if testing.Short() {
		t.Skip("plays an experiment over HTTP")
	}
	out := t.TempDir()
	var mu sync.Mutex
	var failure error
	checks, calls := 0, 0
	check := func() error {
		data, err := os.ReadFile(filepath.Join(out, TranscriptsFile))
		if err != nil || len(data) == 0 {
			return nil // no record yet
		}
		stored, err := ReadPrompts(out)
		if err != nil {
			return err
		}
		// Whole lines only: a write may be under way.
		data = data[:bytes.LastIndexByte(data, '\n')+1]
		for _, line := range bytes.Split(bytes.TrimSpace(data), []byte("\n")) {
			var ep transcript.Episode
			if err := json.Unmarshal(line, &ep); err != nil {
				return err
			}
			for _, m := range ep.Messages {
				if _, ok := stored[m.PromptSHA256]; !ok && m.PromptSHA256 != "" {
					return fmt.Errorf("%s is in %s, but its message %s's prompt %s is not yet in %s", ep.EpisodeID, TranscriptsFile, m.Name, m.PromptSHA256, PromptsFile)
				}
			}
			checks++
		}
		return nil
	}
	x, _ := serveSmallWith(t, simserver.Options{Received: func(string, agents.Request) {
		mu.Lock()
		defer mu.Unlock()
		// Every 10th call: reading the whole log each time is slow.
		if calls++; failure == nil && calls%10 == 0 {
			failure = check()
		}
	}})
	if _, err := Run(context.Background(), x, Options{Out: out, Concurrency: 4}); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	if failure != nil {
		t.Fatal(failure)
	}
	if checks == 0 {
		t.Fatal("no record was in the log while the run played: nothing checked")
	}
}
