package batch

import (
	"context"
	"testing"
)

// TestCreatesNoBatchItCannotJournalAsking: a journal that cannot take the
// line saying a batch is asked for ("creating") creates nothing (package
// doc, create): a batch made then, with the run killed before its answer
// was written, would be one no resume knows to look for, paid for twice.
func TestCreatesNoBatchItCannotJournalAsking(t *testing.T) {
	r := openRun(t, t.TempDir(), 1, nil)
	api := newFake()
	api.files["file-1"] = []string{"x"}
	a := r.adopt(fakeAgent{api: api, s: fastSettings()}, "a")
	r.jour.log.Close() // a disk full, say
	id, err := a.create(context.Background(), "file-1")
	if err == nil || id != "" {
		t.Errorf("create with the journal closed: %q, %v; want an error and no batch", id, err)
	}
	if len(api.created) != 0 {
		t.Errorf("batches created %v; want none", api.created)
	}
}
