package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/mootlab/moot/analysis"
	"github.com/mootlab/moot/engine"
	"github.com/mootlab/moot/transcript"
)

// comparedRow is the part of a compare --format json row these tests read.
type comparedRow struct {
	A, B      struct{ Protocol, Judge string }
	N         int     `json:"n"`
	AccuracyA float64 `json:"accuracy_a"`
	AccuracyB float64 `json:"accuracy_b"`
	Agreement *struct {
		Agreement float64 `json:"agreement"`
	} `json:"agreement"`
}

// compareWith plays the small experiment into run A, writes run B from
// A's records as edit makes them, and returns compare's rows of dirs in
// the order given (A first where aFirst).
func compareWith(t *testing.T, aFirst bool, edit func(transcript.Episode) []transcript.Episode) []comparedRow {
	t.Helper()
	first, second := editedRuns(t, edit)
	if !aFirst {
		first, second = second, first
	}
	code, out, errOut := moot(t, "compare", first, second, "--format", "json")
	if code != exitOK {
		t.Fatalf("compare: exit %d %s", code, errOut)
	}
	var rows []comparedRow
	if err := json.Unmarshal([]byte(out), &rows); err != nil {
		t.Fatalf("compare --format json: %v\n%s", err, out)
	}
	return rows
}

// editedRuns plays the small experiment into run A and writes run B's log
// from A's records as edit makes them; it returns both folders.
func editedRuns(t *testing.T, edit func(transcript.Episode) []transcript.Episode) (a, b string) {
	t.Helper()
	a, b = filepath.Join(t.TempDir(), "a"), filepath.Join(t.TempDir(), "b")
	runSmall(t, a)
	copyRun(t, a, b, edit)
	return a, b
}

// copyRun writes run dst's log from the records of run src as edit makes
// them.
func copyRun(t *testing.T, src, dst string, edit func(transcript.Episode) []transcript.Episode) {
	t.Helper()
	recs, err := transcript.ReadFile(filepath.Join(src, engine.TranscriptsFile))
	if err != nil {
		t.Fatal(err)
	}
	var lines []byte
	for _, rec := range recs {
		for _, e := range edit(rec) {
			line, err := json.Marshal(e)
			if err != nil {
				t.Fatal(err)
			}
			lines = append(append(lines, line...), '\n')
		}
	}
	os.MkdirAll(dst, 0o755)
	writeFile(t, filepath.Join(dst, engine.TranscriptsFile), lines)
}

// TestCompareLeavesOutFailedVariants: an episode that failed in run B is
// not judged there, so the same variant in run A is left out too; runs
// that judged alike compare as alike (Δ 0), whichever episodes failed.
func TestCompareLeavesOutFailedVariants(t *testing.T) {
	failed := 0
	rows := compareWith(t, true, func(ep transcript.Episode) []transcript.Episode {
		if ep.Correct { // fail a variant A judged right: A would gain
			failed++
			ep.Error, ep.Correct = "openai: HTTP 500 (after 1 attempt)", false
		}
		return []transcript.Episode{ep}
	})
	if failed == 0 || len(rows) == 0 {
		t.Fatalf("%d failed, %d rows; the test wants some of each", failed, len(rows))
	}
	for _, r := range rows {
		if r.AccuracyA != r.AccuracyB {
			t.Errorf("%s: A %.4f, B %.4f on the variants both judged; want the same", r.A.Protocol, r.AccuracyA, r.AccuracyB)
		}
	}
}

