package main

import (
	"bytes"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/mootlab/moot/engine"
)

func TestPlanPrintsRowsAndCost(t *testing.T) {
	code, out, errOut := moot(t, "plan", openaiFile(t, deadAddr(t), ""), "--sample", "10", "--latency", "3s")
	if code != exitOK {
		t.Fatalf("exit %d; want 0; stderr:\n%s", code, errOut)
	}
	for _, want := range []string{
		"small: 264 episodes; estimated from a dry run of 62 of them",
		"judge  direct-with-context",
		"strong               debate",
		"sly               debate",
		"$", "total", "× 3s a call (assumed; --latency)", "word limit × 1.3",
		// A reasoning model is billed for its thinking as output tokens
		// (completion_tokens), which the plan cannot see: it says so.
		"a reasoning model's thinking, which it is billed for as output tokens, is not counted",
		// Nor can it see the answers a response cache already holds: an
		// earlier run's, which the run does not pay for again.
		"one whose response cache holds answers already (an earlier run's, in another folder), which are counted as sent",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("got output without %q:\n%s", want, out)
		}
	}
	var total string
	for _, line := range strings.Split(out, "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), "total") {
			total = line
		}
	}
	if f := strings.Fields(total); len(f) != 6 || !strings.HasPrefix(f[5], "$") || f[5] == "$0.00" {
		t.Errorf("got total row %q; want episodes, calls, tokens and a dollar cost above zero", total)
	}
}

// TestPlanReplyTokens: --reply-tokens is said in the method's note, which
// otherwise says replies are counted at the sim's length; a negative one
// is a usage error.
func TestPlanReplyTokens(t *testing.T) {
	file := openaiFile(t, deadAddr(t), "")
	for args, want := range map[string]string{
		"":                   "any other (a verdict, a question) the sim's text, a line, where a model told to think it through writes far more (--reply-tokens N assumes N)",
		"--reply-tokens=250": "any other (a verdict, a question) 250 tokens (assumed; --reply-tokens)",
	} {
		code, out, errOut := moot(t, append([]string{"plan", file, "--sample", "10"}, strings.Fields(args)...)...)
		if code != exitOK || !strings.Contains(out, want) {
			t.Errorf("plan %s: exit %d, stderr %q; want 0 and %q in:\n%s", args, code, errOut, want, out)
		}
	}
	if code, _, errOut := moot(t, "plan", file, "--reply-tokens", "-5"); code != exitBadInput || !strings.Contains(errOut, "--reply-tokens must not be negative") {
		t.Errorf("negative --reply-tokens: exit %d, stderr %q; want %d and the flag named", code, errOut, exitBadInput)
	}
	// The largest int overflowed the plan's output tokens into a
	// negative count; run's estimate, which budget_usd is checked
	// against, likewise.
	out := filepath.Join(t.TempDir(), "out")
	for _, args := range [][]string{{"plan", file}, {"run", file, "--out", out}} {
		if code, _, errOut := moot(t, append(args, "--reply-tokens", "9223372036854775807")...); code != exitBadInput || !strings.Contains(errOut, "--reply-tokens must be between 0 and 1000000") {
			t.Errorf("%s --reply-tokens of the largest int: exit %d, stderr %q; want %d and the flag named", args[0], code, errOut, exitBadInput)
		}
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("run refused for its --reply-tokens made %s (%v); want nothing written", out, err)
	}
}

