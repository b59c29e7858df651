package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/spf13/cobra"

	"github.com/mootlab/moot/agents/openai"
	"github.com/mootlab/moot/engine"
	"github.com/mootlab/moot/sinks"
	"github.com/mootlab/moot/transcript"
)

func moot(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	defer openai.ForgetEndpoints() // as a process of its own would
	code = run(context.Background(), args, &out, &errOut)
	return code, out.String(), errOut.String()
}

const small = "../../engine/testdata/small.yaml"

// writeFile writes data to path, stopping the test if it cannot.
func writeFile(t *testing.T, path string, data []byte) {
	t.Helper()
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// copyFolder copies the folder src to dst, stopping the test if it cannot.
func copyFolder(t *testing.T, dst, src string) {
	t.Helper()
	if err := os.CopyFS(dst, os.DirFS(src)); err != nil {
		t.Fatal(err)
	}
}

// mootOK runs moot with args; it stops the test, naming the call, unless
// moot exits 0.
func mootOK(t *testing.T, args ...string) {
	t.Helper()
	if code, _, errOut := moot(t, args...); code != exitOK {
		t.Fatalf("moot %s: exit %d\n%s", strings.Join(args, " "), code, errOut)
	}
}

// runSmall runs the small experiment into the folder out; it stops the
// test unless the run exits 0.
func runSmall(t *testing.T, out string) {
	t.Helper()
	mootOK(t, "run", small, "--out", out)
}

func TestRunWritesTheRun(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "run")
	code, out, errOut := moot(t, "run", small, "--out", dir, "--concurrency", "3")
	if code != exitOK {
		t.Fatalf("exit %d; want 0; stderr:\n%s", code, errOut)
	}
	for _, want := range []string{"Protocol", "debate-unverified", "assigned-incorrect", "CI: 95%"} {
		if !strings.Contains(out, want) {
			t.Errorf("stdout lacks %q:\n%s", want, out)
		}
	}
	for _, f := range []string{"transcripts.jsonl", "summary.json", "table.md", "table.csv", "config.lock.yaml"} {
		if fi, err := os.Stat(filepath.Join(dir, f)); err != nil || fi.Size() == 0 {
			t.Errorf("%s not written: %v", f, err)
		}
	}
}

// TestEveryFaultOnALineOfItsOwn: validate and run of a file with several
// faults say each on a line of its own, as moot's, with its file and
// line, exit 2, and write nothing.
func TestEveryFaultOnALineOfItsOwn(t *testing.T) {
	bad := filepath.Join(t.TempDir(), "bad.yaml")
	writeFile(t, bad, []byte("name: t\nagents:\n  j: {backend: sim}\nprotocols:\n  - {name: direct, judge: nobody}\ntasks:\n  - {name: q, generator: qa, n: 0}\n"))
	out := filepath.Join(t.TempDir(), "out")
	for _, args := range [][]string{{"validate", bad}, {"run", bad, "--out", out}} {
		code, _, errOut := moot(t, args...)
		lines := strings.Split(strings.TrimSpace(errOut), "\n")
		if code != exitBadInput || len(lines) != 2 || !strings.HasPrefix(lines[0], "moot: "+bad+":5: protocols[0].judge: ") ||
			!strings.HasPrefix(lines[1], "moot: "+bad+":7: tasks[0].n: ") {
			t.Errorf("%v: exit %d, stderr:\n%s\nwant %d and two lines, the protocol's fault and the task's", args, code, errOut, exitBadInput)
		}
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("a bad experiment created %s", out)
	}
}

func TestBadInputExitsTwoAndWritesNothing(t *testing.T) {
	bad := filepath.Join(t.TempDir(), "bad.yaml")
	writeFile(t, bad, []byte("name: t\nagents:\n  a: {backend: sim, skil: 1}\nprotocols:\n  - {name: direct, judge: a}\ntasks:\n  - {name: q, generator: qa, n: 2}\n"))
	out := filepath.Join(t.TempDir(), "out")
	for _, args := range [][]string{{"run", bad, "--out", out}, {"validate", bad}, {"verify", bad}} {
		code, _, errOut := moot(t, args...)
		if code != exitBadInput {
			t.Errorf("%v: exit %d; want %d", args, code, exitBadInput)
		}
		want := bad + ":3: agents.a.skil: unknown field"
		if !strings.Contains(errOut, want) || strings.Count(strings.TrimSpace(errOut), "\n") != 0 {
			t.Errorf("%v: stderr = %q; want one line with %q", args, errOut, want)
		}
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("a bad experiment created %s", out)
	}
}

func TestUsageErrors(t *testing.T) {
	for _, args := range [][]string{{"run"}, {"run", "a", "b"}, {"run", small, "--concurrency", "x"}, {"validate", "--nope", small}} {
		if code, _, _ := moot(t, args...); code != exitBadInput {
			t.Errorf("%v: exit %d; want %d", args, code, exitBadInput)
		}
	}
	if code, _, _ := moot(t, "frobnicate"); code == exitOK {
		t.Error("an unknown command exits 0")
	}
}

func TestValidate(t *testing.T) {
	code, out, errOut := moot(t, "validate", small)
	if code != exitOK || !strings.Contains(out, "ok:") {
		t.Fatalf("exit %d, stdout %q, stderr %q; want 0 and ok", code, out, errOut)
	}
}

func TestVerify(t *testing.T) {
	ref := t.TempDir()
	runSmall(t, ref)
	if code, out, errOut := moot(t, "verify", small, "--reference", ref); code != exitOK {
		t.Fatalf("verify: exit %d; want 0\n%s%s", code, out, errOut)
	}
	table := filepath.Join(ref, "table.md")
	data, _ := os.ReadFile(table)
	writeFile(t, table, bytes.Replace(data, []byte("%"), []byte("‰"), 1))
	code, _, errOut := moot(t, "verify", small, "--reference", ref)
	if code != exitFailed {
		t.Errorf("verify after a change: exit %d; want %d", code, exitFailed)
	}
	if !strings.Contains(errOut, "table.md differs") {
		t.Errorf("verify after a change: stderr %q; want the difference", errOut)
	}
	// A number moved by 0.01: exact verify fails; --tolerance 0.02 passes,
	// 0.005 does not.
	summary := filepath.Join(ref, "summary.json")
	data, _ = os.ReadFile(summary)
	var sum map[string]any
	if err := json.Unmarshal(data, &sum); err != nil {
		t.Fatal(err)
	}
	cell := sum["cells"].([]any)[0].(map[string]any)
	cell["accuracy"] = cell["accuracy"].(float64) + 0.01
	moved, _ := json.Marshal(sum)
	os.WriteFile(summary, moved, 0o644)
	os.WriteFile(table, data0(t, small), 0o644)
	for _, tt := range []struct {
		tolerance string
		want      int
	}{{"0", exitFailed}, {"0.005", exitFailed}, {"0.02", exitOK}} {
		if code, _, errOut := moot(t, "verify", small, "--reference", ref, "--tolerance", tt.tolerance); code != tt.want {
			t.Errorf("verify --tolerance %s of a summary moved by 0.01: exit %d; want %d\n%s", tt.tolerance, code, tt.want, errOut)
		}
	}
	// A reference of a run stopped early is no reference: said so.
	sum["partial"] = "interrupted after 3 of 8 episodes"
	partial, _ := json.Marshal(sum)
	os.WriteFile(summary, partial, 0o644)
	if code, _, errOut := moot(t, "verify", small, "--reference", ref); code != exitBadInput || !strings.Contains(errOut, "is of a run that did not finish (interrupted after 3 of 8 episodes)") {
		t.Errorf("verify against a partial reference: exit %d %s; want %d, saying so", code, errOut, exitBadInput)
	}
	// A reference without table.md is refused before the run, which may
	// pay its agents (it was said after the whole run, exit 1).
	os.WriteFile(summary, data, 0o644)
	os.Remove(table)
	if code, _, errOut := moot(t, "verify", small, "--reference", ref); code != exitBadInput || !strings.Contains(errOut, "has no table.md to compare") {
		t.Errorf("verify against a reference without table.md: exit %d %s; want %d, saying so", code, errOut, exitBadInput)
	}
}

// data0 is the table.md of a fresh run of file.
func data0(t *testing.T, file string) []byte {
	t.Helper()
	dir := t.TempDir()
	mootOK(t, "run", file, "--out", dir)
	data, _ := os.ReadFile(filepath.Join(dir, "table.md"))
	return data
}

func TestInterruptedExits130(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var out, errOut bytes.Buffer
	if code := run(ctx, []string{"run", small, "--out", t.TempDir()}, &out, &errOut); code != exitInterrupted {
		t.Errorf("exit %d; want %d", code, exitInterrupted)
	}
}

