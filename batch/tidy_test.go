package batch

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/mootlab/moot/internal/syncbuf"
)

// Delete deletes a file the fake holds, or the output file of one of its
// batches (named by the batch); any other is gone.
func (f *fakeAPI) Delete(ctx context.Context, file string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.deleteErr != nil {
		if err := f.deleteErr(file); err != nil {
			return err
		}
	}
	_, isFile := f.files[file]
	_, isOutput := f.batches[file]
	if !isFile && !isOutput || slices.Contains(f.deleted, file) {
		return fmt.Errorf("no file %s: %w", file, ErrGone)
	}
	f.deleted = append(f.deleted, file)
	return nil
}

// TestTidyDeletesTheFilesOfEndedBatches: a run that ends whole deletes
// each upload's input file and its batch's output file, journals them
// deleted, and a later run of the folder asks again what they answered
// rather than wait on a batch whose answers are gone.
func TestTidyDeletesTheFilesOfEndedBatches(t *testing.T) {
	dir := t.TempDir()
	api := newFake()
	var log syncbuf.Buffer
	r := openRun(t, dir, 1, &log)
	if _, err := ask(r.Wrap(fakeAgent{api: api, s: fastSettings()}, "a", false), "x"); err != nil {
		t.Fatal(err)
	}
	n, err := r.Tidy()
	if err != nil || n != 2 || strings.Join(api.deleted, ",") != "file-1,batch-1" {
		t.Fatalf("Tidy: %d deleted (%v), %v; want file-1 and batch-1's output", n, api.deleted, err)
	}
	if got := log.String(); !strings.Contains(got, "batch files: 2 deleted from the provider (batch.keep_files keeps them)") {
		t.Errorf("the run's log:\n%s\nwant the files deleted counted", got)
	}
	// A second tidying finds nothing left to delete.
	if n, err := r.Tidy(); n != 0 || err != nil {
		t.Errorf("Tidy again: %d, %v; want nothing", n, err)
	}
	r.Close()
	j, _ := os.ReadFile(filepath.Join(dir, JournalFile))
	if !strings.Contains(string(j), `{"event":"deleted","agent":"a","file":"file-1","batch":"batch-1"}`) {
		t.Errorf("journal:\n%s\nwant file-1 deleted", j)
	}
	again := openRun(t, dir, 1, nil)
	resp, err := ask(again.Wrap(fakeAgent{api: api, s: fastSettings()}, "a", false), "x")
	if err != nil || resp.Text != "batch:x" || resp.Retries != 0 || api.uploads != 2 {
		t.Errorf("asked again: %+v, %v after %d uploads; want x sent in a new batch, no retry", resp, err, api.uploads)
	}
}

// checkNoneDeleted checks that tidying r deletes no file at api.
func checkNoneDeleted(t *testing.T, r *Run, api *fakeAPI) {
	t.Helper()
	if n, err := r.Tidy(); n != 0 || err != nil || len(api.deleted) != 0 {
		t.Errorf("Tidy: %d, %v, deleted %v; want none", n, err, api.deleted)
	}
}

