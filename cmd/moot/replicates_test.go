package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/spf13/cobra"

	"github.com/mootlab/moot/batch"
	"github.com/mootlab/moot/engine"
	"github.com/mootlab/moot/export"
	"github.com/mootlab/moot/sinks"
)

// TestReplicatedRun plays the small experiment at three seeds: each
// replicate is a run of its own, the first is the plain run, and the
// replicated run's summary, table and report hold what the seeds share.
func TestReplicatedRun(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "rep")
	code, out, errOut := moot(t, "run", small, "--out", dir, "--replicates", "3")
	if code != exitOK {
		t.Fatalf("run --replicates 3: exit %d\n%s%s", code, out, errOut)
	}
	if !strings.Contains(out, "3 replicates (seeds") || !strings.Contains(out, "above 0") {
		t.Errorf("stdout lacks the replicate tables:\n%s", out)
	}
	sum, err := sinks.ReadSummary(filepath.Join(dir, sinks.SummaryFile))
	if err != nil || sum.Replicates == nil || len(sum.Replicates.Seeds) != 3 {
		t.Fatalf("summary.json: %v, replicates %+v; want 3 seeds", err, sum.Replicates)
	}
	x, err := engine.Load(small)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Replicates.Seeds[0] != x.Seed {
		t.Errorf("first seed %d; want the file's %d", sum.Replicates.Seeds[0], x.Seed)
	}
	for _, c := range sum.Replicates.Cells {
		if c.Replicates != 3 || len(c.Accuracy) != 3 || c.CILow > c.Mean || c.Mean > c.CIHigh {
			t.Errorf("cell %s: %d replicates, accuracies %v, mean %v in [%v, %v]; want 3, the mean inside its interval", c.Protocol, c.Replicates, c.Accuracy, c.Mean, c.CILow, c.CIHigh)
		}
	}
	plain := filepath.Join(t.TempDir(), "plain")
	runSmall(t, plain)
	first, _ := os.ReadFile(filepath.Join(dir, engine.ReplicateDir(x.Seed), sinks.SummaryFile))
	want, _ := os.ReadFile(filepath.Join(plain, sinks.SummaryFile))
	if !bytes.Equal(first, want) || len(want) == 0 {
		t.Error("the first replicate's summary.json differs from the plain run's")
	}
	code, table, errOut := moot(t, "table", dir)
	if code != exitOK || !strings.Contains(table, "Seeds") {
		t.Errorf("table of a replicated run: exit %d\n%s%s", code, table, errOut)
	}
	if code, _, _ := moot(t, "table", dir, "--by", "protocol"); code != exitBadInput {
		t.Errorf("table --by of a replicated run: exit %d; want %d", code, exitBadInput)
	}
	// Beside another run, refused at once: not after a warning that its
	// agents were not checked, its folder holding no lock of one run.
	if code, _, errOut := moot(t, "table", dir, plain); code != exitBadInput || !strings.Contains(errOut, "holds a replicated run, one run a seed") || strings.Contains(errOut, "were not checked") {
		t.Errorf("table of a replicated run beside another: exit %d, %q; want %d, the refusal alone", code, errOut, exitBadInput)
	}
	// As markdown, the table is the run's table.md, blank line before its
	// note and all.
	md, _ := os.ReadFile(filepath.Join(dir, sinks.TableMarkdown))
	if code, table, _ := moot(t, "table", dir, "--format", "markdown"); code != exitOK || table != string(md) {
		t.Errorf("table --format markdown of a replicated run (exit %d):\n%s\nwant its table.md:\n%s", code, table, md)
	}
	checkReplicatedExport(t, dir, sum.Replicates.Seeds)
	page, err := os.ReadFile(filepath.Join(dir, sinks.ReportFile))
	if err != nil || !strings.Contains(string(page), "3 replicates") || !strings.Contains(string(page), engine.ReplicateDir(x.Seed)+"/report.html") {
		t.Errorf("report.html of a replicated run: %v; want its tables and links to each replicate", err)
	}
	// Resumed: a second run into the folder plays nothing again.
	code, _, errOut = moot(t, "run", small, "--out", dir, "--replicates", "3")
	if code != exitOK || strings.Count(errOut, "were already done") != 3 {
		t.Errorf("rerun: exit %d; want each replicate resumed whole:\n%s", code, errOut)
	}
	// At fewer seeds without --fresh: refused, for the seeds left out
	// would stay beside a summary of the others. Fresh at fewer seeds:
	// the earlier run's replicates go, all three; a folder that only
	// looks like one (a copy, a lock of another seed) stays.
	if code, _, errOut := moot(t, "run", small, "--out", dir, "--replicates", "1"); code != exitBadInput || !strings.Contains(errOut, "does not play") {
		t.Fatalf("run --replicates 1 over 3: exit %d\n%s; want %d", code, errOut, exitBadInput)
	}
	for _, keep := range []string{engine.ReplicateDir(x.Seed) + ".orig", engine.ReplicateDir(12345)} {
		if err := os.MkdirAll(filepath.Join(dir, keep), 0o755); err != nil {
			t.Fatal(err)
		}
		writeFile(t, filepath.Join(dir, keep, engine.LockFile), []byte("name: mine\n"))
	}
	code, _, errOut = moot(t, "run", small, "--out", dir, "--replicates", "2", "--fresh")
	if code != exitOK {
		t.Fatalf("run --replicates 2 --fresh: exit %d\n%s", code, errOut)
	}
	left, _ := filepath.Glob(filepath.Join(dir, "seed-*"))
	if len(left) != 4 || strings.Count(errOut, "a replicate of an earlier run") != 3 {
		t.Errorf("after --fresh at 2 seeds the folder holds %v; want the 2 replicates played afresh and the 2 look-alikes, the 3 earlier replicates removed and said:\n%s", left, errOut)
	}
}

