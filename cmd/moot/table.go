package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/mootlab/moot/analysis"
	"github.com/mootlab/moot/engine"
	"github.com/mootlab/moot/sinks"
	"github.com/mootlab/moot/transcript"
)

func newTableCommand() *cobra.Command {
	var format string
	var byFields []string
	cmd := &cobra.Command{
		Use:   "table RUN_DIR...",
		Short: "Print the judge accuracy table of one or more runs, grouped by any fields",
		Long: `table recomputes the accuracy table from the runs' transcripts alone. --by groups cells by
any of protocol, kind, cell, task, judge, assignment, repeat, and, for a sweep, by any of its
axes (strong.skill): cell is the whole sweep cell, an axis its value alone, pooled over the
other axes. With several runs grouped by protocol, each is shown as RUN:PROTOCOL, RUN being the
folder's name (its path where two folders share a name); a folder named twice is refused, and
so is an episode two folders hold alike in one slot of one experiment's plan with one judge, naming
the same draws or none (a merged run and one of its shards, a run and its rejudge by the same
judge), which would count twice; two samples of the slot, naming other draws, pool.
Runs of two files that differ only where some episodes do not look (a protocol added, more
questions) play those alike at one seed: where rows pool the runs (--by without protocol), each
such draw counts once (its messages name the same draws); by protocol, each run keeps its rows
and the Elo games count its debates once. stderr says how many, and how many episodes of a run
recorded before moot named draws play slots another played at the same seed.
An agent two runs' files set up otherwise under one name (another skill, another model) is named
apart in each, NAME@RUN, in the rows and the Elo ratings, and stderr says so.
As text or markdown, the table is followed by the debaters' Elo ratings where the runs hold
games between them (a tournament's debates); of one run in the default grouping, by its paired
comparisons first, as after the run (the markdown is then the run's table.md); csv has the
cells alone, json the whole summary.`,
		Example: `  moot table results/quickstart
  moot table results/quickstart --by protocol,assignment --format markdown
  moot table results/sweep-skill --by protocol,strong.skill
  moot table runs/judge-a runs/judge-b --format csv`,
		Args: someRuns,
		RunE: func(cmd *cobra.Command, args []string) error {
			by := strings.Join(byFields, ",")
			f, err := analysis.ParseFormat(format)
			if err != nil {
				return fmt.Errorf("%w: --format: %v", errUsage, err)
			}
			if len(args) == 1 {
				if done, err := tableOfReplicates(cmd, args[0], by, f); done || err != nil {
					return err
				}
			}
			if by != "" {
				if err := analysis.CheckGroup(strings.Split(by, ",")); err != nil {
					return fmt.Errorf("%w: --by: %v", errUsage, err)
				}
			}
			head, err := readHead(args[0])
			if err != nil {
				return err
			}
			// Rows keep each run's episodes apart where they group by
			// protocol (RUN:PROTOCOL); where not, a draw two runs hold
			// alike is counted once.
			pooled := by != "" && !slices.Contains(strings.Split(by, ","), analysis.FieldProtocol)
			var heads []runHead
			sum, err := summarizeRuns(head, by, declaredAxes(args), func(add func(*transcript.Episode, bool)) (err error) {
				heads, err = poolRuns(cmd.ErrOrStderr(), args, pooled, add)
				return err
			})
			if errors.Is(err, analysis.ErrUnknownField) {
				return fmt.Errorf("%w: --by: %v", errUsage, err)
			} else if err != nil {
				return err
			}
			// Rows kept apart by run share the Elo ratings, whose
			// bootstrap draws the runs' games of a question id together.
			if !pooled && len(args) > 1 && len(sum.Elo) > 0 {
				warnUnlikePooled(cmd.ErrOrStderr(), args, "the Elo ratings' intervals resample each such id as one question, the games of both together")
			}
			markRuns(&sum, args, heads)
			return printTable(cmd.OutOrStdout(), cmd.ErrOrStderr(), sum, f, len(args) == 1 && by == "")
		},
	}
	cmd.Flags().StringSliceVar(&byFields, "by", nil, "fields to group by, comma-separated or the flag given again (default protocol,task,judge)")
	cmd.Flags().StringVar(&format, "format", "text", "text, markdown, csv or json")
	return cmd
}

