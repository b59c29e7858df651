package batch

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mootlab/moot/agents"
	"github.com/mootlab/moot/internal/appendlog"
	"github.com/mootlab/moot/internal/syncbuf"
	"github.com/mootlab/moot/transcript"
)

// fakeAPI is a batch API in memory: a batch ends at its first check, and
// answers each request with its custom id, unless fail names it.
type fakeAPI struct {
	mu      sync.Mutex
	files   map[string][]string // file → custom ids
	batches map[string]string   // batch → file
	uploads int
	created []string // batches created, in order
	// cancelled are the batches cancelled, in order.
	cancelled []string
	// fail, if not nil, gives the result of a request instead.
	fail func(id string) *Result
	// deleted are the files deleted (an output file is named by its
	// batch), in order; deleteErr, if not nil, fails the delete of a file
	// it gives an error for.
	deleted   []string
	deleteErr func(file string) error
	// endpoint names the fake's endpoint ("" for none).
	endpoint string
}

func (f *fakeAPI) Endpoint() string { return f.endpoint }

func newFake() *fakeAPI {
	return &fakeAPI{files: map[string][]string{}, batches: map[string]string{}}
}

func (f *fakeAPI) Line(id string, req agents.Request) ([]byte, error) { return []byte(id), nil }

func (f *fakeAPI) Upload(ctx context.Context, lines []byte) (string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.uploads++
	id := fmt.Sprintf("file-%d", len(f.files)+1)
	f.files[id] = strings.Fields(string(lines))
	return id, nil
}

func (f *fakeAPI) Create(ctx context.Context, file string) (string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if _, ok := f.files[file]; !ok {
		return "", errors.New("no such file")
	}
	id := fmt.Sprintf("batch-%d", len(f.batches)+1)
	f.batches[id] = file
	f.created = append(f.created, id)
	return id, nil
}

func (f *fakeAPI) Find(ctx context.Context, file string) (string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for id, fl := range f.batches {
		if fl == file {
			return id, nil
		}
	}
	return "", nil
}

func (f *fakeAPI) Status(ctx context.Context, id string) (Status, error) {
	return Status{State: "completed", Ended: true, OutputFile: id}, nil // the fake names its output by its batch
}

func (f *fakeAPI) Cancel(ctx context.Context, id string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.cancelled = append(f.cancelled, id)
	return nil
}

func (f *fakeAPI) Results(ctx context.Context, st Status) (map[string]Result, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if slices.Contains(f.deleted, st.OutputFile) {
		return nil, fmt.Errorf("no file %s: %w", st.OutputFile, ErrGone)
	}
	out := map[string]Result{}
	for _, id := range f.files[f.batches[st.OutputFile]] {
		if f.fail != nil {
			if r := f.fail(id); r != nil {
				out[id] = *r
				continue
			}
		}
		out[id] = Result{Response: agents.Response{Text: "batch:" + id}}
	}
	return out, nil
}

// failFirst gives the first request res, and answers every later one.
func (f *fakeAPI) failFirst(res Result) {
	done := false
	f.fail = func(string) *Result {
		if done {
			return nil
		}
		done = true
		return &res
	}
}

// fakeAgent can batch through api; live, it answers "live:" and its key.
type fakeAgent struct {
	api *fakeAPI
	s   Settings
}

func (a fakeAgent) Generate(ctx context.Context, req agents.Request) (agents.Response, error) {
	return agents.Response{Text: "live:" + a.CacheKey(req)}, nil
}
func (a fakeAgent) CacheKey(req agents.Request) string { return req.Name }
func (a fakeAgent) Batching() (API, Settings, bool)    { return a.api, a.s, true }

// apiAgent is a fakeAgent whose batches go through batches, a fake API of
// a test's own (one whose lists fail, whose batches never end, …).
type apiAgent struct {
	fakeAgent
	batches API
}

func (a apiAgent) Batching() (API, Settings, bool) { return a.batches, a.s, true }

func fastSettings() Settings {
	s := DefaultSettings()
	s.Poll, s.PollMax = time.Millisecond, time.Millisecond
	return s
}

// askWithin bounds a test's ask: a change that leaves a batch waited on
// forever (a gone batch never given up, a poll that outgrows poll_max)
// fails the test with the context's error in a minute, where it would
// hang until go test's own timeout ten minutes on.
const askWithin = time.Minute

