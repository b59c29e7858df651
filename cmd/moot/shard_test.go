package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/mootlab/moot/engine"
	"github.com/mootlab/moot/sinks"
)

// runShards plays n shards of file in parallel, in process, each into its
// own folder under dir, and returns the folders.
func runShards(t *testing.T, file, dir string, n int) []string {
	t.Helper()
	dirs := make([]string, n)
	codes := make([]int, n)
	errs := make([]string, n)
	var wg sync.WaitGroup
	for i := range n {
		dirs[i] = filepath.Join(dir, fmt.Sprintf("shard%d", i+1))
		wg.Add(1)
		go func() {
			defer wg.Done()
			codes[i], _, errs[i] = moot(t, "run", file, "--shard", fmt.Sprintf("%d/%d", i+1, n), "--out", dirs[i], "--no-cache", "--concurrency", "2")
		}()
	}
	wg.Wait()
	played, total := 0, 0
	for i := range n {
		if codes[i] != exitOK {
			t.Fatalf("shard %d/%d: exit %d; stderr:\n%s", i+1, n, codes[i], errs[i])
		}
		// Its first line counts its own questions, which add up to the
		// whole plan's.
		var mine, all int
		at := strings.Index(errs[i], fmt.Sprintf("(shard %d of %d: ", i+1, n))
		if at < 0 {
			t.Fatalf("shard %d/%d: stderr without its questions:\n%s", i+1, n, errs[i])
		}
		if _, err := fmt.Sscanf(errs[i][at:], fmt.Sprintf("(shard %d of %d: %%d of %%d question", i+1, n), &mine, &all); err != nil {
			t.Fatalf("shard %d/%d: %v in %q", i+1, n, err, errs[i][at:])
		}
		played, total = played+mine, all
	}
	if played != total {
		t.Errorf("the shards say they play %d questions of %d", played, total)
	}
	return dirs
}

func TestShardsMergeIntoTheUnshardedRun(t *testing.T) {
	for _, file := range []string{small, "../../experiments/sweep-judge.yaml"} {
		t.Run(filepath.Base(file), func(t *testing.T) {
			tmp := t.TempDir()
			whole := filepath.Join(tmp, "whole")
			mootOK(t, "run", file, "--out", whole, "--no-cache")
			dirs := runShards(t, file, tmp, 4)
			lines := 0
			for i, d := range dirs {
				lock := mustRead(t, filepath.Join(d, "config.lock.yaml"))
				if want := fmt.Sprintf("shard: %d/4\n", i+1); !bytes.Contains(lock, []byte(want)) {
					t.Errorf("shard %d's lock lacks %q", i+1, want)
				}
				data := mustRead(t, filepath.Join(d, "transcripts.jsonl"))
				n := bytes.Count(data, []byte("\n"))
				if n == 0 {
					t.Errorf("shard %d played nothing", i+1)
				}
				lines += n
			}
			merged := filepath.Join(tmp, "merged")
			args := append([]string{"merge", merged}, dirs[2], dirs[0], dirs[3], dirs[1])
			mootOK(t, args...)
			for _, f := range []string{"config.lock.yaml", "transcripts.jsonl", "questions.jsonl.gz", "summary.json", "table.md", "table.csv", "report.html"} {
				want := mustRead(t, filepath.Join(whole, f))
				got := mustRead(t, filepath.Join(merged, f))
				if !bytes.Equal(got, want) {
					t.Errorf("merged %s differs from the unsharded run's (%d bytes; want %d)", f, len(got), len(want))
				}
			}
			if want := bytes.Count(mustRead(t, filepath.Join(whole, "transcripts.jsonl")), []byte("\n")); lines != want {
				t.Errorf("the shards played %d episodes; the whole plan has %d", lines, want)
			}
		})
	}
}

