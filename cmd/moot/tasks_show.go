package main

import (
	"bufio"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/mootlab/moot/engine"
	"github.com/mootlab/moot/internal/noun"
	"github.com/mootlab/moot/internal/textwrap"
	"github.com/mootlab/moot/quotes"
	"github.com/mootlab/moot/tasks"
	"github.com/mootlab/moot/transcript"
)

// showOptions are the flags of moot tasks show.
type showOptions struct {
	n          int
	seed       uint64
	difficulty float64
	format     string
	// setDifficulty is whether --difficulty was given; otherwise the
	// generator's default is used.
	setDifficulty bool
	// settings are --set key=value pairs, as the task's settings block.
	settings []string
	// path is a loader's data file (--path).
	path string
	// setN is whether --n was given: a loader without it shows the
	// file's first questions, however few it has.
	setN bool
	// task is the task's name (--task), the loader's by default: a file
	// without ids names its questions by it, and the sample and the
	// answers' places follow the ids.
	task string
	// skipInvalid skips the file's invalid records, as a task's
	// skip_invalid: true does, and says how many to stderr.
	skipInvalid bool
	stderr      io.Writer
}

func newTasksShowCommand() *cobra.Command {
	var opts showOptions
	cmd := &cobra.Command{
		Use:   "show GENERATOR | show LOADER --path FILE",
		Short: "Generate or load a few questions and print them to read: answers, hidden context, evidence",
		Long: `show prints a few questions as a task would have them: a generator's at a seed, or those a
loader reads from FILE (its answers placed and its distractors drawn at the seed, --n of
them sampled), so that a data file can be read as moot reads it before a run: give the task's
name and seed (--task, --seed), and the settings its experiment gives it (--set, or their own
flags), to see the very questions a run plays.`,
		Example: `  moot tasks show qa --n 3 --seed 1
  moot tasks show qa --difficulty 0.9 --format json
  moot tasks show code --set kind=spec
  moot tasks show mmlu --path data/mmlu.csv --n 5 --task mine --seed 2`,
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.given(cmd)
			return runTasksShow(cmd.OutOrStdout(), opts, args[0])
		},
	}
	cmd.Flags().IntVar(&opts.n, "n", 3, "number of questions (a loader's sampled at the seed as a task's are; without --n, the file's first 3)")
	cmd.Flags().StringVar(&opts.format, "format", formatText, "output format: text or json (one question a line: JSON Lines)")
	questionFlags(cmd, &opts)
	return cmd
}

// given notes which flags were given, and where to say what was skipped.
func (o *showOptions) given(cmd *cobra.Command) {
	o.setDifficulty = cmd.Flags().Changed("difficulty")
	o.setN = cmd.Flags().Changed("n")
	o.stderr = cmd.ErrOrStderr()
}

// questionFlags are the flags that say which questions, beside --n and
// --format: those of moot tasks show and moot tasks tell.
func questionFlags(cmd *cobra.Command, opts *showOptions) {
	cmd.Flags().Uint64Var(&opts.seed, "seed", 1, "seed of the generator")
	cmd.Flags().Float64Var(&opts.difficulty, "difficulty", 0, "mean difficulty in [0, 1] (default: the generator's)")
	cmd.Flags().StringArrayVar(&opts.settings, "set", nil, "a generator's or loader's setting, key=value, as in the experiment file (repeatable)")
	cmd.Flags().StringVar(&opts.path, "path", "", "a loader's data file")
	cmd.Flags().StringVar(&opts.task, "task", "", "the task's name in the experiment (default: the loader's): a file without ids names its questions TASK-LINE, and the sample and the answers' places follow the ids")
	cmd.Flags().BoolVar(&opts.skipInvalid, "skip-invalid", false, "skip the file's invalid records, as a task's skip_invalid: true does")
}

