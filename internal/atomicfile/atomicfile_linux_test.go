package atomicfile

import (
	"errors"
	"io"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestWriteErrorNamesTheFile: a write that fails for want of room (here a
// file size limit, as a full disk) names the file being written, not the
// temporary file it goes through, and keeps the cause.
func TestWriteErrorNamesTheFile(t *testing.T) {
	var old syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_FSIZE, &old); err != nil {
		t.Skip(err)
	}
	limit := old
	limit.Cur = 1 << 12
	if err := syscall.Setrlimit(syscall.RLIMIT_FSIZE, &limit); err != nil {
		t.Skip(err)
	}
	path := filepath.Join(t.TempDir(), "report.html")
	err := Write(path, func(w io.Writer) error {
		_, err := w.Write(make([]byte, 1<<20))
		return err
	})
	syscall.Setrlimit(syscall.RLIMIT_FSIZE, &old)
	if !errors.Is(err, syscall.EFBIG) {
		t.Fatalf("err = %v; want the file size limit's", err)
	}
	if want := "writing " + path + ": "; !strings.HasPrefix(err.Error(), want) || strings.Contains(err.Error(), ".report.html.") {
		t.Errorf("got %q; want it to start %q and not name the temporary file", err, want)
	}
}
