package batch

import (
	"context"
	"errors"
	"fmt"
	"strings"
)

// Tidy deletes from the provider the files of the run folder's batches —
// each upload's input file, and its batch's output and error files — of
// every agent of this run whose settings do not keep them (KeepFiles),
// and journals each upload as deleted, so that no later run of the
// folder waits on its answers. It is for a run that ended whole: no
// request waits on these batches any more, and their answers are in the
// transcripts (and in the response cache, if there is one).
//
// A batch that has not ended keeps its files. The first error other than
// a file or batch the provider no longer knows stops the tidying: what it
// left is deleted by the next whole run of the folder. It returns how many
// files it deleted.
func (r *Run) Tidy() (int, error) {
	r.mu.Lock()
	agents := append([]*Agent(nil), r.agents...)
	r.mu.Unlock()
	deleted, pending := 0, 0
	batched := map[string]bool{}
	for _, a := range agents {
		batched[a.name] = true
		if a.s.KeepFiles {
			continue
		}
		for _, up := range r.jour.uploads(a.name) {
			n, ended, err := a.tidy(r.ctx, up)
			deleted += n
			if err != nil {
				return deleted, fmt.Errorf("batch: %d files deleted, then deleting the files of input file %s (%s): %w", deleted, up.file, a.name, err)
			}
			if !ended {
				pending++
			}
		}
	}
	// Uploads of agents this run does not batch (renamed, gone, live now)
	// are not its to delete: it has no API of theirs to ask.
	others, names := 0, []string{}
	for _, name := range r.jour.agents() {
		if n := len(r.jour.uploads(name)); n > 0 && !batched[name] {
			others += n
			names = append(names, name)
		}
	}
	if deleted > 0 || pending > 0 || others > 0 {
		msg := fmt.Sprintf("batch files: %d deleted from the provider (batch.keep_files keeps them)", deleted)
		if pending > 0 {
			msg += fmt.Sprintf("; %d batches that have not ended keep theirs", pending)
		}
		if others > 0 {
			msg += fmt.Sprintf("; %d uploads of agents this run does not batch (%s) keep theirs", others, strings.Join(names, ", "))
		}
		r.logf("%s", msg)
	}
	return deleted, nil
}

// tidy deletes the files of one upload up, once its batch has ended (or
// none was made of it), and journals it deleted. It returns how many
// files it deleted, and whether the batch had ended.
func (a *Agent) tidy(ctx context.Context, up ref) (int, bool, error) {
	id := up.batch
	if id == "" {
		// A run stopped between the upload and the batch: the batch
		// may exist all the same.
		found, err := a.api.Find(ctx, up.file)
		if err != nil {
			return 0, false, err
		}
		id = found
	}
	files := []string{up.file}
	if id != "" {
		st, err := a.api.Status(ctx, id)
		switch {
		case errors.Is(err, ErrGone):
		case err != nil:
			return 0, false, err
		case !st.Ended:
			return 0, false, nil
		default:
			files = append(files, st.OutputFile, st.ErrorFile)
		}
	}
	n := 0
	for _, f := range files {
		if f == "" {
			continue
		}
		err := a.api.Delete(ctx, f)
		if err != nil && !errors.Is(err, ErrGone) {
			return n, false, err
		}
		if err == nil {
			n++
		}
	}
	return n, true, a.run.jour.add(entry{Event: "deleted", Agent: a.name, File: up.file, Batch: id})
}
