package protocols

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/looplab/fsm"

	"github.com/mootlab/moot/internal/settings"
	"github.com/mootlab/moot/internal/textwrap"
)

// DocCommand is the command that rewrites docs/protocols.md.
const DocCommand = "go test ./protocols/ -run TestDoc -update"

// TemplateDoc is the section of docs/protocols.md on writing prompt
// templates: what a template is executed with (Prompt) and the functions
// it may call. A test checks that it names every field and function.
const TemplateDoc = `## Writing prompt templates

A protocol's prompts are Go text/template definitions, one ` + "`R.system`" + ` and one
` + "`R.user`" + ` for each role R a seat of it plays (` + "`judge`" + `, ` + "`debater`" + `, ` + "`consultant`" + `,
` + "`answerer`" + ` for a seat that first picks its own answer, …); the templates each
protocol has are listed under it below, and the shipped ones are in
` + "`protocols/<name>/prompts/*.tmpl`" + ` (open consultancy's in consultancy's, open debate's in debate's, direct-with-context's in direct's; copy a block from there to start). An experiment replaces any of them
with a file of ` + "`{{define \"judge.user\"}}…{{end}}`" + ` blocks named by the protocol's
` + "`prompts:`" + ` setting; a block for a template the protocol does not have is an
error, and so is a file with no block (its text would replace nothing), and ` + "`moot validate`" + ` plays every assignment once on each task (on a question of each shape: with a text and without, with an exhibit and without) to find a field that
does not exist, and warns of a block that no seat of the protocol renders as it is set (an
answerer's in a debate that is not open, a questioner's in a consultancy that is not interactive; a block named without a dot is a piece the seats' templates call, ` + "`" + `{{template "question" .}}` + "`" + ` in a new protocol's, and is not warned of). To compare prompts, sweep the setting, ` + "`protocols.debate.prompts: {shipped: \"\", terse: prompts/terse-judge.tmpl}`" + `
(README, Sweeps): the cells share their random draws, which two labelled
copies of the protocol do not. A best-of-N scorer (debate's ` + "`best_of`" + `, ` + "`scorer`" + `)
rates a candidate as the judge would read it: it is prompted with the judge's
templates and the judge's seat (` + "`.Seat`" + ` is the judge's, its agent's name
included), and its message is recorded as the Scorer's, so overriding
` + "`judge.*`" + ` changes its prompt too. A template is executed with a Prompt:

| field | what it is |
| --- | --- |
| ` + "`.Seat.Name`" + `, ` + "`.Seat.Role`" + `, ` + "`.Seat.Agent`" + ` | the seat's name in the transcript ("Debater A"), its role, its agent's name |
| ` + "`.Seat.Stance`" + `, ` + "`.Seat.Act`" + `, ` + "`.Seat.Setting`" + ` | which answer it argues and what it does, as the numbers of protocols.Stance and protocols.Act; the setting naming its agent ("debaters"). A consultant's stance is Correct (3) or Incorrect (4): a template that reads it tells the model whether its answer is the gold one, which no shipped template does |
| ` + "`.Seat.Chooses`" + `, ` + "`.Seat.Open`" + ` | the seat argues the answer it chose itself (open consultancy's consultant, open debate's Protagonist); on a seat that judges or questions in open consultancy or open debate, a seat of its assignment does (its prompts then do not say the sides were assigned; MAD's judge prompt says its affirmative chose, and its seats do not set it) |
| ` + "`.Seat.SeesContext`" + `, ` + "`.Seat.Grades`" + `, ` + "`.Seat.WordLimit`" + ` | whether the protocol gives it the hidden text (on a closed task every seat reads it whatever this says: ` + "`.View.Context`" + ` holds it and ` + "`.View.Shared`" + ` is true); for a grader, the seat whose answer it grades; the seat's own word limit, 0 for the protocol's (` + "`.WordLimit`" + ` is the one that applies) |
| ` + "`.Seat.Addresses`" + ` | for a seat that remarks, the name of the seat it speaks to (an examiner's witness), "" for none in particular |
| ` + "`.Side`" + ` | the shown answer the seat argues: 0 (A) or 1 (B); -1 for a seat that argues none |
| ` + "`.Round`" + `, ` + "`.Rounds`" + ` | this round (0 for the answer a seat picks itself before the speeches, then 1, 2, …) and the number of rounds |
| ` + "`.WordLimit`" + `, ` + "`.QuotesVerified`" + ` | the most words a speech may have; whether quotes are checked and marked for the judge |
| ` + "`.View.QuestionID`" + `, ` + "`.View.Family`" + `, ` + "`.View.Question`" + `, ` + "`.View.Exhibit`" + ` | the question, its task family (qa, math, code, finance) and material shown to every role with it |
| ` + "`.View.Answers`" + ` | the two answers in the order shown: ` + "`{{index .View.Answers 0}}`" + ` is A |
| ` + "`.View.Context`" + `, ` + "`.View.Shared`" + `, ` + "`.View.NoContext`" + ` | the hidden text (empty for a seat that may not read it); whether every seat reads it (a closed task); whether the question has no hidden text at all (MMLU, GPQA, CRUXEval), set in every seat's view, the judge's included |
| ` + "`.View.Evidence`" + `, ` + "`.View.Difficulty`" + ` | the claims a debater or consultant may cite, empty for every other seat (those that read the text included), and the question's difficulty (for sim agents; no shipped template reads them) |
| ` + "`.View.Reference`" + ` | a judge's reference answer, or nil (appended after the user message by the engine) |
| ` + "`.Transcript`" + ` | the turns this seat has seen, each with ` + "`.Round`" + `, ` + "`.Role`" + `, ` + "`.Name`" + `, ` + "`.Side`" + ` and ` + "`.Text`" + `: as its speaker wrote it for a seat that argues, with quotes marked verified or unverified for every other (a debater reads the text and checks a quote itself; Khan et al.'s released code shows its debaters the marks too) |
| ` + "`.Settings`" + ` | the protocol's own settings, defaults filled in (` + "`.Settings.Label`" + ` is the protocol's name where the experiment gives no label), by their Go field names: ` + "`{{.Settings.Rounds}}`" + `, or a new protocol's ` + "`{{.Settings.QuestionLimit}}`" + `; a setting that may be left out is a pointer, compared through ` + "`value`" + `: ` + "`{{if eq (value .Settings.N) 1}}`" + ` (society) |

Functions: ` + "`letter`" + ` (a side as a letter: ` + "`{{letter .Side}}`" + ` is A or B), ` + "`trim`" + `
(white space cut from both ends), ` + "`subject`" + ` (what the question is for its
family: ` + "`{{subject .View.Family \"about\"}}`" + `), ` + "`topic`" + ` (what the question is, for a question with no hidden text: ` + "`{{topic .View.Family}}`" + `), ` + "`reasons`" + ` (an answer's text without
its "Answer: A" line), ` + "`value`" + ` (what a pointer points to), besides text/template's own (` + "`index`" + `, ` + "`with`" + `, ` + "`range`" + `,
` + "`eq`" + `, …). Each message is sent with the white space at its ends cut. A block
left empty, or holding only a comment, sends an empty message (an empty
system prompt for an ablation). A prompt's hash (` + "`prompt_sha256`" + `) covers
everything a template can read, of the settings the fields a template names
(` + "`{{.Settings.Rounds}}`" + `), and all of them where one names ` + "`.Settings`" + ` alone or
prints a whole value (` + "`{{.}}`" + `, ` + "`{{print $}}`" + `).
`

