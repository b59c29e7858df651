package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/mootlab/moot/analysis"
	"github.com/mootlab/moot/engine"
	"github.com/mootlab/moot/internal/atomicfile"
	"github.com/mootlab/moot/internal/noun"
	"github.com/mootlab/moot/tasks"
	"github.com/mootlab/moot/transcript"
)

// relabelReport is what --relabel did: the copy it wrote, the questions
// it relabelled, and each cell's accuracy before and after.
type relabelReport struct {
	Task       string            `json:"task"`
	Dataset    string            `json:"dataset"`
	Out        string            `json:"out"`
	Relabelled map[string]string `json:"relabelled"` // id → the new gold answer
	Episodes   int               `json:"episodes_rescored"`
	Cells      []rescoredCell    `json:"cells"`
}

type rescoredCell struct {
	Protocol string  `json:"protocol"`
	Task     string  `json:"task"`
	Judge    string  `json:"judge"`
	N        int     `json:"n"`
	Before   float64 `json:"accuracy_before"`
	After    float64 `json:"accuracy_after"`
	CILow    float64 `json:"ci_low_after"`
	CIHigh   float64 `json:"ci_high_after"`
	// GoldRead is set for a cell whose judge read the gold answer
	// (reference: gold): on the relabelled questions it was told the old
	// label, so after relabelling it is no upper bound.
	GoldRead bool `json:"gold_read_before_relabelling,omitempty"`
}

// MarshalJSON writes c with its accuracies and interval to four places,
// as summary.json has them; the table prints them rounded once.
func (c rescoredCell) MarshalJSON() ([]byte, error) {
	type plain rescoredCell
	c.Before, c.After, c.CILow, c.CIHigh = analysis.Round4(c.Before), analysis.Round4(c.After), analysis.Round4(c.CILow), analysis.Round4(c.CIHigh)
	return analysis.MarshalUnescaped(plain(c))
}

// relabelAndRescore writes the corrected copy of opts.relabel, with the
// suspects shown (the top ones) of the task that loaded it relabelled,
// loads it as the run did, and re-scores eps on it. Other tasks that load
// the same file are not re-scored: warn says so, and their cells are left
// out of the report.
func relabelAndRescore(warn io.Writer, opts auditOptions, dir, name string, seed uint64, eps []transcript.Episode, shown []analysis.Suspect) (*relabelReport, error) {
	t, others, err := datasetTask(dir, opts.relabel, opts.task)
	if err != nil {
		return nil, err
	}
	if len(others) > 0 {
		fmt.Fprintf(warn, "moot: audit: tasks %s load %s too: their questions are not relabelled or re-scored here (audit with --task for each)\n",
			strings.Join(others, ", "), opts.relabel)
	}
	factory, err := tasks.LookupLoader(t.Loader)
	if err != nil {
		return nil, fmt.Errorf("%w: task %s: %v", errUsage, t.Name, err)
	}
	loader, err := factory(func(s any) error { return t.Settings.Decode(s) })
	if err != nil {
		return nil, fmt.Errorf("%w: task %s: its settings in %s: %v", errUsage, t.Name, engine.LockFile, err)
	}
	rl, ok := loader.(tasks.Relabeler)
	if !ok {
		return nil, fmt.Errorf("%w: task %s: the %s loader cannot write a corrected copy (%s can)", errUsage, t.Name, t.Loader, strings.Join(relabelers(), ", "))
	}
	lo := tasks.LoadOptions{Task: t.Name, Seed: t.Seed, N: t.N, SkipInvalid: t.SkippedInvalid != nil}
	if err := samePlayed(opts.relabel, loader, lo, t.QuestionsSHA256); err != nil {
		return nil, err
	}
	gold := map[string]string{}
	for _, s := range shown {
		if s.Task == t.Name {
			gold[s.QuestionID] = s.Answers[1-s.Gold]
		}
	}
	var copied bytes.Buffer
	if err := rl.Relabel(opts.relabel, lo, gold, &copied); err != nil {
		return nil, err
	}
	// The copy is loaded as the run loaded the task and the runs re-scored
	// on it before it is written: a copy that cannot be is not.
	after, changed, err := rescoreOn(copied.Bytes(), opts.out, loader, lo, eps)
	if err != nil {
		return nil, err
	}
	if err := atomicfile.WriteBytes(opts.out, copied.Bytes()); err != nil {
		return nil, err
	}
	rep := &relabelReport{Task: t.Name, Dataset: opts.relabel, Out: opts.out, Relabelled: gold, Episodes: changed}
	rep.Cells = slices.DeleteFunc(rescoredCells(analysis.Summarize(name, seed, eps), analysis.Summarize(name, seed, after), t.Name),
		func(c rescoredCell) bool { return slices.Contains(others, c.Task) })
	return rep, nil
}

