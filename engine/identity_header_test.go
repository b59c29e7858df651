package engine

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// TestIdentityBeforeTheHeaderWasFree: send_request_header became a free
// setting on 2026-12-01, unset by default where it was true. A run's
// identity — which a human-judge study and an Inspect export keep — stays
// what the version before computed for a lock it wrote
// (testdata/lock-before-header; each identity below computed by that
// version, at 6006c55), and a resume that changes the setting keeps it. A
// run made before with it false is known by its identity then, too.
func TestIdentityBeforeTheHeaderWasFree(t *testing.T) {
	const (
		before      = "96baaeeba169ca6ec348758f51c7737372e43505cf7b6bb9d373a360d7fc428a"
		beforeFalse = "393742534ce557b1c12f567d21f1a86eef562c53a7949aa5a4b0d582ed93025b"
	)
	ids, err := RunIdentities("testdata/lock-before-header")
	if err != nil || ids[0] != before {
		t.Fatalf("identity %v, %v; want %s, the version before's", ids, err, before)
	}
	data := mustRead(t, "testdata/lock-before-header/"+LockFile)
	for _, tc := range []struct{ name, by, alsoKnown string }{
		{"unset", "", before},
		{"false", "      send_request_header: false\n", beforeFalse},
	} {
		dir := t.TempDir()
		lock := bytes.ReplaceAll(data, []byte("      send_request_header: true\n"), []byte(tc.by))
		if bytes.Equal(lock, data) {
			t.Fatal("the lock holds no send_request_header")
		}
		if err := os.WriteFile(filepath.Join(dir, LockFile), lock, 0o644); err != nil {
			t.Fatal(err)
		}
		ids, err := RunIdentities(dir)
		if err != nil || ids[0] != before || !slices.Contains(ids, tc.alsoKnown) {
			t.Errorf("send_request_header %s: identities %v, %v; want %s first, and %s among them", tc.name, ids, err, before, tc.alsoKnown)
		}
	}
}
