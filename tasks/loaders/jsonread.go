package loaders

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/go-json-experiment/json/jsontext"
)

// maxLine bounds a line of a JSONL file: a QuALITY article is tens of
// kilobytes, so this leaves room while keeping a file that is not JSONL
// from being read into memory whole.
const maxLine = 16 << 20

// object is a decoded JSON object and its path in the record, for
// messages.
type object struct {
	m    map[string]any
	path string
}

// parseObject decodes one JSON value, which must be an object, keeping
// numbers as written.
func parseObject(data []byte) (object, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return object{}, fmt.Errorf("malformed JSON: %v", nameCharacter(data, jsonMessage(err), err))
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return object{}, errors.New("malformed JSON: more than one value on the line")
	}
	m, ok := v.(map[string]any)
	if !ok {
		return object{}, fmt.Errorf("want a JSON object, got %s", jsonType(v))
	}
	// A key written twice decodes to its last value without a word: a
	// record with two gold labels would load with either.
	if !jsontext.Value(data).IsValid() {
		if err := jsontext.NewDecoder(bytes.NewReader(data)).SkipValue(); err != nil {
			msg := strings.TrimPrefix(err.Error(), "jsontext: ")
			if strings.HasPrefix(msg, "duplicate object member name") {
				msg = "a key written twice, " + strings.TrimPrefix(msg, "duplicate object member name ") + " (which value is meant?)"
			}
			return object{}, fmt.Errorf("malformed JSON: %s", msg)
		}
	}
	return object{m: m}, nil
}

// nameCharacter rewrites a syntax error's "invalid character" that is
// not ASCII: encoding/json quotes the byte it stopped at as a Latin-1
// letter ('ï' for a byte-order mark, 'Â' for a no-break space), which
// the line does not hold; this names the character that byte begins.
func nameCharacter(data []byte, msg string, err error) string {
	var se *json.SyntaxError
	if !errors.As(err, &se) {
		return msg
	}
	return nameByteAt(data, int(se.Offset)-1, msg)
}

// nameByteAt is nameCharacter for the byte of data at offset at, which
// the syntax error msg is of.
func nameByteAt(data []byte, at int, msg string) string {
	if at < 0 || at >= len(data) || data[at] < utf8.RuneSelf {
		return msg
	}
	q := strconv.Quote(string(rune(data[at])))
	for at > 0 && !utf8.RuneStart(data[at]) {
		at--
	}
	r, _ := utf8.DecodeRune(data[at:])
	name := charName(r)
	if r == '\ufeff' {
		name += "," // its apposition closed
	}
	return strings.Replace(msg, "'"+q[1:len(q)-1]+"'", name, 1)
}

// charName names a character that is not ASCII: its code point, and
// what a byte-order mark past a file's start most likely is.
func charName(r rune) string {
	if r == '\ufeff' {
		return "U+FEFF, a byte-order mark past the file's start (two files joined?)"
	}
	return fmt.Sprintf("%U", r)
}

// jsonMessage drops the package prefix of a decoding error.
func jsonMessage(err error) string {
	if errors.Is(err, io.ErrUnexpectedEOF) {
		return "unexpected end of input"
	}
	return strings.TrimPrefix(err.Error(), "json: ")
}

// scanJSONL reads one JSON object a line and hands it to parse. A blank
// line is an error like any other malformed one: JSON Lines has none.
func scanJSONL(parse func(o object) ([]item, error)) scanner {
	return func(r *bufio.Reader, add func(int, []item, error) error) error {
		// Blank lines are an error between records but not at the end of
		// the file, where editors and tools often leave one: they wait
		// here until a record follows.
		var blanks []int
		first := true
		for line := 1; ; line++ {
			data, err := readLine(r)
			switch {
			case errors.Is(err, io.EOF):
				return nil
			case errors.Is(err, errTooLong):
				// The rest of the line is unread, so the lines after it
				// cannot be counted: this stops the load even when
				// invalid lines are skipped.
				return &atLine{line, err}
			case err != nil:
				return err
			}
			if len(bytes.TrimSpace(data)) == 0 {
				blanks = append(blanks, line)
				continue
			}
			for _, b := range blanks {
				if err := add(b, nil, errBlank); err != nil {
					return err
				}
			}
			blanks = blanks[:0]
			var items []item
			err = checkText(data)
			if err == nil {
				var o object
				if o, err = parseObject(data); err == nil {
					items, err = parse(o)
				} else if first && opensArray(data) {
					// Every line after it is an element, or a part of
					// one, of that array: none can be read as a record,
					// so this stops the load even when invalid lines are
					// skipped.
					return &atLine{line, errJSONArray}
				}
			}
			first = false
			if err := add(line, items, err); err != nil {
				return err
			}
		}
	}
}

// errJSONArray is the error of a JSON Lines file whose first record opens
// a JSON array that its line does not close: one JSON array written over
// several lines, as a tool that exports records with indentation writes
// it, which a format read as JSON Lines does not take.
var errJSONArray = errors.New("a JSON array over several lines, where JSON Lines has one JSON object a line: write one record a line (jq -c '.[]' does)")

// opensArray reports whether a line starts a JSON array that it does not
// hold whole (a whole one, on one line, is a record of the wrong type).
func opensArray(data []byte) bool {
	return bytes.HasPrefix(bytes.TrimSpace(data), []byte("[")) && !json.Valid(data)
}

var errTooLong = fmt.Errorf("line longer than %d MiB", maxLine>>20)

