package batch

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mootlab/moot/agents"
	"github.com/mootlab/moot/internal/syncbuf"
)

// stuckAPI is a fakeAPI whose first stuck batches stay in progress until
// cancelled, each created at created; a cancelled one then ends, unless
// deaf, having answered the first request of its file alone.
type stuckAPI struct {
	*fakeAPI
	stuck   int
	created time.Time
	deaf    bool
	// silent leaves the requests a cancelled batch did not answer out of
	// its files, where they are otherwise its error file's
	// batch_cancelled.
	silent bool
	checks int // checks of stuck batches before their cancel
}

// isStuck reports whether batch id is one of the first stuck. f.mu is held.
func (s *stuckAPI) isStuck(id string) bool {
	i := slices.Index(s.fakeAPI.created, id)
	return i >= 0 && i < s.stuck
}

func (s *stuckAPI) Status(ctx context.Context, id string) (Status, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	cancelled := slices.Contains(s.cancelled, id)
	switch {
	case !s.isStuck(id):
		return Status{State: "completed", Ended: true, OutputFile: id}, nil
	case cancelled && !s.deaf:
		return Status{State: "cancelled", Ended: true, OutputFile: id, Created: s.created}, nil
	case !cancelled:
		s.checks++
	}
	return Status{State: "in_progress", Created: s.created}, nil
}

func (s *stuckAPI) Results(ctx context.Context, st Status) (map[string]Result, error) {
	out, err := s.fakeAPI.Results(ctx, st)
	s.mu.Lock()
	defer s.mu.Unlock()
	if err != nil || !s.isStuck(st.OutputFile) {
		return out, err
	}
	for _, id := range s.files[s.batches[st.OutputFile]][1:] {
		out[id] = Result{Err: errors.New("batch_cancelled: this request was not executed"), Retry: true}
		if s.silent {
			delete(out, id)
		}
	}
	return out, nil
}

// askStuck asks for each of names at once through api, one path each,
// and returns the answers and errors.
func askStuck(t *testing.T, api *stuckAPI, s Settings, log io.Writer, names ...string) ([]agents.Response, []error) {
	t.Helper()
	r := openRun(t, t.TempDir(), len(names), log)
	return askEach(r, r.Wrap(apiAgent{fakeAgent{api: api.fakeAPI, s: s}, api}, "a", false), names...)
}

// askEach asks a, of r, for each of names at once, one path of r each,
// and returns the answers and errors.
func askEach(r *Run, a agents.Agent, names ...string) ([]agents.Response, []error) {
	resps, errs := make([]agents.Response, len(names)), make([]error, len(names))
	var wg sync.WaitGroup
	for i, name := range names {
		wg.Go(func() {
			resps[i], errs[i] = ask(a, name)
			r.Leave()
		})
	}
	wg.Wait()
	return resps, errs
}

// TestMaxWaitCancelsABatchThatDoesNotEnd: a batch not ended max_wait
// after its creation is cancelled; what it answered is kept, the rest
// goes again in the next batch, a retry counted.
func TestMaxWaitCancelsABatchThatDoesNotEnd(t *testing.T) {
	api := &stuckAPI{fakeAPI: newFake(), stuck: 1, created: time.Now()}
	s := fastSettings()
	s.MaxWait = 50 * time.Millisecond
	log := new(syncbuf.Buffer)
	resps, errs := askStuck(t, api, s, log, "x", "y", "z")
	for i, name := range []string{"x", "y", "z"} {
		retries := min(i, 1) // x was answered in the cancelled batch
		if errs[i] != nil || resps[i].Text != "batch:"+name || resps[i].Retries != retries {
			t.Errorf("%s: got %+v, %v; want its batch answer after %d retries", name, resps[i], errs[i], retries)
		}
	}
	if len(api.fakeAPI.created) != 2 || !slices.Equal(api.cancelled, []string{"batch-1"}) || !slices.Equal(api.files["file-2"], []string{"y", "z"}) {
		t.Errorf("batches %v, cancelled %v, second of %v; want batch-1 cancelled, y and z sent again", api.fakeAPI.created, api.cancelled, api.files["file-2"])
	}
	if !strings.Contains(log.String(), "batch batch-1 (a): not ended 50ms after its creation (batch.max_wait): cancelling it") {
		t.Errorf("log %q; want the cancel said", log.String())
	}
}

