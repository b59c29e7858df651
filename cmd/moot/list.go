package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"
	"unicode/utf8"

	"github.com/looplab/fsm"
	"github.com/spf13/cobra"
	"go.yaml.in/yaml/v3"

	"github.com/mootlab/moot/agents"
	"github.com/mootlab/moot/protocols"
	"github.com/mootlab/moot/quotes"
	"github.com/mootlab/moot/tasks"
	"github.com/mootlab/moot/transcript"
)

// textWidth is the column at which long text is wrapped.
const textWidth = 88

// registered is one entry of a registry as the list commands show it.
type registered struct {
	Kind        string    `json:"kind"` // protocol, backend, generator or loader
	Name        string    `json:"name"`
	Description string    `json:"description,omitempty"`
	Settings    []setting `json:"settings"`
	// protocol is the protocol built with the default settings.
	protocol protocols.Protocol
}

// setting is one key of a settings block.
type setting struct {
	Name string `json:"name"` // as written in YAML; a nested key is parent.child
	Type string `json:"type"`
	// Default is the value the factory pre-fills: nil for a required
	// setting and for an unset optional one, a string for a duration.
	Default  any    `json:"default"`
	Required bool   `json:"required"`
	Note     string `json:"note,omitempty"`
}

// settingNotes say what a setting's type and default cannot, keyed by kind
// and setting name.
var settingNotes = map[string]string{
	"protocol/label":   "the protocol's name if empty",
	"protocol/prompts": "a file of {{define}} blocks replacing shipped prompts, relative to the experiment file",
	"backend/api_key":  "never accepted: name an environment variable with api_key_env",
}

// placeholders are values for the settings a factory may require, so
// that it builds. Which of them a factory does require is found by leaving
// each out in turn.
var placeholders = map[string]any{
	"judge":      "judge",
	"consultant": "consultant",
	"debaters":   "debater",
	"agents":     "agent",
	"moderator":  "moderator",
	"base_url":   "http://placeholder.invalid/v1",
	"model":      "model",
}

// errInspect marks a settings struct the inspector could not read.
var errInspect = errors.New("cannot inspect settings")

// inspect learns a factory's settings by calling it: the struct it decodes
// into, as the factory pre-fills it with defaults, and which of the
// placeholder settings it cannot do without. It returns what the factory
// builds with every placeholder given.
func inspect[F ~func(func(any) error) (T, error), T any](f F) ([]setting, T, error) {
	var defaults reflect.Value
	built, err := f(func(v any) error {
		rv := reflect.ValueOf(v)
		if rv.Kind() != reflect.Pointer || rv.Elem().Kind() != reflect.Struct {
			return fmt.Errorf("%w: %T is not a pointer to a struct", errInspect, v)
		}
		defaults = reflect.New(rv.Elem().Type()).Elem()
		defaults.Set(rv.Elem())
		return decodePlaceholders(v, "")
	})
	if err != nil {
		return nil, built, fmt.Errorf("with placeholder settings (if it requires a setting, give it a placeholder in cmd/moot/list.go): %w", err)
	}
	if !defaults.IsValid() {
		return nil, built, nil // it has no settings block
	}
	settings := settingsOf(defaults, "")
	for i, s := range settings {
		if _, ok := placeholders[s.Name]; !ok {
			continue
		}
		if _, err := f(func(v any) error { return decodePlaceholders(v, s.Name) }); err != nil {
			settings[i].Required, settings[i].Default = true, nil
		}
	}
	return settings, built, nil
}

// decodePlaceholders fills v with every placeholder but omit. Plain
// yaml.Unmarshal ignores the keys v does not have.
func decodePlaceholders(v any, omit string) error {
	m := map[string]any{}
	for k, p := range placeholders {
		if k != omit {
			m[k] = p
		}
	}
	doc, err := yaml.Marshal(m)
	if err != nil {
		return err
	}
	return yaml.Unmarshal(doc, v)
}