// TestTidyKeeps: an agent with keep_files keeps its files; a batch that
// has not ended keeps its; so do the uploads of an agent the run does not
// have, and those made at another endpoint; an upload whose delete fails
// is left as it was, the next one deleted.
func TestTidyKeeps(t *testing.T) {
	t.Run("keep_files", func(t *testing.T) {
		api := newFake()
		r := openRun(t, t.TempDir(), 1, nil)
		s := fastSettings()
		s.KeepFiles = true
		if _, err := ask(r.Wrap(fakeAgent{api: api, s: s}, "a", false), "x"); err != nil {
			t.Fatal(err)
		}
		checkNoneDeleted(t, r, api)
	})
	t.Run("pending", func(t *testing.T) {
		dir := t.TempDir()
		api := newFake()
		file, _ := api.Upload(context.Background(), []byte("x\n"))
		j := fmt.Sprintf(`{"event":"uploaded","agent":"a","file":%q,"keys":["x"]}`+"\n"+`{"event":"created","agent":"a","file":%q,"batch":"b-late"}`+"\n", file, file)
		writeJournal(t, dir, j)
		var log syncbuf.Buffer
		r := openRun(t, dir, 1, &log)
		r.Wrap(pendingAgent{fakeAgent{api: api, s: fastSettings()}}, "a", false)
		checkNoneDeleted(t, r, api)
		if got := log.String(); !strings.Contains(got, "1 batch that has not ended keeps its own") {
			t.Errorf("the run's log:\n%s\nwant the pending batch named", got)
		}
	})
	t.Run("another agent's", func(t *testing.T) {
		dir := t.TempDir()
		api := newFake()
		file, _ := api.Upload(context.Background(), []byte("x\n"))
		j := fmt.Sprintf(`{"event":"uploaded","agent":"old","file":%q,"keys":["x"]}`+"\n", file)
		writeJournal(t, dir, j)
		var log syncbuf.Buffer
		r := openRun(t, dir, 1, &log)
		r.Wrap(fakeAgent{api: api, s: fastSettings()}, "a", false)
		checkNoneDeleted(t, r, api)
		if got := log.String(); !strings.Contains(got, "1 upload of agents this run does not have (old) keep theirs") {
			t.Errorf("the run's log:\n%s\nwant the other agent's upload named", got)
		}
	})
	// An upload whose files fail to delete is left, journaled as it was,
	// and the next one deleted all the same.
	// Uploads made at another endpoint (the folder run again against
	// another server) are not this one's to delete: its 404s would read
	// as deleted.
	t.Run("another endpoint's", func(t *testing.T) {
		dir := t.TempDir()
		first := newFake()
		first.endpoint = "http://first/v1"
		r := openRun(t, dir, 1, nil)
		if _, err := ask(r.Wrap(fakeAgent{api: first, s: fastSettings()}, "a", false), "x"); err != nil {
			t.Fatal(err)
		}
		r.Close()
		other := newFake()
		other.endpoint = "http://other/v1"
		var log syncbuf.Buffer
		again := openRun(t, dir, 1, &log)
		again.Wrap(fakeAgent{api: other, s: fastSettings()}, "a", false)
		if n, err := again.Tidy(); n != 0 || err != nil || len(first.deleted)+len(other.deleted) != 0 {
			t.Errorf("Tidy: %d, %v; want none deleted", n, err)
		}
		again.Close()
		if j, _ := os.ReadFile(filepath.Join(dir, JournalFile)); strings.Contains(string(j), "deleted") {
			t.Errorf("journal:\n%s\nwant nothing journaled deleted", j)
		}
		if got := log.String(); !strings.Contains(got, "1 upload made at http://first/v1, another endpoint than this run's, keep theirs") {
			t.Errorf("log:\n%s\nwant the other endpoint's upload named", got)
		}
	})
	t.Run("failing", func(t *testing.T) {
		dir := t.TempDir()
		api := newFake()
		r := openRun(t, dir, 1, nil)
		a := r.Wrap(fakeAgent{api: api, s: fastSettings()}, "a", false)
		for _, k := range []string{"x", "y"} {
			if _, err := ask(a, k); err != nil {
				t.Fatal(err)
			}
		}
		api.deleteErr = func(file string) error {
			if file == "file-1" {
				return errors.New("HTTP 500: try again later")
			}
			return nil
		}
		n, err := r.Tidy()
		if err == nil || !strings.Contains(err.Error(), "file-1 (a): HTTP 500") || n != 2 || strings.Join(api.deleted, ",") != "file-2,batch-2" {
			t.Errorf("Tidy: %d deleted (%v), %v; want file-1's failure named, file-2's deleted", n, api.deleted, err)
		}
		r.Close()
		j, _ := os.ReadFile(filepath.Join(dir, JournalFile))
		if strings.Contains(string(j), `"deleted","agent":"a","file":"file-1"`) || !strings.Contains(string(j), `"deleted","agent":"a","file":"file-2"`) {
			t.Errorf("journal:\n%s\nwant file-2 deleted, file-1 not", j)
		}
	})
}

