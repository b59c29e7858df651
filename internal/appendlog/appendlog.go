// Package appendlog appends whole lines to a log that must stay readable
// after any failure: each line is written with one write and synced to
// disk before Append returns, and a line whose write or sync fails is cut
// off again, so that the next line never follows a torn one (a disk full
// may take part of a line; a shorter line written over its place would
// leave the rest of it as a line of its own).
package appendlog

import (
	"errors"
	"fmt"
	"io"
	"os"
)

// ErrTorn is wrapped by Append's error once a failed line could not be cut
// off: the log may end in a torn line and takes no more lines. Its reader
// drops a torn last line.
var ErrTorn = errors.New("may end in a torn line")

// Log appends lines to a file.
type Log struct {
	f file
	// end is the offset past the last whole line.
	end int64
	// torn is set when a failed line could not be cut off.
	torn error
}

// file is what Log needs of an *os.File.
type file interface {
	io.WriteSeeker
	Sync() error
	Truncate(size int64) error
	Name() string
	Close() error
}

// New appends to f, whose whole lines end at end; f is at end, or opened
// to append.
func New(f *os.File, end int64) *Log { return &Log{f: f, end: end} }

// Append writes line, which ends in a newline, and syncs it to disk. Where
// that fails, the line is cut off again; where the cut fails too, the
// error wraps ErrTorn, and so does that of every later Append.
func (l *Log) Append(line []byte) error {
	if l.torn != nil {
		return l.torn
	}
	_, err := l.f.Write(line)
	if err == nil {
		err = l.f.Sync()
	}
	if err == nil {
		l.end += int64(len(line))
		return nil
	}
	cut := l.f.Truncate(l.end)
	if cut == nil {
		_, cut = l.f.Seek(l.end, io.SeekStart)
	}
	if cut != nil {
		// What was written of the line may stay: it stays last, where
		// the log's reader drops a torn line.
		l.torn = fmt.Errorf("%s %w (%v): it takes no more lines", l.f.Name(), ErrTorn, cut)
		// One line, the failure first (errors.Join would put the torn
		// log on a line of its own, away from what a caller adds).
		return fmt.Errorf("%w; %w", err, l.torn)
	}
	return err
}

// Close closes the file.
func (l *Log) Close() error { return l.f.Close() }