// TestMergeKeepsWhatEveryModelSaw: shards whose agents read prompts (the
// openai backend, against serve-sim) merge into a run whose prompt store
// holds every prompt the unsharded run's does, each once.
func TestMergeKeepsWhatEveryModelSaw(t *testing.T) {
	tmp := t.TempDir()
	file := overHTTP(t, small, tmp, nil)
	whole := filepath.Join(tmp, "whole")
	mootOK(t, "run", file, "--out", whole, "--no-cache")
	dirs := runShards(t, file, tmp, 3)
	merged := filepath.Join(tmp, "merged")
	mootOK(t, append([]string{"merge", merged}, dirs...)...)
	want, err := engine.ReadPrompts(whole)
	if err != nil {
		t.Fatal(err)
	}
	got, err := engine.ReadPrompts(merged)
	if err != nil {
		t.Fatal(err)
	}
	if len(want) == 0 {
		t.Fatal("the unsharded run kept no prompts")
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("the merged run's prompts differ from the unsharded run's (-want +got):\n%s", diff)
	}
	lines := 0
	if err := readLines(filepath.Join(merged, engine.PromptsFile), func() { lines++ }); err != nil {
		t.Fatal(err)
	}
	if lines != len(want) {
		t.Errorf("the merged store has %d lines for %d distinct prompts", lines, len(want))
	}
	if !bytes.Equal(mustRead(t, filepath.Join(merged, "transcripts.jsonl")), mustRead(t, filepath.Join(whole, "transcripts.jsonl"))) {
		t.Error("merged transcripts differ from the unsharded run's")
	}

	// A shard's store cut short (its process killed after its last
	// episode): the merge keeps what is there and says which shard lost
	// prompts.
	store := filepath.Join(dirs[1], engine.PromptsFile)
	data := mustRead(t, store)
	writeFile(t, store, data[:len(data)/2])
	cutRun := filepath.Join(tmp, "merged-cut")
	code, _, errOut := moot(t, append([]string{"merge", cutRun}, dirs...)...)
	if code != exitOK || !strings.Contains(errOut, "shard 2/3") || !strings.Contains(errOut, "cut short") {
		t.Fatalf("merge with a cut store: exit %d, stderr %q; want 0 and a warning naming shard 2/3", code, errOut)
	}
	kept, err := engine.ReadPrompts(cutRun)
	if err != nil {
		t.Fatal(err)
	}
	if len(kept) == 0 || len(kept) >= len(want) {
		t.Errorf("with one store cut in half the merged run kept %d of %d prompts", len(kept), len(want))
	}
	for sha, msgs := range kept {
		if !cmp.Equal(msgs, want[sha]) {
			t.Errorf("prompt %s differs from the unsharded run's", sha)
		}
	}
}

// readLines calls line for each line of a gzip file.
func readLines(path string, line func()) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return err
	}
	sc := bufio.NewScanner(zr)
	sc.Buffer(nil, 1<<24)
	for sc.Scan() {
		line()
	}
	return sc.Err()
}

