package engine

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"

	"github.com/gofrs/flock"
)

// FolderLockFile is the file in a run's folder that the process writing
// the folder holds an OS lock on, with its PID in it. The lock dies with
// the process; the file stays.
const FolderLockFile = ".moot.lock"

// ErrFolderLocked is wrapped by the error of a run into a folder that
// another process is writing.
var ErrFolderLocked = errors.New("run folder in use")

// LockFolder creates dir if missing and takes its lock, or fails at once
// naming the PID that holds it (ErrFolderLocked). The returned function
// releases it. Every process that writes a run folder takes it. The
// folder and the lock file are made as other Unix tools make them, 0777
// and 0666 less the umask: in a folder a group shares (umask 002), any of
// its members can take the lock of a run another started, and resume it.
func LockFolder(dir string) (func(), error) {
	if err := os.MkdirAll(dir, 0o777); err != nil {
		return nil, err
	}
	path := filepath.Join(dir, FolderLockFile)
	l := flock.New(path, flock.SetPermissions(0o666))
	ok, err := l.TryLock()
	if err != nil {
		return nil, lockError(path, dir, err)
	}
	if !ok {
		return nil, heldError(path, dir)
	}
	if err := os.WriteFile(path, []byte(strconv.Itoa(os.Getpid())+"\n"), 0o666); err != nil {
		l.Unlock()
		return nil, fmt.Errorf("lock %s: %w", path, err)
	}
	return func() { l.Unlock() }, nil
}

// heldError says who holds dir's lock, the file at path, that a process
// could not take: a run writing it, or a rejudge or merge reading it.
func heldError(path, dir string) error {
	// Held shared, the folder is read (HoldFolders): its lock file names
	// its last writer, not its readers.
	if r := flock.New(path); func() bool { ok, _ := r.TryRLock(); return ok }() {
		r.Unlock()
		return fmt.Errorf("%w: another process (a rejudge or merge of it) is reading %s; wait for it to end", ErrFolderLocked, dir)
	}
	return fmt.Errorf("%w: %s is writing %s; wait for it to end", ErrFolderLocked, lockHolder(path), dir)
}

// FolderFree fails as LockFolder would where another process holds dir's
// lock, taking it only for the instant of the try, so that a run refused
// for it is refused before it prints its plan, not after, as if it had
// started; nil where dir has no lock file yet, or where it cannot be
// tried (LockFolder then says why). A rejudge or merge that tries to hold
// the folder in that instant is refused as if a run were writing it.
func FolderFree(dir string) error {
	path := filepath.Join(dir, FolderLockFile)
	if _, err := os.Stat(path); err != nil {
		return nil
	}
	l := flock.New(path)
	ok, err := l.TryLock()
	switch {
	case err != nil:
		return nil
	case !ok:
		return heldError(path, dir)
	}
	return l.Unlock()
}

// HoldFolders takes a shared hold on the lock of each of the run folders
// dirs that a process reads to write another (a rejudge its source, a
// merge its shards), so that no run starts writing one of them while it
// reads, or fails at once, naming the process writing one
// (ErrFolderLocked). The returned function releases them all. A folder
// whose lock file cannot be opened (a read-only copy) is read without a
// hold.
func HoldFolders(dirs ...string) (func(), error) {
	var held []*flock.Flock
	release := func() {
		for _, l := range held {
			l.Unlock()
		}
	}
	for _, dir := range dirs {
		path := filepath.Join(dir, FolderLockFile)
		l := flock.New(path, flock.SetFlag(os.O_CREATE|os.O_RDONLY), flock.SetPermissions(0o666))
		ok, err := l.TryRLock()
		if err != nil {
			continue
		}
		if !ok {
			release()
			return nil, fmt.Errorf("%w: %s is writing %s; wait for it to end", ErrFolderLocked, lockHolder(path), dir)
		}
		held = append(held, l)
	}
	return release, nil
}

// lockHolder names the process whose PID the lock file at path records.
func lockHolder(path string) string {
	if data, err := os.ReadFile(path); err == nil {
		if pid, err := strconv.Atoi(strings.TrimSpace(string(data))); err == nil {
			return fmt.Sprintf("process %d", pid)
		}
	}
	return "another process"
}

// RemoveRun removes the run folder dir while holding its lock, so that it
// never removes a folder another process is writing (ErrFolderLocked).
func RemoveRun(dir string) error {
	unlock, err := LockFolder(dir)
	if err != nil {
		return err
	}
	defer unlock()
	return os.RemoveAll(dir)
}

// lockError is the error of a lock of path, in the folder dir, that could
// not be taken; where the file system takes no locks it says so, and what
// to do.
func lockError(path, dir string, err error) error {
	if errors.Is(err, syscall.ENOLCK) || errors.Is(err, errors.ErrUnsupported) {
		return fmt.Errorf("lock %s: %w: the file system of %s takes no file locks (NFS without its lock service?), which keep two processes from writing one run; choose a folder on a local disk", path, err, dir)
	}
	return fmt.Errorf("lock %s: %w", path, err)
}