func ask(a agents.Agent, name string) (agents.Response, error) {
	ctx, cancel := context.WithTimeout(context.Background(), askWithin)
	defer cancel()
	return a.Generate(ctx, agents.Request{Name: name})
}

// TestSendsOnceEveryPathWaits: no batch goes while a path of calls is
// busy; once it leaves, the waiting calls go in one batch, identical ones
// once.
func TestSendsOnceEveryPathWaits(t *testing.T) {
	api := newFake()
	r := openRun(t, t.TempDir(), 4, nil)
	a := r.Wrap(fakeAgent{api: api, s: fastSettings()}, "a", false)
	var wg sync.WaitGroup
	got, draws := make([]string, 3), make([]string, 3)
	for i, name := range []string{"x", "y", "x"} {
		wg.Go(func() {
			resp, err := ask(a, name)
			if err != nil {
				t.Error(err)
			}
			got[i], draws[i] = resp.Text, resp.Draw
			r.Leave()
		})
	}
	time.Sleep(30 * time.Millisecond)
	api.mu.Lock()
	early := len(api.created)
	api.mu.Unlock()
	if early != 0 {
		t.Fatalf("%d batches sent while a path was busy; want none", early)
	}
	r.Leave() // the fourth path ends
	wg.Wait()
	if want := []string{"batch:x", "batch:y", "batch:x"}; strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("answers %v; want %v", got, want)
	}
	// The two asks of x were sent once: one answer, one draw.
	if draws[0] == "" || draws[0] != draws[2] || draws[1] == draws[0] {
		t.Errorf("draws %q; want x's two alike, y's another", draws)
	}
	if len(api.created) != 1 || len(api.files["file-1"]) != 2 {
		t.Errorf("batches %v of files %v; want one of x and y", api.created, api.files)
	}
}

// TestResumesAnUploadWithoutItsBatch: a journal that names an upload but
// no batch — a run killed while creating it — is resumed by the batch
// already made of that file, else by creating one of it, never by
// uploading the requests again.
func TestResumesAnUploadWithoutItsBatch(t *testing.T) {
	for _, made := range []bool{true, false} {
		t.Run(fmt.Sprintf("made=%v", made), func(t *testing.T) {
			api := newFake()
			file, _ := api.Upload(context.Background(), []byte("x\ny\n"))
			if made {
				api.Create(context.Background(), file)
			}
			uploads, created := api.uploads, len(api.created)
			dir := t.TempDir()
			line := fmt.Sprintf(`{"event":"uploaded","agent":"a","file":%q,"keys":["x","y"]}`+"\n", file)
			writeJournal(t, dir, line)
			r, err := Open(context.Background(), dir, false, 1, nil)
			if err != nil {
				t.Fatal(err)
			}
			a := r.Wrap(fakeAgent{api: api, s: fastSettings()}, "a", false)
			resp, err := ask(a, "y")
			if err != nil || resp.Text != "batch:y" {
				t.Fatalf("got %q, %v; want batch:y", resp.Text, err)
			}
			r.Leave()
			if err := r.Close(); err != nil {
				t.Fatal(err)
			}
			wantCreated := created
			if !made {
				wantCreated++
			}
			if api.uploads != uploads || len(api.created) != wantCreated {
				t.Errorf("%d uploads and %d batches; want %d and %d", api.uploads, len(api.created), uploads, wantCreated)
			}
			j, _ := os.ReadFile(filepath.Join(dir, JournalFile))
			if !strings.Contains(string(j), `"event":"created"`) {
				t.Errorf("the journal does not record the batch:\n%s", j)
			}
		})
	}
}

// openRun opens a run of batches in dir, not fresh, with paths paths and
// its log to log; it is closed at the test's end.
func openRun(t *testing.T, dir string, paths int, log io.Writer) *Run {
	t.Helper()
	r, err := Open(context.Background(), dir, false, paths, log)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	return r
}