// TestMoreShardsThanQuestions: of 13 shards of 12 questions the last
// holds none; it says so, and the shards still merge into the unsharded
// run.
func TestMoreShardsThanQuestions(t *testing.T) {
	tmp := t.TempDir()
	whole := filepath.Join(tmp, "whole")
	mootOK(t, "run", small, "--out", whole, "--no-cache")
	dirs := runShards(t, small, tmp, 13)
	_, _, errOut := moot(t, "run", small, "--shard", "13/13", "--out", dirs[12], "--no-cache")
	if want := "warning: shard 13 of 13 holds no question (12 questions over 13 shards)"; !strings.Contains(errOut, want) {
		t.Errorf("the empty shard's stderr = %q; want %q", errOut, want)
	}
	merged := filepath.Join(tmp, "merged")
	mootOK(t, append([]string{"merge", merged}, dirs...)...)
	if got, want := mustRead(t, filepath.Join(merged, "summary.json")), mustRead(t, filepath.Join(whole, "summary.json")); !bytes.Equal(got, want) {
		t.Error("the merged summary differs from the unsharded run's")
	}
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func TestMergeRefusesAMissingOrDuplicatedShard(t *testing.T) {
	tmp := t.TempDir()
	dirs := runShards(t, small, tmp, 3)
	for _, tc := range []struct {
		name  string
		dirs  []string
		wants []string
	}{
		{"missing", []string{dirs[0], dirs[2]}, []string{"shard 2/3 missing"}},
		{"duplicated", []string{dirs[0], dirs[1], dirs[1], dirs[2]}, []string{"shard 2/3 is given twice", dirs[1]}},
		{"not a shard", []string{dirs[0], tmp}, []string{tmp, "not a run folder"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out := filepath.Join(tmp, "merged-"+tc.name)
			code, _, errOut := moot(t, append([]string{"merge", out}, tc.dirs...)...)
			if code != exitBadInput {
				t.Errorf("exit %d; want %d", code, exitBadInput)
			}
			for _, w := range tc.wants {
				if !strings.Contains(errOut, w) {
					t.Errorf("stderr = %q; want it to name %q", errOut, w)
				}
			}
			if _, err := os.Stat(filepath.Join(out, "transcripts.jsonl")); err == nil {
				t.Error("a refused merge wrote transcripts")
			}
		})
	}
	t.Run("rejudged", func(t *testing.T) {
		// A shard's rejudge would name no shard in its lock, pass for a
		// whole run, and be merged with nothing.
		out := filepath.Join(tmp, "rejudged-shard")
		code, _, errOut := moot(t, "rejudge", dirs[0], "--judge", "judge", "--experiment", small, "--out", out)
		if code != exitBadInput || !strings.Contains(errOut, "holds shard 1/3 of the plan: merge the shards") {
			t.Errorf("rejudge of a shard: exit %d %s; want %d, saying to merge first", code, errOut, exitBadInput)
		}
		// Refused before the judge's endpoint starts: no line of episodes
		// in flight before the refusal.
		if strings.Contains(errOut, "in flight") {
			t.Errorf("rejudge of a shard started its judge before refusing: %q", errOut)
		}
		if _, err := os.Stat(out); err == nil {
			t.Error("a refused rejudge made its folder")
		}
	})
	t.Run("unfinished", func(t *testing.T) {
		path := filepath.Join(dirs[1], "transcripts.jsonl")
		data := mustRead(t, path)
		cut := bytes.Index(data, []byte("\n"))
		writeFile(t, path, data[cut+1:])
		code, _, errOut := moot(t, "merge", filepath.Join(tmp, "merged-unfinished"), dirs[0], dirs[1], dirs[2])
		if code != exitBadInput || !strings.Contains(errOut, "shard 2/3") || !strings.Contains(errOut, "has not played 1 of") {
			t.Errorf("exit %d, stderr %q; want 2 naming shard 2/3 and its missing episode", code, errOut)
		}
	})
}

func TestShardFlag(t *testing.T) {
	t.Setenv("JOB_COMPLETION_INDEX", "7")
	for _, shard := range []string{"0/4", "5/4", "x", "1/0", "k8s/4"} {
		code, _, errOut := moot(t, "run", small, "--shard", shard, "--out", filepath.Join(t.TempDir(), "r"))
		if code != exitBadInput || !strings.Contains(errOut, "--shard "+shard) {
			t.Errorf("--shard %s: exit %d, stderr %q; want 2 naming it", shard, code, errOut)
		}
	}
	// An empty --shard (a variable not set) is refused, not taken as no
	// shard, which would play the whole plan on every machine.
	out := filepath.Join(t.TempDir(), "r")
	if code, _, errOut := moot(t, "run", small, "--shard", "", "--out", out); code != exitBadInput || !strings.Contains(errOut, "--shard is empty") {
		t.Errorf("--shard '': exit %d, stderr %q; want 2, it is empty", code, errOut)
	}
	if _, err := os.Stat(out); err == nil {
		t.Errorf("a run refused for an empty --shard made %s", out)
	}
	// moot plan takes --shard as moot run does: an empty one refused, a
	// shard's estimate saying which questions it plays.
	if code, _, errOut := moot(t, "plan", small, "--shard", ""); code != exitBadInput || !strings.Contains(errOut, "--shard is empty") {
		t.Errorf("plan --shard '': exit %d, stderr %q; want 2, it is empty", code, errOut)
	}
	if code, plan, errOut := moot(t, "plan", small, "--shard", "2/3"); code != exitOK || !strings.Contains(plan, "(shard 2 of 3: ") {
		t.Errorf("plan --shard 2/3: exit %d, stderr %q; want 0 and the shard named:\n%s", code, errOut, plan)
	}
}

// TestMergeTakesShardsStartedFromAnotherPath: shards of one experiment
// may name its file otherwise (a copy, another path) and have each its
// share of the budget, as a resume allows; they merge into the run the
// experiment's own unsharded run writes. A shard at another seed does
// not, and the error names the seed.
func TestMergeTakesShardsStartedFromAnotherPath(t *testing.T) {
	tmp := t.TempDir()
	whole := filepath.Join(tmp, "whole")
	mootOK(t, "run", small, "--out", whole, "--no-cache")
	src := string(mustRead(t, small))
	copyFile := filepath.Join(tmp, "copy.yaml")
	writeFile(t, copyFile, []byte(src+"budget_usd: 5\n"))
	reseeded := filepath.Join(tmp, "reseeded.yaml")
	writeFile(t, reseeded, []byte(strings.Replace(src, "seed: 11", "seed: 12", 1)))
	shard := func(file string, i int, dir string) string {
		out := filepath.Join(tmp, dir)
		if code, _, errOut := moot(t, "run", file, "--shard", fmt.Sprintf("%d/3", i), "--out", out, "--no-cache"); code != exitOK {
			t.Fatalf("shard %d/3 of %s: exit %d; stderr:\n%s", i, file, code, errOut)
		}
		return out
	}
	s1, s2, s3 := shard(small, 1, "s1"), shard(copyFile, 2, "s2"), shard(small, 3, "s3")
	merged := filepath.Join(tmp, "merged")
	mootOK(t, "merge", merged, s1, s2, s3)
	for _, f := range []string{"config.lock.yaml", "transcripts.jsonl", "summary.json"} {
		if !bytes.Equal(mustRead(t, filepath.Join(merged, f)), mustRead(t, filepath.Join(whole, f))) {
			t.Errorf("merged %s differs from the unsharded run's", f)
		}
	}
	other := shard(reseeded, 2, "s2-reseeded")
	code, _, errOut := moot(t, "merge", filepath.Join(tmp, "merged-reseeded"), s1, other, s3)
	if code != exitBadInput || !strings.Contains(errOut, "seed differs") {
		t.Errorf("merge of a shard at another seed: exit %d, stderr %q; want %d naming the seed", code, errOut, exitBadInput)
	}
}

// TestShardsOfReplicatesMerge: --shard of a replicated run plays that
// shard of each replicate, each in its seed's folder; merge joins them
// seed by seed into the run that moot run --replicates writes, byte for
// byte, replicate summary and tables included.
func TestShardsOfReplicatesMerge(t *testing.T) {
	tmp := t.TempDir()
	whole := filepath.Join(tmp, "whole")
	mootOK(t, "run", small, "--replicates", "2", "--out", whole, "--no-cache")
	var dirs []string
	for i := 1; i <= 3; i++ {
		d := filepath.Join(tmp, fmt.Sprintf("s%d", i))
		if code, _, errOut := moot(t, "run", small, "--replicates", "2", "--shard", fmt.Sprintf("%d/3", i), "--out", d, "--no-cache"); code != exitOK {
			t.Fatalf("shard %d/3: exit %d; stderr:\n%s", i, code, errOut)
		}
		dirs = append(dirs, d)
	}
	merged := filepath.Join(tmp, "merged")
	mootOK(t, append([]string{"merge", merged}, dirs...)...)
	seeds, err := filepath.Glob(filepath.Join(whole, engine.ReplicateGlob))
	if err != nil || len(seeds) != 2 {
		t.Fatalf("the unsharded run has replicates %v (%v); want 2", seeds, err)
	}
	files := []string{"summary.json", "table.md", "table.csv"}
	for _, s := range seeds {
		for _, f := range []string{"config.lock.yaml", "transcripts.jsonl", "summary.json", "report.html"} {
			files = append(files, filepath.Join(filepath.Base(s), f))
		}
	}
	for _, f := range files {
		if !bytes.Equal(mustRead(t, filepath.Join(merged, f)), mustRead(t, filepath.Join(whole, f))) {
			t.Errorf("merged %s differs from the unsharded run's", f)
		}
	}
	code, _, errOut := moot(t, "merge", filepath.Join(tmp, "merged-2"), dirs[0], filepath.Join(dirs[1], filepath.Base(seeds[0])))
	if code != exitBadInput {
		t.Errorf("merge of a replicated shard with a seed's run: exit %d, stderr %q; want %d", code, errOut, exitBadInput)
	}
	// Into a folder that holds a run: refused, the folder as it was.
	if code, _, errOut := moot(t, append([]string{"merge", whole}, dirs...)...); code != exitBadInput || !strings.Contains(errOut, "already holds a run") || strings.Contains(errOut, "another experiment") {
		t.Errorf("merge into a run's folder: exit %d, stderr %q; want %d", code, errOut, exitBadInput)
	}
	// A shard of the last seed unfinished: refused before any seed is
	// written, so that the same merge runs again once it is whole.
	last := filepath.Join(dirs[2], filepath.Base(seeds[len(seeds)-1]), "transcripts.jsonl")
	data := mustRead(t, last)
	writeFile(t, last, data[bytes.IndexByte(data, '\n')+1:])
	again := filepath.Join(tmp, "merged-3")
	if code, _, errOut := moot(t, append([]string{"merge", again}, dirs...)...); code != exitBadInput || !strings.Contains(errOut, "has not played") {
		t.Errorf("merge with an unfinished shard: exit %d, stderr %q; want %d", code, errOut, exitBadInput)
	}
	if entries, _ := os.ReadDir(again); len(entries) > 0 {
		t.Errorf("a refused merge wrote %d entries into its folder", len(entries))
	}
	writeFile(t, last, data)
	if code, _, errOut := moot(t, append([]string{"merge", again}, dirs...)...); code != exitOK {
		t.Errorf("the same merge once the shard is whole: exit %d, stderr %q", code, errOut)
	}
	// A shard stopped in its first seed has no folder for the second:
	// it is named as not done, not as of another run.
	second := filepath.Join(dirs[1], filepath.Base(seeds[1]))
	if err := os.Rename(second, second+".away"); err != nil {
		t.Fatal(err)
	}
	code, _, errOut = moot(t, append([]string{"merge", filepath.Join(tmp, "merged-4")}, dirs...)...)
	if code != exitBadInput || !strings.Contains(errOut, dirs[1]+" has not played the replicates at seeds") {
		t.Errorf("merge with a shard stopped in its first seed: exit %d, stderr %q; want %d and the shard named", code, errOut, exitBadInput)
	}
	// So too where the stop wrote its partial summary, of the seed it
	// played: a summary of fewer seeds that is partial is a run not done,
	// not one of fewer --replicates.
	sumPath := filepath.Join(dirs[1], sinks.SummaryFile)
	var sum map[string]any
	if data, err := os.ReadFile(sumPath); err != nil || json.Unmarshal(data, &sum) != nil {
		t.Fatalf("read %s: %v", sumPath, err)
	}
	sum["partial"] = "stopped (Ctrl-C)"
	sum["replicates"].(map[string]any)["seeds"] = sum["replicates"].(map[string]any)["seeds"].([]any)[:1]
	if data, err := json.Marshal(sum); err != nil || os.WriteFile(sumPath, data, 0o644) != nil {
		t.Fatal(err)
	}
	code, _, errOut = moot(t, append([]string{"merge", filepath.Join(tmp, "merged-4b")}, dirs...)...)
	if code != exitBadInput || !strings.Contains(errOut, dirs[1]+" has not played the replicates at seeds") {
		t.Errorf("merge with a shard stopped in its first seed, its summary partial: exit %d, stderr %q; want %d and the shard named as not done", code, errOut, exitBadInput)
	}
	// A shard that has not started, listed first, is named as such.
	empty := filepath.Join(tmp, "s0")
	if err := os.MkdirAll(empty, 0o755); err != nil {
		t.Fatal(err)
	}
	code, _, errOut = moot(t, "merge", filepath.Join(tmp, "merged-5"), empty, dirs[0])
	if code != exitBadInput || !strings.Contains(errOut, empty+" holds no run yet") {
		t.Errorf("merge with a shard not started, listed first: exit %d, stderr %q; want %d and the shard named", code, errOut, exitBadInput)
	}
}

// TestMergeThatStoppedRunsAgain: a merge that stops after it has written
// the transcripts (here its report cannot be written) leaves a folder that
// says so; the same merge, run again, writes the run whole — a run at one
// seed and a replicated run's seed alike — while a folder that holds a
// finished run is still refused.
func TestMergeThatStoppedRunsAgain(t *testing.T) {
	tmp := t.TempDir()
	dirs := runShards(t, small, tmp, 2)
	whole := filepath.Join(tmp, "whole")
	mootOK(t, append([]string{"merge", whole}, dirs...)...)
	stopped := filepath.Join(tmp, "stopped")
	blocker := filepath.Join(stopped, "report.html", "x")
	os.MkdirAll(blocker, 0o755)
	if code, _, _ := moot(t, append([]string{"merge", stopped}, dirs...)...); code == exitOK {
		t.Fatal("a merge whose report cannot be written: exit 0")
	}
	// A run into the merge that stopped is refused, not played over it
	// (the marker would then let a merge overwrite the finished run).
	if code, _, errOut := moot(t, "run", small, "--out", stopped, "--no-cache"); code != exitBadInput || !strings.Contains(errOut, "holds a merge that did not finish") {
		t.Errorf("a run into a merge that stopped: exit %d %s; want %d, saying so", code, errOut, exitBadInput)
	}
	// Nor is it read as a run: its summary is there, its report not (the
	// report was drawn, and tables printed, without a word).
	for _, args := range [][]string{{"report", stopped}, {"table", stopped}, {"export", stopped, "--format", "csv"}, {"compare", stopped, whole},
		{"rejudge", stopped, "--experiment", small, "--judge", "judge", "--out", filepath.Join(tmp, "rejudged"), "--no-cache"}} {
		if code, _, errOut := moot(t, args...); code != exitBadInput || !strings.Contains(errOut, "holds a merge that did not finish") {
			t.Errorf("%v of a merge that stopped: exit %d %s; want %d, saying so", args, code, errOut, exitBadInput)
		}
	}
	os.RemoveAll(filepath.Dir(blocker))
	mootOK(t, append([]string{"merge", stopped}, dirs...)...)
	for _, f := range []string{"transcripts.jsonl", "summary.json", "report.html"} {
		if !bytes.Equal(mustRead(t, filepath.Join(stopped, f)), mustRead(t, filepath.Join(whole, f))) {
			t.Errorf("%s of the merge run again differs from a merge that never stopped", f)
		}
	}
	if code, _, errOut := moot(t, append([]string{"merge", stopped}, dirs...)...); code != exitBadInput || !strings.Contains(errOut, "already holds a run") {
		t.Errorf("a merge into the finished merge: exit %d %s; want %d", code, errOut, exitBadInput)
	}

	// Replicated: the second seed's report cannot be written, after the
	// first seed was merged whole.
	reps := make([]string, 2)
	for i := range reps {
		reps[i] = filepath.Join(tmp, fmt.Sprintf("rep-%d", i+1))
		if code, _, errOut := moot(t, "run", small, "--replicates", "2", "--shard", fmt.Sprintf("%d/2", i+1), "--out", reps[i], "--no-cache"); code != exitOK {
			t.Fatalf("replicated shard %d: exit %d %s", i+1, code, errOut)
		}
	}
	seeds, _ := filepath.Glob(filepath.Join(reps[0], engine.ReplicateGlob))
	out := filepath.Join(tmp, "rep-merged")
	blocker = filepath.Join(out, filepath.Base(seeds[1]), "report.html", "x")
	os.MkdirAll(blocker, 0o755)
	if code, _, _ := moot(t, append([]string{"merge", out}, reps...)...); code == exitOK {
		t.Fatal("a replicated merge whose second seed's report cannot be written: exit 0")
	}
	// Nor is it read as a run still playing, by any command (table read
	// the seed merged whole as a partial run).
	for _, args := range [][]string{{"report", out}, {"table", out}, {"table", out, "--format", "json"}, {"export", out, "--format", "csv"}} {
		if code, _, errOut := moot(t, args...); code != exitBadInput || !strings.Contains(errOut, "merge that did not finish") {
			t.Errorf("%v of a replicated merge that stopped: exit %d %s; want %d, saying the merge did not finish", args, code, errOut, exitBadInput)
		}
	}
	if code, _, errOut := moot(t, "run", small, "--replicates", "2", "--out", out, "--no-cache"); code != exitBadInput || !strings.Contains(errOut, "holds a merge that did not finish") {
		t.Errorf("a replicated run into a replicated merge that stopped: exit %d %s; want %d, saying so", code, errOut, exitBadInput)
	}
	os.RemoveAll(filepath.Dir(blocker))
	mootOK(t, append([]string{"merge", out}, reps...)...)
	if _, err := os.Stat(filepath.Join(out, engine.MergingFile)); err == nil {
		t.Error("the replicated merge, whole, still says it did not finish")
	}
}

// TestMergeSaysEpisodesFailed: shards that kept failed episodes merge
// into the whole run, failures kept, and the merge exits 1 saying so, as
// moot run does of a run whose episodes failed.
func TestMergeSaysEpisodesFailed(t *testing.T) {
	tmp := t.TempDir()
	dirs := runShards(t, small, tmp, 2)
	log := filepath.Join(dirs[0], "transcripts.jsonl")
	first, rest, _ := bytes.Cut(mustRead(t, log), []byte("\n"))
	var ep map[string]any
	if err := json.Unmarshal(first, &ep); err != nil {
		t.Fatal(err)
	}
	ep["error"] = "agent judge: 503 Service Unavailable"
	failed, _ := json.Marshal(ep)
	os.WriteFile(log, append(append(failed, '\n'), rest...), 0o644)
	out := filepath.Join(tmp, "merged")
	code, _, errOut := moot(t, append([]string{"merge", out}, dirs...)...)
	if code != exitFailed || !strings.Contains(errOut, "1 of ") || !strings.Contains(errOut, "episodes failed") {
		t.Errorf("merge of shards with a failed episode: exit %d %s; want %d and the failure counted", code, errOut, exitFailed)
	}
	if sum := readSummary(t, out); sum.Failed != 1 {
		t.Errorf("the merged run has %d failed episodes; want 1", sum.Failed)
	}
}

// TestMergeNamesAnExperimentNotThere: a shard's lock names its experiment
// as the shard was given it, relative to the folder it ran from; merged
// from elsewhere without --experiment, the merge says to name it. And
// verify refuses a shard's run as its reference.
func TestMergeNamesAnExperimentNotThere(t *testing.T) {
	tmp := t.TempDir()
	dirs := runShards(t, small, tmp, 2)
	for _, d := range dirs {
		lock := filepath.Join(d, engine.LockFile)
		data := mustRead(t, lock)
		os.WriteFile(lock, bytes.Replace(data, []byte("experiment: "+small), []byte("experiment: exp/small.yaml"), 1), 0o644)
	}
	code, _, errOut := moot(t, append([]string{"merge", filepath.Join(tmp, "m")}, dirs...)...)
	if code != exitBadInput || !strings.Contains(errOut, "exp/small.yaml") || !strings.Contains(errOut, "--experiment") {
		t.Errorf("merge whose shards' experiment is not there: exit %d %s; want %d, the path and --experiment named", code, errOut, exitBadInput)
	}
	if code, _, errOut := moot(t, append([]string{"merge", filepath.Join(tmp, "m"), "--experiment", small}, dirs...)...); code != exitOK {
		t.Errorf("the merge with --experiment: exit %d %s", code, errOut)
	}
	// verify plays the whole plan: a shard's run is not its reference,
	// where it reported the whole run's episodes as a difference.
	if code, out, errOut := moot(t, "verify", small, "--reference", dirs[0]); code != exitBadInput || !strings.Contains(errOut, "holds shard 1/2") {
		t.Errorf("verify against a shard's run: exit %d %s%s; want %d, the shard named", code, out, errOut, exitBadInput)
	}
	if code, out, errOut := moot(t, "verify", small, "--reference", filepath.Join(tmp, "m")); code != exitOK {
		t.Errorf("verify against the merged run: exit %d %s%s", code, out, errOut)
	}
}

// TestMergeNamesTheWrongShard: a shard folder that is not there, or a run
// of one seed given first among a replicated run's shards, is named as
// such, where the merge spoke of a shard not yet run, or of a seed's
// folder that is not a run.
func TestMergeNamesTheWrongShard(t *testing.T) {
	tmp := t.TempDir()
	dirs := runShards(t, small, tmp, 2)
	rep := filepath.Join(tmp, "rep")
	mootOK(t, "run", small, "--replicates", "2", "--shard", "2/2", "--out", rep, "--no-cache")
	replicated := filepath.Join(tmp, "replicated.yaml")
	os.WriteFile(replicated, append(mustRead(t, small), "replicates: 3\n"...), 0o644)
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{dirs[0], filepath.Join(tmp, "typo")}, "typo is not a folder"},
		{[]string{dirs[0], rep}, "holds a run of one seed"},
		// The shards of one seed, merged as those of a file that
		// replicates: it would have made a run of one seed.
		{[]string{dirs[0], dirs[1], "--experiment", replicated}, "replicates the experiment at 3 seeds"},
	} {
		code, _, errOut := moot(t, append([]string{"merge", filepath.Join(tmp, "m")}, c.args...)...)
		if code != exitBadInput || !strings.Contains(errOut, c.want) {
			t.Errorf("merge %v: exit %d %s; want %d, %q", c.args, code, errOut, exitBadInput, c.want)
		}
	}
}