// summarizeRuns summarizes the episodes each gives add, as the run head
// names them, in the default grouping or by the fields of by; declared
// are the orders the runs' sweeps declared their axes in.
func summarizeRuns(head runHead, by string, declared []analysis.SweepAxis, each func(add func(*transcript.Episode, bool)) error) (analysis.Summary, error) {
	if by != "" {
		return analysis.SummarizeByEach(head.Name, head.Seed, strings.Split(by, ","), declared, each)
	}
	z := analysis.NewSummarizer(head.Name, head.Seed)
	z.DeclareAxes(declared)
	err := each(func(ep *transcript.Episode, repeat bool) {
		if repeat {
			z.AddRepeat(ep)
		} else {
			z.Add(ep)
		}
	})
	return z.Summary(), err
}

// printTable prints the table of sum in f: as text or markdown, the cells
// with their method's note, then a grader's table, a sweep's lines and
// the Elo ratings it holds, each with its note, the text as the markdown
// (the run's table.md for one run). One run as it was summarized (own) is
// printed as the run printed it, its comparisons included; the
// comparisons of runs pooled or regrouped are not the runs' own, and are
// left out. One run's own has its warnings, as its table.md ends with
// them, and says them on stderr.
func printTable(out, stderr io.Writer, sum analysis.Summary, f analysis.Format, own bool) error {
	if !own && (f == analysis.FormatText || f == analysis.FormatMarkdown) {
		sum.Comparisons, sum.Uncompared = nil, nil
	}
	if own {
		// What the run said, as it said it, as a replicated run's table
		// says its own.
		sum.Warnings = append(sinks.Warnings(sum), sum.Warnings...)
	}
	// Of several runs, the warnings are markRuns', of the runs.
	printWarnings(stderr, sum.Warnings)
	if f == analysis.FormatText {
		// What the markdown has, as text: the cells, a grader's table, a
		// sweep's lines, the Elo ratings.
		return printTables(out, sum, true)
	}
	return analysis.WriteSummary(out, sum, f)
}

// tableOfReplicates prints the table of a replicated run, recomputed from
// its replicates' transcripts, and reports whether dir is one.
func tableOfReplicates(cmd *cobra.Command, dir, by string, f analysis.Format) (bool, error) {
	if _, err := os.Stat(filepath.Join(dir, engine.TranscriptsFile)); err == nil {
		return false, nil
	}
	// A replicated merge that stopped holds some seeds whole, and no
	// summary: not a run that is still playing.
	if err := mergeNotDone(dir); err != nil {
		return true, err
	}
	prior, err := sinks.ReadSummary(filepath.Join(dir, sinks.SummaryFile))
	if errors.Is(err, fs.ErrNotExist) {
		prior, err = unfinishedReplicates(dir)
	}
	if err != nil || prior.Replicates == nil {
		return false, nil
	}
	if by != "" {
		lines := ""
		if prior.Replicates.Sweep != nil {
			lines = fmt.Sprintf(" (its table, moot table %s, has the sweep's lines along each axis across the seeds)", engine.ShellWord(dir))
		}
		return true, fmt.Errorf("%w: --by: %s is a replicated run%s; group one replicate's folder (%s/%s)", errUsage, dir, lines, dir, engine.ReplicateDir(prior.Replicates.Seeds[0]))
	}
	sum, err := resummarize(dir, prior)
	if err != nil {
		return true, err
	}
	warnPartial(cmd.ErrOrStderr(), dir, sum.Partial)
	// What the run said of its seeds (repeated_draws), as it said it: the
	// p-values and intervals below count on them.
	printWarnings(cmd.ErrOrStderr(), sum.Warnings)
	out := cmd.OutOrStdout()
	switch f {
	case analysis.FormatText:
		return true, printReplicates(out, sum)
	case analysis.FormatMarkdown:
		// As the run's table.md has it.
		return true, analysis.WriteMarkdown(out, sum)
	}
	return true, analysis.WriteSummary(out, sum, f)
}

