package main

import (
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/mootlab/moot/analysis"
)

func newPowerCommand() *cobra.Command {
	var format string
	goal := analysis.DefaultPowerGoal
	cmd := &cobra.Command{
		Use:   "power RUN_DIR [--delta 0.05] [--power 0.8] [--alpha 0.05] [--questions N]",
		Short: "Read a run as a pilot: how many questions each paired comparison needs to find a difference",
		Long: `power reads each paired comparison of a run (those its summary makes) as a pilot study: the
standard error of the difference in judge accuracy, with questions that share a group drawn as
one unit; the smallest difference the run's questions find with the power asked (--power) by a
two-sided test at --alpha; and how many questions a study of the same design (the same episodes
a question, groups of the same sizes, its questions differing as often) needs to find a
difference of --delta (a share: 0.05 is 5 points); with --questions N, also the chance that a
study of N questions finds it. It is a normal approximation to moot's paired permutation test, which is conservative
where each question has one verdict a cell; docs/statistics.md says how it was checked.`,
		Example: `  moot run experiments/quickstart.yaml --out runs/pilot
  moot power runs/pilot
  moot power runs/pilot --delta 0.03 --power 0.9 --questions 1000 --format csv`,
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			f, err := analysis.ParseFormat(format)
			if err != nil {
				return fmt.Errorf("%w: --format: %v", errUsage, err)
			}
			if err := checkGoal(goal); err != nil {
				return fmt.Errorf("%w: %v", errUsage, err)
			}
			return runPower(cmd.OutOrStdout(), cmd.ErrOrStderr(), args[0], goal, f)
		},
	}
	cmd.Flags().Float64Var(&goal.Delta, "delta", goal.Delta, "the difference in judge accuracy to find, as a share in [0.0001, 1]")
	cmd.Flags().Float64Var(&goal.Power, "power", goal.Power, "the chance of finding it, in (--alpha, 1)")
	cmd.Flags().Float64Var(&goal.Alpha, "alpha", goal.Alpha, "the two-sided test's level, in (1/10001, 1)")
	cmd.Flags().IntVar(&goal.At, "questions", 0, "also the chance that a study of this many questions finds --delta (the task's n, a dataset's size)")
	cmd.Flags().StringVar(&format, "format", "text", "text, markdown, csv or json")
	return cmd
}

// minDelta is the smallest --delta: summary.json writes differences to
// 4 places, and far below it the questions planned overflow an int.
const minDelta = 0.0001

// checkGoal refuses a goal outside its flags' ranges, or one moot's test
// cannot meet: no p of its Permutations is below 1/(Permutations+1), and
// a power at or below the level is had with no question at all (the
// normal approximation then plans a negative MDE).
func checkGoal(g analysis.PowerGoal) error {
	floor := 1 / float64(analysis.Permutations+1)
	switch {
	case !(g.Delta >= minDelta && g.Delta <= 1):
		return fmt.Errorf("--delta %v: want a share in [%v, 1], as 0.05 for 5 points", g.Delta, minDelta)
	case !(g.Alpha > floor && g.Alpha < 1):
		return fmt.Errorf("--alpha %v: want a level in (%.6f, 1): moot's permutation test gives no p below 1/%d", g.Alpha, floor, analysis.Permutations+1)
	case !(g.Power > g.Alpha && g.Power < 1):
		return fmt.Errorf("--power %v: want a probability in (--alpha, 1): a test at level %v finds no difference at all that often", g.Power, g.Alpha)
	case g.At < 0 || g.At > 1e9:
		return fmt.Errorf("--questions %d: want a number of questions from 1 to 1,000,000,000 (0: none)", g.At)
	}
	return nil
}

// runPower writes the power analysis of the run in dir, in format f, to
// out.
func runPower(out, warn io.Writer, dir string, goal analysis.PowerGoal, f analysis.Format) error {
	if err := logError(dir); err != nil {
		return notRunFolder(dir, err)
	}
	eps, head, err := readVerdicts(dir)
	if err != nil {
		return err
	}
	warnPartial(warn, dir, head.Partial)
	warnUnfinished(warn, dir, head, len(eps))
	ps := analysis.PowersOf(eps, goal)
	if len(ps) == 0 && f != analysis.FormatJSON && f != analysis.FormatCSV {
		fmt.Fprintf(out, "%s makes no paired comparison (no two cells of one task and judge that its summary compares, on questions both judged)\n", dir)
		return nil
	}
	if err := analysis.WritePower(out, ps, goal, f); err != nil {
		return err
	}
	if f == analysis.FormatText { // markdown carries the note already
		fmt.Fprintln(out, analysis.PowerNote(goal))
	}
	return nil
}