// TestComparePairsAcrossFilesAndAxes: two files that differ in their name
// and their sweep's axes pair on the axis they share; the judge alone,
// played once in each, pairs too, and its episodes are the same.
func TestComparePairsAcrossFilesAndAxes(t *testing.T) {
	dir := t.TempDir()
	base := `name: NAME
seed: 4
agents:
  strong: {backend: sim, skill: 0.9, deception: 0.8}
  judge: {backend: sim, skill: 0.5, diligence: 0.3}
tasks:
  - {name: qa, generator: qa, n: 10, difficulty: 0.6}
protocols:
  - {name: direct, judge: judge}
  - {name: debate, judge: judge, debaters: strong, rounds: 2}
sweep:
  agents.strong.skill: [0.5, 0.9]
`
	files := map[string]string{
		"one": strings.Replace(base, "NAME", "one", 1),
		"two": strings.Replace(base, "NAME", "two", 1) + "  protocols.debate.rounds: [1, 3]\n",
	}
	for name, text := range files {
		path := filepath.Join(dir, name+".yaml")
		writeFile(t, path, []byte(text))
		if code, _, errOut := moot(t, "run", path, "--out", filepath.Join(dir, name)); code != exitOK {
			t.Fatalf("run %s: %s", name, errOut)
		}
	}
	code, out, errOut := moot(t, "compare", filepath.Join(dir, "one"), filepath.Join(dir, "two"), "--format", "csv")
	if code != exitOK {
		t.Fatalf("compare: exit %d\n%s%s", code, out, errOut)
	}
	rows := strings.Split(strings.TrimSpace(out), "\n")[1:]
	var direct string
	cells := map[string]bool{}
	for _, r := range rows {
		f := strings.Split(r, ",")
		if strings.HasSuffix(f[0], ":direct") {
			direct = r
		}
		if len(f) > 14 {
			cells[f[0]+"@"+f[13]+"~"+f[14]] = true
		}
	}
	// Every question alike: Δ 0 with the discordance bound and p 1.
	if f := strings.Split(direct, ","); len(f) < 16 || f[9] != "0.0000" || f[12] != "1.0000" || f[15] != "discordance" {
		t.Errorf("the judge alone, played alike in both files: %q; want no difference, a discordance interval", direct)
	}
	for _, want := range []string{"one:debate@strong.skill=0.5~strong.skill=0.5", "one:debate@strong.skill=0.9~strong.skill=0.9"} {
		if !cells[want] {
			t.Errorf("compare did not pair %s; rows:\n%s", want, out)
		}
	}
	code, out, _ = moot(t, "compare", filepath.Join(dir, "one"), filepath.Join(dir, "two"))
	if code != exitOK || strings.Contains(out, "Not paired") {
		t.Errorf("text compare: exit %d; want every cell paired:\n%s", code, out)
	}
}

// TestSkippedRecordsArePrinted: a dataset task with skip_invalid says at
// the start how many records it left out, not only in the lock file, and
// which was the first (file, line, field).
func TestSkippedRecordsArePrinted(t *testing.T) {
	file := "../../engine/testdata/data/datasets.yaml"
	code, out, errOut := moot(t, "validate", file)
	if code != exitOK || !strings.Contains(out, "task lenient: 3 invalid records of") || !strings.Contains(out, "skipped (skip_invalid; the first, ../../engine/testdata/bad/loaders/skip-some.jsonl:2: answer: want true or false, got a string); 3 questions kept") {
		t.Errorf("validate: exit %d; want the skipped count of task lenient:\n%s%s", code, out, errOut)
	}
}

// TestReportOfAReplicatedRun: moot report of a replicated run's folder,
// which has no transcripts of its own, draws again the page of what the
// seeds agree on, Elo included, from the seeds' transcripts: the very
// page the run wrote, whatever summary.json's rounded means say.
func TestReportOfAReplicatedRun(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "rep")
	mootOK(t, "run", "../../experiments/tournament.yaml", "--replicates", "2", "--out", dir)
	page := filepath.Join(dir, "report.html")
	written := string(mustRead(t, page))
	os.Remove(page)
	summary := filepath.Join(dir, sinks.SummaryFile)
	means := regexp.MustCompile(`"mean": [-0-9.e]+`)
	data := mustRead(t, summary)
	if !means.Match(data) {
		t.Fatalf("no mean over seeds in %s", summary)
	}
	writeFile(t, summary, means.ReplaceAll(data, []byte(`"mean": 0.1234`)))
	if code, out, errOut := moot(t, "report", dir); code != exitOK || strings.TrimSpace(out) != page {
		t.Fatalf("report of a replicated run: exit %d %s%s", code, out, errOut)
	}
	html := string(mustRead(t, page))
	if html != written {
		t.Error("moot report of a replicated run drew another page than the run wrote (from summary.json's rounded means?)")
	}
	// Without a seed's transcripts there is nothing to draw it from: said,
	// naming the file, as bad input; the page written stays.
	copied := filepath.Join(t.TempDir(), "rep")
	copyFolder(t, copied, dir)
	gone := filepath.Join(copied, engine.ReplicateDir(readSummary(t, dir).Replicates.Seeds[1]))
	if err := os.RemoveAll(gone); err != nil {
		t.Fatal(err)
	}
	for _, cmd := range []string{"report", "table"} {
		if code, _, errOut := moot(t, cmd, copied); code != exitBadInput || !strings.Contains(errOut, "1 of its 2 are missing ("+filepath.Join(gone, engine.TranscriptsFile)+")") {
			t.Errorf("moot %s of a replicated run without a seed's folder: exit %d %s; want 2, naming its transcripts", cmd, code, errOut)
		}
	}
	if !strings.Contains(html, "Judge accuracy across seeds") || !strings.Contains(html, "Debater Elo across seeds") {
		t.Error("the replicated run's page lacks its tables")
	}
	// Its usage is every seed's, added here from the seeds' summaries.
	sum := readSummary(t, dir)
	calls := 0
	for _, seed := range sum.Replicates.Seeds {
		calls += readSummary(t, filepath.Join(dir, engine.ReplicateDir(seed))).Usage.Total.Calls
	}
	if want := "<dt>Calls</dt><dd>" + thousandsText(calls) + "</dd>"; calls == 0 || !strings.Contains(html, want) {
		t.Errorf("the replicated run's page lacks %s, the seeds' calls together", want)
	}
	if !strings.Contains(html, "Usage by agent, all seeds") {
		t.Error("the replicated run's page lacks its usage by agent")
	}
	// Each seed's page links up to it, as the run wrote it and as moot
	// report draws it again; a copy of the seed's folder elsewhere does not.
	up := `<p class="up"><a href="../report.html">`
	seed := filepath.Join(dir, engine.ReplicateDir(sum.Replicates.Seeds[1]))
	if !strings.Contains(string(mustRead(t, filepath.Join(seed, "report.html"))), up) {
		t.Error("a seed's page, as the run wrote it, has no link up to the replicated run's")
	}
	if code, _, errOut := moot(t, "report", seed); code != exitOK || !strings.Contains(string(mustRead(t, filepath.Join(seed, "report.html"))), up) {
		t.Errorf("moot report of a seed: exit %d %s, or no link up to the replicated run's page", code, errOut)
	}
	alone := filepath.Join(t.TempDir(), engine.ReplicateDir(sum.Replicates.Seeds[1]))
	copyFolder(t, alone, seed)
	if code, _, errOut := moot(t, "report", alone); code != exitOK || strings.Contains(string(mustRead(t, filepath.Join(alone, "report.html"))), `class="up"`) {
		t.Errorf("moot report of a seed's folder copied out: exit %d %s, or a link up to a page not there", code, errOut)
	}
}

