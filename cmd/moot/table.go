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

// notRunFolder is the usage error for dir, which holds no run's
// transcripts (err says why); for the folder of a replicated run it says
// to name one replicate's folder.
func notRunFolder(dir string, err error) error {
	if seeds, _ := filepath.Glob(filepath.Join(dir, engine.ReplicateGlob, engine.TranscriptsFile)); len(seeds) > 0 {
		return fmt.Errorf("%w: %s holds a replicated run, a run a seed: name one seed's folder, such as %s",
			errUsage, dir, filepath.Dir(seeds[0]))
	}
	return fmt.Errorf("%w: %s is not a run folder: %v", errUsage, dir, err)
}

// runHead is what a run's summary.json says of it: the experiment's name
// (the folder's, without a summary), its seed (which keeps the bootstrap
// reproducible), and why it stopped early, "" for a whole run.
type runHead struct {
	Name    string `json:"experiment"`
	Seed    uint64 `json:"seed"`
	Partial string `json:"partial"`
}

// readRun reads a run folder's transcripts and the head of its summary.
func readRun(dir string) ([]transcript.Episode, runHead, error) {
	eps, err := transcript.ReadFile(filepath.Join(dir, engine.TranscriptsFile))
	if err != nil {
		return nil, runHead{}, notRunFolder(dir, err)
	}
	head := runHead{Name: filepath.Base(filepath.Clean(dir))}
	if data, err := os.ReadFile(filepath.Join(dir, sinks.SummaryFile)); err == nil {
		var s runHead
		if json.Unmarshal(data, &s) == nil {
			head = s
		}
	}
	return eps, head, nil
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
			"folder's name (its path where two folders share a name); a folder named twice is refused.",
		Example: "  moot table results/quickstart\n" +
			"  moot table results/quickstart --by protocol,assignment --format markdown\n" +
			"  moot table results/sweep-skill --by protocol,strong.skill\n" +
			"  moot table runs/judge-a runs/judge-b --format csv",
		Args: someRuns,
		RunE: func(cmd *cobra.Command, args []string) error {
			f, err := analysis.ParseFormat(format)
			if err != nil {
				return fmt.Errorf("%w: --format: %v", errUsage, err)
			}
			if len(args) == 1 {
				if done, err := tableOfReplicates(cmd, args[0], by, f); done || err != nil {
					return err
				}
			}
			fields := analysis.DefaultGroup
			if by != "" {
				fields = strings.Split(by, ",")
			}
			var all []transcript.Episode
			var name string
			var seed uint64
			labels := runLabels(args)
			for i, dir := range args {
				eps, head, err := readRun(dir)
				if err != nil {
					return err
				}
				warnPartial(cmd.ErrOrStderr(), dir, head.Partial)
				if i == 0 {
					name, seed = head.Name, head.Seed
				}
				if len(args) > 1 {
					for j := range eps {
						eps[j].Protocol = labels[i] + ":" + eps[j].Protocol
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

// tableOfReplicates prints the table of a replicated run, recomputed from
// its replicates' transcripts, and reports whether dir is one.
func tableOfReplicates(cmd *cobra.Command, dir, by string, f analysis.Format) (bool, error) {
	if _, err := os.Stat(filepath.Join(dir, engine.TranscriptsFile)); err == nil {
		return false, nil
	}
	prior, err := sinks.ReadSummary(filepath.Join(dir, sinks.SummaryFile))
	if err != nil || prior.Replicates == nil {
		return false, nil
	}
	if by != "" {
		return true, fmt.Errorf("%w: --by: %s is a replicated run; group one replicate's folder (%s/%s)", errUsage, dir, dir, engine.ReplicateDir(prior.Replicates.Seeds[0]))
	}
	sum, err := sinks.SummarizeReplicates(dir, prior.Experiment, prior.Replicates.Seeds, engine.ReplicateDir)
	if err != nil {
		return true, err
	}
	sum.Partial = prior.Partial
	warnPartial(cmd.ErrOrStderr(), dir, sum.Partial)
	out := cmd.OutOrStdout()
	switch f {
	case analysis.FormatText, analysis.FormatMarkdown:
		if err := analysis.WriteReplicates(out, sum.Replicates, f); err != nil {
			return true, err
		}
		_, err = fmt.Fprintln(out, analysis.ReplicateNote(sum.Replicates))
		if err == nil && sum.Partial != "" {
			_, err = fmt.Fprintf(out, "\nPartial run (%s): the tables cover the seeds played, and the episodes each finished.\n", sum.Partial)
		}
		return true, err
	}
	return true, analysis.WriteSummary(out, sum, f)
}
