package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/mootlab/moot/engine"
	"github.com/mootlab/moot/quotes"
	"github.com/mootlab/moot/transcript"
)

// quickstartEpisode is the id of the quickstart's first debate, which the
// help's example shows (TestShowExampleEpisode holds it).
const quickstartEpisode = "bf4045112799563a"

func newShowCommand() *cobra.Command {
	var experiment string
	cmd := &cobra.Command{
		Use:   "show RUN_DIR EPISODE_ID",
		Short: "Print one episode whole: the question, and each message's exact prompt and reply",
		Long: `show prints what every model of an episode saw and said: the question (its text, the answers
in the order shown, the exhibit, and the context, marked when the judge could not read it),
then each message with its seat, role, agent and round, the exact prompt messages it was sent,
and its reply (and the reply as the seats that do not argue read it — the judge, a moderator, a society's agents —, quotes marked, when that differs).

A prompt comes from the run's prompts.jsonl.gz, kept for agents that read prompts; for those
that do not (sim agents) it is rendered again from the experiment file that config.lock.yaml
names, or --experiment, by replaying the episode, and its hash is checked against the record's.
docs/records.md describes the run folder. An episode's id is in transcripts.jsonl
(episode_id), in moot export's episodes table and on the report's transcript browser.`,
		Example: "  moot run experiments/quickstart.yaml\n" +
			"  moot show results/quickstart " + quickstartEpisode + "    # its first debate\n" +
			"  moot show runs/qs-http " + quickstartEpisode + " --experiment experiments/quickstart-openai.yaml",
		Args: exactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runShow(cmd.OutOrStdout(), cmd.ErrOrStderr(), args[0], args[1], experiment)
		},
	}
	cmd.Flags().StringVar(&experiment, "experiment", "", "the experiment file to render prompts from (default: the one config.lock.yaml names); one that cannot replay the episode is refused")
	return cmd
}

// runShow prints episode id of the run in dir, and warnings to stderr.
func runShow(w, stderr io.Writer, dir, id, experiment string) error {
	var ep *transcript.Episode
	err := transcript.Scan(filepath.Join(dir, engine.TranscriptsFile), func(e *transcript.Episode) error {
		if e.EpisodeID == id {
			ep = e
		}
		return nil
	})
	if err != nil {
		return notRunFolder(dir, err)
	}
	if ep == nil {
		return fmt.Errorf("%w: %s has no episode %s", errUsage, dir, id)
	}
	stored, err := engine.ReadPrompts(dir)
	if errors.Is(err, transcript.ErrDamaged) {
		// The prompts before the damage are as stored; those after it
		// are rendered again, as a sim agent's are.
		fmt.Fprintf(stderr, "moot: show: %v; the prompts stored after the damage are rendered again from the experiment\n", err)
	} else if err != nil {
		return err
	}
	questions, qerr := engine.ReadQuestions(dir)
	q, haveQ := questions[engine.QuestionKey(ep.Task, ep.QuestionID)]

	// The experiment is needed for the prompts not stored, and for the
	// question of a run older than questions.jsonl.gz.
	needed := !haveQ || experiment != ""
	for _, m := range ep.Messages {
		if _, ok := stored[m.PromptSHA256]; !ok {
			needed = true
		}
	}
	var r replay
	if needed {
		if r = replayEpisode(dir, experiment, ep); r.err != nil && experiment != "" {
			return r.err
		}
		if !haveQ && r.x != nil {
			q, haveQ = experimentQuestion(r.x, ep)
		}
	}
	x, rebuilt, from, xerr := r.x, r.prompts, r.from, r.err
	if !haveQ {
		if qerr == nil {
			qerr = fmt.Errorf("%s has no question %s of task %s", engine.QuestionsFile, ep.QuestionID, ep.Task)
		}
		if xerr != nil {
			qerr = fmt.Errorf("%v; %v", qerr, xerr)
		}
		return fmt.Errorf("%w: episode %s: no question: %v", errUsage, id, qerr)
	}
	printEpisode(w, ep, q, contextLabel(q, ep, x, laterExperiment(dir, experiment, needed)))
	if xerr != nil {
		fmt.Fprintf(w, "\nPrompts not stored cannot be rendered again: %v\n", xerr)
	}
	for i, m := range ep.Messages {
		fmt.Fprintf(w, "\n=== message %d of %d: %s (%s, agent %s), round %d%s\n", i+1, len(ep.Messages), m.Name, m.Role, m.Agent, m.Round, messageMarks(m))
		printMessagePrompt(w, m, i, stored, rebuilt, from, xerr)
		if m.Reasoning != "" {
			fmt.Fprintln(w, "--- reasoning (the model's own, beside its reply; no other seat read it):")
			fmt.Fprintln(w, m.Reasoning)
		}
		printReply(w, m)
	}
	fmt.Fprintln(w)
	for _, v := range ep.Interim {
		fmt.Fprintf(w, "interim verdict after round %d: %s\n", v.Round, verdictText(ep, v))
	}
	fmt.Fprintf(w, "verdict: %s (correct: %v)\n", verdictText(ep, ep.Verdict), ep.Correct)
	if ep.Error != "" {
		fmt.Fprintf(w, "error: %s\n", ep.Error)
	}
	return nil
}