// TestRunReplyTokens: run's --reply-tokens counts a reply that argues no
// side as plan's does in the estimate budget_usd is checked against: the
// refusal names plan's total with the flag, above the one without it; a
// negative one is a usage error.
func TestRunReplyTokens(t *testing.T) {
	file := openaiFile(t, deadAddr(t), "")
	data := mustRead(t, file)
	writeFile(t, file, append(data, "budget_usd: 0.0001\n"...))
	refused := map[string]string{}
	for _, flags := range []string{"", "--reply-tokens=500"} {
		_, plan, _ := moot(t, append([]string{"plan", file}, strings.Fields(flags)...)...)
		total := regexp.MustCompile(`(?m)^\s*total\b.*(\$[0-9.]+)\s*$`).FindStringSubmatch(plan)
		if total == nil {
			t.Fatalf("plan %s: no total in:\n%s", flags, plan)
		}
		code, _, errOut := moot(t, append([]string{"run", file, "--out", filepath.Join(t.TempDir(), "run")}, strings.Fields(flags)...)...)
		hint := "(moot plan " + file + " shows the estimate"
		if flags != "" {
			hint = "(moot plan " + file + " --reply-tokens 500 shows the estimate"
		}
		if want := "the run is estimated at " + total[1] + ", over its budget_usd of $0.0001 " + hint; code != exitBadInput || !strings.Contains(errOut, want) {
			t.Errorf("run %s: exit %d, stderr %q; want %d and %q, plan's total", flags, code, errOut, exitBadInput, want)
		}
		refused[flags] = total[1]
	}
	if refused[""] == refused["--reply-tokens=500"] {
		t.Errorf("the estimate is %s with and without --reply-tokens=500; want it higher with", refused[""])
	}
	if code, _, errOut := moot(t, "run", file, "--reply-tokens", "-5"); code != exitBadInput || !strings.Contains(errOut, "--reply-tokens must not be negative") {
		t.Errorf("negative --reply-tokens: exit %d, stderr %q; want %d and the flag named", code, errOut, exitBadInput)
	}
}

// TestPlanWallTimeIsALowerBound: the wall time plan says it takes at
// least is cut to the second, not rounded: 1,080 calls × 2.003s ÷ 6 is
// 6m0.54s, which it had said was at least 6m1s (and of a run that took
// 7.8s, with 7.5s of calls at its limit, at least 8s).
func TestPlanWallTimeIsALowerBound(t *testing.T) {
	code, out, errOut := moot(t, "plan", openaiFile(t, deadAddr(t), ""), "--sample", "0", "--latency", "2003ms")
	if code != exitOK {
		t.Fatalf("exit %d; want 0; stderr:\n%s", code, errOut)
	}
	for _, want := range []string{"1080", "wall time at least 6m0s:", "  1080   6m0s"} {
		if !strings.Contains(out, want) {
			t.Errorf("got output without %q:\n%s", want, out)
		}
	}
}

// TestRunNamesThePlanOfItsEstimate: a run refused over its budget names
// the moot plan command that shows its estimate, and that command's
// total is the one the run refused: with --shard, --batch and --no-cache,
// which change the estimate, as with --reply-tokens. The refusal had
// named "moot plan" alone, which showed $3.22 where the run of shard 1/2
// was refused at $1.60, and a run with --batch at $1.61 (the batch
// discount), and one with --replicates 2 at twice plan's; and plan had
// no --shard. The command is run as the refusal names it, file and all:
// a researcher's trial read "moot plan --no-cache shows the estimate",
// which named no file and so could not be pasted and run.
func TestRunNamesThePlanOfItsEstimate(t *testing.T) {
	file := openaiFile(t, deadAddr(t), "")
	writeFile(t, file, append(mustRead(t, file), "budget_usd: 0.0001\n"...))
	totalOf := regexp.MustCompile(`(?m)^\s*total\b.*(\$[0-9.]+)(?: \(batch\))?\s*$`)
	refusal := regexp.MustCompile(`the run is estimated at (\$[0-9.]+), over its budget_usd of \$0.0001 \((moot plan[^)]*) shows the estimate`)
	inAll := regexp.MustCompile(`episodes and (\$[0-9.]+) in all`)
	seen := map[string]string{}
	for _, flags := range []string{"", "--shard 1/2", "--batch", "--no-cache", "--shard 2/3 --batch --reply-tokens 300", "--replicates 2"} {
		code, _, errOut := moot(t, append([]string{"run", file, "--out", filepath.Join(t.TempDir(), "run")}, strings.Fields(flags)...)...)
		m := refusal.FindStringSubmatch(errOut)
		if code != exitBadInput || m == nil {
			t.Errorf("run %s: exit %d, stderr %q; want %d and the estimate refused, with its plan command", flags, code, errOut, exitBadInput)
			continue
		}
		args := strings.Fields(m[2])[1:] // past "moot"
		if len(args) < 2 || args[1] != file {
			t.Errorf("run %s: the refusal names %q; want moot plan %s and its flags", flags, m[2], file)
			continue
		}
		code, plan, errOut := moot(t, args...)
		total := totalOf.FindStringSubmatch(plan)
		if all := inAll.FindStringSubmatch(plan); all != nil {
			total = all // the seeds' in all, under one seed's table
		}
		if code != exitOK || total == nil || total[1] != m[1] {
			t.Errorf("run %s: refused at %s, naming %q; that plan: exit %d, stderr %q, total %v; want %s:\n%s", flags, m[1], m[2], code, errOut, total, m[1], plan)
		}
		seen[flags] = m[1]
	}
	if seen["--shard 1/2"] == seen[""] || seen["--batch"] == seen[""] {
		t.Errorf("estimates %v; want a shard's and a batch's below the whole plan's live one", seen)
	}
}

