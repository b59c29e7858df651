package transcript

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"sync"
)

// scanBatch is the number of lines a ScanParallel worker decodes at a time.
const scanBatch = 256

// ScanParallel is Scan with the lines decoded on up to workers goroutines
// (0: GOMAXPROCS): fn is still called on the calling goroutine, with each
// episode in file order, and the file is never held whole — at most a few
// batches of lines per worker are in flight.
func ScanParallel(path string, workers int, fn func(*Episode) error) error {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	if workers == 1 {
		return Scan(path, fn)
	}
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()

	// decoded is one batch: its episodes, or the error of its first bad line.
	type decoded struct {
		eps []Episode
		err error
	}
	type batch struct {
		first int // the line number of lines[0]
		lines [][]byte
		out   chan decoded
	}
	jobs := make(chan batch)
	ordered := make(chan batch, 2*workers) // batches in file order
	done := make(chan struct{})
	var readErr error
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for b := range jobs {
				d := decoded{eps: make([]Episode, 0, len(b.lines))}
				for i, line := range b.lines {
					if len(bytes.TrimSpace(line)) == 0 {
						continue
					}
					d.eps = append(d.eps, Episode{})
					if err := json.Unmarshal(line, &d.eps[len(d.eps)-1]); err != nil {
						d.err = fmt.Errorf("%s:%d: not an episode record: %v", path, b.first+i, err)
						d.eps = d.eps[:len(d.eps)-1]
						break
					}
				}
				b.out <- d
			}
		}()
	}
	// The reader hands each batch to a worker and, in order, to the caller.
	go func() {
		defer close(ordered)
		defer close(jobs)
		r := bufio.NewReaderSize(f, 1<<16)
		next := 1
		for {
			b := batch{first: next, out: make(chan decoded, 1)}
			var err error
			for len(b.lines) < scanBatch {
				var line []byte
				line, err = r.ReadBytes('\n')
				if err != nil {
					break // a last line without its newline is dropped, as by Scan
				}
				b.lines = append(b.lines, line)
			}
			next += len(b.lines)
			if err != nil && !errors.Is(err, io.EOF) {
				readErr = err
			}
			if len(b.lines) > 0 {
				select {
				case ordered <- b:
				case <-done:
					return
				}
				select {
				case jobs <- b:
				case <-done:
					return
				}
			}
			if err != nil {
				return
			}
		}
	}()
	var scanErr error
	for b := range ordered {
		d := <-b.out
		for i := range d.eps {
			if err := fn(&d.eps[i]); err != nil {
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
