package engine

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"

	"github.com/mootlab/moot/agents"
	"github.com/mootlab/moot/internal/atomicfile"
	"github.com/mootlab/moot/tasks"
	"github.com/mootlab/moot/transcript"
)

// The record's stores beside the transcripts (docs/records.md).
const (
	// QuestionsFile holds every question of the run once, written when
	// the run starts.
	QuestionsFile = transcript.QuestionsFile
	// PromptsFile holds every distinct prompt sent to an agent that
	// reads prompts, by its prompt_sha256; sim runs write none.
	PromptsFile = "prompts.jsonl.gz"
	// RecordFormat is the version of the run folder's format, written in
	// config.lock.yaml as record_format: 3 since messages name their
	// draws (transcript.Message.Draw).
	RecordFormat = 3
)

// QuestionRecord is one line of questions.jsonl.gz: a task's question,
// found by an episode's task and question_id.
type QuestionRecord struct {
	Task string `json:"task"`
	// Source is the dataset file the question was read from, empty for a
	// generated one.
	Source string `json:"source,omitempty"`
	tasks.Question
}

// PromptRecord is one line of prompts.jsonl.gz: the messages sent for
// a prompt_sha256, exactly as sent (re-asks included).
type PromptRecord struct {
	SHA256   string                   `json:"prompt_sha256"`
	Messages []transcript.ChatMessage `json:"messages"`
}

// writeQuestions writes the experiment's questions to dir, atomically.
func (x *Experiment) writeQuestions(dir string) error {
	return atomicfile.Write(filepath.Join(dir, QuestionsFile), func(w io.Writer) error {
		zw, err := gzip.NewWriterLevel(w, gzip.BestSpeed)
		if err != nil {
			return err
		}
		bw := bufio.NewWriterSize(zw, 1<<16)
		enc := json.NewEncoder(bw)
		enc.SetEscapeHTML(false)
		for _, t := range x.Tasks {
			for i := range t.Questions {
				if err := enc.Encode(QuestionRecord{Task: t.Name, Source: t.Path, Question: t.Questions[i]}); err != nil {
					return err
				}
			}
		}
		if err := bw.Flush(); err != nil {
			return err
		}
		return zw.Close()
	})
}

// ReadQuestions reads a run's questions.jsonl.gz, keyed by task and
// question ID (QuestionKey).
func ReadQuestions(dir string) (map[string]QuestionRecord, error) {
	out := map[string]QuestionRecord{}
	err := transcript.ScanGzipLines(filepath.Join(dir, QuestionsFile), func(line []byte) error {
		var q QuestionRecord
		if err := json.Unmarshal(line, &q); err != nil {
			return err
		}
		out[QuestionKey(q.Task, q.ID)] = q
		return nil
	})
	return out, err
}

// QuestionKey is the key of a question in ReadQuestions' map.
func QuestionKey(task, id string) string { return transcript.QuestionKey(task, id) }

// ReadPrompts reads a run's prompts.jsonl.gz, keyed by prompt_sha256. A
// missing file is an empty store; a file cut short (a run killed) gives
// the prompts before the cut; a damaged one, those before the damage and
// transcript.ErrDamaged.
func ReadPrompts(dir string) (map[string][]transcript.ChatMessage, error) {
	out := map[string][]transcript.ChatMessage{}
	err := transcript.ScanGzipLines(filepath.Join(dir, PromptsFile), func(line []byte) error {
		var p PromptRecord
		if err := json.Unmarshal(line, &p); err != nil {
			return err
		}
		out[p.SHA256] = p.Messages
		return nil
	})
	if errors.Is(err, os.ErrNotExist) || errors.Is(err, transcript.ErrCutShort) {
		err = nil
	}
	return out, err
}

