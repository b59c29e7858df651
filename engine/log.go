package engine

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/mootlab/moot/internal/atomicfile"
	"github.com/mootlab/moot/transcript"
)

// ErrForeignRun is returned when the output folder holds a run of another
// experiment file: resuming it would mix two experiments.
var ErrForeignRun = errors.New("the output folder holds a run of another experiment")

// ErrFolderTaken is returned by a merge into a folder that already holds
// a run, of whatever experiment: a merge writes a run whole, or nothing.
var ErrFolderTaken = errors.New("the output folder already holds a run")

// episodeLog is transcripts.jsonl: append-only, one whole episode a line,
// each line written with one write so that a killed process leaves whole
// lines (and at worst, after a power cut, a partial last line, which the
// next open drops).
type episodeLog struct {
	path string
	f    *os.File
	// prior is where the finished episodes of an earlier run into the
	// same folder stand in the log, by their index in the plan: they are
	// read back one at a time as they are handed on (record), not held.
	prior map[int]span
	// failed is where the last record of each item an earlier run failed
	// (and played to no success since) stands: the item is played again,
	// and its failure is handed on only where the run stops before it.
	failed map[int]span
	// dropped is set when a partial last line was cut off.
	dropped bool
	// spentUSD is what the calls of every record of the earlier run cost,
	// failed episodes' and those played again included, and dearestUSD
	// its dearest episode's: a budget counts them.
	spentUSD, dearestUSD float64
	// ordered stays true while the file holds each episode once, in plan
	// order; otherwise it is rewritten so when the plan is done.
	ordered bool
	// prefix counts the lines read back that are the plan's first
	// episodes, each once, in order and finished, and is -1 once one is
	// not: a log that is such a prefix (a run killed or stopped, or one
	// finished) is in plan order still, and a resume that plays on from
	// its end leaves it so, with no rewrite.
	prefix int
	buf    bytes.Buffer
	enc    *json.Encoder
	// held are whole lines not yet written: the runner flushes them when
	// no record waits (see flusher), so that one write carries many.
	held []byte
	// beforeWrite, if set, is called before held lines are written: the
	// prompt store's flush (promptStore.flushed).
	beforeWrite func() error
	// beforeFirst, if set, is called once, before the first lines this
	// run appends are written: the sinks' Open (Opener). An error stops
	// the write, and the records wait.
	beforeFirst func() error
	// syncing, while not nil, is closed when the fsync Sync started in
	// the background ends; syncErr is its error.
	syncing chan struct{}
	syncErr error
}

// maxHeld is the most the log holds before it writes.
const maxHeld = 1 << 20

// episodeIDs are the episode ids of a plan, in plan order: what resuming
// and compacting a log need of it.
type episodeIDs interface {
	Len() int
	ID(i int) string
}

// openLog opens the log of a run in dir. An existing log of the same run
// (its lock file differs from lock, that of the experiment file source,
// in nothing that changes an episode) is resumed: its finished episodes
// are read, a partial last line is cut off, and new episodes are
// appended. With fresh, an existing log is discarded.
func openLog(dir string, lock []byte, source string, plan episodeIDs, fresh bool) (*episodeLog, error) {
	l := &episodeLog{path: filepath.Join(dir, TranscriptsFile), prior: map[int]span{}, ordered: true}
	l.enc = json.NewEncoder(&l.buf)
	l.enc.SetEscapeHTML(false)
	info, err := os.Stat(l.path)
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return nil, err
	}
	logged := err == nil && info.Size() > 0
	// A folder with a log, or with a run's lock beside a log gone or
	// empty (its transcripts deleted to save room, a --fresh cut short),
	// holds a run that another experiment may not take without fresh:
	// its summary, tables and lock would be lost.
	if _, lerr := os.Stat(filepath.Join(dir, LockFile)); !fresh && (logged || lerr == nil) {
		if err := checkLockAgainst(dir, lock, source); err != nil {
			return nil, err
		}
	}
	if fresh || !logged {
		if l.f, err = os.Create(l.path); err != nil {
			return nil, err
		}
		return l, nil
	}
	good, err := l.readPrior(planIndex(plan))
	if err != nil {
		return nil, err
	}
	if l.f, err = os.OpenFile(l.path, os.O_RDWR, 0); err != nil {
		return nil, err
	}
	if l.dropped {
		if err := l.f.Truncate(good); err != nil {
			l.f.Close()
			return nil, err
		}
	}
	if _, err := l.f.Seek(good, io.SeekStart); err != nil {
		l.f.Close()
		return nil, err
	}
	l.ordered = good == 0 || l.prefix >= 0
	return l, nil
}