// pendingAPI is a fakeAPI whose batches never end.
type pendingAPI struct{ *fakeAPI }

func (p pendingAPI) Status(ctx context.Context, id string) (Status, error) {
	return Status{State: "in_progress"}, nil
}

type pendingAgent struct{ fakeAgent }

func (a pendingAgent) Batching() (API, Settings, bool) { return pendingAPI{a.api}, a.s, true }

// refusingAPI is a fakeAPI whose uploads the provider refuses for good.
type refusingAPI struct{ *fakeAPI }

func (r refusingAPI) Upload(ctx context.Context, lines []byte) (string, error) {
	r.mu.Lock()
	r.uploads++
	r.mu.Unlock()
	return "", fmt.Errorf("the server has no batch API: %w", ErrRefused)
}

type refusingAgent struct{ fakeAgent }

func (a refusingAgent) Batching() (API, Settings, bool) { return refusingAPI{a.api}, a.s, true }

// TestARefusedBatchFailsAtOnce: a batch the provider refuses for good (no
// batch API, the key refused) fails its requests at once, with no retry
// and no pause: sending again would be refused again; with retry: live,
// they are asked live at once.
func TestARefusedBatchFailsAtOnce(t *testing.T) {
	r := openRun(t, t.TempDir(), 1, nil)
	api := newFake()
	s := fastSettings()
	s.Poll, s.PollMax = time.Hour, time.Hour // a pause would time the test out
	_, err := ask(r.Wrap(refusingAgent{fakeAgent{api: api, s: s}}, "a", false), "x")
	if err == nil || !strings.Contains(err.Error(), "no batch API") || api.uploads != 1 {
		t.Errorf("got %v after %d uploads; want the refusal after one", err, api.uploads)
	}
	// With retry: live, it is asked live at once.
	s.Retry = RetryLive
	resp, err := ask(r.Wrap(refusingAgent{fakeAgent{api: api, s: s}}, "b", false), "y")
	if err != nil || resp.Text != "live:y" || resp.Retries != 1 || api.uploads != 2 {
		t.Errorf("retry: live: %+v, %v after %d uploads; want it answered live", resp, err, api.uploads)
	}
}

// TestAResumeSendsAgainWhatAnEarlierBatchFailed: a request that failed in
// a batch an earlier run sent (its episode failed there, and the resume
// plays it again) is sent again in a new batch, no failure counted; it is
// not handed the old failure, which would fail it again on every resume.
func TestAResumeSendsAgainWhatAnEarlierBatchFailed(t *testing.T) {
	dir := t.TempDir()
	api := newFake()
	file, _ := api.Upload(context.Background(), []byte("x\n"))
	id, _ := api.Create(context.Background(), file)
	j := fmt.Sprintf(`{"event":"uploaded","agent":"a","file":%q,"keys":["x"]}`+"\n"+`{"event":"created","agent":"a","file":%q,"batch":%q}`+"\n", file, file, id)
	writeJournal(t, dir, j)
	api.failFirst(Result{Err: errors.New("HTTP 500 in a batch"), Retry: true})
	s := fastSettings()
	s.MaxRetries = 0
	r := openRun(t, dir, 1, nil)
	resp, err := ask(r.Wrap(fakeAgent{api: api, s: s}, "a", false), "x")
	if err != nil || resp.Text != "batch:x" || api.uploads != 2 {
		t.Errorf("got %+v, %v after %d uploads; want x answered by a new batch", resp, err, api.uploads)
	}
}

// goneFileAPI is a fakeAPI that no longer knows the files an earlier run
// uploaded (a server restarted): creating a batch of one is a 404.
type goneFileAPI struct{ *fakeAPI }

