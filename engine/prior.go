package engine

import (
	"errors"
	"os"
	"path/filepath"
)

// Prior says what an earlier run of x into dir did: the episodes of x's
// plan it finished, in all and by protocol (Done), and what the calls of
// every record it logged cost (failed episodes' too). Both are 0 when dir
// holds no log; a log of another experiment is ErrForeignRun, as a run
// into dir would say.
func (x *Experiment) Prior(dir string) (done Done, spentUSD float64, err error) {
	l := &episodeLog{path: filepath.Join(dir, TranscriptsFile), prior: map[int]span{}}
	if fi, err := os.Stat(l.path); errors.Is(err, os.ErrNotExist) || err == nil && fi.Size() == 0 {
		return nil, 0, nil // no log, or an empty one: a fresh run's, as openLog takes it
	} else if err != nil {
		return nil, 0, err
	}
	if err := checkLock(dir, x); err != nil {
		return nil, 0, err // another experiment's run: the run says so too
	}
	// Read as the run will read it on resuming (readPrior).
	plan := x.planned()
	if _, err := l.readPrior(planIndex(plan)); err != nil {
		return nil, 0, err
	}
	done = Done{}
	for i := range l.prior {
		done[plan.slots[i%len(plan.slots)].protocol.Label]++
	}
	return done, l.spentUSD, nil
}

// Done is what an earlier run into a folder finished of its plan: how many
// of each protocol's episodes, by label (nil: none).
type Done map[string]int

// Episodes is how many episodes were finished in all.
func (d Done) Episodes() int {
	n := 0
	for _, k := range d {
		n += k
	}
	return n
}

// Add is d with e's episodes added: the seeds of a replicated run.
func (d Done) Add(e Done) Done {
	out := Done{}
	for _, m := range []Done{d, e} {
		for l, n := range m {
			out[l] += n
		}
	}
	return out
}
