package main

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mootlab/moot/engine"
	"github.com/mootlab/moot/sinks"
	"github.com/mootlab/moot/transcript"
)

// TestGreedyRepeatsInAPartOfASweep: a sweep whose other axis leaves the
// consultancy alone plays it in cells named by the temperature axis alone
// (strong.temperature=0), a name the lock's cells (each axis named) do
// not hold; the consultant there samples at temperature 0 as the lock's
// cells say, and is warned of. Before, such an episode read the file's
// agent (no temperature: sampling), and nothing was said.
func TestGreedyRepeatsInAPartOfASweep(t *testing.T) {
	if testing.Short() {
		t.Skip("plays a replicated run through serve-sim")
	}
	base, boolq := boolqServed(t)
	dir := t.TempDir()
	var file strings.Builder
	file.WriteString("name: greedy-cells\nseed: 7\nreplicates: 2\nagents:\n")
	for _, a := range [][2]string{{"strong", "strong"}, {"weak-judge", "weak-judge"}, {"reader", "weak-judge"}} {
		fmt.Fprintf(&file, "  %s: {backend: openai, base_url: %s/v1, model: %s, backoff: 5ms}\n", a[0], base, a[1])
	}
	fmt.Fprintf(&file, "tasks:\n  - {name: boolq, loader: boolq, path: %s}\n", boolq)
	file.WriteString("protocols:\n  - {name: consultancy, judge: weak-judge, consultant: strong, rounds: 2}\n  - {name: direct, judge: reader}\n")
	file.WriteString("sweep:\n  agents.strong.temperature: [0, 0.7]\n  agents.reader.temperature: [0.5, 0.7]\n")
	path := filepath.Join(dir, "x.yaml")
	writeFile(t, path, []byte(file.String()))
	out, stderr := runCached(t, path, dir)
	cells := map[string]bool{}
	if err := transcript.Scan(filepath.Join(out, engine.ReplicateDir(7), engine.TranscriptsFile), func(ep *transcript.Episode) error {
		if ep.Protocol == "consultancy" {
			cells[ep.Cell] = true
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if !cells["strong.temperature=0"] {
		t.Fatalf("the consultancy played in cells %v; want strong.temperature=0 among them (the test's premise)", cells)
	}
	sum, err := sinks.ReadSummary(filepath.Join(out, sinks.SummaryFile))
	if err != nil {
		t.Fatal(err)
	}
	var agents []string
	for _, r := range sum.Replicates.GreedyRepeats {
		agents = append(agents, r.Agent)
	}
	if len(agents) != 1 || agents[0] != "strong" || !strings.Contains(stderr, "agent strong samples at temperature 0") {
		t.Errorf("greedy repeats %+v; want the consultant strong alone warned of\n%s", sum.Replicates.GreedyRepeats, stderr)
	}
}
