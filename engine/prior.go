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
		return Done{}, 0, nil // no log, or an empty one: a fresh run's, as openLog takes it
	} else if err != nil {
		return Done{}, 0, err
	}
	if err := checkLock(dir, x); err != nil {
		return Done{}, 0, err // another experiment's run: the run says so too
	}
	// Read as the run will read it on resuming (readPrior).
	plan := x.planned()
	if _, err := l.readPrior(planIndex(plan)); err != nil {
		return Done{}, 0, err
	}
	done = Done{Episodes: len(l.prior), ByProtocol: map[string]int{}}
	for i := range l.prior {
		done.ByProtocol[plan.slots[i%len(plan.slots)].protocol.Label]++
	}
	return done, l.spentUSD, nil
}

// Done is what an earlier run into a folder finished of its plan: its
// episodes, and how many of each protocol's, by label.
type Done struct {
	Episodes   int
	ByProtocol map[string]int
}

// Add is d with e's episodes added: the seeds of a replicated run.
func (d Done) Add(e Done) Done {
	out := Done{Episodes: d.Episodes + e.Episodes, ByProtocol: map[string]int{}}
	for _, m := range []map[string]int{d.ByProtocol, e.ByProtocol} {
		for l, n := range m {
			out.ByProtocol[l] += n
		}
	}
	return out
}
