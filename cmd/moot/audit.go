package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/mootlab/moot/analysis"
	"github.com/mootlab/moot/transcript"
)

// auditOptions are the flags of moot audit.
type auditOptions struct {
	top       int
	protocols []string
	format    string
	relabel   string // the dataset to write a corrected copy of
	out       string // where
	task      string // the task that read it, when its path does not tell
}

func newAuditCommand() *cobra.Command {
	var opts auditOptions
	cmd := &cobra.Command{
		Use:   "audit RUN_DIR...",
		Short: "Rank the questions whose gold label the judges reject: candidate label errors",
		Long: `audit pools the verdicts of one or more runs (all their protocols, or those --protocol names)
and ranks the questions whose gold label the verdicts reject: by the mean probability the
verdicts give the other answer, above 0.5, then by how many verdicts are against it. Each is
shown with its evidence: every verdict, its probability, and the quotes and notes of the
judge's answer. An ensemble of strong judges with the hidden context (direct-with-context,
swap: true) is the usual source. An episode two runs hold alike — two files that differ only
where it does not look, played at one seed: its messages name the same draws — is read once.

--relabel FILE --out FILE writes a corrected copy of the dataset FILE, which a task of the
first run loaded (found by its path, or named by --task where two tasks load it), with the
gold answer of each suspect shown (the top K) of that task changed to the other answer; then
it loads the copy as the run did and prints each cell's accuracy before and after, every
protocol of the runs re-scored on it (docs/judges.md).`,
		Example: `  moot audit runs/judges-audit --top 10
  moot audit runs/a runs/b --protocol strong-a --protocol strong-b --format json
  moot audit runs/judges-audit --top 10 --relabel data/qa.jsonl --out data/qa-fixed.jsonl`,
		Args: someRuns,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runAudit(cmd.OutOrStdout(), cmd.ErrOrStderr(), opts, args)
		},
	}
	f := cmd.Flags()
	f.IntVar(&opts.top, "top", 10, "how many suspects to show (and, with --relabel, those of its task to relabel)")
	f.StringArrayVar(&opts.protocols, "protocol", nil, "pool only this protocol's verdicts, by label (repeatable)")
	f.StringVar(&opts.format, "format", formatText, "text or json")
	f.StringVar(&opts.relabel, "relabel", "", "a dataset a task of the first run loaded: write a corrected copy")
	f.StringVar(&opts.out, "out", "", "with --relabel: the corrected copy to write")
	f.StringVar(&opts.task, "task", "", "with --relabel: the task that loaded the dataset (default: found by its path)")
	return cmd
}

// auditReport is moot audit's JSON output.
type auditReport struct {
	Runs      []string           `json:"runs"`
	Questions int                `json:"questions"`
	Verdicts  int                `json:"verdicts"`
	Suspects  int                `json:"suspects"`
	Top       []analysis.Suspect `json:"top"`
	Relabel   *relabelReport     `json:"relabel,omitempty"`
}

func runAudit(w, warn io.Writer, opts auditOptions, dirs []string) error {
	if err := textOrJSON(opts.format); err != nil {
		return err
	}
	if opts.top < 1 {
		return fmt.Errorf("%w: --top: want at least 1, got %d", errUsage, opts.top)
	}
	if (opts.relabel == "") != (opts.out == "") {
		return fmt.Errorf("%w: --relabel and --out go together", errUsage)
	}
	if opts.task != "" && opts.relabel == "" {
		return fmt.Errorf("%w: --task needs --relabel", errUsage)
	}
	if opts.relabel != "" {
		if err := checkRelabelOut(opts.relabel, opts.out); err != nil {
			return err
		}
	}
	var repeats strings.Builder
	all, eps, name, seed, err := readAuditRuns(warn, &repeats, dirs, opts.protocols, opts.relabel != "")
	if err != nil {
		return err
	}
	suspects, err := analysis.Audit(eps)
	if errors.Is(err, analysis.ErrGoldDiffers) {
		return fmt.Errorf("%w: %s: %v: the runs hold two versions of a dataset (a relabelled file and its source?), whose verdicts are not on one label; audit each run alone",
			errUsage, strings.Join(dirs, ", "), err)
	} else if errors.Is(err, analysis.ErrOtherDiffers) {
		return fmt.Errorf("%w: %s: %v: the runs drew different wrong answers for it (at two seeds of a file that lists several, each seed draws one; or two versions of the file), so their verdicts weigh the label against different answers; audit each run alone",
			errUsage, strings.Join(dirs, ", "), err)
	} else if err != nil {
		return fmt.Errorf("%w: %v", errUsage, err)
	}
	if len(dirs) > 1 {
		// Said only of runs the audit reads together: where their gold
		// answers differ it refuses above instead.
		warnUnlikePooled(warn, dirs, "the audit reads each such id as one question, its verdicts pooled")
	}
	io.WriteString(warn, repeats.String())
	rep := auditReport{Runs: dirs, Suspects: len(suspects), Top: append([]analysis.Suspect{}, suspects[:min(opts.top, len(suspects))]...)}
	rep.Questions, rep.Verdicts = judged(eps)
	if opts.relabel != "" {
		if rep.Relabel, err = relabelAndRescore(warn, opts, dirs[0], name, seed, all, rep.Top); err != nil {
			return err
		}
	}
	if opts.format == formatJSON {
		enc := json.NewEncoder(w)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		return enc.Encode(rep)
	}
	writeAudit(w, rep)
	return nil
}

