package export

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/mootlab/moot/internal/atomicfile"
	"github.com/mootlab/moot/transcript"
)

// Format is an export format.
type Format string

// The export formats.
const (
	CSV     Format = "csv"
	Parquet Format = "parquet"
	JSONL   Format = "jsonl"
	Inspect Format = "inspect"
)

// ErrFormat is returned for an unknown format name.
var ErrFormat = errors.New("unknown format (formats: csv, parquet, jsonl, inspect)")

// ParseFormat reads a format name.
func ParseFormat(s string) (Format, error) {
	switch f := Format(strings.ToLower(s)); f {
	case CSV, Parquet, JSONL, Inspect:
		return f, nil
	}
	return "", fmt.Errorf("%w: %q", ErrFormat, s)
}

// DefaultOut is where a run's export goes without --out: RUN_DIR/episodes.EXT,
// or the folder RUN_DIR/inspect for Inspect logs.
func DefaultOut(runDir string, f Format) string {
	if f == Inspect {
		return filepath.Join(runDir, "inspect")
	}
	return filepath.Join(runDir, "episodes."+string(f))
}

// MessagesPath is the messages table beside an episodes table at out:
// episodes.csv → episodes-messages.csv; a name that is all extension (a
// dot-file, .hidden) is a name, → .hidden-messages.
func MessagesPath(out string) string {
	ext := filepath.Ext(out)
	if ext == filepath.Base(out) {
		ext = ""
	}
	return strings.TrimSuffix(out, ext) + "-messages" + ext
}

// TablePaths are the files an export of tables to out writes: the
// episodes table and the messages table beside it (MessagesPath). A
// symlink at out is written through, as if its target had been named:
// the episodes table replaces the file it names, and the messages table
// goes beside that file, named after it. A symlink that names no file,
// or a folder, FIFO or device at out, is an error (atomicfile.Target).
func TablePaths(out string) (episodes, messages string, err error) {
	if out, err = atomicfile.Target(out); err != nil {
		return "", "", err
	}
	return out, MessagesPath(out), nil
}

// Options are what an export may read besides the transcript log.
type Options struct {
	// Question, if not nil, gives the text of a task's question by its id
	// ("" when unknown), with the exhibit every seat reads with it (a code
	// question's program): the transcript log keeps only the id, the
	// run's question store the text. Inspect samples carry it in their
	// input.
	Question func(task, id string) string
	// Seed is the seed the run was played at, for the tables' seed
	// column; nil leaves it empty.
	Seed *uint64
	// Axes are a sweep's axes in the experiment's order (its lock's),
	// the order of their columns: each has one, whether or not an
	// episode exported has it (a run stopped before any cell of it), so
	// that every export of a sweep has one schema. An axis it does not
	// name comes after them, in the order the log first has it.
	Axes []string
	// AxisValues are the values each of Axes takes (its lock's): with
	// the episodes', they type its column, so that a partial export types
	// it as the whole run's does.
	AxisValues map[string][]string
	// RunID identifies the run for its Inspect logs' run_id: the same
	// for the run's folder after a resume, another for another run (a
	// hash of what its lock says of its episodes). "" takes a hash of the
	// run folder's absolute path.
	RunID string
	// FormerRunIDs are run_ids the run's logs had before (another form of
	// its identity: engine.RunIdentities): a log of the run under one is
	// replaced as one under RunID is.
	FormerRunIDs []string
	// Warn, if not nil, is given what the export finds amiss but goes on
	// past, a line each: a log without episodes, a last line cut short.
	Warn func(msg string)
	// Stop, if not nil, is closed by an interrupt: the export then stops
	// before it replaces any file, removes what it wrote, and returns
	// ErrInterrupted. Once it has begun to put its files in place, it
	// finishes, so that the tables are never one old and one new.
	Stop <-chan struct{}
}

// ErrInterrupted is what an export stopped by Options.Stop returns.
var ErrInterrupted = fmt.Errorf("export interrupted, nothing replaced: %w", context.Canceled)

// stopped returns ErrInterrupted once stop is closed, else nil.
func stopped(stop <-chan struct{}) error {
	select {
	case <-stop:
		return ErrInterrupted
	default:
		return nil
	}
}

// Replicate is one seed's run of a replicated run: its transcript log
// (a transcripts.jsonl) and the seed it was played at.
type Replicate struct {
	Path string
	Seed uint64
}

// Run exports the transcript log at path (a run's transcripts.jsonl) in
// format f to out: the episodes table at out and the messages table at
// MessagesPath(out) (through a symlink at out: TablePaths), or for Inspect one log file a protocol × sweep cell ×
// task × judge in the folder out. It returns the files written. Each file
// is written whole or not at all, and a failed export leaves no folder it
// made. A line of the log that is not an episode record is an error that
// wraps ErrBadRecord.
func Run(path string, f Format, out string, o Options) ([]string, error) {
	if f == Inspect {
		return writeInspect(path, out, o)
	}
	return writeTables([]Replicate{{Path: path}}, []*uint64{o.Seed}, f, out, o)
}

// RunReplicates exports the replicates of a replicated run, in the order
// given, as one episodes table at out and one messages table beside it,
// as Run does a run's; the seed column tells the replicates apart. Inspect
// logs are written a run at a time (Run).
// Of o, only Axes, Warn and Stop are read.
func RunReplicates(reps []Replicate, f Format, out string, o Options) ([]string, error) {
	if f == Inspect {
		return nil, fmt.Errorf("%w: inspect logs are written a run at a time, not for replicates together", ErrFormat)
	}
	seeds := make([]*uint64, len(reps))
	for i := range reps {
		seeds[i] = &reps[i].Seed
	}
	return writeTables(reps, seeds, f, out, o)
}

