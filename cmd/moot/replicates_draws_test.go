package main

import (
	"fmt"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mootlab/moot/analysis"
	"github.com/mootlab/moot/engine"
	"github.com/mootlab/moot/simserver"
	"github.com/mootlab/moot/sinks"
)

// TestReplicatesOfAFixedSeedWarn: agents that send one seed with every
// call (seed:) ask the same at every seed of a task whose questions the
// seeds share (a data file), and the response cache answers a later seed
// with the first seed's answers wherever the request is the same (the
// seed put the answers in the same order): those are copies. The run
// says so, per agent, on stderr, in summary.json and on its page; the
// same run without the seed: setting draws anew at each seed, and does
// not. Before, nothing said it, and the statistics over seeds counted the
// copies as draws.
func TestReplicatesOfAFixedSeedWarn(t *testing.T) {
	if testing.Short() {
		t.Skip("plays a replicated run through serve-sim")
	}
	boolqAt := boolqReplicates(t)
	for _, fixed := range []bool{true, false} {
		seed := ""
		if fixed {
			seed = ", seed: 42"
		}
		dir := t.TempDir()
		path := boolqAt(dir, seed)
		out, stderr := runCached(t, path, dir)
		sum, err := sinks.ReadSummary(filepath.Join(out, sinks.SummaryFile))
		if err != nil {
			t.Fatal(err)
		}
		warned := warnedOf(sum.Warnings, analysis.WarnRepeatedDraws)
		page := string(mustRead(t, filepath.Join(out, "report.html")))
		switch {
		case !fixed && (len(warned) > 0 || strings.Contains(stderr, "very draws") || len(sum.Replicates.RepeatedDraws) > 0):
			t.Errorf("without seed: warned %q; want no warning, each seed drawing anew", warned)
		case fixed && len(warned) != 2:
			t.Errorf("with seed: warned %q; want one warning for each of the two agents\n%s", warned, stderr)
		case fixed:
			for _, r := range sum.Replicates.RepeatedDraws {
				// An answer at the second seed repeats the first's where
				// the seed put the question's answers in the same order:
				// the same request.
				if r.Repeated == 0 || 2*r.Repeated > r.Answers {
					t.Errorf("%+v; want some of the second seed's answers repeated, and none of the first's", r)
				}
			}
			if !strings.Contains(stderr, "moot: warning: agent strong:") || !strings.Contains(page, "are the very draws of its answers at another seed") {
				t.Errorf("the warning is not on stderr and the page:\n%s", stderr)
			}
		}
		// table.md ends with them, as stderr words them; without them, it
		// has no Warnings section.
		md := string(mustRead(t, filepath.Join(out, sinks.TableMarkdown)))
		for _, w := range warned {
			if !strings.Contains(md, "\n- "+w+"\n") {
				t.Errorf("table.md does not say %q, as stderr did", w)
			}
		}
		if strings.Contains(md, "**Warnings**") != fixed {
			t.Errorf("fixed %v: table.md:\n%s\nwant a Warnings section only with seed:", fixed, md)
		}
		// moot table reads the run again, its p-values among the rest,
		// and says what the run said of them, in every format.
		for _, format := range []string{"text", "markdown", "csv", "json"} {
			code, table, tableErr := moot(t, "table", out, "--format", format)
			if code != exitOK {
				t.Fatalf("moot table --format %s: exit %d\n%s", format, code, tableErr)
			}
			if format == "markdown" && table != md {
				t.Errorf("moot table --format markdown:\n%s\nwant the run's table.md:\n%s", table, md)
			}
			if got := strings.Count(tableErr, "moot: warning: agent "); fixed && got != 2 || !fixed && got != 0 {
				t.Errorf("fixed %v: moot table --format %s warned of %d agents; want %d\n%s", fixed, format, got, len(warned), tableErr)
			}
		}
		if !fixed {
			continue
		}
		// moot verify, its cache as fresh as the run's was, plays the
		// same copies and says so as the run did, each seed's warnings
		// and the replicated run's.
		code, _, verifyErr := moot(t, "verify", path, "--reference", out, "--cache", filepath.Join(dir, "verify-cache"))
		if got, want := warningLines(verifyErr), warningLines(stderr); code != exitOK || strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("verify: exit %d, warned\n%s\nwant 0, as moot run warned\n%s", code, strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
		// Its shards, played into one cache, merged: the merge says what
		// the merged run's summary holds, not each shard's share of it.
		code, mergeErr := mergedShards(t, path, dir, "shards-cache")
		if code != exitOK {
			t.Fatalf("merge: exit %d\n%s", code, mergeErr)
		}
		for _, w := range warned {
			if !strings.Contains(mergeErr, "moot: warning: "+w+"\n") {
				t.Errorf("merge: stderr does not say %q, as the run did\n%s", w, mergeErr)
			}
		}
	}
}

// runCached runs the experiment file at path into dir/run with the
// response cache dir/cache, and returns the run's folder and its stderr;
// the test fails where the run does.
func runCached(t *testing.T, path, dir string) (out, stderr string) {
	t.Helper()
	out = filepath.Join(dir, "run")
	code, stdout, stderr := moot(t, "run", path, "--out", out, "--cache", filepath.Join(dir, "cache"))
	if code != exitOK {
		t.Fatalf("moot run %s: exit %d\n%s%s", path, code, stdout, stderr)
	}
	return out, stderr
}

// warnedOf returns the messages of the warnings of kind among ws.
func warnedOf(ws []analysis.Warning, kind string) []string {
	var warned []string
	for _, w := range ws {
		if w.Kind == kind {
			warned = append(warned, w.Message)
		}
	}
	return warned
}

// boolqReplicates starts serve-sim playing experiments/datasets.yaml's
// agents and returns a function that writes, into dir, an experiment of
// a consultancy on the boolq test file at two seeds, its openai agents
// strong and weak-judge at serve-sim with extra after their settings
// (", seed: 42"), and returns its path.
func boolqReplicates(t *testing.T) func(dir, extra string) string {
	t.Helper()
	base, boolq := boolqServed(t)
	return func(dir, extra string) string {
		var file strings.Builder
		fmt.Fprintf(&file, "name: fixed-seed\nseed: 7\nreplicates: 2\nagents:\n")
		for _, a := range []string{"strong", "weak-judge"} {
			fmt.Fprintf(&file, "  %s: {backend: openai, base_url: %s/v1, model: %s, backoff: 5ms%s}\n", a, base, a, extra)
		}
		fmt.Fprintf(&file, "tasks:\n  - {name: boolq, loader: boolq, path: %s}\n", boolq)
		file.WriteString("protocols:\n  - {name: consultancy, judge: weak-judge, consultant: strong, rounds: 2}\n")
		path := filepath.Join(dir, "x.yaml")
		writeFile(t, path, []byte(file.String()))
		return path
	}
}

// boolqServed starts serve-sim playing experiments/datasets.yaml's agents
// and returns its URL and the boolq test file's path.
func boolqServed(t *testing.T) (base, boolq string) {
	t.Helper()
	x, err := engine.Load("../../experiments/datasets.yaml")
	if err != nil {
		t.Fatal(err)
	}
	models, _ := x.SimModels()
	hs := httptest.NewServer(simserver.New(models, simserver.Options{}))
	t.Cleanup(hs.Close)
	boolq, err = filepath.Abs("../../tasks/loaders/testdata/boolq.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	return hs.URL, boolq
}

// mergedShards plays the experiment at path in two shards into dir, with
// one cache (dir/CACHE), and merges them into dir/merged, returning the
// merge's exit code and stderr.
func mergedShards(t *testing.T, path, dir, cache string) (int, string) {
	t.Helper()
	var shards []string
	for i := 1; i <= 2; i++ {
		shard := filepath.Join(dir, fmt.Sprintf("shard-%d", i))
		if code, _, stderr := moot(t, "run", path, "--shard", fmt.Sprintf("%d/2", i), "--out", shard, "--cache", filepath.Join(dir, cache)); code != exitOK {
			t.Fatalf("shard %d: exit %d\n%s", i, code, stderr)
		}
		shards = append(shards, shard)
	}
	code, _, stderr := moot(t, append([]string{"merge", filepath.Join(dir, "merged")}, shards...)...)
	return code, stderr
}