// writeJournal writes text as dir's journal, as an earlier run left it.
func writeJournal(t *testing.T, dir, text string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, JournalFile), []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestRetriesThenFails: a request that keeps failing transiently goes
// again max_retries times, then fails with ErrFailed and its retries
// counted; one that fails for good is not sent again.
func TestRetriesThenFails(t *testing.T) {
	api := newFake()
	api.fail = func(id string) *Result {
		return &Result{Err: errors.New("injected " + id), Retry: id == "transient"}
	}
	r := openRun(t, t.TempDir(), 1, nil)
	s := fastSettings()
	s.MaxRetries = 2
	a := r.Wrap(fakeAgent{api: api, s: s}, "a", false)
	for _, c := range []struct {
		name    string
		batches int
	}{{"transient", 3}, {"permanent", 1}} {
		before := len(api.created)
		_, err := ask(a, c.name)
		var rt agents.Retrier
		if !errors.Is(err, ErrFailed) || !errors.As(err, &rt) || rt.Retries() != c.batches-1 {
			t.Errorf("%s: got %v; want ErrFailed after %d retries", c.name, err, c.batches-1)
		}
		if n := len(api.created) - before; n != c.batches {
			t.Errorf("%s: sent in %d batches; want %d", c.name, n, c.batches)
		}
	}
}

// TestAgainCountsNoFailure: a request refused for what the backend has
// mended since (Result.Again) goes in the next batch and counts no retry,
// even where no retry is left.
func TestAgainCountsNoFailure(t *testing.T) {
	api := newFake()
	api.failFirst(Result{Err: errors.New("refused for want of the request"), Again: true})
	r := openRun(t, t.TempDir(), 1, nil)
	s := fastSettings()
	s.MaxRetries = 0
	resp, err := ask(r.Wrap(fakeAgent{api: api, s: s}, "a", false), "x")
	if err != nil || resp.Text != "batch:x" || resp.Retries != 0 || len(api.created) != 2 {
		t.Errorf("got %+v, %v after %d batches; want the second batch's answer, no retry", resp, err, len(api.created))
	}
}

// TestRetriesLive: with retry: live, a request that failed in its batch
// is asked of the endpoint itself.
func TestRetriesLive(t *testing.T) {
	api := newFake()
	api.fail = func(id string) *Result { return &Result{Err: errors.New("expired"), Retry: true} }
	r := openRun(t, t.TempDir(), 1, nil)
	s := fastSettings()
	s.Retry = RetryLive
	resp, err := ask(r.Wrap(fakeAgent{api: api, s: s}, "a", false), "x")
	if err != nil || resp.Text != "live:x" || resp.Retries != 1 || resp.Batched {
		t.Errorf("got %+v, %v; want a live answer after 1 retry", resp, err)
	}
}

// TestJournalDeletedUploadKeepsALaterOne: a request sent in two uploads
// (its first batch failed it, and it went again) still goes to the later
// one where only the first is journaled deleted (Tidy goes on past an
// upload whose delete failed): a resume waits on the later batch, where it
// dropped the request and sent it again, paid twice.
func TestJournalDeletedUploadKeepsALaterOne(t *testing.T) {
	j := newJournal("batches.jsonl")
	data := `{"event":"uploaded","agent":"a","file":"f1","keys":["x","y"]}` + "\n" + `{"event":"created","agent":"a","file":"f1","batch":"b1"}` + "\n" +
		`{"event":"uploaded","agent":"a","file":"f2","keys":["x"]}` + "\n" + `{"event":"created","agent":"a","file":"f2","batch":"b2"}` + "\n" +
		`{"event":"deleted","agent":"a","file":"f1","batch":"b1"}` + "\n"
	if _, err := j.read([]byte(data)); err != nil {
		t.Fatal(err)
	}
	earlier := j.earlier("a")
	if got, ok := earlier["x"]; !ok || got != (ref{file: "f2", batch: "b2"}) {
		t.Errorf("x went to %+v (%v); want f2 and b2, its later upload", got, ok)
	}
	if got, ok := earlier["y"]; ok {
		t.Errorf("y went to %+v; want none, its one upload deleted", got)
	}
}

