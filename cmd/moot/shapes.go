package main

import (
	"cmp"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"

	"github.com/spf13/cobra"

	"github.com/mootlab/moot/analysis"
	"github.com/mootlab/moot/batch"
	"github.com/mootlab/moot/engine"
	"github.com/mootlab/moot/sinks"
)

// dropReplicates removes, for --fresh, once the first seed's checks have
// passed, the replicates in out of any earlier run into out, of this
// experiment or another, whatever its summary.json lists (a run at fewer
// seeds rewrites it, and would orphan the others): the seeds played now
// are played afresh, and the others would sit beside them as if they
// belonged to them. Only a replicate's folder, whose lock says it is one
// at that seed (replicateFolders), is removed, under its lock; a copy
// (seed-7.orig) or a folder without a lock stays.
func dropReplicates(cmd *cobra.Command, out string) error {
	for _, r := range replicateFolders(out) {
		if err := engine.RemoveRun(r.dir); err != nil {
			return err
		}
		fmt.Fprintf(cmd.ErrOrStderr(), "moot: --fresh: removed %s, a replicate of an earlier run\n", r.dir)
	}
	// Their summary, tables, report and phase maps with them: until the
	// new run writes its own, the folder says nothing it does not hold.
	return removeSummaryFiles(out)
}

// runRecords are the files a run keeps at the top of its folder: its
// log, lock and stores; summaryFiles those its summary writes beside them.
var (
	runRecords   = []string{engine.TranscriptsFile, engine.LockFile, engine.QuestionsFile, engine.PromptsFile, batch.JournalFile}
	summaryFiles = []string{sinks.SummaryFile, sinks.TableMarkdown, sinks.TableCSV, sinks.ReportFile}
)