// readAuditRuns reads the runs' episodes: those of the protocols named
// (all if none is), and, where every is set (a relabel re-scores every
// protocol), all of them; a protocol no run has is a usage error. An
// episode two runs hold alike is refused only among those read (a run
// and its rejudge may both hold a protocol --protocol leaves out). A draw
// an earlier run holds too is read once, and repeats told how many of
// those named were.
func readAuditRuns(warn, repeats io.Writer, dirs, protocols []string, every bool) (all, eps []transcript.Episode, name string, seed uint64, err error) {
	seen := map[string]bool{}
	once := newOnceEach(dirs)
	for i, dir := range dirs {
		var run []transcript.Episode
		n := 0
		head, err := scanRun(dir, judgeText, func(ep *transcript.Episode) error {
			n++
			named := len(protocols) == 0 || slices.Contains(protocols, ep.Protocol)
			if !named && !every {
				seen[ep.Protocol] = true
				return nil
			}
			repeat, err := once.admit(i, ep, named)
			if err != nil && !named {
				err = fmt.Errorf("%w (--relabel re-scores every protocol of the runs, %s too)", err, ep.Protocol)
			}
			if err != nil || repeat {
				return err
			}
			run = append(run, *ep)
			return nil
		})
		if err != nil {
			return nil, nil, "", 0, err
		}
		warnUnfinished(warn, dir, head, n)
		if i == 0 {
			name, seed = head.Name, head.Seed
		}
		all = append(all, run...)
		for _, ep := range run {
			seen[ep.Protocol] = true
			if len(protocols) == 0 || slices.Contains(protocols, ep.Protocol) {
				eps = append(eps, ep)
			}
		}
	}
	once.noteRepeats(repeats, true)
	for _, p := range protocols {
		if !seen[p] {
			known := slices.Sorted(maps.Keys(seen))
			return nil, nil, "", 0, fmt.Errorf("%w: --protocol %s: no such protocol in the runs (they have %s)", errUsage, p, strings.Join(known, ", "))
		}
	}
	return all, eps, name, seed, nil
}

// judged counts the questions with a parsed verdict, and the verdicts.
func judged(eps []transcript.Episode) (questions, verdicts int) {
	seen := map[analysis.QuestionKey]bool{}
	for _, ep := range eps {
		if ep.Error == "" && (ep.Verdict.Answer == 0 || ep.Verdict.Answer == 1) {
			seen[analysis.QuestionKey{Task: ep.Task, ID: ep.QuestionID}] = true
			verdicts++
		}
	}
	return len(seen), verdicts
}

// writeAudit prints the suspects and their evidence, and the re-scoring.
func writeAudit(w io.Writer, rep auditReport) {
	if len(rep.Top) == 0 {
		fmt.Fprintf(w, "No question of %d has a gold label the verdicts reject (%d verdicts).\n", rep.Questions, rep.Verdicts)
	} else {
		fmt.Fprintf(w, "%d of %d questions have a gold label the verdicts reject (%d verdicts); the top %d:\n",
			rep.Suspects, rep.Questions, rep.Verdicts, len(rep.Top))
	}
	for i, s := range rep.Top {
		lean := ""
		if 2*s.Against < s.Verdicts {
			lean = " (most chose it, but at probabilities that lean against it)"
		}
		fmt.Fprintf(w, "\n%d. %s / %s: reject %.3f, %d of %d verdicts against the label%s\n", i+1, s.Task, s.QuestionID, s.Reject, s.Against, s.Verdicts, lean)
		fmt.Fprintf(w, "   gold:  %s\n   other: %s\n", oneLine(s.Answers[s.Gold], 100), oneLine(s.Answers[1-s.Gold], 100))
		for _, v := range s.Evidence {
			p := "no probability"
			if v.Probability > 0 {
				p = fmt.Sprintf("p %.2f", v.Probability)
			}
			side := "gold"
			if v.Answer != s.Gold {
				side = "other"
			}
			fmt.Fprintf(w, "   - %s, %s, %s: %s (%s)\n", v.Protocol, v.Judge, v.Assignment, side, p)
			for _, q := range v.Quotes {
				fmt.Fprintf(w, "       quote: %s\n", oneLine(q, 120))
			}
		}
	}
	if rep.Relabel != nil {
		writeRescore(w, rep.Relabel)
	}
}

// oneLine is s on one line, cut to at most n runes.
func oneLine(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}