// TestCompareWithAPooledJudgeSweep: run B sweeps the judge, which A does
// not vary; B's cell is compared whole (both judges' episodes, as the
// note says), in either order, not the episodes of the judge read last.
func TestCompareWithAPooledJudgeSweep(t *testing.T) {
	twoJudges := func(ep transcript.Episode) []transcript.Episode {
		same, other := ep, ep
		// Two cells' episodes, not one episode and its replay.
		other.EpisodeID += "-other"
		same.Cell = "protocols." + ep.Protocol + ".judge=" + ep.Judge
		other.Cell, other.Judge, other.Correct = "protocols."+ep.Protocol+".judge=other", "other", !ep.Correct
		// The other judge chose the other answer (a record's correct
		// follows its verdict).
		other.Verdict.Answer = ep.CorrectAnswer
		if ep.Correct {
			other.Verdict.Answer = 1 - ep.CorrectAnswer
		}
		return []transcript.Episode{same, other}
	}
	for _, aFirst := range []bool{true, false} {
		rows := compareWith(t, aFirst, twoJudges)
		protocols := map[string]int{}
		for _, r := range rows {
			protocols[r.A.Protocol]++
			pooled := r.AccuracyB
			if !aFirst {
				pooled = r.AccuracyA
			}
			// Each question's variants, judged once right and once wrong.
			if math.Abs(pooled-0.5) > 1e-9 {
				t.Errorf("A first %v: %s against %s (judge %q): the pooled side reads %.4f; want 0.5", aFirst, r.A.Protocol, r.B.Protocol, r.B.Judge, pooled)
			}
		}
		for p, n := range protocols {
			if n != 1 {
				t.Errorf("A first %v: %s compared %d times; want once, its judges pooled", aFirst, p, n)
			}
		}
		// Two judges' verdicts on each variant are no one judge's: no
		// agreement is given for the pooled cell.
		for _, r := range rows {
			if r.Agreement != nil {
				t.Errorf("A first %v: %s: agreement %+v of a pooled judge; want none", aFirst, r.A.Protocol, r.Agreement)
			}
		}
	}
}

// TestCompareOfOtherVariants: runs that judged the same questions in
// other variants (one played with swap: true, one without) share no
// episode; compare says so, naming each run's variants, not that the
// runs judged no question in common.
func TestCompareOfOtherVariants(t *testing.T) {
	a, b := editedRuns(t, func(ep transcript.Episode) []transcript.Episode {
		ep.Assignment = "swapped-" + ep.Assignment
		return []transcript.Episode{ep}
	})
	code, _, errOut := moot(t, "compare", a, b)
	for _, want := range []string{"judged the same questions in other variants", "b: swapped-", "a: "} {
		if code != exitBadInput || !strings.Contains(errOut, want) {
			t.Errorf("compare: exit %d, stderr %q; want %d and %q", code, errOut, exitBadInput, want)
		}
	}
	if strings.Contains(errOut, "no question that both judged") {
		t.Errorf("compare says the runs judged no question in common: %s", errOut)
	}
}

// TestTablePoolingWarnsOfUnlikeQuestions: a table whose rows pool two
// runs holding other questions under one id (another difficulty, one
// task seed), or an audit of both, counts each such id as one question;
// each says so on stderr, as compare does.
func TestTablePoolingWarnsOfUnlikeQuestions(t *testing.T) {
	dir := t.TempDir()
	var runs []string
	for _, d := range []string{"0.2", "0.9"} {
		file := filepath.Join(dir, "x"+d+".yaml")
		os.WriteFile(file, []byte("name: unlike\nseed: 61\nagents:\n  j: {backend: sim}\n"+
			"tasks:\n  - {name: q, generator: qa, n: 6, seed: 5, difficulty: "+d+"}\n"+
			"protocols:\n  - {name: direct, judge: j}\n"), 0o644)
		out := filepath.Join(dir, "run"+d)
		mootOK(t, "run", file, "--out", out)
		runs = append(runs, out)
	}
	code, _, errOut := moot(t, "table", runs[0], runs[1], "--by", "judge")
	if code != exitOK || !strings.Contains(errOut, "6 of the 6 questions both runs hold differ between them under one id") {
		t.Errorf("table --by judge: exit %d, stderr %q; want a warning of the unlike questions", code, errOut)
	}
	if code, _, errOut := moot(t, "audit", runs[0], runs[1]); code != exitOK || !strings.Contains(errOut, "the audit reads each such id as one question") {
		t.Errorf("audit: exit %d, stderr %q; want a warning of the unlike questions", code, errOut)
	}
	// Rows by protocol keep each run's episodes apart: nothing to say.
	if _, _, errOut := moot(t, "table", runs[0], runs[1]); strings.Contains(errOut, "differ between them") {
		t.Errorf("table by protocol warns of unlike questions it keeps apart: %s", errOut)
	}
}

