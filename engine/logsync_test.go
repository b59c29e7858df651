package engine

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestLogSyncInBackground: Sync writes what is held at once and flushes to
// disk in the background; close waits for that flush, and a flush's error
// is not lost.
func TestLogSyncInBackground(t *testing.T) {
	dir := t.TempDir()
	log, err := openLog(dir, nil, "", nil, true)
	if err != nil {
		t.Fatal(err)
	}
	if err := log.hold([]byte("{\"a\":1}\n")); err != nil {
		t.Fatal(err)
	}
	for range 3 { // Syncs in a row, some while a flush is under way
		if err := log.Sync(); err != nil {
			t.Fatal(err)
		}
	}
	data := mustRead(t, filepath.Join(dir, "transcripts.jsonl"))
	if string(data) != "{\"a\":1}\n" {
		t.Fatalf("after Sync the file holds %q", data)
	}
	if err := log.close(); err != nil {
		t.Fatal(err)
	}

	// A flush that fails is reported by close.
	log, err = openLog(t.TempDir(), nil, "", nil, true)
	if err != nil {
		t.Fatal(err)
	}
	if err := log.Sync(); err != nil {
		t.Fatal(err)
	}
	<-log.syncing
	log.f.Close()
	if err := log.Sync(); err != nil {
		t.Fatalf("the flush before the file closed failed: %v", err)
	}
	<-log.syncing
	if err := log.close(); err == nil || !strings.Contains(err.Error(), "write transcripts") {
		t.Fatalf("close after a failed flush: %v, want the flush's error", err)
	}
}
