package cache

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/mootlab/moot/agents"
	"github.com/mootlab/moot/internal/rofs"
)

// TestReadOnlyCopyOfACacheInUse: a copy of a cache a run was writing —
// its database, its -wal holding answers, its -shm and its setup lock,
// as cp -a of the folder makes — that this user
// may only read is refused as the log's answers ask, where SQLite had
// opened it to read alone without a word and every answer put failed.
func TestReadOnlyCopyOfACacheInUse(t *testing.T) {
	dir := heldCache(t)
	s := mustOpen(t, dir)
	if _, err := s.Put(context.Background(), "k2", "agent", agents.Response{Text: "in the log"}); err != nil {
		t.Fatal(err)
	}
	cp := filepath.Join(t.TempDir(), "copy")
	if err := os.Mkdir(cp, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, suffix := range []string{"", "-wal", "-shm", ".setup-lock"} {
		data, err := os.ReadFile(filepath.Join(dir, FileName+suffix))
		if err != nil {
			t.Fatalf("the open cache has no %s%s: %v", FileName, suffix, err)
		}
		if err := os.WriteFile(filepath.Join(cp, FileName+suffix), data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	s.Close()
	rofs.ReadOnly(t, cp)
	if c, err := Open(cp); !errors.Is(err, errAnswersInLog) {
		if err == nil {
			c.Close()
		}
		t.Errorf("Open of a read-only copy with answers in its log: %v; want it refused, saying why", err)
	}
}

// TestDamagedPagesStopReads: a cache whose file opens but holds damaged
// pages fails the reads that meet them with ErrDamaged, and the store
// says so (Damaged) for a run to stop at; its stats are refused alike.
func TestDamagedPagesStopReads(t *testing.T) {
	dir := damagedPages(t)
	ctx := context.Background()
	s, err := Open(dir)
	if err != nil {
		t.Skipf("the damage is seen at open (%v); this test wants a file that opens", err)
	}
	defer s.Close()
	if s.Damaged() != nil {
		t.Fatal("damaged before any read")
	}
	failed := 0
	for i := range 400 {
		if _, _, err := s.Get(ctx, fmt.Sprintf("%064x", i*7919)); err != nil {
			if !errors.Is(err, ErrDamaged) {
				t.Fatalf("get k%d: %v; want ErrDamaged", i, err)
			}
			failed++
		}
	}
	if failed == 0 || !errors.Is(s.Damaged(), ErrDamaged) {
		t.Errorf("%d reads failed, Damaged %v; want some, and the store to say so", failed, s.Damaged())
	}
	if _, err := s.Stats(ctx); !errors.Is(err, ErrDamaged) {
		t.Errorf("stats of a damaged cache: %v; want ErrDamaged", err)
	}
}