// TestCompareOfOtherSlots: runs that judged each question under another
// protocol (annotators of a study in other slots) share no episode and no
// question in any cell of both; compare says that, not that they judged
// their questions in other variants.
func TestCompareOfOtherSlots(t *testing.T) {
	slot := func(first bool) func(transcript.Episode) []transcript.Episode {
		seen := map[string]int{}
		return func(ep transcript.Episode) []transcript.Episode {
			if _, ok := seen[ep.QuestionID]; !ok {
				seen[ep.QuestionID] = len(seen)
			}
			if (seen[ep.QuestionID]%2 == 0) == (ep.Kind == "direct") == first {
				return []transcript.Episode{ep}
			}
			return nil
		}
	}
	_, a := editedRuns(t, slot(true))
	_, b := editedRuns(t, slot(false))
	code, _, errOut := moot(t, "compare", a, b)
	if code != exitBadInput || strings.Contains(errOut, "other variants") || !strings.Contains(errOut, "no question that both judged") {
		t.Errorf("compare: exit %d, stderr %q; want %d and no question both judged", code, errOut, exitBadInput)
	}
}

// TestTableOfARunHasItsComparisons: moot table of one run, as text in the
// default grouping, prints the run's paired comparisons after its cells,
// as the run's own terminal did; grouped otherwise it has none to print.
func TestTableOfARunHasItsComparisons(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "run")
	code, ran, errOut := moot(t, "run", small, "--out", dir)
	if code != exitOK {
		t.Fatalf("run: %d %s", code, errOut)
	}
	_, table, _ := moot(t, "table", dir)
	_, after, _ := strings.Cut(ran, "Δ B−A")
	if !strings.Contains(table, "Δ B−A") || !strings.Contains(table, after) {
		t.Errorf("moot table of a run:\n%s\nwant its comparisons as the run printed them:\n%s", table, ran)
	}
	if _, grouped, _ := moot(t, "table", dir, "--by", "judge"); strings.Contains(grouped, "Δ B−A") {
		t.Errorf("moot table --by judge prints comparisons:\n%s", grouped)
	}
	// The run's table.md has them too, and the Elo ratings the terminal
	// showed, and is what moot table prints as markdown.
	md := string(mustRead(t, filepath.Join(dir, "table.md")))
	for _, want := range []string{"| Task | Judge | A", "Δ = B − A in judge accuracy", "| Player", "Bradley–Terry on the Elo scale"} {
		if !strings.Contains(strings.Join(strings.Fields(md), " "), want) {
			t.Errorf("table.md lacks %q:\n%s", want, md)
		}
	}
	if _, table, _ := moot(t, "table", dir, "--format", "markdown"); table != md {
		t.Errorf("moot table --format markdown:\n%s\nwant the run's table.md:\n%s", table, md)
	}
	if _, grouped, _ := moot(t, "table", dir, "--by", "judge", "--format", "markdown"); strings.Contains(grouped, "Δ B−A") {
		t.Errorf("moot table --by judge --format markdown prints comparisons:\n%s", grouped)
	}
}

// TestUnpairedVariantsCountedOnce: a variant that failed in one run and
// was judged in the other is one variant judged by the other alone, not
// one left out of each; one that failed in both is judged by neither.
func TestUnpairedVariantsCountedOnce(t *testing.T) {
	a := analysis.CellKey{Protocol: "A:debate", Task: "t", Judge: "j"}
	b := analysis.CellKey{Protocol: "B:debate", Task: "t", Judge: "j"}
	ep := func(k analysis.CellKey, q, errMsg string) transcript.Episode {
		return transcript.Episode{Protocol: k.Protocol, Task: k.Task, Judge: k.Judge, QuestionID: q, Assignment: "x", Error: errMsg}
	}
	eps := []transcript.Episode{
		ep(a, "both", ""), ep(b, "both", ""),
		ep(a, "failed-in-a", "down"), ep(b, "failed-in-a", ""),
		ep(a, "failed-in-both", "down"), ep(b, "failed-in-both", "down"),
		ep(a, "only-a", ""),
	}
	shared, left := sharedEpisodes(eps, a, b)
	if len(shared) != 2 || left != (unshared{onlyA: 1, onlyB: 1, neither: 1}) {
		t.Errorf("%d shared, left %+v; want 2 shared, one variant judged by each alone and one by neither", len(shared), left)
	}
}

