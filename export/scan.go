package export

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/mootlab/moot/internal/inputerr"
	"github.com/mootlab/moot/internal/noun"
	"github.com/mootlab/moot/transcript"
)

// ErrBadRecord is wrapped by the error of a line of a transcript log that
// is not an episode record (a line cut in the middle of the file, a field
// of the wrong type): the input is at fault, not the export. It is
// inputerr.ErrBadInput, which moot exits 2 for.
var ErrBadRecord = inputerr.ErrBadInput

// recordError is a line of a transcript log that is not an episode
// record; its message, the scan's, names the file and the line.
type recordError struct{ err error }

func (e *recordError) Error() string   { return e.err.Error() }
func (e *recordError) Unwrap() []error { return []error{ErrBadRecord, e.err} }

// ownError is an error of the export's own work during a scan (writing),
// kept apart from the scan's errors about the log.
type ownError struct{ err error }

func (e ownError) Error() string { return e.err.Error() }

// scanLog is transcript.ScanMap over the log at path that tells what
// went wrong apart: a line that is not an episode record is a
// recordError; mapFn's and fn's errors, and errors reading the file, are
// returned as they are. It warns, through warn if not nil, of a last
// line cut short (no newline), which the scan leaves out, and returns the
// number of episodes.
func scanLog[T any](path string, warn func(string), mapFn func(*transcript.Episode) (T, error), fn func(T) error) (int, error) {
	cut, err := lastLineCut(path)
	if err != nil {
		return 0, err
	}
	if cut && warn != nil {
		warn(fmt.Sprintf("%s: its last line has no newline (a run still writing, or killed mid-record): that record is left out", path))
	}
	stale := superseded(path)
	if len(stale) > 0 && warn != nil {
		warn(fmt.Sprintf("%s: %s of episodes played again later in the log (a run not done) left out: only the last record of each is exported", path, noun.Count(len(stale), "record")))
	}
	n := 0
	err = transcript.ScanMap(path, scanWorkers, func(ep *transcript.Episode) (T, error) {
		t, err := mapFn(ep)
		if err != nil {
			return t, ownError{err}
		}
		return t, nil
	}, transcript.SkipStale(stale, func(t T) error {
		n++
		if err := fn(t); err != nil {
			return ownError{err}
		}
		return nil
	}))
	var own ownError
	var pathErr *fs.PathError
	switch {
	case err == nil:
		if status, counted := runSummary(filepath.Dir(path)); status == "success" && counted > 0 && warn != nil {
			if err := transcript.Miscounted(path, n, counted); err != nil {
				warn(path + ": " + err.Error() + "; exported as it stands")
			}
		}
		return n, nil
	case errors.As(err, &own):
		return n, own.err
	case errors.As(err, &pathErr):
		return n, err
	}
	return n, &recordError{err}
}

// superseded is transcript.Superseded of the log at path where its run
// is not done: a done run's log holds one record an episode. None where
// the log cannot be read (the export's own scan then says why).
func superseded(path string) map[int]bool {
	if runStatus(filepath.Dir(path)) == "success" {
		return nil
	}
	stale, _ := transcript.Superseded(path)
	return stale
}

// lastLineCut says whether the file at path ends in a line without its
// newline that holds more than white space: a record being written, or
// cut when its writer was killed, which the scan leaves out.
func lastLineCut(path string) (bool, error) {
	f, err := os.Open(path)
	if err != nil {
		return false, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return false, err
	}
	buf := make([]byte, 4096)
	for end := info.Size(); end > 0; {
		start := max(end-int64(len(buf)), 0)
		chunk := buf[:end-start]
		if _, err := f.ReadAt(chunk, start); err != nil {
			return false, err
		}
		for i := len(chunk) - 1; i >= 0; i-- {
			switch chunk[i] {
			case '\n':
				return false, nil
			case ' ', '\t', '\r':
			default:
				return true, nil
			}
		}
		end = start
	}
	return false, nil
}

// warnEmpty warns, through warn if not nil, that the log at path holds
// no episode.
func warnEmpty(warn func(string), path, what string) {
	if warn != nil {
		warn(fmt.Sprintf("%s holds no episodes: %s", path, what))
	}
}

// makeDir makes the folder dir and those above it that do not exist yet,
// and returns a func that removes the ones it made, each if still empty:
// an export that fails leaves no folder behind.
func makeDir(dir string) (undo func(), err error) {
	var made []string // deepest first
	for d := filepath.Clean(dir); ; d = filepath.Dir(d) {
		// Lstat: a symlink there, even one that names nothing, is not
		// made here and never removed.
		if _, err := os.Lstat(d); err == nil || filepath.Dir(d) == d {
			break
		}
		made = append(made, d)
	}
	undo = func() {
		for _, d := range made {
			os.Remove(d) // only an empty folder
		}
	}
	if err := os.MkdirAll(dir, 0o777); err != nil { // less the umask
		undo()
		return func() {}, err
	}
	return undo, nil
}