// TestJournalDropsACutLine: the last line of a journal cut short by a
// kill is dropped; a bad line before the last is an error naming it.
func TestJournalDropsACutLine(t *testing.T) {
	dir := t.TempDir()
	good := `{"event":"uploaded","agent":"a","file":"f1","keys":["x"]}` + "\n" + `{"event":"created","agent":"a","file":"f1","batch":"b1"}` + "\n"
	path := filepath.Join(dir, JournalFile)
	if err := os.WriteFile(path, []byte(good+`{"event":"upl`), 0o644); err != nil {
		t.Fatal(err)
	}
	j, _, err := openJournal(dir, false)
	if err != nil {
		t.Fatal(err)
	}
	if got := j.earlier("a")["x"]; got != (ref{file: "f1", batch: "b1"}) {
		t.Errorf("x went to %+v; want f1 and b1", got)
	}
	j.close()
	if data, _ := os.ReadFile(path); string(data) != good {
		t.Errorf("the journal holds %q; want the cut line dropped", data)
	}
	// An entry whole but for its newline is kept, and the next entry
	// starts a line of its own.
	if err := os.WriteFile(path, []byte(strings.TrimSuffix(good, "\n")), 0o644); err != nil {
		t.Fatal(err)
	}
	j, _, err = openJournal(dir, false)
	if err != nil {
		t.Fatal(err)
	}
	if got := j.earlier("a")["x"]; got != (ref{file: "f1", batch: "b1"}) {
		t.Errorf("without its last newline, x went to %+v; want f1 and b1", got)
	}
	if err := j.add(entry{Event: "uploaded", Agent: "a", File: "f2", Keys: []string{"y"}}); err != nil {
		t.Fatal(err)
	}
	j.close()
	j, _, err = openJournal(dir, false)
	if err != nil {
		t.Fatalf("after an entry added to a journal whose last newline was cut: %v", err)
	}
	if got := j.earlier("a")["y"]; got.file != "f2" {
		t.Errorf("y went to %+v; want f2", got)
	}
	j.close()
	if err := os.WriteFile(path, []byte("not json\n"+good), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, _, err := openJournal(dir, false); err == nil || !strings.Contains(err.Error(), JournalFile+":1") {
		t.Errorf("got %v; want an error naming line 1", err)
	}
	if j, _, err := openJournal(dir, true); err != nil || len(j.earlier("a")) != 0 {
		t.Errorf("fresh: got %v, %d earlier requests; want none", err, len(j.earlier("a")))
	}
}

func TestSettingsValidate(t *testing.T) {
	for _, c := range []struct {
		edit func(*Settings)
		want string
	}{
		{func(s *Settings) {}, ""},
		{func(s *Settings) { s.Discount = 0 }, "batch.discount"},
		{func(s *Settings) { s.MaxRequests = 0 }, "batch.max_requests"},
		{func(s *Settings) { s.MaxBytes = 10 }, "batch.max_bytes"},
		{func(s *Settings) { s.PollMax = s.Poll / 2 }, "batch.poll_max"},
		{func(s *Settings) { s.Retry = "never" }, "batch.retry"},
		{func(s *Settings) { s.MaxRetries = -1 }, "batch.max_retries"},
		{func(s *Settings) { s.MaxWait = 0 }, "batch.max_wait"},
		{func(s *Settings) { s.MaxWait = -time.Hour }, "batch.max_wait"},
		{func(s *Settings) { s.API = APITogether }, ""},
		{func(s *Settings) { s.API = "" }, ""},
		{func(s *Settings) { s.API = "Together" }, "batch.api"},
		{func(s *Settings) { s.API = "mistral" }, "batch.api"},
	} {
		s := DefaultSettings()
		c.edit(&s)
		err := s.Validate()
		if (err == nil) != (c.want == "") || err != nil && !strings.HasPrefix(err.Error(), c.want+":") {
			t.Errorf("got %v; want an error on %q", err, c.want)
		}
	}
}

// goneAPI is a fakeAPI that knows no batch an earlier run made.
type goneAPI struct{ *fakeAPI }

func (g goneAPI) Status(ctx context.Context, id string) (Status, error) {
	g.mu.Lock()
	_, ok := g.batches[id]
	g.mu.Unlock()
	if !ok {
		return Status{}, fmt.Errorf("no batch %s: %w", id, ErrGone)
	}
	return g.fakeAPI.Status(ctx, id)
}

type goneAgent struct{ fakeAgent }

func (a goneAgent) Batching() (API, Settings, bool) { return goneAPI{a.api}, a.s, true }

// TestSendsAgainWhatIsGone: requests of an earlier run's batch that the
// provider no longer knows go again in a new batch, at the first check.
func TestSendsAgainWhatIsGone(t *testing.T) {
	dir := t.TempDir()
	j := `{"event":"uploaded","agent":"a","file":"f-old","keys":["x"]}` + "\n" + `{"event":"created","agent":"a","file":"f-old","batch":"b-old"}` + "\n"
	writeJournal(t, dir, j)
	var log syncbuf.Buffer
	r := openRun(t, dir, 1, &log)
	api := newFake()
	s := fastSettings()
	s.Poll, s.PollMax = time.Hour, time.Hour // a second check would time the test out
	resp, err := ask(r.Wrap(goneAgent{fakeAgent{api: api, s: s}}, "a", false), "x")
	if err != nil || resp.Text != "batch:x" || resp.Retries != 1 || api.uploads != 1 {
		t.Errorf("got %+v, %v after %d uploads; want batch:x sent again once", resp, err, api.uploads)
	}
	// The run says why the requests go again.
	if got := log.String(); !strings.Contains(got, "batch b-old (a): the server no longer knows it") || !strings.Contains(got, "its 1 requests go again") {
		t.Errorf("the run's log:\n%s\nwant a line that the batch is gone and its requests go again", got)
	}
}

// lostAPI creates batches but loses its answer to the first Create.
type lostAPI struct {
	*fakeAPI
	lost *bool
}

func (l lostAPI) Create(ctx context.Context, file string) (string, error) {
	id, err := l.fakeAPI.Create(ctx, file)
	if !*l.lost {
		*l.lost = true
		return "", errors.New("connection reset")
	}
	return id, err
}

type lostAgent struct {
	fakeAgent
	lost *bool
}

func (a lostAgent) Batching() (API, Settings, bool) { return lostAPI{a.api, a.lost}, a.s, true }

// TestFindsABatchWhoseCreationWasLost: a batch created although the
// answer to its creation was lost is found and waited on, not made again.
func TestFindsABatchWhoseCreationWasLost(t *testing.T) {
	r := openRun(t, t.TempDir(), 1, nil)
	api := newFake()
	resp, err := ask(r.Wrap(lostAgent{fakeAgent{api: api, s: fastSettings()}, new(bool)}, "a", false), "x")
	if err != nil || resp.Text != "batch:x" || resp.Retries != 0 || len(api.created) != 1 || api.uploads != 1 {
		t.Errorf("got %+v, %v; %d batches of %d uploads; want batch:x from the one batch", resp, err, len(api.created), api.uploads)
	}
}

// unjournaledAPI creates batches, then closes the run's journal, so that
// the line of the batch created cannot be written (a disk full).
type unjournaledAPI struct {
	*fakeAPI
	jour *journal
}

func (u unjournaledAPI) Create(ctx context.Context, file string) (string, error) {
	u.jour.log.Close()
	return u.fakeAPI.Create(ctx, file)
}

type unjournaledAgent struct {
	fakeAgent
	jour *journal
}

func (a unjournaledAgent) Batching() (API, Settings, bool) {
	return unjournaledAPI{a.api, a.jour}, a.s, true
}

// TestWatchesABatchItCouldNotJournal: a batch created whose line the
// journal could not take is waited on, and its answer handed out, where
// its requests went again in a new batch, the first paid for besides.
func TestWatchesABatchItCouldNotJournal(t *testing.T) {
	var log syncbuf.Buffer
	r := openRun(t, t.TempDir(), 1, &log)
	api := newFake()
	resp, err := ask(r.Wrap(unjournaledAgent{fakeAgent{api: api, s: fastSettings()}, r.jour}, "a", false), "x")
	if err != nil || resp.Text != "batch:x" || resp.Retries != 0 || len(api.created) != 1 {
		t.Errorf("got %+v, %v; %d batches; want batch:x from the one batch", resp, err, len(api.created))
	}
	if !strings.Contains(log.String(), "watched all the same") {
		t.Errorf("log %q; want the journal's failure said", log.String())
	}
}

// TestEstimatesThePromptOfAnAnswerWithoutUsage: a batch answer whose
// backend estimated its usage without the prompt gets the prompt's tokens
// estimated from the call; a usage with its input tokens, estimated or
// counted, is kept as the backend gave it.
func TestEstimatesThePromptOfAnAnswerWithoutUsage(t *testing.T) {
	for _, c := range []struct{ got, want transcript.Usage }{
		{transcript.Usage{OutputTokens: 3, Estimated: true}, transcript.Usage{InputTokens: 9, OutputTokens: 3, Estimated: true}},
		{transcript.Usage{InputTokens: 50, OutputTokens: 7, Estimated: true}, transcript.Usage{InputTokens: 50, OutputTokens: 7, Estimated: true}},
		{transcript.Usage{OutputTokens: 7}, transcript.Usage{OutputTokens: 7}},
		// The answer's tokens counted, the prompt's not: the count kept.
		{transcript.Usage{OutputTokens: 40, Estimated: true}, transcript.Usage{InputTokens: 9, OutputTokens: 40, Estimated: true}},
	} {
		api := newFake()
		api.fail = func(id string) *Result {
			return &Result{Response: agents.Response{Text: "Answer: A", Usage: c.got}}
		}
		r := openRun(t, t.TempDir(), 1, nil)
		a := r.Wrap(fakeAgent{api: api, s: fastSettings()}, "a", false)
		sent := []transcript.ChatMessage{{Role: "user", Content: "Which is it, A or B?"}} // 20 characters: 5 tokens, 4 of framing
		go func() { time.Sleep(10 * time.Millisecond); r.Leave() }()
		resp, err := a.Generate(context.Background(), agents.Request{Name: "x", Messages: sent})
		if err != nil {
			t.Fatal(err)
		}
		if resp.Usage != c.want {
			t.Errorf("the backend's usage %+v: got %+v; want %+v", c.got, resp.Usage, c.want)
		}
	}
}

// flakyAPI is a batch that runs a while, quiet, behind a network that
// drops every other check: a check that gets through finds it in progress,
// with no new counts, until the checks'th, which finds it completed.
type flakyAPI struct {
	*fakeAPI
	checks int
	n      *int
}

func (f flakyAPI) Status(ctx context.Context, id string) (Status, error) {
	f.mu.Lock()
	*f.n++
	n := *f.n
	f.mu.Unlock()
	switch {
	case n >= f.checks:
		return f.fakeAPI.Status(ctx, id)
	case n%2 == 0:
		return Status{}, errors.New("connection reset")
	}
	return Status{State: "in_progress", Total: 1}, nil
}

type flakyAgent struct {
	fakeAgent
	checks int
	n      *int
}

func (a flakyAgent) Batching() (API, Settings, bool) {
	return flakyAPI{a.api, a.checks, a.n}, a.s, true
}

// TestChecksFailedNotInARowKeepTheBatch: failed checks between checks
// that got through do not add up: the batch, still running, is waited on
// to its end, not dropped and sent again (paid twice) once maxCheckErrors
// checks failed in all.
func TestChecksFailedNotInARowKeepTheBatch(t *testing.T) {
	r := openRun(t, t.TempDir(), 1, nil)
	api := newFake()
	checks := 4*maxCheckErrors + 1
	resp, err := ask(r.Wrap(flakyAgent{fakeAgent{api: api, s: fastSettings()}, checks, new(int)}, "a", false), "x")
	if err != nil || resp.Text != "batch:x" || resp.Retries != 0 || len(api.created) != 1 {
		t.Errorf("got %+v, %v; %d batches; want batch:x from the one batch, %d checks, every other failed", resp, err, len(api.created), checks)
	}
}

// askAll asks a for each of names at once, one path each, and returns
// the errors.
func askAll(t *testing.T, api *fakeAPI, s Settings, names ...string) []error {
	t.Helper()
	r := openRun(t, t.TempDir(), len(names), nil)
	a := r.Wrap(fakeAgent{api: api, s: s}, "a", false)
	errs := make([]error, len(names))
	var wg sync.WaitGroup
	for i, name := range names {
		wg.Go(func() {
			_, errs[i] = ask(a, name)
			r.Leave()
		})
	}
	wg.Wait()
	return errs
}

// TestFillsMaxBytes: a batch input file holds up to max_bytes, newlines
// counted: a request of exactly max_bytes goes, one a byte longer fails
// unsent; two requests that fill max_bytes exactly go in one batch, a
// byte more in two.
func TestFillsMaxBytes(t *testing.T) {
	for _, c := range []struct {
		names   []string
		batches int
		fails   bool
	}{
		{[]string{"1234567"}, 1, false},
		{[]string{"12345678"}, 0, true},
		{[]string{"abc", "def"}, 1, false},
		{[]string{"abc", "defg"}, 2, false},
	} {
		api := newFake()
		s := fastSettings()
		s.MaxBytes = 8 // the fake's line is the request's name
		errs := askAll(t, api, s, c.names...)
		if len(api.created) != c.batches || (errs[0] != nil) != c.fails {
			t.Errorf("%q in a file of at most 8 bytes: %d batches, error %v; want %d batches, failing %v", c.names, len(api.created), errs[0], c.batches, c.fails)
		}
	}
}

// TestFillsMaxRequests: a batch holds up to max_requests requests (the
// provider's limit on a batch's lines: 50,000 at OpenAI, which refuses a
// file of more), the rest going in the next: five requests at a limit of
// two go in batches of two, two and one.
func TestFillsMaxRequests(t *testing.T) {
	api := newFake()
	s := fastSettings()
	s.MaxRequests = 2
	for i, err := range askAll(t, api, s, "a", "b", "c", "d", "e") {
		if err != nil {
			t.Errorf("request %d: %v", i, err)
		}
	}
	var sizes []int
	for _, id := range api.created {
		sizes = append(sizes, len(api.files[api.batches[id]]))
	}
	if !slices.Equal(sizes, []int{2, 2, 1}) {
		t.Errorf("five requests at max_requests 2: batches of %v; want [2 2 1]", sizes)
	}
}

// downAPI is a fakeAPI behind a network that drops the first down checks
// of a batch's state, or, where results is set, the first down reads of
// its results.
type downAPI struct {
	*fakeAPI
	down    int
	results bool
	n       *int
}

// dropped counts a call and reports whether it is dropped.
func (d downAPI) dropped(results bool) bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	if results != d.results {
		return false
	}
	*d.n++
	return *d.n <= d.down
}

