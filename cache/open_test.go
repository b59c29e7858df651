package cache

import (
	"fmt"
	"path/filepath"
	"sync"
	"testing"
)

// TestOpenTogether: processes that open one fresh cache folder at once
// (shards started together on a shared cache) all open it; the first
// sets it up while the others wait.
func TestOpenTogether(t *testing.T) {
	for round := range 20 {
		dir := filepath.Join(t.TempDir(), fmt.Sprint(round))
		var wg sync.WaitGroup
		errs := make([]error, 8)
		for i := range errs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				s, err := Open(dir)
				if err == nil {
					err = s.Close()
				}
				errs[i] = err
			}()
		}
		wg.Wait()
		for i, err := range errs {
			if err != nil {
				t.Fatalf("round %d, opener %d: %v", round, i, err)
			}
		}
	}
}