// thousandsText writes n with a comma between each three digits.
func thousandsText(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// checkReplicatedExport: the export of a replicated run's folder is every
// seed's own export, in the order of seeds, one after the other, each
// row's seed column its seed; both tables. Inspect logs are a run's.
func checkReplicatedExport(t *testing.T, dir string, seeds []uint64) {
	t.Helper()
	all := filepath.Join(t.TempDir(), "all.csv")
	mootOK(t, "export", dir, "--format", "csv", "--out", all)
	for _, table := range []string{all, export.MessagesPath(all)} {
		got := mustRead(t, table)
		var want []byte
		for i, seed := range seeds {
			one := filepath.Join(t.TempDir(), "one.csv")
			if code, _, errOut := moot(t, "export", filepath.Join(dir, engine.ReplicateDir(seed)), "--format", "csv", "--out", one); code != exitOK {
				t.Fatalf("export of seed %d: %s", seed, errOut)
			}
			if table != all {
				one = export.MessagesPath(one)
			}
			data, _ := os.ReadFile(one)
			header, rows, _ := bytes.Cut(data, []byte("\n"))
			if i == 0 {
				want = append(want, header...)
				want = append(want, '\n')
			}
			prefix := []byte(strconv.FormatUint(seed, 10) + ",")
			if !bytes.HasPrefix(rows, prefix) {
				t.Errorf("%s of seed %d: rows begin %.40q; want its seed first", one, seed, rows)
			}
			want = append(want, rows...)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s is not the seeds' own exports one after the other (%d bytes; want %d)", table, len(got), len(want))
		}
	}
	if code, _, errOut := moot(t, "export", dir, "--format", "inspect"); code != exitBadInput || !strings.Contains(errOut, "holds a replicated run") || !strings.Contains(errOut, strings.TrimSuffix(engine.ReplicateGlob, "*")) {
		t.Errorf("inspect export of a replicated run's folder: exit %d, stderr %q; want %d and a seed's folder named", code, errOut, exitBadInput)
	}
}

// TestRunShapesDoNotMix: a replicated run into a folder that holds a run
// at one seed, or a run at one seed into a replicated run's folder, is
// refused, writing nothing; with --fresh the other run goes first, and
// the folder holds one run, which table and summary agree on.
func TestRunShapesDoNotMix(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "run")
	runSmall(t, dir)
	before, _ := os.ReadFile(filepath.Join(dir, sinks.SummaryFile))
	code, _, errOut := moot(t, "run", small, "--out", dir, "--replicates", "2")
	if code != exitBadInput || !strings.Contains(errOut, "holds a run at one seed") || !strings.Contains(errOut, "--fresh") {
		t.Errorf("replicates over a run at one seed: exit %d, %q; want %d", code, errOut, exitBadInput)
	}
	after, _ := os.ReadFile(filepath.Join(dir, sinks.SummaryFile))
	if seeds, _ := filepath.Glob(filepath.Join(dir, engine.ReplicateGlob)); len(seeds) > 0 || !bytes.Equal(before, after) {
		t.Errorf("the refused run wrote %v, or changed summary.json", seeds)
	}
	mootOK(t, "run", small, "--out", dir, "--replicates", "2", "--fresh")
	if _, err := os.Stat(filepath.Join(dir, engine.TranscriptsFile)); err == nil {
		t.Error("--fresh left the run at one seed's log beside the replicates")
	}
	if sum, err := sinks.ReadSummary(filepath.Join(dir, sinks.SummaryFile)); err != nil || sum.Replicates == nil {
		t.Errorf("summary.json after --fresh: %v; want the replicated run's", err)
	}

	// A folder of reference results: the summary and tables of a run at
	// one seed, with no log beside them (results/quickstart).
	refs := filepath.Join(t.TempDir(), "refs")
	runSmall(t, refs)
	for _, name := range []string{engine.TranscriptsFile, engine.LockFile, engine.QuestionsFile} {
		os.Remove(filepath.Join(refs, name))
	}
	before, _ = os.ReadFile(filepath.Join(refs, sinks.SummaryFile))
	code, _, errOut = moot(t, "run", small, "--out", refs, "--replicates", "2")
	after, _ = os.ReadFile(filepath.Join(refs, sinks.SummaryFile))
	if code != exitBadInput || !strings.Contains(errOut, "holds a run at one seed (its "+sinks.SummaryFile+")") || !bytes.Equal(before, after) {
		t.Errorf("replicates over reference results: exit %d, %q, summary changed %v; want %d and it kept", code, errOut, !bytes.Equal(before, after), exitBadInput)
	}

	writeFile(t, filepath.Join(refs, sinks.SummaryFile), []byte("{not json"))
	if code, _, errOut := moot(t, "run", small, "--out", refs, "--replicates", "2"); code != exitBadInput || !strings.Contains(errOut, "does not read as a summary") {
		t.Errorf("replicates over a summary.json that does not read: exit %d, %q; want %d", code, errOut, exitBadInput)
	}

	// Fewer replicates into the folder of more: the seed left out would
	// stay beside a summary of the others.
	before, _ = os.ReadFile(filepath.Join(dir, sinks.SummaryFile))
	seeds, _ := filepath.Glob(filepath.Join(dir, engine.ReplicateGlob))
	code, _, errOut = moot(t, "run", small, "--out", dir, "--replicates", "1")
	after, _ = os.ReadFile(filepath.Join(dir, sinks.SummaryFile))
	if code != exitBadInput || len(seeds) != 2 || !strings.Contains(errOut, "holds replicates at seeds this run of 1 does not play ("+seeds[1]+")") || !bytes.Equal(before, after) {
		t.Errorf("1 replicate over 2: exit %d, %q, summary changed %v; want %d naming %v[1], the summary kept", code, errOut, !bytes.Equal(before, after), exitBadInput, seeds)
	}

	code, _, errOut = moot(t, "run", small, "--out", dir)
	if code != exitBadInput || !strings.Contains(errOut, "holds a replicated run") {
		t.Errorf("a run at one seed over replicates: exit %d, %q; want %d", code, errOut, exitBadInput)
	}
	if _, err := os.Stat(filepath.Join(dir, engine.TranscriptsFile)); err == nil {
		t.Error("the refused run wrote its log")
	}
	mootOK(t, "run", small, "--out", dir, "--fresh")
	sum, err := sinks.ReadSummary(filepath.Join(dir, sinks.SummaryFile))
	if seeds, _ := filepath.Glob(filepath.Join(dir, engine.ReplicateGlob)); len(seeds) > 0 || err != nil || sum.Replicates != nil {
		t.Errorf("after --fresh: replicates %v left, summary %v with replicates %v; want a run at one seed alone", seeds, err, sum.Replicates)
	}
	if code, table, _ := moot(t, "table", dir); code != exitOK || strings.Contains(table, "Seeds") {
		t.Errorf("table after --fresh: exit %d\n%s; want the run at one seed's", code, table)
	}
}

