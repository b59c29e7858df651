package appendlog

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// diskFull is a file on a disk that fills after room bytes: a write takes
// what fits and fails; cut says whether Truncate works. A write goes at
// pos, the handle's offset, as in a file not opened to append (moot
// judge's verdict log): past the end it leaves a hole of zero bytes.
type diskFull struct {
	data []byte
	pos  int
	room int
	cut  bool
	// syncErr, if not nil, fails every Sync.
	syncErr error
}

func (d *diskFull) Write(p []byte) (int, error) {
	n := min(len(p), max(d.room-d.pos, 0))
	if end := d.pos + n; end > len(d.data) {
		d.data = append(d.data, make([]byte, end-len(d.data))...)
	}
	copy(d.data[d.pos:], p[:n])
	d.pos += n
	if n < len(p) {
		return n, errors.New("no space left on device")
	}
	return n, nil
}

func (d *diskFull) Seek(off int64, whence int) (int64, error) {
	if whence != io.SeekStart {
		return 0, errors.New("unused")
	}
	d.pos = int(off)
	return off, nil
}

func (d *diskFull) Truncate(size int64) error {
	if !d.cut {
		return errors.New("read-only handle")
	}
	d.data = d.data[:size]
	return nil
}

func (d *diskFull) Sync() error  { return d.syncErr }
func (d *diskFull) Name() string { return "log.jsonl" }
func (d *diskFull) Close() error { return nil }

// TestAFailedLineIsCutOff: the part of a line a full disk took is cut off
// again, and the handle's offset moved back to the cut, so that the next
// line, once there is room, follows the last whole one, where it would
// have followed the torn part and made a line no reader reads (or, from a
// handle not opened to append, the hole of zero bytes the cut left
// before it).
func TestAFailedLineIsCutOff(t *testing.T) {
	d := &diskFull{room: 14, cut: true}
	l := &Log{f: d}
	if err := l.Append([]byte("{\"a\":1}\n")); err != nil {
		t.Fatal(err)
	}
	if err := l.Append([]byte("{\"b\":2}\n")); err == nil || errors.Is(err, ErrTorn) {
		t.Fatalf("a write the disk could not take: %v; want its error, not torn", err)
	}
	d.room = 100
	if err := l.Append([]byte("{\"c\":3}\n")); err != nil {
		t.Fatal(err)
	}
	if got, want := string(d.data), "{\"a\":1}\n{\"c\":3}\n"; got != want {
		t.Errorf("the log holds %q; want %q", got, want)
	}
}

// TestALineNotSyncedIsCutOff: a line written whole but whose sync failed
// (a disk's write-back error, where the line may not reach the disk) is
// not taken: Append says so, and the line is cut off again, as a line
// whose write failed is.
func TestALineNotSyncedIsCutOff(t *testing.T) {
	d := &diskFull{room: 100, cut: true}
	l := &Log{f: d}
	if err := l.Append([]byte("{\"a\":1}\n")); err != nil {
		t.Fatal(err)
	}
	d.syncErr = errors.New("input/output error")
	if err := l.Append([]byte("{\"b\":2}\n")); err == nil || errors.Is(err, ErrTorn) {
		t.Fatalf("a line whose sync failed: %v; want the sync's error, not torn", err)
	}
	d.syncErr = nil
	if err := l.Append([]byte("{\"c\":3}\n")); err != nil {
		t.Fatal(err)
	}
	if got, want := string(d.data), "{\"a\":1}\n{\"c\":3}\n"; got != want {
		t.Errorf("the log holds %q; want %q", got, want)
	}
}

// TestATornLogTakesNoMoreLines: where the failed line cannot be cut off,
// the error says the log may end in a torn line, and no line follows it:
// its reader drops a torn last line, but not one in the middle.
func TestATornLogTakesNoMoreLines(t *testing.T) {
	d := &diskFull{room: 14}
	l := &Log{f: d}
	if err := l.Append([]byte("{\"a\":1}\n")); err != nil {
		t.Fatal(err)
	}
	err := l.Append([]byte("{\"b\":2}\n"))
	if !errors.Is(err, ErrTorn) || !strings.Contains(err.Error(), "log.jsonl") || !strings.Contains(err.Error(), "no space") || strings.Contains(err.Error(), "\n") {
		t.Errorf("a line neither written nor cut off: %q; want, on one line, the write's error and that log.jsonl may end in a torn line", err)
	}
	d.room, d.cut = 100, true
	if err := l.Append([]byte("{\"c\":3}\n")); !errors.Is(err, ErrTorn) {
		t.Errorf("a line after a torn one: %v; want it refused", err)
	}
	if got, want := string(d.data), "{\"a\":1}\n{\"b\":2"; got != want {
		t.Errorf("the log holds %q; want %q", got, want)
	}
}

// TestAppendToAFile: lines reach the file, each after the last, from the
// offset New is told, whether the file was opened to append or not.
func TestAppendToAFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "log.jsonl")
	for _, flag := range []int{os.O_APPEND, 0} {
		if err := os.WriteFile(path, []byte("one\n"), 0o666); err != nil {
			t.Fatal(err)
		}
		f, err := os.OpenFile(path, os.O_WRONLY|flag, 0)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.Seek(4, io.SeekStart); err != nil {
			t.Fatal(err)
		}
		l := New(f, 4)
		for _, line := range []string{"two\n", "three\n"} {
			if err := l.Append([]byte(line)); err != nil {
				t.Fatal(err)
			}
		}
		if err := l.Close(); err != nil {
			t.Fatal(err)
		}
		if got, _ := os.ReadFile(path); string(got) != "one\ntwo\nthree\n" {
			t.Errorf("flag %d: the file holds %q", flag, got)
		}
	}
}