// unfinishedReplicates is what moot table knows of a replicated run in dir
// that wrote no summary of its own (killed, or still running): its name
// and the seeds whose folders hold a log, each summarized again from it,
// marked unfinished. An error where dir holds no such seed.
func unfinishedReplicates(dir string) (analysis.Summary, error) {
	var seeds []uint64
	var name string
	for _, r := range replicateFolders(dir) {
		if _, err := os.Stat(filepath.Join(r.dir, engine.TranscriptsFile)); err != nil {
			continue
		}
		if name == "" {
			name = r.name
		}
		seeds = append(seeds, r.seed)
	}
	if len(seeds) == 0 {
		return analysis.Summary{}, fmt.Errorf("%s holds no replicate's log", dir)
	}
	return analysis.Summary{Experiment: name, Partial: unfinishedPartial, Replicates: &analysis.ReplicateSummary{Seeds: seeds}}, nil
}

// poolRuns gives add each episode of the runs in dirs, one at a time, as
// RUN:PROTOCOL where there are several runs whose rows are kept apart
// (not pooled); an episode two of them hold alike is refused (onceEach).
// A draw an earlier run holds too (onceEach.repeated) is given as a
// repeat, or, where the rows pool the runs' episodes, not at all; warn is
// told how many. It returns the runs' heads, in the order of dirs.
func poolRuns(warn io.Writer, dirs []string, pooled bool, add func(ep *transcript.Episode, repeat bool)) ([]runHead, error) {
	heads := make([]runHead, len(dirs))
	labels := runLabels(dirs)
	once := newOnceEach(dirs)
	rename, renamed := sweepNumberNames(dirs)
	nameApart := func(int, *transcript.Episode) {}
	if len(dirs) > 1 {
		// A folder that holds no run is refused before the runs' agents
		// are compared, which would warn first that its lock is missing.
		for _, dir := range dirs {
			if _, err := os.Stat(filepath.Join(dir, engine.TranscriptsFile)); err != nil {
				return nil, notRunFolder(dir, err)
			}
		}
		nameApart = agentsApart(warn, dirs, labels)
	}
	for i, dir := range dirs {
		n := 0
		head, err := scanRun(dir, nil, func(ep *transcript.Episode) error {
			repeat, err := once.admit(i, ep, true)
			if err != nil {
				return err
			}
			n++
			if repeat && pooled {
				return nil
			}
			// Where the rows pool the runs, a row of one protocol's
			// episodes names it alike whichever run played them.
			if len(dirs) > 1 && !pooled {
				ep.Protocol = labels[i] + ":" + ep.Protocol
			}
			ep.Cell = rename(ep.Cell)
			nameApart(i, ep)
			add(ep, repeat)
			return nil
		})
		if err != nil {
			return nil, err
		}
		heads[i] = head
		warnPartial(warn, dir, head.Partial)
		warnUnfinished(warn, dir, head, n)
	}
	once.noteRepeats(warn, pooled)
	if len(*renamed) > 0 {
		fmt.Fprintf(warn, "moot: one number written two ways is one value, as the first run writes it: %s\n", strings.Join(*renamed, "; "))
	}
	if pooled && len(dirs) > 1 {
		warnUnlikePooled(warn, dirs, "rows that pool the runs count each such id as one question, in their question counts and intervals (group by protocol to keep the runs apart)")
	}
	return heads, nil
}

// sweepNumberNames names each number of a sweep axis alike in the runs
// in dirs, as the first run that has it writes it (numberNames), from the
// values each run's lock lists: the rows and lines that pool the runs
// count 0.5 and 0.50 as one value, as moot compare pairs them. One run's
// cells are left as they are.
func sweepNumberNames(dirs []string) (rename func(cell string) string, renamed *[]string) {
	if len(dirs) < 2 {
		return func(cell string) string { return cell }, new([]string)
	}
	runs := make([]numberSpellings, len(dirs))
	for i, dir := range dirs {
		runs[i] = numberSpellings{}
		lock, err := runLock(dir)
		if err != nil || lock == nil {
			continue // the run's own reading says what is wrong
		}
		names, values := lock.Axes()
		for _, axis := range names {
			for _, v := range values[axis] {
				runs[i].add(axis, v)
			}
		}
	}
	return numberNames(runs)
}