// TestCompareAcrossSeedsWarns: runs at two seeds whose task has a seed of
// its own share their questions and pair, with a warning that their
// agents' draws do not.
func TestCompareAcrossSeedsWarns(t *testing.T) {
	src := strings.Replace(string(mustRead(t, small)), "difficulty: 0.6}", "difficulty: 0.6, seed: 5}", 1)
	var dirs []string
	for _, seed := range []string{"11", "12"} {
		file := filepath.Join(t.TempDir(), "small.yaml")
		writeFile(t, file, []byte(strings.Replace(src, "seed: 11\n", "seed: "+seed+"\n", 1)))
		dir := filepath.Join(t.TempDir(), "s"+seed)
		if code, _, errOut := moot(t, "run", file, "--out", dir); code != exitOK {
			t.Fatalf("run at seed %s: %d %s", seed, code, errOut)
		}
		dirs = append(dirs, dir)
	}
	code, _, errOut := moot(t, "compare", dirs[0], dirs[1])
	if want := "was played at seed 11 and " + dirs[1] + " at seed 12: their questions pair"; code != exitOK || !strings.Contains(errOut, want) {
		t.Errorf("compare across seeds: exit %d %s; want 0 and %q", code, errOut, want)
	}
}

// TestCompareWithARunWhoseEveryEpisodeFailed: the refusal names the run
// whose every episode failed, not a sample or a shard.
func TestCompareWithARunWhoseEveryEpisodeFailed(t *testing.T) {
	run := filepath.Join(t.TempDir(), "run")
	runSmall(t, run)
	dead := filepath.Join(t.TempDir(), "dead")
	copyFolder(t, dead, run)
	var out []byte
	for _, line := range bytes.SplitAfter(mustRead(t, filepath.Join(run, engine.TranscriptsFile)), []byte("\n")) {
		if len(line) == 0 {
			continue
		}
		var ep transcript.Episode
		if err := json.Unmarshal(line, &ep); err != nil {
			t.Fatal(err)
		}
		ep.Error = "engine: episode failed: down"
		data, _ := json.Marshal(ep)
		out = append(append(out, data...), '\n')
	}
	writeFile(t, filepath.Join(dead, engine.TranscriptsFile), out)
	if code, _, errOut := moot(t, "compare", run, dead); code != exitBadInput || !strings.Contains(errOut, "every episode of "+dead+" failed") {
		t.Errorf("compare with a run whose every episode failed: exit %d %s; want 2, naming it", code, errOut)
	}
}

// TestCompareWarnsOfALabelOfTwoKinds: cells pair by their protocol's
// label, so a label that names a debate in one run and a consultancy in
// the other compares two protocols, and compare says so.
func TestCompareWarnsOfALabelOfTwoKinds(t *testing.T) {
	a, b := editedRuns(t, func(e transcript.Episode) []transcript.Episode {
		if e.Protocol == "debate-unverified" {
			e.Kind = "consultancy"
		}
		return []transcript.Episode{e}
	})
	code, _, errOut := moot(t, "compare", a, b)
	want := "a's debate-unverified is a debate and " + b + "'s a consultancy"
	if code != exitOK || !strings.Contains(errOut, want) || strings.Count(errOut, "cells are paired by their protocol's label") != 1 {
		t.Errorf("compare: exit %d %s; want it run, with one warning, %q", code, errOut, want)
	}
}

