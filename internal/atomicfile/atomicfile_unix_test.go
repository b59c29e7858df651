//go:build unix

package atomicfile

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// withUmask runs f with the process's umask set to mask. The umask is the
// whole process's: no test that sets it runs in parallel.
func withUmask(t *testing.T, mask int, f func()) {
	t.Helper()
	old := syscall.Umask(mask)
	defer syscall.Umask(old)
	f()
}

// TestWriteHonoursTheUmask: a file is made 0666 less the umask, as other
// Unix tools make one, so that umask 077 keeps a run's files its owner's
// and umask 002 shares them with a group; a secret stays 0600 whatever
// the umask.
func TestWriteHonoursTheUmask(t *testing.T) {
	for _, mask := range []int{0o022, 0o077, 0o002, 0o000} {
		t.Run(fmt.Sprintf("%03o", mask), func(t *testing.T) {
			dir := t.TempDir()
			withUmask(t, mask, func() {
				if err := WriteBytes(filepath.Join(dir, "f.txt"), []byte("x")); err != nil {
					t.Fatal(err)
				}
				if err := WritePrivate(filepath.Join(dir, "secret"), []byte("s")); err != nil {
					t.Fatal(err)
				}
			})
			for name, want := range map[string]os.FileMode{"f.txt": 0o666 &^ os.FileMode(mask), "secret": 0o600} {
				info, err := os.Stat(filepath.Join(dir, name))
				if err != nil {
					t.Fatal(err)
				}
				if got := info.Mode().Perm(); got != want {
					t.Errorf("%s: got mode %04o; want %04o", name, got, want)
				}
			}
		})
	}
}

// TestWriteReplacesASymlink: a symlink at a path Write writes is
// replaced, and the file it names is left as it was: a link planted at a
// run's summary.json in a folder a group shares must not turn a resume
// into a write of the file it names. Target, for a path the user named,
// follows it.
func TestWriteReplacesASymlink(t *testing.T) {
	dir := t.TempDir()
	target, link := filepath.Join(dir, "target.csv"), filepath.Join(dir, "link.csv")
	if err := os.WriteFile(target, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("target.csv", link); err != nil {
		t.Fatal(err)
	}
	if got, err := Target(link); err != nil || got != target {
		t.Errorf("Target(link.csv) = %q, %v; want %s", got, err, target)
	}
	if err := WriteBytes(link, []byte("new")); err != nil {
		t.Fatal(err)
	}
	if info, err := os.Lstat(link); err != nil || info.Mode()&os.ModeSymlink != 0 {
		t.Errorf("link.csv after the write: %v, %v; want a file in its place", info.Mode(), err)
	}
	if data, _ := os.ReadFile(target); string(data) != "old" {
		t.Errorf("target.csv holds %q; want %q, untouched", data, "old")
	}
	if err := os.Symlink("nowhere.csv", filepath.Join(dir, "dangling.csv")); err != nil {
		t.Fatal(err)
	}
	if _, err := Target(filepath.Join(dir, "dangling.csv")); err == nil {
		t.Error("Target of a symlink to nothing succeeded; want an error")
	}
}

// TestWriteRefusesAFIFO: a FIFO at the path (or behind a symlink there)
// is not replaced by a regular file; the write is an error that names it.
func TestWriteRefusesAFIFO(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "pipe")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skip("no FIFO here:", err)
	}
	link := filepath.Join(dir, "link")
	if err := os.Symlink(fifo, link); err != nil {
		t.Fatal(err)
	}
	if err := WriteBytes(fifo, []byte("x")); !errors.Is(err, ErrNotRegular) {
		t.Errorf("write to the FIFO: %v; want ErrNotRegular", err)
	}
	if _, err := Target(link); !errors.Is(err, ErrNotRegular) {
		t.Errorf("Target of a link to the FIFO: %v; want ErrNotRegular", err)
	}
	for _, path := range []string{fifo, link} {
		if info, err := os.Stat(path); err != nil || info.Mode()&os.ModeNamedPipe == 0 {
			t.Errorf("%s after the write: %v, %v; want still a FIFO", path, info.Mode(), err)
		}
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 2 {
		t.Errorf("%d entries in the folder; want the FIFO and the link alone", len(entries))
	}
}

// TestMkdirTempHonoursTheUmask: a folder is made 0777 less the umask, as
// one made by hand (the report's folder of episodes was 0755 under any
// umask), and named as RemoveStale finds it.
func TestMkdirTempHonoursTheUmask(t *testing.T) {
	for _, mask := range []int{0o022, 0o077, 0o002} {
		dir := t.TempDir()
		var made string
		withUmask(t, mask, func() {
			var err error
			if made, err = MkdirTemp(dir, ".episodes-"); err != nil {
				t.Fatal(err)
			}
		})
		info, err := os.Stat(made)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := info.Mode().Perm(), 0o777&^os.FileMode(mask); !info.IsDir() || got != want {
			t.Errorf("umask %03o: got %v; want a folder of mode %04o", mask, info.Mode(), want)
		}
		RemoveStale(dir, ".episodes-")
		if _, err := os.Stat(made); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("RemoveStale left %s", made)
		}
	}
}
