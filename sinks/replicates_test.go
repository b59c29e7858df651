package sinks

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
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

// sweptSeeds writes, for each seed, a log of the debates of a sweep of
// strong.skill left in the order its episodes finished (0.9 before 0.4):
// at 0.9 all six questions judged correctly, at 0.4 two; each judge's
// message asked by the same prompt at every seed.
func sweptSeeds(t *testing.T, dir string, seeds []uint64, dirOf func(uint64) string) {
	t.Helper()
	for _, seed := range seeds {
		var log []byte
		for i, v := range []string{"0.9", "0.4"} {
			for q := range 6 {
				ep := transcript.Episode{EpisodeID: fmt.Sprintf("debate/qa/j/q%d/correct-first/%s", q, v), Protocol: "debate", Kind: "debate", Task: "qa",
					QuestionID: fmt.Sprint("q", q), Judge: "j", Assignment: "correct-first", Cell: "strong.skill=" + v,
					Answers: [2]string{"adze", "kiln"}, Order: [2]int{0, 1}, Correct: v == "0.9" || q < 2,
					Messages: []transcript.Message{{Round: 1, Name: "Judge", Role: transcript.RoleJudge, Agent: "j",
						PromptSHA256: fmt.Sprintf("%015x%d", q, i) + strings.Repeat("0", 48)}}}
				ep.Verdict = transcript.Verdict{Answer: 1, Slot: "B"}
				if ep.Correct {
					ep.Verdict = transcript.Verdict{Answer: 0, Slot: "A"}
				}
				line, err := json.Marshal(ep)
				if err != nil {
					t.Fatal(err)
				}
				log = append(append(log, line...), '\n')
			}
		}
		if err := os.MkdirAll(filepath.Join(dir, dirOf(seed)), 0o777); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, dirOf(seed), transcript.FileName), log, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func seedDir(s uint64) string { return fmt.Sprintf("seed-%d", s) }

// TestSummarizeReplicatesKeepsTheDeclaredOrder: a seed's log left in the
// order its episodes finished names a sweep's last value first; the
// replicated summary's lines still run in the order the sweep declared
// its values (SeedLocks.Declared), and the contrast is last against
// first, as each seed's own summary has it.
func TestSummarizeReplicatesKeepsTheDeclaredOrder(t *testing.T) {
	dir, seeds := t.TempDir(), []uint64{1, 2}
	sweptSeeds(t, dir, seeds, seedDir)
	declared := SeedLocks{Declared: []analysis.SweepAxis{{Name: "strong.skill", Values: []string{"0.4", "0.9"}}}}
	sum, err := SummarizeReplicates(dir, "x", seeds, seedDir, declared)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Replicates == nil || sum.Replicates.Sweep == nil || len(sum.Replicates.Sweep.Lines) != 1 {
		t.Fatalf("replicate sweep %+v; want one line along strong.skill", sum.Replicates)
	}
	var values []string
	for _, p := range sum.Replicates.Sweep.Lines[0].Points {
		values = append(values, p.Value)
	}
	if !slices.Equal(values, []string{"0.4", "0.9"}) {
		t.Errorf("the line's points %v; want [0.4 0.9], the order the sweep declared", values)
	}
	c := sum.Replicates.Sweep.Lines[0].Contrast
	if c == nil || c.A.Cell != "strong.skill=0.4" || c.B.Cell != "strong.skill=0.9" || len(c.Difference) != 2 || c.Difference[0] <= 0 {
		t.Errorf("the line's contrast %+v; want 0.9 against 0.4, a rise in each seed", c)
	}
}

// TestSummarizeReplicatesWarnsOfGreedyRepeats: a judge that the seeds'
// locks say samples at temperature 0 (SeedLocks.Greedy), asked by the
// same prompts at both seeds, answers the second seed's alike: the
// summary counts those answers and warns that the seeds do not vary it;
// a judge that samples does not draw the warning.
func TestSummarizeReplicatesWarnsOfGreedyRepeats(t *testing.T) {
	dir, seeds := t.TempDir(), []uint64{1, 2}
	sweptSeeds(t, dir, seeds, seedDir)
	for _, greedy := range []bool{true, false} {
		sum, err := SummarizeReplicates(dir, "x", seeds, seedDir, SeedLocks{Greedy: analysis.GreedyAgents{All: map[string]bool{"j": greedy}}})
		if err != nil {
			t.Fatal(err)
		}
		warned := slices.ContainsFunc(sum.Warnings, func(w analysis.Warning) bool { return w.Kind == analysis.WarnGreedyRepeats })
		want := []analysis.RepeatedDraws(nil)
		if greedy {
			want = []analysis.RepeatedDraws{{Agent: "j", Answers: 24, Repeated: 12}}
		}
		if !slices.Equal(sum.Replicates.GreedyRepeats, want) || warned != greedy {
			t.Errorf("judge greedy %v: greedy repeats %+v, warned %v; want %+v, warned %v", greedy, sum.Replicates.GreedyRepeats, warned, want, greedy)
		}
	}
}
