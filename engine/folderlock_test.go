package engine

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestHoldFoldersKeepsWritersOut: while a process reads run folders to
// write another (a rejudge, a merge), no run may start writing them; a
// hold fails at once on a folder being written, naming the writer; a
// folder whose lock file cannot be made is read without one.
func TestHoldFoldersKeepsWritersOut(t *testing.T) {
	a, b := t.TempDir(), t.TempDir()
	release, err := HoldFolders(a, b)
	if err != nil {
		t.Fatal(err)
	}
	for _, dir := range []string{a, b} {
		if _, err := LockFolder(dir); !errors.Is(err, ErrFolderLocked) || !strings.Contains(err.Error(), "is reading") {
			t.Errorf("a run into %s while it is read: %v; want ErrFolderLocked, saying it is read", dir, err)
		}
	}
	again, err := HoldFolders(a)
	if err != nil {
		t.Errorf("two readers of one folder: %v; want both to hold it", err)
	} else {
		again()
	}
	release()
	unlock, err := LockFolder(b)
	if err != nil {
		t.Fatalf("a run into a folder no longer read: %v", err)
	}
	if _, err := HoldFolders(a, b); !errors.Is(err, ErrFolderLocked) {
		t.Errorf("reading a folder being written: %v; want ErrFolderLocked", err)
	}
	if _, err := LockFolder(b); !errors.Is(err, ErrFolderLocked) || !strings.Contains(err.Error(), "is writing") {
		t.Errorf("writing a folder being written: %v; want ErrFolderLocked, naming the writer", err)
	}
	// The failed hold let go of the folder it had already taken.
	if unlockA, err := LockFolder(a); err != nil {
		t.Errorf("a failed hold kept its other folders: %v", err)
	} else {
		unlockA()
	}
	unlock()
	if os.Getuid() != 0 {
		ro := t.TempDir()
		if err := os.Chmod(ro, 0o555); err != nil {
			t.Fatal(err)
		}
		defer os.Chmod(ro, 0o755)
		release, err := HoldFolders(ro)
		if err != nil {
			t.Errorf("a read-only folder: %v; want it read without a hold", err)
		} else {
			release()
		}
		if _, err := os.Stat(filepath.Join(ro, FolderLockFile)); err == nil {
			t.Error("a lock file appeared in a read-only folder")
		}
	}
}
