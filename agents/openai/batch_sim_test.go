package openai

import (
	"context"
	"errors"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mootlab/moot/agents"
	"github.com/mootlab/moot/batch"
	"github.com/mootlab/moot/internal/syncbuf"
	"github.com/mootlab/moot/simserver"
	"github.com/mootlab/moot/transcript"
)

// askSimBatch asks n requests at once, each of its own seed and edited
// by edit if not nil, of a batch agent of the sim server started with
// opts, its batch settings adjusted, over real HTTP on 127.0.0.1. It
// returns the answers and errors, the server, and the batch run's log.
func askSimBatch(t *testing.T, opts simserver.BatchOptions, n int, adjust func(*batch.Settings), edit func(int, *agents.Request)) ([]agents.Response, []error, *simserver.Server, string) {
	t.Helper()
	srv := simserver.New(map[string]agents.Agent{"m": answerA{}}, simserver.Options{Batches: opts})
	resps, errs, log := askBatched(t, serve(t, srv), n, func(s *Settings) {
		on := true
		s.SendRequestHeader = &on
		s.Batch.Poll, s.Batch.PollMax = 10*time.Millisecond, 50*time.Millisecond
		adjust(&s.Batch)
	}, edit)
	return resps, errs, srv, log
}

// askBatched asks n requests at once, each of its own seed and edited by
// edit if not nil, of a batch agent of model m at the server at base, its
// settings adjusted. It returns the answers and errors, and the batch
// run's log.
func askBatched(t *testing.T, base string, n int, adjust func(*Settings), edit func(int, *agents.Request)) ([]agents.Response, []error, string) {
	t.Helper()
	return askBatchedIn(t, base, t.TempDir(), n, adjust, edit)
}

// askBatchedIn is askBatched with the batch run's journal in dir: a
// resume's, where a killed run left one.
func askBatchedIn(t *testing.T, base, dir string, n int, adjust func(*Settings), edit func(int, *agents.Request)) ([]agents.Response, []error, string) {
	t.Helper()
	c, _ := client(t, base+"/v1", func(s *Settings) {
		s.Mode = ModeBatch
		adjust(s)
	})
	log := new(syncbuf.Buffer)
	r, err := batch.Open(context.Background(), dir, false, n, log)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	a := r.Wrap(c, "m", false)
	resps, errs := make([]agents.Response, n), make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			req := request(transcript.RoleJudge)
			req.Seed = uint64(i + 1)
			if edit != nil {
				edit(i, &req)
			}
			resps[i], errs[i] = a.Generate(context.Background(), req)
			r.Leave()
		})
	}
	wg.Wait()
	return resps, errs, log.String()
}

// TestMaxWaitAgainstTheSimServer: against a server that holds its first
// two batches in progress, having answered half of each, a run does not
// wait for ever: each is cancelled max_wait after its creation, the
// answers it made are kept, the rest go again, and the one that no batch
// answered within its retries fails naming the batch, the wait and the
// setting.
func TestMaxWaitAgainstTheSimServer(t *testing.T) {
	start := time.Now()
	resps, errs, srv, log := askSimBatch(t, simserver.BatchOptions{Hold: 2}, 4, func(s *batch.Settings) {
		s.MaxWait, s.MaxRetries = 1500*time.Millisecond, 1
	}, nil)
	if took := time.Since(start); took > 20*time.Second {
		t.Errorf("took %s; want about two max_waits", took)
	}
	batches := srv.Batches()
	if len(batches) != 2 || len(batches[0].CustomIDs) != 4 || len(batches[1].CustomIDs) != 2 {
		t.Fatalf("batches %+v; want 4 requests, then the 2 the first left undone", batches)
	}
	var retries []int
	failed := 0
	for i, err := range errs {
		switch {
		case err == nil && resps[i].Text == "Answer: A":
			retries = append(retries, resps[i].Retries)
		case errors.Is(err, batch.ErrFailed):
			failed++
			for _, want := range []string{"batch " + batches[1].ID + " had not ended 1.5s after its creation (batch.max_wait)", "batch_cancelled", "(after 2 attempts)"} {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("error %q; want it to say %q", err, want)
				}
			}
		default:
			t.Errorf("request %d: got %+v, %v", i, resps[i], err)
		}
	}
	slices.Sort(retries)
	if failed != 1 || !slices.Equal(retries, []int{0, 0, 1}) {
		t.Errorf("%d failed, answers after %v retries; want 1 failed, 3 answered after 0, 0 and 1", failed, retries)
	}
	if !strings.Contains(log, "batch "+batches[0].ID+" (m): not ended 1.5s after its creation (batch.max_wait): cancelling it") {
		t.Errorf("log %q; want the cancel of %s said", log, batches[0].ID)
	}
}

// TestARefusedLineFailsAloneAgainstTheSimServer: a batch the server fails
// at validation, naming the lines it refuses, fails those lines' requests
// at once with its message; the others go again in the next batch, no
// failure counted (max_retries 0 would have failed them), their retries
// counting the send again.
func TestARefusedLineFailsAloneAgainstTheSimServer(t *testing.T) {
	bad := func(i int) bool { return i == 1 || i == 3 }
	resps, errs, srv, _ := askSimBatch(t, simserver.BatchOptions{Refuse: "BAD-REQUEST"}, 5, func(s *batch.Settings) {
		s.MaxRetries = 0
	}, func(i int, req *agents.Request) {
		if bad(i) {
			req.Messages[1].Content += " BAD-REQUEST"
		}
	})
	for i, err := range errs {
		switch {
		case bad(i):
			msg := ""
			if err != nil {
				msg = err.Error()
			}
			if !errors.Is(err, batch.ErrFailed) || !strings.Contains(msg, "of its input, this request's: invalid_request: serve-sim refuses this line") || !strings.Contains(msg, "(after 1 attempt)") {
				t.Errorf("request %d: %v; want it failed at once with the server's message on its line", i, err)
			}
		case err != nil || resps[i].Text != "Answer: A" || resps[i].Retries != 1:
			t.Errorf("request %d: got %+v, %v; want answered in the second batch, 1 retry", i, resps[i], err)
		}
	}
	if b := srv.Batches(); len(b) != 2 || len(b[0].CustomIDs) != 5 || len(b[1].CustomIDs) != 3 {
		t.Errorf("batches %+v; want 5 requests, then the 3 good ones", b)
	}
}
