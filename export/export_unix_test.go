//go:build unix

package export

import (
	"os"
	"path/filepath"
	"slices"
	"syscall"
	"testing"
)

// TestTablesThroughASymlink: an --out that is a symlink is written
// through: it stays a symlink, the file it names gets the episodes
// table, and the messages table goes beside that file, named after it.
func TestTablesThroughASymlink(t *testing.T) {
	path := writeRun(t, 3)
	dir := t.TempDir()
	os.Mkdir(filepath.Join(dir, "tables"), 0o755)
	target, link := filepath.Join(dir, "tables", "target.csv"), filepath.Join(dir, "link.csv")
	if err := os.WriteFile(target, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join("tables", "target.csv"), link); err != nil {
		t.Fatal(err)
	}
	files := mustRun(t, path, CSV, link, Options{})
	want := []string{target, filepath.Join(dir, "tables", "target-messages.csv")}
	if !slices.Equal(files, want) {
		t.Errorf("got files %v; want %v", files, want)
	}
	if info, err := os.Lstat(link); err != nil || info.Mode()&os.ModeSymlink == 0 {
		t.Errorf("link.csv after the export: %v, %v; want still a symlink", info.Mode(), err)
	}
	if rows := readCSV(t, target); len(rows) != 4 {
		t.Errorf("target.csv has %d lines; want a header and 3 rows", len(rows))
	}
	if _, err := os.Lstat(filepath.Join(dir, "link-messages.csv")); err == nil {
		t.Error("link-messages.csv was written; want the messages beside the target alone")
	}
}

// TestTablesRefuseAFIFO: an export to a FIFO fails, leaves the FIFO as it
// was, and writes nothing beside it.
func TestTablesRefuseAFIFO(t *testing.T) {
	path := writeRun(t, 3)
	dir := t.TempDir()
	fifo := filepath.Join(dir, "pipe.csv")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skip("no FIFO here:", err)
	}
	if files, err := Run(path, CSV, fifo, Options{}); err == nil {
		t.Errorf("an export to a FIFO wrote %v; want an error", files)
	}
	if info, err := os.Lstat(fifo); err != nil || info.Mode()&os.ModeNamedPipe == 0 {
		t.Errorf("pipe.csv after the export: %v, %v; want still a FIFO", info.Mode(), err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("%d entries in the folder; want the FIFO alone", len(entries))
	}
}

// TestMakeDirKeepsWhatWasThere: a folder that cannot be made, for a
// symlink that names nothing stands where it goes, fails, and the undo
// leaves the symlink: makeDir removes only folders it made.
func TestMakeDirKeepsWhatWasThere(t *testing.T) {
	dir := t.TempDir()
	link := filepath.Join(dir, "nowhere")
	if err := os.Symlink(filepath.Join(dir, "gone"), link); err != nil {
		t.Fatal(err)
	}
	undo, err := makeDir(filepath.Join(link, "sub"))
	if err == nil {
		t.Fatal("makeDir under a symlink that names nothing: no error")
	}
	undo()
	if _, err := os.Lstat(link); err != nil {
		t.Errorf("the symlink after a failed makeDir: %v; want it kept", err)
	}
}