// samePlayed refuses a dataset that, loaded with loader and lo as the run
// loaded it, holds other questions than the run played (played, the
// lock's questions_sha256; a lock without one is not checked): a file
// edited since, whose copy would carry its other changes into the
// re-scoring as if the audit had made them.
func samePlayed(path string, loader tasks.Loader, lo tasks.LoadOptions, played string) error {
	qs, _, err := loader.Load(path, lo)
	if err != nil {
		return fmt.Errorf("%w: --relabel: %s does not load as the run's task %s did: %v", errUsage, path, lo.Task, err)
	}
	if played != "" && engine.QuestionsSHA256(qs) != played {
		return fmt.Errorf("%w: --relabel: %s holds other questions than the run's task %s played (edited since the run? its %s's questions_sha256 differs): relabel the file as the run read it", errUsage, path, lo.Task, engine.LockFile)
	}
	return nil
}

// checkRelabelOut refuses, before any work, an --out the corrected copy
// of the dataset relabel cannot go to: relabel itself, however named (the
// run's data would be lost, and every later --relabel refused), a folder
// or another file that is not a regular one, or a path whose folder is
// not there.
func checkRelabelOut(relabel, out string) error {
	fi, err := os.Stat(out)
	switch {
	case err == nil && !fi.Mode().IsRegular():
		return fmt.Errorf("%w: --out %s is not a file (a folder?): name the corrected copy to write", errUsage, out)
	case err == nil:
		if src, serr := os.Stat(relabel); serr == nil && os.SameFile(fi, src) {
			return fmt.Errorf("%w: --out %s is the dataset --relabel names: write the corrected copy beside it, not over it", errUsage, out)
		}
	case errors.Is(err, fs.ErrNotExist):
		if dir := filepath.Dir(out); !fileExistsDir(dir) {
			return fmt.Errorf("%w: --out %s: the folder %s is not there", errUsage, out, dir)
		}
	default:
		return fmt.Errorf("%w: --out %s: %v", errUsage, out, err)
	}
	return nil
}

// fileExistsDir reports whether path names a folder.
func fileExistsDir(path string) bool {
	fi, err := os.Stat(path)
	return err == nil && fi.IsDir()
}

// rescoreOn loads the dataset data, to be written to out, with loader and
// lo, and re-scores eps on its gold labels.
func rescoreOn(data []byte, out string, loader tasks.Loader, lo tasks.LoadOptions, eps []transcript.Episode) ([]transcript.Episode, int, error) {
	tmp, err := os.CreateTemp(filepath.Dir(out), "."+filepath.Base(out)+".check.*")
	if err != nil {
		return nil, 0, err
	}
	defer os.Remove(tmp.Name())
	_, err = tmp.Write(data)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return nil, 0, err
	}
	qs, _, err := loader.Load(tmp.Name(), lo)
	if err != nil {
		return nil, 0, fmt.Errorf("%w: the corrected copy of %s does not load as the run's task did: %v", errUsage, lo.Task, err)
	}
	gold := map[analysis.QuestionKey]string{}
	for _, q := range qs {
		gold[analysis.QuestionKey{Task: lo.Task, ID: q.ID}] = q.Answers[q.Correct]
	}
	for _, ep := range eps {
		if _, ok := gold[analysis.QuestionKey{Task: ep.Task, ID: ep.QuestionID}]; ep.Task == lo.Task && !ok {
			return nil, 0, fmt.Errorf("%w: question %s of task %s is not in the corrected copy", errUsage, ep.QuestionID, lo.Task)
		}
	}
	after, changed, err := analysis.Rescore(eps, gold)
	if err != nil {
		return nil, 0, fmt.Errorf("%w: re-scoring on the corrected copy: %v", errUsage, err)
	}
	return after, changed, nil
}

// datasetTask finds, in the lock of the run in dir, the task that loaded
// the file at path: the one named, or the one whose path is that file —
// where two are, it asks for --task —, and the other tasks whose path is
// that file (others).
func datasetTask(dir, path, name string) (_ *engine.LockHeadTask, others []string, _ error) {
	lock, err := engine.ReadLockHead(dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil, fmt.Errorf("%w: --relabel needs the run's %s: %v", errUsage, engine.LockFile, err)
	}
	if err != nil {
		return nil, nil, fmt.Errorf("%w: %v", errUsage, err)
	}
	want, err := os.Stat(path)
	if err != nil {
		return nil, nil, fmt.Errorf("%w: --relabel: %v", errUsage, err)
	}
	t, err := findDatasetTask(lock, want, dir, path, name)
	if err != nil {
		return nil, nil, err
	}
	var loading []string
	for _, t := range lock.Tasks {
		if t.Loader != "" && sameFile(taskFile(lock, t.Path), want) {
			loading = append(loading, t.Name)
		}
	}
	if name == "" && len(loading) > 1 {
		return nil, nil, fmt.Errorf("%w: --relabel: tasks %s all load %s: name the one whose suspects to relabel with --task", errUsage, strings.Join(loading, ", "), path)
	}
	return t, slices.DeleteFunc(loading, func(n string) bool { return n == t.Name }), nil
}

