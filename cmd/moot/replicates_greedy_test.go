package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/mootlab/moot/analysis"
	"github.com/mootlab/moot/sinks"
)

// TestReplicatesAtTemperatureZeroWarn: an agent that samples at
// temperature 0 answers a prompt alike at every seed that gives it (but
// for its server's nondeterminism), whatever seed it is sent and whatever
// draw its answer names: the consultant's first speech on a question whose
// answers the two seeds put in the same order is such a prompt. The run
// says so of the consultant (greedy_repeats, on stderr, in summary.json
// and table.md), and moot table says it again from the seeds' locks; at
// temperature 0.7 it says nothing. Before, nothing said it: the cache keys
// each seed's answer apart, and repeated_draws saw no copy.
func TestReplicatesAtTemperatureZeroWarn(t *testing.T) {
	if testing.Short() {
		t.Skip("plays a replicated run through serve-sim")
	}
	boolqAt := boolqReplicates(t)
	for _, temperature := range []string{"0", "0.7"} {
		dir := t.TempDir()
		path := boolqAt(dir, ", temperature: "+temperature)
		out, stderr := runCached(t, path, dir)
		sum, err := sinks.ReadSummary(filepath.Join(out, sinks.SummaryFile))
		if err != nil {
			t.Fatal(err)
		}
		warned := warnedOf(sum.Warnings, analysis.WarnGreedyRepeats)
		if temperature != "0" {
			if len(warned) > 0 || len(sum.Replicates.GreedyRepeats) > 0 || len(sum.Replicates.RepeatedDraws) > 0 {
				t.Errorf("temperature %s: warned %q; want none", temperature, warned)
			}
			continue
		}
		strong := false
		for _, r := range sum.Replicates.GreedyRepeats {
			strong = strong || r.Agent == "strong"
			// The second seed's answers alone can repeat the first's.
			if r.Repeated == 0 || 2*r.Repeated > r.Answers {
				t.Errorf("%+v; want some of the second seed's answers counted, and none of the first's", r)
			}
		}
		md := string(mustRead(t, filepath.Join(out, sinks.TableMarkdown)))
		if !strong || len(warned) != len(sum.Replicates.GreedyRepeats) || !strings.Contains(stderr, "moot: warning: agent strong samples at temperature 0") ||
			!strings.Contains(md, "agent strong samples at temperature 0") {
			t.Errorf("temperature 0: %+v, warned %q; want the consultant warned of on stderr, in summary.json and table.md\n%s", sum.Replicates.GreedyRepeats, warned, stderr)
		}
		if len(sum.Replicates.RepeatedDraws) > 0 {
			t.Errorf("temperature 0: repeated draws %+v; want none: each seed's call is sent its own seed, cached apart", sum.Replicates.RepeatedDraws)
		}
		code, _, tableErr := moot(t, "table", out)
		if code != exitOK || strings.Count(tableErr, "samples at temperature 0") != len(warned) {
			t.Errorf("moot table: exit %d, warned\n%s\nwant the run's %d warnings again", code, tableErr, len(warned))
		}
	}
}
