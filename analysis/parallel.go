package analysis

import (
	"runtime"
	"sync"
)

// finishWorkers bounds the goroutines that finish a Summary; 0 means
// GOMAXPROCS. Tests set it to 1 to check that the result does not depend
// on it.
var finishWorkers = 0

// inParallel runs the jobs on up to finishWorkers goroutines and returns
// when all are done. Each job writes only its own results, and each
// bootstrap and permutation test has its own seed, so the results are
// those of running the jobs one after another.
func inParallel(jobs []func()) {
	n := finishWorkers
	if n <= 0 {
		n = runtime.GOMAXPROCS(0)
	}
	n = min(n, len(jobs))
	if n <= 1 {
		for _, job := range jobs {
			job()
		}
		return
	}
	next := make(chan func())
	var wg sync.WaitGroup
	for range n {
		wg.Go(func() {
			for job := range next {
				job()
			}
		})
	}
	for _, job := range jobs {
		next <- job
	}
	close(next)
	wg.Wait()
}
