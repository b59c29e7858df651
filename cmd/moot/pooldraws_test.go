package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestPoolingCountsADrawOnce: runs of two experiment files that differ
// only where an episode does not look (a protocol added) play it alike at
// one seed. Pooled in one row (--by judge), or by audit, each such draw
// counts once, and stderr says how many; rows by protocol keep each run's
// own; at another seed every episode is a draw of its own.
func TestPoolingCountsADrawOnce(t *testing.T) {
	data := mustRead(t, small)
	dir := t.TempDir()
	files := map[string]string{
		"base":  string(data),
		"added": string(data) + "  - {name: consultancy, label: consultancy-sly, judge: judge, consultant: sly}\n",
		"seed":  strings.Replace(string(data), "seed: 11", "seed: 12", 1),
	}
	runs := map[string]string{}
	for name, text := range files {
		file := filepath.Join(dir, name+".yaml")
		writeFile(t, file, []byte(text))
		runs[name] = filepath.Join(dir, name)
		if code, _, errOut := moot(t, "run", file, "--out", runs[name]); code != exitOK {
			t.Fatalf("run %s: %d %s", name, code, errOut)
		}
	}
	episodes := func(args ...string) (n int, errOut string) {
		t.Helper()
		code, out, errOut := moot(t, append([]string{"table", "--format", "json"}, args...)...)
		var sum struct{ Cells []struct{ N int } }
		if err := json.Unmarshal([]byte(out), &sum); code != exitOK || err != nil {
			t.Fatalf("table %v: exit %d %v %s", args, code, err, errOut)
		}
		for _, c := range sum.Cells {
			n += c.N
		}
		return n, errOut
	}
	base, _ := episodes(runs["base"], "--by", "judge")
	added, _ := episodes(runs["added"], "--by", "judge")
	if pooled, errOut := episodes(runs["base"], runs["added"], "--by", "judge"); pooled != added || !strings.Contains(errOut, "hold the same draws") {
		t.Errorf("table of a run and a run of its file with a protocol added, --by judge: %d episodes (stderr %q); want %d, the shared ones once", pooled, errOut, added)
	}
	// A row that pools the runs names its protocol as the runs do, not
	// as one run's.
	code, out, errOut := moot(t, "table", runs["base"], runs["added"], "--by", "kind", "--format", "json")
	if code != exitOK || !strings.Contains(out, `"protocol": "direct"`) || strings.Contains(out, `base:`) {
		t.Errorf("table of the two by kind: exit %d %s; want its direct row to name direct, no run", code, errOut)
	}
	if rows, _ := episodes(runs["base"], runs["added"]); rows != base+added {
		t.Errorf("table of the two by protocol: %d episodes; want %d, each run's rows whole", rows, base+added)
	}
	if pooled, errOut := episodes(runs["base"], runs["seed"], "--by", "judge"); pooled != 2*base || strings.Contains(errOut, "same draws") {
		t.Errorf("table of runs at two seeds: %d episodes (stderr %q); want %d", pooled, errOut, 2*base)
	}
	// By protocol, each run keeps its rows, but the debates they share
	// are one set of games: the Elo fit is the base run's.
	elo := func(args ...string) string {
		t.Helper()
		code, out, errOut := moot(t, append([]string{"table", "--format", "json"}, args...)...)
		var sum struct {
			Elo         json.RawMessage `json:"elo"`
			EloAccuracy json.RawMessage `json:"elo_accuracy"`
		}
		if err := json.Unmarshal([]byte(out), &sum); code != exitOK || err != nil || len(sum.Elo) == 0 {
			t.Fatalf("table %v: exit %d %v %s", args, code, err, errOut)
		}
		return string(sum.Elo) + string(sum.EloAccuracy)
	}
	if got, want := elo(runs["base"], runs["added"]), elo(runs["base"]); got != want {
		t.Errorf("Elo of the two runs by protocol:\n%s\nwant the base run's, its debates once:\n%s", got, want)
	}
	// The text and markdown tables show the ratings the note speaks of.
	for _, f := range []string{"text", "markdown"} {
		code, out, errOut := moot(t, "table", runs["base"], runs["added"], "--format", f)
		if code != exitOK || !regexp.MustCompile(`\| Player +\| +Elo +\| +95% CI`).MatchString(out) {
			t.Errorf("table of the two by protocol, as %s: exit %d %s\n%s\nwant the Elo ratings after the cells", f, code, errOut, out)
		}
	}
	// A copy of the base run whose records name no draws. As a run
	// recorded before moot named them (record format 2): pooled as draws
	// of their own, and said, for they may be one; as a run whose answers
	// were each drawn anew (an uncached LLM's): pooled, and not said.
	undrawn := filepath.Join(dir, "undrawn")
	copyFolder(t, undrawn, runs["base"])
	rewrite := func(name string, re *regexp.Regexp, by string) {
		t.Helper()
		path := filepath.Join(undrawn, name)
		data, err := os.ReadFile(path)
		if err == nil {
			err = os.WriteFile(path, re.ReplaceAll(data, []byte(by)), 0o644)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	// Answers replayed from old cache entries the cache could not name
	// (cached, without draws) may be one with another run's: said.
	rewrite("transcripts.jsonl", regexp.MustCompile(`"draw":"[0-9a-f]{32}",`), `"cached":true,`)
	if pooled, errOut := episodes(undrawn, runs["added"], "--by", "judge"); pooled != base+added || !strings.Contains(errOut, "old cache entry") {
		t.Errorf("table of a run replayed from old cache entries and the file with a protocol added: %d episodes (stderr %q); want %d, and a word that they may be one", pooled, errOut, base+added)
	}
	rewrite("transcripts.jsonl", regexp.MustCompile(`"cached":true,`), "")
	if pooled, errOut := episodes(undrawn, runs["added"], "--by", "judge"); pooled != base+added || strings.Contains(errOut, "draws") {
		t.Errorf("table of a run whose answers were drawn anew and the file with a protocol added: %d episodes (stderr %q); want %d, nothing said", pooled, errOut, base+added)
	}
	rewrite("config.lock.yaml", regexp.MustCompile(`record_format: \d+`), "record_format: 2")
	if pooled, errOut := episodes(undrawn, runs["added"], "--by", "judge"); pooled != base+added || !strings.Contains(errOut, "before moot named draws") {
		t.Errorf("table of a run recorded before draws and the file with a protocol added: %d episodes (stderr %q); want %d, and a word that they may be one", pooled, errOut, base+added)
	}
	// Two runs of one file at one seed whose episodes name other draws —
	// as an LLM's through two caches — are two samples: pooled. A copy
	// names the same draws: refused.
	resampled := filepath.Join(dir, "resampled")
	copyFolder(t, resampled, runs["base"])
	path := filepath.Join(resampled, "transcripts.jsonl")
	data, err := os.ReadFile(path)
	if err == nil {
		data = regexp.MustCompile(`"draw":"([0-9a-f])`).ReplaceAll(data, []byte(`"draw":"x$1`))
		err = os.WriteFile(path, data, 0o644)
	}
	if err != nil {
		t.Fatal(err)
	}
	if pooled, errOut := episodes(runs["base"], resampled, "--by", "judge"); pooled != 2*base {
		t.Errorf("table of two samples of one file at one seed: %d episodes (stderr %q); want %d", pooled, errOut, 2*base)
	}
	verdicts := func(dirs ...string) int {
		t.Helper()
		code, out, errOut := moot(t, append([]string{"audit", "--format", "json"}, dirs...)...)
		var rep struct{ Verdicts int }
		if err := json.Unmarshal([]byte(out), &rep); code != exitOK || err != nil {
			t.Fatalf("audit %v: exit %d %v %s", dirs, code, err, errOut)
		}
		return rep.Verdicts
	}
	if got, want := verdicts(runs["base"], runs["added"]), verdicts(runs["added"]); got != want {
		t.Errorf("audit of the two: %d verdicts; want %d, the larger run's", got, want)
	}
}
