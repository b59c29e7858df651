package batch

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mootlab/moot/agents"
)

// blindAPI is a fakeAPI whose first blind lists of batches fail (a 500, a
// connection reset), and whose batch creations' answers are lost.
type blindAPI struct {
	*fakeAPI
	blind int
	n     *int
}

func (b blindAPI) Find(ctx context.Context, file string) (string, error) {
	b.mu.Lock()
	*b.n++
	failing := *b.n <= b.blind
	b.mu.Unlock()
	if failing {
		return "", errors.New("HTTP 500: list batches")
	}
	return b.fakeAPI.Find(ctx, file)
}

func (b blindAPI) Create(ctx context.Context, file string) (string, error) {
	b.fakeAPI.Create(ctx, file)
	return "", errors.New("connection reset")
}

// TestAFailedLookForABatchIsTriedAgain: whether a batch was made of an
// upload — of an earlier run killed between the upload and the batch, or
// of a creation whose answer was lost — is asked again, on the poll
// schedule, while the provider's list fails; the batch found is waited
// on. Before, one failed list sent the requests again in a new upload and
// batch, while the batch already made of them ran on: each paid twice.
func TestAFailedLookForABatchIsTriedAgain(t *testing.T) {
	for _, earlier := range []bool{true, false} {
		t.Run(fmt.Sprintf("earlier=%v", earlier), func(t *testing.T) {
			dir := t.TempDir()
			api := newFake()
			if earlier {
				file, _ := api.Upload(context.Background(), []byte("x\n"))
				api.Create(context.Background(), file)
				line := fmt.Sprintf(`{"event":"uploaded","agent":"a","file":%q,"keys":["x"]}`+"\n", file)
				writeJournal(t, dir, line)
			}
			uploads, created := api.uploads, len(api.created)
			r := openRun(t, dir, 1, nil)
			a := r.Wrap(apiAgent{fakeAgent{api: api, s: fastSettings()}, blindAPI{api, 3, new(int)}}, "a", false)
			resp, err := ask(a, "x")
			if err != nil || resp.Text != "batch:x" || resp.Retries != 0 {
				t.Errorf("got %+v, %v; want batch:x from the batch made of the upload", resp, err)
			}
			if !earlier {
				uploads, created = uploads+1, created+1
			}
			if api.uploads != uploads || len(api.created) != created {
				t.Errorf("%d uploads and %d batches; want %d and %d: the batch made of the upload waited on", api.uploads, len(api.created), uploads, created)
			}
		})
	}
}

// slowFindAPI is a fakeAPI whose list of batches, read as it was asked,
// comes back once a second list is under way, or a second passes: a
// provider's slow list.
type slowFindAPI struct {
	*fakeAPI
	listing chan struct{}
}

func (s slowFindAPI) Find(ctx context.Context, file string) (string, error) {
	id, err := s.fakeAPI.Find(ctx, file)
	select {
	case s.listing <- struct{}{}: // a second list meets this one
	case <-s.listing:
	case <-time.After(time.Second):
	}
	return id, err
}

// TestResumesAnUploadOnceAcrossFlushes: the requests of an upload that an
// earlier run made no batch of, asked in two rounds of a resumed run
// (their episodes reach them at different times), are waited on in one
// batch made of it, where each round looked for a batch, found none
// while the other looked, and created one: the requests paid for twice.
func TestResumesAnUploadOnceAcrossFlushes(t *testing.T) {
	api := slowFindAPI{newFake(), make(chan struct{})}
	file, _ := api.Upload(context.Background(), []byte("x\ny\n"))
	dir := t.TempDir()
	journalUpload(t, dir, file, "x", "y")
	if _, err := askInTwoRounds(t, dir, func(r *Run) agents.Agent {
		return r.Wrap(apiAgent{fakeAgent{api: api.fakeAPI, s: fastSettings()}, api}, "a", false)
	}); err != nil {
		t.Fatalf("%v; want x, y and z answered", err)
	}
	made := 0
	for _, f := range api.batches {
		if f == file {
			made++
		}
	}
	if made != 1 {
		t.Errorf("%d batches made of the upload %s; want 1", made, file)
	}
}

// downListAPI is a fakeAPI whose list of batches fails its first down
// calls (a provider's list down for a while).
type downListAPI struct {
	*fakeAPI
	down *int
}

