package main

import (
	"errors"
	"io"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spf13/cobra"
)

// TestVerifyWarnsOfGreedyRepeats: moot verify of a replicated run whose
// consultant samples at temperature 0 reads the greedy agents from the
// seeds' locks it wrote and says the warning again, as the run did.
func TestVerifyWarnsOfGreedyRepeats(t *testing.T) {
	if testing.Short() {
		t.Skip("plays a replicated run through serve-sim")
	}
	dir := t.TempDir()
	path := boolqReplicates(t)(dir, ", temperature: 0")
	ref, _ := runCached(t, path, dir)
	code, stdout, stderr := moot(t, "verify", path, "--reference", ref, "--cache", filepath.Join(dir, "cache"))
	if code != exitOK || !strings.Contains(stderr, "moot: warning: agent strong samples at temperature 0") {
		t.Errorf("verify: exit %d\n%s%s\nwant strong's greedy_repeats warning on stderr", code, stdout, stderr)
	}
}

// TestMergeWarnsOfGreedyRepeats: merging the shards of a replicated run
// whose consultant samples at temperature 0 reads the greedy agents from
// the merged seeds' locks and says the warning, as the whole run does.
func TestMergeWarnsOfGreedyRepeats(t *testing.T) {
	if testing.Short() {
		t.Skip("plays a replicated run through serve-sim")
	}
	dir := t.TempDir()
	path := boolqReplicates(t)(dir, ", temperature: 0")
	code, stderr := mergedShards(t, path, dir, "cache")
	if code != exitOK || !strings.Contains(stderr, "moot: warning: agent strong samples at temperature 0") {
		t.Errorf("merge: exit %d\n%s\nwant strong's greedy_repeats warning on stderr", code, stderr)
	}
}

// TestPartialReplicatesWarnOfGreedyRepeats: the partial summary of a
// replicated run stopped after its seeds at temperature 0 (written over
// the seeds it played) holds the greedy agents' repeats, as the whole
// run's does.
func TestPartialReplicatesWarnOfGreedyRepeats(t *testing.T) {
	if testing.Short() {
		t.Skip("plays a replicated run through serve-sim")
	}
	dir := t.TempDir()
	out, _ := runCached(t, boolqReplicates(t)(dir, ", temperature: 0"), dir)
	whole := readSummary(t, out)
	cmd := &cobra.Command{}
	cmd.SetOut(io.Discard)
	cmd.SetErr(io.Discard)
	if err := writePartialReplicates(cmd, out, whole.Experiment, whole.Replicates.Seeds, nil, errors.New("interrupted")); err != nil {
		t.Fatal(err)
	}
	if sum := readSummary(t, out); len(sum.Replicates.GreedyRepeats) == 0 {
		t.Errorf("partial summary's greedy repeats none; want the whole run's %+v", whole.Replicates.GreedyRepeats)
	}
}