func (d downAPI) Status(ctx context.Context, id string) (Status, error) {
	if d.dropped(false) {
		return Status{}, errors.New("connection reset")
	}
	return d.fakeAPI.Status(ctx, id)
}

func (d downAPI) Results(ctx context.Context, st Status) (map[string]Result, error) {
	if d.dropped(true) {
		return nil, errors.New("connection reset")
	}
	return d.fakeAPI.Results(ctx, st)
}

// TestGivesUpAfterMaxCheckErrors: up to maxCheckErrors checks of a
// batch's state in a row may fail, and its results be read again as many
// times, and the batch is still waited on; one failure more, and its
// requests go again in a new batch.
func TestGivesUpAfterMaxCheckErrors(t *testing.T) {
	for _, c := range []struct {
		results bool
		down    int
		batches int
	}{
		{false, maxCheckErrors, 1}, {false, maxCheckErrors + 1, 2},
		{true, maxCheckErrors, 1}, {true, maxCheckErrors + 1, 2},
	} {
		r := openRun(t, t.TempDir(), 1, nil)
		api := newFake()
		a := r.Wrap(apiAgent{fakeAgent{api: api, s: fastSettings()}, downAPI{api, c.down, c.results, new(int)}}, "a", false)
		resp, err := ask(a, "x")
		if err != nil || resp.Text != "batch:x" || resp.Retries != c.batches-1 || len(api.created) != c.batches {
			t.Errorf("results %v, %d dropped: got %+v, %v; %d batches; want batch:x from %d", c.results, c.down, resp, err, len(api.created), c.batches)
		}
	}
}