// TestFreshDeletesOnlyOnceTheRunCanStart: --fresh deletes a run of the
// other shape only once the new run's checks have passed; a run that an
// unreachable endpoint stops at its preflight deletes nothing.
func TestFreshDeletesOnlyOnceTheRunCanStart(t *testing.T) {
	dead := openaiFile(t, deadAddr(t), "")
	one := filepath.Join(t.TempDir(), "one")
	runSmall(t, one)
	if code, _, errOut := moot(t, "run", dead, "--out", one, "--replicates", "2", "--fresh"); code == exitOK || strings.Contains(errOut, "removed") {
		t.Errorf("replicates --fresh that cannot start: exit %d; want a failure that removes nothing:\n%s", code, errOut)
	}
	if _, err := os.Stat(filepath.Join(one, engine.TranscriptsFile)); err != nil {
		t.Errorf("the run at one seed is gone after a run that never started: %v", err)
	}
	reps := filepath.Join(t.TempDir(), "reps")
	mootOK(t, "run", small, "--out", reps, "--replicates", "2")
	if code, _, errOut := moot(t, "run", dead, "--out", reps, "--fresh"); code == exitOK || strings.Contains(errOut, "removed") {
		t.Errorf("--fresh that cannot start over replicates: exit %d; want a failure that removes nothing:\n%s", code, errOut)
	}
	if seeds, _ := filepath.Glob(filepath.Join(reps, engine.ReplicateGlob)); len(seeds) != 2 {
		t.Errorf("replicates left after a run that never started: %v; want both", seeds)
	}
	// Nor does a replicated --fresh that its first seed's checks stop
	// rewrite the folder's summary from the seeds' old logs.
	before, _ := os.ReadFile(filepath.Join(reps, sinks.SummaryFile))
	if code, _, errOut := moot(t, "run", dead, "--out", reps, "--replicates", "2", "--fresh"); code == exitOK || strings.Contains(errOut, "partial") {
		t.Errorf("replicates --fresh that cannot start: exit %d; want a failure that writes nothing:\n%s", code, errOut)
	}
	if after, _ := os.ReadFile(filepath.Join(reps, sinks.SummaryFile)); !bytes.Equal(before, after) {
		t.Error("a replicated run that never started rewrote the folder's summary")
	}
	// A cache that cannot be opened stops it too, before anything goes.
	notAFolder := filepath.Join(t.TempDir(), "file")
	writeFile(t, notAFolder, nil)
	if code, _, errOut := moot(t, "run", smallOverHTTP(t), "--out", reps, "--replicates", "2", "--fresh", "--cache", notAFolder); code == exitOK || strings.Contains(errOut, "removed") {
		t.Errorf("replicates --fresh with a cache that cannot open: exit %d; want a failure that removes nothing:\n%s", code, errOut)
	}
	if n := len(replicateFolders(reps)); n != 2 {
		t.Errorf("%d replicates left after a run its cache stopped; want 2", n)
	}
}

