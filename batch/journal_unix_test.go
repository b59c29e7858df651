//go:build linux

package batch

import (
	"context"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// TestJournalLeavesNoTornLineOnAFailedWrite: a journal line whose write
// fails part way (the disk full, here the file size limit) is taken out
// again, as the verdict log does, so that the next line, written once
// there is room, does not follow a torn one: the journal would then be
// refused at the next run of the folder (a bad line that is not the
// last), and with it every batch it names, paid for already, unless
// --fresh forgot them all.
func TestJournalLeavesNoTornLineOnAFailedWrite(t *testing.T) {
	dir := t.TempDir()
	r, err := Open(context.Background(), dir, false, 1, nil)
	if err != nil {
		t.Fatal(err)
	}
	first := entry{Event: "uploaded", Agent: "a", File: "file-1", Keys: []string{"x"}}
	if err := r.jour.add(first); err != nil {
		t.Fatal(err)
	}
	info, err := os.Stat(filepath.Join(dir, JournalFile))
	if err != nil {
		t.Fatal(err)
	}
	var was syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_FSIZE, &was); err != nil {
		t.Skip(err)
	}
	small := was
	small.Cur = uint64(info.Size()) + 20 // room for part of the next line
	if err := syscall.Setrlimit(syscall.RLIMIT_FSIZE, &small); err != nil {
		t.Skip(err)
	}
	err = r.jour.add(entry{Event: "created", Agent: "a", File: "file-1", Batch: "batch-1"})
	if rerr := syscall.Setrlimit(syscall.RLIMIT_FSIZE, &was); rerr != nil {
		t.Fatal(rerr)
	}
	if err == nil {
		t.Fatal("a write past the file size limit did not fail")
	}
	if err := r.jour.add(entry{Event: "created", Agent: "a", File: "file-1", Batch: "batch-2"}); err != nil {
		t.Fatal(err)
	}
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	again, err := Open(context.Background(), dir, false, 1, nil)
	if err != nil {
		t.Fatalf("the journal after a failed write: %v", err)
	}
	defer again.Close()
	if got, want := again.jour.earlier("a")["x"], (ref{file: "file-1", batch: "batch-2"}); got != want {
		t.Errorf("x went to %+v; want %+v", got, want)
	}
}
