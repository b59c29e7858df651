//go:build unix

package cache

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// TestAFolderThisUserMayNotWriteIsReadOnly: a cache whose database this
// user may write but whose folder it may not (so that SQLite cannot make
// the lock and log files beside it) is opened read-only and answers what
// it holds, rather than refused. As root the reader is another user;
// else the folder is made read-only to this one.
func TestAFolderThisUserMayNotWriteIsReadOnly(t *testing.T) {
	parent := t.TempDir()
	dir := filepath.Join(parent, "cache")
	holdOne(t, dir)
	if err := os.Chmod(filepath.Join(dir, FileName), 0o666); err != nil { // past the umask
		t.Fatal(err)
	}
	var got []byte
	if os.Getuid() == 0 {
		if err := os.Chmod(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		got = openAsNobody(t, parent, dir)
	} else {
		if err := os.Chmod(dir, 0o555); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { os.Chmod(dir, 0o700) })
		var b bytes.Buffer
		openAndRead(dir, &b)
		got = b.Bytes()
	}
	if want := "read-only true, \"held\" true <nil>\n"; string(got) != want {
		t.Errorf("the reader: got %q; want %q", got, want)
	}
}