// removeSummaryFiles deletes the summary, tables, report, phase maps and
// sweep plots at the top of a run's folder out.
func removeSummaryFiles(out string) error {
	if err := os.Remove(filepath.Join(out, sinks.SummaryFile)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return sinks.RemoveDrawn(out)
}

// otherShape refuses a run into out where out holds the other shape of
// run, of any experiment: a run at one seed (its log at out's top) under
// a replicated run, which puts each seed in a folder of its own, or a
// replicated run (its replicates' folders) under a run at one seed.
// Either would replace the other's summary, tables and report and leave
// its records beside them, and the folder would say two things.
// With --fresh it returns what deletes the other run, for the run to call
// once its checks have passed, just before it starts (nil when there is
// none).
func otherShape(out string, replicated, fresh bool) (func(*cobra.Command) error, error) {
	if replicated {
		what := oneSeedRun(out)
		if what == "" {
			return nil, nil
		}
		if !fresh {
			return nil, fmt.Errorf("%w: %s holds a run at one seed (its %s); a replicated run puts each seed in %s and would leave it beside them: choose another --out, or --fresh to delete it",
				errUsage, out, what, filepath.Join(out, engine.ReplicateGlob))
		}
		return func(cmd *cobra.Command) error { return removeOneSeedRun(cmd, out) }, nil
	}
	reps := replicateFolders(out)
	if len(reps) == 0 {
		return nil, nil
	}
	if !fresh {
		return nil, fmt.Errorf("%w: %s holds a replicated run (%s and %d more); a run at one seed would replace its summary and leave them beside it: choose another --out, or --fresh to delete it",
			errUsage, out, reps[0].dir, len(reps)-1)
	}
	return func(cmd *cobra.Command) error {
		// Not while a replicated run holds the folder: it may be playing.
		// The replicates are listed again under the lock: one may have
		// been added since the check.
		unlock, err := engine.LockFolder(out)
		if err != nil {
			return err
		}
		defer unlock()
		return dropReplicates(cmd, out)
	}, nil
}

// replicateFolder is the folder of one replicate in a replicated run's
// folder, and the seed its lock has.
type replicateFolder struct {
	dir  string
	seed uint64
	name string // the experiment's, as the folder's lock names it
}

// replicateFolders lists, by seed, the folders in out that hold a
// replicate: named as one (engine.ReplicateDir), with a lock of that seed.
func replicateFolders(out string) []replicateFolder {
	entries, _ := os.ReadDir(out)
	var reps []replicateFolder
	for _, e := range entries {
		s, ok := engine.ReplicateSeedOf(e.Name())
		if !ok || !e.IsDir() {
			continue
		}
		dir := filepath.Join(out, e.Name())
		if head, err := engine.ReadLockHead(dir); err == nil && head.Seed == s {
			reps = append(reps, replicateFolder{dir: dir, seed: s, name: head.Name})
		}
	}
	slices.SortFunc(reps, func(a, b replicateFolder) int { return cmp.Compare(a.seed, b.seed) })
	return reps
}

// oneSeedRun names the file by which out holds a run at one seed: its
// log, or, where there is none, a summary of one seed — as a folder of
// reference results holds (results/quickstart), whose summary and tables
// a replicated run would replace with its own — or one that does not
// read, of which nothing is known. "" if out holds none.
func oneSeedRun(out string) string {
	if _, err := os.Stat(filepath.Join(out, engine.TranscriptsFile)); err == nil {
		return engine.TranscriptsFile
	}
	path := filepath.Join(out, sinks.SummaryFile)
	if _, err := os.Stat(path); err != nil {
		return ""
	}
	if sum, err := sinks.ReadSummary(path); err != nil {
		return sinks.SummaryFile + ", which does not read as a summary"
	} else if sum.Replicates == nil {
		return sinks.SummaryFile
	}
	return ""
}

// removeOneSeedRun deletes the files a run at one seed writes at the top
// of out, for a replicated run to take the folder (--fresh), under the
// folder's lock that the replicated run holds: its records and stores,
// and its summary, tables and report, which the replicated run's own
// replace.
func removeOneSeedRun(cmd *cobra.Command, out string) error {
	for _, name := range runRecords {
		if err := os.RemoveAll(filepath.Join(out, name)); err != nil {
			return err
		}
	}
	if err := removeSummaryFiles(out); err != nil {
		return err
	}
	fmt.Fprintf(cmd.ErrOrStderr(), "moot: --fresh: removed the run at one seed in %s\n", out)
	return nil
}

// referenceHeld is what out holds as reference results do
// (results/quickstart: a summary and tables kept without their run,
// which moot verify compares with), by file name; nil where out holds no
// such folder.
func referenceHeld(out string) map[string][]byte {
	if _, ok := referenceFolder(out); !ok {
		return nil
	}
	held := map[string][]byte{}
	for _, f := range []string{sinks.SummaryFile, sinks.TableMarkdown, sinks.TableCSV} {
		if data, err := os.ReadFile(filepath.Join(out, f)); err == nil {
			held[f] = data
		}
	}
	return held
}

// referenceFolder reads the summary of dir where dir holds reference
// results (results/quickstart): a run's summary of one seed and its
// tables, kept without its log or lock.
func referenceFolder(dir string) (analysis.Summary, bool) {
	for _, f := range []string{engine.TranscriptsFile, engine.LockFile} {
		if _, err := os.Stat(filepath.Join(dir, f)); err == nil {
			return analysis.Summary{}, false
		}
	}
	sum, err := sinks.ReadSummary(filepath.Join(dir, sinks.SummaryFile))
	return sum, err == nil && sum.Replicates == nil
}

// warnReferenceReplaced says, after a run into a folder that held
// reference results (referenceHeld: was), that its results differ from
// them as moot verify compares them, and have replaced them: verify would
// now compare with the run's own.
func warnReferenceReplaced(w io.Writer, out string, was map[string][]byte) {
	if was == nil {
		return
	}
	ref, err := os.MkdirTemp("", "moot-reference-*")
	if err != nil {
		return
	}
	defer os.RemoveAll(ref)
	for f, data := range was {
		if os.WriteFile(filepath.Join(ref, f), data, 0o600) != nil {
			return
		}
	}
	if diff, err := sinks.Diff(ref, out, 0); err != nil || diff == "" {
		return
	}
	fmt.Fprintf(w, "moot: warning: %s held reference results (a summary kept without its run, which moot verify compares with), and this run's differ from them: they are replaced (git restore %s brings them back; --out writes a run elsewhere)\n", out, engine.ShellWord(out))
}

// refuseOtherReference refuses a run of x into out where out holds
// reference results (referenceFolder) that the run cannot make again —
// another experiment's, another seed's, another number of episodes, or a
// shard's part of the plan — unless fresh says to replace them: such a
// run would replace them with results of another plan. A run of the same
// plan may replace them, and says so where its results differ
// (warnReferenceReplaced).
func refuseOtherReference(out string, x *engine.Experiment, fresh bool) error {
	ref, ok := referenceFolder(out)
	if fresh || !ok || x.ReplicateSeeds != nil {
		return nil // a replicated run over one seed's folder: otherShape
	}
	var why string
	switch {
	case ref.Experiment != x.Name:
		why = fmt.Sprintf("%s names the experiment %s", x.Path, x.Name)
	case ref.Seed != x.Seed:
		why = fmt.Sprintf("%s gives seed %d", x.Path, x.Seed)
	case x.Shard != nil:
		why = "a shard plays a part of the plan"
	case ref.Episodes != x.PlanSize():
		why = fmt.Sprintf("the reference has %d episodes, %s plans %d", ref.Episodes, x.Path, x.PlanSize())
	default:
		return nil
	}
	return fmt.Errorf("%w: %s holds the reference results of %s at seed %d (its %s and tables, no run), which this run would replace with results of another plan: %s; give another --out, or --fresh to replace them",
		errUsage, out, ref.Experiment, ref.Seed, sinks.SummaryFile, why)
}