func (d downListAPI) Find(ctx context.Context, file string) (string, error) {
	d.mu.Lock()
	failing := *d.down > 0
	*d.down--
	d.mu.Unlock()
	if failing {
		return "", errors.New("HTTP 503: list batches")
	}
	return d.fakeAPI.Find(ctx, file)
}

// TestAResumeTriesAgainAfterAFailedLook: where looking for an upload's
// batch failed for one resume (the provider's list down through every
// check), the next resume of the upload looks again, and waits on the
// batch it finds, rather than take the first one's error for its own.
func TestAResumeTriesAgainAfterAFailedLook(t *testing.T) {
	api := newFake()
	file, _ := api.Upload(context.Background(), []byte("x\ny\n"))
	api.Create(context.Background(), file)
	dir := t.TempDir()
	journalUpload(t, dir, file, "x", "y")
	down := maxCheckErrors + 1 // the first look fails whole
	respY, err := askInTwoRounds(t, dir, func(r *Run) agents.Agent {
		return r.Wrap(apiAgent{fakeAgent{api: api, s: fastSettings()}, downListAPI{api, &down}}, "a", false)
	})
	if err != nil || respY.Text != "batch:y" || respY.Retries != 0 {
		t.Errorf("y %+v, %v; want x, y and z answered, y from the upload's batch at its first try", respY, err)
	}
}

// askInTwoRounds asks, of a run in dir of two paths over the agent that
// wrap makes, x on one path and z then y on the other: x, of an earlier
// run's upload, goes with z's round, new; y, of the upload too, in the
// next round, once z is answered. It returns y's answer and the first
// error of the three.
func askInTwoRounds(t *testing.T, dir string, wrap func(*Run) agents.Agent) (agents.Response, error) {
	t.Helper()
	r := openRun(t, dir, 2, nil)
	a := wrap(r)
	var wg sync.WaitGroup
	var errX, errZ, errY error
	var respY agents.Response
	wg.Go(func() { _, errX = ask(a, "x"); r.Leave() })
	wg.Go(func() {
		if _, errZ = ask(a, "z"); errZ == nil {
			respY, errY = ask(a, "y")
		}
		r.Leave()
	})
	wg.Wait()
	return respY, errors.Join(errX, errZ, errY)
}

// journalUpload writes dir's journal of an earlier run that uploaded file,
// of keys, and stopped before its batch was journaled.
func journalUpload(t *testing.T, dir, file string, keys ...string) {
	t.Helper()
	line, err := json.Marshal(entry{Event: "uploaded", Agent: "a", File: file, Keys: keys})
	if err != nil {
		t.Fatal(err)
	}
	writeJournal(t, dir, string(line)+"\n")
}

// unmadeAPI is a fakeAPI whose batch creations fail with err, made of
// no batch, and that counts its lists of batches.
type unmadeAPI struct {
	*fakeAPI
	err   error
	finds *int
}

func (r unmadeAPI) Create(ctx context.Context, file string) (string, error) { return "", r.err }

func (r unmadeAPI) Find(ctx context.Context, file string) (string, error) {
	r.mu.Lock()
	*r.finds++
	r.mu.Unlock()
	return r.fakeAPI.Find(ctx, file)
}

// TestACreationAnsweredIsNotLookedFor: a creation the provider answered
// with a refusal (a 400) or with its file unknown (a 404) made no batch,
// and moot does not list the batches for one, and writes so in the
// journal, so that a resume does not wait for it to be listed (list_lag);
// a creation whose answer was lost (a connection reset) may have made
// one, which is looked for.
func TestACreationAnsweredIsNotLookedFor(t *testing.T) {
	for _, tc := range []struct {
		name  string
		err   error
		looks bool
	}{
		{"refused", fmt.Errorf("HTTP 400: %w", ErrRefused), false},
		{"file gone", fmt.Errorf("HTTP 404: %w", ErrGone), false},
		{"answer lost", errors.New("connection reset"), true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			api := newFake()
			s := fastSettings()
			s.MaxRetries = 0
			finds := 0
			r := openRun(t, t.TempDir(), 1, nil)
			a := r.Wrap(apiAgent{fakeAgent{api: api, s: s}, unmadeAPI{api, tc.err, &finds}}, "a", false)
			if _, err := ask(a, "x"); err == nil {
				t.Fatalf("x answered; want its batch's creation failed")
			}
			if (finds > 0) != tc.looks {
				t.Errorf("%d lists of batches after a creation %s; want some %v", finds, tc.name, tc.looks)
			}
			// A creation answered made no batch, and a resume need not
			// wait for one to be listed; one whose answer was lost may have.
			for file := range api.files {
				if _, asked := r.jour.askedAt(file); asked != tc.looks {
					t.Errorf("the journal marks the creation %s as asked for: %v; want %v", tc.name, asked, tc.looks)
				}
			}
		})
	}
}

