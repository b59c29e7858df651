package engine

import (
	"context"
	"testing"
)

// TestBestOfPromptsAreRebuiltAsRecorded: moot show rebuilds the prompts of
// a best-of-N debate played by sim agents, which read no prompt, by
// replaying it, and each rebuilt prompt hashes as recorded. The replay's
// scorer gives each rating, in candidate order, 1 for the candidate the
// record kept and 0 for the others; where a rating was given another
// candidate's score, or the kept one's score was read by a candidate, a
// turn kept another candidate than the record's, and the rounds after it
// read another debate.
func TestBestOfPromptsAreRebuiltAsRecorded(t *testing.T) {
	x := mustParse(t, "bo.yaml", "name: bo\nseed: 5\nagents:\n"+
		"  strong: {backend: sim, skill: 0.7, deception: 0.8}\n"+
		"  judge: {backend: sim, skill: 0.5, diligence: 0.2}\n"+
		"tasks:\n  - {name: qa, generator: qa, n: 4}\n"+
		"protocols:\n  - {name: debate, judge: judge, debaters: strong, best_of: 3, rounds: 3}\n"+
		"  - {name: debate, label: judge-scores, judge: judge, debaters: strong, best_of: 3, scorer: judge, rounds: 2, turns: sequential}\n")
	out := t.TempDir()
	if _, err := Run(context.Background(), x, Options{Out: out, Concurrency: 2}); err != nil {
		t.Fatal(err)
	}
	checked, kept := 0, 0
	for _, ep := range readTranscripts(t, out) {
		rebuilt, err := x.Prompts(&ep)
		if err != nil {
			t.Fatal(err)
		}
		for i, m := range ep.Messages {
			if got := rebuilt[i]; got.SHA256 != m.PromptSHA256 {
				t.Fatalf("%s message %d (%s, round %d): rebuilt %s; want %s", ep.EpisodeID, i, m.Name, m.Round, got.SHA256, m.PromptSHA256)
			}
			if m.Candidate > 1 && !m.Discarded && m.Round < 3 {
				kept++
			}
			checked++
		}
	}
	if kept == 0 {
		t.Fatalf("%d messages, none a turn's later candidate kept before the last round; want some", checked)
	}
}