var (
	agentNamesType  = reflect.TypeFor[protocols.AgentNames]()
	durationType    = reflect.TypeFor[time.Duration]()
	unmarshalerType = reflect.TypeFor[yaml.Unmarshaler]()
)

// settingsOf lists the YAML keys of struct v, following ,inline fields
// into their struct and naming the fields of other nested structs
// prefix.field, as yaml decodes them.
func settingsOf(v reflect.Value, prefix string) []setting {
	var out []setting
	t := v.Type()
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		name, opts, _ := strings.Cut(f.Tag.Get("yaml"), ",")
		if name == "-" {
			continue
		}
		fv := v.Field(i)
		if slices.Contains(strings.Split(opts, ","), "inline") {
			out = append(out, settingsOf(fv, prefix)...)
			continue
		}
		if name == "" {
			name = strings.ToLower(f.Name)
		}
		if f.Type.Kind() == reflect.Struct && !reflect.PointerTo(f.Type).Implements(unmarshalerType) {
			out = append(out, settingsOf(fv, prefix+name+".")...)
			continue
		}
		out = append(out, setting{Name: prefix + name, Type: typeName(f.Type), Default: defaultOf(fv)})
	}
	return out
}

// typeName names a setting's type as a person writing YAML sees it.
func typeName(t reflect.Type) string {
	switch t {
	case agentNamesType:
		return "agent or list of agents"
	case durationType:
		return "duration"
	}
	switch t.Kind() {
	case reflect.Pointer:
		return typeName(t.Elem())
	case reflect.Bool:
		return "bool"
	case reflect.String:
		return "string"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "int"
	case reflect.Float32, reflect.Float64:
		return "number"
	case reflect.Slice, reflect.Array:
		return "list of " + typeName(t.Elem())
	case reflect.Map:
		return "map of " + typeName(t.Elem())
	}
	return t.String()
}

func defaultOf(v reflect.Value) any {
	switch {
	case v.Kind() == reflect.Pointer:
		if v.IsNil() {
			return nil
		}
		return defaultOf(v.Elem())
	case v.Type() == durationType:
		return time.Duration(v.Int()).String()
	case v.Kind() == reflect.Slice && v.IsNil():
		return nil
	}
	return v.Interface()
}

