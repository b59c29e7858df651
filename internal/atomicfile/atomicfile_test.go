package atomicfile

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"
)

func TestWrite(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "f.txt")
	if err := WriteBytes(path, []byte("first")); err != nil {
		t.Fatal(err)
	}
	boom := errors.New("boom")
	err := Write(path, func(w io.Writer) error {
		io.WriteString(w, "half")
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("err = %v; want the writer's", err)
	}
	if data, _ := os.ReadFile(path); string(data) != "first" {
		t.Errorf("after a failed write the file holds %q; want the old %q", data, "first")
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("%d files in the folder; want no temporary file left", len(entries))
	}
	if err := WriteBytes(path, []byte("second")); err != nil {
		t.Fatal(err)
	}
	if data, _ := os.ReadFile(path); string(data) != "second" {
		t.Errorf("file holds %q; want %q", data, "second")
	}
}

// TestWriteRemovesWhatAKilledWriterLeft: the temporary files of earlier
// writers of the path, killed before they renamed them, go; other files,
// and other paths' temporary files, stay.
func TestWriteRemovesWhatAKilledWriterLeft(t *testing.T) {
	dir := t.TempDir()
	stale := []string{".summary.json.123456", ".summary.json.9"}
	kept := []string{".summary.json.bak", ".summary.json.", "summary.json.123", ".table.md.123456", "notes.txt"}
	for _, name := range append(append([]string{}, stale...), kept...) {
		if err := os.WriteFile(filepath.Join(dir, name), nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := WriteBytes(filepath.Join(dir, "summary.json"), []byte("{}")); err != nil {
		t.Fatal(err)
	}
	for _, name := range stale {
		if _, err := os.Stat(filepath.Join(dir, name)); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("%s: %v; want it removed", name, err)
		}
	}
	for _, name := range append(kept, "summary.json") {
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			t.Errorf("%s: %v; want it kept", name, err)
		}
	}
}

// TestWritePrivate: a private file is its owner's alone, and whole.
func TestWritePrivate(t *testing.T) {
	path := filepath.Join(t.TempDir(), "secret")
	if err := WritePrivate(path, []byte("s3cret")); err != nil {
		t.Fatal(err)
	}
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if data, _ := os.ReadFile(path); string(data) != "s3cret" || info.Mode().Perm() != 0o600 {
		t.Errorf("got %q, mode %v; want s3cret, mode 0600", data, info.Mode().Perm())
	}
}
