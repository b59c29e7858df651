// Package syncbuf holds writers that goroutines may share: a stream that
// takes one write at a time (a run's stderr, which progress lines, batch
// logs and the stop message write from goroutines of their own), and a
// buffer that goroutines write while another reads it (the log of a run
// that a test reads as the run goes).
package syncbuf

import (
	"bytes"
	"io"
	"sync"
)

// Writer takes one write at a time to W: W need not be safe for
// concurrent writes (a test's buffer is not; an *os.File is).
type Writer struct {
	mu sync.Mutex
	W  io.Writer
}

func (l *Writer) Write(p []byte) (int, error) { return l.write(l.W, p) }

// write writes p to w under the lock.
func (l *Writer) write(w io.Writer, p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return w.Write(p)
}

// Buffer is a bytes.Buffer safe for concurrent writes and reads. Its zero
// value is empty and ready to use.
type Buffer struct {
	lock Writer
	b    bytes.Buffer
}

func (b *Buffer) Write(p []byte) (int, error) { return b.lock.write(&b.b, p) }

// String returns what has been written so far.
func (b *Buffer) String() string {
	b.lock.mu.Lock()
	defer b.lock.mu.Unlock()
	return b.b.String()
}
