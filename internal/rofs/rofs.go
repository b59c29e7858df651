// Package rofs makes a folder read-only for a test: what a user meets
// with a folder it may only read, or a read-only volume.
package rofs

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// ReadOnly makes dir, and what it holds, read-only to this process until
// the test ends. A user other than root gets modes that deny writing
// (0555 folders, 0444 files); root, whom modes do not stop, gets dir
// bind-mounted read-only on itself, and the test is skipped where it may
// not mount.
func ReadOnly(t *testing.T, dir string) {
	t.Helper()
	if os.Getuid() != 0 {
		var paths []string
		filepath.Walk(dir, func(p string, info os.FileInfo, err error) error {
			if err == nil {
				paths = append(paths, p)
			}
			return nil
		})
		// Deepest first, so that a folder is still writable while what
		// it holds is changed.
		for i := len(paths) - 1; i >= 0; i-- {
			info, err := os.Stat(paths[i])
			if err != nil {
				t.Fatal(err)
			}
			mode := os.FileMode(0o444)
			if info.IsDir() {
				mode = 0o555
			}
			if err := os.Chmod(paths[i], mode); err != nil {
				t.Fatal(err)
			}
			p, was := paths[i], info.Mode().Perm()
			t.Cleanup(func() { os.Chmod(p, was) })
		}
		return
	}
	if out, err := exec.Command("mount", "--bind", dir, dir).CombinedOutput(); err != nil {
		t.Skipf("root may not bind-mount %s here to make it read-only: %v: %s", dir, err, out)
	}
	t.Cleanup(func() {
		if out, err := exec.Command("umount", dir).CombinedOutput(); err != nil {
			t.Errorf("umount %s: %v: %s", dir, err, out)
		}
	})
	if out, err := exec.Command("mount", "-o", "remount,ro,bind", dir, dir).CombinedOutput(); err != nil {
		t.Skipf("root may not make the mount of %s read-only here: %v: %s", dir, err, out)
	}
}
