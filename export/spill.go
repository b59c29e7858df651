package export

import (
	"bufio"
	"errors"
	"io"
	"os"
	"path/filepath"

	jsonv2 "github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
)

// eachRow hands every row of the episodes table to fn, in order, and
// stops at fn's first error.
type eachRow func(fn func(*EpisodeRow) error) error

// rowSpill keeps the rows of the episodes table in a temporary file
// beside the table, one JSON object a line, while the messages table is
// written and the axes' columns are not yet known: a table of 200,000
// episodes had held them in memory, 400 MB. JSON keeps each value whole
// (a float's every digit, a pointer to 0 apart from none).
type rowSpill struct {
	f   *os.File
	w   *bufio.Writer
	enc *jsontext.Encoder
}

// newRowSpill makes the spill beside out, a hidden file the export
// removes (rowSpill.remove), as it removes its other temporary files.
func newRowSpill(out string) (*rowSpill, error) {
	f, err := os.CreateTemp(filepath.Dir(out), "."+filepath.Base(out)+".rows.*")
	if err != nil {
		return nil, err
	}
	w := bufio.NewWriterSize(f, 1<<16)
	return &rowSpill{f: f, w: w, enc: jsontext.NewEncoder(w)}, nil
}

func (s *rowSpill) add(r *EpisodeRow) error { return jsonv2.MarshalEncode(s.enc, r) }

// each reads the rows back, in the order they were added.
func (s *rowSpill) each(fn func(*EpisodeRow) error) error {
	if err := s.w.Flush(); err != nil {
		return err
	}
	if _, err := s.f.Seek(0, io.SeekStart); err != nil {
		return err
	}
	dec := jsontext.NewDecoder(bufio.NewReaderSize(s.f, 1<<16))
	for {
		var r EpisodeRow
		err := jsonv2.UnmarshalDecode(dec, &r)
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		if err := fn(&r); err != nil {
			return err
		}
	}
}

// remove closes and deletes the spill.
func (s *rowSpill) remove() {
	s.f.Close()
	os.Remove(s.f.Name())
}
