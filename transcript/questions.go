package transcript

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// QuestionsFile is the run's store of its questions, beside the log:
// every question once, as gzip-compressed JSON lines (docs/records.md).
const QuestionsFile = "questions.jsonl.gz"

// ErrCutShort is a gzip file that ends in the middle of a stream or of
// a line: what a killed writer leaves.
var ErrCutShort = errors.New("compressed file cut short")

// ErrDamaged is a gzip file whose bytes are wrong, not merely missing: a
// header that is not gzip's, data that does not decompress, a checksum
// that does not match. No writer of moot's leaves one.
var ErrDamaged = errors.New("compressed file damaged")

// QuestionKey is the key of a question of a run, by its task and id.
func QuestionKey(task, id string) string { return task + "\x00" + id }

// UnitKey is the key of what a bootstrap or a permutation test of ep's
// run resamples: its question's group where it has one (Episode.Group),
// else the question itself (QuestionKey).
func UnitKey(ep *Episode) string {
	if ep.Group == "" {
		return QuestionKey(ep.Task, ep.QuestionID)
	}
	return ep.Task + "\x00\x00" + ep.Group
}

// QuestionText is what a reader of a record shows of its question: the
// text it asks and the exhibit every role reads with it (a code task's
// program); the hidden context stays out.
type QuestionText struct {
	Task    string `json:"task"`
	ID      string `json:"id"`
	Text    string `json:"text"`
	Exhibit string `json:"exhibit,omitempty"`
}

// ReadQuestionTexts reads the texts of the questions of the run folder
// dir, by QuestionKey. A run without a store (a run before record format
// 2) has none, and no error; a store cut short gives the questions before
// the cut; a damaged one, those before the damage and ErrDamaged.
func ReadQuestionTexts(dir string) (map[string]QuestionText, error) {
	out := map[string]QuestionText{}
	err := ScanGzipLines(filepath.Join(dir, QuestionsFile), func(line []byte) error {
		var q QuestionText
		if err := json.Unmarshal(line, &q); err != nil {
			return err
		}
		out[QuestionKey(q.Task, q.ID)] = q
		return nil
	})
	if errors.Is(err, os.ErrNotExist) || errors.Is(err, ErrCutShort) {
		err = nil
	}
	return out, err
}

// ScanGzipLines calls line for each line of a gzip file of JSON lines
// (one stream or several appended). A file that ends in the middle of a
// stream or a line, or that ends in zeros where a power loss cut it
// (zeroTail), returns ErrCutShort after the whole lines before it; one
// whose bytes are wrong returns ErrDamaged after them, with the
// decompressor's words and the count of lines read. Where line fails,
// its error is returned; where the rest of the file is damaged, the
// damage is returned with it (wrong bytes may inflate to a line that
// cannot be read before the checksum that says so).
func ScanGzipLines(path string, line func([]byte) error) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	unreadable := func(n int, err error) error {
		if errors.Is(err, io.ErrUnexpectedEOF) || zeroTail(f) {
			return fmt.Errorf("%s: %w", path, ErrCutShort)
		}
		return fmt.Errorf("%s: %w after %d whole lines (%v)", path, ErrDamaged, n, err)
	}
	zr, err := gzip.NewReader(bufio.NewReader(f))
	if err != nil {
		if errors.Is(err, io.EOF) {
			return nil // empty file
		}
		return unreadable(0, err)
	}
	br := bufio.NewReaderSize(zr, 1<<16)
	for n := 0; ; n++ {
		b, err := br.ReadBytes('\n')
		if len(b) > 0 && b[len(b)-1] == '\n' {
			if lerr := line(b); lerr != nil {
				// Wrong bytes may inflate to a line its reader cannot
				// decode before the checksum is read: read on to it.
				if _, derr := io.Copy(io.Discard, br); derr != nil {
					if uerr := unreadable(n, derr); errors.Is(uerr, ErrDamaged) {
						return fmt.Errorf("%w; line %d: %w", uerr, n+1, lerr)
					}
				}
				return fmt.Errorf("%s: %w", path, lerr)
			}
		}
		switch {
		case errors.Is(err, io.EOF) && len(b) == 0:
			return nil
		case errors.Is(err, io.EOF):
			return fmt.Errorf("%s: %w", path, ErrCutShort) // a last line without its newline
		case err != nil:
			return unreadable(n, err)
		}
	}
}

// zeroTail says whether f ends in 16 zero bytes, as a file appended to
// when the machine lost power may: the filesystem had grown it, and the
// data never reached the disk. A gzip stream of moot's ends in no such
// run (its trailer's length and CRC-32 are not both 0 but for an empty
// stream, which a reader meets whole), so a fault before it is taken for
// the cut it is, not for damage.
func zeroTail(f *os.File) bool {
	info, err := f.Stat()
	if err != nil || info.Size() < 16 {
		return false
	}
	tail := make([]byte, 16)
	if _, err := f.ReadAt(tail, info.Size()-16); err != nil {
		return false
	}
	return bytes.Count(tail, []byte{0}) == len(tail)
}
