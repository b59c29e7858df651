package batch

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/mootlab/moot/agents"
	"github.com/mootlab/moot/internal/noun"
	"github.com/mootlab/moot/internal/wait"
)

// Agent is an agent whose calls go through its provider's batch API.
type Agent struct {
	run   *Run
	inner Capable
	api   API
	s     Settings
	name  string

	// Guarded by run.mu:
	calls   map[string]*call // by custom id: queued, or in a batch
	queue   []*call          // for the next batch
	earlier map[string]ref   // the requests earlier runs sent (read only)
	held    map[ref][]*call  // calls waiting on an earlier run's batch
	making  map[string]*making
}

// making is the batch of an earlier run's upload that the run stopped
// before making, found or created by one resume at a time for all the
// calls that wait on it (they may come in several flushes, each resuming
// it): once made, it is the batch of every later one; an error is not
// kept, and the next resume tries again.
type making struct {
	mu sync.Mutex
	id string
}

var (
	_ agents.Agent = (*Agent)(nil)
	_ agents.Keyer = (*Agent)(nil)
)

// call is one request, asked by one or more waiters (identical requests
// of different episodes are sent once).
type call struct {
	key      string
	req      agents.Request
	waiters  []chan outcome
	failures int // failed attempts so far
	// lost counts the batches of it the server no longer knew (lost):
	// the first is sent again without counting a failure.
	lost int
	// resent counts the sends again, uncounted as failures, of a request
	// that failed in a batch an earlier run sent (at most one).
	resent int
	// spared counts the sends again, uncounted as failures, of a request
	// whose batch the provider failed for other requests' lines (at most
	// one).
	spared int
}

// sends counts the sends of c after the first.
func (c *call) sends() int { return c.failures + c.lost + c.resent + c.spared }

// outcome is what a waiter is handed: an answer, an error, or live, the
// word to ask the endpoint itself.
type outcome struct {
	resp     agents.Response
	err      error
	live     bool
	failures int
	// shared is the live call of a request asked by several waiters
	// (live): lead is set for the one that sends it (merged.go).
	shared *liveCall
	lead   bool
}

// Unwrap returns the agent behind the batches.
func (a *Agent) Unwrap() agents.Agent { return a.inner }

// CacheKey implements agents.Keyer, so that the response cache over a
// batch agent stores its answers like live ones: the agent's own key,
// which is also a request's custom id.
func (a *Agent) CacheKey(req agents.Request) string { return a.inner.CacheKey(req) }

// MergesAsks marks that asks made at once for the same thing go out as
// one request of the batch (agents.AskMerger): the cache passes each
// through, each counted as waiting on the batch.
func (a *Agent) MergesAsks() {}

// Generate queues req for the next batch — or, if an earlier run sent it,
// waits on that run's batch — and waits for its answer.
func (a *Agent) Generate(ctx context.Context, req agents.Request) (agents.Response, error) {
	key := a.inner.CacheKey(req)
	ch := make(chan outcome, 1)
	r := a.run
	r.mu.Lock()
	c := a.calls[key]
	if c == nil {
		c = &call{key: key, req: req}
		a.calls[key] = c
		if f, ok := a.earlier[key]; ok {
			a.held[f] = append(a.held[f], c)
		} else {
			a.queue = append(a.queue, c)
		}
	}
	c.waiters = append(c.waiters, ch)
	r.waiting++
	r.check()
	r.mu.Unlock()
	select {
	case o := <-ch:
		if !o.live {
			return o.resp, o.err
		}
		return a.live(ctx, req, o)
	case <-ctx.Done():
		a.abandon(c, ch)
		select {
		case o := <-ch: // handed over as the context ended
			o.drop()
		default:
		}
		return agents.Response{}, ctx.Err()
	}
}

// abandon takes a waiter cut short by its context off its call.
func (a *Agent) abandon(c *call, ch chan outcome) {
	a.run.mu.Lock()
	defer a.run.mu.Unlock()
	if i := slices.Index(c.waiters, ch); i >= 0 {
		c.waiters = slices.Delete(c.waiters, i, i+1)
		a.run.waiting--
	}
}

// flush sends the queued calls and watches the earlier batches that calls
// wait on. run.mu is held.
func (a *Agent) flush() {
	if q := a.asked(a.queue); len(q) > 0 {
		a.run.wg.Add(1)
		go a.submit(q)
	}
	a.queue = nil
	for f, cs := range a.held {
		delete(a.held, f)
		if cs = a.asked(cs); len(cs) > 0 {
			a.run.wg.Add(1)
			go a.resume(f, cs)
		}
	}
}