func (g goneFileAPI) Create(ctx context.Context, file string) (string, error) {
	if file == "f-old" {
		return "", fmt.Errorf("no file %s: %w", file, ErrGone)
	}
	return g.fakeAPI.Create(ctx, file)
}

type goneFileAgent struct{ fakeAgent }

func (a goneFileAgent) Batching() (API, Settings, bool) { return goneFileAPI{a.api}, a.s, true }

// TestAResumeSendsAgainWhatAGoneFileHeld: an earlier run's upload whose
// batch was never made, and whose file the server no longer knows, has
// its requests sent again at once, no failure counted.
func TestAResumeSendsAgainWhatAGoneFileHeld(t *testing.T) {
	dir := t.TempDir()
	j := `{"event":"uploaded","agent":"a","file":"f-old","keys":["x"]}` + "\n"
	writeJournal(t, dir, j)
	api := newFake()
	s := fastSettings()
	s.MaxRetries = 0
	s.Poll, s.PollMax = time.Hour, time.Hour // a pause would time the test out
	r := openRun(t, dir, 1, nil)
	resp, err := ask(r.Wrap(goneFileAgent{fakeAgent{api: api, s: s}}, "a", false), "x")
	if err != nil || resp.Text != "batch:x" || api.uploads != 1 {
		t.Errorf("got %+v, %v after %d uploads; want x sent again in a new batch", resp, err, api.uploads)
	}
}

// TestFreshSaysWhatItDiscards: a fresh run that discards a journal with
// uploads not yet deleted names their files, which may be on the provider
// still and which no run will delete now.
func TestFreshSaysWhatItDiscards(t *testing.T) {
	dir := t.TempDir()
	j := `{"event":"uploaded","agent":"a","file":"f-1","keys":["x"]}` + "\n" +
		`{"event":"uploaded","agent":"a","file":"f-2","keys":["y"]}` + "\n" +
		`{"event":"deleted","agent":"a","file":"f-2"}` + "\n"
	writeJournal(t, dir, j)
	var log syncbuf.Buffer
	r, err := Open(context.Background(), dir, true, 1, &log)
	if err != nil {
		t.Fatal(err)
	}
	r.Close()
	if got := log.String(); !strings.Contains(got, "--fresh discards the journal of 1 uploads whose files may still be on the provider, which no run will delete now: f-1\n") {
		t.Errorf("log:\n%s\nwant f-1 named", got)
	}
}

// alwaysGoneAPI is a fakeAPI whose batches can never be made: each create
// is a 404 of the file just uploaded (a server with /files but no
// /batches).
type alwaysGoneAPI struct{ *fakeAPI }

func (g alwaysGoneAPI) Create(ctx context.Context, file string) (string, error) {
	return "", fmt.Errorf("no file %s: %w", file, ErrGone)
}

type alwaysGoneAgent struct{ fakeAgent }

func (a alwaysGoneAgent) Batching() (API, Settings, bool) { return alwaysGoneAPI{a.api}, a.s, true }

// TestAGoneFileGoesAgainOnceAtOnce: requests whose batch cannot be made
// of their file (the file gone) go again at once the first time only;
// after that each attempt waits its poll, so that such a server is not
// asked again and again, a file uploaded each time.
func TestAGoneFileGoesAgainOnceAtOnce(t *testing.T) {
	api := newFake()
	s := fastSettings()
	s.Poll, s.PollMax = time.Hour, time.Hour
	r, err := Open(context.Background(), t.TempDir(), false, 1, nil)
	if err != nil {
		t.Fatal(err)
	}
	go ask(r.Wrap(alwaysGoneAgent{fakeAgent{api: api, s: s}}, "a", false), "x")
	uploads := func() int {
		api.mu.Lock()
		defer api.mu.Unlock()
		return api.uploads
	}
	for uploads() < 2 {
		time.Sleep(time.Millisecond)
	}
	time.Sleep(50 * time.Millisecond)
	if n := uploads(); n != 2 {
		t.Errorf("%d uploads; want 2: the first send and one again at once, then a pause", n)
	}
	r.Close()
}
