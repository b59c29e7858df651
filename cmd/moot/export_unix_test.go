//go:build unix

package main

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
)

// TestExportOutNotAFile: an --out that is a FIFO or a device, or in a
// folder that takes no file, is refused before any work (exit 2), named
// in the message, and left as it was, with nothing written beside it; a symlink is written through, its
// messages table beside its target; one that names nothing, above --out,
// is refused and kept.
func TestExportOutNotAFile(t *testing.T) {
	run := filepath.Join(t.TempDir(), "run")
	runSmall(t, run)
	dir := t.TempDir()
	fifo := filepath.Join(dir, "pipe.csv")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	// As root a failed refusal would replace the machine's /dev/null: a
	// device of the test's own stands in for it.
	device := os.DevNull
	if os.Geteuid() == 0 {
		device = filepath.Join(dir, "null")
		if err := syscall.Mknod(device, syscall.S_IFCHR|0o666, 1<<8|3); err != nil {
			t.Log("no device node here, so no device is tried:", err)
			device = ""
		}
	}
	for _, c := range []struct {
		out  string
		mode os.FileMode
	}{{fifo, os.ModeNamedPipe}, {device, os.ModeDevice}} {
		if c.out == "" {
			continue
		}
		code, _, errOut := moot(t, "export", run, "--format", "csv", "--out", c.out)
		if code != exitBadInput || !strings.Contains(errOut, c.out+" is a ") || !strings.Contains(errOut, "not a file; a table is written to a file") || strings.Contains(errOut, "atomicfile") {
			t.Errorf("--out %s: exit %d, %q; want %d, naming it", c.out, code, errOut, exitBadInput)
		}
		if info, err := os.Stat(c.out); err != nil || info.Mode()&c.mode == 0 {
			t.Errorf("%s after the export: %v, %v; want it as it was", c.out, info.Mode(), err)
		}
		messages := strings.TrimSuffix(c.out, ".csv") + "-messages" + filepath.Ext(c.out)
		if _, err := os.Lstat(messages); err == nil {
			t.Errorf("%s was written; want nothing", messages)
		}
	}
	// A folder that takes no file: refused before any work, exit 2, as
	// the other bad --out are (it was exit 1 once the export wrote). Root
	// writes in a folder of mode 0555; /proc takes no file from anyone.
	var unwritable []string
	if os.Geteuid() != 0 {
		ro := filepath.Join(dir, "ro")
		os.Mkdir(ro, 0o555)
		unwritable = append(unwritable, filepath.Join(ro, "x.csv"), filepath.Join(ro, "sub", "x.csv"))
	}
	if runtime.GOOS == "linux" {
		unwritable = append(unwritable, "/proc/moot-test-export.csv")
	}
	os.WriteFile(filepath.Join(dir, "plain"), nil, 0o644)
	unwritable = append(unwritable, filepath.Join(dir, "plain", "x.csv"))
	for _, out := range unwritable {
		for _, format := range []string{"csv", "inspect"} {
			code, _, errOut := moot(t, "export", run, "--format", format, "--out", out)
			if code != exitBadInput || !strings.Contains(errOut, "cannot write in ") && !strings.Contains(errOut, "plain is a file, not a folder") {
				t.Errorf("--format %s --out %s: exit %d, %q; want %d, that it cannot write there", format, out, code, errOut, exitBadInput)
			}
		}
	}
	// A symlink that names nothing, where a folder above --out would be
	// made: refused before any work, and left as it was (the export once
	// took it for a folder it made, failed to make it, and removed it).
	dangling := filepath.Join(dir, "nowhere")
	if err := os.Symlink(filepath.Join(dir, "gone"), dangling); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ format, out string }{
		{"csv", filepath.Join(dangling, "x.csv")},
		{"inspect", filepath.Join(dangling, "logs")},
		{"csv", filepath.Join(dangling, "sub", "x.csv")},
	} {
		code, _, errOut := moot(t, "export", run, "--format", c.format, "--out", c.out)
		if code != exitBadInput || !strings.Contains(errOut, dangling+" is a symlink that names no folder") {
			t.Errorf("--format %s --out %s: exit %d, %q; want %d, naming the symlink", c.format, c.out, code, errOut, exitBadInput)
		}
		if info, err := os.Lstat(dangling); err != nil || info.Mode()&os.ModeSymlink == 0 {
			t.Fatalf("--format %s --out %s: the symlink after the export: %v; want it kept", c.format, c.out, err)
		}
	}
	// "-" is not standard output; it was a file named "-", and its
	// messages table one named "--messages".
	if code, _, errOut := moot(t, "export", run, "--format", "csv", "--out", "-"); code != exitBadInput || !strings.Contains(errOut, "not standard output") {
		t.Errorf("--out -: exit %d, %q; want %d, that it is no standard output", code, errOut, exitBadInput)
	}
	target, link := filepath.Join(dir, "target.csv"), filepath.Join(dir, "link.csv")
	os.WriteFile(target, []byte("old"), 0o644)
	if err := os.Symlink("target.csv", link); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := moot(t, "export", run, "--format", "csv", "--out", link)
	if want := target + "\n" + filepath.Join(dir, "target-messages.csv") + "\n"; code != exitOK || out != want {
		t.Errorf("--out a symlink: exit %d, %q, %q; want %d, %q", code, out, errOut, exitOK, want)
	}
	if info, err := os.Lstat(link); err != nil || info.Mode()&os.ModeSymlink == 0 {
		t.Errorf("link.csv after the export: %v, %v; want still a symlink", info.Mode(), err)
	}
	if data, _ := os.ReadFile(target); !strings.HasPrefix(string(data), "seed,episode_id,") {
		t.Errorf("target.csv holds %.40q; want the episodes table", data)
	}
}
