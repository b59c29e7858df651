package export

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// TestStopReplacesNothing: an export whose Stop is closed (a Ctrl-C)
// returns ErrInterrupted, leaves every earlier export as it was, and no
// file or folder of its own, in every format.
func TestStopReplacesNothing(t *testing.T) {
	first, second := writeRun(t, 50), writeRun(t, 80)
	stop := make(chan struct{})
	close(stop)
	for _, f := range []Format{CSV, JSONL, Parquet, Inspect} {
		dir := t.TempDir()
		out := filepath.Join(dir, "sub", "episodes."+string(f))
		if f == Inspect {
			out = filepath.Join(dir, "sub", "inspect")
		}
		files := mustRun(t, first, f, out, Options{})
		before := map[string][]byte{}
		for _, file := range files {
			before[file] = mustReadFile(t, file)
		}
		if _, err := Run(second, f, out, Options{Stop: stop}); !errors.Is(err, ErrInterrupted) {
			t.Errorf("%s: %v; want ErrInterrupted", f, err)
		}
		for file, data := range before {
			if !bytes.Equal(mustReadFile(t, file), data) {
				t.Errorf("%s: %s changed", f, file)
			}
		}
		left, _ := filepath.Glob(filepath.Join(filepath.Dir(files[0]), ".*"))
		if len(left) > 0 {
			t.Errorf("%s: left %v", f, left)
		}
		// Where there was no earlier export, no folder is made either.
		fresh := filepath.Join(t.TempDir(), "new", "episodes."+string(f))
		if _, err := Run(second, f, fresh, Options{Stop: stop}); !errors.Is(err, ErrInterrupted) {
			t.Errorf("%s, fresh: %v; want ErrInterrupted", f, err)
		}
		if _, err := os.Stat(filepath.Dir(fresh)); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("%s, fresh: the folder made for it is left (%v)", f, err)
		}
	}
}

func mustReadFile(t *testing.T, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// TestMessagesPath: the messages table is named after the episodes
// table, before its extension; a dot-file's name is all name.
func TestMessagesPath(t *testing.T) {
	for out, want := range map[string]string{
		"runs/episodes.csv": "runs/episodes-messages.csv",
		"runs/x.tar.gz":     "runs/x.tar-messages.gz",
		"runs/.hidden":      "runs/.hidden-messages",
		"runs/.hidden.csv":  "runs/.hidden-messages.csv",
		"runs/plain":        "runs/plain-messages",
	} {
		if got := MessagesPath(out); got != want {
			t.Errorf("MessagesPath(%q) = %q; want %q", out, got, want)
		}
	}
}