// asked keeps the calls that someone still waits for.
func (a *Agent) asked(cs []*call) []*call {
	return slices.DeleteFunc(cs, func(c *call) bool {
		if len(c.waiters) == 0 {
			delete(a.calls, c.key)
			return true
		}
		return false
	})
}

// submit sends calls as batches, split by the provider's limits, and
// watches each.
func (a *Agent) submit(cs []*call) {
	defer a.run.wg.Done()
	slices.SortFunc(cs, func(x, y *call) int { return strings.Compare(x.key, y.key) })
	var part []*call
	var data []byte
	for _, c := range cs {
		line, err := a.api.Line(c.key, c.req)
		if err == nil && int64(len(line))+1 > a.s.MaxBytes {
			err = fmt.Errorf("one request is %d bytes, over batch.max_bytes (%d)", len(line)+1, a.s.MaxBytes)
		}
		if err != nil {
			a.settle([]*call{c}, func(*call) Result { return Result{Err: err} })
			continue
		}
		if len(part) == a.s.MaxRequests || int64(len(data)+len(line)+1) > a.s.MaxBytes {
			a.send(part, data)
			part, data = nil, nil
		}
		part = append(part, c)
		data = append(append(data, line...), '\n')
	}
	if len(part) > 0 {
		a.send(part, data)
	}
}

// send uploads one batch's input file, creates the batch, writes both to
// the journal, and watches the batch.
func (a *Agent) send(cs []*call, data []byte) {
	ctx := a.run.ctx
	keys := make([]string, len(cs))
	for i, c := range cs {
		keys[i] = c.key
	}
	if ctx.Err() != nil {
		return // the run stopped: its waiters are gone, and so may be its journal
	}
	file, err := a.upload(data)
	if err == nil {
		err = a.run.jour.add(entry{Event: "uploaded", Agent: a.name, File: file, Keys: keys, Endpoint: a.api.Endpoint()})
	}
	id := ""
	if err == nil {
		id, err = a.create(ctx, file)
	}
	if err != nil {
		a.failed(cs, fmt.Errorf("sending a batch of %d requests: %w", len(cs), err))
		return
	}
	a.run.logf("batch %s (%s): %s sent, %s", id, a.name, noun.Count(len(cs), "request"), size(len(data)))
	a.run.wg.Add(1)
	go func() {
		defer a.run.wg.Done()
		a.watch(id, cs, keys, false)
	}()
}

// uploadGrace is how long an upload in flight when the run stops may
// go on, to be written to the journal.
const uploadGrace = 10 * time.Second

// upload uploads a batch's input file, let finish for up to uploadGrace
// after the run stops: cut off, the provider may have made the file all
// the same, which no journal line would then name, nor any tidy delete.
// Written to the journal, it is the resumed run's batch or its tidy's.
func (a *Agent) upload(data []byte) (string, error) {
	ctx, cancel := context.WithCancel(context.WithoutCancel(a.run.ctx))
	defer cancel()
	stop := context.AfterFunc(a.run.ctx, func() { time.AfterFunc(uploadGrace, cancel) })
	defer stop()
	return a.api.Upload(ctx, data)
}

// create creates the batch of file and writes it to the journal. When
// the provider's answer is lost, the batch may exist all the same: it is
// looked for (find) before the error is taken as one. An answer that
// refuses the batch (ErrRefused) or does not know its file (ErrGone)
// made none, and is not looked for: the look read the provider's list of
// batches for nothing.
//
// Before it asks, it writes that it does ("creating") to the journal: a
// resume that finds no batch of the file then knows one may have been
// made (a run killed before the answer was written down), and looks for
// it a while before it creates another; a refusal or an unknown file,
// which made none, is written down too ("uncreated"). A journal that
// cannot take the first line creates nothing.
func (a *Agent) create(ctx context.Context, file string) (string, error) {
	if err := a.run.jour.add(entry{Event: "creating", Agent: a.name, File: file, At: time.Now().UTC()}); err != nil {
		return "", err
	}
	id, err := a.api.Create(ctx, file)
	unmade := errors.Is(err, ErrRefused) || errors.Is(err, ErrGone)
	if err != nil && ctx.Err() == nil && !unmade {
		if found, ferr := a.find(ctx, file); ferr == nil && found != "" {
			id, err = found, nil
		}
	}
	if unmade {
		// The provider said it made none: a resume need not wait for it
		// to be listed (unlisted).
		if jerr := a.run.jour.add(entry{Event: "uncreated", Agent: a.name, File: file}); jerr != nil {
			a.run.logf("%s: %v (a resume looks for the batch of input file %s for batch.list_lag before it asks again)", a.name, jerr, file)
		}
	}
	if err != nil {
		return "", err
	}
	a.journalCreated(file, id)
	return id, nil
}