// laggingAPI is a fakeAPI whose list of batches shows none for its first
// lag looks (a provider whose list lags its creations), and that counts
// them.
type laggingAPI struct {
	*fakeAPI
	lag   int
	looks *int
}

func (l laggingAPI) Find(ctx context.Context, file string) (string, error) {
	l.mu.Lock()
	*l.looks++
	hidden := *l.looks <= l.lag
	l.mu.Unlock()
	if hidden {
		return "", nil
	}
	return l.fakeAPI.Find(ctx, file)
}

// journalAsked writes dir's journal of an earlier run that uploaded file,
// of keys, asked for its batch at asked, and stopped before the answer.
func journalAsked(t *testing.T, dir, file string, asked time.Time, keys ...string) {
	t.Helper()
	var data []byte
	for _, e := range []entry{{Event: "uploaded", Agent: "a", File: file, Keys: keys}, {Event: "creating", Agent: "a", File: file, At: asked}} {
		line, err := json.Marshal(e)
		if err != nil {
			t.Fatal(err)
		}
		data = append(append(data, line...), '\n')
	}
	writeJournal(t, dir, string(data))
}

// TestAResumeDoesNotCreateABatchItMayHaveMade: an earlier run that asked
// for its upload's batch ("creating") and was killed before it wrote the
// answer down may have made it, though the provider's list, lagging,
// shows none: the resume looks again on the poll schedule until list_lag
// after the asking, and waits on the batch it finds. Where none is listed
// by then (the run stopped before its request reached the provider), or
// the asking is older than that, it creates the batch, and the requests
// are answered; an asking stamped later than now (another machine's
// clock) is waited on no longer than one made now. Before, the resume
// found none at its first look and created a second batch beside the
// first: the provider ran and billed the requests twice.
func TestAResumeDoesNotCreateABatchItMayHaveMade(t *testing.T) {
	s := DefaultSettings()
	s.Poll, s.PollMax, s.ListLag = 20*time.Millisecond, 40*time.Millisecond, time.Second
	for _, tc := range []struct {
		name    string
		made    bool
		asked   time.Duration // from now
		lag     int
		created int // batches the resume creates
		most    time.Duration
	}{
		{"made, listed late", true, 0, 3, 0, s.ListLag},
		{"not made, none listed in time", false, 0, 1 << 30, 1, 2 * s.ListLag},
		{"asked long ago, none listed", false, -time.Hour, 1 << 30, 1, s.ListLag / 2},
		{"asked an hour ahead by its clock, none listed", false, time.Hour, 1 << 30, 1, 2 * s.ListLag},
	} {
		t.Run(tc.name, func(t *testing.T) {
			api := newFake()
			file, _ := api.Upload(context.Background(), []byte("x\n"))
			if tc.made {
				api.Create(context.Background(), file)
			}
			created := len(api.created)
			dir := t.TempDir()
			asked := time.Now().Add(tc.asked)
			journalAsked(t, dir, file, asked, "x")
			r := openRun(t, dir, 1, nil)
			looks := 0
			a := r.Wrap(apiAgent{fakeAgent{api: api, s: s}, laggingAPI{api, tc.lag, &looks}}, "a", false)
			start := time.Now()
			resp, err := ask(a, "x")
			took := time.Since(start)
			if got := len(api.created) - created; got != tc.created {
				t.Errorf("%d batches created; want %d", got, tc.created)
			}
			if err != nil || resp.Text != "batch:x" {
				t.Errorf("x: got %q, %v; want batch:x", resp.Text, err)
			}
			if took > tc.most {
				t.Errorf("answered after %s; want within %s", took, tc.most)
			}
			switch {
			case tc.made && looks != tc.lag+1:
				t.Errorf("%d looks; want %d, the batch found at the first the list shows it", looks, tc.lag+1)
			case !tc.made && tc.asked >= 0 && took < s.ListLag-s.PollMax:
				t.Errorf("created after %s; want it looked for until list_lag (%s) after the asking", took, s.ListLag)
			case tc.asked < 0 && looks != 1:
				t.Errorf("%d looks after an asking an hour old; want 1", looks)
			}
			// The batch found or made is written down, so that a resume of
			// this run waits on it without looking again.
			if events := journalEvents(filepath.Join(dir, JournalFile)); !strings.HasSuffix(events, ",created") {
				t.Errorf("journal events %s; want the batch's created line last", events)
			}
		})
	}
}