// writeTables writes the episodes and messages tables of the logs of
// runs, one after the other, each row with the seed of its run. A folder
// it makes for them is removed again if it fails.
func writeTables(runs []Replicate, seeds []*uint64, f Format, out string, o Options) ([]string, error) {
	out, msgPath, err := TablePaths(out)
	if err != nil {
		return nil, err
	}
	undo, err := makeDir(filepath.Dir(out))
	if err != nil {
		return nil, err
	}
	files, err := writeTablesIn(runs, seeds, f, out, msgPath, o)
	if err != nil {
		undo()
	}
	return files, err
}

// writeTablesIn is writeTables in the folder made for them, of the
// episodes table out and the messages table msgPath.
func writeTablesIn(runs []Replicate, seeds []*uint64, f Format, out, msgPath string, o Options) ([]string, error) {
	// The rows wait in a file beside out, not in memory, until the axes'
	// columns are known: a table of 200,000 episodes had held 400 MB.
	rows, err := newRowSpill(out)
	if err != nil {
		return nil, err
	}
	defer rows.remove()
	axes := newAxesSeen(o.Axes)
	err = atomicfile.Write(msgPath, func(w io.Writer) error {
		mw, err := newMessageWriter(w, f)
		if err != nil {
			return err
		}
		// The workers decode each episode, build its row and encode its
		// messages; here the rows are kept and the messages written, in
		// file order.
		for i, run := range runs {
			seed := seeds[i]
			n, err := scanLog(run.Path, o.Warn, func(ep *transcript.Episode) (episodeChunk, error) {
				c, err := mw.encode(ep, seed)
				row := NewEpisodeRow(ep)
				row.Seed = seed
				return episodeChunk{row: row, messages: c}, err
			}, func(c episodeChunk) error {
				if err := stopped(o.Stop); err != nil {
					return err
				}
				axes.add(c.row.Axes)
				if err := rows.add(&c.row); err != nil {
					return err
				}
				return mw.write(c.messages)
			})
			if err != nil {
				return err
			}
			if n == 0 {
				warnEmpty(o.Warn, run.Path, "it adds no rows to the tables")
			}
		}
		if err := mw.close(); err != nil {
			return err
		}
		// The last moment to stop: the messages table is put in place
		// next, and the episodes table must then follow it.
		return stopped(o.Stop)
	})
	if err != nil {
		return nil, err
	}
	cols := axes.columns(f, o)
	err = atomicfile.Write(out, func(w io.Writer) error {
		return writeEpisodes(w, f, episodeColumns(cols), rows.each, cols)
	})
	if err != nil {
		os.Remove(msgPath)
		return nil, err
	}
	return []string{out, msgPath}, nil
}

// scanWorkers is the number of goroutines that decode and convert a run's
// episodes (0: GOMAXPROCS). The files written are the same at any number.
var scanWorkers = 0

// episodeChunk is one episode as the workers prepare it: its row and its
// messages, encoded.
type episodeChunk struct {
	row      EpisodeRow
	messages messageChunk
}

// messageChunk is one episode's messages encoded for the messages table:
// the bytes of CSV or JSONL rows, or the rows for Parquet.
type messageChunk struct {
	data []byte
	rows []MessageRow
}

// messageWriter writes the messages table: encode is called on the scan's
// workers, concurrently, and write with each episode's chunk in file order.
type messageWriter interface {
	encode(ep *transcript.Episode, seed *uint64) (messageChunk, error)
	write(c messageChunk) error
	close() error
}

// textMessages writes the messages table as text (CSV or JSON Lines),
// each worker encoding with an encoder of its own from the pool.
type textMessages struct {
	w    io.Writer
	pool sync.Pool // of rowEncoder
}

// rowEncoder encodes one episode's message rows into its own buffer.
type rowEncoder interface {
	reset()
	row(r *MessageRow) error
	bytes() ([]byte, error)
}

func (m *textMessages) encode(ep *transcript.Episode, seed *uint64) (messageChunk, error) {
	e := m.pool.Get().(rowEncoder)
	defer m.pool.Put(e)
	e.reset()
	for i := range ep.Messages {
		r := messageRow(ep, i, seed)
		if err := e.row(&r); err != nil {
			return messageChunk{}, err
		}
	}
	data, err := e.bytes()
	return messageChunk{data: bytes.Clone(data)}, err
}

func (m *textMessages) write(c messageChunk) error {
	_, err := m.w.Write(c.data)
	return err
}

func (m *textMessages) close() error { return nil }

func newMessageWriter(w io.Writer, f Format) (messageWriter, error) {
	switch f {
	case CSV:
		return newCSVMessages(w)
	case JSONL:
		return newJSONLMessages(w), nil
	case Parquet:
		return newParquetMessages(w), nil
	}
	return nil, fmt.Errorf("%w: %q", ErrFormat, f)
}

// writeEpisodes writes the episodes table.
func writeEpisodes(w io.Writer, f Format, cols []column, rows eachRow, axes []axisColumn) error {
	switch f {
	case CSV:
		return writeCSVEpisodes(w, cols, rows, axes)
	case JSONL:
		return writeJSONLEpisodes(w, cols, rows, axes)
	case Parquet:
		return writeParquetEpisodes(w, cols, rows, axes)
	}
	return fmt.Errorf("%w: %q", ErrFormat, f)
}