func runTasksShow(w io.Writer, opts showOptions, name string) error {
	qs, err := questionsFor(opts, name)
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(w)
	if opts.format == formatJSON {
		enc := json.NewEncoder(bw)
		enc.SetEscapeHTML(false)
		for _, q := range qs {
			if err := enc.Encode(showQuestion(q)); err != nil {
				return err
			}
		}
	} else {
		for i, q := range qs {
			if i > 0 {
				fmt.Fprintf(bw, "\n%s\n\n", strings.Repeat("-", textWidth))
			}
			writeQuestion(bw, q)
		}
	}
	return bw.Flush()
}

// questionsFor checks the flags and makes the questions they name.
func questionsFor(opts showOptions, name string) ([]tasks.Question, error) {
	if err := textOrJSON(opts.format); err != nil {
		return nil, err
	}
	if opts.n < 1 || opts.n > engine.MaxQuestions {
		return nil, fmt.Errorf("%w: --n: want a number of questions between 1 and %d, as a task's n, got %d", errUsage, engine.MaxQuestions, opts.n)
	}
	doc, given := "", map[string]string{}
	if opts.setDifficulty {
		doc, given["difficulty"] = "difficulty: "+strconv.FormatFloat(opts.difficulty, 'g', -1, 64)+"\n", "--difficulty"
	}
	for _, kv := range opts.settings {
		k, v, ok := strings.Cut(kv, "=")
		if !ok || k == "" || strings.ContainsAny(k, ": \n") || strings.Contains(v, "\n") {
			return nil, fmt.Errorf("%w: --set: want key=value, got %q", errUsage, kv)
		}
		if by, twice := given[k]; twice {
			return nil, fmt.Errorf("%w: --set %s: %s is set already (%s): give it once", errUsage, kv, k, by)
		}
		doc, given[k] = doc+k+": "+v+"\n", "--set "+kv
	}
	return showQuestions(opts, name, doc)
}

// misnamed is the error of a name that is no generator (without --path)
// or no loader (with one), err the registry's: a name of the other kind
// is said to be one, and any other has the other kind's names beside
// those err lists.
func misnamed(name string, withPath bool, err error) error {
	_, gerr := tasks.Lookup(name)
	_, lerr := tasks.LookupLoader(name)
	switch {
	case !withPath && lerr == nil:
		return fmt.Errorf("%w: %s is a loader: give its data file with --path", errUsage, name)
	case withPath && gerr == nil:
		return fmt.Errorf("%w: %s is a generator: it reads no file, leave out --path", errUsage, name)
	case withPath:
		return fmt.Errorf("%w: %w; or a generator without --path (%s)", errUsage, err, strings.Join(tasks.Generators(), ", "))
	}
	return fmt.Errorf("%w: %w; or a loader with --path FILE (%s)", errUsage, err, strings.Join(tasks.Loaders(), ", "))
}

// showQuestions makes the questions tasks show prints: the generator
// name's, or, with a --path, those the loader name reads from it, each
// with the settings doc.
func showQuestions(opts showOptions, name, doc string) ([]tasks.Question, error) {
	decode := func(v any) error { return engine.DecodeSettings(doc, v) }
	if opts.path == "" {
		f, err := tasks.Lookup(name)
		if err != nil {
			return nil, misnamed(name, false, err)
		}
		g, err := f(decode)
		if err != nil {
			return nil, fmt.Errorf("%w: generator %s: %v", errUsage, name, err)
		}
		return g.Generate(opts.seed, opts.n)
	}
	f, err := tasks.LookupLoader(name)
	if err != nil {
		return nil, misnamed(name, true, err)
	}
	l, err := f(decode)
	if err != nil {
		return nil, fmt.Errorf("%w: loader %s: %v", errUsage, name, err)
	}
	n := opts.n
	if !opts.setN {
		n = 0 // all, of which the first are shown
	}
	var first *tasks.DataError
	lopts := tasks.LoadOptions{Task: cmp.Or(opts.task, name), Seed: opts.seed, N: n, SkipInvalid: opts.skipInvalid,
		OnSkip: func(de *tasks.DataError) { first = cmp.Or(first, de) }}
	var qs []tasks.Question
	var skipped int
	var aside map[string]int
	if sa, ok := l.(tasks.SetAsider); ok {
		qs, skipped, aside, err = sa.LoadSetAside(opts.path, lopts)
	} else {
		qs, skipped, err = l.Load(opts.path, lopts)
	}
	if skipped > 0 && err == nil && opts.stderr != nil {
		fmt.Fprintf(opts.stderr, "moot: %s of %s skipped (--skip-invalid); the first, %v\n", noun.Count(skipped, "invalid record"), opts.path, first)
	}
	// What the file holds that is not a question, as moot run says it:
	// tell's count of questions is then not the file's of records.
	if len(aside) > 0 && err == nil && opts.stderr != nil {
		fmt.Fprintf(opts.stderr, "moot: %s of %s set aside, not questions\n", setAsideText(aside), opts.path)
	}
	if _, ok := errors.AsType[*fs.PathError](err); ok {
		// The file named cannot be read: missing, a folder, not allowed.
		return nil, fmt.Errorf("%w: --path: %w", errUsage, err)
	}
	if errors.Is(err, tasks.ErrSampleSize) {
		return nil, fmt.Errorf("%w: --%w", errUsage, err) // n: …
	}
	return qs[:min(len(qs), opts.n)], err
}

