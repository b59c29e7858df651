package main

import (
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"

	"github.com/mootlab/moot/analysis"
	"github.com/mootlab/moot/transcript"
	"github.com/spf13/cobra"
)

func newCompareCommand() *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:   "compare RUN_A RUN_B",
		Short: "Paired differences per cell between two runs on the same questions",
		Long: `compare matches the cells (protocol, task, judge) of two runs and, for each, compares the
judge's accuracy on the episodes both judged (the same variants — assignment, repeat — of the
same questions): B − A, a 95% bootstrap CI over questions and
a two-sided paired permutation p-value. Sweeps are matched on the axes both runs have (a
run's other axes are pooled); it says which cells it could not pair. Two files with the
same seed give a protocol the same draws on the same question, whatever their names. It
gives the two runs' judges' agreement on the episodes both judged, with Cohen's kappa
(judges of one name in both runs told apart as RUN:JUDGE). It
warns of a partial run, and of questions both runs hold under one id whose text, context
or answers differ (another data file, or another version of it, another generator setting),
and counts them in each comparison's unlike_questions (csv, json).`,
		Example: "  moot compare runs/weak-judge runs/weak-judge-rejudged-strong",
		Args: func(cmd *cobra.Command, args []string) error {
			if err := exactArgs(2)(cmd, args); err != nil {
				return err
			}
			return distinctRuns(args, "every difference would be 0")
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			return runCompare(cmd.OutOrStdout(), cmd.ErrOrStderr(), format, args[0], args[1])
		},
	}
	cmd.Flags().StringVar(&format, "format", "text", "text, markdown, csv or json")
	return cmd
}

// noCellInCommon is the error of two runs with no cell in common, of
// nA and nB episodes: a folder that holds none is named.
func noCellInCommon(dirA, dirB string, nA, nB int) error {
	for _, r := range []struct {
		dir string
		n   int
	}{{dirA, nA}, {dirB, nB}} {
		if r.n == 0 {
			return fmt.Errorf("%w: %s holds no episode to compare (a run that stopped before its first, or a person's judging with no verdict yet)", errUsage, r.dir)
		}
	}
	return fmt.Errorf("%w: the runs have no cell (protocol and task) in common", errUsage)
}

