// Package atomicfile writes a file through a temporary file in the same
// folder, renamed into place only once it is whole: a reader, or a run that
// is killed, never sees a half-written file.
package atomicfile

import (
	"bufio"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// Write writes path with write, atomically; on any error the previous
// file, if there was one, is left as it was. What an earlier writer of
// path, killed, left is removed first (RemoveStale).
func Write(path string, write func(io.Writer) error) error {
	return writeMode(path, 0o644, write)
}

// WritePrivate writes data to path atomically, readable and writable by
// its owner alone (mode 0600) from the first byte: a secret.
func WritePrivate(path string, data []byte) error {
	return writeMode(path, 0o600, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}

// writeMode is Write of a file with the given mode.
func writeMode(path string, mode os.FileMode, write func(io.Writer) error) (err error) {
	RemoveStale(filepath.Dir(path), "."+filepath.Base(path)+".")
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	bw := bufio.NewWriterSize(tmp, 1<<16)
	if err := write(bw); err != nil {
		return err
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	if err := tmp.Chmod(mode); err != nil {
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
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
// then only the digits os.CreateTemp and os.MkdirTemp add. Write calls it
// for the file it writes. A writer of the same file still alive would
// lose its temporary file and fail at its rename, where without this the
// last rename would win: a run's files are written under the folder's
// lock, so only two commands that write one file without it at once (two
// moot exports into one folder, two moot audit --relabel --out to one
// file) could meet this.
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
