package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/mootlab/moot/analysis"
	"github.com/mootlab/moot/engine"
	"github.com/mootlab/moot/sinks"
	"github.com/mootlab/moot/transcript"
)

// readRun reads a run folder's transcripts, and the experiment name and
// seed from its summary (the seed keeps the bootstrap reproducible).
func readRun(dir string) (eps []transcript.Episode, name string, seed uint64, err error) {
	eps, err = transcript.ReadFile(filepath.Join(dir, engine.TranscriptsFile))
	if err != nil {
		return nil, "", 0, fmt.Errorf("%w: %s is not a run folder: %v", errUsage, dir, err)
	}
	name = filepath.Base(filepath.Clean(dir))
	if data, err := os.ReadFile(filepath.Join(dir, sinks.SummaryFile)); err == nil {
		var s struct {
			Experiment string `json:"experiment"`
			Seed       uint64 `json:"seed"`
		}
		if json.Unmarshal(data, &s) == nil {
			name, seed = s.Experiment, s.Seed
		}
	}
	return eps, name, seed, nil
}

func newTableCommand() *cobra.Command {
	var by, format string
	cmd := &cobra.Command{
		Use:   "table RUN_DIR...",
		Short: "Print the judge accuracy table of one or more runs, grouped by any fields",
		Long: "table recomputes the accuracy table from the runs' transcripts alone. --by groups cells by\n" +
			"any of protocol, kind, cell, task, judge, assignment, repeat, and, for a sweep, by any of its\n" +
			"axes (strong.skill): cell is the whole sweep cell, an axis its value alone, pooled over the\n" +
			"other axes. With several runs, each protocol is shown as RUN:PROTOCOL, RUN being the\n" +
			"folder's name.",
		Example: "  moot table results/quickstart\n" +
			"  moot table results/quickstart --by protocol,assignment --format markdown\n" +
			"  moot table results/sweep-skill --by protocol,strong.skill\n" +
			"  moot table runs/judge-a runs/judge-b --format csv",
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return fmt.Errorf("%w: name at least one run folder", errUsage)
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			f, err := analysis.ParseFormat(format)
			if err != nil {
				return fmt.Errorf("%w: --format: %v", errUsage, err)
			}
			fields := analysis.DefaultGroup
			if by != "" {
				fields = strings.Split(by, ",")
			}
			var all []transcript.Episode
			var name string
			var seed uint64
			for i, dir := range args {
				eps, n, s, err := readRun(dir)
				if err != nil {
					return err
				}
				if i == 0 {
					name, seed = n, s
				}
				if len(args) > 1 {
					run := filepath.Base(filepath.Clean(dir))
					for j := range eps {
						eps[j].Protocol = run + ":" + eps[j].Protocol
					}
				}
				all = append(all, eps...)
			}
			sum := analysis.Summarize(name, seed, all)
			if by != "" {
				if sum, err = analysis.SummarizeBy(name, seed, all, fields); err != nil {
					return fmt.Errorf("%w: --by: %v", errUsage, err)
				}
			}
			out := cmd.OutOrStdout()
			if err := analysis.WriteSummary(out, sum, f); err != nil {
				return err
			}
			if f == analysis.FormatText {
				fmt.Fprintln(out, analysis.MethodNote(sum))
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&by, "by", "", "fields to group by, comma-separated (default protocol,task,judge)")
	cmd.Flags().StringVar(&format, "format", "text", "text, markdown, csv or json")
	return cmd
}

func newCompareCommand() *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:   "compare RUN_A RUN_B",
		Short: "Paired differences per cell between two runs on the same questions",
		Long: "compare matches the cells (protocol, task, judge) of two runs and, for each, compares the\n" +
			"judge's accuracy on the questions both judged: B − A, a 95% bootstrap CI over questions and\n" +
			"a two-sided paired permutation p-value.",
		Example: "  moot compare runs/weak-judge runs/weak-judge-rejudged-strong",
		Args:    exactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			f, err := analysis.ParseFormat(format)
			if err != nil {
				return fmt.Errorf("%w: --format: %v", errUsage, err)
			}
			a, name, seed, err := readRun(args[0])
			if err != nil {
				return err
			}
			b, _, _, err := readRun(args[1])
			if err != nil {
				return err
			}
			runA, runB := filepath.Base(filepath.Clean(args[0])), filepath.Base(filepath.Clean(args[1]))
			if runA == runB {
				runA, runB = "A", "B"
			}
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
			inB := map[analysis.CellKey]bool{}
			// A rejudged run has another judge: match cells on protocol
			// and task, and on the judge only when both runs have it.
			for i := range b {
				inB[analysis.CellKey{Protocol: b[i].Protocol, Task: b[i].Task, Cell: b[i].Cell}] = true
				b[i].Protocol = runB + ":" + b[i].Protocol
			}
			judgeOf := map[analysis.CellKey]string{}
			for i := range b {
				judgeOf[analysis.CellKey{Protocol: strings.TrimPrefix(b[i].Protocol, runB+":"), Task: b[i].Task, Cell: b[i].Cell}] = b[i].Judge
			}
			eps := append(a, b...)
			sum := analysis.Summary{Experiment: name, Seed: seed}
			for _, k := range order {
				pt := analysis.CellKey{Protocol: k.Protocol, Task: k.Task, Cell: k.Cell}
				if !inB[pt] {
					continue
				}
				ka := analysis.CellKey{Protocol: runA + ":" + k.Protocol, Task: k.Task, Judge: k.Judge, Cell: k.Cell}
				kb := analysis.CellKey{Protocol: runB + ":" + k.Protocol, Task: k.Task, Judge: judgeOf[pt], Cell: k.Cell}
				sum.Comparisons = append(sum.Comparisons, analysis.Compare(eps, ka, kb, analysis.Resamples, seed))
			}
			if len(sum.Comparisons) == 0 {
				return fmt.Errorf("%w: the runs have no cell (protocol and task) in common", errUsage)
			}
			out := cmd.OutOrStdout()
			if err := analysis.WriteComparisons(out, sum, f); err != nil {
				return err
			}
			if f != analysis.FormatText && f != analysis.FormatMarkdown {
				return nil
			}
			if f == analysis.FormatText { // markdown carries the note already
				fmt.Fprintln(out, analysis.ComparisonNote())
			}
			// Where the judges differ (a run and its rejudging), how far
			// they agree on the very same episodes, beyond chance.
			for _, pair := range judgePairs(sum.Comparisons) {
				ag := analysis.JudgeAgreement(unprefixed(eps, runA, runB), pair[0], pair[1])
				if ag.Items == 0 {
					continue
				}
				kappa := "undefined (one judge always gave the same answer)"
				if ag.KappaDefined {
					kappa = fmt.Sprintf("%.3f", ag.Kappa)
				}
				fmt.Fprintf(out, "Judges %s and %s agree on %.1f%% of the %d episodes both judged (%d with an unparsed verdict left out); Cohen's kappa %s.\n",
					ag.JudgeA, ag.JudgeB, 100*ag.Agreement, ag.Items, ag.Skipped, kappa)
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&format, "format", "text", "text, markdown, csv or json")
	return cmd
}

// judgePairs lists the distinct pairs of different judges compared.
func judgePairs(ps []analysis.Paired) [][2]string {
	seen := map[[2]string]bool{}
	var out [][2]string
	for _, p := range ps {
		pair := [2]string{p.A.Judge, p.B.Judge}
		if pair[0] != pair[1] && !seen[pair] {
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