// TestCompareAgreementOfOneJudgeNameInTwoRuns: two runs whose judges have
// one name (the judge run again with a prompt changed) get the judges'
// agreement too, told apart by their runs; before, a judge compared with
// its own name had none, without a word.
func TestCompareAgreementOfOneJudgeNameInTwoRuns(t *testing.T) {
	flipped, judged := 0, 0
	first, second := editedRuns(t, func(ep transcript.Episode) []transcript.Episode {
		if ep.Error == "" && ep.Graded == nil && ep.Verdict.Answer >= 0 {
			judged++
			if judged%4 == 0 { // B's judge answers otherwise a quarter of the time
				flipped++
				ep.Verdict.Answer = 1 - ep.Verdict.Answer
				ep.Correct = ep.Verdict.Answer == ep.CorrectAnswer
			}
		}
		return []transcript.Episode{ep}
	})
	code, out, errOut := moot(t, "compare", first, second)
	if code != exitOK {
		t.Fatalf("compare: exit %d %s", code, errOut)
	}
	want := fmt.Sprintf("agree on %.1f%% of the %d episodes both judged", 100*float64(judged-flipped)/float64(judged), judged)
	if !strings.Contains(out, "Judges a:") || !strings.Contains(out, want) {
		t.Errorf("compare of one judge name in two runs:\n%s\nwant the judges told apart by run, and %q", out, want)
	}
}

// TestCompareAgreementOverPooledCells: run B judges each episode of A
// in two sweep cells that A does not vary, as A's judge in d=0 and the
// other way in d=1; compare pools B's cells, and the judges' agreement is
// over both: 50% of twice A's episodes, in pairs of verdicts. Before, it
// kept B's first verdict of each episode, the d=0 cell's alone, and read
// 100% beside a Δ that pooled both.
func TestCompareAgreementOverPooledCells(t *testing.T) {
	judged := 0
	first, second := editedRuns(t, func(ep transcript.Episode) []transcript.Episode {
		same, other := ep, ep
		same.Cell, other.Cell = "d=0", "d=1"
		other.EpisodeID += "/d=1" // a log keeps one record of an episode id
		if ep.Error == "" && ep.Graded == nil && ep.Verdict.Answer >= 0 {
			judged++
			other.Verdict.Answer = 1 - ep.Verdict.Answer
			other.Correct = other.Verdict.Answer == ep.CorrectAnswer
		}
		return []transcript.Episode{same, other}
	})
	code, out, errOut := moot(t, "compare", first, second)
	if code != exitOK {
		t.Fatalf("compare: exit %d %s", code, errOut)
	}
	want := fmt.Sprintf("agree on 50.0%% of the %d pairs of verdicts on episodes both judged", 2*judged)
	if !strings.Contains(out, want) || !strings.Contains(out, "Pooled in") {
		t.Errorf("compare of a run with one that pools two cells:\n%s\nwant %q", out, want)
	}
}

// TestCompareMarksPairsCellByCell: where only debate's cell pools two
// sweep values, the cells' agreements say pairs for debate's alone; a
// cell of one verdict an episode counts episodes (before, every cell read
// pairs once any did).
func TestCompareMarksPairsCellByCell(t *testing.T) {
	first, second := editedRuns(t, func(ep transcript.Episode) []transcript.Episode {
		same := ep
		same.Cell = "d=0"
		if ep.Protocol != "debate" {
			return []transcript.Episode{same}
		}
		other := ep
		other.Cell, other.EpisodeID = "d=1", ep.EpisodeID+"/d=1"
		return []transcript.Episode{same, other}
	})
	code, out, errOut := moot(t, "compare", first, second)
	if code != exitOK {
		t.Fatalf("compare: exit %d %s", code, errOut)
	}
	pairs := regexp.MustCompile(`a:debate · qa 100\.0% of \d+ pairs, kappa`)
	episodes := regexp.MustCompile(`a:consultancy · qa 100\.0% of \d+, kappa`)
	if !pairs.MatchString(out) || !episodes.MatchString(out) {
		t.Errorf("compare with debate's cell pooled alone:\n%s\nwant debate's agreement in pairs and consultancy's in episodes", out)
	}
}

