package engine

import (
	"slices"
	"time"

	"github.com/mootlab/moot/transcript"
)

// handOff hands finished records to the sinks in plan order.
type handOff struct {
	r       *runner
	halt    func(error)
	pending map[int]finished
	// waiting are the items put in pending since the last sync tick, and
	// older those put there in the tick before: those of older still
	// pending at a tick have waited a whole tick, and are kept.
	waiting, older []int
	next           int // the first item not handed on
	done           int
	left           int // of done: earlier failures not played again
	failed         int // of done: failed records, left ones included
	unordered      bool
	err            error // the first sink error
}

// collect receives records until the workers are done, then hands on
// those that finished after one that did not.
func (h *handOff) collect(results <-chan finished, every time.Duration) {
	if every == 0 {
		every = syncEvery
	}
	syncTick := time.NewTicker(every)
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
				h.pending[d.index] = d
				h.advance()
				if _, ok := h.pending[d.index]; ok {
					h.waiting = append(h.waiting, d.index)
				}
			}
			if len(results) == 0 {
				h.flush()
			}
		case <-syncTick.C:
			h.keepWaiting()
			h.sync()
		}
	}
	for i := h.next; i < h.r.n; i++ {
		if d, ok := h.pending[i]; ok {
			h.unordered = true
			h.handNew(&d)
		} else if h.isPrior(i) {
			h.handEarlier(i, h.r.prior)
		} else if h.handEarlier(i, h.r.priorFailure) {
			h.left++
		}
	}
	h.flush()
}

// advance hands on what is due in plan order: records of an earlier run
// and new ones that have finished.
func (h *handOff) advance() {
	for h.next < h.r.n {
		if h.isPrior(h.next) {
			h.handEarlier(h.next, h.r.prior)
		} else if d, ok := h.pending[h.next]; ok {
			delete(h.pending, h.next)
			h.handNew(&d)
		} else {
			return
		}
		h.next++
	}
}

func (h *handOff) isPrior(i int) bool { return h.r.resumed != nil && h.r.resumed(i) }

// keepWaiting gives the keepers the records that have waited a whole sync
// tick behind an earlier item still in play, in plan order.
func (h *handOff) keepWaiting() {
	slices.Sort(h.older)
	for _, i := range h.older {
		d, ok := h.pending[i]
		if !ok || d.kept || h.err != nil {
			continue
		}
		var line []byte
		if d.line != nil {
			line = d.line.Bytes()
		}
		eachSink(h, func(k keeper) error { return k.Keep(&d.rec, line) })
		d.kept = true
		h.pending[i] = d
	}
	h.older, h.waiting = h.waiting, h.older[:0]
}

// handEarlier hands on, as resumed, item i's record of an earlier run
// that read reads (nil: none), and says whether there was one. A success
// of an earlier run is handed in its place in plan order (prior); a
// failure only where the run stopped before playing it again
// (priorFailure), since the log still holds it and counts it failed, so
// the summary does too. An error reading it stops the run, as a sink's
// does.
func (h *handOff) handEarlier(i int, read func(int) (*transcript.Episode, error)) bool {
	if h.err != nil || read == nil {
		return false
	}
	rec, err := read(i)
	if err != nil {
		h.err = err
		h.halt(err)
		return false
	}
	if rec == nil {
		return false
	}
	h.hand(rec, true, nil, false)
	return true
}

// handNew hands on a record played in this run, and frees its line.
func (h *handOff) handNew(d *finished) {
	var line []byte
	if d.line != nil {
		line = d.line.Bytes()
	}
	h.hand(&d.rec, false, line, d.kept)
	if d.line != nil {
		putLine(d.line)
	}
}

// hand gives one record to every sink, with its line, if encoded, to
// those that take it, and not to the keepers if they have it (kept);
// after a sink's error, it gives nothing more and stops the run.
func (h *handOff) hand(rec *transcript.Episode, resumed bool, line []byte, kept bool) {
	if h.err != nil {
		return
	}
	for _, s := range h.r.sinks {
		if _, ok := s.(keeper); ok && kept {
			continue
		}
		var err error
		if ls, ok := s.(lineSink); ok && line != nil {
			err = ls.EpisodeLine(rec, line)
		} else {
			err = s.Episode(rec, resumed)
		}
		if err != nil {
			h.err = err
			h.halt(err)
			return
		}
	}
	h.done++
	if rec.Error != "" {
		h.failed++
	}
}

// syncer is a sink that flushes to disk on the runner's timer.
type syncer interface{ Sync() error }

func (h *handOff) flush() { eachSink(h, func(f flusher) error { return f.Flush() }) }

func (h *handOff) sync() { eachSink(h, func(y syncer) error { return y.Sync() }) }

// eachSink calls do on every sink that is an S, in order, until one fails:
// the first error halts the run.
func eachSink[S any](h *handOff, do func(S) error) {
	for _, s := range h.r.sinks {
		if x, ok := s.(S); ok && h.err == nil {
			if err := do(x); err != nil {
				h.err = err
				h.halt(err)
			}
		}
	}
}