// runCompare compares the runs in the folders dirA and dirB and writes the
// comparisons in format to out, with the judges' agreement where they
// differ, and to warn what makes the pairs less than they seem.
func runCompare(out, warn io.Writer, format, dirA, dirB string) error {
	f, err := analysis.ParseFormat(format)
	if err != nil {
		return fmt.Errorf("%w: --format: %v", errUsage, err)
	}
	a, head, err := readVerdicts(dirA)
	if err != nil {
		return err
	}
	b, headB, err := readVerdicts(dirB)
	if err != nil {
		return err
	}
	warnPartial(warn, dirA, head.Partial)
	warnPartial(warn, dirB, headB.Partial)
	warnUnfinished(warn, dirA, head, len(a))
	warnUnfinished(warn, dirB, headB, len(b))
	unlike := unlikeQuestions(warn, dirA, dirB)
	warnOtherKinds(warn, dirA, dirB, a, b)
	runA, runB := filepath.Base(filepath.Clean(dirA)), filepath.Base(filepath.Clean(dirB))
	if runA == runB {
		runA, runB = "A", "B"
	}
	// Cells match on the sweep axes both runs vary, a number as one
	// however each file writes it; the others are pooled, and said so.
	renamed := sameNumbers(a, b)
	pooledA, pooledB, pooledJudges := onShared(a, b)
	onlyA, onlyB := unpairedCells(a, b)
	sum, eps, leftOut := pairRuns(a, b, runA, runB, head.Seed, unlike)
	for i := range sum.Comparisons {
		// Several judges' verdicts on a variant are no one judge's: their
		// agreement with another judge is not theirs to give.
		if c := &sum.Comparisons[i]; pooledJudges[c.A.Judge] || pooledJudges[c.B.Judge] {
			c.Agreement = nil
		}
	}
	sum.Experiment, sum.Seed = head.Name, head.Seed
	if len(sum.Comparisons) == 0 {
		return noCellInCommon(dirA, dirB, len(a), len(b))
	}
	noQuestion := dropUnshared(&sum)
	if len(sum.Comparisons) == 0 {
		return noSharedQuestion(a, b, dirA, dirB, runA, runB, head, headB)
	}
	warnSeeds(warn, dirA, dirB, head, headB)
	defer func() {
		if f == analysis.FormatText || f == analysis.FormatMarkdown {
			if len(renamed) > 0 {
				fmt.Fprintf(out, "Paired as one number, written otherwise in %s: %s.\n", runB, strings.Join(renamed, "; "))
			}
			writePooled(out, runA, runB, pooledA)
			writePooled(out, runB, runA, pooledB)
			writeUnpaired(out, runA, onlyA)
			writeUnpaired(out, runB, onlyB)
			if len(noQuestion) > 0 {
				fmt.Fprintf(out, "Not paired, no question judged in both: %s.\n", strings.Join(noQuestion, "; "))
			}
			if len(leftOut) > 0 {
				fmt.Fprintf(out, "Not paired, variants of a question (assignment, repeat) that one run judged and the other did not (another repeat, a question it lacks, an episode that failed), or that neither did: %s.\n", strings.Join(leftOut, "; "))
			}
			writeUnlike(out, sum.Comparisons)
		}
	}()
	if err := analysis.WriteComparisons(out, sum, f); err != nil {
		return err
	}
	if f != analysis.FormatText && f != analysis.FormatMarkdown {
		return nil
	}
	if f == analysis.FormatText { // markdown carries the note already
		fmt.Fprintln(out, analysis.ComparisonNote(sum.Comparisons))
	}
	writeAgreements(out, eps, sum.Comparisons, runA, runB)
	return nil
}

// warnSeeds warns of runs in dirA and dirB, whose heads are a and b,
// played at two seeds, or of which either's seed is unknown.
func warnSeeds(warn io.Writer, dirA, dirB string, a, b runHead) {
	if otherSeeds(a, b) {
		// Questions of a dataset, or of a task with a seed of its own,
		// pair across seeds; the agents' draws do not.
		fmt.Fprintf(warn, "moot: warning: %s was played at seed %d and %s at seed %d: their questions pair, but their agents drew apart at each seed, so Δ and the judges' agreement mix what differs between the runs with unpaired noise (compare runs of one seed)\n",
			dirA, a.Seed, dirB, b.Seed)
	}
	printWarnings(warn, unknownSeeds([]string{dirA, dirB}, []runHead{a, b}))
}

// dropUnshared takes out of sum the comparisons of cells that share no
// question, whose accuracies would read 0, and returns their names; the
// comparisons kept are the family whose p-values Holm's method adjusts.
func dropUnshared(sum *analysis.Summary) []string {
	var kept []analysis.Paired
	var dropped []string
	for _, c := range sum.Comparisons {
		if c.Questions == 0 {
			dropped = append(dropped, c.A.Protocol+" · "+c.A.Task)
			continue
		}
		kept = append(kept, c)
	}
	analysis.AdjustHolm(kept)
	sum.Comparisons = kept
	return dropped
}

