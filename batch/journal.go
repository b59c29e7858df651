package batch

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/mootlab/moot/internal/appendlog"
)

// JournalFile is the journal's name in the run folder.
const JournalFile = "batches.jsonl"

// entry is one line of the journal: an input file uploaded with the custom
// ids of its requests, a batch of a file about to be asked for (written
// before POST /batches: a run killed before the answer is written may
// have made the batch), one the provider refused to make, a batch created
// from a file, or the files of an upload deleted from the provider (its
// input file, and the output and error files of its batch) once the run
// was whole.
type entry struct {
	Event string   `json:"event"` // "uploaded", "creating", "uncreated", "created" or "deleted"
	Agent string   `json:"agent"`
	File  string   `json:"file"`
	Batch string   `json:"batch,omitempty"`
	Keys  []string `json:"keys,omitempty"`
	// Endpoint is where an upload went ("" in a journal older than it).
	Endpoint string `json:"endpoint,omitempty"`
	// At is when moot created the batch, or found it made (a "created"
	// line; zero in a journal older than it): batch.max_wait counts from
	// it where the provider does not say when it created the batch. Of a
	// "creating" line, it is when moot asked for the batch.
	At time.Time `json:"at,omitzero"`
}

// ref is where an earlier request went: its input file, and the batch
// made of it ("" if the run stopped before it was created).
type ref struct{ file, batch string }

// journal is the append-only record of a run's uploads and batches. Each
// line is written and synced before the batch it names is waited on.
type journal struct {
	mu   sync.Mutex
	log  *appendlog.Log
	path string
	// refs are the earlier runs' requests, by agent and custom id.
	refs map[string]map[string]ref
	// files are the input files of every run's uploads not yet deleted,
	// by agent, each with its batch ("" where none was journaled).
	files map[string]map[string]string
	// endpoints are the endpoints uploaded to, by input file.
	endpoints map[string]string
	// keys are the custom ids of each input file not yet deleted, in
	// the order of its lines.
	keys map[string][]string
	// made is when each batch was created, as its "created" line says.
	made map[string]time.Time
	// asked is when a batch of each input file not yet deleted was last
	// asked for, as its "creating" line says.
	asked map[string]time.Time
}

func newJournal(path string) *journal {
	return &journal{path: path, refs: map[string]map[string]ref{}, files: map[string]map[string]string{}, endpoints: map[string]string{},
		keys: map[string][]string{}, made: map[string]time.Time{}, asked: map[string]time.Time{}}
}

// discarded lists the input files of the uploads not yet deleted of the
// journal data (none where it does not read).
func discarded(path string, data []byte) []string {
	old := newJournal(path)
	if _, err := old.read(data); err != nil {
		return nil
	}
	var out []string
	for _, agent := range old.agents() {
		for _, up := range old.uploads(agent) {
			out = append(out, up.file)
		}
	}
	return out
}

// openJournal opens the journal of the run folder dir, reading what an
// earlier run wrote unless fresh, which discards it, and returns the
// input files of the uploads not yet deleted that it discards (their
// files may be on the provider still, and no journal names them now). A
// last line cut short by a kill is dropped.
func openJournal(dir string, fresh bool) (j *journal, gone []string, _ error) {
	path := filepath.Join(dir, JournalFile)
	j = newJournal(path)
	data, err := os.ReadFile(path)
	switch {
	case fresh && err == nil:
		gone = discarded(path, data)
		data = nil
	case fresh || errors.Is(err, fs.ErrNotExist):
		data = nil
	case err != nil:
		return nil, nil, fmt.Errorf("batch: %w", err)
	}
	keep, err := j.read(data)
	if err != nil {
		return nil, nil, err
	}
	flags := os.O_CREATE | os.O_WRONLY | os.O_APPEND
	if fresh {
		flags |= os.O_TRUNC
	}
	f, err := os.OpenFile(path, flags, 0o666) // less the umask
	if err != nil {
		return nil, nil, fmt.Errorf("batch: %w", err)
	}
	if keep < len(data) {
		if err := f.Truncate(int64(keep)); err != nil {
			f.Close()
			return nil, nil, fmt.Errorf("batch: %w", err)
		}
	}
	if keep > 0 && data[keep-1] != '\n' {
		// A whole entry whose newline a kill cut off: it is kept (it may
		// name a batch already paid for), and ended before the next.
		if _, err := f.Write([]byte{'\n'}); err != nil {
			f.Close()
			return nil, nil, fmt.Errorf("batch: %w", err)
		}
	}
	end, err := f.Seek(0, io.SeekEnd)
	if err != nil {
		f.Close()
		return nil, nil, fmt.Errorf("batch: %w", err)
	}
	j.log = appendlog.New(f, end)
	return j, gone, nil
}

