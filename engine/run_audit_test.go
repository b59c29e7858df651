package engine

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// A folder that holds a merge that did not finish is refused, unless
// the run is fresh: it then discards the merge and plays.
func TestRunIntoAnUnfinishedMerge(t *testing.T) {
	text := "name: m\nseed: 2\nagents:\n  j: {backend: sim}\ntasks:\n  - {name: q, generator: qa, n: 2}\nprotocols:\n  - {name: direct, judge: j}\n"
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, MergingFile), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Run(context.Background(), mustParse(t, "m.yaml", text), Options{Out: dir}); !errors.Is(err, ErrFolderTaken) {
		t.Fatalf("a run into an unfinished merge: %v; want ErrFolderTaken", err)
	}
	res, err := Run(context.Background(), mustParse(t, "m.yaml", text), Options{Out: dir, Fresh: true})
	if err != nil || res.Done != 2 {
		t.Fatalf("a fresh run into an unfinished merge: %+v, %v; want it played", res, err)
	}
	if Merging(dir) {
		t.Errorf("the fresh run left %s; want the merge discarded", MergingFile)
	}
}