// pairRuns prefixes the protocols of runs a and b, their cells already on
// the shared axes (onShared), with their names runA and runB and compares
// each cell of a with the matching cell of b, in order of first appearance
// in a, seeded by seed. It returns the comparisons, the prefixed
// episodes of both runs, and, for each cell where either run played
// episodes the other did not, how many it left out.
func pairRuns(a, b []transcript.Episode, runA, runB string, seed uint64, unlike map[string]bool) (analysis.Summary, []transcript.Episode, []string) {
	keys := map[analysis.CellKey]bool{}
	var order []analysis.CellKey
	for i := range a {
		k := analysis.CellKey{Protocol: a[i].Protocol, Task: a[i].Task, Judge: a[i].Judge, Cell: a[i].Cell}
		if !keys[k] {
			keys[k] = true
			order = append(order, k)
		}
		a[i].Protocol = runA + ":" + a[i].Protocol
	}
	// A rejudged run has another judge: match cells on protocol
	// and task, and on the judge only when both runs have it.
	judgesOf := map[analysis.CellKey][]string{}
	for i := range b {
		pt := analysis.CellKey{Protocol: b[i].Protocol, Task: b[i].Task, Cell: b[i].Cell}
		if !slices.Contains(judgesOf[pt], b[i].Judge) {
			judgesOf[pt] = append(judgesOf[pt], b[i].Judge)
		}
		b[i].Protocol = runB + ":" + b[i].Protocol
	}
	eps := append(a, b...)
	var sum analysis.Summary
	var leftOut []string
	for _, k := range order {
		pt := analysis.CellKey{Protocol: k.Protocol, Task: k.Task, Cell: k.Cell}
		ka := analysis.CellKey{Protocol: runA + ":" + k.Protocol, Task: k.Task, Judge: k.Judge, Cell: k.Cell}
		for _, judge := range judgesFor(judgesOf[pt], k.Judge) {
			kb := analysis.CellKey{Protocol: runB + ":" + k.Protocol, Task: k.Task, Judge: judge, Cell: k.Cell}
			sum.Comparisons, leftOut = pairCells(sum.Comparisons, leftOut, eps, ka, kb, unlike, seed, runA, runB)
		}
	}
	return sum, eps, leftOut
}

// judgesFor are the judges of run B's cell whose episodes are compared
// with those of A's judge: the same judge where B has it; else B's one
// judge (a rejudged run), or each of B's in turn.
func judgesFor(judgesB []string, judgeA string) []string {
	if slices.Contains(judgesB, judgeA) {
		return []string{judgeA}
	}
	return judgesB
}

// noteName names cell k in a note under the table: its protocol and task,
// and its sweep cell where it has one.
func noteName(k analysis.CellKey) string {
	name := k.Protocol + " · " + k.Task
	if k.Cell != "" {
		name += " [" + k.Cell + "]"
	}
	return name
}

// writeUnlike says which comparisons paired questions whose text differs
// under one id (another dataset file, other task settings): there Δ
// compares other items, not one judge's calls on one item.
func writeUnlike(out io.Writer, cs []analysis.Paired) {
	var cells []string
	for _, c := range cs {
		if n := c.UnlikeQuestions; n != nil && *n > 0 {
			cells = append(cells, fmt.Sprintf("%s (unlike: %d)", noteName(c.A), *n))
		}
	}
	if len(cells) > 0 {
		fmt.Fprintf(out, "Questions unlike under one id, paired all the same: %s.\n", strings.Join(cells, "; "))
	}
}