// TestPlanTimePerToken: with --latency-per-token the bound counts the
// output tokens too, and says so; a negative one is a usage error.
func TestPlanTimePerToken(t *testing.T) {
	file := openaiFile(t, deadAddr(t), "")
	code, out, errOut := moot(t, "plan", file, "--sample", "10", "--latency", "3s", "--latency-per-token", "20ms")
	if code != exitOK {
		t.Fatalf("exit %d; want 0; stderr:\n%s", code, errOut)
	}
	for _, want := range []string{"wall time about", "(calls × 3s + output tokens × 20ms)", "not a lower bound"} {
		if !strings.Contains(out, want) {
			t.Errorf("got output without %q:\n%s", want, out)
		}
	}
	if code, _, errOut := moot(t, "plan", file, "--latency-per-token", "-1ms"); code != exitBadInput || !strings.Contains(errOut, "--latency-per-token must not be negative") {
		t.Errorf("negative --latency-per-token: exit %d, stderr %q; want %d and the flag named", code, errOut, exitBadInput)
	}
}

func TestRunOverBudget(t *testing.T) {
	file := smallOverHTTP(t)
	data := mustRead(t, file)
	writeFile(t, file, append(data, "budget_usd: 0.05\n"...))
	out := filepath.Join(t.TempDir(), "run")
	code, _, errOut := moot(t, "run", file, "--out", out, "--no-cache")
	if code != exitBadInput {
		t.Fatalf("exit %d; want %d; stderr:\n%s", code, exitBadInput, errOut)
	}
	for _, want := range []string{"estimate over budget", "over its budget_usd of $0.05", "--over-budget"} {
		if !strings.Contains(errOut, want) {
			t.Errorf("got stderr without %q:\n%s", want, errOut)
		}
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("got %s after a refused run (err %v); want nothing written", out, err)
	}
	// --over-budget starts the run; the budget still stops it once spent.
	code, stdout, errOut := moot(t, "run", file, "--out", out, "--no-cache", "--over-budget")
	if !strings.Contains(errOut, "estimated cost $") || !strings.Contains(errOut, "budget reached") {
		t.Errorf("--over-budget: exit %d; want the estimate, a start, and the budget reached; stderr:\n%s", code, errOut)
	}
	if !strings.Contains(stdout, "Partial run (budget of $0.05 reached after ") || !strings.Contains(stdout, " episodes: $") {
		t.Errorf("the table of a run the budget stopped does not say it is partial:\n%s", stdout)
	}
	before, err := os.ReadFile(filepath.Join(out, "transcripts.jsonl"))
	if err != nil || len(before) == 0 {
		t.Fatalf("--over-budget: got no transcripts (%v); want the run started:\n%s", err, errOut)
	}
	// The budget bounds the run, not each process: a resume is refused
	// for what it has paid, and with --over-budget plays nothing more.
	code, _, errOut = moot(t, "run", file, "--out", out, "--no-cache")
	if code != exitBadInput || !strings.Contains(errOut, "the run has paid $") {
		t.Errorf("a resume past the budget: exit %d; want %d and what it paid; stderr:\n%s", code, exitBadInput, errOut)
	}
	code, _, errOut = moot(t, "run", file, "--out", out, "--no-cache", "--over-budget")
	if !strings.Contains(errOut, "budget reached") {
		t.Errorf("a resume past the budget with --over-budget: exit %d; want the budget reached; stderr:\n%s", code, errOut)
	}
	// Its first line gives what was checked: what was paid, and the
	// estimate of what is left, not the whole plan's.
	if !regexp.MustCompile(`\$[0-9.]+ paid for \d+ of \d+ episodes; the \d+ left are estimated at \$`).MatchString(errOut) {
		t.Errorf("a resume's estimate line: want what was paid and what is left; stderr:\n%s", errOut)
	}
	// It plays what still fits in the budget, if anything: what the
	// folder paid stays within it but for the excess of an episode
	// dearer than the estimate's and those before it.
	if after, _ := os.ReadFile(filepath.Join(out, "transcripts.jsonl")); len(after) < len(before) {
		t.Errorf("a resume lost %d bytes of episodes", len(before)-len(after))
	}
	if paid := readSummary(t, out).Usage.Total.CostUSD; paid > 0.05*1.5 {
		t.Errorf("the folder's runs paid $%.4f in all; want about the budget of $0.05", paid)
	}
	// A budget below the estimate of one episode starts none, and says so.
	writeFile(t, file, append(data, "budget_usd: 0.005\n"...))
	_, stdout, errOut = moot(t, "run", file, "--out", filepath.Join(t.TempDir(), "run"), "--no-cache", "--over-budget")
	if want := "budget_usd of $0.005 is less than an episode of the plan's dearest protocol is estimated to cost"; !strings.Contains(stdout+errOut, want) {
		t.Errorf("a budget below one episode: want %q; stdout:\n%s\nstderr:\n%s", want, stdout, errOut)
	}
	// Once: "no episode started after 0 of 40 episodes" said it twice.
	if !regexp.MustCompile(`\(\$[0-9.]+\): no episode started, of \d+ planned`).MatchString(errOut) || strings.Contains(errOut, "after 0 of") {
		t.Errorf("a budget below one episode: want \"no episode started, of N planned\" and no \"after 0 of\"; stderr:\n%s", errOut)
	}
}

