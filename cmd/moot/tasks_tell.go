package main

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"slices"

	"github.com/spf13/cobra"

	"github.com/mootlab/moot/analysis"
	"github.com/mootlab/moot/engine"
	"github.com/mootlab/moot/internal/noun"
	"github.com/mootlab/moot/internal/tell"
	"github.com/mootlab/moot/internal/textwrap"
)

// tellFolds is how many folds the answers-alone model is cross-validated
// over.
const tellFolds = 5

func newTasksTellCommand() *cobra.Command {
	var opts showOptions
	cmd := &cobra.Command{
		Use:   "tell GENERATOR | tell LOADER --path FILE",
		Short: "Measure how well a task's two answers alone tell the correct one: the answers-only baseline",
		Long: `tell measures what a judge can get right from a question's two answers alone, without the
question's material: a model of the answers (their values, roundness and lengths, and the
words they share with the question), cross-validated over the task's questions, and the
plain cues (the larger, the rounder, the longer answer) with how often each is correct.
Near 50%, the distractors carry no cue of these kinds. Above it, a judge that may read such
cues (an LLM judging alone) is right that often without solving anything, and a protocol's
gain over the judge alone is measured from that height: check a data file's distractors
before comparing protocols on it.`,
		Example: `  moot tasks tell finance --n 3000
  moot tasks tell gsm8k --path data/gsm8k/test.jsonl
  moot tasks tell gsm8k --path data/gsm8k/test.jsonl --set distractor=nearby --format json`,
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if opts.given(cmd); !opts.setN && opts.path != "" {
				opts.n = engine.MaxQuestions // the whole file
			}
			return runTasksTell(cmd.OutOrStdout(), opts, args[0])
		},
	}
	cmd.Flags().IntVar(&opts.n, "n", 2000, "number of questions (a generator's; a loader's sampled at the seed as a task's are, every question of the file without --n)")
	cmd.Flags().StringVar(&opts.format, "format", formatText, "output format: text or json")
	questionFlags(cmd, &opts)
	return cmd
}

// tellReport is what moot tasks tell reports, and its JSON.
type tellReport struct {
	Task     string     `json:"task"`
	N        int        `json:"n"`
	Right    int        `json:"right"`
	Accuracy float64    `json:"accuracy"`
	CI       [2]float64 `json:"ci"`
	CIMethod string     `json:"ci_method"`
	Folds    int        `json:"folds"`
	// Effect is the design effect the interval is over n/Effect of:
	// tell.DesignEffect, times the groups' where questions share them.
	Effect float64 `json:"design_effect"`
	// Groups is how many groups the questions are in, where any holds
	// several (each in one fold); 0 for none.
	Groups int       `json:"groups,omitempty"`
	Cues   []tellCue `json:"cues"`
}

// tellCue is a cue with how far its share correct is from chance: a 95%
// Wilson interval over its decisions (over Decides/Effect where groups
// share outcomes), and the two-sided p-value of a share of 50% (the
// normal approximation, over as many) adjusted by Holm's method over the
// cues that decide: four are read, and one may lean by chance.
type tellCue struct {
	tell.Cue
	CI    [2]float64 `json:"ci"`
	PHolm float64    `json:"p_holm"`
}

// tellCues are the cues of pairs with their intervals and p-values.
func tellCues(pairs []tell.Pair) []tellCue {
	var out []tellCue
	var ps []float64
	var deciding []int
	for _, c := range tell.Cues(pairs) {
		tc := tellCue{Cue: c, PHolm: 1}
		if c.Decides > 0 {
			tc.CI[0], tc.CI[1] = analysis.WilsonDesign(c.Right, c.Decides, c.Effect)
			n := float64(c.Decides) / c.Effect
			z := (float64(c.Right)/float64(c.Decides) - 0.5) / math.Sqrt(0.25/n)
			ps, deciding = append(ps, math.Erfc(math.Abs(z)/math.Sqrt2)), append(deciding, len(out))
		}
		out = append(out, tc)
	}
	for i, p := range analysis.HolmAdjusted(ps) {
		out[deciding[i]].PHolm = p
	}
	return out
}