// journaledAPI is a fakeAPI that, at each batch's creation, reads the
// events the journal at path holds then.
type journaledAPI struct {
	*fakeAPI
	path   string
	events *string
}

func (j journaledAPI) Create(ctx context.Context, file string) (string, error) {
	*j.events = journalEvents(j.path)
	return j.fakeAPI.Create(ctx, file)
}

// journalEvents lists the events of the journal at path, comma-separated.
func journalEvents(path string) string {
	data, _ := os.ReadFile(path)
	var events []string
	for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		var e entry
		if json.Unmarshal([]byte(line), &e) == nil {
			events = append(events, e.Event)
		}
	}
	return strings.Join(events, ",")
}

// TestAsksForABatchAfterJournalingIt: a batch is asked for after a line
// of the journal says so (the journal holds it when POST /batches is
// sent), and written down after it is made.
func TestAsksForABatchAfterJournalingIt(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, JournalFile)
	r := openRun(t, dir, 1, nil)
	api, asked := newFake(), ""
	start := time.Now()
	if _, err := ask(r.Wrap(apiAgent{fakeAgent{api: api, s: fastSettings()}, journaledAPI{api, path, &asked}}, "a", false), "x"); err != nil {
		t.Fatal(err)
	}
	// The creating line says when the batch was asked for: a resume
	// looks for it until list_lag after then.
	data, _ := os.ReadFile(path)
	for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		var e entry
		if json.Unmarshal([]byte(line), &e) == nil && e.Event == "creating" && (e.At.Before(start) || e.At.After(time.Now())) {
			t.Errorf("creating line at %s; want the time it was asked for, after %s", e.At, start)
		}
	}
	if want := "uploaded,creating"; asked != want {
		t.Errorf("journal events when the batch was asked for: %s; want %s", asked, want)
	}
	if got, want := journalEvents(path), "uploaded,creating,created"; got != want {
		t.Errorf("journal events %s; want %s", got, want)
	}
}

// failingLooksAPI is a fakeAPI whose list of batches shows none at the
// first look and fails at every one after (a provider whose list went
// down), counting them.
type failingLooksAPI struct {
	*fakeAPI
	looks *int
}

func (f failingLooksAPI) Find(ctx context.Context, file string) (string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	*f.looks++
	if *f.looks == 1 {
		return "", nil
	}
	return "", errors.New("HTTP 503: list batches")
}

// TestAResumeThatCannotLookCreatesNone: a resume looking for the batch a
// killed run asked for, whose later looks all fail, cannot tell whether
// the batch was made: it creates none (the provider may be running it),
// and its requests fail, saying why, rather than go again in a second
// batch, paid twice.
func TestAResumeThatCannotLookCreatesNone(t *testing.T) {
	s := fastSettings()
	s.ListLag, s.MaxRetries = time.Second, 0
	api := newFake()
	file, _ := api.Upload(context.Background(), []byte("x\n"))
	dir := t.TempDir()
	journalAsked(t, dir, file, time.Now(), "x")
	r := openRun(t, dir, 1, nil)
	looks := 0
	a := r.Wrap(apiAgent{fakeAgent{api: api, s: s}, failingLooksAPI{api, &looks}}, "a", false)
	_, err := ask(a, "x")
	if len(api.created) != 0 || err == nil || !strings.Contains(err.Error(), "503") {
		t.Errorf("%d batches created, x: %v; want none, and the failed look's error", len(api.created), err)
	}
	if looks < 2 {
		t.Errorf("%d looks; want the list looked at again after the first", looks)
	}
}