// TestReferenceResults re-runs every shipped experiment that has reference
// results under results/ and runs offline, as moot verify does.
func TestReferenceResults(t *testing.T) {
	files, _ := filepath.Glob("../../experiments/*.yaml")
	checked := 0
	for _, file := range files {
		data := mustRead(t, file)
		if strings.Contains(string(data), "backend: openai") {
			continue // needs an endpoint; docs/llm-endpoints.md
		}
		x, err := engine.Load(file)
		if err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		ref := filepath.Join("../../results", x.Name)
		if _, err := os.Stat(filepath.Join(ref, "summary.json")); err != nil {
			continue
		}
		if x.ReplicateSeeds != nil && !slowTests() {
			continue // ten runs of it: .ci/run checks them (MOOT_SLOW_TESTS=1)
		}
		t.Run(filepath.Base(file), func(t *testing.T) {
			if code, out, errOut := moot(t, "verify", file, "--reference", ref); code != exitOK {
				t.Fatalf("verify: exit %d\n%s%s", code, out, errOut)
			}
		})
		checked++
	}
	if checked < 3 {
		t.Errorf("checked %d experiments against their reference; want at least quickstart, datasets and closed-vs-extractive", checked)
	}
}

func TestCacheCommands(t *testing.T) {
	dir := t.TempDir()
	cacheHolding(t, dir) // an empty cache
	code, out, errOut := moot(t, "cache", "stats", "--cache", dir)
	if code != exitOK || !strings.Contains(out, "0 answers") {
		t.Fatalf("cache stats: exit %d, %q %q; want 0 answers", code, out, errOut)
	}
	if code, _, _ := moot(t, "cache", "prune", "--cache", dir); code != exitBadInput {
		t.Errorf("cache prune without --older-than or --all: exit %d; want %d", code, exitBadInput)
	}
	if code, out, _ := moot(t, "cache", "prune", "--all", "--cache", dir); code != exitOK || !strings.Contains(out, "deleted 0 answers") {
		t.Errorf("cache prune --all: exit %d, %q", code, out)
	}
	// An age of 0 is given, not left out; a negative one is no age.
	if code, out, errOut := moot(t, "cache", "prune", "--older-than", "0s", "--cache", dir); code != exitOK || !strings.Contains(out, "deleted 0 answers") {
		t.Errorf("cache prune --older-than 0s: exit %d, %q %q; want %d", code, out, errOut, exitOK)
	}
	for _, args := range [][]string{{"--older-than", "-1h"}, {"--older-than", "1h", "--all"}} {
		if code, _, errOut := moot(t, append([]string{"cache", "prune", "--cache", dir}, args...)...); code != exitBadInput {
			t.Errorf("cache prune %v: exit %d, %q; want %d", args, code, errOut, exitBadInput)
		}
	}
}