// TestRunFreshDiscardsAStoppedMerge: --fresh plays the run in a folder that
// held a merge that stopped, and the folder no longer says it is merging.
func TestRunFreshDiscardsAStoppedMerge(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	if err := engine.MarkMerging(dir); err != nil {
		t.Fatal(err)
	}
	mootOK(t, "run", small, "--out", dir, "--no-cache", "--fresh")
	if engine.Merging(dir) {
		t.Error("the run played with --fresh still says a merge did not finish")
	}
}

// TestMergeOfShardsOfOtherReplicates: a shard finished at fewer seeds was
// run with fewer --replicates; the merge says so, and the --replicates to
// run it with, where it said to run it again, which changes nothing.
func TestMergeOfShardsOfOtherReplicates(t *testing.T) {
	tmp := t.TempDir()
	s1, s2 := filepath.Join(tmp, "s1"), filepath.Join(tmp, "s2")
	for _, r := range []struct{ dir, shard, n string }{{s1, "1/2", "3"}, {s2, "2/2", "2"}} {
		if code, _, errOut := moot(t, "run", small, "--replicates", r.n, "--shard", r.shard, "--out", r.dir); code != exitOK {
			t.Fatalf("shard %s: exit %d %s", r.shard, code, errOut)
		}
	}
	// In either order, the short shard is named with the --replicates to
	// use.
	for i, order := range [][]string{{s1, s2}, {s2, s1}} {
		code, _, errOut := moot(t, append([]string{"merge", filepath.Join(tmp, fmt.Sprintf("m%d", i))}, order...)...)
		if code != exitBadInput || !strings.Contains(errOut, s2+" finished its replicates at 2 seeds, "+s1+" holds 3") || !strings.Contains(errOut, "run "+s2+" again with --replicates 3") {
			t.Errorf("merge of shards of 3 and 2 replicates, %s first: exit %d, stderr %q; want %d, the --replicates to use", order[0], code, errOut, exitBadInput)
		}
	}
}

