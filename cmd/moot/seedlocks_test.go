package main

import (
	"maps"
	"os"
	"path/filepath"
	"testing"

	"github.com/mootlab/moot/engine"
)

// TestSeedLocksReadEverySeedsLock: the greedy agents are those any seed's
// lock says: a first seed without a lock (a folder whose lock went
// missing) leaves the others' read, a sweep's cells with them.
func TestSeedLocksReadEverySeedsLock(t *testing.T) {
	dir := t.TempDir()
	seeds := []uint64{1, 2}
	for _, s := range seeds {
		if err := os.MkdirAll(filepath.Join(dir, engine.ReplicateDir(s)), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	lock := "agents:\n  strong: {settings: {temperature: 0}}\nsweep:\n  cells:\n    - {name: t=1, agents: {strong: {settings: {temperature: 1}}}}\n"
	writeFile(t, filepath.Join(dir, engine.ReplicateDir(2), engine.LockFile), []byte(lock))
	g := seedLocks(dir, seeds).Greedy
	if !maps.Equal(g.All, map[string]bool{"strong": true}) || !maps.Equal(g.ByCell["t=1"], map[string]bool{"strong": false}) {
		t.Errorf("greedy %+v; want strong, but in cell t=1, from seed 2's lock", g)
	}
}
