package main

import (
	"bytes"
	"hash/fnv"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/mootlab/moot/engine"
	"github.com/mootlab/moot/sinks"
)

// failingEndpoint serves small.yaml's sim agents over HTTP, answering 500
// to every request whose body hashes to 0 modulo every: the same requests
// fail however often they are sent, so that some episodes fail for good at
// every seed, and which ones does not hang on the order the calls come in.
func failingEndpoint(t *testing.T, every uint32) string {
	return wrappedEndpoint(t, func(sim http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			body, _ := io.ReadAll(r.Body)
			h := fnv.New32a()
			h.Write(body)
			if strings.HasSuffix(r.URL.Path, "/chat/completions") && h.Sum32()%every == 0 {
				http.Error(w, `{"error":{"message":"injected"}}`, http.StatusInternalServerError)
				return
			}
			r.Body = io.NopCloser(bytes.NewReader(body))
			sim.ServeHTTP(w, r)
		})
	})
}

// TestReplicatesPlayOnPastFailedEpisodes: a seed played to its end with a
// few episodes failed, fewer than max_failures allows, does not stop a
// replicated run: every seed is played, the replicated run's summary is
// whole, and the run exits 1 naming the seeds whose episodes failed (as a
// run at one seed exits 1 after playing its plan).
func TestReplicatesPlayOnPastFailedEpisodes(t *testing.T) {
	file := openaiFile(t, failingEndpoint(t, 29), "")
	data := bytes.ReplaceAll(mustRead(t, file), []byte("max_retries: 30"), []byte("max_retries: 1"))
	data = bytes.Replace(data, []byte("repeats: 2\n"), []byte("repeats: 2\nmax_failures: 60%\n"), 1)
	writeFile(t, file, data)
	dir := filepath.Join(t.TempDir(), "reps")
	code, _, errOut := moot(t, "run", file, "--out", dir, "--replicates", "3", "--no-cache")
	if code != exitFailed {
		t.Fatalf("exit %d; want %d (episodes failed)\n%s", code, exitFailed, errOut)
	}
	sum, err := sinks.ReadSummary(filepath.Join(dir, sinks.SummaryFile))
	if err != nil || sum.Replicates == nil || len(sum.Replicates.Seeds) != 3 || sum.Partial != "" {
		var seeds []uint64
		if sum.Replicates != nil {
			seeds = sum.Replicates.Seeds
		}
		t.Fatalf("summary.json: %v, partial %q, seeds %v; want 3 seeds, whole", err, sum.Partial, seeds)
	}
	for _, s := range sum.Replicates.Seeds {
		seed, err := sinks.ReadSummary(filepath.Join(dir, engine.ReplicateDir(s), sinks.SummaryFile))
		if err != nil || seed.Failed == 0 || seed.Partial != "" {
			t.Errorf("seed %d: %v, %d failed, partial %q; want a whole run with some episodes failed", s, err, seed.Failed, seed.Partial)
		}
		if !strings.Contains(errOut, "at seed "+strconv.FormatUint(s, 10)) {
			t.Errorf("stderr does not name seed %d among those whose episodes failed:\n%s", s, errOut)
		}
	}
	if !strings.Contains(errOut, "episodes failed: ") {
		t.Errorf("stderr does not say episodes failed:\n%s", errOut)
	}
}

// TestTableOfAnUnfinishedReplicatedRun: a replicated run killed before it
// wrote its own summary (a seed whole, the next one's log alone) is read
// by moot table, with a warning that it did not finish, over the seeds
// that have a log; moot report refuses it, saying it did not finish and
// how to finish it, not that a replicated run is never read.
func TestTableOfAnUnfinishedReplicatedRun(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "reps")
	mootOK(t, "run", small, "--out", dir, "--replicates", "2")
	sum := readSummary(t, dir)
	// As kill -9 during the second seed leaves it: no summary, tables or
	// page of the replicated run, nor of the second seed.
	second := filepath.Join(dir, engine.ReplicateDir(sum.Replicates.Seeds[1]))
	for _, f := range []string{filepath.Join(dir, sinks.SummaryFile), filepath.Join(dir, "table.md"), filepath.Join(dir, "table.csv"), filepath.Join(dir, "report.html"), filepath.Join(second, sinks.SummaryFile)} {
		if err := os.Remove(f); err != nil {
			t.Fatal(err)
		}
	}
	code, out, errOut := moot(t, "table", dir)
	if code != exitOK {
		t.Fatalf("table: exit %d\n%s%s", code, out, errOut)
	}
	if !strings.Contains(out, "2 replicates (seeds") || !strings.Contains(errOut, unfinishedPartial) {
		t.Errorf("table of the unfinished replicated run: want both seeds' tables and a warning that it did not finish\nstdout:\n%s\nstderr:\n%s", out, errOut)
	}
	code, _, errOut = moot(t, "report", dir)
	if code != exitBadInput || !strings.Contains(errOut, "did not finish") || !strings.Contains(errOut, "resumes it") {
		t.Errorf("report: exit %d, %s; want %d, the run did not finish and how to finish it", code, errOut, exitBadInput)
	}
	if _, err := os.Stat(filepath.Join(dir, sinks.SummaryFile)); err == nil {
		t.Error("table or report wrote a summary into the unfinished run's folder")
	}
}

// TestTableCountsSeedsWithEpisodes: a replicated run killed while the
// second seed's log was still empty has rows of one replicate, and moot
// table's note says one, naming the seed with none yet, in text and as
// table.md has it; it said "2 replicates".
func TestTableCountsSeedsWithEpisodes(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "reps")
	mootOK(t, "run", small, "--out", dir, "--replicates", "2")
	sum := readSummary(t, dir)
	seeds := sum.Replicates.Seeds
	second := filepath.Join(dir, engine.ReplicateDir(seeds[1]))
	for _, f := range []string{filepath.Join(dir, sinks.SummaryFile), filepath.Join(dir, "table.md"), filepath.Join(dir, "table.csv"), filepath.Join(dir, "report.html"), filepath.Join(second, sinks.SummaryFile)} {
		if err := os.Remove(f); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Truncate(filepath.Join(second, engine.TranscriptsFile), 0); err != nil {
		t.Fatal(err)
	}
	want := "1 replicate (seeds " + strconv.FormatUint(seeds[0], 10) + "; 1 seed with no episodes yet: " + strconv.FormatUint(seeds[1], 10) + ")."
	for _, format := range []string{"text", "markdown"} {
		code, out, errOut := moot(t, "table", dir, "--format", format)
		if code != exitOK {
			t.Fatalf("table --format %s: exit %d\n%s%s", format, code, out, errOut)
		}
		if !strings.Contains(out, want) || strings.Contains(out, "2 replicates") {
			t.Errorf("table --format %s: want %q, and no \"2 replicates\"\n%s", format, want, out)
		}
	}
}