// TestReplicatedSweepExport: a replicated sweep's export is its seeds'
// own exports one after the other, its axis columns in the experiment's
// order, though the plan's first protocol is touched by the second axis
// alone (the order the log would give).
func TestReplicatedSweepExport(t *testing.T) {
	file := filepath.Join(t.TempDir(), "repsweep.yaml")
	const text = `name: repsweep
seed: 5
replicates: 2
agents:
  strong: {backend: sim, skill: 0.9, deception: 0.8}
  judge: {backend: sim, skill: 0.5, diligence: 0.3}
tasks:
  - {name: qa, generator: qa, n: 4, difficulty: 0.6}
protocols:
  - {name: direct, judge: judge}
  - {name: debate, judge: judge, debaters: strong, rounds: 1}
sweep:
  protocols.debate.rounds: [1, 2]
  agents.judge.skill: [0.3, 0.7]
`
	writeFile(t, file, []byte(text))
	dir := filepath.Join(t.TempDir(), "run")
	mootOK(t, "run", file, "--out", dir)
	sum, err := sinks.ReadSummary(filepath.Join(dir, sinks.SummaryFile))
	if err != nil || sum.Replicates == nil {
		t.Fatalf("summary.json: %v", err)
	}
	checkReplicatedExport(t, dir, sum.Replicates.Seeds)
	out := filepath.Join(t.TempDir(), "x.csv")
	mootOK(t, "export", dir, "--format", "csv", "--out", out)
	data, _ := os.ReadFile(out)
	if header, _, _ := strings.Cut(string(data), "\n"); !strings.Contains(header, ",cell,debate.rounds,judge.skill,") {
		t.Errorf("header %s; want the axes in the experiment's order", header)
	}
}

// TestReplicatesKeepBatch: --batch reaches every seed of a replicated
// run: each seed's calls go through the batch API (its journal).
func TestReplicatesKeepBatch(t *testing.T) {
	file := smallOverHTTP(t)
	data, _ := os.ReadFile(file)
	// Checked every few milliseconds, as the batch tests do.
	data = bytes.ReplaceAll(data, []byte("backend: openai,"), []byte("backend: openai, batch: {poll: 2ms, poll_max: 20ms, list_lag: 1s},"))
	writeFile(t, file, data)
	dir := filepath.Join(t.TempDir(), "run")
	mootOK(t, "run", file, "--out", dir, "--no-cache", "--batch", "--replicates", "2")
	for _, r := range replicateFolders(dir) {
		if _, err := os.Stat(filepath.Join(r.dir, batch.JournalFile)); err != nil {
			t.Errorf("seed %d played without the batch API: %v", r.seed, err)
		}
		// The lock says so: the agents' own mode: is the file's, live.
		if lock := mustRead(t, filepath.Join(r.dir, engine.LockFile)); !bytes.Contains(lock, []byte("\nbatch_all: true\n")) {
			t.Errorf("seed %d's lock does not say the run sent its calls as batches", r.seed)
		}
	}
	if n := len(replicateFolders(dir)); n != 2 {
		t.Errorf("%d replicates; want 2", n)
	}
	// Resumed without --batch, the run is the one it was.
	if code, _, errOut := moot(t, "run", file, "--out", dir, "--no-cache", "--replicates", "2"); code != exitOK {
		t.Errorf("resumed without --batch: exit %d\n%s", code, errOut)
	}
}

// TestMergeRefusesAReplicatedFolder: the shards of a run at one seed are
// not merged into a replicated run's folder, where their summary would
// replace the seeds'.
func TestMergeRefusesAReplicatedFolder(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "reps")
	mootOK(t, "run", small, "--out", dir, "--replicates", "2")
	shards := twoShards(t)
	before, _ := os.ReadFile(filepath.Join(dir, sinks.SummaryFile))
	code, _, errOut := moot(t, append([]string{"merge", dir}, shards...)...)
	after, _ := os.ReadFile(filepath.Join(dir, sinks.SummaryFile))
	if code != exitBadInput || !strings.Contains(errOut, "holds a replicated run") || !bytes.Equal(before, after) {
		t.Errorf("merge into a replicated run's folder: exit %d, %q, summary changed %v; want %d and nothing written", code, errOut, !bytes.Equal(before, after), exitBadInput)
	}
}

// TestOneExperimentAFolder: the shape guard and the replicates' check go
// by what a folder holds, not by the experiment's name. A run at one
// seed of a renamed experiment into a replicated run's folder is refused;
// so is a replicated run of a changed experiment at other seeds beside
// the replicates of the first; with --fresh the earlier seeds go.
func TestOneExperimentAFolder(t *testing.T) {
	data := mustRead(t, small)
	// variant writes the small experiment with each pair of replace
	// changed from the first to the second.
	variant := func(replace ...string) string {
		text := data
		for i := 0; i < len(replace); i += 2 {
			text = bytes.Replace(text, []byte(replace[i]), []byte(replace[i+1]), 1)
		}
		file := filepath.Join(t.TempDir(), "variant.yaml")
		writeFile(t, file, text)
		return file
	}
	dir := filepath.Join(t.TempDir(), "reps")
	mootOK(t, "run", small, "--out", dir, "--replicates", "2")
	renamed := variant("name: small", "name: renamed")
	if code, _, errOut := moot(t, "run", renamed, "--out", dir); code != exitBadInput || !strings.Contains(errOut, "holds a replicated run") {
		t.Errorf("a renamed experiment at one seed into a replicated folder: exit %d, %q; want %d", code, errOut, exitBadInput)
	}
	changedSeeded := variant("seed: 11", "seed: 55\nseeds: [55]", "difficulty: 0.6", "difficulty: 0.3")
	code, _, errOut := moot(t, "run", changedSeeded, "--out", dir)
	if code != exitBadInput || !strings.Contains(errOut, "holds a replicate of another experiment") {
		t.Errorf("a changed experiment at another seed beside the replicates: exit %d, %q; want %d", code, errOut, exitBadInput)
	}
	if _, err := os.Stat(filepath.Join(dir, engine.ReplicateDir(55))); err == nil {
		t.Error("the refused run wrote its seed's folder")
	}
	mootOK(t, "run", changedSeeded, "--out", dir, "--fresh")
	if reps := replicateFolders(dir); len(reps) != 1 || reps[0].seed != 55 {
		t.Errorf("replicates after --fresh: %+v; want seed 55 alone", reps)
	}
}

