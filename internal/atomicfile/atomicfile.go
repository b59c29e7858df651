// Package atomicfile writes a file through a temporary file in the same
// folder, renamed into place only once it is whole: a reader, or a run that
// is killed, never sees a half-written file; the bytes reach the disk
// before the name does, and the name is synced after.
package atomicfile

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// ErrNotRegular is wrapped by the error of a write to a path that holds
// something other than a regular file (a folder, a FIFO, a device): a
// rename would replace it, so it is left as it is.
var ErrNotRegular = errors.New("atomicfile: not a regular file")

// Write writes path with write, atomically; on any error the previous
// file, if there was one, is left as it was. What an earlier writer of
// path, killed, left is removed first (RemoveStale). The file is made
// as other Unix tools make one, mode 0666 less the umask. A symlink at
// path is replaced, not written through (Target resolves a path the user
// named); a folder, FIFO, device or socket there is refused. An error of
// the file names path, not the temporary file.
func Write(path string, write func(io.Writer) error) error {
	return writeMode(path, 0o666, write)
}

// WritePrivate writes data to path atomically, readable and writable by
// its owner alone (mode 0600, whatever the umask) from the first byte: a
// secret.
func WritePrivate(path string, data []byte) error {
	return writeMode(path, 0o600, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}

// Target is the file a write of path, a path the user named (an
// --out), should replace: path, or where path is a symlink the file at
// the end of its links, so that the link stays. Where that holds a
// folder, a FIFO, a device or a socket, or path is a symlink that names
// no file, it is an error (ErrNotRegular for the former). Write itself
// does not follow a symlink: a run's own files have fixed names, and a
// link planted at one in a folder others may write must not turn a
// write into one of the file it names.
func Target(path string) (string, error) {
	info, err := os.Lstat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return path, nil
	}
	if err != nil {
		return "", err
	}
	if info.Mode()&fs.ModeSymlink != 0 {
		target, err := filepath.EvalSymlinks(path)
		if err != nil {
			return "", fmt.Errorf("%s is a symlink that names no file: %w", path, err)
		}
		if info, err = os.Stat(target); err != nil {
			return "", err
		}
		path = target
	}
	if notAFile(info.Mode()) {
		return "", notRegular(path, info.Mode())
	}
	return path, nil
}

// notAFile says whether a file of mode m is one a write must not replace:
// a folder, a FIFO, a device or a socket. Other irregular files, such as
// Windows' reparse points (a file a cloud drive keeps), are files.
func notAFile(m fs.FileMode) bool {
	return m.IsDir() || m&(fs.ModeNamedPipe|fs.ModeDevice|fs.ModeCharDevice|fs.ModeSocket) != 0
}

// checkReplaceable refuses a path that holds a folder, FIFO, device or
// socket (notAFile); a symlink there is replaced by the write, as any
// file is, and what it names is left as it was.
func checkReplaceable(path string) error {
	info, err := os.Lstat(path)
	if err != nil || info.Mode()&fs.ModeSymlink != 0 || !notAFile(info.Mode()) {
		return nil
	}
	return notRegular(path, info.Mode())
}

// notRegular is the error of a write to path, which holds a file of mode
// m that it must not replace (notAFile).
func notRegular(path string, m fs.FileMode) error {
	return fmt.Errorf("%s is %s: %w", path, Kind(m), ErrNotRegular)
}

// Kind says in words what a file of mode m is: "a folder", "a FIFO", "a
// device", "a socket", "a file".
func Kind(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "a folder"
	case m&fs.ModeNamedPipe != 0:
		return "a FIFO"
	case m&fs.ModeDevice != 0:
		return "a device"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m.IsRegular():
		return "a file"
	}
	return "not a regular file"
}

