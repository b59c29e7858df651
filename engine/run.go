package engine

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"time"

	"github.com/mootlab/moot/analysis"
	"github.com/mootlab/moot/cache"
	"github.com/mootlab/moot/transcript"
)

// Output file names of a run.
const (
	TranscriptsFile = "transcripts.jsonl"
	SummaryFile     = "summary.json"
	TableMarkdown   = "table.md"
	TableCSV        = "table.csv"
	LockFile        = "config.lock.yaml"
)

// Options control a run.
type Options struct {
	// Out is the run's folder; it is created if missing.
	Out string
	// Concurrency is the number of episodes played at once; 0 means the
	// number of CPUs.
	Concurrency int
	// Cache, if not nil, answers the calls of every agent that can be
	// cached (agents.Keyer) and stores their answers.
	Cache *cache.Store
	// Progress, if not nil, receives a line every ProgressEvery while the
	// run lasts: episodes done, failures, calls, retries, cost, rate.
	Progress      io.Writer
	ProgressEvery time.Duration
}

// Result is what a run produced.
type Result struct {
	Summary analysis.Summary
	Failed  int
}

// ErrBudget is returned, with the run's result, when the budget stopped a
// run before its plan was done.
var ErrBudget = errors.New("engine: budget reached")

// Run plays every planned episode and writes the run's files to opts.Out:
// transcripts in plan order, then the summary, tables and lock file. If ctx
// is cancelled, it stops starting episodes, writes the transcripts finished
// so far, and returns ctx's error without a summary.
func Run(ctx context.Context, x *Experiment, opts Options) (*Result, error) {
	workers := opts.Concurrency
	if workers <= 0 {
		workers = runtime.NumCPU()
	}
	if err := os.MkdirAll(opts.Out, 0o755); err != nil {
		return nil, err
	}
	lockData, err := x.Lock()
	if err != nil {
		return nil, err
	}
	f, err := os.Create(filepath.Join(opts.Out, TranscriptsFile))
	if err != nil {
		return nil, err
	}
	defer f.Close()

	for _, a := range x.Agents {
		a.caller = a.Agent
		if opts.Cache != nil {
			a.caller = opts.Cache.Wrap(a.Agent, a.Backend+" "+a.Name)
		}
	}

	plan := x.Plan()
	z := analysis.NewSummarizer(x.Name, x.Seed)
	stopProgress := startProgress(opts, len(plan), z)
	done, err := x.playAll(ctx, plan, workers, f, z)
	stopProgress()
	if err != nil {
		return nil, err
	}
	stopped := ""
	if done < len(plan) {
		stopped = fmt.Sprintf("budget of $%.2f reached after %d of %d episodes", x.BudgetUSD, done, len(plan))
	}
	if err := f.Close(); err != nil {
		return nil, err
	}

	sum := z.Summary()
	sum.Partial = stopped
	if err := writeOutputs(opts.Out, sum, lockData); err != nil {
		return nil, err
	}
	res := &Result{Summary: sum, Failed: sum.Failed}
	if stopped != "" {
		return res, fmt.Errorf("%w: %s", ErrBudget, stopped)
	}
	return res, nil
}

// playAll runs the plan on a pool of workers, writes each record to w in
// plan order and adds it to z; it keeps no record longer than it must wait
// for those before it. With a budget, it stops starting episodes once the
// next could take the cost past it. It returns how many episodes it
// finished: all those before the first it did not start.
func (x *Experiment) playAll(ctx context.Context, plan []Episode, workers int, w io.Writer, z *analysis.Summarizer) (int, error) {
	type done struct {
		index int
		rec   transcript.Episode
	}
	jobs := make(chan int)
	results := make(chan done, workers)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				results <- done{i, x.play(ctx, &plan[i])}
			}
		}()
	}
	spend := newSpending(x.BudgetUSD)
	go func() {
		defer close(jobs)
		for i := range plan {
			if !spend.start() {
				return
			}
			select {
			case jobs <- i:
			case <-ctx.Done():
				return
			}
		}
	}()
	go func() { wg.Wait(); close(results) }()

	bw := bufio.NewWriterSize(w, 1<<16)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	pending := map[int]transcript.Episode{}
	next := 0
	var writeErr error
	for d := range results {
		spend.finish(&d.rec)
		pending[d.index] = d.rec
		for {
			rec, ok := pending[next]
			if !ok {
				break
			}
			delete(pending, next)
			if writeErr == nil && (ctx.Err() == nil || rec.Error == "") {
				writeErr = enc.Encode(&rec)
			}
			z.Add(&rec)
			next++
		}
	}
	if err := bw.Flush(); writeErr == nil {
		writeErr = err
	}
	if writeErr != nil {
		return next, fmt.Errorf("engine: write transcripts: %w", writeErr)
	}
	if err := ctx.Err(); err != nil {
		return next, err
	}
	return next, nil
}

// spending keeps a run within its budget. Before an episode starts, it
// checks that the cost so far, plus the dearest episode yet for each
// episode in flight and the new one, stays within the budget.
type spending struct {
	mu       sync.Mutex
	budget   float64 // 0: no budget
	spent    float64
	dearest  float64
	inFlight int
}

func newSpending(budget float64) *spending { return &spending{budget: budget} }

func (s *spending) start() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.budget > 0 && s.spent+s.dearest*float64(s.inFlight+1) > s.budget {
		return false
	}
	s.inFlight++
	return true
}

func (s *spending) finish(rec *transcript.Episode) {
	cost := 0.0
	for _, m := range rec.Messages {
		cost += m.CostUSD
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.inFlight--
	s.spent += cost
	s.dearest = max(s.dearest, cost)
}

// writeOutputs writes the summary, tables and lock file, each through a
// temporary file renamed into place, so that no file is ever half written.
func writeOutputs(dir string, sum analysis.Summary, lockData []byte) error {
	var js bytes.Buffer
	enc := json.NewEncoder(&js)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(sum); err != nil {
		return err
	}
	var md, csv bytes.Buffer
	if err := analysis.WriteMarkdown(&md, sum); err != nil {
		return err
	}
	if err := analysis.WriteCSV(&csv, sum); err != nil {
		return err
	}
	for _, out := range []struct {
		name string
		data []byte
	}{{SummaryFile, js.Bytes()}, {TableMarkdown, md.Bytes()}, {TableCSV, csv.Bytes()}, {LockFile, lockData}} {
		if err := writeAtomic(filepath.Join(dir, out.name), out.data); err != nil {
			return err
		}
	}
	return nil
}

func writeAtomic(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// startProgress prints a progress line every opts.ProgressEvery until the
// returned function is called. It reads the summarizer's running counts.
func startProgress(opts Options, total int, z *analysis.Summarizer) (stop func()) {
	if opts.Progress == nil {
		return func() {}
	}
	every := opts.ProgressEvery
	if every <= 0 {
		every = 2 * time.Second
	}
	start := time.Now()
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
			}
			c := z.Counts()
			rate := float64(c.Episodes) / time.Since(start).Seconds()
			eta := "?"
			if rate > 0 {
				eta = (time.Duration(float64(total-c.Episodes)/rate) * time.Second).Round(time.Second).String()
			}
			fmt.Fprintf(opts.Progress, "moot: %d/%d episodes (%d failed), %d calls, %d retries, $%.4f, %.1f episodes/s, ETA %s\n",
				c.Episodes, total, c.Failed, c.Usage.Calls, c.Usage.Retries, c.Usage.CostUSD, rate, eta)
		}
	}()
	return func() { close(done); <-finished }
}
