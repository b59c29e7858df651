package engine

import (
	"context"
	"sync"
	"time"

	"github.com/mootlab/moot/transcript"
)

// runner plays the n items of a plan on a pool of workers and hands each
// finished record to its sinks in plan order. Run and Rejudge both use it.
type runner struct {
	n       int
	workers int
	// play plays item i; it is called concurrently.
	play func(ctx context.Context, i int) transcript.Episode
	// prior, if not nil, returns the record of item i kept from an
	// earlier run: it is handed on as resumed, not played.
	prior    func(i int) (*transcript.Episode, bool)
	policies []Policy
	sinks    []Sink
	// stop, when closed, stops the runner from starting items.
	stop <-chan struct{}
}

// runEnd is how a runner's run ended.
type runEnd struct {
	done      int   // records handed to the sinks, resumed ones included
	reason    error // why the run stopped early; nil when it did not
	unordered bool  // some records were handed on out of plan order
}

// finished is a record played by a worker.
type finished struct {
	index int
	rec   transcript.Episode
	// cut is set when the run's context cut the episode short: it is
	// not a failure, and it is played again on resume.
	cut bool
}

// run plays the items that have no prior record and hands every record
// on. Workers take the next item themselves (schedule.take), so that the
// policies are asked in plan order; one goroutine, this one, hands
// records to the sinks. It returns a sink's error, if any.
func (r *runner) run(ctx context.Context) (runEnd, error) {
	s := &schedule{r: r}
	results := make(chan finished, r.workers)
	var wg sync.WaitGroup
	for range r.workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i, ok := s.take(ctx)
				if !ok {
					return
				}
				d := finished{index: i, rec: r.play(ctx, i)}
				d.cut = ctx.Err() != nil && d.rec.Error != ""
				if !d.cut {
					s.finished(&d.rec)
				}
				results <- d
			}
		}()
	}
	go func() { wg.Wait(); close(results) }()
	h := &handOff{r: r, halt: s.halt, pending: map[int]transcript.Episode{}}
	h.collect(results)
	return runEnd{done: h.done, reason: s.reason, unordered: h.unordered}, h.err
}

// schedule gives out the items to play, in plan order, until the plan is
// done or something stops the run.
type schedule struct {
	r      *runner
	mu     sync.Mutex
	next   int
	reason error // the first reason to stop
}

// take returns the next item to play, or false when there is none or the
// run is stopping.
func (s *schedule) take(ctx context.Context) (int, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for s.next < s.r.n && s.isPrior(s.next) {
		s.next++
	}
	if s.next == s.r.n || s.reason != nil {
		return 0, false
	}
	select {
	case <-ctx.Done():
		s.reason = ErrInterrupted
		return 0, false
	case <-s.r.stop:
		s.reason = ErrInterrupted
		return 0, false
	default:
	}
	for _, p := range s.r.policies {
		if err := p.Start(); err != nil {
			s.reason = err
			return 0, false
		}
	}
	s.next++
	return s.next - 1, true
}

func (s *schedule) isPrior(i int) bool {
	if s.r.prior == nil {
		return false
	}
	_, ok := s.r.prior(i)
	return ok
}

// finished tells the policies of a finished record.
func (s *schedule) finished(rec *transcript.Episode) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, p := range s.r.policies {
		if err := p.Finish(rec); err != nil && s.reason == nil {
			s.reason = err
		}
	}
}

// halt stops the run from starting items, with err as its reason unless
// it has one already.
func (s *schedule) halt(err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.reason == nil {
		s.reason = err
	}
}

// handOff hands finished records to the sinks in plan order.
type handOff struct {
	r         *runner
	halt      func(error)
	pending   map[int]transcript.Episode
	next      int // the first item not handed on
	done      int
	unordered bool
	err       error // the first sink error
}

// collect receives records until the workers are done, then hands on
// those that finished after one that did not.
func (h *handOff) collect(results <-chan finished) {
	syncTick := time.NewTicker(2 * time.Second)
	defer syncTick.Stop()
	h.advance()
	for results != nil {
		select {
		case d, ok := <-results:
			if !ok {
				results = nil
				break
			}
			if !d.cut {
				h.pending[d.index] = d.rec
				h.advance()
			}
		case <-syncTick.C:
			h.sync()
		}
	}
	for i := h.next; i < h.r.n; i++ {
		if rec, ok := h.pending[i]; ok {
			h.unordered = true
			h.hand(&rec, false)
		} else if rec, ok := h.priorOf(i); ok {
			h.hand(rec, true)
		}
	}
}

// advance hands on what is due in plan order: records of an earlier run
// and new ones that have finished.
func (h *handOff) advance() {
	for h.next < h.r.n {
		if rec, ok := h.priorOf(h.next); ok {
			h.hand(rec, true)
		} else if rec, ok := h.pending[h.next]; ok {
			delete(h.pending, h.next)
			h.hand(&rec, false)
		} else {
			return
		}
		h.next++
	}
}

func (h *handOff) priorOf(i int) (*transcript.Episode, bool) {
	if h.r.prior == nil {
		return nil, false
	}
	return h.r.prior(i)
}

// hand gives one record to every sink; after a sink's error, it gives
// nothing more and stops the run.
func (h *handOff) hand(rec *transcript.Episode, resumed bool) {
	if h.err != nil {
		return
	}
	for _, s := range h.r.sinks {
		if err := s.Episode(rec, resumed); err != nil {
			h.err = err
			h.halt(err)
			return
		}
	}
	h.done++
}

// syncer is a sink that flushes to disk on the runner's timer.
type syncer interface{ Sync() error }

func (h *handOff) sync() {
	for _, s := range h.r.sinks {
		if y, ok := s.(syncer); ok && h.err == nil {
			if err := y.Sync(); err != nil {
				h.err = err
				h.halt(err)
			}
		}
	}
}
