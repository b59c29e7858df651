package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/mootlab/moot/sinks"
)

// TestTableMarkdownHoldsWarnings: a run whose judge's answers never parse
// warns on stderr, and its table.md ends with the same warnings, in the
// same words; moot table's markdown of the run is its table.md, warnings
// and all. Before, table.md held none.
func TestTableMarkdownHoldsWarnings(t *testing.T) {
	file := unparsedJudgeFile(t, "")
	out := filepath.Join(t.TempDir(), "run")
	code, _, errOut := moot(t, "run", file, "--out", out, "--no-cache")
	if code != exitOK {
		t.Fatalf("run: exit %d\n%s", code, errOut)
	}
	md := string(mustRead(t, filepath.Join(out, sinks.TableMarkdown)))
	var warned int
	for _, line := range strings.Split(errOut, "\n") {
		if w, ok := strings.CutPrefix(line, "moot: warning: "); ok {
			warned++
			if !strings.Contains(md, "\n- "+w+"\n") {
				t.Errorf("table.md does not say %q, as stderr did", w)
			}
		}
	}
	if warned != 2 || !strings.Contains(md, "\n**Warnings**\n\n") {
		t.Errorf("%d warnings on stderr; want 2, and table.md's Warnings section:\n%s", warned, md)
	}
	code, table, tableErr := moot(t, "table", out, "--format", "markdown")
	if code != exitOK || table != md {
		t.Errorf("table --format markdown (exit %d, %s):\n%s\nwant the run's table.md:\n%s", code, tableErr, table, md)
	}
	// And on stderr, as the run said them (and a replicated run's table
	// says its own).
	var runSaid, tableSaid []string
	for _, c := range []struct {
		text string
		into *[]string
	}{{errOut, &runSaid}, {tableErr, &tableSaid}} {
		for _, line := range strings.Split(c.text, "\n") {
			if strings.HasPrefix(line, "moot: warning: ") {
				*c.into = append(*c.into, line)
			}
		}
	}
	if !slices.Equal(runSaid, tableSaid) {
		t.Errorf("table's warnings on stderr %q; want the run's %q", tableSaid, runSaid)
	}
	// A table of the run regrouped, or of it with another run (of the
	// experiment at another seed), is no run's own: its warnings would be
	// the pooled rows', which no run said.
	again := filepath.Join(filepath.Dir(out), "again")
	mootOK(t, "run", unparsedJudgeFile(t, "seed: 9\n"), "--out", again, "--no-cache")
	for _, args := range [][]string{{"table", out, "--by", "task", "--format", "markdown"}, {"table", out, again, "--format", "markdown"}} {
		if code, table, tableErr := moot(t, args...); code != exitOK || strings.Contains(table, "**Warnings**") || strings.Contains(tableErr, "moot: warning: judge") {
			t.Errorf("moot %s (exit %d): a Warnings section or the run's warnings\n%s\n%s", strings.Join(args, " "), code, table, tableErr)
		}
	}
}

// unparsedJudgeFile writes an experiment file, with extra after its name
// line, whose judge is a server that answers every call "Hard to say."
// and counts no tokens: the run warns that the judge left every verdict
// unparsed and that its usage is estimated.
func unparsedJudgeFile(t *testing.T, extra string) string {
	t.Helper()
	judge := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if r.URL.Path != "/v1/chat/completions" {
			w.WriteHeader(http.StatusNotFound)
			fmt.Fprint(w, `{"error":{"message":"not found"}}`)
			return
		}
		fmt.Fprint(w, `{"choices":[{"index":0,"message":{"role":"assistant","content":"Hard to say."},"finish_reason":"stop"}],"usage":{}}`)
	}))
	t.Cleanup(judge.Close)
	file := filepath.Join(t.TempDir(), "unparsed.yaml")
	writeFile(t, file, []byte(fmt.Sprintf("name: unparsed\n%sagents:\n  j: {backend: openai, base_url: %s/v1, model: m, logprobs: false}\ntasks:\n  - {name: q, generator: qa, n: 3}\nprotocols:\n  - {name: direct, judge: j}\n", extra, judge.URL)))
	return file
}

// TestVerifyPrintsTheRunsWarnings: verify prints on stderr the warnings
// its fresh run gave, each line as moot run of the file prints it, in the
// same order (a run, and a replicated run: each seed's, then the
// replicated run's), and still says on stdout that the results match,
// exit 0. It printed none: they were only compared, in summary.json.
func TestVerifyPrintsTheRunsWarnings(t *testing.T) {
	for _, extra := range []string{"", "replicates: 2\n"} {
		file := unparsedJudgeFile(t, extra)
		ref := filepath.Join(t.TempDir(), "ref")
		code, _, runErr := moot(t, "run", file, "--out", ref, "--no-cache")
		if code != exitOK {
			t.Fatalf("%q: run: exit %d\n%s", extra, code, runErr)
		}
		code, out, errOut := moot(t, "verify", file, "--reference", ref, "--no-cache")
		if code != exitOK || out != "unparsed: results match "+ref+"\n" {
			t.Errorf("%q: verify: exit %d, stdout %q; want %d, the results match", extra, code, out, exitOK)
		}
		got, want := warningLines(errOut), warningLines(runErr)
		if len(want) < 2 || strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("%q: verify warned\n%s\nwant as moot run warned\n%s", extra, strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
	}
}

// warningLines are the lines of stderr that are warnings.
func warningLines(stderr string) []string {
	var out []string
	for _, line := range strings.Split(stderr, "\n") {
		if strings.HasPrefix(line, "moot: warning: ") {
			out = append(out, line)
		}
	}
	return out
}
