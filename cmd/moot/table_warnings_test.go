package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mootlab/moot/sinks"
)

// TestTableMarkdownHoldsWarnings: a run whose judge's answers never parse
// warns on stderr, and its table.md ends with the same warnings, in the
// same words; moot table's markdown of the run is its table.md, warnings
// and all. Before, table.md held none.
func TestTableMarkdownHoldsWarnings(t *testing.T) {
	judge := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if r.URL.Path != "/v1/chat/completions" {
			w.WriteHeader(http.StatusNotFound)
			fmt.Fprint(w, `{"error":{"message":"not found"}}`)
			return
		}
		fmt.Fprint(w, `{"choices":[{"index":0,"message":{"role":"assistant","content":"Hard to say."},"finish_reason":"stop"}],"usage":{}}`)
	}))
	defer judge.Close()
	file := filepath.Join(t.TempDir(), "unparsed.yaml")
	writeFile(t, file, []byte(fmt.Sprintf("name: unparsed\nagents:\n  j: {backend: openai, base_url: %s/v1, model: m, logprobs: false}\ntasks:\n  - {name: q, generator: qa, n: 3}\nprotocols:\n  - {name: direct, judge: j}\n", judge.URL)))
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
	if code, table, tableErr := moot(t, "table", out, "--format", "markdown"); code != exitOK || table != md {
		t.Errorf("table --format markdown (exit %d, %s):\n%s\nwant the run's table.md:\n%s", code, tableErr, table, md)
	}
}