// TestResumeMoreReplicates: --resume on a replicated run resumes the
// seeds it has and starts the others; with no seed to resume it refuses.
func TestResumeMoreReplicates(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "reps")
	if code, _, errOut := moot(t, "run", small, "--out", dir, "--replicates", "2", "--resume"); code != exitBadInput || !strings.Contains(errOut, "no replicated run to resume") {
		t.Errorf("--resume with nothing to resume: exit %d, %q; want %d", code, errOut, exitBadInput)
	}
	mootOK(t, "run", small, "--out", dir, "--replicates", "1")
	code, _, errOut := moot(t, "run", small, "--out", dir, "--replicates", "2", "--resume")
	if code != exitOK || strings.Count(errOut, "were already done") != 1 {
		t.Errorf("--resume at one more seed: exit %d; want the first resumed, the second started:\n%s", code, errOut)
	}
}

// TestReplicatedRunHoldsItsFolder: a replicated run takes its folder's
// lock, as a run at one seed does, so that another run of either shape
// cannot write the folder meanwhile; while another holds it, it is
// refused and plays nothing.
func TestReplicatedRunHoldsItsFolder(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "reps")
	unlock, err := engine.LockFolder(dir)
	if err != nil {
		t.Fatal(err)
	}
	code, _, errOut := moot(t, "run", small, "--out", dir, "--replicates", "2")
	unlock()
	if code != exitBadInput || !strings.Contains(errOut, "is writing") {
		t.Errorf("a replicated run into a folder another holds: exit %d, %q; want %d", code, errOut, exitBadInput)
	}
	if reps := replicateFolders(dir); len(reps) > 0 {
		t.Errorf("the refused run played %d replicates", len(reps))
	}
}

// TestFreshWaitsForAReplicatedRun: a run at one seed with --fresh does
// not delete the replicates of a replicated run that holds the folder.
func TestFreshWaitsForAReplicatedRun(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "reps")
	mootOK(t, "run", small, "--out", dir, "--replicates", "2")
	unlock, err := engine.LockFolder(dir) // as the replicated run, still playing, would
	if err != nil {
		t.Fatal(err)
	}
	code, _, errOut := moot(t, "run", small, "--out", dir, "--fresh")
	unlock()
	if code != exitBadInput || !strings.Contains(errOut, "is writing") || strings.Contains(errOut, "removed") {
		t.Errorf("--fresh into a folder a replicated run holds: exit %d, %q; want %d and nothing removed", code, errOut, exitBadInput)
	}
	if n := len(replicateFolders(dir)); n != 2 {
		t.Errorf("%d replicates left; want 2", n)
	}
}

// TestForeignReplicateAtAPlayedSeed: another experiment's replicate at a
// seed the run plays, not the first, is refused before any seed plays,
// not when the run reaches it.
func TestForeignReplicateAtAPlayedSeed(t *testing.T) {
	data := mustRead(t, small)
	write := func(text []byte) string {
		file := filepath.Join(t.TempDir(), "x.yaml")
		writeFile(t, file, text)
		return file
	}
	a := write(bytes.Replace(data, []byte("seed: 11"), []byte("seed: 1\nseeds: [1, 2]"), 1))
	b := write(bytes.Replace(bytes.Replace(data, []byte("seed: 11"), []byte("seed: 3\nseeds: [3, 1, 2]"), 1), []byte("n: 12"), []byte("n: 6"), 1))
	dir := filepath.Join(t.TempDir(), "f")
	mootOK(t, "run", a, "--out", dir)
	before, _ := os.ReadFile(filepath.Join(dir, sinks.SummaryFile))
	code, _, errOut := moot(t, "run", b, "--out", dir)
	after, _ := os.ReadFile(filepath.Join(dir, sinks.SummaryFile))
	if code != exitBadInput || !strings.Contains(errOut, "holds a replicate of another experiment") {
		t.Errorf("B beside A's replicates at seeds it plays: exit %d, %q; want %d", code, errOut, exitBadInput)
	}
	if _, err := os.Stat(filepath.Join(dir, engine.ReplicateDir(3))); err == nil || !bytes.Equal(before, after) {
		t.Errorf("the refused run played its first seed (%v) or rewrote the summary", err)
	}
	// A folder named for a seed played, not first, holding a run at
	// another seed (a copy) is refused up front too.
	r2 := filepath.Join(t.TempDir(), "r2")
	second := engine.ReplicateSeeds(11, 2)[1]
	mootOK(t, "run", small, "--out", filepath.Join(r2, engine.ReplicateDir(second)))
	code, _, errOut = moot(t, "run", small, "--out", r2, "--replicates", "2")
	if code != exitBadInput || !strings.Contains(errOut, "holds a replicate of another experiment") {
		t.Errorf("a copy in a played seed's folder: exit %d, %q; want %d", code, errOut, exitBadInput)
	}
	if _, err := os.Stat(filepath.Join(r2, engine.ReplicateDir(11))); err == nil {
		t.Error("the refused run played its first seed")
	}
}

// TestStoppedBetweenSeeds: a stop (the first Ctrl-C) that comes between
// two seeds starts no further seed: the run exits 130 without a folder
// for it. Here the stop comes before the first.
func TestStoppedBetweenSeeds(t *testing.T) {
	stop := make(chan struct{})
	close(stop)
	ctx := context.WithValue(context.Background(), stopKey{}, &interrupts{stop: stop})
	dir := filepath.Join(t.TempDir(), "reps")
	var out, errOut bytes.Buffer
	if code := run(ctx, []string{"run", small, "--out", dir, "--replicates", "2"}, &out, &errOut); code != exitInterrupted {
		t.Errorf("a replicated run stopped before its first seed: exit %d; want %d\n%s", code, exitInterrupted, errOut.String())
	}
	if seeds, _ := filepath.Glob(filepath.Join(dir, engine.ReplicateGlob)); len(seeds) > 0 {
		t.Errorf("a seed was started after the stop: %v", seeds)
	}
}

