package main

import (
	"slices"
	"strings"
	"testing"

	"github.com/mootlab/moot/analysis"
	"github.com/mootlab/moot/transcript"
)

// TestComparePooledJudgeSweepWithAJudgeThatFailed: run B sweeps the
// judge, which A does not vary, and every episode of B's other judge
// failed: it judged nothing, is not named (poolJudges), and B's cell is
// the one judge's that judged, whose agreement with A's (the same
// verdicts) is given, 100%.
func TestComparePooledJudgeSweepWithAJudgeThatFailed(t *testing.T) {
	rows := compareWith(t, true, func(ep transcript.Episode) []transcript.Episode {
		same, other := ep, ep
		other.EpisodeID += "-other"
		same.Cell = "protocols." + ep.Protocol + ".judge=" + ep.Judge
		other.Cell, other.Judge = "protocols."+ep.Protocol+".judge=other", "other"
		other.Error, other.Correct = "openai: HTTP 500 (after 1 attempt)", false
		return []transcript.Episode{same, other}
	})
	if len(rows) == 0 {
		t.Fatal("no comparison")
	}
	for _, r := range rows {
		if r.B.Judge != r.A.Judge {
			t.Errorf("%s: B's judge %q; want %q, the one that judged", r.A.Protocol, r.B.Judge, r.A.Judge)
		}
		if r.Agreement == nil || r.Agreement.Agreement != 1 {
			t.Errorf("%s: agreement %+v; want 1 (one judge's same verdicts in both runs)", r.A.Protocol, r.Agreement)
		}
	}
}

// TestNumberWrittenTwoWaysInOneRun: numberNames' doc: an axis where any
// run writes one number two ways (agents named 1.1 and 1.10) is left as
// it is: run B's 1.100 is not renamed after A's.
func TestNumberWrittenTwoWaysInOneRun(t *testing.T) {
	a := eps("judge=1.1", "judge=1.10")
	b := eps("judge=1.100")
	if renamed := sameNumbers(a, b); len(renamed) > 0 || b[0].Cell != "judge=1.100" {
		t.Errorf("renamed %q, b's cell %q; want none renamed, judge=1.100", renamed, b[0].Cell)
	}
}

// TestAllFailedNamesEitherRun: allFailed names the run every one of whose
// episodes failed, A's or B's, "" where each judged one.
func TestAllFailedNamesEitherRun(t *testing.T) {
	ok := []transcript.Episode{{QuestionID: "q1"}, {QuestionID: "q2", Error: "HTTP 500"}}
	failed := []transcript.Episode{{QuestionID: "q1", Error: "HTTP 500"}}
	for _, c := range []struct {
		a, b []transcript.Episode
		want string
	}{{failed, ok, "runs/a"}, {ok, failed, "runs/b"}, {ok, ok, ""}} {
		if got := allFailed(c.a, c.b, "runs/a", "runs/b"); got != c.want {
			t.Errorf("allFailed = %q; want %q", got, c.want)
		}
	}
}

// TestPairCellsNotesWhatItLeftOut: a cell that pairs some variants notes
// those judged by one run alone, and says "by neither" only where some
// failed in both; a cell that shares none has no such note (it is said
// as no question judged in both).
func TestPairCellsNotesWhatItLeftOut(t *testing.T) {
	a := analysis.CellKey{Protocol: "A:debate", Task: "t", Judge: "j"}
	b := analysis.CellKey{Protocol: "B:debate", Task: "t", Judge: "j"}
	ep := func(k analysis.CellKey, q string) transcript.Episode {
		return transcript.Episode{Protocol: k.Protocol, Task: k.Task, Judge: k.Judge, QuestionID: q, Assignment: "x", Correct: true}
	}
	eps := []transcript.Episode{ep(a, "q1"), ep(b, "q1"), ep(a, "q2"), ep(a, "q3"), ep(b, "q4")}
	_, left := pairCells(nil, nil, eps, a, b, nil, 1, "A", "B")
	if want := []string{"debate · t: 2 judged by A alone, 1 by B alone"}; !slices.Equal(left, want) {
		t.Errorf("left out %q; want %q", left, want)
	}
	apart := []transcript.Episode{ep(a, "q1"), ep(b, "q2")}
	if _, left := pairCells(nil, nil, apart, a, b, nil, 1, "A", "B"); len(left) != 0 {
		t.Errorf("cells that share no variant: left out %q; want no note", left)
	}
}

