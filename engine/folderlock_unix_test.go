//go:build unix

package engine

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/mootlab/moot/agents"
	"github.com/mootlab/moot/transcript"
)

// TestLockFolderHonoursTheUmask: the run folder, its lock file and its
// prompt store, which a resume appends to, are made 0777 and 0666 less
// the umask, so that under umask 002 in a folder a
// group shares another member can take the lock and resume the run, and
// under umask 077 no one else can read the folder. The umask is the whole
// process's: this test does not run in parallel.
func TestLockFolderHonoursTheUmask(t *testing.T) {
	for _, mask := range []int{0o022, 0o077, 0o002} {
		t.Run(fmt.Sprintf("%03o", mask), func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "run")
			old := syscall.Umask(mask)
			unlock, err := LockFolder(dir)
			syscall.Umask(old)
			if err != nil {
				t.Fatal(err)
			}
			defer unlock()
			old = syscall.Umask(mask)
			prompts, err := openPrompts(dir, false)
			if err == nil {
				prompts.keep(nil, &agents.Request{PromptSHA256: "a", Messages: []transcript.ChatMessage{{Role: "user", Content: "a"}}})
				err = prompts.close()
			}
			syscall.Umask(old)
			if err != nil {
				t.Fatal(err)
			}
			files := map[string]os.FileMode{dir: 0o777, filepath.Join(dir, FolderLockFile): 0o666, filepath.Join(dir, PromptsFile): 0o666}
			for path, want := range files {
				want &^= os.FileMode(mask)
				info, err := os.Stat(path)
				if err != nil {
					t.Fatal(err)
				}
				if got := info.Mode().Perm(); got != want {
					t.Errorf("%s: got mode %04o; want %04o", filepath.Base(path), got, want)
				}
			}
		})
	}
}

// TestLockErrorOnAFileSystemWithoutLocks: a lock refused by the file
// system (ENOLCK: NFS without its lock service) says so and what to do.
func TestLockErrorOnAFileSystemWithoutLocks(t *testing.T) {
	err := lockError("/nfs/run/.moot.lock", "/nfs/run", &os.PathError{Op: "flock", Path: "/nfs/run/.moot.lock", Err: syscall.ENOLCK})
	if !errors.Is(err, syscall.ENOLCK) || !strings.Contains(err.Error(), "takes no file locks") {
		t.Errorf("got %v; want ENOLCK explained", err)
	}
}
