package cache

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mootlab/moot/agents"
)

// readOnlyCache is a cache in a folder of its own holding one answer
// under key "k", closed. Its folder's name has a space, a '?', a '#' and
// a '%', which SQLite would read in a bare path as the start of its
// parameters, a fragment and an escape.
func readOnlyCache(t *testing.T) string {
	t.Helper()
	parent := t.TempDir()
	dir := filepath.Join(parent, "a cache?#%41")
	s, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if mode := journalMode(t, s); mode != "wal" {
		t.Errorf("journal mode %q; want wal", mode)
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

// checkReadOnly checks that s answers what it holds and stores nothing.
func checkReadOnly(t *testing.T, s *Store) {
	t.Helper()
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

// TestOpenReadOnlyFolder: a cache whose folder this user may only read is
// opened read-only. (Root writes any folder: skipped there, where
// TestOpenReadOnlyWhereSetupFails stands in.)
func TestOpenReadOnlyFolder(t *testing.T) {
	if os.Getuid() == 0 {
		t.Skip("root may write a folder of mode 0555")
	}
	dir := readOnlyCache(t)
	if err := os.Chmod(filepath.Join(dir, FileName), 0o444); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(dir, 0o555); err != nil {
		t.Fatal(err)
	}
	defer os.Chmod(dir, 0o755)
	s, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	checkReadOnly(t, s)
}

// TestOpenReadOnlyWhereSetupFails: where the cache cannot be opened to be
// written (here its setup lock cannot be made, as in a folder on a
// read-only volume), it is opened read-only; but not where answers wait
// in its write-ahead log, which a read-only reader would not see, nor
// where its file is not a cache.
func TestOpenReadOnlyWhereSetupFails(t *testing.T) {
	dir := readOnlyCache(t)
	lock := filepath.Join(dir, FileName+".setup-lock")
	os.Remove(lock)
	if err := os.Mkdir(lock, 0o700); err != nil {
		t.Fatal(err)
	}
	s, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	checkReadOnly(t, s)
	s.Close()

	wal := filepath.Join(dir, FileName+"-wal")
	if err := os.WriteFile(wal, []byte("answers not yet checkpointed"), 0o600); err != nil {
		t.Fatal(err)
	}
	if s, err := Open(dir); err == nil {
		s.Close()
		t.Error("opened with answers waiting in its write-ahead log; want the error of the writable open")
	}
	os.Remove(wal)
	if err := os.WriteFile(filepath.Join(dir, FileName), []byte(strings.Repeat("not a cache ", 100)), 0o600); err != nil {
		t.Fatal(err)
	}
	if s, err := Open(dir); err == nil {
		s.Close()
		t.Error("a file that is no cache opened read-only")
	}
}

// journalMode is the journal mode of s's database.
func journalMode(t *testing.T, s *Store) string {
	t.Helper()
	var mode string
	if err := s.db.QueryRow(`PRAGMA journal_mode`).Scan(&mode); err != nil {
		t.Fatal(err)
	}
	return mode
}
