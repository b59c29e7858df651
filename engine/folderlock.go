package engine

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/gofrs/flock"
)

// FolderLockFile is the file in a run's folder that the process writing
// the folder holds an OS lock on, with its PID in it. The lock dies with
// the process; the file stays.
const FolderLockFile = ".moot.lock"

// ErrFolderLocked is wrapped by the error of a run into a folder that
// another process is writing.
var ErrFolderLocked = errors.New("engine: run folder in use")

// LockFolder creates dir if missing and takes its lock, or fails at once
// naming the PID that holds it (ErrFolderLocked). The returned function
// releases it. Every process that writes a run folder takes it.
func LockFolder(dir string) (func(), error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	path := filepath.Join(dir, FolderLockFile)
	l := flock.New(path)
	ok, err := l.TryLock()
	if err != nil {
		return nil, fmt.Errorf("engine: lock %s: %w", path, err)
	}
	if !ok {
		holder := "another process"
		if data, err := os.ReadFile(path); err == nil {
			if pid, err := strconv.Atoi(strings.TrimSpace(string(data))); err == nil {
				holder = fmt.Sprintf("process %d", pid)
			}
		}
		return nil, fmt.Errorf("%w: %s is writing %s; wait for it to end, or choose another --out", ErrFolderLocked, holder, dir)
	}
	if err := os.WriteFile(path, []byte(strconv.Itoa(os.Getpid())+"\n"), 0o644); err != nil {
		l.Unlock()
		return nil, fmt.Errorf("engine: lock %s: %w", path, err)
	}
	return func() { l.Unlock() }, nil
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

// folderBusy reports whether a process holds dir's folder lock — a run
// writing it — and names it, without taking the lock or writing to dir.
func folderBusy(dir string) (holder string, busy bool) {
	path := filepath.Join(dir, FolderLockFile)
	if _, err := os.Stat(path); err != nil {
		return "", false
	}
	l := flock.New(path, flock.SetFlag(os.O_RDONLY))
	ok, err := l.TryRLock()
	if err != nil {
		return "", false
	}
	if ok {
		l.Unlock()
		return "", false
	}
	holder = "another process"
	if data, err := os.ReadFile(path); err == nil {
		if pid, err := strconv.Atoi(strings.TrimSpace(string(data))); err == nil {
			holder = fmt.Sprintf("process %d", pid)
		}
	}
	return holder, true
}