// TestPlanBatch: with --batch, every row is marked (batch) and costs half
// its live price, and the note says how batch mode times a run.
func TestPlanBatch(t *testing.T) {
	file := openaiFile(t, deadAddr(t), "")
	total := func(out string) string {
		for _, line := range strings.Split(out, "\n") {
			if f := strings.Fields(line); len(f) == 6 && f[0] == "total" {
				return f[5]
			}
		}
		return ""
	}
	_, live, _ := moot(t, "plan", file, "--sample", "0")
	code, out, errOut := moot(t, "plan", file, "--sample", "0", "--batch")
	if code != exitOK {
		t.Fatalf("exit %d; stderr:\n%s", code, errOut)
	}
	var l, b float64
	if _, err := fmt.Sscanf(total(live), "$%f", &l); err != nil {
		t.Fatalf("live total %q: %v", total(live), err)
	}
	if _, err := fmt.Sscanf(total(out), "$%f", &b); err != nil {
		t.Fatalf("batch total %q: %v", total(out), err)
	}
	if math.Abs(b-l/2) > 0.011 || strings.Contains(live, "(batch)") || !strings.Contains(out, "(batch)") || !strings.Contains(out, "completion window") {
		t.Errorf("batch plan $%.2f against $%.2f live; want half, rows marked (batch) and the note:\n%s", b, l, out)
	}
}