// writeMode is Write of a file made with the permissions perm less the
// umask, or 0600 exactly for a secret's.
func writeMode(path string, perm os.FileMode, write func(io.Writer) error) (err error) {
	if err := checkReplaceable(path); err != nil {
		return err
	}
	RemoveStale(filepath.Dir(path), "."+filepath.Base(path)+".")
	tmp, err := createTemp(path, perm)
	if err != nil {
		return fileError(path, err)
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if perm == 0o600 { // a umask may take more than group and others away
		if err := tmp.Chmod(perm); err != nil {
			return fileError(path, err)
		}
	}
	bw := bufio.NewWriterSize(fileWriter{tmp, path}, 1<<16)
	if err := write(bw); err != nil {
		return err
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	// On disk before the rename: else a machine that loses power soon
	// after may show the new name with no bytes, the old file gone.
	if err := tmp.Sync(); err != nil {
		return fileError(path, err)
	}
	if err := tmp.Close(); err != nil {
		return fileError(path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fileError(path, err)
	}
	syncFolder(filepath.Dir(path))
	return nil
}

// syncFolder asks the disk to hold a folder's names as they are now, so
// that a file renamed into it keeps its new name through a power loss.
// It is done where it can be: the rename is whole either way, and a
// folder that cannot be synced (a file system or platform without the
// call) leaves at worst the old file after a power loss, never a part of
// the new one. So its errors are not the write's.
func syncFolder(dir string) {
	f, err := os.Open(dir)
	if err != nil {
		return
	}
	f.Sync()
	f.Close()
}

// createTemp creates, with the permissions perm less the umask, a file
// of its own in path's folder named "." + path's name + "." + digits
// (RemoveStale's pattern), as os.CreateTemp names one; os.CreateTemp
// itself makes the file 0600, which no umask opens to the group.
func createTemp(path string, perm os.FileMode) (*os.File, error) {
	var f *os.File
	err := tryNames(filepath.Join(filepath.Dir(path), "."+filepath.Base(path)+"."), func(name string) (err error) {
		f, err = os.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_EXCL, perm)
		return err
	})
	return f, err
}

// MkdirTemp makes a folder of its own in dir, named prefix and digits as
// os.MkdirTemp names one (RemoveStale's pattern), with the permissions a
// folder made by hand has, 0777 less the umask; os.MkdirTemp makes it
// 0700. It returns the folder's path.
func MkdirTemp(dir, prefix string) (string, error) {
	var made string
	err := tryNames(filepath.Join(dir, prefix), func(name string) error {
		made = name
		return os.Mkdir(name, 0o777)
	})
	return made, err
}

// tryNames calls make with prefix and random digits until a name is
// free (make does not fail with fs.ErrExist).
func tryNames(prefix string, make func(name string) error) error {
	for try := 0; ; try++ {
		err := make(prefix + strconv.FormatUint(uint64(rand.Uint32()), 10))
		if !errors.Is(err, fs.ErrExist) || try >= 10000 {
			return err
		}
	}
}

// fileWriter is a temporary file whose write errors name path, the file
// it becomes: a full disk is "writing …/report.html: no space left on
// device", not the temporary file's name, which the user never asked for.
type fileWriter struct {
	f    *os.File
	path string
}

func (w fileWriter) Write(p []byte) (int, error) {
	n, err := w.f.Write(p)
	if err != nil {
		err = fileError(w.path, err)
	}
	return n, err
}

// fileError is err, an error of the temporary file of path or of its
// rename, told as an error in writing path; the cause stays (%w).
func fileError(path string, err error) error {
	var pathErr *fs.PathError
	var linkErr *os.LinkError
	switch {
	case errors.As(err, &pathErr):
		err = pathErr.Err
	case errors.As(err, &linkErr):
		err = linkErr.Err
	}
	return fmt.Errorf("writing %s: %w", path, err)
}

// WriteBytes writes data to path atomically.
func WriteBytes(path string, data []byte) error {
	return Write(path, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}

// RemoveStale removes what a writer killed before it finished left in dir
// of the files and folders it was writing: the entries named prefix and
// then only the digits os.CreateTemp and os.MkdirTemp add (and Write's
// temporary files, named alike). Write calls it for the file it writes.
// A writer of the same file still alive would lose its temporary file and
// fail at its rename, where without this the last rename would win: a
// run's files are written under the folder's lock, so only two commands
// that write one file without it at once (two moot exports into one
// folder, two moot audit --relabel --out to one file) could meet this.
func RemoveStale(dir, prefix string) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		rest, ok := strings.CutPrefix(e.Name(), prefix)
		if ok && rest != "" && strings.Trim(rest, "0123456789") == "" {
			os.RemoveAll(filepath.Join(dir, e.Name()))
		}
	}
}
