package engine

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// TestIdentityBeforeTheHeaderWasFree: send_request_header became a free
// setting on 2026-12-01, unset by default where it was true. A run's
// identity — which a human-judge study and an Inspect export keep — stays
// what the version before computed for a lock it wrote
// (testdata/lock-before-header, its identity computed by that version at
// 6006c55), and for that lock rewritten by a resume without the key.
func TestIdentityBeforeTheHeaderWasFree(t *testing.T) {
	const before = "96baaeeba169ca6ec348758f51c7737372e43505cf7b6bb9d373a360d7fc428a"
	ids, err := RunIdentities("testdata/lock-before-header")
	if err != nil || ids[0] != before {
		t.Fatalf("identity %v, %v; want %s, the version before's", ids, err, before)
	}
	data, err := os.ReadFile("testdata/lock-before-header/" + LockFile)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, by string
		same     bool
	}{{"unset", "", true}, {"false", "      send_request_header: false\n", false}} {
		dir := t.TempDir()
		lock := bytes.ReplaceAll(data, []byte("      send_request_header: true\n"), []byte(tc.by))
		if bytes.Equal(lock, data) {
			t.Fatal("the lock holds no send_request_header")
		}
		if err := os.WriteFile(filepath.Join(dir, LockFile), lock, 0o644); err != nil {
			t.Fatal(err)
		}
		ids, err := RunIdentities(dir)
		if err != nil || (ids[0] == before) != tc.same {
			t.Errorf("send_request_header %s: identity %v, %v; want it the same as before: %v", tc.name, ids, err, tc.same)
		}
	}
}
