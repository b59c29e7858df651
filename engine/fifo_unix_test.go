//go:build unix

package engine

import (
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestLoadRefusesAFIFO: an experiment file that is a FIFO is refused at
// once; opening it would wait for a writer that never comes.
func TestLoadRefusesAFIFO(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.yaml")
	if err := syscall.Mkfifo(path, 0o644); err != nil {
		t.Skip("no FIFO here:", err)
	}
	done := make(chan error, 1)
	go func() { _, err := Load(path); done <- err }()
	select {
	case err := <-done:
		if err == nil || !strings.Contains(err.Error(), "not a regular file") {
			t.Errorf("Load of a FIFO: %v; want not a regular file", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Load of a FIFO waits for a writer")
	}
}
