package engine

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"testing"
)

// TestRejudgeGivesAnOldRunItsGroups: rejudging a run recorded before
// loaders named groups (no group in its log) records each question's group,
// which its questions have now.
func TestRejudgeGivesAnOldRunItsGroups(t *testing.T) {
	data, err := filepath.Abs("../tasks/loaders/testdata/quality.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	x := mustParse(t, "t.yaml", "name: t\nseed: 3\nagents:\n  j: {backend: sim}\nprotocols:\n  - {name: direct, judge: j}\n"+
		"tasks:\n  - {name: q, loader: quality, path: "+data+"}\n")
	ref := t.TempDir()
	if _, err := runSummarized(context.Background(), x, Options{Out: ref}); err != nil {
		t.Fatal(err)
	}
	log := filepath.Join(ref, TranscriptsFile)
	old := regexp.MustCompile(`,"group":"[^"]*"`).ReplaceAll(mustRead(t, log), nil)
	if err := os.WriteFile(log, old, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, ep := range readTranscripts(t, ref) {
		if ep.Group != "" {
			t.Fatalf("the source still names group %q", ep.Group)
		}
	}
	out := t.TempDir()
	if _, err := rejudgeSummarized(context.Background(), x, ref, "j", Options{Out: out}); err != nil {
		t.Fatal(err)
	}
	groups := map[string]bool{}
	for _, ep := range readTranscripts(t, out) {
		if ep.Group == "" {
			t.Errorf("episode %s of question %s: no group", ep.EpisodeID, ep.QuestionID)
		}
		groups[ep.Group] = true
	}
	if len(groups) != 3 {
		t.Errorf("groups %v; want the fixture's 3 articles", groups)
	}
}
