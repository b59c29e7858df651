package export

import (
	"os"
	"path/filepath"
	"testing"
)

// TestStaleLogsUnderAFormerRunID: an export replaces the logs of its run
// written under any of its run_ids — the one it has now and those it had
// before (Options.FormerRunIDs) — and keeps another run's.
func TestStaleLogsUnderAFormerRunID(t *testing.T) {
	dir := t.TempDir()
	for name, id := range map[string]string{"former.json": "96baaeeba169ca6e", "other.json": "0123456789abcdef"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(`{"version":2,"status":"success","eval":{"run_id":"`+id+`"}}`), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := removeStale(dir, []string{"393742534ce557b1", "96baaeeba169ca6e"}, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "former.json")); !os.IsNotExist(err) {
		t.Errorf("the log under a former run_id: %v; want it removed", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "other.json")); err != nil {
		t.Errorf("another run's log: %v; want it kept", err)
	}
}