// replay is an episode played again from its experiment, to render the
// prompts a run did not store.
type replay struct {
	x       *engine.Experiment
	from    string // the experiment file
	prompts []engine.Prompt
	err     error
}

// replayEpisode plays ep again from the experiment named by path, or by
// the run's lock. An experiment named with --experiment (path) is always
// loaded and its replay checked: one that cannot render the episode is
// bad input, where the one the lock names may have moved since the run
// and leaves only the prompts not stored unshown.
func replayEpisode(dir, path string, ep *transcript.Episode) replay {
	var r replay
	r.x, r.from, r.err = showExperiment(dir, path)
	if r.err == nil {
		r.prompts, r.err = r.x.Prompts(ep)
	}
	if _, several := r.err.(*engine.Faults); r.err != nil && path != "" && !several {
		// The file's faults, several, are said as they are, a line each
		// with its file and line (printError): no word before them.
		if errors.Is(r.err, engine.ErrNoEpisode) {
			r.err = fmt.Errorf("%w (is it the file this run played?)", r.err)
		}
		r.err = fmt.Errorf("%w: --experiment %s: %v", engine.ErrBadInput, path, r.err)
	}
	return r
}

// showExperiment loads the experiment named by path, or by the run's
// lock, at the run's seed; it returns the file's name too.
func showExperiment(dir, path string) (*engine.Experiment, string, error) {
	lock, err := engine.ReadLockHead(dir)
	if lock == nil {
		lock = &engine.LockHead{}
	}
	if path == "" {
		if _, serr := os.Stat(dir); serr != nil {
			return nil, "", fmt.Errorf("%s is not a run folder: %v", dir, serr)
		}
		if err != nil {
			return nil, "", fmt.Errorf("no experiment file: %v (name one with --experiment)", err)
		}
		path = lock.Experiment
	}
	x, err := engine.Load(path)
	if err != nil && path != lock.Experiment {
		return nil, path, err
	}
	if err != nil {
		hint := "name the experiment file with --experiment"
		if _, serr := os.Stat(path); serr != nil && !filepath.IsAbs(path) && path == lock.Experiment {
			hint = "the lock names the file as the run was started, relative to the folder it was started in; " + hint
		}
		if fs, ok := err.(*engine.Faults); ok {
			// Several faults, a line each (printError), and the hint
			// after them, not glued to the last one's words.
			return nil, path, fs.With(fmt.Errorf("%w: %s, the experiment file the run's lock names, has the faults above: %s", engine.ErrBadInput, path, hint))
		}
		return nil, path, fmt.Errorf("%v (%s)", err, hint)
	}
	if lock.Experiment != "" && lock.Seed != x.Seed {
		// A replicate: the same file played at another seed.
		if x, err = engine.LoadSeeded(path, lock.Seed); err != nil {
			return nil, path, err
		}
	}
	return x, path, nil
}

// experimentQuestion finds the episode's question among x's.
func experimentQuestion(x *engine.Experiment, ep *transcript.Episode) (engine.QuestionRecord, bool) {
	for _, t := range x.Tasks {
		if t.Name != ep.Task {
			continue
		}
		for _, q := range t.Questions {
			if q.ID == ep.QuestionID {
				return engine.QuestionRecord{Task: t.Name, Source: t.Path, Question: q}, true
			}
		}
	}
	return engine.QuestionRecord{}, false
}

