package batch

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/mootlab/moot/internal/noun"
)

// Tidy deletes from the provider the files of the run folder's batches —
// each upload's input file, and its batch's output and error files — of
// every agent of this run whose settings do not keep them (KeepFiles),
// and journals each upload as deleted, so that no later run of the
// folder waits on its answers. It is for a run that ended whole: no
// request waits on these batches any more, and their answers are in the
// transcripts (and in the response cache, if there is one).
//
// A batch that has not ended keeps its files. An upload whose files fail
// to delete (other than one the provider no longer knows) is left for
// the next whole run of the folder, and the tidying goes on to the next;
// the third such failure, or the run's context done, stops it. It returns
// how many files it deleted, and the first failure.
func (r *Run) Tidy() (int, error) {
	r.mu.Lock()
	agents := append([]*Agent(nil), r.agents...)
	r.mu.Unlock()
	type job struct {
		a  *Agent
		up ref
	}
	var jobs []job
	batched := map[string]bool{}
	elsewhere := map[string]int{} // uploads of another endpoint, by it
	for _, a := range agents {
		if batched[a.name] {
			continue // two agents of one name (a sweep's cells): its uploads once
		}
		batched[a.name] = true
		if a.s.KeepFiles {
			continue
		}
		for _, up := range r.jour.uploads(a.name) {
			// Its files are the endpoint's it went to: another's 404s
			// would read as deleted, and leave them there.
			if ep := r.jour.endpoint(up.file); ep != "" && ep != a.api.Endpoint() {
				elsewhere[ep]++
				continue
			}
			jobs = append(jobs, job{a, up})
		}
	}
	if len(jobs) > 0 {
		r.logf("batch files: deleting those of %s from the provider…", noun.Count(len(jobs), "upload"))
	}
	deleted, pending, failed := 0, 0, 0
	var first error
	for _, j := range jobs {
		n, ended, err := j.a.tidy(r.ctx, j.up)
		deleted += n
		switch {
		case err != nil:
			failed++
			if first == nil {
				first = fmt.Errorf("deleting the files of input file %s (%s): %w", j.up.file, j.a.name, err)
			}
			if failed == 3 || r.ctx.Err() != nil {
				return deleted, fmt.Errorf("batch: %d files deleted; %w; stopped after %d failures", deleted, first, failed)
			}
		case !ended:
			pending++
		}
	}
	r.logTidied(len(jobs) > 0, deleted, pending, batched, elsewhere)
	if first != nil {
		return deleted, fmt.Errorf("batch: %d files deleted; %w (and %d uploads in all failed)", deleted, first, failed)
	}
	return deleted, nil
}

// logTidied says what Tidy did: the files deleted, the batches not ended
// that keep theirs, and the uploads of agents not batched (renamed, gone,
// live now: not its to delete, having no API of theirs to ask).
func (r *Run) logTidied(started bool, deleted, pending int, batched map[string]bool, elsewhere map[string]int) {
	others, names := 0, []string{}
	for _, name := range r.jour.agents() {
		if n := len(r.jour.uploads(name)); n > 0 && !batched[name] {
			others += n
			names = append(names, name)
		}
	}
	if !started && pending == 0 && others == 0 && len(elsewhere) == 0 {
		return
	}
	msg := fmt.Sprintf("batch files: %d deleted from the provider (batch.keep_files keeps them)", deleted)
	if pending > 0 {
		if pending == 1 {
			msg += "; 1 batch that has not ended keeps its own"
		} else {
			msg += fmt.Sprintf("; %d batches that have not ended keep theirs", pending)
		}
	}
	if others > 0 {
		msg += fmt.Sprintf("; %s of agents this run does not have (%s) keep theirs", noun.Count(others, "upload"), strings.Join(names, ", "))
	}
	for _, ep := range slices.Sorted(maps.Keys(elsewhere)) {
		msg += fmt.Sprintf("; %s made at %s, another endpoint than this run's, keep theirs", noun.Count(elsewhere[ep], "upload"), ep)
	}
	r.logf("%s", msg)
}

// TidyFolder is Tidy for a run into dir that batched none of its agents
// (a batch run's folder run again live): of the journal an earlier run
// left there, the uploads of agents, the run's agents that can batch, by
// name. A folder without a journal is left as it is (none is made).
func TidyFolder(ctx context.Context, dir string, agents map[string]Capable, log io.Writer) (int, error) {
	if _, err := os.Stat(filepath.Join(dir, JournalFile)); errors.Is(err, fs.ErrNotExist) {
		return 0, nil
	}
	r, err := Open(ctx, dir, false, 0, log)
	if err != nil {
		return 0, err
	}
	for _, name := range slices.Sorted(maps.Keys(agents)) {
		r.adopt(agents[name], name)
	}
	n, err := r.Tidy()
	if cerr := r.Close(); err == nil {
		err = cerr
	}
	return n, err
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
