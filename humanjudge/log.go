package humanjudge

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/mootlab/moot/engine"
	"github.com/mootlab/moot/internal/appendlog"
	"github.com/mootlab/moot/transcript"
)

// verdictLog is an annotator's transcripts.jsonl: append-only, one record
// a line, each line written with one write and synced to disk before the
// page is told the verdict is kept. A process killed mid-write leaves at
// worst a torn last line, which the next open cuts off.
type verdictLog struct {
	log *appendlog.Log
	// unlock releases the folder's lock.
	unlock func()
}

// lockDir takes the folder's lock (engine.LockFolder), or fails at once:
// one process writes an annotator's run.
func lockDir(dir string) (func(), error) {
	unlock, err := engine.LockFolder(dir)
	if errors.Is(err, engine.ErrFolderLocked) {
		return nil, fmt.Errorf("%w (another moot judge: the same annotator judging twice at once?)", err)
	}
	return unlock, err
}

// openVerdictLog opens the log in dir, made if missing, and returns the
// records it holds; torn says a torn last line was cut off.
func openVerdictLog(dir string) (_ *verdictLog, _ []transcript.Episode, torn bool, _ error) {
	path := filepath.Join(dir, engine.TranscriptsFile)
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o666) // less the umask
	if err != nil {
		return nil, nil, false, err
	}
	recs, good, torn, err := readWhole(f, path)
	if err == nil {
		err = f.Truncate(good)
	}
	if err == nil {
		_, err = f.Seek(good, io.SeekStart)
	}
	if err != nil {
		f.Close()
		return nil, nil, false, err
	}
	return &verdictLog{log: appendlog.New(f, good)}, recs, torn, nil
}

// readWhole reads the records of f, the offset past the last whole one,
// and whether a torn line follows it.
func readWhole(f *os.File, path string) ([]transcript.Episode, int64, bool, error) {
	var recs []transcript.Episode
	good, torn, err := transcript.ScanLog(f, path, func(ep *transcript.Episode, _ transcript.LogLine) error {
		recs = append(recs, *ep)
		return nil
	})
	if err != nil {
		return nil, 0, false, fmt.Errorf("%w: %w", engine.ErrBadInput, err)
	}
	return recs, good, torn, nil
}

// append writes rec as one line and syncs it to disk (appendlog: a
// verdict whose write fails is cut off again; where it cannot be, the log
// takes no more verdicts).
func (l *verdictLog) append(rec *transcript.Episode) error {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(rec); err != nil {
		return err
	}
	err := l.log.Append(b.Bytes())
	if errors.Is(err, appendlog.ErrTorn) {
		return fmt.Errorf("humanjudge: write the verdict: %w; restart moot judge, which cuts a torn line off", err)
	}
	if err != nil {
		return fmt.Errorf("humanjudge: write the verdict: %w", err)
	}
	return nil
}

func (l *verdictLog) close() error {
	err := l.log.Close()
	if l.unlock != nil {
		l.unlock()
	}
	return err
}
