package engine

import (
	"bytes"
	"context"
	"errors"
	"runtime"
	"sync"
	"sync/atomic"
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
	// resumed, if not nil, says whether item i has a record kept from an
	// earlier run, which prior reads: it is handed on as resumed, not
	// played.
	resumed func(i int) bool
	prior   func(i int) (*transcript.Episode, error)
	// priorFailure, if not nil, reads item i's failed record of an
	// earlier run, nil if it has none: the item is played again, and a
	// run stopped before it ends hands that record on as resumed, since
	// the log still holds it.
	priorFailure func(i int) (*transcript.Episode, error)
	policies     []Policy
	watchers     []Watcher
	sinks        []Sink
	// encode, if not nil, encodes a finished record's line in the worker
	// that played it, for the sinks that take lines (lineSink).
	encode func(rec *transcript.Episode) *bytes.Buffer
	// stop, when closed, stops the runner from starting items.
	stop <-chan struct{}
	// leave, if not nil, is called as each worker stops: it takes no
	// more items (batch.Run.Leave).
	leave func()
	// shape, if not nil, says which items make about as many calls as
	// each other: those of one protocol (priority.go). Nil: all.
	shape func(i int) int
	// partial, if set, says why the plan itself is partial, however the
	// run ends: a rejudge of a run that stopped early.
	partial string
	// grace is how long items in flight may go on once an endpoint down
	// stops the run (ErrEndpointDown); then they are cut short, to be
	// played again on resume. Zero cuts them at once.
	grace time.Duration
	// onCut, if not nil, is told when an endpoint down starts the grace
	// period, with why: a display says what the run waits for.
	onCut func(reason error, grace time.Duration)
	// syncEvery, if not zero, stands for the constant of that name (tests).
	syncEvery time.Duration
}

// DefaultGrace is how long episodes in flight may finish once a run
// stops — on Ctrl-C, or because an endpoint is down — before they are
// cut short.
const DefaultGrace = 10 * time.Second

// runEnd is how a runner's run ended.
type runEnd struct {
	done int // records handed to the sinks, resumed ones included
	// left counts, of done, the failures of an earlier run that a run
	// stopped early handed on without playing them again.
	left int
	// failed counts, of done, the records of failed episodes, left ones
	// included: a resume plays them again, so they are not done.
	failed    int
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
	// line is the record encoded by runner.encode, or nil.
	line *bytes.Buffer
	// kept is set once the keepers have the record (handOff.keepWaiting).
	kept bool
}

// lineSink is a sink that takes a new record with its line encoded by the
// worker that played it, so that the one goroutine that hands records on
// only writes it.
type lineSink interface {
	EpisodeLine(rec *transcript.Episode, line []byte) error
}

// keeper is a sink that may take a record out of plan order: the
// transcript log, which is put in plan order when the plan is done. A
// record that has waited a whole sync tick behind an earlier one still in
// play is given to it then, so that a killed process loses no episode
// that finished more than two ticks before; it is not given the record
// again when its turn in plan order comes.
type keeper interface {
	Keep(rec *transcript.Episode, line []byte) error
}

// syncEvery is how often the runner has its sinks flush to disk, and
// keeps the records that wait behind an earlier one.
const syncEvery = 2 * time.Second

// flusher is a sink that holds what it is handed until Flush: the runner
// flushes it whenever no record waits to be handed on, so that under load
// it writes many records at once.
type flusher interface{ Flush() error }

// run plays the items that have no prior record and hands every record
// on. Workers take the next item themselves (schedule.take), so that the
// policies are asked in plan order; one goroutine, this one, hands
// records to the sinks. It returns a sink's error, if any.
func (r *runner) run(ctx context.Context) (runEnd, error) {
	// A call to an endpoint that is down waits out its timeout, and one
	// that probes it again and again would hold the run for every retry's:
	// once the run stops for an endpoint down, what is in flight has the
	// grace period to finish.
	ctx, cutAll := context.WithCancel(ctx)
	defer cutAll()
	var cut *time.Timer // set under the schedule's lock
	s := &schedule{r: r, stopping: func(reason error) {
		if errors.Is(reason, ErrEndpointDown) {
			cut = time.AfterFunc(r.grace, cutAll)
			if r.onCut != nil {
				r.onCut(reason, r.grace)
			}
		}
	}}
	s.wake = sync.NewCond(&s.mu)
	defer s.wakeOn(ctx)()
	defer func() {
		s.mu.Lock()
		if cut != nil {
			cut.Stop()
		}
		s.mu.Unlock()
	}()
	// Room for many records a worker: the goroutine that hands them on
	// shares the CPUs with the workers and may wait a scheduler slice
	// (10 ms) to run; with room for only one each, the workers would wait
	// for it instead of playing.
	results := make(chan finished, min(16*r.workers, 256))
	var wg sync.WaitGroup
	for range r.workers {
		wg.Go(func() {
			if r.leave != nil {
				defer r.leave()
			}
			for {
				i, ok := s.take(ctx)
				if !ok {
					return
				}
				item := s.item(i)
				d := finished{index: i, rec: r.play(item.context(ctx), i)}
				d.cut = ctx.Err() != nil && d.rec.Error != ""
				if d.cut {
					// The plan may have no item left to refuse: the
					// run stops all the same.
					s.halt(ErrInterrupted)
				} else {
					if d.rec.Error == "" {
						// A failed item stopped early: its calls
						// would understate its shape's.
						item.finished()
					}
					s.finished(&d.rec)
					if r.encode != nil {
						d.line = r.encode(&d.rec)
					}
				}
				if len(results) > cap(results)/2 {
					// Let the goroutine that hands records on run
					// before the buffer fills and the workers wait.
					runtime.Gosched()
				}
				results <- d
			}
		})
	}
	go func() { wg.Wait(); close(results) }()
	h := &handOff{r: r, halt: s.halt, pending: map[int]finished{}}
	h.collect(results, r.syncEvery)
	return runEnd{done: h.done, left: h.left, failed: h.failed, reason: s.reason, unordered: h.unordered}, h.err
}