// declaredAxes are the orders in which the runs in dirs declared their
// sweeps' axes' values (their locks), each value spelt as the rows spell
// it (sweepNumberNames): a log a run stopped early left in the order its episodes finished
// may name an axis's last value first, which would turn its lines'
// contrasts round. Where a run has no lock, none is declared: its lines'
// order is unknown, and another run's declared order would turn them
// round where it swept the other way.
func declaredAxes(dirs []string) []analysis.SweepAxis {
	rename, _ := sweepNumberNames(dirs)
	var out []analysis.SweepAxis
	for _, dir := range dirs {
		lock, err := runLock(dir)
		if err != nil {
			continue // the run's own reading says what is wrong
		}
		if lock == nil {
			return nil
		}
		names, values := lock.Axes()
		for _, name := range names {
			axis := analysis.SweepAxis{Name: name}
			for _, v := range values[name] {
				cell := rename(transcript.CellName([]transcript.AxisValue{{Axis: name, Value: v}}))
				axis.Values = append(axis.Values, transcript.CellValue(cell, name))
			}
			out = append(out, axis)
		}
	}
	return out
}

// seedLocks is what the replicated run in dir's seeds' locks say that its
// summary needs (sinks.SeedLocks): the orders in which it declared its
// sweep's axes' values (declaredAxes; a seed stopped early left its log in
// the order its episodes finished), and the agents that sample at
// temperature 0 (engine.LockHead.Greedy), where any seed's lock says so.
func seedLocks(dir string, seeds []uint64) sinks.SeedLocks {
	dirs := make([]string, len(seeds))
	for i, s := range seeds {
		dirs[i] = filepath.Join(dir, engine.ReplicateDir(s))
	}
	locks := sinks.SeedLocks{Declared: declaredAxes(dirs), Greedy: analysis.GreedyAgents{All: map[string]bool{}}}
	g := &locks.Greedy
	for _, d := range dirs {
		lock, err := runLock(d)
		if err != nil || lock == nil {
			continue // read where the run's records are, and said there
		}
		if lock.Shard != "" {
			locks.Shard = lock.Shard
		}
		all, byCell := lock.Greedy()
		maps.Copy(g.All, all)
		for cell, agents := range byCell {
			if g.ByCell == nil {
				g.ByCell = map[string]map[string]bool{}
			}
			if g.ByCell[cell] == nil {
				g.ByCell[cell] = map[string]bool{}
			}
			maps.Copy(g.ByCell[cell], agents)
		}
	}
	return locks
}

// resummarize summarizes again the replicated run in dir, whose
// summary.json is prior, from its seeds' transcripts, as moot table and
// moot report draw its tables (summary.json's means over seeds are
// rounded to four places: tables made from them would round twice). A
// folder without the seeds' transcripts is refused as bad input, named:
// reference results (summary and tables kept alone), or a seed's folder
// removed.
func resummarize(dir string, prior analysis.Summary) (analysis.Summary, error) {
	var missing []string
	for _, s := range prior.Replicates.Seeds {
		if _, err := os.Stat(filepath.Join(dir, engine.ReplicateDir(s), engine.TranscriptsFile)); err != nil {
			missing = append(missing, filepath.Join(dir, engine.ReplicateDir(s), engine.TranscriptsFile))
		}
	}
	switch {
	case len(missing) == len(prior.Replicates.Seeds):
		run := "the experiment"
		if file := filepath.Join("experiments", prior.Experiment+".yaml"); fileExists(file) {
			run = engine.ShellWord(file)
		}
		return analysis.Summary{}, fmt.Errorf("%w: %s holds the summary and tables of a replicated run (reference results, which moot verify compares with), not its seeds' transcripts, from which its tables and page are drawn: make the run first, with moot run %s --out %s",
			errUsage, dir, run, engine.ShellWord(dir))
	case len(missing) > 0:
		return analysis.Summary{}, fmt.Errorf("%w: %s is a replicated run whose tables and page are drawn from its seeds' transcripts, and %d of its %d are missing (%s)",
			errUsage, dir, len(missing), len(prior.Replicates.Seeds), strings.Join(missing, ", "))
	}
	sum, err := sinks.SummarizeReplicates(dir, prior.Experiment, prior.Replicates.Seeds, engine.ReplicateDir, seedLocks(dir, prior.Replicates.Seeds))
	sum.Partial = prior.Partial
	return sum, err
}