func runTasksTell(w io.Writer, opts showOptions, name string) error {
	qs, err := questionsFor(opts, name)
	if err != nil {
		return err
	}
	pairs := make([]tell.Pair, len(qs))
	for i, q := range qs {
		// What every role reads with the question: its text and its
		// exhibit (a code question's program); and its group, whose
		// questions are tested together.
		pairs[i] = tell.Pair{Kind: string(q.Family), Question: q.Text + "\n" + q.Exhibit, Answers: q.Answers, Correct: q.Correct, Group: q.Group}
	}
	if units := slices.Max(tell.Units(pairs)) + 1; units < 2*tellFolds {
		what, want := noun.Count(len(qs), "question"), ""
		if units < len(qs) { // a group's questions are tested together
			what, want = what+" in "+noun.Count(units, "group"), " groups"
		}
		return fmt.Errorf("%w: %s: %s; want at least %d%s to fit on some and test on the others", errUsage, name, what, 2*tellFolds, want)
	}
	hits := tell.Hits(pairs, tellFolds)
	r := tellReport{Task: name, N: len(pairs), CIMethod: "wilson-design-effect", Folds: tellFolds, Effect: tell.Effect(pairs, hits), Cues: tellCues(pairs)}
	if units := slices.Max(tell.Units(pairs)) + 1; units < len(pairs) {
		r.Groups = units
	}
	for _, hit := range hits {
		if hit {
			r.Right++
		}
	}
	r.Accuracy = float64(r.Right) / float64(r.N)
	r.CI[0], r.CI[1] = analysis.WilsonDesign(r.Right, r.N, r.Effect)
	if opts.format == formatJSON {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(r)
	}
	writeTell(w, r, opts.seed)
	return nil
}

func writeTell(w io.Writer, r tellReport, seed uint64) {
	fmt.Fprintf(w, "%s: %s at seed %d\n\n", r.Task, noun.Count(r.N, "question"), seed)
	grouped, together := "", ""
	if r.Groups > 0 {
		grouped = ", a group's questions in one: " + noun.Count(r.Groups, "group")
		together = ", and a group's right or wrong together"
	}
	fmt.Fprint(w, textwrap.Fill(fmt.Sprintf("Answers alone: right in %.1f%% [%.1f, %.1f] (%d of %d), by a model of the two answers — "+
		"their values, roundness and lengths, and the words they share with the question — fitted on four fifths of the "+
		"questions and tested on the fifth left out, each fifth in turn (%d folds%s); a 95%% Wilson interval "+
		"over %.0f questions, as the folds' predictions, sharing their training data%s, vary as much as %.2f times fewer "+
		"independent ones do.",
		100*r.Accuracy, 100*r.CI[0], 100*r.CI[1], r.Right, r.N, r.Folds, grouped, float64(r.N)/r.Effect, together, r.Effect), "", "", textWidth)+"\n")
	fmt.Fprintln(w, "\nCues, where they tell the two answers apart:")
	for _, c := range r.Cues {
		if c.Decides == 0 {
			fmt.Fprintf(w, "  %-30s  never tells them apart\n", c.Name)
			continue
		}
		fmt.Fprintf(w, "  %-30s  correct in %5.1f%% [%.1f, %.1f] of %d (p Holm %.4f)\n", c.Name,
			100*float64(c.Right)/float64(c.Decides), 100*c.CI[0], 100*c.CI[1], c.Decides, c.PHolm)
	}
	fmt.Fprint(w, "\n"+textwrap.Fill("Each cue: a 95% Wilson interval over the questions it decides (fewer where a group's "+
		"questions share an outcome), and p Holm, the p-value of a share of 50% adjusted over the cues that decide, "+
		"so that one leaning by chance among four is not read as a tell. "+
		"Near 50%, the answers carry no cue of these kinds. Above it, a judge that reads such cues "+
		"(an LLM judging alone can) is right that often without the question's material, and a protocol's gain over "+
		"the judge alone is measured from there.", "", "", textWidth)+"\n")
}