// printEpisode prints the episode's header and its question, its hidden
// context under a line that says who read it (readers: contextLabel).
func printEpisode(w io.Writer, ep *transcript.Episode, q engine.QuestionRecord, readers string) {
	fmt.Fprintf(w, "episode %s\n", ep.EpisodeID)
	fmt.Fprintf(w, "protocol %s (%s), judge %s, assignment %s, repeat %d", ep.Protocol, ep.Kind, ep.Judge, ep.Assignment, ep.Repeat)
	if ep.Cell != "" {
		fmt.Fprintf(w, ", cell %s", ep.Cell)
	}
	fmt.Fprintln(w)
	fmt.Fprintf(w, "\n=== question %s of task %s (%s, difficulty %.2f", q.ID, q.Task, q.Family, q.Difficulty)
	if ep.Group != "" {
		fmt.Fprintf(w, ", group %s", ep.Group)
	}
	if q.Source != "" {
		fmt.Fprintf(w, ", from %s", q.Source)
	}
	fmt.Fprintln(w, ")")
	fmt.Fprintln(w, q.Text)
	fmt.Fprintln(w, "--- answers, in the order shown:")
	for slot, ai := range ep.Order {
		mark := ""
		if ai == ep.CorrectAnswer {
			mark = " (correct)"
		}
		fmt.Fprintf(w, "%c: %s%s\n", 'A'+slot, ep.Answers[ai], mark)
	}
	if q.Exhibit != "" {
		fmt.Fprintln(w, "--- exhibit (every seat reads it):")
		fmt.Fprintln(w, q.Exhibit)
	}
	if q.Context != "" {
		fmt.Fprintf(w, "--- context (%s):\n", readers)
		fmt.Fprintln(w, q.Context)
	}
	fmt.Fprintln(w, "--- seats:")
	for _, s := range ep.Seats {
		argues := "argues no side"
		if s.Argues >= 0 && s.Argues < len(ep.Answers) {
			argues = fmt.Sprintf("argues %q", ep.Answers[s.Argues])
		}
		fmt.Fprintf(w, "%s (%s, agent %s) %s\n", s.Name, s.Role, s.Agent, argues)
	}
}

// laterExperiment loads the experiment of the run in dir (path, or the
// lock's) when asked, for what needs it only at times; nil where it was
// looked for already (tried) and not found, or is not found now.
func laterExperiment(dir, path string, tried bool) func() *engine.Experiment {
	return func() *engine.Experiment {
		if tried {
			return nil
		}
		x, _, _ := showExperiment(dir, path)
		return x
	}
}

// contextLabel says who read q's hidden context in ep: every seat where
// the task shares it (a closed task); else the seats ep's protocol gives
// it to, where the experiment is known: x, or if x is nil, what load
// finds (nil where it finds none).
func contextLabel(q engine.QuestionRecord, ep *transcript.Episode, x *engine.Experiment, load func() *engine.Experiment) string {
	if q.ContextShared {
		return "shared: every seat reads it, a closed task"
	}
	if x == nil && q.Context != "" {
		x = load()
	}
	var seats []string
	judge, voted := false, false
	err := errors.New("no experiment")
	if x != nil {
		seats, judge, voted, err = x.ContextReaders(ep)
	}
	read := "no seat reads it"
	if len(seats) > 0 {
		read = "read by " + strings.Join(seats, ", ")
	}
	switch {
	case err != nil:
		return "hidden from the judge unless its protocol shows it; which seats read it needs the experiment file (--experiment)"
	case judge:
		return "the judge reads it in this protocol; " + read
	case voted:
		return "no judge: the verdict is the seats' vote; " + read
	}
	return "HIDDEN from the judge; " + read
}

// printPrompt prints chat messages, each content exactly as sent after a
// line naming its role.
func printPrompt(w io.Writer, msgs []transcript.ChatMessage) {
	for _, m := range msgs {
		fmt.Fprintf(w, "--- [%s]\n", m.Role)
		fmt.Fprintln(w, m.Content)
	}
}