// TestALostBatchCostsNoRetry: a batch the server no longer knows sends its
// requests again without spending a retry: with max_retries 1, a request
// whose batch was lost and whose next attempt fails once is answered at
// its third send (Retries 2, each send after the first); a second lost
// batch counts as a failure, so that a server that loses every batch
// stops the request once its retries are spent.
func TestALostBatchCostsNoRetry(t *testing.T) {
	dir := t.TempDir()
	j := `{"event":"uploaded","agent":"a","file":"f-old","keys":["x"]}` + "\n" + `{"event":"created","agent":"a","file":"f-old","batch":"b-old"}` + "\n"
	writeJournal(t, dir, j)
	r := openRun(t, dir, 1, nil)
	api := newFake()
	api.failFirst(Result{Err: errors.New("injected 500"), Retry: true})
	s := fastSettings()
	s.MaxRetries = 1
	resp, err := ask(r.Wrap(goneAgent{fakeAgent{api: api, s: s}}, "a", false), "x")
	if err != nil || resp.Text != "batch:x" || resp.Retries != 2 || len(api.created) != 2 {
		t.Errorf("got %+v, %v after %d batches; want the answer of the second new batch, 2 sends after the first", resp, err, len(api.created))
	}

	c := &call{}
	gone := fmt.Errorf("no batch: %w", ErrGone)
	if first, second := lostOrFailed(c, gone), lostOrFailed(c, gone); !first.Again || first.Retry || !second.Retry || second.Again {
		t.Errorf("first loss %+v, second %+v; want the first sent again free, the second a failed attempt", first, second)
	}
	if r := lostOrFailed(&call{}, errors.New("500")); !r.Retry || r.Again {
		t.Errorf("another error: %+v; want a failed attempt", r)
	}
}

