package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/mootlab/moot/engine"
	"github.com/mootlab/moot/transcript"
)

// TestRejudgeSaysWhoseFailuresTheyAre: a rejudge carries the episodes
// that had failed in its source over as failed, says how many, and exits
// 0 for them: they are not its judge's; a judge that fails stops at the
// failure limit, as a run does, and the rejudge exits 1 naming it.
func TestRejudgeSaysWhoseFailuresTheyAre(t *testing.T) {
	run := filepath.Join(t.TempDir(), "run")
	runSmall(t, run)
	log := filepath.Join(run, engine.TranscriptsFile)
	lines := bytes.SplitAfter(mustRead(t, log), []byte("\n"))
	var ep transcript.Episode
	if err := json.Unmarshal(lines[0], &ep); err != nil {
		t.Fatal(err)
	}
	ep.Error = "engine: episode failed: a speaker's endpoint"
	data, _ := json.Marshal(ep)
	lines[0] = append(data, '\n')
	writeFile(t, log, bytes.Join(lines, nil))
	n := bytes.Count(bytes.Join(lines, nil), []byte("\n"))
	code, _, errOut := moot(t, "rejudge", run, "--judge", "judge", "--experiment", small, "--out", filepath.Join(t.TempDir(), "again"))
	// It judged the others, N−1, and counts those alone.
	if want := fmt.Sprintf("moot: rejudged %d episodes with judge (and 1 that had failed in %s, carried over as failed)", n-1, run); code != exitOK || !strings.Contains(errOut, want) {
		t.Errorf("rejudge of a run with a failed episode: exit %d %s; want 0 and %q: the failure said carried over, and none of the judge's", code, errOut, want)
	}

	broken := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, `{"error":{"message":"model not loaded"}}`, http.StatusBadRequest)
	}))
	defer broken.Close()
	file := filepath.Join(t.TempDir(), "down.yaml")
	src := mustRead(t, small)
	writeFile(t, file, bytes.Replace(src, []byte("agents:\n"), []byte("agents:\n  down: {backend: openai, base_url: "+broken.URL+"/v1, model: m}\n"), 1))
	code, _, errOut = moot(t, "rejudge", run, "--judge", "down", "--experiment", file, "--out", filepath.Join(t.TempDir(), "down"), "--no-preflight")
	if code != exitFailed || !strings.Contains(errOut, "too many failed episodes") || !strings.Contains(errOut, "model not loaded") ||
		!regexp.MustCompile(`rejudged (\d+) episodes with down, (\d+) of them failed`).MatchString(errOut) {
		t.Errorf("rejudge by a judge whose every call fails: exit %d %s; want 1, stopped by the failure limit with its cause, its failures counted", code, errOut)
	}
}

// TestReportDrawsARunAgainFromItsTranscripts: moot report of a run draws
// the very page the run wrote, from its transcripts, whatever the four
// places of summary.json's numbers say (a table made from them would
// round twice).
func TestReportDrawsARunAgainFromItsTranscripts(t *testing.T) {
	run := filepath.Join(t.TempDir(), "run")
	runSmall(t, run)
	page := filepath.Join(run, "report.html")
	written := mustRead(t, page)
	summary := filepath.Join(run, "summary.json")
	bounds := regexp.MustCompile(`"(ci_low|ci_high|accuracy|ece)": [-0-9.e]+`)
	data := mustRead(t, summary)
	if !bounds.Match(data) {
		t.Fatalf("no interval in %s", summary)
	}
	writeFile(t, summary, bounds.ReplaceAll(data, []byte(`"$1": 0.1234`)))
	mootOK(t, "report", run)
	if !bytes.Equal(mustRead(t, page), written) {
		t.Error("moot report drew another page than the run wrote (from summary.json's numbers?)")
	}
}