// TestMergeIntoAShard: OUT may not be one of the shards it merges.
func TestMergeIntoAShard(t *testing.T) {
	shards := twoShards(t)
	if code, _, errOut := moot(t, "merge", shards[0], shards[0], shards[1]); code != exitBadInput || !strings.Contains(errOut, "is one of the shards") {
		t.Errorf("merge into a shard: exit %d, %q; want %d", code, errOut, exitBadInput)
	}
}

// twoShards plays the small experiment's two shards, each into a folder
// of its own, and returns the folders.
func twoShards(t *testing.T) []string {
	t.Helper()
	var shards []string
	for _, s := range []string{"1/2", "2/2"} {
		shard := filepath.Join(t.TempDir(), "shard")
		if code, _, errOut := moot(t, "run", small, "--shard", s, "--out", shard); code != exitOK {
			t.Fatalf("shard %s: %s", s, errOut)
		}
		shards = append(shards, shard)
	}
	return shards
}

// TestRunOverReferencesSaysSo: a run into a folder of reference results
// (a summary and tables kept without their run, as results/ keeps them)
// whose results differ from them says that it replaced them — moot verify
// would then compare with the run's own; the same results say nothing.
func TestRunOverReferencesSaysSo(t *testing.T) {
	run := filepath.Join(t.TempDir(), "run")
	mootOK(t, "run", small, "--out", run, "--no-cache")
	reference := func() string {
		dir := filepath.Join(t.TempDir(), "reference")
		os.Mkdir(dir, 0o755)
		for _, f := range []string{sinks.SummaryFile, sinks.TableMarkdown, sinks.TableCSV} {
			os.WriteFile(filepath.Join(dir, f), mustRead(t, filepath.Join(run, f)), 0o644)
		}
		return dir
	}
	if code, _, errOut := moot(t, "run", small, "--out", reference(), "--no-cache"); code != exitOK || strings.Contains(errOut, "held reference results") {
		t.Errorf("the same run over its references: exit %d, stderr %q; want no warning", code, errOut)
	}
	// How the answers were got (cached, retried, paid) is no result, as
	// moot verify compares: the same results so got say nothing.
	got := reference()
	sum := mustRead(t, filepath.Join(got, sinks.SummaryFile))
	os.WriteFile(filepath.Join(got, sinks.SummaryFile), bytes.Replace(sum, []byte(`"cached_calls": 0`), []byte(`"cached_calls": 7`), 1), 0o644)
	if code, _, errOut := moot(t, "run", small, "--out", got, "--no-cache"); code != exitOK || strings.Contains(errOut, "held reference results") {
		t.Errorf("the same results over references that got their answers otherwise: exit %d, stderr %q; want no warning", code, errOut)
	}
	// An edited file of the same plan (a judge's setting): run, and said.
	// (One of another plan is refused: TestRunRefusesAnotherPlansReference.)
	edited := filepath.Join(t.TempDir(), "edited.yaml")
	os.WriteFile(edited, bytes.Replace(mustRead(t, small), []byte("judge: {backend: sim, skill: 0.5"), []byte("judge: {backend: sim, skill: 0.7"), 1), 0o644)
	if code, _, errOut := moot(t, "run", edited, "--out", reference(), "--no-cache"); code != exitOK || !strings.Contains(errOut, "held reference results") {
		t.Errorf("an edited run over the references: exit %d, stderr %q; want a warning that it replaced them", code, errOut)
	}
}

// TestTableOfReplicatedSweep: a replicated sweep's table has its lines
// across the seeds; grouping it otherwise is refused with where to look.
func TestTableOfReplicatedSweep(t *testing.T) {
	file := filepath.Join(t.TempDir(), "sweep.yaml")
	yaml := "name: rsweep\nseed: 3\nagents:\n  strong: {backend: sim, skill: 0.9}\n  judge: {backend: sim, skill: 0.5, diligence: 0.2}\n" +
		"tasks:\n  - {name: qa, generator: qa, n: 10}\nprotocols:\n  - {name: consultancy, judge: judge, consultant: strong}\n" +
		"sweep:\n  agents.strong.skill: [0.2, 0.9]\n"
	writeFile(t, file, []byte(yaml))
	dir := filepath.Join(t.TempDir(), "run")
	mootOK(t, "run", file, "--out", dir, "--replicates", "2")
	code, out, errOut := moot(t, "table", dir)
	if code != exitOK || !strings.Contains(out, "Δ last−first") || !strings.Contains(out, "0.2: ") {
		t.Errorf("table: exit %d, stdout:\n%s\nstderr: %s\nwant the sweep's lines across seeds", code, out, errOut)
	}
	// Its plot along the axis is a PNG beside the page, as a phase map is.
	if fi, err := os.Stat(filepath.Join(dir, sinks.SweepFile(0))); err != nil || fi.Size() == 0 {
		t.Errorf("%s: %v; want the sweep plot's PNG", sinks.SweepFile(0), err)
	}
	code, _, errOut = moot(t, "table", dir, "--by", "strong.skill")
	if code != exitBadInput || !strings.Contains(errOut, "has the sweep's lines along each axis across the seeds") || !strings.Contains(errOut, "seed-3") {
		t.Errorf("table --by on the replicated sweep: exit %d, stderr %q; want exit 2 naming its table and a seed's folder", code, errOut)
	}
}