// TestSentLineCountsRequests: the line that says a batch went names its
// requests as a count, "1 request" for one, not "1 requests".
func TestSentLineCountsRequests(t *testing.T) {
	var log syncbuf.Buffer
	r := openRun(t, t.TempDir(), 1, &log)
	a := r.Wrap(fakeAgent{api: newFake(), s: fastSettings()}, "a", false)
	if _, err := ask(a, "x"); err != nil {
		t.Fatal(err)
	}
	if got := log.String(); !strings.Contains(got, "(a): 1 request sent, ") {
		t.Errorf("log:\n%s\nwant a line \"batch … (a): 1 request sent, …\"", got)
	}
}

// stoppingAPI stops the run while an upload is on its way: the provider
// makes the file, and its answer is cut off if the upload's context ends
// with the run's.
type stoppingAPI struct {
	*fakeAPI
	stop func()
}

func (s stoppingAPI) Upload(ctx context.Context, lines []byte) (string, error) {
	s.stop()
	id, _ := s.fakeAPI.Upload(ctx, lines)
	if err := ctx.Err(); err != nil {
		return "", err
	}
	return id, nil
}

type stoppingAgent struct {
	fakeAgent
	stop func()
}

func (a stoppingAgent) Batching() (API, Settings, bool) { return stoppingAPI{a.api, a.stop}, a.s, true }