// journalCreated writes batch id of file to the journal. The batch exists
// whether or not the line is written (a disk full): it is watched all the
// same, where sending its requests again would pay for them twice, and a
// resume that finds no batch for the upload looks for one (find).
func (a *Agent) journalCreated(file, id string) {
	if err := a.run.jour.add(entry{Event: "created", Agent: a.name, File: file, Batch: id, At: time.Now().UTC()}); err != nil {
		a.run.logf("batch %s (%s): %v; watched all the same (a resume finds it by its input file %s)", id, a.name, err, file)
	}
}

// failed counts a failed attempt of each of cs, after a pause so that a
// failing endpoint is not asked again at once. Where the provider refused
// the batch for good (ErrRefused), each goes live at once with retry:
// live (the endpoint may answer live what it will not batch), and fails
// at once otherwise.
func (a *Agent) failed(cs []*call, err error) {
	if a.run.ctx.Err() != nil {
		return
	}
	a.run.logf("%s: %v", a.name, err)
	if errors.Is(err, ErrGone) && slices.ContainsFunc(cs, func(c *call) bool { return c.lost == 0 }) {
		// The file a batch was to be made of is gone (a server
		// restarted): the provider lost the requests, which go again at
		// once, the first time; after that, as failures that pause.
		a.settle(cs, func(c *call) Result { return lostOrFailed(c, err) })
		return
	}
	refused := errors.Is(err, ErrRefused)
	if !refused && wait.Sleep(a.run.ctx, a.s.Poll) != nil {
		return
	}
	retry := !refused || a.s.Retry == RetryLive
	a.settle(cs, func(*call) Result { return Result{Err: err, Retry: retry} })
}

// settle hands each call its result: the answer; or, after a failure that
// may pass, another attempt — in the next batch, or live — while attempts
// are left; or the error. Then it sends what waits, if all paths wait.
func (a *Agent) settle(cs []*call, result func(*call) Result) {
	r := a.run
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, c := range cs {
		res := result(c)
		switch {
		case res.Err == nil:
			if u := res.Response.Usage; u.Estimated && u.InputTokens == 0 {
				// The backend estimated an answer without usage, or
				// without the prompt's, but had no prompt to count: the
				// call has it. The answer's count, its own, is kept.
				res.Response.Usage.InputTokens = agents.EstimateUsage(c.req.Messages, "").InputTokens
			}
			res.Response.Retries += c.sends() // every send after the first
			res.Response.Batched = true
			// Every waiter is given this one answer: one draw.
			res.Response.Draw = agents.NewDraw()
			a.answer(c, outcome{resp: res.Response})
		case res.Again:
			a.queue = append(a.queue, c)
		case !res.Retry || c.failures >= a.s.MaxRetries:
			sends := c.sends()
			a.answer(c, outcome{err: &agents.RetriedError{Count: sends,
				Err: fmt.Errorf("%w: %s: %w (after %s)", ErrFailed, a.name, res.Err, noun.Count(sends+1, "attempt"))}})
		case a.s.Retry == RetryLive:
			c.failures++
			o := outcome{live: true, failures: c.failures}
			if len(c.waiters) > 1 {
				o.shared, o.lead = newLiveCall(), true
			}
			a.answer(c, o)
		default:
			c.failures++
			a.queue = append(a.queue, c)
		}
	}
	r.check()
}

// answer hands o to every waiter of c, the first as it is, the others
// as asks merged with it (outcome.handed). run.mu is held.
func (a *Agent) answer(c *call, o outcome) {
	for i, ch := range c.waiters {
		ch <- o.handed(i)
	}
	a.run.waiting -= len(c.waiters)
	c.waiters = nil
	delete(a.calls, c.key)
}

// size writes a byte count for people.
func size(n int) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f kB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}