// TestPlanWithoutTheKey: an API key variable that is not set does not
// stop moot plan, which calls nothing; validate warns; run refuses, exit 2.
func TestPlanWithoutTheKey(t *testing.T) {
	file := openaiFile(t, deadAddr(t), "")
	t.Setenv("MOOT_TEST_SERVE_KEY", "") // restored after the test
	os.Unsetenv("MOOT_TEST_SERVE_KEY")
	if code, _, errOut := moot(t, "plan", file); code != exitOK {
		t.Errorf("plan without the key: exit %d; want 0; stderr:\n%s", code, errOut)
	}
	if code, _, errOut := moot(t, "validate", file); code != exitOK || !strings.Contains(errOut, "warning: ") || !strings.Contains(errOut, "MOOT_TEST_SERVE_KEY is not set") {
		t.Errorf("validate without the key: exit %d; want 0 and a warning; stderr:\n%s", code, errOut)
	}
	out := filepath.Join(t.TempDir(), "run")
	if code, _, errOut := moot(t, "run", file, "--out", out); code != exitBadInput || !strings.Contains(errOut, "api_key_env: the environment variable MOOT_TEST_SERVE_KEY is not set") {
		t.Errorf("run without the key: exit %d; want %d naming the variable; stderr:\n%s", code, exitBadInput, errOut)
	}
}

