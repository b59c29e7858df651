package main

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/mootlab/moot/engine"
	"github.com/mootlab/moot/export"
	"github.com/mootlab/moot/humanjudge"
	"github.com/mootlab/moot/internal/atomicfile"
	"github.com/mootlab/moot/internal/noun"
	"github.com/mootlab/moot/sinks"
	"github.com/mootlab/moot/transcript"
)

func newExportCommand() *cobra.Command {
	var format, out string
	cmd := &cobra.Command{
		Use:   "export RUN_DIR --format csv|parquet|jsonl|inspect [--out FILE]",
		Short: "Write a run as tables (one row an episode, one a message) or Inspect AI logs",
		Long: `export reads a run's transcripts and writes one row an episode — ids, protocol, assignment
split into order and variant, one column per sweep axis, P(correct), verdict, flags, rounds,
quote counts, tokens, cost — to FILE (default RUN_DIR/episodes.EXT), and one row a message
to FILE-messages.EXT. inspect writes Inspect AI eval logs, one a protocol × sweep cell ×
task × judge, into the folder FILE (default RUN_DIR/inspect), for inspect view and Inspect's
dataframes; exporting the run again replaces the logs it wrote there, and only those.
A replicated run's folder gives one table of all its seeds, told apart by the seed column.
docs/export.md lists the columns.`,
		Example: `  moot export results/quickstart --format csv
  moot export results/sweep-skill --format parquet --out /tmp/sweep.parquet
  moot export results/quickstart --format inspect && inspect view --log-dir results/quickstart/inspect`,
		Args:        exactArgs(1),
		Annotations: stopsItself(),
		RunE: func(cmd *cobra.Command, args []string) error {
			f, err := export.ParseFormat(format)
			if err != nil {
				return fmt.Errorf("%w: --format: %v", errUsage, err)
			}
			// The first Ctrl-C stops the export before it replaces any
			// file, and removes what it wrote; the second quits at once.
			stop := stopFrom(cmd.Context())
			atQuit(cmd.Context(), "the export is not kept (a temporary file beside its --out may be left)", nil)
			files, err := runExport(args[0], f, out, cmd.ErrOrStderr(), stop)
			if err != nil {
				return err
			}
			for _, file := range files {
				fmt.Fprintln(cmd.OutOrStdout(), file)
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&format, "format", "", "csv, parquet, jsonl or inspect")
	cmd.Flags().StringVar(&out, "out", "", "the episodes file, or the folder of Inspect logs (default in RUN_DIR)")
	cmd.MarkFlagRequired("format")
	return cmd
}

// questionText gives the text of a run's questions from its question
// store, without their contexts; a run without one (written before the
// store) gives none. A damaged store gives the texts before the damage,
// and warn says so.
func questionText(dir string, warn func(string)) func(task, id string) string {
	qs, err := transcript.ReadQuestionTexts(dir)
	if errors.Is(err, transcript.ErrDamaged) {
		warn(fmt.Sprintf("%v: the questions past the damage are written without their text", err))
	} else if err != nil {
		warn(fmt.Sprintf("the questions' texts are written without: %v", err))
		return nil
	}
	if len(qs) == 0 {
		return nil
	}
	return func(task, id string) string {
		q := qs[transcript.QuestionKey(task, id)]
		if q.Exhibit != "" {
			// As the prompts show it: a code question's program.
			return q.Text + "\n\n" + q.Exhibit
		}
		return q.Text
	}
}

// runExport exports the run in dir, or all seeds of the replicated run
// in dir, in format f to out (the default beside the run if empty), and
// returns the files written; it warns on stderr of what it goes on past.
func runExport(dir string, f export.Format, out string, stderr io.Writer, stop <-chan struct{}) ([]string, error) {
	path := filepath.Join(dir, engine.TranscriptsFile)
	statErr := logError(dir)
	var reps []export.Replicate
	if statErr != nil && f != export.Inspect {
		var err error
		if reps, err = replicatesOf(dir); err != nil {
			return nil, err
		}
	}
	if statErr != nil && len(reps) == 0 {
		return nil, notRunFolder(dir, statErr)
	}
	if out == "" {
		out = export.DefaultOut(dir, f)
	}
	if err := checkOut(f, out); err != nil {
		return nil, err
	}
	warn := func(msg string) { fmt.Fprintf(stderr, "moot: warning: %s\n", msg) }
	if ext := strings.TrimPrefix(strings.ToLower(filepath.Ext(out)), "."); f != export.Inspect && ext != string(f) && slices.Contains([]string{string(export.CSV), string(export.Parquet), string(export.JSONL), "json"}, ext) {
		warn(fmt.Sprintf("--out %s names a .%s file, and the tables are written as %s (--format %s)", out, ext, f, f))
	}
	if err := warnNotWhole(warn, dir, reps); err != nil {
		return nil, err
	}
	if len(reps) > 0 {
		// The axes are a seed's lock's: the replicated run has none of its own.
		o := export.Options{Warn: warn, Stop: stop}
		if lock, err := runLock(filepath.Dir(reps[0].Path)); err != nil {
			return nil, err
		} else if lock != nil {
			o.Axes, o.AxisValues = lock.Axes()
		}
		return export.RunReplicates(reps, f, out, o)
	}
	lock, err := runLock(dir)
	if err != nil {
		return nil, err
	}
	o := export.Options{Warn: warn, Stop: stop}
	if lock != nil {
		o.Seed = &lock.Seed
		o.Axes, o.AxisValues = lock.Axes()
	}
	if f == export.Inspect { // the tables carry no question's text
		o.Question = questionText(dir, warn)
		var err error
		if o.RunID, o.FormerRunIDs, err = exportRunID(dir); err != nil {
			return nil, err
		}
	}
	return export.Run(path, f, out, o)
}

// notATableFile refuses file, the --out out or the messages table beside
// it, where it is a folder or no file at all (a FIFO, a device), which a
// table's rename would replace; nil where it is a file or none.
func notATableFile(out, file string) error {
	info, err := os.Stat(file)
	switch {
	case err == nil && info.IsDir():
		return fmt.Errorf("%w: --out %s: %s is a folder; name the episodes table's file (the messages table goes beside it)", errUsage, out, file)
	case err == nil && !info.Mode().IsRegular():
		return fmt.Errorf("%w: --out %s: %s is %s, not a file; a table is written to a file", errUsage, out, file, atomicfile.Kind(info.Mode()))
	}
	return nil
}

// checkOut refuses, before any work, an out the export cannot write: for
// the tables a folder where a file goes (the episodes table, or the
// messages table beside it), for Inspect logs a file where their folder
// goes, and for either a FIFO, a device or a socket, which a rename would
// replace, or a symlink that names nothing. A symlink to a file or a
// folder is written through (export.TablePaths). Folders out lacks are
// made as the export writes.
func checkOut(f export.Format, out string) error {
	if out == "-" {
		// Not standard output: an export writes two tables, or a folder.
		return fmt.Errorf("%w: --out -: an export writes files (the tables, or a folder of logs), not standard output; name a path", errUsage)
	}
	if f == export.Inspect {
		info, err := os.Stat(out)
		if err == nil && !info.IsDir() {
			return fmt.Errorf("%w: --out %s is %s; inspect writes a folder of logs", errUsage, out, atomicfile.Kind(info.Mode()))
		}
		if _, lerr := os.Lstat(out); errors.Is(err, os.ErrNotExist) && lerr == nil {
			return fmt.Errorf("%w: --out %s is a symlink that names no folder", errUsage, out)
		}
		return canWriteIn(out, out)
	}
	if namesFolder(out) {
		// Not there yet, so no stat says so: the export would make the
		// folder, write the tables' rows, and only then fail to put the
		// episodes table in the folder's place.
		return fmt.Errorf("%w: --out %s names a folder; name the episodes table's file (the messages table goes beside it)", errUsage, out)
	}
	if err := notATableFile(out, out); err != nil {
		return err
	}
	if err := canWriteIn(out, filepath.Dir(out)); err != nil {
		return err
	}
	episodes, messages, err := export.TablePaths(out)
	if err != nil {
		return fmt.Errorf("%w: --out %v", errUsage, err)
	}
	for _, file := range []string{episodes, messages} {
		if err := notATableFile(out, file); err != nil {
			return err
		}
		target, err := atomicfile.Target(file)
		if err != nil { // a symlink that names no file
			return fmt.Errorf("%w: --out %s: %v", errUsage, out, err)
		}
		if runFile(target) {
			return fmt.Errorf("%w: --out %s: %s is a file moot keeps for the run (or study) in %s, which the table would replace; name another file", errUsage, out, target, filepath.Dir(target))
		}
		if err := canWriteIn(out, filepath.Dir(target)); err != nil {
			return err
		}
	}
	return nil
}

// namesFolder says whether path names a folder by its form, whatever is
// there: it ends in a separator, or its last element is "." or "..".
func namesFolder(path string) bool {
	if path != "" && os.IsPathSeparator(path[len(path)-1]) {
		return true
	}
	_, last := filepath.Split(path)
	return last == "." || last == ".."
}

// canWriteIn refuses the --out out where the folder dir, or the nearest
// folder above it that is there (the export makes the rest), takes no new
// file: a file made there and removed says so before any work. A symlink
// that names nothing, where a folder would be made, is refused too.
func canWriteIn(out, dir string) error {
	for {
		info, err := os.Stat(dir)
		if err == nil && info.IsDir() {
			break
		}
		if err == nil {
			return fmt.Errorf("%w: --out %s: %s is %s, not a folder", errUsage, out, dir, atomicfile.Kind(info.Mode()))
		}
		if _, lerr := os.Lstat(dir); lerr == nil {
			return fmt.Errorf("%w: --out %s: %s is a symlink that names no folder", errUsage, out, dir)
		}
		up := filepath.Dir(dir)
		if up == dir {
			return nil // nothing there to try; the export says why it fails
		}
		dir = up
	}
	f, err := os.CreateTemp(dir, ".moot-export-check-*")
	if err != nil {
		return fmt.Errorf("%w: --out %s: cannot write in %s: %v", errUsage, out, dir, errors.Unwrap(err))
	}
	f.Close()
	os.Remove(f.Name())
	return nil
}

// runFile reports whether path names, in a folder that holds a run or a
// study, one of the files moot keeps there: its records, stores, summary,
// tables or report, an annotators' study, which an export there would
// destroy, or the run would later replace. A folder is a run's by its lock
// (written as the run starts), a replicated run's by its seeds' locks, a
// study's by its file; not by a log, which a table may be named.
func runFile(path string) bool {
	// The folder lock too: a table in its place would let a second run
	// write the folder beside the one that holds it.
	if name := filepath.Base(path); !slices.Contains(runRecords, name) && !slices.Contains(summaryFiles, name) && name != humanjudge.StudyFile && name != engine.FolderLockFile {
		return false
	}
	dir := filepath.Dir(path)
	for _, name := range []string{engine.LockFile, humanjudge.StudyFile} {
		if _, err := os.Stat(filepath.Join(dir, name)); err == nil {
			return true
		}
	}
	seeds, _ := filepath.Glob(filepath.Join(dir, engine.ReplicateGlob, engine.LockFile))
	return len(seeds) > 0
}

// exportRunID is the run_id of the Inspect logs of the run in dir: the
// start of engine.RunIdentity, which a run keeps when resumed (or copied
// to another folder) and another run (another experiment, seed, shard or
// questions) does not share. "" for a folder without a lock. former are
// the starts of the run's other identities (engine.RunIdentities), under
// which an earlier export may have written its logs. A person's run of
// moot judge keeps the lock of the run it judged: its identities are
// that run's, each with the person's judge name, so that its logs and
// the run's, or two annotators', never replace one another.
func exportRunID(dir string) (id string, former []string, _ error) {
	if _, err := os.Stat(filepath.Join(dir, engine.LockFile)); errors.Is(err, os.ErrNotExist) {
		return "", nil, nil
	}
	ids, err := engine.RunIdentities(dir)
	if err != nil {
		return "", nil, err
	}
	if person := personJudge(dir); person != "" {
		for i, id := range ids {
			sum := sha256.Sum256([]byte(id + "\x00" + person))
			ids[i] = hex.EncodeToString(sum[:])
		}
	}
	for _, other := range ids[1:] {
		former = append(former, other[:16])
	}
	return ids[0][:16], former, nil
}

// personJudge is the judge of the run in dir where a person judged it
// (moot judge: "human:NAME"), read from its first record; "" otherwise.
func personJudge(dir string) string {
	var judge string
	stop := errors.New("read")
	transcript.Scan(filepath.Join(dir, engine.TranscriptsFile), func(ep *transcript.Episode) error {
		judge = ep.Judge
		return stop
	})
	if !strings.HasPrefix(judge, humanjudge.Judge("")) {
		return ""
	}
	return judge
}

// runLock is the head of the lock of the run in dir, which names its
// seed and its sweep's axes in the experiment's order with their values
// (a run still under way or stopped has no summary.json); nil where there
// is none, an error where it does not read.
func runLock(dir string) (*engine.LockHead, error) {
	h, err := engine.ReadLockHead(dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	return h, err
}

// warnNotWhole warns, of the run in dir (or of each of its replicates,
// reps), that it did not finish or stopped early: the tables hold the
// episodes its log holds, which a script reading them cannot tell. A
// summary or lock that does not read is an error.
func warnNotWhole(warn func(string), dir string, reps []export.Replicate) error {
	dirs := []string{dir}
	if len(reps) > 0 {
		dirs = dirs[:0]
		for _, r := range reps {
			dirs = append(dirs, filepath.Dir(r.Path))
		}
		head, err := readHead(dir)
		if err != nil {
			return err
		}
		switch {
		case head.unfinished:
			// Killed between seeds, no seed of it is unfinished: this
			// alone says that the tables lack the seeds not begun.
			warn(fmt.Sprintf("%s has no %s: the replicated run did not finish (or is still running); the tables hold the episodes its seeds' logs hold (%s)",
				dir, sinks.SummaryFile, noun.Count(len(reps), "seed")))
		case head.Partial != "":
			warn(fmt.Sprintf("%s is partial (%s): the tables hold the episodes its seeds' logs hold", dir, head.Partial))
		}
	}
	for _, d := range dirs {
		head, err := readHead(d)
		switch {
		case err != nil:
			return err
		case head.unfinished:
			warn(fmt.Sprintf("%s has no %s: the run did not finish (or is still running); the tables hold the episodes its log holds", d, sinks.SummaryFile))
		case head.Partial != "":
			warn(fmt.Sprintf("%s is partial (%s): the tables hold the episodes it finished", d, head.Partial))
		}
	}
	return nil
}

// replicatesOf lists the replicates of the replicated run in dir: the
// seeds its summary.json names, in their order, or where it has none
// every seed's folder, by seed. A folder of no replicated run has none;
// a seed its summary names without a log is an error.
func replicatesOf(dir string) ([]export.Replicate, error) {
	var seeds []uint64
	if sum, err := sinks.ReadSummary(filepath.Join(dir, sinks.SummaryFile)); err == nil && sum.Replicates != nil {
		seeds = sum.Replicates.Seeds
	} else {
		for _, r := range replicateFolders(dir) {
			if _, err := os.Stat(filepath.Join(r.dir, engine.TranscriptsFile)); err == nil {
				seeds = append(seeds, r.seed)
			}
		}
	}
	var reps []export.Replicate
	for _, s := range seeds {
		path := filepath.Join(dir, engine.ReplicateDir(s), engine.TranscriptsFile)
		if _, err := os.Stat(path); err != nil {
			return nil, fmt.Errorf("%w: %s names seed %d, but %v", errUsage, filepath.Join(dir, sinks.SummaryFile), s, err)
		}
		reps = append(reps, export.Replicate{Path: path, Seed: s})
	}
	return reps, nil
}

// discarding is what --fresh does to the folder out once the run's checks
// have passed, after clear (if not nil): it clears the mark of a merge
// that did not finish, removes the Inspect logs of the run discarded
// (those under its run_id in out's default Inspect folder; no other file
// there), and says which tables moot export may have written there for
// it, which it leaves (a table is not known for the discarded run's).
func discarding(out string, clear func(*cobra.Command) error) func(*cobra.Command) error {
	return func(cmd *cobra.Command) error {
		if clear != nil {
			if err := clear(cmd); err != nil {
				return err
			}
		}
		if err := engine.MergeDone(out); err != nil {
			return err
		}
		id, former, err := exportRunID(out)
		if err != nil || id == "" {
			id, former = "", nil // no lock, or one that does not read: no log is known for it
		}
		logs := export.DefaultOut(out, export.Inspect)
		if removed, err := export.RemoveLogs(logs, append(former, id)); err != nil {
			return err
		} else if removed > 0 {
			fmt.Fprintf(cmd.ErrOrStderr(), "moot: --fresh: removed %d Inspect logs of the run discarded from %s\n", removed, logs)
		}
		warnExports(cmd.ErrOrStderr(), out)
		return nil
	}
}

// warnExports says which tables moot export writes by default are in the
// run folder out, for a run that discards the one they may be of.
func warnExports(warn io.Writer, out string) {
	var held []string
	for _, f := range []export.Format{export.CSV, export.Parquet, export.JSONL} {
		for _, p := range []string{export.DefaultOut(out, f), export.MessagesPath(export.DefaultOut(out, f))} {
			if _, err := os.Lstat(p); err == nil {
				held = append(held, filepath.Base(p))
			}
		}
	}
	if len(held) > 0 {
		fmt.Fprintf(warn, "moot: warning: --fresh: %s holds %s, where moot export writes a run's tables: if they are of the run discarded, export again or delete them\n", out, strings.Join(held, ", "))
	}
}
