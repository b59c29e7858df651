package engine

import (
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
	"github.com/mootlab/moot/internal/atomicfile"
	"github.com/mootlab/moot/report"
	"github.com/mootlab/moot/transcript"
)

// Output file names of a run.
const (
	TranscriptsFile = transcript.FileName
	SummaryFile     = report.SummaryFile
	TableMarkdown   = "table.md"
	TableCSV        = "table.csv"
	LockFile        = "config.lock.yaml"
	ReportFile      = report.ReportFile
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
	// Stop, when closed, stops the run from starting episodes; those in
	// flight finish unless ctx is cancelled.
	Stop <-chan struct{}
	// Fresh discards an earlier run in Out instead of resuming it.
	Fresh bool
	// OnEpisode, if not nil, is called with each episode as it is
	// counted — resumed ones first among them — one call at a time, for a
	// progress display. It must not keep ep.
	OnEpisode func(ep *transcript.Episode, resumed bool)
}

// Result is what a run produced.
type Result struct {
	Summary analysis.Summary
	Failed  int
	// Resumed counts the episodes taken from an earlier run in the folder.
	Resumed int
	// DroppedPartialLine is set when the earlier run's log ended in a line
	// cut short, which was dropped and its episode played again.
	DroppedPartialLine bool
}

// Reasons a run stops before its plan is done. Each is returned with the
// run's result, whose summary is marked partial.
var (
	ErrBudget          = errors.New("engine: budget reached")
	ErrTooManyFailures = errors.New("engine: too many failed episodes")
	// ErrInterrupted wraps context.Canceled, so that an interrupted run
	// exits 130.
	ErrInterrupted = fmt.Errorf("engine: interrupted: %w", context.Canceled)
)

// Run plays the planned episodes and writes the run's files to opts.Out:
// the lock file first, then each episode's transcript as it finishes, then
// the summary and tables.
//
// A run into a folder that holds an earlier run of the same experiment
// resumes it: finished episodes are kept, failed and missing ones played
// (through the cache, so that no paid call is repeated), and the log ends
// as that of a run never interrupted. With opts.Fresh the earlier run is
// discarded.
//
// When opts.Stop is closed, the run starts no more episodes and lets those
// in flight finish; cancelling ctx cuts them short. Either way, and when a
// budget or the failure limit stops it, Run writes the transcripts of the
// finished episodes and a summary marked partial, and returns the result
// with an error saying why.
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
	plan := x.Plan()
	log, err := openLog(opts.Out, x, plan, opts.Fresh)
	if err != nil {
		return nil, err
	}
	defer log.f.Close()
	if err := atomicfile.WriteBytes(filepath.Join(opts.Out, LockFile), lockData); err != nil {
		return nil, err
	}

	for _, a := range x.allAgents() {
		a.caller = a.Agent
		if opts.Cache != nil {
			a.caller = opts.Cache.Wrap(a.Agent, a.Backend+" "+a.Name)
		}
	}

	z := analysis.NewSummarizer(x.Name, x.Seed)
	stopProgress := startProgress(opts, len(plan), z)
	done, stop, err := x.playAll(ctx, plan, workers, opts.Stop, log, z, opts.OnEpisode)
	stopProgress()
	if cerr := log.close(); err == nil {
		err = cerr
	}
	if err != nil {
		return nil, err
	}
	if done == len(plan) && !log.ordered {
		if err := log.compact(plan); err != nil {
			return nil, err
		}
	}

	sum := z.Summary()
	if stop != nil {
		sum.Partial = fmt.Sprintf("%s after %d of %d episodes", x.stopReason(stop), done, len(plan))
	}
	if err := writeOutputs(opts.Out, sum); err != nil {
		return nil, err
	}
	if err := report.WriteFile(opts.Out); err != nil {
		return nil, fmt.Errorf("engine: report: %w", err)
	}
	res := &Result{Summary: sum, Failed: sum.Failed, Resumed: len(log.prior), DroppedPartialLine: log.dropped}
	if stop != nil {
		return res, fmt.Errorf("%w: %s", stop, sum.Partial)
	}
	return res, nil
}

// stopReason says in words why a run stopped early.
func (x *Experiment) stopReason(err error) string {
	switch {
	case errors.Is(err, ErrBudget):
		return fmt.Sprintf("budget of $%.2f reached", x.BudgetUSD)
	case errors.Is(err, ErrTooManyFailures):
		return fmt.Sprintf("more episodes failed than max_failures (%s) allows", x.MaxFailures)
	}
	return "interrupted"
}

