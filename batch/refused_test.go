package batch

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
)

// refusingLinesAPI is a fakeAPI that fails its first batch at validation
// with refusals.
type refusingLinesAPI struct {
	*fakeAPI
	refusals []Refusal
}

func (r refusingLinesAPI) Status(ctx context.Context, id string) (Status, error) {
	r.mu.Lock()
	first := len(r.created) > 0 && r.created[0] == id
	r.mu.Unlock()
	if !first {
		return r.fakeAPI.Status(ctx, id)
	}
	return Status{State: "failed", Ended: true, Problem: "refused", Refusals: r.refusals}, nil
}

func (r refusingLinesAPI) Results(ctx context.Context, st Status) (map[string]Result, error) {
	if st.State == "failed" {
		return map[string]Result{}, nil // a failed batch has no files
	}
	return r.fakeAPI.Results(ctx, st)
}

type refusingLinesAgent struct {
	fakeAgent
	refusals []Refusal
}

func (a refusingLinesAgent) Batching() (API, Settings, bool) {
	return refusingLinesAPI{a.api, a.refusals}, a.s, true
}

// TestARefusedLineFailsAlone: where a failed batch's errors name its
// lines, their requests fail at once with the provider's message, and the
// others go again with no failure counted (max_retries 0 here), their
// retries counting the send; where an error names no line, or a line the
// file does not have, every request goes again as a failed attempt.
func TestARefusedLineFailsAlone(t *testing.T) {
	names := []string{"w", "x", "y", "z"} // lines 1 to 4: sent in key order
	for _, c := range []struct {
		name     string
		refusals []Refusal
		failed   string // the requests that fail, at once
	}{
		{"two lines named", []Refusal{{2, "invalid_request: no"}, {4, "invalid_request: nor this"}}, "x z"},
		{"one without a line", []Refusal{{2, "invalid_request: no"}, {0, "too_many_tasks: wait"}}, "w x y z"},
		{"a line past the end", []Refusal{{5, "invalid_request: no"}}, "w x y z"},
	} {
		t.Run(c.name, func(t *testing.T) {
			api := newFake()
			s := fastSettings()
			s.MaxRetries = 0
			r := openRun(t, t.TempDir(), len(names), nil)
			a := r.Wrap(refusingLinesAgent{fakeAgent{api: api, s: s}, c.refusals}, "a", false)
			resps, errs := askEach(r, a, names...)
			for i, name := range names {
				failed := strings.Contains(c.failed, name)
				if failed != (errs[i] != nil) || !failed && (resps[i].Text != "batch:"+name || resps[i].Retries != 1) {
					t.Errorf("%s: got %+v, %v; want failed %v, else answered after 1 retry", name, resps[i], errs[i], failed)
				}
			}
			if c.failed == "x z" && (!strings.Contains(fmt.Sprint(errs[1]), "batch batch-1 failed, refusing line 2 of its input, this request's: invalid_request: no (after 1 attempt)") || len(api.created) != 2) {
				t.Errorf("x: %v after %d batches; want the line's refusal, the others in a second batch", errs[1], len(api.created))
			}
			if c.failed != "x z" && (!errors.Is(errs[0], ErrFailed) || !strings.Contains(errs[0].Error(), "batch batch-1 failed: refused without answering it")) {
				t.Errorf("w: %v; want today's failure of the batch", errs[0])
			}
		})
	}
}

// TestARefusedLineOfAnEarlierBatch: the lines of an earlier run's batch
// are read from the journal, in its file's order.
func TestARefusedLineOfAnEarlierBatch(t *testing.T) {
	api := newFake()
	file, _ := api.Upload(context.Background(), []byte("y\nx\n"))
	batch, _ := api.Create(context.Background(), file)
	dir := t.TempDir()
	j := fmt.Sprintf(`{"event":"uploaded","agent":"a","file":%q,"keys":["y","x"]}`+"\n"+`{"event":"created","agent":"a","file":%q,"batch":%q}`+"\n", file, file, batch)
	writeJournal(t, dir, j)
	r := openRun(t, dir, 2, nil)
	a := r.Wrap(refusingLinesAgent{fakeAgent{api: api, s: fastSettings()}, []Refusal{{1, "invalid_request: no"}}}, "a", false)
	resps, errs := askEach(r, a, "x", "y")
	if errs[0] != nil || resps[0].Text != "batch:x" || !strings.Contains(fmt.Sprint(errs[1]), "refusing line 1") {
		t.Errorf("got %+v, %v; want x answered, y refused on line 1", resps, errs)
	}
	if !slices.Equal(api.files["file-2"], []string{"x"}) {
		t.Errorf("files %v; want x alone sent again", api.files)
	}
}

// refusingFirstLineAPI fails every batch at validation, naming its first
// line alone: a provider that names one bad line a batch, where every
// line is bad.
type refusingFirstLineAPI struct{ *fakeAPI }

func (r refusingFirstLineAPI) Status(ctx context.Context, id string) (Status, error) {
	return Status{State: "failed", Ended: true, Problem: "refused", Refusals: []Refusal{{1, "invalid_request: no"}}}, nil
}

func (r refusingFirstLineAPI) Results(ctx context.Context, st Status) (map[string]Result, error) {
	return map[string]Result{}, nil
}

type refusingFirstLineAgent struct{ fakeAgent }

func (a refusingFirstLineAgent) Batching() (API, Settings, bool) {
	return refusingFirstLineAPI{a.api}, a.s, true
}

// TestRefusedLinesAreBounded: where every batch is refused for its first
// line alone, the others go again free once, then as failed attempts, so
// that max_retries bounds the batches (1 here: three batches for six
// requests), where each request had a batch of its own, one after another.
func TestRefusedLinesAreBounded(t *testing.T) {
	names := []string{"a", "b", "c", "d", "e", "f"}
	api := newFake()
	s := fastSettings()
	s.MaxRetries = 1
	r := openRun(t, t.TempDir(), len(names), nil)
	_, errs := askEach(r, r.Wrap(refusingFirstLineAgent{fakeAgent{api: api, s: s}}, "a", false), names...)
	for i, err := range errs {
		if !errors.Is(err, ErrFailed) {
			t.Errorf("%s: %v; want it failed", names[i], err)
		}
	}
	if len(api.created) != 3 {
		t.Errorf("%d batches; want 3: the first free to the lines not named, the second a failed attempt, the third the last", len(api.created))
	}
}
