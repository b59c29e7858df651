package appendlog

import (
	"errors"
	"testing"
)

// TestACutGoesBackToTheLastWholeLine: after two whole lines, a third the
// disk takes part of is cut off at once to the end of the second (16
// bytes), not to the end of the first line alone nor a byte past.
func TestACutGoesBackToTheLastWholeLine(t *testing.T) {
	d := &diskFull{room: 20, cut: true}
	l := &Log{f: d}
	for _, line := range []string{"{\"a\":1}\n", "{\"b\":2}\n"} {
		if err := l.Append([]byte(line)); err != nil {
			t.Fatal(err)
		}
	}
	if err := l.Append([]byte("{\"c\":3}\n")); err == nil {
		t.Fatal("a line the disk could not take: no error")
	}
	if got, want := string(d.data), "{\"a\":1}\n{\"b\":2}\n"; got != want {
		t.Errorf("after the cut the log holds %q; want %q", got, want)
	}
	if d.pos != 16 {
		t.Errorf("after the cut the offset is %d; want 16", d.pos)
	}
}

// TestATornLogsErrorKeepsTheCause: where the cut fails, the error wraps
// the write's own error as well as ErrTorn, so that a caller can tell a
// full disk.
func TestATornLogsErrorKeepsTheCause(t *testing.T) {
	cause := errors.New("input/output error")
	d := &diskFull{room: 100, syncErr: cause}
	l := &Log{f: d}
	err := l.Append([]byte("{\"a\":1}\n"))
	if !errors.Is(err, ErrTorn) || !errors.Is(err, cause) {
		t.Errorf("a line neither synced nor cut off: %v; want it to wrap ErrTorn and the sync's error", err)
	}
}
