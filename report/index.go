package report

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
)

// indexColumns are the coded columns of the episode index, in the order
// the page's JSON has them; verdict is the letter under which the chosen
// answer was shown, or "", or a grader's grade (episodeView.listedVerdict).
var indexColumns = [...]string{"question", "protocol", "task", "cell", "judge", "assignment", "outcome", "verdict"}

// episodeIndex is the index of every episode of a run that the transcript
// browser lists and filters, by column: the episode ids, and each other
// column coded as indices into its own list of distinct values, in order
// of first appearance. Only the distinct values are held; the rows go to a
// spill, in memory and then in a temporary file, and are read back when
// the page is written, so that the index of millions of episodes costs no
// more memory than that of thousands.
type episodeIndex struct {
	values [len(indexColumns)][]string
	codes  [len(indexColumns)]map[string]int
	rows   spill
	n      int
	row    []byte // scratch
}

func (x *episodeIndex) add(v *episodeView) {
	x.n++
	x.row = binary.AppendUvarint(x.row[:0], uint64(len(v.ID)))
	x.row = append(x.row, v.ID...)
	for c, s := range [...]string{v.QuestionID, v.Protocol, v.Task, v.Cell, v.Judge, v.Assignment, v.Outcome, v.listedVerdict()} {
		if x.codes[c] == nil {
			x.codes[c] = map[string]int{}
		}
		i, ok := x.codes[c][s]
		if !ok {
			i = len(x.values[c])
			x.codes[c][s] = i
			x.values[c] = append(x.values[c], s)
		}
		x.row = binary.AppendUvarint(x.row, uint64(i))
	}
	x.rows.write(x.row)
}

// writeJSON writes the index as the page's script reads it:
// {"id":[…],"question":{"values":[…],"codes":[…]},…}, and a newline — what
// encoding/json writes for the columns held in memory, with no escaping of
// HTML (the page's data is base64).
func (x *episodeIndex) writeJSON(w io.Writer) error {
	bw := bufio.NewWriter(w)
	var scratch bytes.Buffer
	enc := json.NewEncoder(&scratch)
	enc.SetEscapeHTML(false)
	put := func(v any) error { // as enc.Encode, less its newline
		scratch.Reset()
		if err := enc.Encode(v); err != nil {
			return err
		}
		_, err := bw.Write(bytes.TrimSuffix(scratch.Bytes(), []byte("\n")))
		return err
	}
	var num []byte
	// list writes the column's entries, or null when there are no episodes.
	list := func(col int) error {
		if x.n == 0 {
			_, err := bw.WriteString("null")
			return err
		}
		bw.WriteByte('[')
		first := true
		err := x.rows.each(func(id string, codes []uint64) error {
			if !first {
				bw.WriteByte(',')
			}
			first = false
			if col < 0 {
				return put(id)
			}
			num = strconv.AppendUint(num[:0], codes[col], 10)
			_, err := bw.Write(num)
			return err
		})
		bw.WriteByte(']')
		return err
	}
	bw.WriteString(`{"id":`)
	if err := list(-1); err != nil {
		return err
	}
	for c, name := range indexColumns {
		fmt.Fprintf(bw, `,%q:{"values":`, name)
		values := x.values[c]
		if x.n > 0 && values == nil {
			values = []string{}
		}
		if err := put(values); err != nil {
			return err
		}
		bw.WriteString(`,"codes":`)
		if err := list(c); err != nil {
			return err
		}
		bw.WriteByte('}')
	}
	bw.WriteString("}\n")
	return bw.Flush()
}

// close removes the spill's file, if it has one.
func (x *episodeIndex) close() { x.rows.close() }

// spillInMemory is the most bytes of rows a spill holds in memory before
// it moves them to a temporary file.
const spillInMemory = 1 << 20

// spill holds rows of bytes, each written whole: in memory up to
// spillInMemory bytes, then in a temporary file.
type spill struct {
	mem bytes.Buffer
	f   *os.File
	w   *bufio.Writer
	err error
}

