package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/mootlab/moot/analysis"
	"github.com/mootlab/moot/engine"
	"github.com/mootlab/moot/humanjudge"
	"github.com/mootlab/moot/internal/noun"
	"github.com/mootlab/moot/transcript"
)

func newAgreementCommand() *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:   "agreement RUN_DIR...",
		Short: "How far several judges agree on the same episodes: Krippendorff's alpha, and kappa by pair",
		Long: `agreement reads the verdicts of two or more runs that judged the same episodes — a run, its
rejudgings by other judges, the annotators of a moot judge study — and gives how far their judges
agree: Krippendorff's alpha (nominal: the answer chosen, or the grade given) over the episodes two
or more of them judged, over all cells and cell by cell, and each pair of judges' agreement and
Cohen's kappa, each with a 95% bootstrap interval over the questions. Alpha takes any number of
judges and episodes that only some of them judged (annotators who each judged part of a study).
An episode is the same in two runs where its protocol, task, sweep cell, question, assignment and
repeat are: judges of one name in two runs are told apart as RUN:JUDGE. A study's folder (one
with study.json) stands for each annotator's run in it. It warns of runs played at other seeds,
of questions that differ between runs under one id, and of a partial run. An episode two folders
hold with the same draws (a run and its copy, a rejudge by the same judge, a society's vote that
two rejudges kept) is one verdict, which would agree with itself: it is counted once, and said.`,
		Example: `  moot agreement runs/quickstart-human     # the annotators of a study
  moot agreement runs/quickstart runs/quickstart-human runs/quickstart-rejudged-gpt
  moot agreement runs/a runs/b runs/c --format csv`,
		Args: someRuns,
		RunE: func(cmd *cobra.Command, args []string) error {
			f, err := analysis.ParseFormat(format)
			if err != nil {
				return fmt.Errorf("%w: --format: %v", errUsage, err)
			}
			dirs, err := expandStudies(args)
			if err != nil {
				return err
			}
			if err := distinctRuns(dirs, "its verdicts would be counted as another judge's"); err != nil {
				return err
			}
			return runAgreement(cmd.OutOrStdout(), cmd.ErrOrStderr(), f, dirs)
		},
	}
	cmd.Flags().StringVar(&format, "format", "text", "text, markdown, csv or json")
	return cmd
}

// expandStudies is dirs with each study's folder (one holding
// humanjudge.StudyFile) replaced by its annotators' runs, in the order of
// their names.
func expandStudies(dirs []string) ([]string, error) {
	var out []string
	for _, dir := range dirs {
		if _, err := os.Stat(filepath.Join(dir, humanjudge.StudyFile)); err != nil {
			out = append(out, dir)
			continue
		}
		entries, err := os.ReadDir(dir)
		if err != nil {
			return nil, err
		}
		n := len(out)
		for _, e := range entries {
			if !e.IsDir() {
				continue
			}
			run := filepath.Join(dir, e.Name())
			if _, err := os.Stat(filepath.Join(run, engine.TranscriptsFile)); err == nil {
				out = append(out, run)
			} else if !errors.Is(err, fs.ErrNotExist) {
				return nil, err
			}
		}
		if len(out) == n {
			return nil, fmt.Errorf("%w: %s is a study with no annotator's verdicts yet", errUsage, dir)
		}
	}
	if len(out) < 2 {
		why := "a study's folder counts its annotators"
		if len(out) == 1 && len(dirs) == 1 && out[0] != dirs[0] {
			why = fmt.Sprintf("the study %s holds one annotator's so far, %s's", dirs[0], filepath.Base(out[0]))
		}
		return nil, fmt.Errorf("%w: agreement needs the verdicts of two runs or more (%s)", errUsage, why)
	}
	return out, nil
}

