package engine

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
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
	mustRunSummarized(t, x, Options{Out: ref})
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

// TestResumeRefusesRegroupedQuestions: a data file whose questions were
// put in other groups since the run (its group field edited) is another
// run's: resuming into the folder is refused, naming the groups, as
// merging shards of the two would be. A run locked before loaders named
// groups (no groups_sha256) resumes as it did.
func TestResumeRefusesRegroupedQuestions(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "q.jsonl")
	write := func(groups ...string) {
		var b strings.Builder
		for i, g := range groups {
			fmt.Fprintf(&b, `{"id":"q%d","question":"Which is %d?","correct":"%d","incorrect":"%d","part":%q}`+"\n", i, i, i, i+100, g)
		}
		if err := os.WriteFile(data, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	file := filepath.Join(dir, "x.yaml")
	os.WriteFile(file, []byte("name: x\nseed: 3\nagents:\n  j: {backend: sim}\nprotocols:\n  - {name: direct, judge: j}\n"+
		"tasks:\n  - {name: q, loader: jsonl, path: q.jsonl, group: part}\n"), 0o644)
	out := filepath.Join(dir, "out")
	run := func() error {
		x, err := Load(file)
		if err != nil {
			t.Fatal(err)
		}
		_, err = runSummarized(context.Background(), x, Options{Out: out})
		return err
	}
	write("a", "a", "b", "b")
	if err := run(); err != nil {
		t.Fatal(err)
	}
	id, err := RunIdentity(out)
	if err != nil {
		t.Fatal(err)
	}
	if err := run(); err != nil {
		t.Fatalf("resume on the same groups: %v", err)
	}
	write("a", "b", "a", "b")
	err = run()
	if !errors.Is(err, ErrForeignRun) || !strings.Contains(err.Error(), "tasks[0].groups_sha256 differs (task q: its questions' groups are not those the run played") {
		t.Errorf("resume after the questions were regrouped: %v; want ErrForeignRun naming tasks[0].groups_sha256", err)
	}
	lock := filepath.Join(out, LockFile)
	old := regexp.MustCompile(`(?m)^\s*groups_sha256: .*\n`).ReplaceAll(mustRead(t, lock), nil)
	if err := os.WriteFile(lock, old, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := run(); err != nil {
		t.Errorf("resume of a run locked before groups: %v; want it to resume as it did", err)
	}
	// Its lock now has groups_sha256; its identity (a human-judge study's,
	// an Inspect export's run id) is the one it had.
	if now, err := RunIdentity(out); err != nil || now != id {
		t.Errorf("identity after the resume %s (%v); want %s, as before", now, err, id)
	}
}
