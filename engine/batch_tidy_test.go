package engine

import (
	"bytes"
	"encoding/json"
	"net/http/httptest"
	"regexp"
	"strconv"
	"testing"
	"time"

	"github.com/mootlab/moot/simserver"
)

// filesHeld lists the ids of the files serve-sim srv holds, through its
// GET /v1/files.
func filesHeld(t *testing.T, srv *simserver.Server) []string {
	t.Helper()
	w := httptest.NewRecorder()
	srv.ServeHTTP(w, httptest.NewRequest("GET", "/v1/files", nil))
	var page struct {
		Data []struct{ ID string } `json:"data"`
	}
	if err := json.Unmarshal(w.Body.Bytes(), &page); err != nil || w.Code != 200 {
		t.Fatalf("GET /v1/files: %d %s", w.Code, w.Body)
	}
	var ids []string
	for _, f := range page.Data {
		ids = append(ids, f.ID)
	}
	return ids
}

// TestBatchFilesDeletedWhenWhole: a run in batch mode cut short keeps its
// batches' files on the provider (its resume waits on them); the run that
// ends whole deletes every one — input, output and error files — and says
// how many; with keep_files they stay, until a run of the folder without
// it (live, here) ends whole.
func TestBatchFilesDeletedWhenWhole(t *testing.T) {
	if testing.Short() {
		t.Skip("plays an experiment over HTTP")
	}
	srv, load, _ := serveQuickstartLive(t, 6, simserver.BatchOptions{Delay: 100 * time.Millisecond, Fail: 0.2, Seed: 3})
	out := t.TempDir()
	cutAtBatch(t, srv, 2, 20*time.Millisecond, load(-1, ", max_retries: 10"), Options{Out: out})
	if held := filesHeld(t, srv); len(held) == 0 {
		t.Fatal("the cut run deleted its batches' files; its resume waits on them")
	}
	var log bytes.Buffer
	mustRunSummarized(t, load(-1, ", max_retries: 10"), Options{Out: out, BatchLog: &log})
	if held := filesHeld(t, srv); len(held) != 0 {
		t.Errorf("files left after the run ended whole: %v\nits log:\n%s", held, log.String())
	}
	m := regexp.MustCompile(`batch files: (\d+) deleted from the provider`).FindStringSubmatch(log.String())
	if m == nil {
		t.Fatalf("the log does not count the files deleted:\n%s", log.String())
	}
	// Each batch's input and output file, and an error file of those with
	// failures (a fifth of the requests fail).
	if n, _ := strconv.Atoi(m[1]); n <= 2*len(srv.Batches()) {
		t.Errorf("%d files deleted of %d batches; want each one's input and output, and error files", n, len(srv.Batches()))
	}

	kept := t.TempDir()
	mustRunSummarized(t, load(-1, ", keep_files: true"), Options{Out: kept, Fresh: true})
	if held := filesHeld(t, srv); len(held) == 0 {
		t.Fatal("keep_files: true: the run deleted its files")
	}
	// The folder run again live, its agents keeping no files: the whole
	// run deletes those its journal lists, though it batched nothing.
	mustRunSummarized(t, load(0, ""), Options{Out: kept})
	if held := filesHeld(t, srv); len(held) != 0 {
		t.Errorf("files left after a live run of the folder ended whole: %v", held)
	}
}