// WriteDoc writes docs/protocols.md: each registered protocol's
// description, settings, prompt templates and state machine, drawn with
// the default settings.
func WriteDoc(w io.Writer) error {
	fmt.Fprintf(w, "# Protocols\n\n<!-- Generated by `%s`; do not edit. `go test ./protocols/ -run TestDoc` checks it. -->\n\n", DocCommand)
	fmt.Fprint(w, textwrap.Fill("The protocols an experiment file can name under protocols:, with their settings and "+
		"defaults, the prompt templates an experiment may override, and the state machine the engine drives "+
		"each episode through, drawn with the default settings: who speaks in each state, and the event that "+
		"then moves the machine on. moot backends list and moot tasks list show the settings of the agent "+
		"backends and task generators.", "", "", 80), "\n\n")
	fmt.Fprint(w, textwrap.Fill("Who reads the text. Each description says who reads the task's hidden "+
		"context on an extractive task, the usual case, where the judge sees the question and the answers "+
		"but not the text. On a closed task (qa with variant: closed; records' context_shared) every seat "+
		"reads it, the judge, a moderator and a questioner included, and the prompts of debate, "+
		"consultancy and MAD tell their debaters, consultant, judge, moderator and questioner that the "+
		"others read it too; the protocol is otherwise the same. Whether the judge's view holds it is "+
		".View.Shared below. A question with no hidden text at all (MMLU, GPQA, CRUXEval) has no text to "+
		"read or quote: every seat reads the same question, exhibit and answers, and the prompts of debate, "+
		"consultancy, MAD and grade say so to every seat, the judge's included (.View.NoContext).", "", "", 80), "\n\n")
	fmt.Fprint(w, TemplateDoc, "\n")
	for i, e := range Entries() {
		if i > 0 {
			fmt.Fprintln(w)
		}
		if err := writeEntry(w, e); err != nil {
			return fmt.Errorf("protocol %s: %w", e.Name, err)
		}
	}
	return nil
}

