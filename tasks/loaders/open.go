package loaders

import (
	"bufio"
	"bytes"
	"errors"
	"io/fs"
	"os"

	"github.com/mootlab/moot/tasks"
)

// openRecords opens a data file for reading its records, past a
// byte-order mark (as some editors write; not data), which it reports.
func openRecords(path string) (*os.File, *bufio.Reader, bool, error) {
	f, err := openData(path)
	if err != nil {
		return nil, nil, false, err
	}
	r := bufio.NewReaderSize(f, 64<<10)
	bom, _ := r.Peek(3)
	if err := notUTF8Text(bom); err != nil {
		f.Close()
		return nil, nil, false, &tasks.DataError{File: path, Err: err}
	}
	if head, _ := r.Peek(64 << 10); loneCR(head) {
		// Lines that end in a carriage return alone (classic Mac OS) read
		// as one line: its records as one record of too many columns.
		f.Close()
		return nil, nil, false, &tasks.DataError{File: path, Err: errors.New("its lines end in a carriage return alone (CR, as classic Mac OS wrote): save it with LF or CRLF line ends")}
	}
	if string(bom) != "\uFEFF" {
		return f, r, false, nil
	}
	r.Discard(3)
	return f, r, true, nil
}

// loneCR reports whether head, a file's first bytes, has its lines end in
// a carriage return alone: a CR followed by something other than a line
// feed, and no line feed at all. A CR that is head's last byte is not
// known to be alone (a 65,535-byte first line ending in CRLF).
func loneCR(head []byte) bool {
	cr := bytes.IndexByte(head, '\r')
	return cr >= 0 && cr < len(head)-1 && bytes.IndexByte(head, '\n') < 0
}

// notUTF8Text names, from a file's first bytes, a form moot does not
// read that a tool may have left: UTF-16 (its byte-order mark) or gzip;
// nil for anything else, which the reader then checks line by line.
func notUTF8Text(head []byte) error {
	switch {
	case bytes.HasPrefix(head, []byte{0xFF, 0xFE}), bytes.HasPrefix(head, []byte{0xFE, 0xFF}):
		return errors.New("UTF-16 text: save it as UTF-8, which moot reads")
	case bytes.HasPrefix(head, []byte{0x1F, 0x8B}):
		return errors.New("gzip-compressed: decompress it first (gunzip), moot reads plain text")
	}
	return nil
}

// errNotRegular is the error of a data path that names a folder, a device
// or a pipe.
var errNotRegular = errors.New("not a regular file")

// openData opens a dataset file; it must be a regular file, so that a
// device or a pipe cannot make a load block or run forever.
func openData(path string) (*os.File, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	if !st.Mode().IsRegular() {
		f.Close()
		return nil, &fs.PathError{Op: "open", Path: path, Err: errNotRegular}
	}
	return f, nil
}
