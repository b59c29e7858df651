package sinks

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/mootlab/moot/analysis"
	"github.com/mootlab/moot/transcript"
)

// TestSummarizeReplicatesOfAReplayedFailure: a seed stopped early whose
// log holds an episode's failure and, later, its replay by a resume
// counts the replay alone.
func TestSummarizeReplicatesOfAReplayedFailure(t *testing.T) {
	dir := t.TempDir()
	if err := os.Mkdir(filepath.Join(dir, "seed-1"), 0o777); err != nil {
		t.Fatal(err)
	}
	ep := transcript.Episode{EpisodeID: "e1", Protocol: "direct", Kind: "direct", Task: "qa", QuestionID: "q1", Judge: "j", Assignment: "correct-first",
		Answers: [2]string{"adze", "kiln"}, Order: [2]int{0, 1}}
	failed := ep
	failed.Error = "episode failed: HTTP 500"
	ep.Correct = true
	var log []byte
	for _, e := range []transcript.Episode{failed, ep} {
		line, err := json.Marshal(e)
		if err != nil {
			t.Fatal(err)
		}
		log = append(append(log, line...), '\n')
	}
	if err := os.WriteFile(filepath.Join(dir, "seed-1", transcript.FileName), log, 0o644); err != nil {
		t.Fatal(err)
	}
	sum, err := SummarizeReplicates(dir, "x", []uint64{1}, func(uint64) string { return "seed-1" }, SeedLocks{})
	if err != nil || sum.Episodes != 1 || sum.Failed != 0 {
		t.Errorf("got %d episodes, %d failed, %v; want 1 and 0: the replay alone", sum.Episodes, sum.Failed, err)
	}
}

// TestUnparsedWarningAtTheLimit: a judge that left exactly
// MaxUnparsedShare of its verdicts unparsed is not warned of; one more
// is.
func TestUnparsedWarningAtTheLimit(t *testing.T) {
	for unparsed, want := range map[int]bool{2: false, 3: true} {
		sum := analysis.Summary{Cells: []analysis.Cell{{Protocol: "direct", Kind: "direct", Task: "qa", Judge: "j", N: 10, Unparsed: unparsed}}}
		got := false
		for _, w := range Warnings(sum) {
			got = got || w.Kind == analysis.WarnUnparsedVerdicts
		}
		if MaxUnparsedShare != 0.2 || got != want {
			t.Errorf("%d of 10 unparsed (limit %v): warned %v; want %v", unparsed, MaxUnparsedShare, got, want)
		}
	}
}