// TestReplicatesShareTheBudget: budget_usd bounds a replicated run's
// seeds together. A budget of what 1.5 seeds pay refuses 3 seeds up
// front, writing nothing; with --over-budget the seeds played stop once
// they have paid it between them, not each on its own.
func TestReplicatesShareTheBudget(t *testing.T) {
	file := smallOverHTTP(t)
	data := mustRead(t, file)
	_, plan, _ := moot(t, "plan", file)
	var one float64
	for _, line := range strings.Split(plan, "\n") {
		if f := strings.Fields(line); len(f) == 6 && f[0] == "total" {
			fmt.Sscanf(f[5], "$%f", &one)
		}
	}
	if one <= 0 {
		t.Fatalf("no estimate in moot plan's output:\n%s", plan)
	}
	replicated := filepath.Join(t.TempDir(), "replicated.yaml")
	writeFile(t, replicated, append(data, "replicates: 3\n"...))
	if _, plan3, _ := moot(t, "plan", replicated); !strings.Contains(plan3, fmt.Sprintf("plays 3 seeds, each a run like it (other questions where a task is generated): about %d episodes and $", 3*264)) {
		t.Errorf("moot plan of 3 seeds does not count them:\n%s", plan3)
	}
	if _, v, _ := moot(t, "validate", replicated); !strings.Contains(v, fmt.Sprintf("%d episodes (264 a seed × 3 seeds)", 3*264)) {
		t.Errorf("moot validate of 3 seeds does not count them: %s", v)
	}
	// --replicates counts as run --replicates plays.
	if _, v, _ := moot(t, "validate", file, "--replicates", "2"); !strings.Contains(v, fmt.Sprintf("%d episodes (264 a seed × 2 seeds)", 2*264)) {
		t.Errorf("moot validate --replicates 2 does not count them: %s", v)
	}
	if _, p, _ := moot(t, "plan", file, "--replicates", "2"); !strings.Contains(p, "plays 2 seeds") {
		t.Errorf("moot plan --replicates 2 does not count them:\n%s", p)
	}
	// What one seed pays: the estimate counts each speech at its word
	// limit, where the sim's are shorter, so the budget is set from what
	// is paid, and the estimate of 3 seeds is far over it.
	single := filepath.Join(t.TempDir(), "single")
	mootOK(t, "run", file, "--out", single, "--no-cache")
	one = readSummary(t, single).Usage.Total.CostUSD
	budget := 1.5 * one
	writeFile(t, file, append(data, fmt.Sprintf("budget_usd: %.4f\n", budget)...))
	out := filepath.Join(t.TempDir(), "run")
	code, _, errOut := moot(t, "run", file, "--out", out, "--no-cache", "--replicates", "3")
	if code != exitBadInput || !strings.Contains(errOut, "estimate over budget") || !strings.Contains(errOut, "budget_usd bounds them together") {
		t.Errorf("3 seeds on 1.5 seeds' budget: exit %d; want %d and the seeds counted together; stderr:\n%s", code, exitBadInput, errOut)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("got %s after a refused run (err %v); want nothing written", out, err)
	}
	code, stdout, errOut := moot(t, "run", file, "--out", out, "--no-cache", "--replicates", "3", "--over-budget")
	if code == exitOK {
		t.Errorf("3 seeds on 1.5 seeds' budget with --over-budget: exit 0; want it stopped; stderr:\n%s", errOut)
	}
	// Its tables are printed, as a run at one seed stopped early prints its own.
	if !strings.Contains(stdout, "| Seeds |") || !strings.Contains(stdout, "Partial run (stopped after the replicates at seeds") {
		t.Errorf("the stopped replicated run printed:\n%s\nwant its tables, said to be partial", stdout)
	}
	paid := 0.0
	seeds, _ := filepath.Glob(filepath.Join(out, engine.ReplicateGlob))
	for _, dir := range seeds {
		paid += readSummary(t, dir).Usage.Total.CostUSD
	}
	if paid > budget*1.3 || paid < one {
		t.Errorf("the seeds paid $%.4f between them (%d folders); want about the budget of $%.4f, at least one seed's $%.4f", paid, len(seeds), budget, one)
	}
	// The folder says what it holds: the seeds played, marked partial.
	sum := readSummary(t, out)
	if sum.Replicates == nil || len(sum.Replicates.Seeds) != len(seeds) || !strings.Contains(sum.Partial, "stopped after the replicates at seeds") {
		t.Errorf("summary.json after the budget stopped the seeds: partial %q, replicates %+v; want the %d seeds played, marked partial", sum.Partial, sum.Replicates, len(seeds))
	}
	if md, _ := os.ReadFile(filepath.Join(out, "table.md")); !strings.Contains(string(md), "**Partial run**") {
		t.Errorf("table.md of the stopped replicated run does not say it is partial:\n%s", md)
	}
	if _, _, errOut := moot(t, "table", out); !strings.Contains(errOut, "partial") {
		t.Errorf("moot table of the stopped replicated run does not warn it is partial: %q", errOut)
	}
	// Each seed's lock keeps the file's budget, not what was left of it.
	want := fmt.Sprintf("budget_usd: %.4f", budget)
	for _, dir := range seeds {
		if lock, _ := os.ReadFile(filepath.Join(dir, engine.LockFile)); !strings.Contains(string(lock), strings.TrimRight(strings.TrimRight(want, "0"), ".")) {
			t.Errorf("%s: no %q in its lock", dir, want)
		}
	}
}

// TestReplicatedBatchStopsAtTheBudget: a batch seed, whose run has no
// budget policy (its episodes all start at once), is not started once the
// seeds before it have paid budget_usd, --over-budget or not: the run
// stops at the budget (exit 1), as a run at one seed does, with the seed
// played summarised as partial.
func TestReplicatedBatchStopsAtTheBudget(t *testing.T) {
	file := smallOverHTTP(t)
	data, _ := os.ReadFile(file)
	data = bytes.ReplaceAll(data, []byte("backend: openai,"), []byte("backend: openai, batch: {poll: 2ms, poll_max: 20ms, list_lag: 1s},"))
	writeFile(t, file, append(data, "budget_usd: 0.01\n"...))
	out := filepath.Join(t.TempDir(), "run")
	code, _, errOut := moot(t, "run", file, "--out", out, "--no-cache", "--batch", "--replicates", "3", "--over-budget")
	if code != exitFailed || !strings.Contains(errOut, "budget reached") {
		t.Errorf("3 batch seeds past their budget: exit %d; want %d and the budget reached; stderr:\n%s", code, exitFailed, errOut)
	}
	played := 0
	for _, r := range replicateFolders(out) {
		if _, err := os.Stat(filepath.Join(r.dir, engine.TranscriptsFile)); err == nil {
			played++
		}
	}
	if sum := readSummary(t, out); played != 1 || sum.Partial == "" {
		t.Errorf("%d seeds played, summary partial %q; want the first alone, marked partial", played, sum.Partial)
	}
}

