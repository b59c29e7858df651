package cache

import (
	"context"
	"database/sql"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/mootlab/moot/agents"
	"github.com/mootlab/moot/internal/rofs"
)

// heldCache is a cache in a folder of its own holding one answer under
// key "k", closed. Its folder's name has a space, a '?', a '#' and a
// '%', which SQLite would read in a bare path as the start of its
// parameters, a fragment and an escape.
func heldCache(t *testing.T) string {
	t.Helper()
	parent := t.TempDir()
	dir := filepath.Join(parent, "a cache?#%41")
	s, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	var mode string
	if err := s.db.QueryRow(`PRAGMA journal_mode`).Scan(&mode); err != nil || mode != "wal" {
		t.Errorf("journal mode %q, %v; want wal", mode, err)
	}
	if got, _ := os.ReadDir(parent); len(got) != 1 {
		t.Errorf("%d files beside the cache folder; want the folder alone", len(got))
	}
	if _, err := s.Put(context.Background(), "k", "agent", agents.Response{Text: "held", Draw: "d1"}); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestOpenReadOnly: a cache this user may not write (a folder of its own
// with modes that deny it, or, for root, a read-only mount) answers
// what it holds, stores nothing, and refuses a prune and a merge into it.
func TestOpenReadOnly(t *testing.T) {
	dir := heldCache(t)
	rofs.ReadOnly(t, dir)
	s, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	if !s.ReadOnly() {
		t.Fatal("opened to be written; want read-only")
	}
	if r, ok, err := s.Get(ctx, "k"); err != nil || !ok || r.Text != "held" || r.Draw != "d1" {
		t.Errorf("Get = %+v, %v, %v; want the answer held, its draw d1", r, ok, err)
	}
	if draw, err := s.Put(ctx, "new", "agent", agents.Response{Text: "new", Draw: "d2"}); err != nil || draw != "" {
		t.Errorf("Put = %q, %v; want no draw and no error (stored nothing)", draw, err)
	}
	if _, ok, _ := s.Get(ctx, "new"); ok {
		t.Error("a read-only cache stored an answer")
	}
	if _, err := s.Prune(ctx, time.Time{}); err == nil || !strings.Contains(err.Error(), "can only be read") {
		t.Errorf("Prune: %v; want it refused", err)
	}
	if _, err := s.Merge(ctx, t.TempDir()); err == nil || !strings.Contains(err.Error(), "can only be read") {
		t.Errorf("Merge: %v; want it refused", err)
	}
}

// TestReadOnlyNeedsEveryAnswerInTheFile: a cache is read without writing
// only where its database file holds every answer and is a cache: not
// where answers wait in its write-ahead log, which a reader that may not
// write would not see (Open says so, and how to mend it), nor where the
// file is damaged.
func TestReadOnlyNeedsEveryAnswerInTheFile(t *testing.T) {
	dir := heldCache(t)
	if s, err := openReadOnly(dir); err != nil {
		t.Fatalf("a closed cache did not open read-only: %v", err)
	} else {
		s.Close()
	}
	wal := filepath.Join(dir, FileName+"-wal")
	if err := os.WriteFile(wal, []byte("answers not yet checkpointed"), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Run("read-only", func(t *testing.T) {
		rofs.ReadOnly(t, dir)
		if s, err := Open(dir); err == nil || !strings.Contains(err.Error(), "some of its answers are still in "+FileName+"-wal") {
			s.Close()
			t.Errorf("Open with answers waiting in the write-ahead log: %v; want it refused, saying why", err)
		}
	})
	os.Remove(wal)
	if err := os.WriteFile(filepath.Join(dir, FileName), []byte(strings.Repeat("not a cache ", 100)), 0o600); err != nil {
		t.Fatal(err)
	}
	if s, err := openReadOnly(dir); err == nil {
		s.Close()
		t.Error("a file that is no cache opened read-only")
	}
	if _, err := openReadOnly(t.TempDir()); err == nil {
		t.Error("a folder without a cache opened read-only")
	}
}

// TestCannotWrite: only a cache that may not be written is read without
// writing; a damaged one, or one another process holds, is an error.
func TestCannotWrite(t *testing.T) {
	for _, c := range []struct {
		err  error
		want bool
	}{
		{&fs.PathError{Op: "open", Path: "x", Err: syscall.EACCES}, true},
		{&fs.PathError{Op: "open", Path: "x", Err: syscall.EROFS}, true},
		{&fs.PathError{Op: "open", Path: "x", Err: syscall.EISDIR}, false},
		{errors.New("database disk image is malformed"), false},
		{sql.ErrConnDone, false},
	} {
		if got := cannotWrite(c.err); got != c.want {
			t.Errorf("cannotWrite(%v) = %v; want %v", c.err, got, c.want)
		}
	}
}

// TestMergeFromAReadOnlySource: a source this user may only read (a
// shard's cache published with its results) is merged from as any other
// — it had failed with SQLite's "unable to open database file" — but not
// where answers wait in its write-ahead log, which it could not see.
func TestMergeFromAReadOnlySource(t *testing.T) {
	ctx := context.Background()
	src := heldCache(t)
	wal := filepath.Join(src, FileName+"-wal")
	t.Run("every answer in the file", func(t *testing.T) {
		rofs.ReadOnly(t, src)
		dst := mustOpen(t, t.TempDir())
		if n, err := dst.Merge(ctx, src); err != nil || n != 1 {
			t.Fatalf("merge from a read-only cache: %d added, %v; want 1", n, err)
		}
		if r, ok, err := dst.Get(ctx, "k"); err != nil || !ok || r.Text != "held" || r.Draw != "d1" {
			t.Errorf("k = %+v, %v, %v; want the source's answer and its draw", r, ok, err)
		}
	})
	if err := os.WriteFile(wal, []byte("answers not yet checkpointed"), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Run("answers in the log", func(t *testing.T) {
		rofs.ReadOnly(t, src)
		dst := mustOpen(t, t.TempDir())
		if n, err := dst.Merge(ctx, src); !errors.Is(err, errAnswersInLog) || n != 0 {
			t.Errorf("merge from a read-only cache with answers in its log: %d added, %v; want it refused, saying why", n, err)
		}
	})
}
