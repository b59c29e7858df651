package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mootlab/moot/engine"
)

// badDir holds the engine's malformed experiment files; see
// engine/load_test.go for their "# want:" and "# known-bug:" lines.
const badDir = "../../engine/testdata/bad"

// badFile is one malformed experiment file and the error it must get.
type badFile struct {
	path     string
	want     string // the message after the file name, or its start
	knownBug string // why the file is wrongly accepted today, if it is
}

func badFiles(t *testing.T) []badFile {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join(badDir, "*.yaml"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no files in %s: %v", badDir, err)
	}
	var files []badFile
	for _, path := range paths {
		f := badFile{path: path}
		data := mustRead(t, path)
		if want, err := os.ReadFile(strings.TrimSuffix(path, ".yaml") + ".want"); err == nil {
			f.want = strings.TrimRight(string(want), "\n")
		}
		for _, line := range strings.Split(string(data), "\n") {
			if !strings.HasPrefix(line, "#") {
				break
			}
			if w, ok := strings.CutPrefix(line, "# want: "); ok {
				f.want = w
			}
			if why, ok := strings.CutPrefix(line, "# known-bug: "); ok {
				f.knownBug = why
			}
		}
		if f.want == "" {
			t.Fatalf("%s: no want line or .want file", path)
		}
		files = append(files, f)
	}
	return files
}

// TestBadInputFiles runs validate and run on every malformed experiment
// file: each must exit 2 with a line a fault on stderr, the first "moot:
// FILE:…", and run must not create its output folder.
func TestBadInputFiles(t *testing.T) {
	for _, f := range badFiles(t) {
		t.Run(filepath.Base(f.path), func(t *testing.T) {
			if f.knownBug != "" {
				if _, err := engine.Load(f.path); err == nil {
					t.Skipf("known bug: %s: engine.Load accepts the file, so moot would run it", f.knownBug)
				}
			}
			checkBadInput(t, f.path, f.want, f.knownBug)
		})
	}
}

// TestBadInputMadeFiles is TestBadInputFiles for files that cannot be
// committed: a missing one and a huge one.
func TestBadInputMadeFiles(t *testing.T) {
	dir := t.TempDir()
	missing := filepath.Join(dir, "missing.yaml")
	huge := filepath.Join(dir, "huge.yaml")
	data := mustRead(t, small)
	data = append(data, "#"+strings.Repeat("x", 1<<20)+"\n"...)
	writeFile(t, huge, data)
	t.Run("missing", func(t *testing.T) {
		checkBadInput(t, missing, ": open "+missing+": no such file or directory", "")
	})
	t.Run("huge", func(t *testing.T) {
		checkBadInput(t, huge, fmt.Sprintf(": larger than %d bytes", 1<<20), "")
	})
}

// checkBadInput runs `moot validate path` and `moot run path --out DIR`
// and checks that both reject it as want says. A known bug skips the
// check while it fails, and fails it once it passes.
func checkBadInput(t *testing.T, path, want, knownBug string) {
	t.Helper()
	out := filepath.Join(t.TempDir(), "out")
	for _, args := range [][]string{{"validate", path}, {"run", path, "--out", out}} {
		code, stdout, stderr := moot(t, args...)
		var problems []string
		if code != exitBadInput {
			problems = append(problems, fmt.Sprintf("exit %d; want %d", code, exitBadInput))
		}
		if stdout != "" {
			problems = append(problems, fmt.Sprintf("stdout %q; want nothing", stdout))
		}
		// A line a fault, each moot's (a file may have several: each
		// protocol's and task's is said).
		for _, line := range strings.Split(strings.TrimSuffix(stderr, "\n"), "\n") {
			if !strings.HasPrefix(line, "moot: ") || !strings.HasSuffix(stderr, "\n") {
				problems = append(problems, fmt.Sprintf("stderr %q; want a line a fault, each \"moot: …\"", stderr))
				break
			}
		}
		if prefix := "moot: " + path + want; !strings.HasPrefix(stderr, prefix) {
			problems = append(problems, fmt.Sprintf("stderr %q; want it to start with %q", stderr, prefix))
		}
		if _, err := os.Stat(out); !os.IsNotExist(err) {
			problems = append(problems, fmt.Sprintf("%s exists (%v); want nothing created", out, err))
		}
		switch {
		case knownBug != "" && len(problems) > 0:
			t.Skipf("known bug: %s: moot %s: %s", knownBug, args[0], strings.Join(problems, "; "))
		case knownBug != "" && args[0] == "run":
			t.Errorf("passes, but is marked as a known bug (%s); remove the known-bug line", knownBug)
		}
		for _, p := range problems {
			t.Errorf("moot %s: %s", strings.Join(args, " "), p)
		}
	}
}
