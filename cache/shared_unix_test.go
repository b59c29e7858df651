//go:build unix

package cache

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/mootlab/moot/agents"
)

// TestMain lets a test open a cache as another user: with
// MOOT_CACHE_TEST_OPEN=DIR the test binary opens the cache in DIR, reads
// the answer under "k" and says what it found.
func TestMain(m *testing.M) {
	if dir := os.Getenv("MOOT_CACHE_TEST_OPEN"); dir != "" {
		os.Exit(openAndRead(dir, os.Stdout))
	}
	os.Exit(m.Run())
}

// openAndRead opens the cache in dir, reads the answer under "k" and
// writes whether the store is read-only and the answer's text.
func openAndRead(dir string, out io.Writer) int {
	s, err := Open(dir)
	if err != nil {
		fmt.Fprintln(out, err)
		return 1
	}
	defer s.Close()
	r, ok, err := s.Get(context.Background(), "k")
	fmt.Fprintf(out, "read-only %v, %q %v %v\n", s.ReadOnly(), r.Text, ok, err)
	return 0
}

// holdOne makes a cache in dir holding one answer, "held", under key k,
// and closes it.
func holdOne(t *testing.T, dir string) {
	t.Helper()
	s, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Put(context.Background(), "k", "agent", agents.Response{Text: "held"}); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
}

// TestAReaderLeavesNoFilesInASharedCache: a user who may read a cache in
// a folder others may write (a cache shared on purpose) but not its
// database reads it without making its write-ahead log and shared-memory
// files there. SQLite made them, that user's and closed to others: the
// cache's owner then met a database it could only read, its own cache
// read-only after another user's moot cache stats (found running moot as
// two users on one cache). As root the reader is another user; else the
// database is made read-only to this one.
func TestAReaderLeavesNoFilesInASharedCache(t *testing.T) {
	parent := t.TempDir()
	dir := filepath.Join(parent, "shared")
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(dir, 0o777); err != nil { // past the umask
		t.Fatal(err)
	}
	holdOne(t, dir)
	var got []byte
	if os.Getuid() == 0 {
		got = openAsNobody(t, parent, dir)
	} else {
		if err := os.Chmod(filepath.Join(dir, FileName), 0o444); err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		openAndRead(dir, &b)
		got = b.Bytes()
	}
	if want := "read-only true, \"held\" true <nil>\n"; string(got) != want {
		t.Errorf("the reader said %q; want %q", got, want)
	}
	for _, f := range []string{FileName + "-wal", FileName + "-shm"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err == nil {
			t.Errorf("the reader left %s in the shared cache", f)
		}
	}
}

// openAsNobody runs openAndRead on dir as the user nobody (65534), from
// a copy of the test binary in parent, and returns what it wrote.
func openAsNobody(t *testing.T, parent, dir string) []byte {
	t.Helper()
	for p := parent; p != "/" && p != "."; p = filepath.Dir(p) {
		if fi, err := os.Stat(p); err == nil && fi.Mode().Perm()&0o005 != 0o005 {
			was := fi.Mode().Perm()
			if err := os.Chmod(p, was|0o005); err != nil {
				t.Skipf("cannot open %s to another user: %v", p, err)
			}
			t.Cleanup(func() { os.Chmod(p, was) })
		}
	}
	bin := filepath.Join(parent, "cache.test")
	data, err := os.ReadFile(os.Args[0])
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(bin, data, 0o755); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin)
	cmd.Env = append(os.Environ(), "MOOT_CACHE_TEST_OPEN="+dir, "HOME="+parent)
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
	out, err := cmd.Output()
	if ee, ok := err.(*exec.ExitError); ok && ee.ExitCode() == 1 && len(out) > 0 {
		return out // it ran, and could not open the cache: the error it said
	}
	if err != nil {
		t.Skipf("cannot run the test as the user nobody here: %v: %s", err, out)
	}
	return out
}