// readLine returns the next line without its end, or io.EOF after the
// last. A last line without a final newline counts; nothing after the last
// newline is not a line.
func readLine(r *bufio.Reader) ([]byte, error) {
	var line []byte
	for {
		chunk, err := r.ReadSlice('\n')
		line = append(line, chunk...)
		if len(line) > maxLine {
			return nil, errTooLong
		}
		switch {
		case err == nil:
			return bytes.TrimSuffix(bytes.TrimSuffix(line, []byte("\n")), []byte("\r")), nil
		case errors.Is(err, bufio.ErrBufferFull):
			continue
		case errors.Is(err, io.EOF) && len(line) > 0:
			return line, nil
		default:
			return nil, err
		}
	}
}

// checkText rejects a line that is not UTF-8 or is blank.
func checkText(data []byte) error {
	if !utf8.Valid(data) {
		return fmt.Errorf("not UTF-8: invalid byte at column %d", invalidAt(data)+1)
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return errBlank
	}
	return nil
}

var errBlank = errors.New("blank line; JSON Lines has one JSON object a line")

// invalidAt returns the offset of the first byte that is not UTF-8.
func invalidAt(data []byte) int {
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size <= 1 {
			return i
		}
		i += size
	}
	return len(data)
}

// scanJSON reads a file that is either one JSON array of objects or JSON
// Lines, telling them apart by the first character. An element of an array
// is reported at the line where it starts.
func scanJSON(parse func(o object) ([]item, error)) scanner {
	lines := scanJSONL(parse)
	return func(r *bufio.Reader, add func(int, []item, error) error) error {
		if first, err := firstByte(r); err != nil || first != '[' {
			return lines(r, add)
		}
		return scanArray(r, parse, add)
	}
}

// firstByte peeks at the first byte that is not white space.
func firstByte(r *bufio.Reader) (byte, error) {
	for n := 1; n <= r.Size(); n++ {
		b, err := r.Peek(n)
		if len(b) < n {
			return 0, err
		}
		switch c := b[n-1]; c {
		case ' ', '\t', '\r', '\n':
		default:
			return c, nil
		}
	}
	return 0, bufio.ErrBufferFull
}

// scanArray reads a JSON array of objects with a streaming decoder. A
// syntax error stops the load even when invalid records are skipped: the
// decoder cannot find the next element after one. A record's fields are
// named from its place in the array ("[3].answer"), since several records
// may stand on one line, as in a file written without indentation.
func scanArray(r *bufio.Reader, parse func(o object) ([]item, error), add func(int, []item, error) error) error {
	lr := &lineReader{r: r}
	dec := json.NewDecoder(lr)
	dec.UseNumber()
	ad := &arrayDecoder{lr: lr, dec: dec}
	if _, err := dec.Token(); err != nil { // '['
		return ad.fail(err)
	}
	lastLine, rank := 0, 0
	for index := 0; dec.More(); index++ {
		var raw json.RawMessage
		if err := ad.decode(index, &raw); err != nil {
			return err
		}
		line := lr.lineAt(dec.InputOffset() - int64(len(raw)))
		if line == lastLine {
			rank++
		} else {
			lastLine, rank = line, 0
		}
		path := fmt.Sprintf("[%d]", index)
		var items []item
		var err error
		if !utf8.Valid(raw) {
			// The decoder takes such bytes in strings for U+FFFD.
			err = errors.New("not UTF-8")
			line += bytes.Count(raw[:invalidAt(raw)], []byte("\n"))
		} else {
			var o object
			if o, err = parseObject(raw); err == nil {
				o.path = path
				items, err = parse(o)
			}
			// A field a parser named itself (bad) is of this record.
			if fe, ok := errors.AsType[*fieldError](err); ok && !strings.HasPrefix(fe.field, path) {
				fe.field = path + "." + fe.field
			}
			line += fieldLine(raw, err)
		}
		if err != nil && !errors.As(err, new(*fieldError)) {
			err = &fieldError{field: path, err: err}
		}
		for i := range items {
			items[i].lineRank = rank
		}
		if err := add(line, items, err); err != nil {
			return err
		}
	}
	return ad.end()
}

// fieldLine is how many lines into a record of a JSON array the field that
// err names stands (the record may span many): the first place its last
// key is written as a key; 0 where err names no field, or a field the
// record lacks.
func fieldLine(raw []byte, err error) int {
	fe, ok := errors.AsType[*fieldError](err)
	if !ok {
		return 0
	}
	key := fe.field[strings.LastIndex(fe.field, ".")+1:]
	if i := strings.IndexByte(key, '['); i >= 0 {
		key = key[:i]
	}
	if key == "" {
		return 0
	}
	quoted := []byte(strconv.Quote(key))
	for from := 0; ; {
		i := bytes.Index(raw[from:], quoted)
		if i < 0 {
			return 0
		}
		at := from + i
		rest := bytes.TrimLeft(raw[at+len(quoted):], " \t\r\n")
		if len(rest) > 0 && rest[0] == ':' {
			return bytes.Count(raw[:at], []byte("\n"))
		}
		from = at + len(quoted)
	}
}

// atLine is a problem that stops a scan, at a line.
type atLine struct {
	line int
	err  error
}

func (e *atLine) Error() string { return fmt.Sprintf("line %d: %v", e.line, e.err) }

// lineReader passes bytes through, remembering where each line starts, so
// that an offset of the decoder can be turned into a line.
type lineReader struct {
	r      *bufio.Reader
	n      int64   // bytes read
	starts []int64 // offsets where the second and later lines start
}

func (l *lineReader) Read(p []byte) (int, error) {
	n, err := l.r.Read(p)
	for i := range n {
		if p[i] == '\n' {
			l.starts = append(l.starts, l.n+int64(i)+1)
		}
	}
	l.n += int64(n)
	return n, err
}

// lineAt returns the line (from 1) of byte offset off.
func (l *lineReader) lineAt(off int64) int {
	return 1 + sort.Search(len(l.starts), func(i int) bool { return l.starts[i] > off })
}
