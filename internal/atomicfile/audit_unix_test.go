//go:build unix

package atomicfile

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestWritePrivateWhateverTheUmask: a secret is 0600 even where the umask
// takes the owner's own write bit away (0277 would leave 0400).
func TestWritePrivateWhateverTheUmask(t *testing.T) {
	path := filepath.Join(t.TempDir(), "secret")
	withUmask(t, 0o277, func() {
		if err := WritePrivate(path, []byte("s")); err != nil {
			t.Fatal(err)
		}
	})
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if got := info.Mode().Perm(); got != 0o600 {
		t.Errorf("a secret under umask 0277: mode %04o; want 0600", got)
	}
}

// TestWriteRefusesAFolder: a folder at the path is left as it was, and
// the error wraps ErrNotRegular; Target says so too.
func TestWriteRefusesAFolder(t *testing.T) {
	path := filepath.Join(t.TempDir(), "out")
	if err := os.Mkdir(path, 0o777); err != nil {
		t.Fatal(err)
	}
	err := WriteBytes(path, []byte("x"))
	if !errors.Is(err, ErrNotRegular) || !strings.Contains(err.Error(), "a folder") {
		t.Errorf("Write over a folder: %v; want ErrNotRegular, saying a folder", err)
	}
	if info, err := os.Stat(path); err != nil || !info.IsDir() {
		t.Errorf("the folder after a refused write: %v, %v", info, err)
	}
	if _, err := Target(path); !errors.Is(err, ErrNotRegular) {
		t.Errorf("Target of a folder: %v; want ErrNotRegular", err)
	}
}

// TestAFailedRenameIsAnError: where the rename into place fails (here a
// folder made at the path while the file was being written), Write says
// so, naming the path, and leaves no temporary file.
func TestAFailedRenameIsAnError(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "out.csv")
	err := Write(path, func(w io.Writer) error {
		if err := os.MkdirAll(filepath.Join(path, "inside"), 0o777); err != nil {
			return err
		}
		_, err := w.Write([]byte("x"))
		return err
	})
	if err == nil || !strings.Contains(err.Error(), path) || strings.Contains(err.Error(), ".out.csv.") {
		t.Fatalf("a write whose rename failed: %v; want an error naming %s, not the temporary file", err, path)
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if e.Name() != "out.csv" {
			t.Errorf("left behind: %s", e.Name())
		}
	}
}

// TestTheTemporaryFileMatchesRemoveStale: while it is written, the file is a
// temporary one named "." + the name + "." + digits, the pattern
// RemoveStale removes once a killed writer left it, and nothing is at the
// path yet.
func TestTheTemporaryFileMatchesRemoveStale(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "out.csv")
	var names []string
	err := Write(path, func(w io.Writer) error {
		entries, err := os.ReadDir(dir)
		for _, e := range entries {
			names = append(names, e.Name())
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(names) != 1 {
		t.Fatalf("during the write the folder holds %q; want one temporary file", names)
	}
	rest, ok := strings.CutPrefix(names[0], ".out.csv.")
	if !ok || rest == "" || strings.Trim(rest, "0123456789") != "" {
		t.Errorf("the temporary file is %q; want .out.csv. and digits", names[0])
	}
}

// TestTargetOfANewPath: a path that holds nothing yet is its own target.
func TestTargetOfANewPath(t *testing.T) {
	path := filepath.Join(t.TempDir(), "new.csv")
	if got, err := Target(path); got != path || err != nil {
		t.Errorf("Target(%s) = %q, %v; want the path itself", path, got, err)
	}
}

// TestKind: the words for each kind of file, as the doc comment lists them.
func TestKind(t *testing.T) {
	for m, want := range map[os.FileMode]string{
		os.ModeDir:                        "a folder",
		os.ModeNamedPipe:                  "a FIFO",
		os.ModeDevice:                     "a device",
		os.ModeDevice | os.ModeCharDevice: "a device",
		os.ModeSocket:                     "a socket",
		0o644:                             "a file",
		os.ModeIrregular:                  "not a regular file",
	} {
		if got := Kind(m); got != want {
			t.Errorf("Kind(%v) = %q; want %q", m, got, want)
		}
	}
}
