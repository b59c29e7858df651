package transcript

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"os"
	"runtime"
	"sync"
)

// scanBatch is the number of lines a ScanParallel worker decodes at a time.
// A few batches a worker are in flight, lines and decoded records both, so
// this sets the scan's memory: 64 lines of a debate's record (2–3 KB each)
// keep a report's peak heap at 20,000 episodes within 1.2× of that at 2,000
// (256 made it 1.3–1.7×), at no cost in speed measured (BenchmarkExport100k).
const scanBatch = 64

// ScanParallel is Scan with the lines decoded on up to workers goroutines
// (0: GOMAXPROCS): fn is still called on the calling goroutine, with each
// episode in file order, and the file is never held whole — at most a few
// batches of lines per worker are in flight.
func ScanParallel(path string, workers int, fn func(*Episode) error) error {
	return ScanMap(path, workers, func(ep *Episode) (*Episode, error) { return ep, nil }, fn)
}

// ScanMap is ScanParallel with work moved onto the workers: each episode
// is decoded and passed to mapFn on a worker goroutine, and fn is called
// on the calling goroutine with mapFn's results in file order. mapFn must
// be safe to call concurrently; it may keep ep. The first error in file
// order — a line that is not an episode, mapFn's or fn's — stops the scan
// and is returned, as by Scan. With one worker it is Scan.
func ScanMap[T any](path string, workers int, mapFn func(ep *Episode) (T, error), fn func(T) error) error {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	if workers == 1 {
		return Scan(path, func(ep *Episode) error {
			t, err := mapFn(ep)
			if err != nil {
				return err
			}
			return fn(t)
		})
	}
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()

	jobs := make(chan lineBatch[T])
	ordered := make(chan lineBatch[T], 2*workers) // batches in file order
	done := make(chan struct{})
	var readErr error
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for b := range jobs {
				b.out <- mapBatch(path, b.first, b.lines, mapFn)
			}
		})
	}
	go func() {
		defer close(ordered)
		defer close(jobs)
		readErr = readBatches(f, ordered, jobs, done)
	}()
	var scanErr error
	for b := range ordered {
		d := <-b.out
		for _, t := range d.out {
			if err := fn(t); err != nil {
				scanErr = err
				break
			}
		}
		if scanErr == nil {
			scanErr = d.err
		}
		if scanErr != nil {
			break
		}
	}
	close(done)
	for range ordered { // let the reader finish
	}
	wg.Wait()
	if scanErr != nil {
		return scanErr
	}
	return readErr
}

// lineBatch is a batch of lines on its way to a worker, and the channel
// its results come back on.
type lineBatch[T any] struct {
	first int // the line number of lines[0]
	lines [][]byte
	out   chan mapped[T]
}

// readBatches reads f in batches of scanBatch lines and hands each to
// ordered, in file order, and to a worker through jobs, until the end of
// the file or done; it returns a read error other than io.EOF. A last
// line without its newline is dropped, as by Scan.
func readBatches[T any](f io.Reader, ordered, jobs chan<- lineBatch[T], done <-chan struct{}) error {
	r := bufio.NewReaderSize(f, 1<<16)
	next := 1
	for {
		b := lineBatch[T]{first: next, out: make(chan mapped[T], 1)}
		var err error
		for len(b.lines) < scanBatch {
			var line []byte
			if line, err = r.ReadBytes('\n'); err != nil {
				break
			}
			b.lines = append(b.lines, line)
		}
		next += len(b.lines)
		if len(b.lines) > 0 {
			select {
			case ordered <- b:
			case <-done:
				return nil
			}
			select {
			case jobs <- b:
			case <-done:
				return nil
			}
		}
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

// mapped is one batch's results, or the error of its first bad line or
// failed mapFn.
type mapped[T any] struct {
	out []T
	err error
}

// mapBatch decodes a batch of lines, the first numbered first, and maps
// each episode; it stops at the first line that is not an episode or the
// first error of mapFn.
func mapBatch[T any](path string, first int, lines [][]byte, mapFn func(*Episode) (T, error)) (d mapped[T]) {
	d.out = make([]T, 0, len(lines))
	for i, line := range lines {
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		ep := new(Episode)
		if err := decodeEpisode(line, ep); err != nil {
			d.err = &RecordError{Path: path, Line: first + i, Err: err}
			return d
		}
		t, err := mapFn(ep)
		if err != nil {
			d.err = err
			return d
		}
		d.out = append(d.out, t)
	}
	return d
}