// TestJournalsAnUploadInFlightAtTheStop: an upload on its way when the
// run stops is let finish and journaled, so that the resumed run makes
// its batch or the tidy of a whole run deletes it; cut off with the run,
// the provider kept a file no journal named, and no run deleted it.
func TestJournalsAnUploadInFlightAtTheStop(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	r, err := Open(ctx, t.TempDir(), false, 1, nil)
	if err != nil {
		t.Fatal(err)
	}
	a := r.Wrap(stoppingAgent{fakeAgent{api: newFake(), s: fastSettings()}, cancel}, "a", false)
	if _, err := a.Generate(ctx, agents.Request{Name: "x"}); !errors.Is(err, context.Canceled) {
		t.Fatalf("the call as the run stopped: %v; want %v", err, context.Canceled)
	}
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	if ups := r.jour.uploads("a"); len(ups) != 1 || ups[0].file != "file-1" {
		t.Errorf("uploads journaled: %v; want file-1, which the provider made as the run stopped", ups)
	}
}

// TestJournalTakesNoLineAfterATornOne: a line whose write failed and
// could not be cut off again (here the journal's handle is one that can
// neither write nor truncate, and the part a full disk took of the line
// is on disk) is said, and no line follows it: the journal still opens,
// dropping the torn line last. A line written after it made the journal
// unreadable at the next resume ("journal:2").
func TestJournalTakesNoLineAfterATornOne(t *testing.T) {
	dir := t.TempDir()
	j, _, err := openJournal(dir, false)
	if err != nil {
		t.Fatal(err)
	}
	if err := j.add(entry{Event: "uploaded", Agent: "a", File: "f1", Keys: []string{"x"}}); err != nil {
		t.Fatal(err)
	}
	whole, err := os.Stat(j.path)
	if err != nil {
		t.Fatal(err)
	}
	j.close()
	f, err := os.OpenFile(j.path, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteString(`{"event":"crea`); err != nil { // what a full disk took
		t.Fatal(err)
	}
	f.Close()
	readOnly, err := os.Open(j.path)
	if err != nil {
		t.Fatal(err)
	}
	j.log = appendlog.New(readOnly, whole.Size())
	err = j.add(entry{Event: "created", Agent: "a", File: "f1", Batch: "b1"})
	if !errors.Is(err, appendlog.ErrTorn) || !strings.Contains(err.Error(), "journal") || !strings.Contains(err.Error(), j.path) {
		t.Errorf("a failed line not cut off: %v; want it said that the journal %s may end in a torn line", err, j.path)
	}
	if err := j.add(entry{Event: "uploaded", Agent: "a", File: "f2", Keys: []string{"y"}}); err == nil {
		t.Error("a line was taken after a torn one")
	}
	j.close()
	j, _, err = openJournal(dir, false)
	if err != nil {
		t.Fatalf("the journal after a torn line: %v", err)
	}
	defer j.close()
	if got := j.earlier("a")["x"]; got.file != "f1" {
		t.Errorf("x went to %+v; want f1", got)
	}
}