// defaultValue renders a setting's default value: "required", "unset",
// or the value as it would be written in YAML.
func (s setting) defaultValue() string {
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

// defaultText is the default value and the setting's note.
func (s setting) defaultText() string {
	if s.Note != "" {
		return s.defaultValue() + " (" + s.Note + ")"
	}
	return s.defaultValue()
}

// collect inspects every name of a registry.
func collect[F ~func(func(any) error) (T, error), T any](kind string, names []string, lookup func(string) (F, error)) ([]registered, error) {
	out := make([]registered, 0, len(names))
	for _, name := range names {
		f, err := lookup(name)
		if err != nil {
			return nil, err
		}
		settings, built, err := inspect(f)
		if err != nil {
			return nil, fmt.Errorf("%s %s: %w", kind, name, err)
		}
		for i, s := range settings {
			settings[i].Note = settingNotes[kind+"/"+s.Name]
		}
		r := registered{Kind: kind, Name: name, Settings: settings}
		if d, ok := any(built).(protocols.Describer); ok {
			r.Description = d.Description()
		}
		if p, ok := any(built).(protocols.Protocol); ok {
			r.protocol = p
		}
		out = append(out, r)
	}
	return out, nil
}

func registeredProtocols() ([]registered, error) {
	return collect("protocol", protocols.Names(), protocols.Lookup)
}

func registeredBackends() ([]registered, error) {
	return collect("backend", agents.Backends(), agents.Lookup)
}

// registeredTasks lists the task generators and then the dataset loaders.
func registeredTasks() ([]registered, error) {
	generators, err := collect("generator", tasks.Generators(), tasks.Lookup)
	if err != nil {
		return nil, err
	}
	loaders, err := collect("loader", tasks.Loaders(), tasks.LookupLoader)
	return append(generators, loaders...), err
}

// listFormats are the --format values of the list commands; markdown is
// offered by protocols list only.
const (
	formatText     = "text"
	formatJSON     = "json"
	formatMarkdown = "markdown"
)

// newListCommand makes a list subcommand. With showKind, the text output
// names each entry's kind, for lists that mix kinds.
func newListCommand(short string, formats []string, showKind bool, list func() ([]registered, error)) *cobra.Command {
	format := formatText
	cmd := &cobra.Command{
		Use:   "list",
		Short: short,
		Args:  exactArgs(0),
		RunE: func(cmd *cobra.Command, _ []string) error {
			if !slices.Contains(formats, format) {
				return fmt.Errorf("%w: --format: want one of %s, got %q", errUsage, strings.Join(formats, ", "), format)
			}
			entries, err := list()
			if err != nil {
				return err
			}
			return writeRegistered(cmd.OutOrStdout(), entries, format, showKind)
		},
	}
	cmd.Flags().StringVar(&format, "format", formatText, "output format: "+strings.Join(formats, ", "))
	return cmd
}

func writeRegistered(w io.Writer, entries []registered, format string, showKind bool) error {
	bw := bufio.NewWriter(w)
	var err error
	switch format {
	case formatJSON:
		enc := json.NewEncoder(bw)
		enc.SetEscapeHTML(false)
		for _, e := range entries {
			if err = enc.Encode(e); err != nil {
				break
			}
		}
	case formatMarkdown:
		err = writeProtocolsDoc(bw, entries)
	default:
		writeRegisteredText(bw, entries, showKind)
	}
	if err != nil {
		return err
	}
	return bw.Flush()
}

func writeRegisteredText(w io.Writer, entries []registered, showKind bool) {
	for i, e := range entries {
		if i > 0 {
			fmt.Fprintln(w)
		}
		if showKind {
			fmt.Fprintf(w, "%s (%s)\n", e.Name, e.Kind)
		} else {
			fmt.Fprintln(w, e.Name)
		}
		if e.Description != "" {
			fmt.Fprintf(w, "%s\n\n", wrap(e.Description, "  ", "  ", textWidth))
		}
		if len(e.Settings) == 0 {
			fmt.Fprintln(w, "  no settings")
			continue
		}
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "  setting\ttype\tdefault")
		for _, s := range e.Settings {
			fmt.Fprintf(tw, "  %s\t%s\t%s\n", s.Name, s.Type, s.defaultText())
		}
		tw.Flush()
	}
}

// docsCommand is the command that writes docs/protocols.md.
const docsCommand = "moot protocols list --format markdown > docs/protocols.md"

// writeProtocolsDoc writes docs/protocols.md: each protocol's description,
// settings and state machine.
func writeProtocolsDoc(w io.Writer, entries []registered) error {
	fmt.Fprintf(w, "# Protocols\n\n<!-- Generated by `%s`; do not edit. `go test ./cmd/moot/ -run ProtocolsDoc` checks it. -->\n\n", docsCommand)
	fmt.Fprint(w, wrap("The protocols an experiment file can name under protocols:, with their settings and "+
		"defaults, and the state machine the engine drives each episode through, drawn with the default settings: "+
		"who speaks in each state, and the event that then moves the machine on. moot backends list and "+
		"moot tasks list show the settings of the agent backends and task generators.", "", "", 80), "\n\n")
	for i, e := range entries {
		if i > 0 {
			fmt.Fprintln(w)
		}
		fmt.Fprintf(w, "## %s\n\n", e.Name)
		if e.Description != "" {
			fmt.Fprintf(w, "%s\n\n", wrap(e.Description, "", "", 80))
		}
		fmt.Fprint(w, "| setting | type | default |\n| --- | --- | --- |\n")
		for _, s := range e.Settings {
			d := "`" + s.defaultValue() + "`"
			if s.Required {
				d = "required"
			}
			if s.Note != "" {
				d += " (" + s.Note + ")"
			}
			fmt.Fprintf(w, "| `%s` | %s | %s |\n", s.Name, s.Type, d)
		}
		fmt.Fprintln(w)
		if e.protocol == nil {
			continue
		}
		if err := writeMachine(w, e.protocol); err != nil {
			return fmt.Errorf("protocol %s: %w", e.Name, err)
		}
	}
	return nil
}