// playAll plays the plan's episodes that the log does not hold yet on a
// pool of workers, appends each record to the log in plan order as soon as
// those before it are written, and adds every episode — earlier or new —
// to z. It starts no more episodes once stop is closed or ctx cancelled,
// or when the budget or the failure limit says so, and then returns the
// reason; records finished out of order are still written. It returns how
// many episodes of the plan are done.
func (x *Experiment) playAll(ctx context.Context, plan []Episode, workers int, stop <-chan struct{}, log *episodeLog, z *analysis.Summarizer, onEpisode func(*transcript.Episode, bool)) (int, error, error) {
	if onEpisode == nil {
		onEpisode = func(*transcript.Episode, bool) {}
	}
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
	halt := make(chan struct{}) // closed by the writer when too many episodes failed
	var reason error
	var reasonMu sync.Mutex
	stopWith := func(err error) {
		reasonMu.Lock()
		defer reasonMu.Unlock()
		if reason == nil {
			reason = err
		}
	}
	go func() {
		defer close(jobs)
		for i := range plan {
			if _, ok := log.prior[plan[i].ID]; ok {
				continue
			}
			select {
			case <-ctx.Done():
				stopWith(ErrInterrupted)
				return
			case <-stop:
				stopWith(ErrInterrupted)
				return
			case <-halt:
				return
			default:
			}
			if !spend.start() {
				stopWith(ErrBudget)
				return
			}
			select {
			case jobs <- i:
				continue
			case <-ctx.Done():
				stopWith(ErrInterrupted)
			case <-stop:
				stopWith(ErrInterrupted)
			case <-halt:
			}
			spend.cancel()
			return
		}
	}()
	go func() { wg.Wait(); close(results) }()

	failures, limit := 0, x.MaxFailures.limit(len(plan))
	pending := map[int]transcript.Episode{}
	next, written := 0, 0
	var writeErr error
	write := func(i int, rec *transcript.Episode) {
		if writeErr == nil {
			writeErr = log.append(rec)
		}
		if i != next {
			log.ordered = false
		}
		z.Add(rec)
		onEpisode(rec, false)
		written++
	}
	// advance writes what is due in plan order: earlier episodes from the
	// log and new ones that have finished.
	advance := func() {
		for next < len(plan) {
			if ep, ok := log.prior[plan[next].ID]; ok {
				z.Add(&ep)
				onEpisode(&ep, true)
				next++
				continue
			}
			rec, ok := pending[next]
			if !ok {
				return
			}
			delete(pending, next)
			write(next, &rec)
			next++
		}
	}
	syncTick := time.NewTicker(2 * time.Second)
	defer syncTick.Stop()
	advance()
	for results != nil {
		select {
		case d, ok := <-results:
			if !ok {
				results = nil
				break
			}
			spend.finish(&d.rec)
			if ctx.Err() != nil && d.rec.Error != "" {
				// Cut short by the interruption, not failed: played
				// again on resume.
				continue
			}
			// Failures count as they arrive, not as they are written:
			// the log waits for plan order, and the limit should not.
			if d.rec.Error != "" {
				failures++
				if failures == limit+1 {
					stopWith(ErrTooManyFailures)
					close(halt)
				}
			}
			pending[d.index] = d.rec
			advance()
		case <-syncTick.C:
			if err := log.sync(); writeErr == nil {
				writeErr = err
			}
		}
	}
	// Episodes that finished after one that did not: written out of plan
	// order, so that no finished work is lost.
	for i := range plan {
		if rec, ok := pending[i]; ok {
			write(i, &rec)
		}
	}
	if writeErr != nil {
		return next, nil, fmt.Errorf("engine: write transcripts: %w", writeErr)
	}
	doneCount := len(log.prior) + written
	return doneCount, reason, nil
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

// cancel gives back a start that was not used.
func (s *spending) cancel() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.inFlight--
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

// writeOutputs writes the summary and tables, each through a temporary
// file renamed into place, so that no file is ever half written.
func writeOutputs(dir string, sum analysis.Summary) error {
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
	}{{SummaryFile, js.Bytes()}, {TableMarkdown, md.Bytes()}, {TableCSV, csv.Bytes()}} {
		if err := atomicfile.WriteBytes(filepath.Join(dir, out.name), out.data); err != nil {
			return err
		}
	}
	return nil
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