// TestPlanExampleInTheDocs: every row docs/llm-endpoints.md shows of `moot
// plan` on engine/testdata/small-openai.yaml (served at 127.0.0.1:8000) is
// a row the command prints now, so the example cannot go stale unseen.
func TestPlanExampleInTheDocs(t *testing.T) {
	doc := mustRead(t, "../../docs/llm-endpoints.md")
	_, after, ok := strings.Cut(string(doc), "`moot plan FILE` says what a run will call and cost")
	block := strings.Split(after, "```")
	if !ok || len(block) < 2 {
		t.Fatal("docs/llm-endpoints.md: no example of moot plan after its heading")
	}
	code, out, errOut := moot(t, "plan", openaiFile(t, "127.0.0.1:8000", ""))
	if code != exitOK {
		t.Fatalf("exit %d; stderr:\n%s", code, errOut)
	}
	rows := 0
	for _, line := range strings.Split(strings.Trim(block[1], "\n"), "\n") {
		if strings.TrimSpace(line) == "…" || line == "" {
			continue
		}
		rows++
		if !strings.Contains(out, line) {
			t.Errorf("docs/llm-endpoints.md shows %q; moot plan prints:\n%s", line, out)
		}
	}
	if rows < 5 {
		t.Errorf("docs/llm-endpoints.md: %d lines in the example of moot plan; want its rows", rows)
	}
}

// TestPlanOfEveryEpisodeSaysNoSample: a plan the dry run plays whole
// (--sample 0, or one within the sample) is not called a sample scaled
// up; it said "a dry run of 264 of them (a sample …, scaled up)" of a plan
// of 264 episodes, as docs/llm-endpoints.md showed.
func TestPlanOfEveryEpisodeSaysNoSample(t *testing.T) {
	for _, sample := range []string{"0", "200"} {
		code, out, errOut := moot(t, "plan", openaiFile(t, deadAddr(t), ""), "--sample", sample)
		if code != exitOK {
			t.Fatalf("--sample %s: exit %d; stderr:\n%s", sample, code, errOut)
		}
		head, _, _ := strings.Cut(out, "\n")
		if want := "small: 264 episodes; estimated from a dry run of every one of them"; !strings.HasPrefix(head, want) || strings.Contains(head, "scaled up") {
			t.Errorf("--sample %s: first line %q; want %q, and no sample scaled up", sample, head, want)
		}
	}
}

// TestPlanNoteSaysHowEarlierSpeechesCount: a prompt that repeats earlier
// speeches counts each at the output estimate's length (word limit × 1.3
// tokens a word), not the sim's shorter speech (docs/llm-endpoints.md,
// Input tokens), so a debate's input estimate is well above what a sim
// run of the same file reports; the note said only "the prompts rendered
// at their real length over the sim's turns", which reads as the sim
// run's own count (the quickstart: 4.48M input tokens estimated, 2.70M in
// its run).
func TestPlanNoteSaysHowEarlierSpeechesCount(t *testing.T) {
	code, out, errOut := moot(t, "plan", openaiFile(t, deadAddr(t), ""), "--sample", "10")
	if code != exitOK {
		t.Fatalf("exit %d; stderr:\n%s", code, errOut)
	}
	if want := "each earlier speech a prompt repeats counted as long as the output tokens below make it"; !strings.Contains(out, want) {
		t.Errorf("got a note without %q:\n%s", want, out)
	}
}