// planIndex maps each episode id of plan to its index.
func planIndex(plan episodeIDs) map[string]int {
	ids := make(map[string]int, plan.Len())
	for i := range plan.Len() {
		ids[plan.ID(i)] = i
	}
	return ids
}

// readPrior reads the existing log and returns the offset just past its
// last whole line.
func (l *episodeLog) readPrior(planned map[string]int) (int64, error) {
	f, err := os.Open(l.path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	l.failed, l.prefix = map[int]span{}, 0
	good, torn, err := transcript.ScanLog(f, l.path, func(ep *transcript.Episode, line transcript.LogLine) error {
		at, ok := planned[ep.EpisodeID]
		if !ok {
			hint := ""
			if ep.Cell != "" {
				hint = fmt.Sprintf(" (%s in cell %s; a sweep run by a moot before 2026-11-30 played a protocol that only some axes touch in every cell: finish it with that moot, or start it over)", ep.Protocol, ep.Cell)
			}
			return fmt.Errorf("%w: %s:%d: episode %s is not in this experiment's plan%s", ErrForeignRun, l.path, line.N, ep.EpisodeID, hint)
		}
		if l.prefix >= 0 && at == l.prefix && ep.Error == "" {
			l.prefix++
		} else {
			l.prefix = -1
		}
		cost := episodeCost(ep)
		l.spentUSD += cost
		l.dearestUSD = max(l.dearestUSD, cost)
		if ep.Error != "" {
			delete(l.prior, at) // a failure is played again
			l.failed[at] = span{line.Off, line.Len}
			return nil
		}
		delete(l.failed, at)
		l.prior[at] = span{line.Off, line.Len}
		return nil
	})
	l.dropped = torn
	if err != nil && !errors.Is(err, ErrForeignRun) {
		err = fmt.Errorf("%w", err)
	}
	return good, err
}

// record reads back the earlier run's record at s, with its messages'
// text dropped (a resumed record is counted, not shown again).
func (l *episodeLog) record(s span) (*transcript.Episode, error) {
	ep, err := readBack(l.f, s, fmt.Sprintf("%s at byte %d", l.path, s.off))
	if err != nil {
		return nil, err
	}
	for i := range ep.Messages {
		ep.Messages[i].Text, ep.Messages[i].PromptSHA256 = "", ""
	}
	return ep, nil
}

// readBack reads and decodes the record at s of the log f, where names
// in an error. It may be called at once from several goroutines.
func readBack(f *os.File, s span, where string) (*transcript.Episode, error) {
	line := make([]byte, s.n)
	if _, err := f.ReadAt(line, s.off); err != nil {
		return nil, fmt.Errorf("read back %s: %w", where, err)
	}
	var ep transcript.Episode
	if err := transcript.DecodeLine(line, &ep); err != nil {
		return nil, fmt.Errorf("read back %s: %w", where, err)
	}
	return &ep, nil
}

// append adds one record as one line.
func (l *episodeLog) append(rec *transcript.Episode) error {
	l.buf.Reset()
	if err := l.enc.Encode(rec); err != nil {
		return fmt.Errorf("write transcripts: %w", err)
	}
	return l.hold(l.buf.Bytes())
}

// encodeLine encodes rec as its line, in a buffer of the pool; it is called
// concurrently, by the workers.
func encodeLine(rec *transcript.Episode) *bytes.Buffer {
	b := getLine()
	enc := json.NewEncoder(b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(rec); err != nil {
		putLine(b)
		return nil // the log encodes it again, and reports the error
	}
	return b
}

// hold adds whole lines to those to write, and writes them all once they
// are many.
func (l *episodeLog) hold(line []byte) error {
	l.held = append(l.held, line...)
	if len(l.held) >= maxHeld {
		return l.Flush()
	}
	return nil
}

// Flush writes the lines held, in one write: a killed process leaves
// whole lines.
func (l *episodeLog) Flush() error {
	if len(l.held) == 0 {
		return nil
	}
	if first := l.beforeFirst; first != nil {
		if err := first(); err != nil {
			return err
		}
		l.beforeFirst = nil
	}
	if l.beforeWrite != nil {
		if err := l.beforeWrite(); err != nil {
			// The records wait: written without their prompts, they
			// would name prompts the store lacks; a resume plays them.
			return fmt.Errorf("write prompts: %w", err)
		}
	}
	_, err := l.f.Write(l.held)
	l.held = l.held[:0]
	if err != nil {
		return fmt.Errorf("write transcripts: %w", err)
	}
	return nil
}

// EpisodeLine adds a new record's line, encoded by the worker that played
// it.
func (l *episodeLog) EpisodeLine(_ *transcript.Episode, line []byte) error {
	return l.hold(line)
}

// Keep appends a new record that waits behind an earlier one still in
// play (its line, if the worker encoded it): the log is then no longer in
// plan order, and is put in it when the plan is done.
func (l *episodeLog) Keep(rec *transcript.Episode, line []byte) error {
	l.ordered = false
	if line != nil {
		return l.hold(line)
	}
	return l.append(rec)
}

// Episode appends a new record; a resumed one is in the file already.
// The log is the first sink of a run.
func (l *episodeLog) Episode(rec *transcript.Episode, resumed bool) error {
	if resumed {
		return nil
	}
	return l.append(rec)
}

// Sync writes the lines held and starts flushing the log to disk, unless
// a flush it started is still under way; the runner calls it on a timer.
// The flush runs in the background: an fsync of what a busy run wrote in
// two seconds can take long enough to stall every worker behind the one
// goroutine that hands records on. A flush's error is returned by the
// next Sync or by close.
func (l *episodeLog) Sync() error {
	if err := l.Flush(); err != nil {
		return err
	}
	if l.syncing != nil {
		select {
		case <-l.syncing:
		default:
			return nil
		}
		l.syncing = nil
		if l.syncErr != nil {
			return fmt.Errorf("write transcripts: %w", l.syncErr)
		}
	}
	done := make(chan struct{})
	l.syncing = done
	go func() {
		l.syncErr = l.f.Sync()
		close(done)
	}()
	return nil
}

// close writes the lines held, waits for a flush under way, flushes the
// log to disk and closes it.
func (l *episodeLog) close() error {
	err := l.Flush()
	if l.syncing != nil {
		<-l.syncing
		l.syncing = nil
		if err == nil && l.syncErr != nil {
			err = fmt.Errorf("write transcripts: %w", l.syncErr)
		}
	}
	if err == nil {
		err = l.f.Sync()
	}
	if err != nil {
		l.f.Close()
		return err
	}
	return l.f.Close()
}

// compact rewrites the log in plan order with one line an episode — the
// last written, so a success supersedes an earlier failure — so that a
// resumed run ends with the same file as one never interrupted.
func (l *episodeLog) compact(plan episodeIDs) error {
	f, err := os.Open(l.path)
	if err != nil {
		return err
	}
	defer f.Close()
	last := map[string]span{}
	r := bufio.NewReaderSize(f, 1<<16)
	var off int64
	for {
		line, err := r.ReadBytes('\n')
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return err
		}
		var id struct {
			EpisodeID string `json:"episode_id"`
		}
		if err := json.Unmarshal(line, &id); err != nil {
			return fmt.Errorf("compact %s: %w", l.path, err)
		}
		last[id.EpisodeID] = span{off, int64(len(line))}
		off += int64(len(line))
	}
	atomicfile.RemoveStale(filepath.Dir(l.path), "."+TranscriptsFile+".")
	tmp, err := os.CreateTemp(filepath.Dir(l.path), "."+TranscriptsFile+".*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	w := bufio.NewWriterSize(tmp, 1<<16)
	for i := range plan.Len() {
		s, ok := last[plan.ID(i)]
		if !ok {
			continue
		}
		if _, err := io.Copy(w, io.NewSectionReader(f, s.off, s.n)); err != nil {
			tmp.Close()
			return err
		}
	}
	if err := w.Flush(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	// CreateTemp makes the file 0600: give it the log's own mode, so that
	// a compacted log reads as a fresh one does.
	if fi, err := f.Stat(); err == nil {
		if err := tmp.Chmod(fi.Mode().Perm()); err != nil {
			tmp.Close()
			return err
		}
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), l.path)
}

// resumeFrom has r hand on the records log kept from an earlier run, as
// resumed, instead of playing their items again.
func (r *runner) resumeFrom(log *episodeLog) {
	if len(log.prior) == 0 && len(log.failed) == 0 {
		return
	}
	r.resumed = func(i int) bool { _, ok := log.prior[i]; return ok }
	r.prior = func(i int) (*transcript.Episode, error) { return log.record(log.prior[i]) }
	r.priorFailure = func(i int) (*transcript.Episode, error) {
		if s, ok := log.failed[i]; ok {
			return log.record(s)
		}
		return nil, nil
	}
}
