package batch

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
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

// errorFileAPI is a fakeAPI whose ended batches have an error file too,
// named "errors-" and the batch.
type errorFileAPI struct{ *fakeAPI }

func (e errorFileAPI) Status(ctx context.Context, id string) (Status, error) {
	st, err := e.fakeAPI.Status(ctx, id)
	st.ErrorFile = "errors-" + id
	return st, err
}

type errorFileAgent struct{ fakeAgent }

func (a errorFileAgent) Batching() (API, Settings, bool) { return errorFileAPI{a.api}, a.s, true }

// TestTidyDeletesTheErrorFileToo: an ended batch's files are its input,
// output and error files (journal doc: "its input file, and the output
// and error files of its batch"): all three are deleted.
func TestTidyDeletesTheErrorFileToo(t *testing.T) {
	api := newFake()
	r := openRun(t, t.TempDir(), 1, nil)
	if _, err := ask(r.Wrap(errorFileAgent{fakeAgent{api: api, s: fastSettings()}}, "a", false), "x"); err != nil {
		t.Fatal(err)
	}
	api.files["errors-batch-1"] = nil // the provider holds it
	n, err := r.Tidy()
	if err != nil || n != 3 || strings.Join(api.deleted, ",") != "file-1,batch-1,errors-batch-1" {
		t.Errorf("Tidy: %d deleted (%v), %v; want the input, output and error files", n, api.deleted, err)
	}
}

// TestTidyTakesAGoneFileAsDeleted: a file the provider no longer knows
// (ErrGone: expired, or deleted elsewhere) is no failure of the tidying:
// the others are deleted and the upload journaled deleted.
func TestTidyTakesAGoneFileAsDeleted(t *testing.T) {
	dir := t.TempDir()
	api := newFake()
	r := openRun(t, dir, 1, nil)
	if _, err := ask(r.Wrap(fakeAgent{api: api, s: fastSettings()}, "a", false), "x"); err != nil {
		t.Fatal(err)
	}
	api.deleteErr = func(file string) error {
		if file == "batch-1" {
			return fmt.Errorf("no file %s: %w", file, ErrGone)
		}
		return nil
	}
	n, err := r.Tidy()
	if err != nil || n != 1 || strings.Join(api.deleted, ",") != "file-1" {
		t.Errorf("Tidy: %d deleted (%v), %v; want file-1 deleted, the gone output no failure", n, api.deleted, err)
	}
	r.Close()
	j, _ := os.ReadFile(filepath.Join(dir, JournalFile))
	if !strings.Contains(string(j), `{"event":"deleted","agent":"a","file":"file-1","batch":"batch-1"}`) {
		t.Errorf("journal:\n%s\nwant file-1 deleted", j)
	}
}
