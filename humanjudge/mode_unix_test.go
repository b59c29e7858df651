//go:build unix

package humanjudge

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// TestStudyHonoursTheUmask: a study's folder, study.json and its lock are
// made 0777 and 0666 less the umask, so that in a folder a group shares
// (umask 002) a colleague can join the study another began (the lock was
// 0600 and the folder 0755 under any umask).
func TestStudyHonoursTheUmask(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "study")
	old := syscall.Umask(0o002)
	_, _, err := join(dir, "run", []string{"id1"}, "alice", -1, 7)
	syscall.Umask(old)
	if err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]os.FileMode{"": 0o775, StudyFile: 0o664, ".study.lock": 0o664} {
		info, err := os.Stat(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		if got := info.Mode().Perm(); got != want {
			t.Errorf("%q: mode %04o; want %04o", name, got, want)
		}
	}
}
