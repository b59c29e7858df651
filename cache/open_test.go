package cache

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"testing"
)

// TestOpenTogether: processes that open one fresh cache folder at once
// (shards started together on a shared cache) all open it; the first
// sets it up while the others wait.
func TestOpenTogether(t *testing.T) {
	for round := range 20 {
		dir := filepath.Join(t.TempDir(), fmt.Sprint(round))
		var wg sync.WaitGroup
		errs := make([]error, 8)
		for i := range errs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				s, err := Open(dir)
				if err == nil {
					err = s.Close()
				}
				errs[i] = err
			}()
		}
		wg.Wait()
		for i, err := range errs {
			if err != nil {
				t.Fatalf("round %d, opener %d: %v", round, i, err)
			}
		}
	}
}

// TestSetupLockOpensToWhoeverMayOpenTheCache: the setup lock of a cache
// has its database's mode, so that a user who may write a cache shared
// on purpose (another user's, its folder and database made writable to
// the group) can take the lock, where one of mode 0600 had made the
// cache read-only to any user but its maker, without a word of why; a
// lock made so by an earlier moot gets the database's mode at the next
// open by its owner. Found running moot as two users on one cache.
func TestSetupLockOpensToWhoeverMayOpenTheCache(t *testing.T) {
	dir := t.TempDir()
	db, lock := filepath.Join(dir, FileName), filepath.Join(dir, FileName+".setup-lock")
	open := func() {
		t.Helper()
		s, err := Open(dir)
		if err != nil {
			t.Fatal(err)
		}
		s.Close()
	}
	modes := func() (fs.FileMode, fs.FileMode) {
		t.Helper()
		di, err := os.Stat(db)
		if err != nil {
			t.Fatal(err)
		}
		li, err := os.Stat(lock)
		if err != nil {
			t.Fatal(err)
		}
		return di.Mode().Perm(), li.Mode().Perm()
	}
	open()
	if d, l := modes(); l != d {
		t.Errorf("a fresh cache's setup lock has mode %v, its database %v; want the database's", l, d)
	}
	// A cache shared on purpose, whose lock an earlier moot made 0600.
	if err := os.Chmod(db, 0o666); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(lock, 0o600); err != nil {
		t.Fatal(err)
	}
	open()
	if d, l := modes(); l != d {
		t.Errorf("after an open by its owner, the setup lock has mode %v, its database %v; want the database's", l, d)
	}
}
