package engine

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"sync"

	"github.com/mootlab/moot/analysis"
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
}

// Result is what a run produced.
type Result struct {
	Summary analysis.Summary
	Failed  int
}

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

	plan := x.Plan()
	records, err := x.playAll(ctx, plan, workers, f)
	if err != nil {
		return nil, err
	}
	if err := f.Close(); err != nil {
		return nil, err
	}

	sum := analysis.Summarize(x.Name, x.Seed, records)
	if err := writeOutputs(opts.Out, sum, lockData); err != nil {
		return nil, err
	}
	return &Result{Summary: sum, Failed: sum.Failed}, nil
}

// playAll runs the plan on a pool of workers and writes each record to w in
// plan order. It returns the records without their messages, which analysis
// does not need.
func (x *Experiment) playAll(ctx context.Context, plan []Episode, workers int, w io.Writer) ([]transcript.Episode, error) {
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
	go func() {
		defer close(jobs)
		for i := range plan {
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
	records := make([]transcript.Episode, len(plan))
	pending := map[int]transcript.Episode{}
	next := 0
	var writeErr error
	for d := range results {
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
			rec.Messages = nil
			records[next] = rec
			next++
		}
	}
	if err := bw.Flush(); writeErr == nil {
		writeErr = err
	}
	if writeErr != nil {
		return nil, fmt.Errorf("engine: write transcripts: %w", writeErr)
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return records, nil
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