// writeAgreements writes, for each pair of judges compared (a run and its
// rejudging, or two runs' judges), how far they agree on the very same
// episodes, beyond chance: over all their cells, then cell by cell when
// there are several (a reference or a baseline, where both judges do
// well, pulls the pooled kappa up). eps are the two runs' episodes, their
// protocols prefixed with runA and runB. A pair with a cell's several
// judges pooled has no cell's agreement (runCompare), and is left out.
func writeAgreements(out io.Writer, eps []transcript.Episode, comparisons []analysis.Paired, runA, runB string) {
	for _, pair := range judgePairs(comparisons) {
		on, ja, jb := agreementOf(eps, pair[0], pair[1], runA, runB)
		ag := analysis.JudgeAgreement(on, ja, jb)
		if ag.Items == 0 && ag.Skipped == 0 {
			continue
		}
		ci := ""
		if ag.KappaCI != nil {
			ci = " (95% CI: bootstrap over the questions both judged, or their groups)"
		}
		share := fmt.Sprintf("agree on %.1f%% of the %d episodes both judged", 100*ag.Agreement, ag.Items)
		if ag.Pooled {
			share = fmt.Sprintf("agree on %.1f%% of the %d pairs of verdicts on episodes both judged "+
				"(a cell pooled over sweep values holds a judge's verdicts of an episode under each value, each paired with the other judge's)", 100*ag.Agreement, ag.Items)
		}
		if ag.Items == 0 {
			share = "have no episode both judged with both verdicts parsed"
		}
		fmt.Fprintf(out, "Judges %s and %s %s (%d with an unparsed verdict left out); Cohen's kappa %s%s.\n",
			ag.JudgeA, ag.JudgeB, share, ag.Skipped, analysis.KappaText(ag), ci)
		var cells []string
		for _, c := range comparisons {
			if a := c.Agreement; a != nil && c.A.Judge == pair[0] && c.B.Judge == pair[1] {
				share := fmt.Sprintf("%.1f%% of %d", 100*a.Agreement, a.Items)
				if a.Pooled {
					share += " pairs"
				}
				if a.Items == 0 {
					share = fmt.Sprintf("none of 0 (%d unparsed left out)", a.Skipped)
				}
				cells = append(cells, fmt.Sprintf("%s · %s %s, kappa %s", c.A.Label(), c.A.Task, share, analysis.KappaText(*a)))
			}
		}
		if len(cells) > 1 {
			fmt.Fprintf(out, "  By cell: %s.\n", strings.Join(cells, "; "))
		}
	}
}

// judgePairs lists the distinct pairs of judges whose agreement a cell
// has: the judges of run A and run B, by their names in the runs.
func judgePairs(ps []analysis.Paired) [][2]string {
	seen := map[[2]string]bool{}
	var out [][2]string
	for _, p := range ps {
		pair := [2]string{p.A.Judge, p.B.Judge}
		if p.Agreement != nil && !seen[pair] {
			seen[pair] = true
			out = append(out, pair)
		}
	}
	return out
}

// unprefixed copies eps with the run names taken off their protocols, so
// that the same episode judged in both runs is the same item.
func unprefixed(eps []transcript.Episode, runs ...string) []transcript.Episode {
	out := make([]transcript.Episode, len(eps))
	for i, ep := range eps {
		for _, r := range runs {
			ep.Protocol = strings.TrimPrefix(ep.Protocol, r+":")
		}
		out[i] = ep
	}
	return out
}

// otherVariants names each run's variants (assignments, and repeats past
// the first) of the questions both runs judged in a cell of both (the
// same protocol, task and sweep cell; an episode that failed judged
// nothing), "" where they judged none: then runs that share no episode
// judged those questions in other variants. The protocols of a and b
// read RUN:PROTOCOL, as pairRuns leaves them.
func otherVariants(a, b []transcript.Episode, runA, runB string) string {
	type question struct{ protocol, task, cell, id string }
	key := func(e transcript.Episode, run string) question {
		return question{strings.TrimPrefix(e.Protocol, run+":"), e.Task, e.Cell, e.QuestionID}
	}
	judged := func(eps []transcript.Episode, run string) map[question]bool {
		out := map[question]bool{}
		for _, e := range eps {
			if e.Error == "" {
				out[key(e, run)] = true
			}
		}
		return out
	}
	inA, inB := judged(a, runA), judged(b, runB)
	names := func(eps []transcript.Episode, run string) string {
		var out []string
		for _, e := range eps {
			if k := key(e, run); e.Error != "" || !inA[k] || !inB[k] {
				continue
			}
			v := e.Assignment
			if e.Repeat > 0 {
				v += fmt.Sprintf(" repeat %d", e.Repeat)
			}
			if !slices.Contains(out, v) {
				out = append(out, v)
			}
		}
		slices.Sort(out)
		return strings.Join(out, ", ")
	}
	va, vb := names(a, runA), names(b, runB)
	if va == "" {
		return ""
	}
	return runA + ": " + va + "; " + runB + ": " + vb
}