func TestTableAndCompare(t *testing.T) {
	a := filepath.Join(t.TempDir(), "first")
	runSmall(t, a)
	code, out, errOut := moot(t, "table", a, "--by", "protocol,assignment", "--format", "markdown")
	if code != exitOK || !strings.Contains(out, "| direct-with-context") || !strings.Contains(out, "assigned-incorrect") {
		t.Fatalf("table --by: exit %d\n%s%s", code, out, errOut)
	}
	// --by given again adds its fields, as a comma does (the last alone
	// counted, and the rows pooled every protocol).
	if code, again, errOut := moot(t, "table", a, "--by", "protocol", "--by", "assignment", "--format", "markdown"); code != exitOK || again != out {
		t.Errorf("table --by protocol --by assignment: exit %d %s\n%s; want the table of --by protocol,assignment", code, errOut, again)
	}
	// Two runs: by their folders' names, or their paths where those
	// clash, so that no two runs' cells merge.
	b := filepath.Join(t.TempDir(), "second")
	other := filepath.Join(t.TempDir(), "first")
	for _, dir := range []string{b, other} {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		writeFile(t, filepath.Join(dir, engine.TranscriptsFile), mustRead(t, filepath.Join(a, engine.TranscriptsFile)))
	}
	code, out, _ = moot(t, "table", a, b, "--format", "csv")
	if code != exitOK || !strings.Contains(out, "first:debate-unverified") || !strings.Contains(out, "second:debate-unverified") {
		t.Errorf("table of two runs: exit %d\n%s", code, out)
	}
	code, out, _ = moot(t, "table", a, other, "--format", "csv")
	if code != exitOK || !strings.Contains(out, a+":debate-unverified") || !strings.Contains(out, other+":debate-unverified") {
		t.Errorf("table of two runs in folders of one name: exit %d\n%s", code, out)
	}
	// A run named twice would count each episode twice.
	for _, args := range [][]string{{"table", a, a + "/"}, {"audit", a, a + "/."}} {
		if code, _, errOut := moot(t, args...); code != exitBadInput || !strings.Contains(errOut, "are the same run folder") {
			t.Errorf("%v: exit %d %s; want %d, the folder named twice", args, code, errOut, exitBadInput)
		}
	}
	if code, _, _ := moot(t, "table", a, "--by", "colour"); code != exitBadInput {
		t.Errorf("table --by colour: exit %d; want %d", code, exitBadInput)
	}
	if code, _, _ := moot(t, "table", t.TempDir()); code != exitBadInput {
		t.Errorf("table of a folder with no run: exit %d; want %d", code, exitBadInput)
	}
	if code, _, errOut := moot(t, "table", small); code != exitBadInput || !strings.Contains(errOut, "is not a run folder") {
		t.Errorf("table of a file: exit %d %s; want %d, not a run folder", code, errOut, exitBadInput)
	}
	// A run compared with a copy of itself: every difference is zero.
	// With itself, it is refused: that is a slip, not a comparison.
	if code, _, errOut := moot(t, "compare", a, a); code != exitBadInput || !strings.Contains(errOut, "the same run folder") {
		t.Errorf("compare of a folder with itself: exit %d %s; want %d", code, errOut, exitBadInput)
	}
	twin := filepath.Join(t.TempDir(), "twin")
	copyFolder(t, twin, a)
	code, out, errOut = moot(t, "compare", a, twin, "--format", "json")
	if code != exitOK {
		t.Fatalf("compare: exit %d %s", code, errOut)
	}
	var got []struct {
		Difference float64 `json:"difference"`
		PValue     float64 `json:"p_value"`
		Questions  int     `json:"questions"`
		CIHigh     float64 `json:"ci_high"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil || len(got) != 5 {
		t.Fatalf("compare --format json: %v, %d rows\n%s", err, len(got), out)
	}
	for _, c := range got {
		if c.Difference != 0 || c.PValue != 1 || c.Questions != 12 {
			t.Errorf("a run against itself: %+v; want difference 0, p 1, 12 questions", c)
		}
		// Rounded to 4 decimals, as summary.json is, so that the bound
		// (z²/(12+z²) = 0.24250…) prints alike in every table.
		if c.CIHigh != 0.2425 {
			t.Errorf("a run against itself: ci_high %v; want the discordance bound rounded as summary.json rounds it, 0.2425", c.CIHigh)
		}
	}
}

func TestReportCommand(t *testing.T) {
	dir := t.TempDir()
	runSmall(t, dir)
	page := filepath.Join(dir, "report.html")
	if _, err := os.Stat(page); err != nil {
		t.Fatalf("a run wrote no report: %v", err)
	}
	os.Remove(page)
	mootOK(t, "report", dir)
	data, err := os.ReadFile(page)
	if err != nil || !strings.Contains(string(data), "debate-unverified") || !strings.Contains(string(data), "<svg") {
		t.Errorf("report.html: %v; want the tables and plots", err)
	}
	if code, _, _ := moot(t, "report", t.TempDir()); code != exitBadInput {
		t.Errorf("report of a folder with no run: exit %d; want %d", code, exitBadInput)
	}
	// Not while a run writes the folder.
	unlock, err := engine.LockFolder(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer unlock()
	if code, _, errOut := moot(t, "report", dir); code == exitOK || !strings.Contains(errOut, "wait for it to end") {
		t.Errorf("report of a folder a run writes: exit %d %s; want it refused", code, errOut)
	}
}

// TestCompareRejudgedRun: comparing a run with its rejudging by another
// judge reports how far the two judges agree on the same episodes.
func TestCompareRejudgedRun(t *testing.T) {
	run := filepath.Join(t.TempDir(), "run")
	runSmall(t, run)
	data, _ := os.ReadFile(small)
	judges := filepath.Join(t.TempDir(), "judges.yaml")
	os.WriteFile(judges, bytes.Replace(data, []byte("agents:\n"), []byte("agents:\n  says-a: {backend: sim, position_bias: 10, noise: 0}\n"), 1), 0o644)
	again := filepath.Join(t.TempDir(), "again")
	code, rjOut, rjErr := moot(t, "rejudge", run, "--judge", "says-a", "--experiment", judges, "--out", again, "--progress-every", "1ms")
	if code != exitOK {
		t.Fatalf("rejudge: %d %s", code, rjErr)
	}
	// verify plays the experiment with its own judges: a rejudge is no
	// reference for it (it listed every verdict as a difference).
	if code, _, errOut := moot(t, "verify", judges, "--reference", again); code != exitBadInput || !strings.Contains(errOut, "is a rejudge of "+run) {
		t.Errorf("verify against a rejudge: exit %d %s; want %d, saying so", code, errOut, exitBadInput)
	}
	// The rejudged run's terminal shows its comparisons, as moot run's does.
	if !strings.Contains(rjOut, "Δ = B − A") {
		t.Errorf("rejudge printed no paired comparisons:\n%s", rjOut)
	}
	// Progress counts the episodes of the run, and as calls only the new
	// judge's verdicts, not the speakers' messages the records keep.
	n := bytes.Count(mustRead(t, filepath.Join(run, engine.TranscriptsFile)), []byte("\n"))
	if want := fmt.Sprintf("moot: %d/%d episodes (0 failed), %d calls", n, n, n); !strings.Contains(rjErr, want) {
		t.Errorf("rejudge's progress lacks %q:\n%s", want, rjErr)
	}
	code, out, errOut := moot(t, "compare", run, again)
	if code != exitOK || !strings.Contains(out, "Judges judge and says-a agree on") || !strings.Contains(out, "Cohen's kappa") {
		t.Errorf("compare: exit %d\n%s%s", code, out, errOut)
	}
	if !strings.Contains(out, "  By cell: ") {
		t.Errorf("compare of judges over several cells gives no agreement by cell:\n%s", out)
	}
	// The machine-readable formats carry each cell's agreement too.
	if code, js, _ := moot(t, "compare", run, again, "--format", "json"); code != exitOK || !strings.Contains(js, `"agreement": {`) || !strings.Contains(js, `"kappa"`) {
		t.Errorf("compare --format json: exit %d, no agreement:\n%s", code, js)
	}
	if code, csv, _ := moot(t, "compare", run, again, "--format", "csv"); code != exitOK || !strings.Contains(strings.SplitN(csv, "\n", 2)[0], ",judges_agree,agreement_items,kappa") {
		t.Errorf("compare --format csv: exit %d, no agreement columns:\n%s", code, csv)
	}
	if strings.Count(out, "Δ = B − A") != 1 {
		t.Errorf("the comparison note appears %d times; want once", strings.Count(out, "Δ = B − A"))
	}
	if code, _, errOut := moot(t, "rejudge", run, "--judge", "says-a", "--experiment", judges, "--out", again); code != exitOK || !strings.Contains(errOut, "resuming ") {
		t.Errorf("rejudge again into its own folder: exit %d %s; want 0, resumed", code, errOut)
	}
	if code, _, errOut := moot(t, "rejudge", run, "--judge", "judge", "--experiment", judges, "--out", again); code != exitBadInput || !strings.Contains(errOut, "--fresh") {
		t.Errorf("rejudge with another judge into a folder holding a rejudge: exit %d %s; want %d and a word of --fresh", code, errOut, exitBadInput)
	}
	if code, _, errOut := moot(t, "rejudge", run, "--judge", "says-a", "--experiment", judges, "--out", again, "--fresh"); code != exitOK {
		t.Errorf("rejudge --fresh: exit %d %s; want 0", code, errOut)
	}
	if code, _, errOut := moot(t, "rejudge", run, "--judge", "says-a", "--experiment", judges, "--out", run+"/.", "--fresh"); code != exitBadInput || !strings.Contains(errOut, "is the run being rejudged") {
		t.Errorf("rejudge into its own folder: exit %d %s; want %d, refused", code, errOut, exitBadInput)
	}
	if _, err := os.Stat(filepath.Join(run, engine.TranscriptsFile)); err != nil {
		t.Errorf("the rejudged run's transcripts: %v", err)
	}
}

// TestCompareRunsOfOtherQuestions: runs at two seeds, or whose task of
// one name comes from two generators, share no question; compare says
// why, exit 2.
func TestCompareRunsOfOtherQuestions(t *testing.T) {
	a := filepath.Join(t.TempDir(), "a")
	runSmall(t, a)
	data, _ := os.ReadFile(small)
	for _, tc := range []struct {
		name  string
		other []byte
		wants []string
	}{
		{"two seeds", regexp.MustCompile(`(?m)^seed: \d+`).ReplaceAll(data, []byte("seed: 12345")), []string{"and 12345"}},
		{"two generators", []byte(strings.Replace(string(data), "generator: qa", "generator: math", 1)),
			[]string{"task qa is drawn from generator qa in", "generator math in"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			other, b := filepath.Join(t.TempDir(), "other.yaml"), filepath.Join(t.TempDir(), "b")
			os.WriteFile(other, tc.other, 0o644)
			mootOK(t, "run", other, "--out", b)
			code, out, errOut := moot(t, "compare", a, b)
			for _, want := range append(tc.wants, "no question that both judged") {
				if code != exitBadInput || !strings.Contains(errOut, want) {
					t.Errorf("compare: exit %d, stderr %q, stdout %q; want %d and %q", code, errOut, out, exitBadInput, want)
				}
			}
		})
	}
}

// TestExport: moot export writes the tables of a run; an unknown format
// or a folder with no run is bad input.
func TestExport(t *testing.T) {
	run := filepath.Join(t.TempDir(), "run")
	runSmall(t, run)
	out := filepath.Join(t.TempDir(), "not", "made", "x.csv") // folders made as needed
	code, stdout, errOut := moot(t, "export", run, "--format", "csv", "--out", out)
	if code != exitOK || !strings.Contains(stdout, "x-messages.csv") {
		t.Fatalf("export: exit %d %s%s", code, stdout, errOut)
	}
	data, err := os.ReadFile(out)
	header, first, _ := strings.Cut(string(data), "\n")
	if err != nil || !strings.HasPrefix(header, "seed,episode_id,question_id,question_group,protocol") || !strings.HasPrefix(first, "11,") {
		t.Errorf("episodes.csv: %v %.80q; want the header and the run's seed, 11, first", err, data)
	}
	if code, _, _ := moot(t, "export", run, "--format", "xlsx"); code != exitBadInput {
		t.Errorf("export --format xlsx: exit %d; want %d", code, exitBadInput)
	}
	if code, _, _ := moot(t, "export", t.TempDir(), "--format", "csv"); code != exitBadInput {
		t.Errorf("export of a folder with no run: exit %d; want %d", code, exitBadInput)
	}
}

// TestTableOfASweep: moot table groups a sweep's run by an axis or by cell,
// and an axis the sweep does not have is bad input.
func TestTableOfASweep(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "sweep")
	if code, out, errOut := moot(t, "run", "../../engine/testdata/sweep.yaml", "--out", dir); code != exitOK {
		t.Fatalf("run: exit %d\n%s%s", code, out, errOut)
	}
	code, out, errOut := moot(t, "table", dir, "--by", "protocol,strong.skill", "--format", "csv")
	if code != exitOK {
		t.Fatalf("table --by protocol,strong.skill: exit %d\n%s", code, errOut)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 1+2*3*(1+2) { // header; 2 protocols × 3 skills, each with its 2 assignments
		t.Errorf("table --by protocol,strong.skill: %d CSV lines; want 19:\n%s", len(lines), out)
	}
	if !strings.HasPrefix(lines[1], "debate,debate,qa,judge,,24,") || !strings.Contains(lines[1], ",strong.skill=0.5,0.5,") {
		t.Errorf("first row %q; want debate at strong.skill=0.5 over both rounds (n 24)", lines[1])
	}
	if code, _, errOut := moot(t, "table", dir, "--by", "cell"); code != exitOK || errOut != "" {
		t.Errorf("table --by cell: exit %d, %s", code, errOut)
	}
	if code, _, errOut := moot(t, "table", dir, "--by", "strong.skil"); code != exitBadInput || !strings.Contains(errOut, "strong.skill") {
		t.Errorf("table --by strong.skil: exit %d, %q; want %d naming the axes", code, errOut, exitBadInput)
	}
	// Compared with a run that sweeps nothing, the sweep's cells are
	// pooled over its axes, and the comparison says so.
	data := mustRead(t, "../../engine/testdata/sweep.yaml")
	plainFile := filepath.Join(t.TempDir(), "plain.yaml")
	os.WriteFile(plainFile, data[:bytes.Index(data, []byte("sweep:\n"))], 0o644)
	plain := filepath.Join(t.TempDir(), "plain")
	mootOK(t, "run", plainFile, "--out", plain)
	if code, out, _ := moot(t, "compare", plain, dir); code != exitOK ||
		!strings.Contains(out, "Pooled in sweep, which plain does not vary: strong.skill (0.5, 0.7, 0.95); debate.rounds (1, 3);") {
		t.Errorf("compare of a plain run and a sweep: exit %d, no word of the pooled axes:\n%s", code, out)
	}
}

// slowTests is whether the slow checks run: MOOT_SLOW_TESTS=1, as .ci/run
// sets it, and not -short.
func slowTests() bool { return os.Getenv("MOOT_SLOW_TESTS") != "" && !testing.Short() }

// TestCompareOnSharedVariants: run B judged one variant of each question
// (an annotator's share, say); compare puts A's accuracy on those same
// episodes against B's, not A's over every variant.
func TestCompareOnSharedVariants(t *testing.T) {
	correct := map[string][]bool{} // A's verdicts on B's variants, by question
	got := compareWith(t, true, func(rec transcript.Episode) []transcript.Episode {
		if rec.Protocol != "consultancy" || !strings.HasPrefix(rec.Assignment, "assigned-correct") {
			return nil
		}
		correct[rec.QuestionID] = append(correct[rec.QuestionID], rec.Correct)
		rec.Correct, rec.Verdict.Answer = false, 1-rec.CorrectAnswer
		return []transcript.Episode{rec}
	})
	want := 0.0
	for _, vs := range correct {
		right := 0
		for _, v := range vs {
			if v {
				right++
			}
		}
		want += float64(right) / float64(len(vs)) / float64(len(correct))
	}
	if len(got) != 1 {
		t.Fatalf("compare --format json: %d comparisons; want 1 (consultancy)", len(got))
	}
	if c := got[0]; math.Abs(c.AccuracyA-want) > 5e-5 || c.AccuracyB != 0 { // rounded to 4 decimals, as summary.json
		t.Errorf("consultancy: A %.4f, B %.4f; want A's accuracy on B's variants, %.4f, and 0", c.AccuracyA, c.AccuracyB, want)
	}
}

// TestTableSaysPartial: moot table of a run that stopped early says so.
func TestTableSaysPartial(t *testing.T) {
	dir := partialRun(t, "interrupted after 15 of 264")
	code, _, errOut := moot(t, "table", dir)
	if code != exitOK || !strings.Contains(errOut, "is a partial run (interrupted after 15 of 264)") {
		t.Errorf("table of a partial run: exit %d, stderr %q; want a word that it is partial", code, errOut)
	}
	// Its markdown says so as its table.md does.
	if _, md, _ := moot(t, "table", dir, "--format", "markdown"); !strings.Contains(md, "**Partial run** (interrupted after 15 of 264)") {
		t.Errorf("markdown table of a partial run:\n%s\nwant it marked partial", md)
	}
}

// TestValidateDryRunsTemplates: a prompts file that names a field the
// prompt has not parses, but a dry run of one episode a protocol meets it:
// validate exits 2 naming it, before a run pays for any call.
func TestValidateDryRunsTemplates(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "judge.tmpl"), []byte(`{{define "judge.user"}}{{.View.Questoin}}{{end}}`), 0o644)
	file := filepath.Join(dir, "x.yaml")
	data := mustRead(t, "../../engine/testdata/debate-prompts.yaml")
	os.WriteFile(file, data, 0o644)
	refusedBeforePlay(t, file, "dry run", "Questoin", "template: judge.tmpl:1:")
}

// TestPromptsFileRefusedAtItsLine: a prompts file that is not UTF-8 is
// refused naming the line of its first bad byte, and one too large names
// itself, not "an experiment file".
func TestPromptsFileRefusedAtItsLine(t *testing.T) {
	data := mustRead(t, "../../engine/testdata/debate-prompts.yaml")
	for _, c := range []struct {
		name, text string
		want       string
	}{
		{"latin1", "{{define \"judge.system\"}}\nJuge bri\xe8vement.\n{{end}}", "judge.tmpl:2: not UTF-8 text"},
		{"huge", "{{define \"judge.system\"}}" + strings.Repeat("x", 1<<20) + "{{end}}", "judge.tmpl: larger than 1048576 bytes"},
	} {
		dir := t.TempDir()
		os.WriteFile(filepath.Join(dir, "judge.tmpl"), []byte(c.text), 0o644)
		file := filepath.Join(dir, "x.yaml")
		os.WriteFile(file, data, 0o644)
		refusedBeforePlay(t, file, c.want)
	}
}

// refusedBeforePlay checks that validate and run of file exit 2 with
// every one of wants in the message, and that the run wrote no
// transcripts.
func refusedBeforePlay(t *testing.T, file string, wants ...string) {
	t.Helper()
	out := filepath.Join(filepath.Dir(file), "out")
	for _, args := range [][]string{{"validate", file}, {"run", file, "--out", out}} {
		code, _, errOut := moot(t, args...)
		missing := slices.DeleteFunc(slices.Clone(wants), func(w string) bool { return strings.Contains(errOut, w) })
		if code != exitBadInput || len(missing) > 0 {
			t.Errorf("%s: exit %d, stderr %q; want %d and %q", args[0], code, errOut, exitBadInput, missing)
		}
	}
	if _, err := os.Stat(filepath.Join(out, "transcripts.jsonl")); err == nil {
		t.Error("a run refused before play wrote transcripts")
	}
}

// TestCacheMergeChecksSourcesFirst: a source that holds no cache is named,
// exit 2, and the destination is not created.
func TestCacheMergeChecksSourcesFirst(t *testing.T) {
	dir := t.TempDir()
	dst := filepath.Join(dir, "dst")
	code, _, errOut := moot(t, "cache", "merge", dst, filepath.Join(dir, "missing"))
	if code != exitBadInput || !strings.Contains(errOut, "holds no response cache") {
		t.Errorf("cache merge from a missing folder: exit %d %s; want %d naming it", code, errOut, exitBadInput)
	}
	if _, err := os.Stat(dst); !os.IsNotExist(err) {
		t.Errorf("the destination after a refused merge: %v; want none", err)
	}
	typo := filepath.Join(dir, "typo")
	if code, _, errOut := moot(t, "cache", "stats", "--cache", typo); code != exitBadInput || !strings.Contains(errOut, "holds no response cache") {
		t.Errorf("cache stats of a misspelt folder: exit %d %s; want %d naming it", code, errOut, exitBadInput)
	}
	if _, err := os.Stat(typo); !os.IsNotExist(err) {
		t.Errorf("the misspelt cache folder after stats: %v; want none made", err)
	}
}

// TestBatchWithoutBatchAPI: --batch on agents that have no batch API says
// that every call is made live.
func TestBatchWithoutBatchAPI(t *testing.T) {
	code, _, errOut := moot(t, "run", small, "--batch", "--out", filepath.Join(t.TempDir(), "r"))
	if code != exitOK || !strings.Contains(errOut, "--batch: no agent in play has a batch API") {
		t.Errorf("run --batch of sim agents: exit %d, stderr %q; want 0 and a word that nothing is batched", code, errOut)
	}
}

// TestRejudgeOfAPartialRun: a run that stopped early is judged again only
// as far as it went, and the rejudged run's summary says it is partial.
func TestRejudgeOfAPartialRun(t *testing.T) {
	run := partialRun(t, "interrupted after 100 of 264 episodes")
	out := filepath.Join(t.TempDir(), "again")
	code, _, errOut := moot(t, "rejudge", run, "--judge", "judge", "--experiment", small, "--out", out)
	if code != exitOK || !strings.Contains(errOut, "is partial") {
		t.Fatalf("rejudge of a partial run: exit %d, stderr %q; want 0 and a warning", code, errOut)
	}
	var got struct{ Partial string }
	if err := json.Unmarshal(mustRead(t, filepath.Join(out, "summary.json")), &got); err != nil || !strings.Contains(got.Partial, "the run judged again is partial (interrupted after 100 of 264") {
		t.Errorf("the rejudged summary's partial: %q (%v); want it to say the source is partial", got.Partial, err)
	}
}

// TestDryRunTakesEveryBranch: a template whose typo sits in a branch only
// some assignments take (the consultant arguing the answer shown second)
// is met by the dry run, which plays every assignment: validate and run
// refuse it before play.
func TestDryRunTakesEveryBranch(t *testing.T) {
	for _, side := range []string{"0", "1"} {
		dir := t.TempDir()
		tmpl := `{{define "consultant.user"}}Argue.{{if eq .Side ` + side + `}} {{.View.Answres}}{{end}}{{end}}`
		os.WriteFile(filepath.Join(dir, "branch.tmpl"), []byte(tmpl), 0o644)
		file := filepath.Join(dir, "x.yaml")
		os.WriteFile(file, []byte("name: branch\nseed: 3\nagents:\n  s: {backend: sim}\n  j: {backend: sim}\n"+
			"tasks:\n  - {name: q, generator: qa, n: 4}\n"+
			"protocols:\n  - {name: consultancy, judge: j, consultant: s, rounds: 1, prompts: branch.tmpl}\n"), 0o644)
		// A priced agent: the run's estimate samples episodes too, and the
		// failure still names its place.
		priced := filepath.Join(dir, "priced.yaml")
		os.WriteFile(priced, []byte("name: branch\nseed: 3\nagents:\n  s: {backend: openai, base_url: \"http://127.0.0.1:9/v1\", model: m, price: {input: 1, output: 1}}\n  j: {backend: sim}\n"+
			"tasks:\n  - {name: q, generator: qa, n: 4}\n"+
			"protocols:\n  - {name: consultancy, judge: j, consultant: s, rounds: 1, prompts: branch.tmpl}\n"), 0o644)
		for _, args := range [][]string{{"validate", file}, {"run", file, "--out", filepath.Join(dir, "out")}, {"run", priced, "--out", filepath.Join(dir, "out2")}} {
			code, _, errOut := moot(t, args...)
			if code != exitBadInput || !strings.Contains(errOut, "branch.tmpl:1:") || !strings.Contains(errOut, "Answres") ||
				!strings.Contains(errOut, args[1]+":9: protocols[0].prompts: a dry run") {
				t.Errorf("side %s, %s: exit %d, stderr %q; want %d naming the file and the field", side, args[0], code, errOut, exitBadInput)
			}
		}
	}
}

// TestDryRunTakesEveryTask: a template whose typo sits in a branch that
// only a later task's family takes is met by the dry run, which plays the
// first question of every task: validate and run refuse it before play.
func TestDryRunTakesEveryTask(t *testing.T) {
	dir := t.TempDir()
	tmpl := `{{define "consultant.user"}}Argue.{{if eq .View.Family "math"}} {{.View.Answres}}{{end}}{{end}}`
	os.WriteFile(filepath.Join(dir, "family.tmpl"), []byte(tmpl), 0o644)
	file := filepath.Join(dir, "x.yaml")
	os.WriteFile(file, []byte("name: family\nseed: 3\nagents:\n  s: {backend: sim}\n  j: {backend: sim}\n"+
		"tasks:\n  - {name: q, generator: qa, n: 4}\n  - {name: m, generator: math, n: 4}\n"+
		"protocols:\n  - {name: consultancy, judge: j, consultant: s, rounds: 1, prompts: family.tmpl}\n"), 0o644)
	refusedBeforePlay(t, file, "family.tmpl:1:", "Answres", "task m,")
}

// partialRun plays small.yaml and marks its summary partial with reason,
// as a run that stopped early has it; it returns the run's folder.
func partialRun(t *testing.T, reason string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "run")
	runSmall(t, dir)
	path := filepath.Join(dir, "summary.json")
	var sum map[string]any
	if err := json.Unmarshal(mustRead(t, path), &sum); err != nil {
		t.Fatal(err)
	}
	sum["partial"] = reason
	data, _ := json.Marshal(sum)
	writeFile(t, path, data)
	return dir
}

// TestNegativeFlags: a count, limit or wait given a negative value, or
// --progress-every given none, is refused, exit 2, before anything runs;
// so are a verify against a reference folder that holds no run, an --out
// that is a file, an unknown command, a command that groups others run
// without one, a required flag not given and a --path that cannot be read.
func TestNegativeFlags(t *testing.T) {
	out := filepath.Join(t.TempDir(), "never-written")
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"run", small, "--out", out, "--concurrency", "-1"}, "--concurrency must not be negative"},
		{[]string{"run", small, "--out", out, "--grace", "-5s"}, "--grace must not be negative"},
		{[]string{"run", small, "--out", out, "--progress-every", "0"}, "--progress-every must be more than 0"},
		{[]string{"run", small, "--out", out, "--progress-every", "1ns"}, "--progress-every must be at least 1ms, got 1ns"},
		{[]string{"rejudge", "x", "--judge", "j", "--experiment", small, "--progress-every", "-1s"}, "--progress-every must not be negative"},
		{[]string{"plan", small, "--sample", "-1"}, "--sample must not be negative"},
		{[]string{"tasks", "show", "qa", "--seed", "-1"}, `--seed takes a whole number from 0 to 18446744073709551615, in decimal digits, got "-1"`},
		{[]string{"tasks", "show", "qa", "--seed", "0x10"}, `--seed takes a whole number from 0 to 18446744073709551615, in decimal digits, got "0x10"`},
		{[]string{"run", small, "--out", out, "--concurrency", "many"}, `--concurrency takes a whole number in decimal digits, got "many"`},
		{[]string{"verify", small, "--tolerance", "Inf"}, "--tolerance must be a finite number"},
		{[]string{"verify", small, "--tolerance", "NaN"}, "--tolerance must be a finite number"},
		{[]string{"verify", small, "--tolerance", "1e"}, `--tolerance takes a number, got "1e"`},
		{[]string{"verify", small, "--tolerance", "-0.5"}, "--tolerance must not be negative"},
		{[]string{"tasks", "show", "qa", "--n", "-2"}, "--n must not be negative"},
		{[]string{"judge", t.TempDir(), "--as", "x", "--slot", "-3"}, "--slot must not be negative"},
		{[]string{"judge", t.TempDir(), "--as", "x", "--n", "-3"}, "--n must not be negative"},
		{[]string{"judge", t.TempDir(), "--as", "x", "--n", "0"}, "--n must be at least 1"},
		{[]string{"judge", t.TempDir(), "--as", "x", "--idle", "-1s"}, "--idle must not be negative"},
		{[]string{"judge", t.TempDir(), "--as", "x", "--idle", "0"}, "--idle must be more than 0"},
		{[]string{"fit", small, "--targets", small, "--bootstrap", "-5"}, "--bootstrap must not be negative"},
		{[]string{"fit", small, "--targets", small, "--evaluations", "-5"}, "--evaluations must not be negative"},
		{[]string{"verify", small, "--reference", filepath.Join(t.TempDir(), "none")}, "usage: "},
		{[]string{"run", small, "--out", out, "--replicates", "0"}, "--replicates"},
		{[]string{"run", small, "--out", small}, "usage: "},
		{[]string{"rejudge", t.TempDir(), "--judge", "judge", "--experiment", small, "--out", small}, "usage: "},
		{[]string{"bogus"}, "usage: "}, {[]string{"cache", "bogus"}, "usage: "}, {[]string{"cache"}, "usage: "}, {[]string{"tasks"}, "usage: "},
		{[]string{"export", t.TempDir()}, `required flag(s) "format" not set`},
		{[]string{"tasks", "show", "gsm8k", "--path", filepath.Join(t.TempDir(), "nothere.jsonl")}, "--path: open "},
		{[]string{"tasks", "show", "gsm8k", "--path", t.TempDir()}, "not a regular file"},
	} {
		code, _, errOut := moot(t, c.args...)
		if code != exitBadInput || !strings.Contains(errOut, "usage: ") || !strings.Contains(errOut, c.want) {
			t.Errorf("%v: exit %d, stderr %q; want %d and %q", c.args, code, errOut, exitBadInput, c.want)
		}
	}
	if _, err := os.Stat(out); err == nil {
		t.Errorf("a refused run wrote %s", out)
	}
}

// TestWholeNumbersAreDecimal: a whole-number flag reads a leading zero as
// decimal, where pflag alone reads "010" as octal 8: --seed 010 is seed
// 10, not another seed without a word.
func TestWholeNumbersAreDecimal(t *testing.T) {
	_, ten, _ := moot(t, "tasks", "show", "qa", "--seed", "10", "--n", "1", "--format", "json")
	code, zeroTen, errOut := moot(t, "tasks", "show", "qa", "--seed", "010", "--n", "01", "--format", "json")
	if code != exitOK || zeroTen != ten || ten == "" {
		t.Errorf("--seed 010: exit %d, %q\n%s; want seed 10's question\n%s", code, errOut, zeroTen, ten)
	}
}

// TestVerifyReplicatesFromTheCommandLine: a run made with --replicates N
// is verified at its seeds, with no flag; a replicated file against a
// single run's reference is refused, exit 2.
func TestVerifyReplicatesFromTheCommandLine(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "rep")
	mootOK(t, "run", small, "--replicates", "2", "--out", dir)
	if code, out, errOut := moot(t, "verify", small, "--reference", dir); code != exitOK || !strings.Contains(out, "results match") {
		t.Errorf("verify of a --replicates run: exit %d\n%s%s", code, out, errOut)
	}
	single := filepath.Join(t.TempDir(), "one")
	runSmall(t, single)
	data := append(mustRead(t, small), "replicates: 2\n"...)
	file := filepath.Join(t.TempDir(), "small.yaml")
	os.WriteFile(file, data, 0o644)
	if code, _, errOut := moot(t, "verify", file, "--reference", single); code != exitBadInput || !strings.Contains(errOut, "holds one run") {
		t.Errorf("verify of a replicated file against one run: exit %d %s; want %d", code, errOut, exitBadInput)
	}
}

// TestHelpPrintsNoSentinelDefault: a flag whose default is worked out
// says so in its help, and cobra prints no "(default -1)" beside it.
func TestHelpPrintsNoSentinelDefault(t *testing.T) {
	var walk func(c *cobra.Command, path []string)
	walk = func(c *cobra.Command, path []string) {
		for _, sub := range c.Commands() {
			args := append(append([]string(nil), path...), sub.Name())
			code, out, errOut := moot(t, append(args, "--help")...)
			if code != exitOK || strings.Contains(out+errOut, "(default -") {
				t.Errorf("moot %s --help: exit %d, a negative default printed:\n%s", strings.Join(args, " "), code, out)
			}
			walk(sub, args)
		}
	}
	walk(newRootCommand(io.Discard, io.Discard), nil)
}

// TestPoolingCountsAnEpisodeOnce: table and audit over a run and a copy of
// it — as over a merged run and one of its shards, or a rejudge by the
// same judge — would count each episode twice; they refuse, exit 2, naming
// an episode both hold. Two experiments whose episodes share ids are
// pooled, and so are a run and its rejudge by another judge.
func TestPoolingCountsAnEpisodeOnce(t *testing.T) {
	a := filepath.Join(t.TempDir(), "run")
	runSmall(t, a)
	twin := filepath.Join(t.TempDir(), "twin")
	copyFolder(t, twin, a)
	for _, args := range [][]string{{"table", a, twin}, {"table", a, twin, "--by", "judge"}, {"audit", a, twin}} {
		code, _, errOut := moot(t, args...)
		if code != exitBadInput || !strings.Contains(errOut, "would count twice") || !strings.Contains(errOut, "both hold episode") {
			t.Errorf("%v: exit %d %s; want %d, an episode both runs hold", args[:1], code, errOut, exitBadInput)
		}
	}
	// A rejudge by the same judge holds the run's episodes again, judged
	// alike: refused; by another judge, each episode's own verdict: pooled.
	same, otherJudge := filepath.Join(t.TempDir(), "same"), filepath.Join(t.TempDir(), "strong")
	for dir, judge := range map[string]string{same: "judge", otherJudge: "strong"} {
		if code, _, errOut := moot(t, "rejudge", a, "--judge", judge, "--experiment", small, "--out", dir); code != exitOK {
			t.Fatalf("rejudge by %s: %d %s", judge, code, errOut)
		}
	}
	if code, _, errOut := moot(t, "table", a, same, "--by", "judge"); code != exitBadInput || !strings.Contains(errOut, "would count twice") {
		t.Errorf("table of a run and its rejudge by the same judge: exit %d %s; want %d, an episode both hold", code, errOut, exitBadInput)
	}
	if code, _, errOut := moot(t, "table", a, otherJudge, "--by", "judge"); code != exitOK {
		t.Errorf("table of a run and its rejudge by another judge: exit %d %s; want them pooled", code, errOut)
	}
	// Another experiment at the same seed (the judge's skill changed, its
	// name kept) has episodes of the same ids, each of its own: pooled.
	data, _ := os.ReadFile(small)
	other := filepath.Join(t.TempDir(), "other.yaml")
	os.WriteFile(other, []byte(strings.Replace(string(data), "judge: {backend: sim, skill: 0.5", "judge: {backend: sim, skill: 0.8", 1)), 0o644)
	b := filepath.Join(t.TempDir(), "judge-b")
	mootOK(t, "run", other, "--out", b)
	for _, args := range [][]string{{"table", a, b, "--by", "judge"}, {"audit", a, b}} {
		if code, _, errOut := moot(t, args...); code != exitOK {
			t.Errorf("%v of two experiments: exit %d %s; want them pooled", args[:1], code, errOut)
		}
	}
}

// TestPoolingCountsAVoteOnce: a rejudge keeps a vote (society) as it was,
// under an id derived from the new judge's: pooled with its source, or
// with another rejudge's, the vote would count twice, and is refused as a
// copy's would be.
func TestPoolingCountsAVoteOnce(t *testing.T) {
	file := filepath.Join(t.TempDir(), "vote.yaml")
	os.WriteFile(file, []byte("name: vote\nseed: 2\nagents:\n  a: {backend: sim, skill: 0.8}\n  j: {backend: sim}\n  k: {backend: sim, skill: 0.6}\n"+
		"tasks:\n  - {name: qa, generator: qa, n: 6}\nprotocols:\n  - {name: direct, judge: j}\n  - {name: society, label: vote, agents: a, n: 3, rounds: 0}\n"), 0o644)
	run, rejudged := filepath.Join(t.TempDir(), "run"), filepath.Join(t.TempDir(), "rejudged")
	mootOK(t, "run", file, "--out", run)
	mootOK(t, "rejudge", run, "--judge", "k", "--experiment", file, "--out", rejudged)
	// A second rejudge, by another judge, keeps the vote again.
	again := filepath.Join(t.TempDir(), "again")
	mootOK(t, "rejudge", run, "--judge", "a", "--experiment", file, "--out", again)
	for _, pair := range [][]string{{run, rejudged}, {rejudged, run}, {rejudged, again}} {
		code, _, errOut := moot(t, "table", pair[0], pair[1], "--by", "judge")
		if code != exitBadInput || !strings.Contains(errOut, "judged by majority-vote") {
			t.Errorf("table of %s and %s: exit %d %s; want %d, a vote both hold", filepath.Base(pair[0]), filepath.Base(pair[1]), code, errOut, exitBadInput)
		}
	}
}

// TestUnfinishedRunIsSaid: a run killed before its summary is written is
// read by table with a word that it did not finish, and report says how to
// finish it rather than that the folder holds no run.
func TestUnfinishedRunIsSaid(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "run")
	runSmall(t, dir)
	if err := os.Remove(filepath.Join(dir, "summary.json")); err != nil {
		t.Fatal(err)
	}
	if code, _, errOut := moot(t, "table", dir); code != exitOK || !strings.Contains(errOut, "the run did not finish") {
		t.Errorf("table of an unfinished run: exit %d, stderr %q; want a word that it did not finish", code, errOut)
	}
	// A script reads no warning: the table says it too, of one run or
	// of one among several.
	other := filepath.Join(t.TempDir(), "other")
	mootOK(t, "run", "../../experiments/quickstart.yaml", "--out", other)
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{dir, "--format", "json"}, `"partial": "` + unfinishedPartial + `"`},
		{[]string{dir, "--format", "markdown"}, "**Partial run** (" + unfinishedPartial},
		{[]string{other, dir, "--format", "json"}, `"partial": "` + dir + ": " + unfinishedPartial + `"`},
	} {
		if code, out, _ := moot(t, append([]string{"table"}, c.args...)...); code != exitOK || !strings.Contains(out, c.want) {
			t.Errorf("table %v of an unfinished run: exit %d\n%s\nwant %q", c.args, code, out, c.want)
		}
	}
	if code, _, errOut := moot(t, "export", dir, "--format", "csv", "--out", filepath.Join(t.TempDir(), "x.csv")); code != exitOK ||
		!strings.Contains(errOut, "the run did not finish (or is still running); the tables hold the episodes its log holds") {
		t.Errorf("export of an unfinished run: exit %d, stderr %q; want it written, with a warning", code, errOut)
	}
	code, _, errOut := moot(t, "report", dir)
	if code != exitBadInput || !strings.Contains(errOut, "did not finish") || !strings.Contains(errOut, "resumes it") {
		t.Errorf("report of an unfinished run: exit %d, stderr %q; want %d and how to resume it", code, errOut, exitBadInput)
	}
	// Its log may hold an episode's failure before its replay: the
	// replay alone counts, as it will in the finished run.
	path := filepath.Join(dir, engine.TranscriptsFile)
	data := mustRead(t, path)
	first := data[:bytes.IndexByte(data, '\n')+1]
	failed := bytes.Replace(first, []byte(`"correct":`), []byte(`"error":"HTTP 500","correct":`), 1)
	if bytes.Equal(failed, first) {
		t.Fatal("no correct field to mark the failure at")
	}
	writeFile(t, path, append(failed, data...))
	code, out, errOut := moot(t, "table", dir, "--format", "json")
	var sum struct{ Failed, Episodes int }
	if err := json.Unmarshal([]byte(out), &sum); code != exitOK || err != nil || sum.Failed != 0 {
		t.Errorf("table of a log with a failure and its replay: exit %d, %+v, %v; want no failure counted\n%s", code, sum, err, errOut)
	}
	// So too where a summary says the run stopped early (the failure
	// limit), whose log is not put in order either.
	os.WriteFile(filepath.Join(dir, "summary.json"), []byte(`{"experiment":"small","seed":11,"partial":"too many failed episodes after 3 of 264 episodes"}`), 0o644)
	code, out, errOut = moot(t, "table", dir, "--format", "json")
	if err := json.Unmarshal([]byte(out), &sum); code != exitOK || err != nil || sum.Failed != 0 {
		t.Errorf("table of a stopped run's log with a failure and its replay: exit %d, %+v, %v; want no failure counted\n%s", code, sum, err, errOut)
	}
}

// TestRejudgeAndReportOfWhatIsNoRun: rejudge and report of a folder that
// holds no run (an empty one, a replicated run's) say so, exit 2, and leave
// nothing in it, not even a lock; a rejudge of a run that did not finish
// says so and is partial.
func TestRejudgeAndReportOfWhatIsNoRun(t *testing.T) {
	empty := t.TempDir()
	reps := filepath.Join(t.TempDir(), "reps")
	mootOK(t, "run", small, "--out", reps, "--replicates", "2")
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"rejudge", empty, "--judge", "strong", "--experiment", small, "--out", filepath.Join(t.TempDir(), "x")}, "is not a run folder"},
		{[]string{"rejudge", reps, "--judge", "strong", "--experiment", small, "--out", filepath.Join(t.TempDir(), "y")}, "holds a replicated run"},
		{[]string{"report", empty}, "is not a run folder"},
	} {
		code, _, errOut := moot(t, tc.args...)
		if code != exitBadInput || !strings.Contains(errOut, tc.want) {
			t.Errorf("%v: exit %d %q; want %d, %q", tc.args[:2], code, errOut, exitBadInput, tc.want)
		}
	}
	if left, _ := os.ReadDir(empty); len(left) != 0 {
		t.Errorf("the empty folder holds %v after; want nothing", left)
	}
	// A folder that is not there (a misspelt name) is said so, where each
	// command said a file in it could not be stat'ed or opened.
	missing := filepath.Join(t.TempDir(), "runs", "pilto")
	for _, args := range [][]string{
		{"table", missing}, {"report", missing}, {"show", missing, "x"}, {"audit", missing},
		{"export", missing, "--format", "csv"}, {"compare", missing, empty},
		{"rejudge", missing, "--judge", "strong", "--experiment", small, "--out", filepath.Join(t.TempDir(), "z")},
	} {
		code, _, errOut := moot(t, args...)
		if want := missing + " is not there"; code != exitBadInput || !strings.Contains(errOut, want) {
			t.Errorf("%v of a folder not there: exit %d %q; want %d, %q", args[0], code, errOut, exitBadInput, want)
		}
	}
	// A run killed before its summary: its log's first episodes and lock.
	run := filepath.Join(t.TempDir(), "run")
	runSmall(t, run)
	killed := t.TempDir()
	data, _ := os.ReadFile(filepath.Join(run, engine.TranscriptsFile))
	lines := strings.SplitAfter(string(data), "\n")
	os.WriteFile(filepath.Join(killed, engine.TranscriptsFile), []byte(strings.Join(lines[:10], "")), 0o644)
	for _, f := range []string{engine.LockFile, "questions.jsonl.gz"} {
		if b, err := os.ReadFile(filepath.Join(run, f)); err == nil {
			os.WriteFile(filepath.Join(killed, f), b, 0o644)
		}
	}
	out := filepath.Join(t.TempDir(), "rejudged")
	code, _, errOut := moot(t, "rejudge", killed, "--judge", "strong", "--experiment", small, "--out", out)
	if code != exitOK || !strings.Contains(errOut, "the run did not finish") {
		t.Errorf("rejudge of a killed run: exit %d %q; want it judged, with a word that the run did not finish", code, errOut)
	}
	if sum := readSummary(t, out); !strings.Contains(sum.Partial, "did not finish") {
		t.Errorf("the rejudge's summary: partial %q; want it partial, its source unfinished", sum.Partial)
	}
}

// TestDryRunTakesEveryPath: a template typo in a branch that only a
// speaker's choice takes — the answer an open consultant picks, a MAD
// debate the moderator lets run to its last round — or only one sweep
// cell's prompts file reads is met by the dry run: validate and run refuse
// it before play, and the run writes nothing.
func TestDryRunTakesEveryPath(t *testing.T) {
	agents := "agents:\n  s: {backend: sim, skill: 0.9}\n  j: {backend: sim, skill: 0.5}\n  m: {backend: sim, skill: 0, diligence: 0, noise: 1}\n" +
		"tasks:\n  - {name: q, generator: qa, n: 6, sentences: 1}\n"
	for _, c := range []struct {
		name, tmpl, protocols, want string
	}{
		{"open consultant picks A", `{{define "consultant.user"}}Argue.{{if eq .Side 0}} {{.View.Answres}}{{end}}{{end}}`,
			"protocols:\n  - {name: open-consultancy, judge: j, consultant: s, rounds: 1, prompts: t.tmpl}\n", "protocols[0].prompts: a dry run"},
		{"open consultant picks B", `{{define "consultant.user"}}Argue.{{if eq .Side 1}} {{.View.Answres}}{{end}}{{end}}`,
			"protocols:\n  - {name: open-consultancy, judge: j, consultant: s, rounds: 1, prompts: t.tmpl}\n", "protocols[0].prompts: a dry run"},
		{"a MAD debate's last round", `{{define "debater.user"}}Argue.{{if ge .Round 3}} {{.View.Answres}}{{end}}{{end}}`,
			"protocols:\n  - {name: mad, judge: j, debaters: s, moderator: m, rounds: 3, prompts: t.tmpl}\n", "protocols[0].prompts: a dry run"},
		{"a block-style protocol", `{{define "judge.system"}}{{.View.Answres}}{{end}}`,
			"protocols:\n  - name: debate\n    judge: j\n    debaters: s\n    rounds: 1\n    prompts: t.tmpl\n", "x.yaml:14: protocols[0].prompts: a dry run"},
		{"one sweep cell's prompts", `{{define "judge.system"}}{{.View.Answres}}{{end}}`,
			"protocols:\n  - {name: direct, judge: j}\n  - {name: debate, judge: j, debaters: s, rounds: 1}\n" +
				"sweep:\n  protocols.debate.prompts: {shipped: \"\", bad: t.tmpl}\n", "debate.prompts=bad"},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			os.WriteFile(filepath.Join(dir, "t.tmpl"), []byte(c.tmpl), 0o644)
			file := filepath.Join(dir, "x.yaml")
			os.WriteFile(file, []byte("name: paths\nseed: 3\n"+agents+c.protocols), 0o644)
			refusedBeforePlay(t, file, "t.tmpl:1:", "Answres", c.want)
		})
	}
}

// TestPromptsFileBlocksNoSeatRenders: a prompts file that defines a
// template no seat of its protocol renders as it is set (an answerer of a
// debate that is not open, a questioner of a consultancy that is not
// interactive) is warned of, by validate and by run; one whose blocks are
// all rendered is not.
func TestPromptsFileBlocksNoSeatRenders(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "d.tmpl"), []byte(`{{define "judge.system"}}Judge.{{end}}{{define "answerer.system"}}Pick.{{end}}`), 0o644)
	os.WriteFile(filepath.Join(dir, "c.tmpl"), []byte(`{{define "questioner.system"}}Ask.{{end}}`), 0o644)
	file := filepath.Join(dir, "x.yaml")
	os.WriteFile(file, []byte("name: unused\nseed: 3\nagents:\n  s: {backend: sim}\n  j: {backend: sim}\n"+
		"tasks:\n  - {name: q, generator: qa, n: 2}\n"+
		"protocols:\n  - {name: debate, judge: j, debaters: s, rounds: 1, prompts: d.tmpl}\n"+
		"  - {name: consultancy, judge: j, consultant: s, rounds: 2, prompts: c.tmpl}\n"+
		"  - {name: consultancy, label: asking, judge: j, consultant: s, rounds: 2, interactive: true, prompts: c.tmpl}\n"+
		"  - {name: open-debate, judge: j, debaters: s, rounds: 1, prompts: d.tmpl}\n"), 0o644)
	for _, args := range [][]string{{"validate", file}, {"run", file, "--out", filepath.Join(dir, "out")}} {
		code, _, errOut := moot(t, args...)
		for _, want := range []string{
			"protocol debate: its prompts file defines answerer.system, which no seat of it renders as it is set",
			"protocol consultancy: its prompts file defines questioner.system, which no seat",
		} {
			if code != exitOK || !strings.Contains(errOut, want) {
				t.Errorf("%s: exit %d, stderr %q; want %q", args[0], code, errOut, want)
			}
		}
		for _, not := range []string{"protocol asking: its prompts file", "protocol open-debate: its prompts file", "judge.system, which"} {
			if strings.Contains(errOut, not) {
				t.Errorf("%s warns of a block that is rendered: %q in %s", args[0], not, errOut)
			}
		}
	}
	// A sweep one of whose cells renders the block: the block changes it.
	swept := filepath.Join(dir, "swept.yaml")
	os.WriteFile(swept, []byte("name: swept\nseed: 3\nagents:\n  s: {backend: sim}\n  j: {backend: sim}\n"+
		"tasks:\n  - {name: q, generator: qa, n: 2}\n"+
		"protocols:\n  - {name: consultancy, judge: j, consultant: s, rounds: 2, prompts: c.tmpl}\n"+
		"sweep:\n  protocols.consultancy.interactive: [false, true]\n"), 0o644)
	if code, _, errOut := moot(t, "validate", swept); code != exitOK || strings.Contains(errOut, "questioner.system, which") {
		t.Errorf("validate of a sweep over interactive: exit %d, stderr %q; want no warning", code, errOut)
	}
}

// TestPlanRefusesWhatRunRefuses: a template whose typo sits in a branch
// one question alone takes is met by the dry run of the estimate's
// sample: plan refuses to price the run, as run refuses to play it, both
// naming the prompts setting's place in the file.
func TestPlanRefusesWhatRunRefuses(t *testing.T) {
	dir := t.TempDir()
	var data strings.Builder
	for _, id := range []string{"a", "b", "c", "d"} {
		fmt.Fprintf(&data, `{"id": %q, "question": "Which tool is %s?", "correct": "adze", "incorrect": "kiln"}`+"\n", id, id)
	}
	os.WriteFile(filepath.Join(dir, "q.jsonl"), []byte(data.String()), 0o644)
	os.WriteFile(filepath.Join(dir, "c.tmpl"), []byte(`{{define "consultant.user"}}Argue.{{if eq .View.QuestionID "c"}} {{.View.Answres}}{{end}}{{end}}`), 0o644)
	file := filepath.Join(dir, "x.yaml")
	os.WriteFile(file, []byte("name: c\nseed: 3\nagents:\n  s: {backend: openai, base_url: \"http://127.0.0.1:9/v1\", model: m, price: {input: 1, output: 1}}\n  j: {backend: sim}\n"+
		"tasks:\n  - {name: q, loader: jsonl, path: q.jsonl, id: id}\n"+
		"protocols:\n  - {name: consultancy, judge: j, consultant: s, rounds: 1, prompts: c.tmpl}\n"), 0o644)
	for _, args := range [][]string{{"plan", file}, {"run", file, "--out", filepath.Join(dir, "out")}} {
		code, stdout, errOut := moot(t, args...)
		if code != exitBadInput || !strings.Contains(errOut, file+":9: protocols[0].prompts: a dry run") || !strings.Contains(errOut, "Answres") || strings.Contains(stdout, "$") {
			t.Errorf("%s: exit %d, stdout %q, stderr %q; want %d, the prompts setting named, no price", args[0], code, stdout, errOut, exitBadInput)
		}
	}
}

// TestRunIntoAFolderInUse: a run into a folder another process is
// writing is refused at once (exit 2), naming the process, before it
// prints its plan or its episodes in flight, as if it had started; the
// folder is left as it was.
func TestRunIntoAFolderInUse(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "run")
	unlock, err := engine.LockFolder(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer unlock()
	code, _, errOut := moot(t, "run", small, "--out", dir)
	if code != exitBadInput || !strings.Contains(errOut, "is writing "+dir+"; wait for it to end") {
		t.Errorf("run into a folder in use: exit %d, %q; want %d naming the process", code, errOut, exitBadInput)
	}
	if strings.Contains(errOut, "episodes (") || strings.Contains(errOut, "in flight") {
		t.Errorf("run into a folder in use printed its plan before it was refused:\n%s", errOut)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("the folder holds %d entries after the refusal; want its lock file alone", len(entries))
	}
}

// TestLogCutShortIsRefused: a finished run whose log lost episodes (a
// copy that stopped part way) or gained some is not summarized again as
// if it were the run: table, compare, audit and report refuse it naming
// both counts, and report.html stays as it was; export writes what the
// log holds, with a warning.
func TestLogCutShortIsRefused(t *testing.T) {
	run := filepath.Join(t.TempDir(), "run")
	runSmall(t, run)
	log := mustRead(t, filepath.Join(run, engine.TranscriptsFile))
	lines := bytes.SplitAfter(log, []byte("\n"))
	lines = lines[:len(lines)-1] // the empty piece after the last newline
	n := len(lines)
	for _, c := range []struct {
		name, want string
		log        []byte
	}{
		{"cut", fmt.Sprintf("holds %d records where the run's summary counts %d episodes: the log was cut short", n-3, n), bytes.Join(lines[:n-3], nil)},
		{"torn", fmt.Sprintf("holds %d records where the run's summary counts %d episodes: the log was cut short", n-1, n), log[:len(log)-len(lines[n-1])/2]},
		{"grown", fmt.Sprintf("holds %d records where the run's summary counts %d episodes: the log was written to", n+1, n), append(slices.Clone(log), lines[0]...)},
	} {
		dir := filepath.Join(t.TempDir(), c.name)
		copyFolder(t, dir, run)
		writeFile(t, filepath.Join(dir, engine.TranscriptsFile), c.log)
		page := mustRead(t, filepath.Join(dir, "report.html"))
		for _, args := range [][]string{{"table", dir}, {"compare", run, dir}, {"audit", dir}, {"report", dir}} {
			if code, _, errOut := moot(t, args...); code != exitBadInput || !strings.Contains(errOut, c.want) {
				t.Errorf("%s: %v: exit %d %s; want %d, %q", c.name, args[0], code, errOut, exitBadInput, c.want)
			}
		}
		if !bytes.Equal(mustRead(t, filepath.Join(dir, "report.html")), page) {
			t.Errorf("%s: report.html rewritten from a log that is not the run's", c.name)
		}
		// A run stopped early whose resume was stopped too, by a moot
		// before 2026-12-03, holds failures of its first attempt that
		// the resume did not play again, which its summary does not
		// count: read as it is.
		var sum map[string]any
		if err := json.Unmarshal(mustRead(t, filepath.Join(dir, sinks.SummaryFile)), &sum); err != nil {
			t.Fatal(err)
		}
		sum["partial"] = "interrupted"
		data, _ := json.Marshal(sum)
		stopped := filepath.Join(t.TempDir(), c.name+"-stopped")
		copyFolder(t, stopped, dir)
		writeFile(t, filepath.Join(stopped, sinks.SummaryFile), data)
		for _, args := range [][]string{{"table", stopped}, {"audit", stopped}, {"report", stopped}} {
			if code, _, errOut := moot(t, args...); code != exitOK {
				t.Errorf("%s, stopped early: %v: exit %d %s; want it read", c.name, args[0], code, errOut)
			}
		}
		code, _, errOut := moot(t, "export", dir, "--format", "csv", "--out", filepath.Join(t.TempDir(), "x.csv"))
		if code != exitOK || !strings.Contains(errOut, c.want) || !strings.Contains(errOut, "exported as it stands") {
			t.Errorf("%s: export: exit %d %s; want it written, with a warning", c.name, code, errOut)
		}
	}
}

// TestResumeSaysItsEpisodesApart: a resume's last line says how many of
// its episodes an earlier run played, so that its time reads as its own.
func TestResumeSaysItsEpisodesApart(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "run")
	if code, _, errOut := moot(t, "run", small, "--out", dir); code != exitOK || strings.Contains(errOut, "resumed)") {
		t.Fatalf("run: exit %d %s; want no word of resumed episodes", code, errOut)
	}
	path := filepath.Join(dir, engine.TranscriptsFile)
	lines := bytes.SplitAfter(mustRead(t, path), []byte("\n"))
	kept := len(lines) / 3
	writeFile(t, path, bytes.Join(lines[:kept], nil))
	code, _, errOut := moot(t, "run", small, "--out", dir)
	if want := fmt.Sprintf("episodes (%d of them resumed) in ", kept); code != exitOK || !strings.Contains(errOut, want) {
		t.Errorf("resume: exit %d\n%s\nwant %q", code, errOut, want)
	}
}

// TestWrappedFaultsEachALine: a file's faults wrapped in a word of their
// context (fit's "with leniency=0.3: …") are still said a line each, each
// moot's, where the later ones stood without its name.
func TestWrappedFaultsEachALine(t *testing.T) {
	_, err := engine.Parse("x.yaml", []byte("name: t\nagents:\n  j: {backend: sim}\nprotocols:\n  - {name: direct, judge: nobody}\ntasks:\n  - {name: q, generator: qa, n: 0}\n"))
	var b strings.Builder
	printError(&b, fmt.Errorf("with leniency=0.3: %w", err))
	lines := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
	if len(lines) != 2 || !strings.HasPrefix(lines[0], "moot: with leniency=0.3: x.yaml:") || !strings.HasPrefix(lines[1], "moot: x.yaml:") {
		t.Errorf("printed:\n%s\nwant two lines, each moot's, the first with its context", b.String())
	}
}
