package cache

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mootlab/moot/agents"
	"github.com/mootlab/moot/internal/rofs"
)

// TestReadOnlyWithAnEmptyLog: a cache that can only be read here, whose
// -wal file is there but empty (every answer moved into the database
// file), holds no answer the reader cannot see: it opens read-only and
// answers what it holds.
func TestReadOnlyWithAnEmptyLog(t *testing.T) {
	dir := heldCache(t)
	if err := os.WriteFile(filepath.Join(dir, FileName+"-wal"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	rofs.ReadOnly(t, dir)
	s, err := Open(dir)
	if err != nil {
		t.Fatalf("Open of a read-only cache with an empty -wal: got %v; want it opened", err)
	}
	defer s.Close()
	if r, ok, err := s.Get(context.Background(), "k"); !s.ReadOnly() || err != nil || !ok || r.Text != "held" {
		t.Errorf("read-only %v, Get: got %+v, %v, %v; want read-only, the answer held", s.ReadOnly(), r, ok, err)
	}
}

// TestOpenRefusesDamageTheProbeMeets: a cache whose schema reads but the
// root page of its table of answers is damaged is refused at open (its
// write probe meets the damage), wrapping ErrDamaged and naming the file,
// rather than opened to fail every episode's read.
func TestOpenRefusesDamageTheProbeMeets(t *testing.T) {
	dir := t.TempDir()
	s := mustOpen(t, dir)
	for i := range 100 {
		if _, err := s.Put(context.Background(), strings.Repeat("k", i+1), "agent", agents.Response{Text: "an answer"}); err != nil {
			t.Fatal(err)
		}
	}
	s.Close()
	path := filepath.Join(dir, FileName)
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	// Page 2, the table's root (page 1 is the schema).
	if _, err := f.WriteAt([]byte(strings.Repeat("\xff", 4096)), 4096); err != nil {
		t.Fatal(err)
	}
	f.Close()
	s2, err := Open(dir)
	if err == nil {
		s2.Close()
	}
	if !errors.Is(err, ErrDamaged) || !strings.Contains(err.Error(), path) {
		t.Errorf("Open of a cache whose table's root page is damaged: got %v; want an error wrapping ErrDamaged that names %s", err, path)
	}
}
