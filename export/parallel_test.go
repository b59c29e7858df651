package export

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestParallelIsSerial: the files an export writes are byte for byte the
// same whether its episodes are decoded and converted on one goroutine
// (transcript.Scan, the serial path) or on several, for every format.
func TestParallelIsSerial(t *testing.T) {
	path := writeRun(t, 1500) // several batches of transcript.ScanMap
	defer func(w int) { scanWorkers = w }(scanWorkers)
	for _, f := range []Format{CSV, JSONL, Parquet, Inspect} {
		var outs [2]map[string][]byte
		for i, workers := range []int{1, 3} {
			scanWorkers = workers
			out := filepath.Join(t.TempDir(), "episodes."+string(f))
			files, err := Run(path, f, out, Options{})
			if err != nil {
				t.Fatalf("%s, %d workers: %v", f, workers, err)
			}
			outs[i] = map[string][]byte{}
			for _, file := range files {
				data := mustReadFile(t, file)
				outs[i][filepath.Base(file)] = data
			}
		}
		if len(outs[0]) != len(outs[1]) || len(outs[0]) == 0 {
			t.Fatalf("%s: %d files serially, %d in parallel", f, len(outs[0]), len(outs[1]))
		}
		for name, want := range outs[0] {
			if got := outs[1][name]; !bytes.Equal(got, want) {
				t.Errorf("%s: %s differs in parallel (%d bytes; serially %d)", f, name, len(got), len(want))
			}
		}
	}
}

// TestBadLineWritesNothing: a line that is not an episode in the middle of
// the log is an error naming the file and line, at any number of workers,
// and no export file is left behind.
func TestBadLineWritesNothing(t *testing.T) {
	path := writeRun(t, 600)
	data := mustReadFile(t, path)
	lines := strings.SplitAfter(string(data), "\n")
	lines[399] = "{\"episode_id\": oops}\n" // line 400
	if err := os.WriteFile(path, []byte(strings.Join(lines, "")), 0o644); err != nil {
		t.Fatal(err)
	}
	defer func(w int) { scanWorkers = w }(scanWorkers)
	for _, workers := range []int{1, 2, 4} {
		scanWorkers = workers
		for _, f := range []Format{CSV, JSONL, Parquet, Inspect} {
			dir := t.TempDir()
			_, err := Run(path, f, filepath.Join(dir, "episodes."+string(f)), Options{})
			if err == nil || !strings.Contains(err.Error(), path+":400:") {
				t.Errorf("%s, %d workers: error %v; want one naming %s:400", f, workers, err, path)
			}
			left, _ := filepath.Glob(filepath.Join(dir, "*"))
			inspectLeft, _ := filepath.Glob(filepath.Join(dir, "*", "*"))
			if len(left)+len(inspectLeft) > 0 && !(f == Inspect && len(left) == 1 && len(inspectLeft) == 0) {
				t.Errorf("%s, %d workers: left %v %v", f, workers, left, inspectLeft)
			}
		}
	}
}