// TestMaxWaitSendsAgainWhatNoFileNames: of a batch cancelled at max_wait
// whose files name only the requests it answered (no batch_cancelled
// error of the others), the others go again all the same, each as a
// failed attempt, not failed at once as "left undone".
func TestMaxWaitSendsAgainWhatNoFileNames(t *testing.T) {
	api := &stuckAPI{fakeAPI: newFake(), stuck: 1, created: time.Now(), silent: true}
	s := fastSettings()
	s.MaxWait = 50 * time.Millisecond
	resps, errs := askStuck(t, api, s, nil, "x", "y", "z")
	for i, name := range []string{"x", "y", "z"} {
		retries := min(i, 1) // x was answered in the cancelled batch
		if errs[i] != nil || resps[i].Text != "batch:"+name || resps[i].Retries != retries {
			t.Errorf("%s: got %+v, %v; want its batch answer after %d retries", name, resps[i], errs[i], retries)
		}
	}
	if len(api.fakeAPI.created) != 2 || !slices.Equal(api.files["file-2"], []string{"y", "z"}) {
		t.Errorf("batches %v, second of %v; want y and z sent again", api.fakeAPI.created, api.files["file-2"])
	}
}

// TestMaxWaitCountsFromCreation: the wait counts from the batch's
// creation, as the provider says, not from when this process began to
// wait on it: a batch already older than max_wait (a resumed run's) is
// cancelled at the first check.
func TestMaxWaitCountsFromCreation(t *testing.T) {
	api := &stuckAPI{fakeAPI: newFake(), stuck: 1, created: time.Now().Add(-2 * time.Hour)}
	s := fastSettings()
	s.MaxWait = time.Hour
	start := time.Now()
	resps, errs := askStuck(t, api, s, nil, "x", "y")
	if errs[0] != nil || errs[1] != nil || resps[1].Retries != 1 {
		t.Fatalf("got %v; want both answered, y after a retry", errs)
	}
	if api.checks != 1 || time.Since(start) > 10*time.Second {
		t.Errorf("cancelled after %d checks, %s; want at the first", api.checks, time.Since(start))
	}
}

// TestMaxWaitFailsWhenRetriesAreSpent: a request that no batch answers
// within max_wait fails, once its retries are spent, with an error that
// names the batch, the wait and the setting; a cancelled batch that never
// ends is given up after max_wait more.
func TestMaxWaitFailsWhenRetriesAreSpent(t *testing.T) {
	for _, deaf := range []bool{false, true} {
		api := &stuckAPI{fakeAPI: newFake(), stuck: 2, created: time.Now(), deaf: deaf}
		s := fastSettings()
		s.MaxWait, s.MaxRetries = 30*time.Millisecond, 1
		_, errs := askStuck(t, api, s, nil, "x", "y", "z")
		want := "batch batch-2 had not ended 30ms after its creation (batch.max_wait)"
		if deaf {
			want = "batch batch-2 had not ended 30ms after its creation (batch.max_wait), nor "
		}
		if err := errs[2]; !errors.Is(err, ErrFailed) || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), "(after 2 attempts)") {
			t.Errorf("deaf %v: z: %v; want ErrFailed naming %q after 2 attempts", deaf, err, want)
		}
		if deaf != (errs[0] != nil) {
			t.Errorf("deaf %v: x: %v; want it answered unless the cancel never ended its batch", deaf, errs[0])
		}
	}
}

// TestMaxWaitCountsFromTheJournalWithoutCreatedAt: where the provider
// does not say when it created a batch, the wait counts from the time the
// journal records for it, so that a resumed run does not start the clock
// again: a journaled batch two hours old, max_wait an hour, is cancelled
// at the first check; and the batch this run creates is journaled with
// its time.
func TestMaxWaitCountsFromTheJournalWithoutCreatedAt(t *testing.T) {
	api := &stuckAPI{fakeAPI: newFake(), stuck: 1} // no created_at
	ctx := context.Background()
	file, _ := api.Upload(ctx, []byte("x\ny\n"))
	id, _ := api.Create(ctx, file)
	dir := t.TempDir()
	lines := fmt.Sprintf(`{"event":"uploaded","agent":"a","file":%q,"keys":["x","y"]}`+"\n"+
		`{"event":"created","agent":"a","file":%q,"batch":%q,"at":%q}`+"\n",
		file, file, id, time.Now().Add(-2*time.Hour).Format(time.RFC3339Nano))
	writeJournal(t, dir, lines)
	s := fastSettings()
	s.MaxWait = 3 * time.Second // long enough for many checks at fastSettings' poll
	r := openRun(t, dir, 2, nil)
	resps, errs := askEach(r, r.Wrap(apiAgent{fakeAgent{api: api.fakeAPI, s: s}, api}, "a", false), "x", "y")
	if errs[0] != nil || errs[1] != nil || resps[1].Retries != 1 {
		t.Fatalf("got %+v, %v; want both answered, y after a retry", resps, errs)
	}
	if api.checks != 1 {
		t.Errorf("the journaled batch was cancelled after %d checks; want at the first", api.checks)
	}
	r.Close()
	j, _ := os.ReadFile(filepath.Join(dir, JournalFile))
	if !regexp.MustCompile(`"event":"created"[^\n]*"batch":"batch-2","at":"\d{4}-`).Match(j) {
		t.Errorf("the journal does not record when batch-2 was created:\n%s", j)
	}
}