func writeEntry(w io.Writer, e Entry) error {
	fmt.Fprintf(w, "## %s\n\n", e.Name)
	if e.Doc != "" {
		fmt.Fprintf(w, "%s\n\n", textwrap.Fill(e.Doc, "", "", 80))
	}
	fmt.Fprint(w, "| setting | type | default | meaning |\n| --- | --- | --- | --- |\n")
	for _, s := range e.Settings {
		d := "`" + DefaultText(s) + "`"
		if s.Required {
			d = "required"
		}
		fmt.Fprintf(w, "| `%s` | %s | %s | %s |\n", s.Name, s.Type, d, strings.ReplaceAll(s.Doc, "|", `\|`))
	}
	fmt.Fprintln(w)
	p, err := e.Example()
	if err != nil {
		return err
	}
	if t, ok := p.(interface{ TemplateNames() []string }); ok {
		fmt.Fprintf(w, "Prompt templates: `%s`.\n\n", strings.Join(t.TemplateNames(), "`, `"))
	}
	fmt.Fprintf(w, "%s\n\n", textwrap.Fill(comparisonText(p.Comparison()), "", "", 80))
	return writeMachine(w, p)
}

// comparisonText says which paired comparisons a protocol's cells get.
func comparisonText(c Comparison) string {
	t := fmt.Sprintf("Paired comparisons: its class is `%s`;", c.Class)
	if len(c.Against) == 0 {
		return t + " it names no class to be compared with; the protocols that name it are compared with it."
	}
	return t + fmt.Sprintf(" each of its cells is compared with every cell of class `%s` of the same task and judge, "+
		"on the questions both judged (summary.json's comparisons, the tables after the run's).", strings.Join(c.Against, "`, `"))
}

// DefaultText renders a setting's default value: "required", "unset", or
// the value as it would be written in YAML.
func DefaultText(s settings.Setting) string {
	switch d := s.Default.(type) {
	case nil:
		if s.Required {
			return "required"
		}
		return "unset"
	case string:
		if d == "" || strings.ContainsAny(d, " \t\n\"") {
			return strconv.Quote(d)
		}
		return d
	}
	return fmt.Sprint(s.Default)
}

