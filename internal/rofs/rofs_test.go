package rofs

import (
	"os"
	"path/filepath"
	"testing"
)

// TestReadOnly: within the test nothing may be made in the folder, or in
// one it holds, and a file it holds may not be written; once the test
// ends, all may be again.
func TestReadOnly(t *testing.T) {
	dir := t.TempDir()
	sub := filepath.Join(dir, "sub")
	if err := os.Mkdir(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(sub, "f.txt")
	if err := os.WriteFile(file, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Run("read-only", func(t *testing.T) {
		ReadOnly(t, dir)
		for _, p := range []string{filepath.Join(dir, "new"), filepath.Join(sub, "new")} {
			if err := os.WriteFile(p, nil, 0o644); err == nil {
				t.Errorf("made %s in a read-only folder", p)
			}
		}
		if err := os.WriteFile(file, []byte("y"), 0o644); err == nil {
			t.Errorf("wrote %s in a read-only folder", file)
		}
	})
	if err := os.WriteFile(filepath.Join(sub, "new"), nil, 0o644); err != nil {
		t.Errorf("after the test: %v", err)
	}
	if err := os.WriteFile(file, []byte("y"), 0o644); err != nil {
		t.Errorf("after the test: %v", err)
	}
}