// read takes in the lines of an earlier journal and returns the length of
// its whole lines.
func (j *journal) read(data []byte) (int, error) {
	keys := map[string][]string{} // file → custom ids
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(nil, 1<<30)
	keep, line := 0, 0
	for sc.Scan() {
		line++
		var e entry
		if err := json.Unmarshal(sc.Bytes(), &e); err != nil {
			if keep+len(sc.Bytes()) == len(data) {
				break // the last line, cut short
			}
			return 0, fmt.Errorf("batch: %s:%d: %w", j.path, line, err)
		}
		keep += len(sc.Bytes()) + 1
		if e.Event == "uploaded" {
			keys[e.File] = e.Keys
		}
		j.note(e)
		for _, k := range keys[e.File] {
			if j.refs[e.Agent] == nil {
				j.refs[e.Agent] = map[string]ref{}
			}
			if e.Event == "deleted" {
				// Its answers are gone from the provider: a later
				// run asks again rather than wait on them.
				if j.refs[e.Agent][k].file == e.File {
					delete(j.refs[e.Agent], k)
				}
				continue
			}
			j.refs[e.Agent][k] = ref{file: e.File, batch: j.files[e.Agent][e.File]}
		}
	}
	return min(keep, len(data)), sc.Err()
}

// note keeps track of the files e names. j.mu is held, or j not yet
// shared.
func (j *journal) note(e entry) {
	if j.files[e.Agent] == nil {
		j.files[e.Agent] = map[string]string{}
	}
	switch e.Event {
	case "uploaded":
		j.files[e.Agent][e.File] = ""
		j.endpoints[e.File] = e.Endpoint
		j.keys[e.File] = e.Keys
	case "creating":
		j.asked[e.File] = e.At
	case "uncreated":
		delete(j.asked, e.File)
	case "created":
		j.files[e.Agent][e.File] = e.Batch
		if !e.At.IsZero() {
			j.made[e.Batch] = e.At
		}
	case "deleted":
		delete(j.made, j.files[e.Agent][e.File])
		delete(j.files[e.Agent], e.File)
		delete(j.keys, e.File)
		delete(j.asked, e.File)
	}
}

// endpoint returns the endpoint file was uploaded to, "" where the
// journal does not say.
func (j *journal) endpoint(file string) string {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.endpoints[file]
}

// lines returns the custom ids of the lines of the input file file, in
// order (nil where the journal does not name it).
func (j *journal) lines(file string) []string {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.keys[file]
}

// createdAt returns when batch id was created, as the journal says (zero
// where it does not).
func (j *journal) createdAt(id string) time.Time {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.made[id]
}

// askedAt returns when a batch of the input file file was last asked for,
// and whether the journal says it was (a "creating" line).
func (j *journal) askedAt(file string) (time.Time, bool) {
	j.mu.Lock()
	defer j.mu.Unlock()
	at, ok := j.asked[file]
	return at, ok
}

// agents returns the agents the journal names, in name order.
func (j *journal) agents() []string {
	j.mu.Lock()
	defer j.mu.Unlock()
	return slices.Sorted(maps.Keys(j.files))
}

// uploads returns the input files of agent's uploads not yet deleted,
// each with its batch ("" where none was journaled), in name order.
func (j *journal) uploads(agent string) []ref {
	j.mu.Lock()
	defer j.mu.Unlock()
	var out []ref
	for f, b := range j.files[agent] {
		out = append(out, ref{file: f, batch: b})
	}
	slices.SortFunc(out, func(a, b ref) int { return strings.Compare(a.file, b.file) })
	return out
}

// earlier returns the requests of agent that earlier runs sent.
func (j *journal) earlier(agent string) map[string]ref {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.refs[agent]
}

// add appends e and syncs the file (appendlog: a line whose write fails
// is cut off again; where it cannot be, the journal takes no more lines
// and the torn one stays last, where a resume drops it).
func (j *journal) add(e entry) error {
	line, err := json.Marshal(e)
	if err != nil {
		return err
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	if err := j.log.Append(append(line, '\n')); err != nil {
		return fmt.Errorf("batch: journal: %w", err)
	}
	j.note(e)
	return nil
}

func (j *journal) close() error { return j.log.Close() }