// writeMachine draws p's machine and lists, state by state, who speaks and
// the event that follows, as the engine drives it.
func writeMachine(w io.Writer, p Protocol) error {
	m := p.Machine()
	diagram, err := fsm.VisualizeWithType(fsm.NewFSM(m.Initial, m.Events, nil), fsm.MERMAID)
	if err != nil {
		return err
	}
	if diagram, err = mermaidSafe(diagram, m.Final); err != nil {
		return err
	}
	fmt.Fprintf(w, "```mermaid\n%s```\n\n", diagram)
	seats := p.Assignments()[0].Seats
	f := fsm.NewFSM(m.Initial, m.Events, nil)
	for f.Current() != m.Final {
		state, step := f.Current(), p.Step(f.Current())
		var names []string
		for _, i := range step.Seats {
			names = append(names, seats[i].Name)
		}
		how := ""
		if len(names) > 1 {
			how = ", at once"
			if step.Sequential {
				how = ", in turn"
			}
		}
		fmt.Fprintf(w, "- `%s`: %s%s; then `%s`\n", state, strings.Join(names, " and "), how, step.Event)
		// The context is never cancelled, so the machine cannot stick.
		if err := f.Event(context.Background(), step.Event); err != nil {
			return fmt.Errorf("state %s: event %s: %w", state, step.Event, err)
		}
	}
	return nil
}

// mermaidSafe rewrites a stateDiagram from fsm.VisualizeWithType so that
// Mermaid can draw it: Mermaid's state ids cannot hold a "-", so a state
// such as round-1 gets the id round_1 and its name as a label. It also
// marks the final state.
func mermaidSafe(diagram, final string) (string, error) {
	lines := strings.Split(strings.TrimSuffix(diagram, "\n"), "\n")
	if len(lines) == 0 || lines[0] != "stateDiagram-v2" {
		return "", fmt.Errorf("unexpected mermaid diagram %q", diagram)
	}
	ids := mermaidIDs{ids: map[string]string{}, taken: map[string]string{}}
	var body []string
	for _, line := range lines[1:] {
		src, rest, ok := strings.Cut(strings.TrimSpace(line), " --> ")
		if !ok {
			return "", fmt.Errorf("unexpected line %q in mermaid diagram", line)
		}
		dst, event, labelled := strings.Cut(rest, ": ")
		a, err := ids.of(src)
		if err != nil {
			return "", err
		}
		b, err := ids.of(dst)
		if err != nil {
			return "", err
		}
		out := "    " + a + " --> " + b
		if labelled {
			out += ": " + event
		}
		body = append(body, out)
	}
	f, err := ids.of(final)
	if err != nil {
		return "", err
	}
	body = append(body, "    "+f+" --> [*]")
	var b strings.Builder
	b.WriteString("stateDiagram-v2\n")
	for _, s := range ids.states {
		if ids.ids[s] != s {
			fmt.Fprintf(&b, "    state %q as %s\n", s, ids.ids[s])
		}
	}
	for _, line := range body {
		b.WriteString(line + "\n")
	}
	return b.String(), nil
}

// mermaidIDs gives states Mermaid ids, in the order they are first seen.
type mermaidIDs struct {
	ids    map[string]string // state → id
	taken  map[string]string // id → state
	states []string
}

func (m *mermaidIDs) of(state string) (string, error) {
	if state == "[*]" {
		return state, nil
	}
	if v, ok := m.ids[state]; ok {
		return v, nil
	}
	v := strings.Map(func(r rune) rune {
		if r == '_' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' {
			return r
		}
		return '_'
	}, state)
	if other, dup := m.taken[v]; dup {
		return "", fmt.Errorf("states %q and %q both become the mermaid id %q", other, state, v)
	}
	m.ids[state], m.taken[v] = v, state
	m.states = append(m.states, state)
	return v, nil
}