// TestMergeRefusesReplicatesStoppedAfterTheFirstSeed: shards of a
// replicated run, each stopped once its first seed was played (killed, so
// with no summary of their own, or stopped by Ctrl-C, their summary
// partial), hold the same first seed alone. That is not a run of one
// replicate (--replicates 1, which writes a finished summary): the merge
// is refused, naming a shard to run again, and writes nothing.
func TestMergeRefusesReplicatesStoppedAfterTheFirstSeed(t *testing.T) {
	x, err := engine.Load(small)
	if err != nil {
		t.Fatal(err)
	}
	later := engine.ReplicateDir(engine.ReplicateSeeds(x.Seed, 2)[1])
	for _, stop := range []string{"killed", "interrupted"} {
		tmp := t.TempDir()
		var dirs []string
		for i := 1; i <= 2; i++ {
			d := filepath.Join(tmp, fmt.Sprintf("s%d", i))
			mootOK(t, "run", small, "--replicates", "2", "--shard", fmt.Sprintf("%d/2", i), "--out", d, "--no-cache")
			if err := os.RemoveAll(filepath.Join(d, later)); err != nil {
				t.Fatal(err)
			}
			sumPath := filepath.Join(d, sinks.SummaryFile)
			if stop == "killed" {
				if err := os.Remove(sumPath); err != nil {
					t.Fatal(err)
				}
			} else {
				var sum map[string]any
				if err := json.Unmarshal(mustRead(t, sumPath), &sum); err != nil {
					t.Fatal(err)
				}
				sum["partial"] = "stopped (Ctrl-C)"
				sum["replicates"].(map[string]any)["seeds"] = []any{x.Seed}
				data, _ := json.Marshal(sum)
				writeFile(t, sumPath, data)
			}
			dirs = append(dirs, d)
		}
		out := filepath.Join(tmp, "merged")
		code, _, errOut := moot(t, append([]string{"merge", out}, dirs...)...)
		if code != exitBadInput || !strings.Contains(errOut, "has not finished its replicates") {
			t.Errorf("%s shards, each after its first seed: exit %d, stderr %q; want %d, a shard named as not done", stop, code, errOut, exitBadInput)
		}
		if _, err := os.Stat(out); err == nil {
			t.Errorf("%s shards: a refused merge made %s", stop, out)
		}
	}
}