// writeMachine draws p's machine and lists, state by state, who speaks and
// the event that follows, as the engine drives it.
func writeMachine(w io.Writer, p protocols.Protocol) error {
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
	ids := map[string]string{}   // state → id
	taken := map[string]string{} // id → state
	var states []string
	id := func(state string) (string, error) {
		if state == "[*]" {
			return state, nil
		}
		if v, ok := ids[state]; ok {
			return v, nil
		}
		v := strings.Map(func(r rune) rune {
			if r == '_' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' {
				return r
			}
			return '_'
		}, state)
		if other, dup := taken[v]; dup {
			return "", fmt.Errorf("states %q and %q both become the mermaid id %q", other, state, v)
		}
		ids[state], taken[v] = v, state
		states = append(states, state)
		return v, nil
	}
	var body []string
	for _, line := range lines[1:] {
		src, rest, ok := strings.Cut(strings.TrimSpace(line), " --> ")
		if !ok {
			return "", fmt.Errorf("unexpected line %q in mermaid diagram", line)
		}
		dst, event, labelled := strings.Cut(rest, ": ")
		a, err := id(src)
		if err != nil {
			return "", err
		}
		b, err := id(dst)
		if err != nil {
			return "", err
		}
		out := "    " + a + " --> " + b
		if labelled {
			out += ": " + event
		}
		body = append(body, out)
	}
	f, err := id(final)
	if err != nil {
		return "", err
	}
	body = append(body, "    "+f+" --> [*]")
	var b strings.Builder
	b.WriteString("stateDiagram-v2\n")
	for _, s := range states {
		if ids[s] != s {
			fmt.Fprintf(&b, "    state %q as %s\n", s, ids[s])
		}
	}
	for _, line := range body {
		b.WriteString(line + "\n")
	}
	return b.String(), nil
}

// wrap fills text into lines of at most width columns, the first starting
// with first and the others with rest. A word longer than a line stands
// alone. Paragraphs, separated by blank lines, stay separated.
func wrap(text, first, rest string, width int) string {
	var b strings.Builder
	prefix := first
	for i, para := range strings.Split(strings.TrimSpace(text), "\n\n") {
		if i > 0 {
			b.WriteString("\n\n")
			prefix = rest
		}
		col := 0
		for j, word := range strings.Fields(para) {
			n := utf8.RuneCountInString(word)
			switch {
			case j == 0:
				b.WriteString(prefix + word)
				col = utf8.RuneCountInString(prefix) + n
			case col+1+n > width:
				b.WriteString("\n" + rest + word)
				col = utf8.RuneCountInString(rest) + n
			default:
				b.WriteString(" " + word)
				col += 1 + n
			}
		}
	}
	return b.String()
}

func newProtocolsCommand() *cobra.Command {
	cmd := &cobra.Command{Use: "protocols", Short: "Describe the registered protocols"}
	list := newListCommand("List the protocols with their settings and defaults", []string{formatText, formatJSON, formatMarkdown}, false, registeredProtocols)
	list.Example = "  moot protocols list\n  " + docsCommand
	cmd.AddCommand(list)
	return cmd
}

func newBackendsCommand() *cobra.Command {
	cmd := &cobra.Command{Use: "backends", Short: "Describe the registered agent backends"}
	cmd.AddCommand(newListCommand("List the agent backends with their settings and defaults", []string{formatText, formatJSON}, false, registeredBackends))
	return cmd
}