// TestDropUnsharedAdjustsTheComparisonsKept: the comparisons compare
// keeps are Holm's family, without the one of cells that share no
// question: p 0.01 and 0.04 adjust to 0.02 and 0.04 (over three, with the
// dropped one's p of 1, they would be 0.03 and 0.08).
func TestDropUnsharedAdjustsTheComparisonsKept(t *testing.T) {
	sum := analysis.Summary{Comparisons: []analysis.Paired{
		{A: analysis.CellKey{Protocol: "a"}, Questions: 10, PValue: 0.04},
		{A: analysis.CellKey{Protocol: "b", Task: "t"}, PValue: 1},
		{A: analysis.CellKey{Protocol: "c"}, Questions: 10, PValue: 0.01},
	}}
	dropped := dropUnshared(&sum)
	if len(dropped) != 1 || dropped[0] != "b · t" || len(sum.Comparisons) != 2 {
		t.Fatalf("dropped %q, kept %d; want b · t dropped, 2 kept", dropped, len(sum.Comparisons))
	}
	for i, want := range []float64{0.04, 0.02} {
		if p := sum.Comparisons[i].PHolm; p == nil || math.Abs(*p-want) > 1e-12 {
			t.Errorf("comparison %d: p Holm %v; want %v", i, p, want)
		}
	}
}

// TestCompareAgreementOfAJudgeThatNeverAnswers: where run B's judge gave
// no verdict that parsed, every episode both judged is left out of the
// judges' agreement, and compare says so — how many, and that kappa is
// undefined — where it printed nothing of the two judges at all, in the
// text or in the JSON's cells (an unparsed verdict is skipped and counted,
// docs/statistics.md).
func TestCompareAgreementOfAJudgeThatNeverAnswers(t *testing.T) {
	judged := 0
	first, second := editedRuns(t, func(ep transcript.Episode) []transcript.Episode {
		if ep.Error == "" {
			judged++
			ep.Verdict = transcript.Verdict{Answer: transcript.Unparsed, Parse: "unparsed"}
			ep.Correct = false
			if ep.Graded != nil {
				ep.Graded.Call = ""
			}
		}
		return []transcript.Episode{ep}
	})
	code, out, errOut := moot(t, "compare", first, second)
	if code != exitOK {
		t.Fatalf("compare: exit %d %s", code, errOut)
	}
	want := fmt.Sprintf("have no episode both judged with both verdicts parsed (%d with an unparsed verdict left out); Cohen's kappa undefined", judged)
	if !strings.Contains(out, want) {
		t.Errorf("compare with a judge that never answers:\n%s\nwant %q", out, want)
	}
	// In the CSV its agreement over no item is empty, not 0%, beside its
	// count of items, 0.
	code, out, errOut = moot(t, "compare", first, second, "--format", "csv")
	if code != exitOK {
		t.Fatalf("compare --format csv: exit %d %s", code, errOut)
	}
	table, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil || len(table) < 2 {
		t.Fatalf("compare --format csv: %v\n%s", err, out)
	}
	agreeCol, itemsCol := slices.Index(table[0], "judges_agree"), slices.Index(table[0], "agreement_items")
	for _, row := range table[1:] {
		if agreeCol < 0 || itemsCol < 0 || row[agreeCol] != "" || row[itemsCol] != "0" {
			t.Errorf("csv row %q (header %q): want judges_agree empty and agreement_items 0", row, table[0])
		}
	}
	rows := compareWith(t, true, func(ep transcript.Episode) []transcript.Episode {
		ep.Verdict = transcript.Verdict{Answer: transcript.Unparsed, Parse: "unparsed"}
		ep.Correct = false
		return []transcript.Episode{ep}
	})
	for _, r := range rows {
		if r.Agreement == nil {
			t.Errorf("%s: no agreement; want one of no item, its episodes left out counted", r.A.Protocol)
		}
	}
}