func (s *spill) write(row []byte) {
	if s.err != nil {
		return
	}
	if s.f == nil && s.mem.Len()+len(row) > spillInMemory {
		if s.f, s.err = os.CreateTemp("", "moot-report-index-*"); s.err != nil {
			return
		}
		s.w = bufio.NewWriterSize(s.f, 1<<16)
		_, s.err = s.w.Write(s.mem.Bytes())
		s.mem = bytes.Buffer{}
	}
	if s.f == nil {
		s.mem.Write(row)
		return
	}
	if _, err := s.w.Write(row); err != nil {
		s.err = err
	}
}

// each calls f with every row, in the order written: the id and the codes
// of the index's columns.
func (s *spill) each(f func(id string, codes []uint64) error) error {
	if s.err != nil {
		return fmt.Errorf("report: episode index: %w", s.err)
	}
	var r *bufio.Reader
	if s.f == nil {
		r = bufio.NewReader(bytes.NewReader(s.mem.Bytes()))
	} else {
		if err := s.w.Flush(); err != nil {
			return err
		}
		if _, err := s.f.Seek(0, io.SeekStart); err != nil {
			return err
		}
		r = bufio.NewReaderSize(s.f, 1<<16)
	}
	codes := make([]uint64, len(indexColumns))
	var id []byte
	for {
		n, err := binary.ReadUvarint(r)
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("report: episode index: %w", err)
		}
		id = append(id[:0], make([]byte, n)...)
		if _, err := io.ReadFull(r, id); err != nil {
			return fmt.Errorf("report: episode index: %w", err)
		}
		for c := range codes {
			if codes[c], err = binary.ReadUvarint(r); err != nil {
				return fmt.Errorf("report: episode index: %w", err)
			}
		}
		if err := f(string(id), codes); err != nil {
			return err
		}
	}
}

func (s *spill) close() {
	if s.f != nil {
		s.f.Close()
		os.Remove(s.f.Name())
		s.f = nil
	}
}

// packTo writes what write writes to w compressed with raw deflate, in
// base64, as pack does, without holding it.
func packTo(w io.Writer, write func(io.Writer) error) error {
	b64 := base64.NewEncoder(base64.StdEncoding, w)
	zw := deflater(b64)
	defer deflaters.Put(zw)
	if err := write(zw); err != nil {
		return err
	}
	if err := zw.Close(); err != nil {
		return err
	}
	return b64.Close()
}

// indexToken stands for the packed index in the page as the template
// writes it; the page is written through a splicer, which writes the index
// in its place. Base64 letters only, so that the template writes it as is.
const indexToken = "MOOTEPISODEINDEXGOESHERE"

// splicer writes to w what it is given, with the first indexToken replaced
// by what fill writes.
type splicer struct {
	w     io.Writer
	fill  func(io.Writer) error
	carry []byte
	done  bool
}

func (s *splicer) Write(p []byte) (int, error) {
	if s.done {
		return s.w.Write(p)
	}
	buf := append(s.carry, p...)
	if i := bytes.Index(buf, []byte(indexToken)); i >= 0 {
		s.done, s.carry = true, nil
		if _, err := s.w.Write(buf[:i]); err != nil {
			return 0, err
		}
		if err := s.fill(s.w); err != nil {
			return 0, err
		}
		if _, err := s.w.Write(buf[i+len(indexToken):]); err != nil {
			return 0, err
		}
		return len(p), nil
	}
	keep := min(len(buf), len(indexToken)-1)
	if _, err := s.w.Write(buf[:len(buf)-keep]); err != nil {
		return 0, err
	}
	s.carry = append([]byte(nil), buf[len(buf)-keep:]...)
	return len(p), nil
}

// close writes what is held back; the token must have been written.
func (s *splicer) close() error {
	if !s.done {
		return errors.New("the page has no place for the episode index")
	}
	return nil
}