func newTasksCommand() *cobra.Command {
	cmd := &cobra.Command{Use: "tasks", Short: "Describe the registered task generators and loaders, and show questions"}
	cmd.AddCommand(
		newListCommand("List the task generators and dataset loaders with their settings and defaults", []string{formatText, formatJSON}, true, registeredTasks),
		newTasksShowCommand(),
	)
	return cmd
}

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
}

func newTasksShowCommand() *cobra.Command {
	var opts showOptions
	cmd := &cobra.Command{
		Use:     "show GENERATOR",
		Short:   "Generate a few questions and print them to read: answers, hidden context, evidence",
		Example: "  moot tasks show qa --n 3 --seed 1\n  moot tasks show qa --difficulty 0.9 --format json\n  moot tasks show code --set kind=spec",
		Args:    exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.setDifficulty = cmd.Flags().Changed("difficulty")
			return runTasksShow(cmd.OutOrStdout(), opts, args[0])
		},
	}
	cmd.Flags().IntVar(&opts.n, "n", 3, "number of questions")
	cmd.Flags().Uint64Var(&opts.seed, "seed", 1, "seed of the generator")
	cmd.Flags().Float64Var(&opts.difficulty, "difficulty", 0, "mean difficulty in [0, 1] (default: the generator's)")
	cmd.Flags().StringVar(&opts.format, "format", formatText, "output format: text or json (one question a line)")
	cmd.Flags().StringArrayVar(&opts.settings, "set", nil, "a generator setting, key=value, as in the experiment file (repeatable)")
	return cmd
}

func runTasksShow(w io.Writer, opts showOptions, name string) error {
	if opts.format != formatText && opts.format != formatJSON {
		return fmt.Errorf("%w: --format: want text or json, got %q", errUsage, opts.format)
	}
	if opts.n < 0 {
		return fmt.Errorf("%w: --n: must not be negative, got %d", errUsage, opts.n)
	}
	f, err := tasks.Lookup(name)
	if err != nil {
		return fmt.Errorf("%w: %w", errUsage, err)
	}
	doc := ""
	if opts.setDifficulty {
		doc = "difficulty: " + strconv.FormatFloat(opts.difficulty, 'g', -1, 64) + "\n"
	}
	for _, kv := range opts.settings {
		k, v, ok := strings.Cut(kv, "=")
		if !ok || k == "" || strings.ContainsAny(k, ": \n") || strings.Contains(v, "\n") {
			return fmt.Errorf("%w: --set: want key=value, got %q", errUsage, kv)
		}
		doc += k + ": " + v + "\n"
	}
	g, err := f(func(v any) error {
		dec := yaml.NewDecoder(strings.NewReader(doc))
		dec.KnownFields(true)
		if err := dec.Decode(v); err != nil && !errors.Is(err, io.EOF) {
			return err
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("%w: generator %s: %v", errUsage, name, err)
	}
	qs, err := g.Generate(opts.seed, opts.n)
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

func writeQuestion(w io.Writer, q tasks.Question) {
	fmt.Fprintf(w, "%s  %s, difficulty %.2f\n\n", q.ID, q.Family, q.Difficulty)
	fmt.Fprintln(w, wrap(q.Text, "", "", textWidth))
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
		fmt.Fprintln(w, wrap(q.Context, "  ", "  ", textWidth))
	}
	if len(q.Evidence) > 0 {
		fmt.Fprintln(w, "\nEvidence pool (answer, whether the text is in the context verbatim, text):")
		for _, c := range showQuestion(q).Evidence {
			where := "not in context"
			if c.InContext {
				where = "in context"
			}
			lead := fmt.Sprintf("  %s  %-14s  ", letter(c.Answer), where)
			fmt.Fprintln(w, wrap(c.Text, lead, strings.Repeat(" ", len(lead)), textWidth))
		}
	}
}