// printReply prints m's reply and, where it differs, what the seats that
// do not argue read of it: for an answer asked again, its first reply's
// reasons and then this reply (engine's answerText) — but in a record
// written before 2026-12-07, this reply alone, whose marks aside its
// shown text is.
func printReply(w io.Writer, m transcript.Message) {
	fmt.Fprintln(w, "--- reply:")
	fmt.Fprintln(w, m.Text)
	if m.Shown == "" || m.Shown == m.Text {
		return
	}
	if m.Sample > 0 && m.Candidate == 0 && quotes.Claimed(m.Shown) != quotes.Claimed(m.Text) {
		fmt.Fprintln(w, "--- the answer as the seats that do not argue read it (the first reply's reasons, then this reply; quotes marked):")
	} else {
		fmt.Fprintln(w, "--- reply as the seats that do not argue read it (quotes marked):")
	}
	fmt.Fprintln(w, m.Shown)
}

// messageMarks says what is particular about a message.
func messageMarks(m transcript.Message) string {
	var marks []string
	if m.Aside {
		marks = append(marks, "aside: no seat read it")
	}
	if m.Sample > 0 && m.Candidate == 0 {
		marks = append(marks, fmt.Sprintf("asked again (%d)", m.Sample))
	}
	if m.Candidate > 0 {
		c := fmt.Sprintf("candidate %d", m.Candidate)
		if m.Discarded {
			c += ", discarded"
		} else {
			c += ", kept"
		}
		marks = append(marks, c)
	}
	if m.Truncated {
		marks = append(marks, "cut short (a token limit, the context length or a content filter)")
	}
	if m.Cached {
		marks = append(marks, "cached")
	}
	if m.ServedModel != "" {
		marks = append(marks, "served by "+m.ServedModel)
	}
	if len(marks) == 0 {
		return ""
	}
	return " [" + strings.Join(marks, "; ") + "]"
}

// verdictText says which answer a verdict chose.
func verdictText(ep *transcript.Episode, v transcript.Verdict) string {
	if v.Answer < 0 || v.Answer >= len(ep.Answers) {
		return fmt.Sprintf("unparsed (%s)", v.Parse)
	}
	s := fmt.Sprintf("%s: %q (%s)", v.Slot, ep.Answers[v.Answer], v.Parse)
	if g := ep.Graded; g != nil && g.Call != "" && g.Answer >= 0 && g.Answer < len(ep.Answers) {
		// A grade's A and B are correct and incorrect, not the answers:
		// the call, the answer graded, and the answer it stands for.
		s = fmt.Sprintf("%s's answer %q graded %s (%s: it stands for %q; %s)", g.Seat, ep.Answers[g.Answer], g.Call, v.Slot, ep.Answers[v.Answer], v.Parse)
	}
	if v.Probability > 0 {
		s += fmt.Sprintf(", probability %.2f", v.Probability)
	}
	return s
}

// printMessagePrompt prints the prompt of message i, m: as stored, or as
// rebuilt from the experiment (from; xerr if it could not be), saying
// which, and whether the rebuilt prompt's hash is the record's.
func printMessagePrompt(w io.Writer, m transcript.Message, i int, stored map[string][]transcript.ChatMessage, rebuilt []engine.Prompt, from string, xerr error) {
	if msgs, ok := stored[m.PromptSHA256]; ok {
		fmt.Fprintf(w, "prompt %s, as sent (%s):\n", m.PromptSHA256, engine.PromptsFile)
		printPrompt(w, msgs)
		return
	}
	switch {
	case xerr != nil:
		fmt.Fprintf(w, "prompt %s: not stored, and cannot be rendered again (see above)\n", m.PromptSHA256)
	case i >= len(rebuilt) || rebuilt[i].Messages == nil:
		fmt.Fprintf(w, "prompt %s: not stored, and replaying the episode from %s did not reach this message\n", m.PromptSHA256, from)
	case rebuilt[i].SHA256 == m.PromptSHA256:
		fmt.Fprintf(w, "prompt %s, re-rendered from %s (the hash matches the record's):\n", m.PromptSHA256, from)
		printPrompt(w, rebuilt[i].Messages)
	default:
		fmt.Fprintf(w, "prompt %s, re-rendered from %s, which DOES NOT MATCH the record's hash (re-rendered: %s):\n", m.PromptSHA256, from, rebuilt[i].SHA256)
		printPrompt(w, rebuilt[i].Messages)
	}
}