// TestMergeRefusesAnInconsistentShardRecord: a shard's record that decodes
// but contradicts itself (an edited correct_answer) is refused before the
// merge writes anything, naming the shard's file and line, as every other
// reader of a log names it; the merge used to write the lock, questions,
// transcripts, summary and tables, and stop at the report, naming a line
// of the merged copy.
func TestMergeRefusesAnInconsistentShardRecord(t *testing.T) {
	tmp := t.TempDir()
	dirs := runShards(t, small, tmp, 2)
	log := filepath.Join(dirs[1], engine.TranscriptsFile)
	lines := bytes.SplitAfter(mustRead(t, log), []byte("\n"))
	var rec map[string]any
	if err := json.Unmarshal(lines[2], &rec); err != nil {
		t.Fatal(err)
	}
	rec["correct_answer"] = 5
	edited, _ := json.Marshal(rec)
	lines[2] = append(edited, '\n')
	writeFile(t, log, bytes.Join(lines, nil))
	out := filepath.Join(tmp, "merged")
	code, _, errOut := moot(t, "merge", out, dirs[0], dirs[1])
	if code != exitBadInput || !strings.Contains(errOut, log+":3") || !strings.Contains(errOut, "correct_answer is 5") {
		t.Errorf("merge with an edited record: exit %d, stderr %q; want %d, naming %s:3", code, errOut, exitBadInput, log)
	}
	if _, err := os.Stat(out); err == nil {
		t.Errorf("a refused merge made %s", out)
	}
}
