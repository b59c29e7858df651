package batch

import (
	"context"
	"fmt"
	"io"
	"strings"
	"sync"

	"github.com/mootlab/moot/agents"
)

// Run gathers the batch calls of one run of an experiment. It is safe for
// concurrent use.
type Run struct {
	ctx    context.Context
	cancel context.CancelFunc
	jour   *journal
	log    io.Writer
	wg     sync.WaitGroup // submissions and watches in flight

	mu sync.Mutex
	// paths counts the paths of calls in flight; waiting, the calls
	// waiting on a batch. When they are equal, nothing else can happen
	// until a batch answers: the queued requests are sent.
	paths, waiting int
	agents         []*Agent
	logMu          sync.Mutex
}

// Open starts the batch calls of a run into the folder dir, with paths
// paths of calls in flight at first (the run's workers). It reads the
// journal of an earlier run in dir unless fresh. log, if not nil, gets a
// line for each batch sent and each change of a batch's state. Background
// work stops when ctx is done or at Close.
func Open(ctx context.Context, dir string, fresh bool, paths int, log io.Writer) (*Run, error) {
	j, gone, err := openJournal(dir, fresh)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithCancel(ctx)
	if log == nil {
		log = io.Discard
	}
	r := &Run{ctx: ctx, cancel: cancel, jour: j, log: log, paths: paths}
	if n := len(gone); n > 0 {
		shown := gone[:min(n, 5)]
		more := ""
		if n > len(shown) {
			more = fmt.Sprintf(" and %d more", n-len(shown))
		}
		r.logf("batch files: --fresh discards the journal of %d uploads whose files may still be on the provider, which no run will delete now: %s%s", n, strings.Join(shown, ", "), more)
	}
	return r, nil
}

// Close stops the background work and closes the journal.
func (r *Run) Close() error {
	r.cancel()
	r.wg.Wait()
	return r.jour.close()
}

// Wrap returns a batch agent for a, named name, if a can be batched
// (Capable) and its settings ask for it or all is set; else a itself.
func (r *Run) Wrap(a agents.Agent, name string, all bool) agents.Agent {
	if !Batched(a, all) {
		return a
	}
	return r.adopt(a.(Capable), name)
}

// adopt makes the batch agent of c, named name, in the run.
func (r *Run) adopt(c Capable, name string) *Agent {
	api, s, _ := c.Batching()
	b := &Agent{run: r, inner: c, api: api, s: s, name: name,
		calls: map[string]*call{}, earlier: r.jour.earlier(name), held: map[ref][]*call{}, making: map[string]*making{}}
	r.mu.Lock()
	r.agents = append(r.agents, b)
	r.mu.Unlock()
	return b
}

// Batched reports whether Wrap batches a.
func Batched(a agents.Agent, all bool) bool {
	c, ok := a.(Capable)
	if !ok {
		return false
	}
	_, _, on := c.Batching()
	return on || all
}

// Enter tells r that a path of calls starts: a seat of a simultaneous
// turn. Enter the new paths before the one that forks them leaves.
func (r *Run) Enter() {
	r.mu.Lock()
	r.paths++
	r.mu.Unlock()
}

// Leave tells r that a path of calls ends: a worker with no episode left,
// or a seat of a simultaneous turn that has its answer.
func (r *Run) Leave() {
	r.mu.Lock()
	r.paths--
	r.check()
	r.mu.Unlock()
}

// check sends what waits once every path waits on a batch. r.mu is held.
func (r *Run) check() {
	if r.waiting < r.paths || r.waiting == 0 {
		return
	}
	for _, a := range r.agents {
		a.flush()
	}
}

// logf writes a line of progress.
func (r *Run) logf(format string, args ...any) {
	r.logMu.Lock()
	defer r.logMu.Unlock()
	fmt.Fprintf(r.log, "moot: "+format+"\n", args...)
}