// shownQuestion is a question with each claim marked found or not in the
// context, as moot tasks show --format json writes it.
type shownQuestion struct {
	tasks.Question
	Evidence []shownClaim `json:"evidence,omitempty"`
}

// shownClaim is a claim and whether its text is in the context verbatim.
type shownClaim struct {
	transcript.Claim
	InContext bool `json:"in_context"`
}

func showQuestion(q tasks.Question) shownQuestion {
	s := shownQuestion{Question: q}
	for _, c := range q.Evidence {
		s.Evidence = append(s.Evidence, shownClaim{Claim: c, InContext: inContext(c.Text, q.Context)})
	}
	return s
}

// inContext says whether a judge would see text, quoted, as verified
// against the context.
func inContext(text, context string) bool {
	qs := quotes.Extract(quotes.Verify(quotes.Wrap(text), context))
	return len(qs) == 1 && qs[0].Status == quotes.Verified
}

func letter(i int) string { return string(rune('A' + i)) }

// fillLines writes text filled to the width, each of its lines apart (a
// table's rows, a worked solution's steps), every line indented by indent.
func fillLines(w io.Writer, text, indent string) {
	for _, line := range strings.Split(strings.TrimRight(text, "\n"), "\n") {
		if strings.TrimSpace(line) == "" {
			fmt.Fprintln(w)
			continue
		}
		fmt.Fprintln(w, textwrap.Fill(line, indent, indent, textWidth))
	}
}

func writeQuestion(w io.Writer, q tasks.Question) {
	fmt.Fprintf(w, "%s  %s, difficulty %.2f", q.ID, q.Family, q.Difficulty)
	if q.Group != "" {
		fmt.Fprintf(w, ", group %s", q.Group)
	}
	fmt.Fprint(w, "\n\n")
	fillLines(w, q.Text, "")
	if q.Exhibit != "" {
		// Shown as written: a program's lines and indentation matter.
		fmt.Fprintln(w)
		for _, line := range strings.Split(strings.TrimRight(q.Exhibit, "\n"), "\n") {
			if line != "" {
				line = "    " + line
			}
			fmt.Fprintln(w, line)
		}
		fmt.Fprintln(w)
	}
	for i, a := range q.Answers {
		mark := ""
		if i == q.Correct {
			mark = "  (correct)"
		}
		fmt.Fprintf(w, "  %s. %s%s\n", letter(i), a, mark)
	}
	if q.Context != "" {
		fmt.Fprintln(w, "\nHidden context:")
		fillLines(w, q.Context, "  ")
	}
	if len(q.Evidence) > 0 {
		fmt.Fprintln(w, "\nEvidence pool (answer, whether the text is in the context verbatim, text):")
		for _, c := range showQuestion(q).Evidence {
			where := "not in context"
			if c.InContext {
				where = "in context"
			}
			lead := fmt.Sprintf("  %s  %-14s  ", letter(c.Answer), where)
			fmt.Fprintln(w, textwrap.Fill(c.Text, lead, strings.Repeat(" ", len(lead)), textWidth))
		}
	}
}
