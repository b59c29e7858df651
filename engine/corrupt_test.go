package engine

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestResumeRefusesACorruptMiddleLine: a line that is not an episode
// record with whole lines after it is not a torn tail. Resuming is an
// error naming the file and line, and the log is left as it was: nothing
// after the bad line is dropped.
func TestResumeRefusesACorruptMiddleLine(t *testing.T) {
	ref := complete(t)
	data := mustRead(t, filepath.Join(ref, TranscriptsFile))
	lines := strings.SplitAfter(string(data), "\n")
	lines = lines[:len(lines)-1]
	if len(lines) < 4 {
		t.Fatalf("the reference run has %d lines; want at least 4", len(lines))
	}
	for _, tc := range []struct {
		name    string
		at      int
		corrupt func(line string) string
	}{
		{"not JSON", 1, func(string) string { return "not json\n" }},
		{"cut short mid-file", len(lines) / 2, func(l string) string { return l[:len(l)/2] + "\n" }},
		{"bytes overwritten", len(lines) - 2, func(l string) string { return "\x00\x00\x00" + l[3:] }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := copyRun(t, ref)
			path := filepath.Join(dir, TranscriptsFile)
			bad := append([]string(nil), lines...)
			bad[tc.at] = tc.corrupt(bad[tc.at])
			before := []byte(strings.Join(bad, ""))
			if err := os.WriteFile(path, before, 0o644); err != nil {
				t.Fatal(err)
			}
			_, err := runSummarized(context.Background(), loadSmall(t), Options{Out: dir, Concurrency: 2})
			want := fmt.Sprintf("%s:%d: not an episode record", path, tc.at+1)
			if err == nil || !strings.Contains(err.Error(), want) {
				t.Fatalf("resume with line %d corrupt: err = %v; want %q", tc.at+1, err, want)
			}
			after := mustRead(t, path)
			if !bytes.Equal(after, before) {
				t.Errorf("the log changed: %d bytes before, %d after; want it untouched", len(before), len(after))
			}
		})
	}
}

// TestResumeDropsATornLastLine: the last line, even ended by a newline,
// that is not a record is what a crash leaves; it is dropped and played
// again, and the run ends as one never interrupted.
func TestResumeDropsATornLastLine(t *testing.T) {
	ref := complete(t)
	dir, path, lines := copiedLog(t, ref)
	last := lines[len(lines)-1]
	lines[len(lines)-1] = last[:len(last)/2] + "\n"
	if err := os.WriteFile(path, []byte(strings.Join(lines, "")), 0o644); err != nil {
		t.Fatal(err)
	}
	res, err := runSummarized(context.Background(), loadSmall(t), Options{Out: dir, Concurrency: 2})
	if err != nil {
		t.Fatal(err)
	}
	if res.Resumed != len(lines)-1 || !res.DroppedPartialLine {
		t.Errorf("resumed %d, dropped a partial line %v; want %d and true", res.Resumed, res.DroppedPartialLine, len(lines)-1)
	}
	sameRun(t, ref, dir)
}