// runAgreement reads the verdicts of the runs in dirs, names their judges
// apart where two runs share one's name, and writes the judges' agreement
// in format f to out, warning on warn of what makes it less than it seems.
func runAgreement(out, warn io.Writer, f analysis.Format, dirs []string) error {
	labels := runLabels(dirs)
	runs := make([][]transcript.Episode, len(dirs))
	seeds := map[uint64][]string{}
	drawn := map[string]int{} // an episode's draw key → the first folder to hold it
	for i, dir := range dirs {
		eps, held, head, err := readDrawnVerdicts(warn, dir, i, drawn, dirs)
		if err != nil {
			return err
		}
		warnPartial(warn, dir, head.Partial)
		warnUnfinished(warn, dir, head, held)
		if !head.seedUnknown {
			seeds[head.Seed] = append(seeds[head.Seed], dir)
		}
		runs[i] = eps
	}
	if len(seeds) > 1 {
		fmt.Fprintf(warn, "moot: warning: the runs were played at %d seeds: their questions pair, but where speakers spoke the judges read other transcripts, and their agreement mixes that in\n", len(seeds))
	}
	warnUnlikePooled(warn, dirs, "their verdicts count as verdicts on one episode")
	var eps []transcript.Episode
	for _, run := range namedApart(runs, labels) {
		eps = append(eps, run...)
	}
	a := analysis.AgreementOfJudges(eps)
	if a.All.Items == 0 {
		return fmt.Errorf("%w: no episode was judged by two of the judges (%s) with both verdicts parsed: the runs share no episode — the same protocol, task, sweep cell, question, assignment and repeat", errUsage, strings.Join(judgesOf(eps), ", "))
	}
	return analysis.WriteJudgesAgree(out, a, f)
}

// readDrawnVerdicts is readVerdicts of dirs[i] but for each episode
// whose draw (transcript.Episode.DrawKey) a folder read before holds,
// noted in drawn: one verdict, which counted again would be a second
// judge agreeing with the first throughout — a run and its copy, a
// rejudge by the same judge, a replicate's seed folder and the run at
// that seed, a society's vote that two rejudges kept as it was. Such
// episodes are counted once, and said on warn. held counts the episodes
// dir's log holds, those left out included.
func readDrawnVerdicts(warn io.Writer, dir string, i int, drawn map[string]int, dirs []string) (eps []transcript.Episode, held int, head runHead, err error) {
	again := map[int]int{} // folder → the episodes of dir it holds alike
	head, err = scanRun(dir, nil, func(ep *transcript.Episode) error {
		held++
		if key, ok := ep.DrawKey(); ok {
			if j, seen := drawn[key]; seen && j != i {
				again[j]++
				return nil
			} else if !seen {
				drawn[key] = i
			}
		}
		ep.Messages = nil
		eps = append(eps, *ep)
		return nil
	})
	for j := range len(dirs) {
		if n := again[j]; n > 0 {
			fmt.Fprintf(warn, "moot: %s of %s %s %s's with the same draws, one verdict each, not two judges' (a run's copy, a rejudge by the same judge, a replicate's seed folder and the run at that seed, a society's vote two rejudges kept): each counted once, as %s's\n",
				noun.Count(n, "episode"), dir, noun.Are(n), dirs[j], dirs[j])
		}
	}
	return eps, held, head, err
}

// namedApart renames, in each run's episodes, a judge whose name another
// run's episodes also give: RUN:JUDGE, RUN its label.
func namedApart(runs [][]transcript.Episode, labels []string) [][]transcript.Episode {
	in := map[string][]int{} // judge → the runs that name it
	for i, run := range runs {
		for _, ep := range run {
			if !slices.Contains(in[ep.Judge], i) {
				in[ep.Judge] = append(in[ep.Judge], i)
			}
		}
	}
	for i, run := range runs {
		for j := range run {
			if len(in[run[j].Judge]) > 1 {
				run[j].Judge = labels[i] + ":" + run[j].Judge
			}
		}
	}
	return runs
}

// judgesOf names the judges of eps, in order of first appearance.
func judgesOf(eps []transcript.Episode) []string {
	var out []string
	for _, ep := range eps {
		if !slices.Contains(out, ep.Judge) {
			out = append(out, ep.Judge)
		}
	}
	return out
}