// TestUnplayedSeedIsSaid: a file whose seeds: leave out its seed: plays
// only the seeds listed, and validate, plan and run say so; one whose
// seeds hold it, or --replicates (derived from it), says nothing.
func TestUnplayedSeedIsSaid(t *testing.T) {
	dir := t.TempDir()
	write := func(seeds string) string {
		t.Helper()
		file := filepath.Join(dir, "s"+strings.NewReplacer("[", "", "]", "", ", ", "-").Replace(seeds)+".yaml")
		text := "name: t\nseed: 3\nseeds: " + seeds + "\nagents:\n  j: {backend: sim}\ntasks:\n  - {name: q, generator: qa, n: 2}\nprotocols:\n  - {name: direct, judge: j}\n"
		writeFile(t, file, []byte(text))
		return file
	}
	const said = "seed: 3 is not played: seeds: lists the seeds the run plays ([7 8])"
	apart, with := write("[7, 8]"), write("[3, 8]")
	for _, args := range [][]string{{"validate", apart}, {"plan", apart}, {"run", apart, "--out", filepath.Join(dir, "run")}} {
		if code, _, errOut := moot(t, args...); code != exitOK || !strings.Contains(errOut, said) {
			t.Errorf("%v: exit %d, stderr %q; want it to say %q", args, code, errOut, said)
		}
	}
	for _, args := range [][]string{{"validate", with}, {"validate", apart, "--replicates", "2"}} {
		if code, _, errOut := moot(t, args...); code != exitOK || strings.Contains(errOut, "is not played") {
			t.Errorf("%v: exit %d, stderr %q; want no word of an unplayed seed", args, code, errOut)
		}
	}
}

// TestPriorReplicatesCountsEverySeed: what a replicated run's folder has
// done is counted over every seed it holds, as a budget of a resumed
// priced run needs (the episodes left are those not done at any seed).
func TestPriorReplicatesCountsEverySeed(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "rep")
	mootOK(t, "run", small, "--replicates", "3", "--out", dir)
	x, err := engine.Load(small)
	if err != nil {
		t.Fatal(err)
	}
	paid, done, err := priorReplicates(small, dir, engine.ReplicateSeeds(x.Seed, 3), nil)
	if err != nil || done.Episodes() != 3*x.PlanSize() || len(paid) != 3 {
		t.Errorf("done %d over %d seeds paid, %v; want %d, every seed's", done.Episodes(), len(paid), err, 3*x.PlanSize())
	}
}

// TestReplicateLogCutShortIsRefused: a replicated run's tables and page
// are drawn from its seeds' logs, so one seed's log that lost episodes
// since that seed was summarized is refused, naming it.
func TestReplicateLogCutShortIsRefused(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "rep")
	mootOK(t, "run", small, "--out", dir, "--replicates", "2")
	sum, err := sinks.ReadSummary(filepath.Join(dir, sinks.SummaryFile))
	if err != nil {
		t.Fatal(err)
	}
	log := filepath.Join(dir, engine.ReplicateDir(sum.Replicates.Seeds[1]), engine.TranscriptsFile)
	data := mustRead(t, log)
	writeFile(t, log, data[:bytes.IndexByte(data, '\n')+1])
	for _, args := range [][]string{{"table", dir}, {"report", dir}} {
		if code, _, errOut := moot(t, args...); code != exitBadInput || !strings.Contains(errOut, log+": holds 1 record where the run's summary counts") {
			t.Errorf("%v of a replicated run with a seed's log cut: exit %d %s; want %d naming the log", args, code, errOut, exitBadInput)
		}
	}
}

// TestReplicateFolderOfAnotherSeed: a seed's folder that holds a run at
// another seed (a run into it alone, with --fresh) is refused by what
// reads the replicated run, where it counted under the folder's seed.
func TestReplicateFolderOfAnotherSeed(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "reps")
	mootOK(t, "run", small, "--out", dir, "--replicates", "2")
	sum := readSummary(t, dir)
	second := filepath.Join(dir, engine.ReplicateDir(sum.Replicates.Seeds[1]))
	mootOK(t, "run", small, "--out", second, "--fresh")
	want := fmt.Sprintf("holds a run at seed %d, not %d", sum.Replicates.Seeds[0], sum.Replicates.Seeds[1])
	for _, args := range [][]string{{"table", dir}, {"report", dir}} {
		if code, _, errOut := moot(t, args...); code != exitBadInput || !strings.Contains(errOut, want) {
			t.Errorf("%v: exit %d %s; want %d and %q", args, code, errOut, exitBadInput, want)
		}
	}
}

// TestPartialReplicatesKeepTheSeedsHeld: a replicated run stopped before
// a seed that an earlier run played whole writes its partial summary over
// that seed too, which the folder holds, not as a seed not played.
func TestPartialReplicatesKeepTheSeedsHeld(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "reps")
	mootOK(t, "run", small, "--out", dir, "--replicates", "3")
	whole := readSummary(t, dir)
	seeds := whole.Replicates.Seeds
	cmd := &cobra.Command{}
	cmd.SetOut(io.Discard)
	cmd.SetErr(io.Discard)
	if err := writePartialReplicates(cmd, dir, whole.Experiment, seeds[:2], seeds[2:], errors.New("interrupted")); err != nil {
		t.Fatal(err)
	}
	sum := readSummary(t, dir)
	if !slices.Equal(sum.Replicates.Seeds, seeds) || sum.Episodes != whole.Episodes || strings.Contains(sum.Partial, "not played") {
		t.Errorf("partial summary over seeds %v, %d episodes, %q; want all of %v, %d episodes, none said not played",
			sum.Replicates.Seeds, sum.Episodes, sum.Partial, seeds, whole.Episodes)
	}
	if code, _, errOut := moot(t, "export", dir, "--format", "csv", "--out", filepath.Join(t.TempDir(), "x.csv")); code != exitOK ||
		!strings.Contains(errOut, dir+" is partial (") {
		t.Errorf("export of a partial replicated run: exit %d %s; want it written, with a warning", code, errOut)
	}
}