// promptStore appends each distinct prompt of the agents that read
// prompts to prompts.jsonl.gz. It is safe for concurrent use. Each
// opening appends a gzip stream of its own; one cut short by a killed
// run is dropped when the store is opened again.
type promptStore struct {
	dir string

	mu   sync.Mutex
	seen map[string]bool
	f    *os.File
	zw   *gzip.Writer
	enc  *json.Encoder
	// unflushed says that prompts wait in the compressor's buffer, lost
	// if the process is killed: flushed before the log writes a record
	// (flushed).
	unflushed bool
	err       error // the first write error, returned by close
}

// openPrompts opens the prompt store of the run in dir: with fresh, an
// earlier store is discarded; else its prompts are kept and not written
// again. The file is created on the first prompt.
func openPrompts(dir string, fresh bool) (*promptStore, error) {
	s := &promptStore{dir: dir, seen: map[string]bool{}}
	path := filepath.Join(dir, PromptsFile)
	if fresh {
		if err := os.Remove(path); err != nil && !errors.Is(err, os.ErrNotExist) {
			return nil, err
		}
		return s, nil
	}
	var kept []PromptRecord
	err := transcript.ScanGzipLines(path, func(line []byte) error {
		var p PromptRecord
		if err := json.Unmarshal(line, &p); err != nil {
			return err
		}
		if !s.seen[p.SHA256] {
			s.seen[p.SHA256] = true
			kept = append(kept, p)
		}
		return nil
	})
	switch {
	case err == nil || errors.Is(err, os.ErrNotExist):
		return s, nil
	case errors.Is(err, transcript.ErrCutShort):
		// Appending after a broken stream would hide what follows it:
		// rewrite the whole prompts read first.
		return s, atomicfile.Write(path, func(w io.Writer) error {
			zw := gzip.NewWriter(w)
			enc := json.NewEncoder(zw)
			enc.SetEscapeHTML(false)
			for _, p := range kept {
				if err := enc.Encode(p); err != nil {
					return err
				}
			}
			return zw.Close()
		})
	case errors.Is(err, transcript.ErrDamaged):
		return nil, fmt.Errorf("%w: the run cannot add to it; move it aside to go on without the prompts it holds", err)
	}
	return nil, err
}

// keep adds req's prompt to the store if the agent reads prompts and the
// prompt is new.
func (s *promptStore) keep(a agents.Agent, req *agents.Request) {
	if s == nil || req.Messages == nil || req.PromptSHA256 == "" {
		return
	}
	if _, free := a.(agents.PromptFree); free {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.seen[req.PromptSHA256] || s.err != nil {
		return
	}
	s.seen[req.PromptSHA256] = true
	if s.f == nil {
		f, err := os.OpenFile(filepath.Join(s.dir, PromptsFile), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o666) // less the umask
		if err != nil {
			s.err = err
			return
		}
		s.f, s.zw = f, gzip.NewWriter(f)
		s.enc = json.NewEncoder(s.zw)
		s.enc.SetEscapeHTML(false)
	}
	if err := s.enc.Encode(PromptRecord{SHA256: req.PromptSHA256, Messages: req.Messages}); err != nil {
		s.err = err
		return
	}
	s.unflushed = true
}

// flushed hands the prompts kept so far to the file. The log calls it
// before it writes records: a record's prompts were kept before it was
// handed on, so a process killed at any moment leaves no record whose
// prompt is missing from the store (its cut tail is dropped on the next
// open, and a record already in the log is not played again to write it
// anew).
func (s *promptStore) flushed() error {
	if s == nil {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.err == nil && s.unflushed {
		s.err = s.zw.Flush()
		s.unflushed = false
	}
	return s.err
}

// close ends the store's gzip stream and closes its file.
func (s *promptStore) close() error {
	if s == nil {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.f == nil {
		return s.err
	}
	err := s.zw.Close()
	if cerr := s.f.Close(); err == nil {
		err = cerr
	}
	s.f = nil
	if s.err != nil {
		return s.err
	}
	return err
}