// schedule gives out the items to play, in plan order, until the plan is
// done or something stops the run.
type schedule struct {
	r      *runner
	mu     sync.Mutex
	next   int
	reason error // the first reason to stop
	// stopping, if not nil, is told of the first reason to stop, under
	// the lock.
	stopping func(reason error)
	// drained is set once every item has been given out.
	drained atomic.Bool
	// shapes tally the calls of finished items by shape (priority.go).
	shapes shapeTallies
	// wake, on mu, wakes the workers a policy told to wait (errWait)
	// when an item finishes or the run stops.
	wake *sync.Cond
}

// errWait is what a policy's Start returns when the item may start once
// an item in flight has finished, but not now: the budget, whose
// reservations for the episodes in flight leave no room yet.
var errWait = errors.New("engine: wait for an episode in flight")

// wakeOn wakes the waiting workers when ctx is done or the runner is
// told to stop; the func it returns stops watching.
func (s *schedule) wakeOn(ctx context.Context) func() {
	done := make(chan struct{})
	go func() {
		select {
		case <-ctx.Done():
		case <-s.r.stop:
		case <-done:
			return
		}
		s.mu.Lock()
		s.wake.Broadcast()
		s.mu.Unlock()
	}()
	return func() { close(done) }
}

// start asks the policies, in order, whether the next item may start:
// the first refusal, errWait included.
func (s *schedule) start() error {
	for _, p := range s.r.policies {
		if err := p.Start(); err != nil {
			return err
		}
	}
	return nil
}

// take returns the next item to play, or false when there is none or the
// run is stopping.
func (s *schedule) take(ctx context.Context) (int, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for {
		s.skipPrior()
		if s.next == s.r.n || s.reason != nil {
			return s.refuse(nil)
		}
		select {
		case <-ctx.Done():
			return s.refuse(ErrInterrupted)
		case <-s.r.stop:
			return s.refuse(ErrInterrupted)
		default:
		}
		err := s.start()
		if err == nil {
			break
		}
		if !errors.Is(err, errWait) {
			return s.refuse(err)
		}
		// An episode in flight finishing, or the run stopping, wakes
		// it to look again.
		s.wake.Wait()
	}
	i := s.next
	s.next++
	s.skipPrior()
	if s.next == s.r.n {
		s.drain()
	}
	return i, true
}

// skipPrior moves next past the items that have a prior record.
func (s *schedule) skipPrior() {
	for s.next < s.r.n && s.isPrior(s.next) {
		s.next++
	}
}

// refuse starts nothing more, for reason if it is the first; the items in
// play are then the last.
func (s *schedule) refuse(reason error) (int, bool) {
	s.stop(reason)
	s.drain()
	return 0, false
}

// stop records reason as the reason to stop if it is the first, under
// the lock.
func (s *schedule) stop(reason error) {
	if s.reason != nil || reason == nil {
		return
	}
	s.reason = reason
	s.wake.Broadcast()
	if s.stopping != nil {
		s.stopping(reason)
	}
}

func (s *schedule) isPrior(i int) bool { return s.r.resumed != nil && s.r.resumed(i) }

// finished tells the policies of a finished record, under the lock, and
// then the watchers, outside it: the workers do not wait on one another
// for the progress display.
func (s *schedule) finished(rec *transcript.Episode) {
	s.mu.Lock()
	for _, p := range s.r.policies {
		if err := p.Finish(rec); err != nil {
			s.stop(err)
		}
	}
	s.wake.Broadcast()
	s.mu.Unlock()
	for _, w := range s.r.watchers {
		w.Played(rec)
	}
}

// halt stops the run from starting items, with err as its reason unless
// it has one already.
func (s *schedule) halt(err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.stop(err)
}

// lines are the buffers of encoded records, reused.
var lines = sync.Pool{New: func() any { return new(bytes.Buffer) }}

func getLine() *bytes.Buffer {
	b := lines.Get().(*bytes.Buffer)
	b.Reset()
	return b
}

func putLine(b *bytes.Buffer) {
	if b.Cap() <= 1<<20 {
		lines.Put(b)
	}
}