// taskFile is a task's data file as the lock names it, relative to the
// experiment file's folder unless absolute.
func taskFile(lock *engine.LockHead, file string) string {
	if !filepath.IsAbs(file) {
		file = filepath.Join(filepath.Dir(lock.Experiment), file)
	}
	return file
}

// sameFile reports whether the file at path is want.
func sameFile(path string, want os.FileInfo) bool {
	st, err := os.Stat(path)
	return err == nil && os.SameFile(st, want)
}

// findDatasetTask is datasetTask's task in lock, the run in dir's: the one
// named, or the first whose path is the file at path (want).
func findDatasetTask(lock *engine.LockHead, want os.FileInfo, dir, path, name string) (*engine.LockHeadTask, error) {
	var loaded []string
	for i := range lock.Tasks {
		t := &lock.Tasks[i]
		if t.Loader == "" {
			continue
		}
		loaded = append(loaded, fmt.Sprintf("%s (%s)", t.Name, t.Path))
		if name != "" {
			if t.Name == name {
				return t, nil
			}
			continue
		}
		if sameFile(taskFile(lock, t.Path), want) {
			return t, nil
		}
	}
	if name == "" {
		if t := nameSake(lock, path); t != nil {
			return t, nil
		}
	}
	what := fmt.Sprintf("no task of %s loaded %s", dir, path)
	if name != "" {
		what = fmt.Sprintf("--task %s: no task of %s by that name loaded a file", name, dir)
	}
	if len(loaded) == 0 {
		return nil, fmt.Errorf("%w: %s: its tasks are all generated", errUsage, what)
	}
	return nil, fmt.Errorf("%w: %s (tasks with a loader: %s; name one with --task)", errUsage, what, strings.Join(loaded, ", "))
}

// nameSake is, where the lock's experiment file is not where its path
// names it from here (the run was made from another folder, whose path
// the lock keeps), the one task with a loader whose file has the name of
// the file at path, nil where none or several have: it cannot be found
// by its path. relabelAndRescore then checks that the file holds the
// questions the task played (samePlayed), so that another file of the
// name is refused.
func nameSake(lock *engine.LockHead, path string) *engine.LockHeadTask {
	if _, err := os.Stat(lock.Experiment); err == nil {
		return nil
	}
	var found *engine.LockHeadTask
	for i := range lock.Tasks {
		t := &lock.Tasks[i]
		if t.Loader != "" && filepath.Base(t.Path) == filepath.Base(path) {
			if found != nil {
				return nil
			}
			found = t
		}
	}
	return found
}

// relabelers lists the loaders that can write a corrected copy.
func relabelers() []string {
	var out []string
	for _, name := range tasks.Loaders() {
		f, _ := tasks.LookupLoader(name)
		l, err := f(func(any) error { return nil })
		if _, ok := l.(tasks.Relabeler); ok && err == nil {
			out = append(out, name)
		}
	}
	return out
}

// rescoredCells pairs the cells of the summaries before and after; task
// is the one relabelled.
func rescoredCells(before, after analysis.Summary, task string) []rescoredCell {
	type key struct{ protocol, cell, task, judge string }
	was := map[key]float64{}
	for _, c := range before.Cells {
		was[key{c.Protocol, c.Cell, c.Task, c.Judge}] = c.Accuracy
	}
	var out []rescoredCell
	for _, c := range after.Cells {
		out = append(out, rescoredCell{Protocol: c.Protocol, Task: c.Task, Judge: c.Judge, N: c.N,
			Before: was[key{c.Protocol, c.Cell, c.Task, c.Judge}], After: c.Accuracy, CILow: c.CILow, CIHigh: c.CIHigh,
			GoldRead: c.Task == task && c.Reference != nil && c.Reference.UpperBound})
	}
	return out
}

// writeRescore prints what --relabel wrote and the accuracy it changed.
func writeRescore(w io.Writer, r *relabelReport) {
	fmt.Fprintf(w, "\nwrote %s: %s with %s of task %s relabelled; %s re-scored\n",
		r.Out, r.Dataset, noun.Count(len(r.Relabelled), "question"), r.Task, noun.Count(r.Episodes, "episode"))
	fmt.Fprintf(w, "%-28s %-16s %-16s %5s %8s %8s  %s\n", "protocol", "task", "judge", "n", "before", "after", "95% CI after")
	gold := false
	for _, c := range r.Cells {
		mark := ""
		if c.GoldRead {
			mark, gold = " †", true
		}
		fmt.Fprintf(w, "%-28s %-16s %-16s %5d %7.1f%% %7.1f%%  [%.1f, %.1f]%s\n",
			c.Protocol, c.Task, c.Judge, c.N, 100*c.Before, 100*c.After, 100*c.CILow, 100*c.CIHigh, mark)
	}
	if gold {
		fmt.Fprintln(w, "†: the judge read the gold answer (reference: gold), and on the relabelled questions it was told the old one: "+
			"after relabelling this cell is no upper bound; run it again on the corrected file for one.")
	}
}