// TestDropUnsharedKeepsACellOfOneQuestion: dropUnshared takes out the
// cells that share no question; one that shares a single question is
// compared.
func TestDropUnsharedKeepsACellOfOneQuestion(t *testing.T) {
	sum := analysis.Summary{Comparisons: []analysis.Paired{
		{A: analysis.CellKey{Protocol: "a", Task: "t"}, Questions: 1, PValue: 0.5},
		{A: analysis.CellKey{Protocol: "b", Task: "t"}, PValue: 1},
	}}
	if dropped := dropUnshared(&sum); !slices.Equal(dropped, []string{"b · t"}) || len(sum.Comparisons) != 1 {
		t.Errorf("dropped %q, kept %d; want b · t dropped, a · t kept", dropped, len(sum.Comparisons))
	}
}

// TestOtherVariantsNamesRepeatsPastTheFirst: otherVariants names each
// run's assignments, and repeats past the first by their number: the
// first repeat (0) is the assignment alone.
func TestOtherVariantsNamesRepeatsPastTheFirst(t *testing.T) {
	ep := func(run, assignment string, repeat int) transcript.Episode {
		return transcript.Episode{Protocol: run + ":debate", Task: "t", QuestionID: "q1", Assignment: assignment, Repeat: repeat}
	}
	a := []transcript.Episode{ep("A", "x", 0), ep("A", "x", 1)}
	b := []transcript.Episode{ep("B", "y", 0)}
	if got, want := otherVariants(a, b, "A", "B"), "A: x, x repeat 1; B: y"; got != want {
		t.Errorf("otherVariants = %q; want %q", got, want)
	}
}

// TestCompareOfOneCellHasNoByCell: compare gives the judges' agreement
// over all their cells, then cell by cell where there are several; of
// a cell in common (B keeps one protocol's episodes), no "By cell" line.
func TestCompareOfOneCellHasNoByCell(t *testing.T) {
	a, b := editedRuns(t, func(ep transcript.Episode) []transcript.Episode {
		if ep.Protocol != "direct" {
			return nil
		}
		return []transcript.Episode{ep}
	})
	code, out, errOut := moot(t, "compare", a, b)
	if code != exitOK || !strings.Contains(out, "Cohen's kappa") {
		t.Fatalf("compare: exit %d, no judges' agreement:\n%s%s", code, out, errOut)
	}
	if strings.Contains(out, "By cell") {
		t.Errorf("compare of one cell says it by cell:\n%s", out)
	}
}

// TestCompareWithTheSameJudgeWhereBHasIt: judgesFor: where run B's cell
// has A's judge among others (not a sweep), A's judge is compared with
// B's same judge alone, once per cell.
func TestCompareWithTheSameJudgeWhereBHasIt(t *testing.T) {
	rows := compareWith(t, true, func(ep transcript.Episode) []transcript.Episode {
		other := ep
		other.EpisodeID += "-other"
		other.Judge = "other"
		return []transcript.Episode{ep, other}
	})
	if len(rows) == 0 {
		t.Fatal("no comparison")
	}
	seen := map[string]int{}
	for _, r := range rows {
		seen[r.A.Protocol]++
		if r.B.Judge != r.A.Judge {
			t.Errorf("%s: A's judge %q compared with B's %q; want B's same judge", r.A.Protocol, r.A.Judge, r.B.Judge)
		}
	}
	for p, n := range seen {
		if n != 1 {
			t.Errorf("%s compared %d times; want once", p, n)
		}
	}
}
