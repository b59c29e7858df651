package protocols

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"reflect"
	"slices"
	"strings"
	"text/template"
	"text/template/parse"

	"github.com/mootlab/moot/transcript"
)

// Templates renders a protocol's prompts. For a seat of role R it executes
// the templates "R.system" and "R.user" and returns them as a system and a
// user message.
type Templates struct {
	t *template.Template
	// sum is the SHA-256 of the templates' text: with a prompt's inputs,
	// it identifies the prompt (see PromptSHA256).
	sum [32]byte
	// shapes measures prompts without rendering them (MessageSizes); nil
	// for overridden templates, which are rendered to be measured.
	shapes *shapes
	// reads is what the templates read of .Settings, the protocol's own
	// settings: the prompt's hash then covers that.
	reads settingsReads
}

var funcs = template.FuncMap{
	"letter": func(side int) string {
		if side < 0 {
			return "-"
		}
		return string(rune('A' + side))
	},
	"trim":    strings.TrimSpace,
	"subject": subject,
	"topic":   topic,
	"reasons": Reasons,
	"value":   value,
}

// value is what v points to, v itself where it is no pointer, and nil for
// a nil pointer: a setting that may be left out is a pointer
// (.Settings.N), which eq cannot compare with a number.
func value(v any) any {
	r := reflect.ValueOf(v)
	for r.Kind() == reflect.Pointer {
		if r.IsNil() {
			return nil
		}
		r = r.Elem()
	}
	if !r.IsValid() {
		return nil
	}
	return r.Interface()
}

// Reasons is an answer's text without its verdict line ("Answer: A"), so
// that a reader who gives a verdict of its own is not confused by its
// letter: the reasons a grader reads. The line cut is the one the answer
// is read from (ParseVerdict: the last verdict line, wherever it stands),
// also where text follows it ("Answer: B" then "Confidence: high"), which
// a grader, whose "Answer: B" means incorrect, would otherwise read.
func Reasons(text string) string {
	text = strings.TrimSpace(text)
	slot, from, to := transcript.VerdictLine(text)
	if slot == transcript.NoSide {
		return text
	}
	start := strings.LastIndexByte(text[:from], '\n') + 1
	before, after := strings.TrimSpace(text[:start]), strings.TrimSpace(text[to:])
	if before == "" || after == "" {
		return before + after
	}
	return before + "\n\n" + after
}

// MustParseTemplates parses the templates matching patterns in fsys. It
// panics on a parse error: the templates ship in the binary, so an error is
// a bug found by the first test.
func MustParseTemplates(fsys fs.FS, patterns ...string) *Templates {
	ts := &Templates{t: template.New("").Funcs(funcs).Option("missingkey=error"), shapes: &shapes{}}
	var b []byte
	for _, pattern := range patterns {
		names, err := fs.Glob(fsys, pattern)
		if err != nil || len(names) == 0 {
			panic(fmt.Sprintf("protocols: templates %s: %v", pattern, err))
		}
		for _, name := range names {
			data, err := fs.ReadFile(fsys, name)
			if err != nil {
				panic(err)
			}
			text := TemplateText(data)
			template.Must(ts.t.New(path.Base(name)).Parse(text))
			b = appendString(appendString(b, name), text)
			ts.reads = ts.reads.and(readsOf(text))
			if strings.Contains(text, "Difficulty") || strings.Contains(text, "Evidence") || strings.Contains(text, "{{reasons") {
				// Measured by shape without them, or by a text's length
				// when reasons cuts it (MessageSizes): rendered instead.
				ts.shapes = nil
			}
		}
	}
	ts.sum = sha256.Sum256(b)
	return ts
}

// TemplateText is the text of a template file as moot reads it, the
// shipped templates and a prompts: file alike: a leading UTF-8 byte order
// mark dropped and each CRLF line end made LF, so that a file saved on
// Windows (or checked out there with CRLF) sends and hashes as its LF copy.
func TemplateText(data []byte) string {
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	return string(bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n")))
}

// Render executes the seat's templates with p.
func (ts *Templates) Render(p Prompt) ([]transcript.ChatMessage, error) {
	role := string(p.Seat.Role)
	msgs := make([]transcript.ChatMessage, 0, 2)
	for _, part := range [...]struct{ name, role string }{{role + ".system", "system"}, {role + ".user", "user"}} {
		buf := capped{left: MaxPromptBytes}
		if err := ts.t.ExecuteTemplate(&buf, part.name, p); err != nil {
			return nil, fmt.Errorf("protocols: render %s: %w%s", part.name, err, settingsHint(err, p.Settings))
		}
		msgs = append(msgs, transcript.ChatMessage{Role: part.role, Content: strings.TrimSpace(buf.String())})
	}
	return appendReference(msgs, p)
}

// MaxPromptBytes is the longest message a seat's template may render:
// far more than any model reads (a million tokens are some 4 MB), so that
// a prompts: file that loops ({{range 100000}}{{range 100000}}…) is
// refused at the dry run, not rendered until memory runs out.
const MaxPromptBytes = 64 << 20

// capped is a buffer that refuses a write past its room left.
type capped struct {
	bytes.Buffer
	left int
}

func (c *capped) Write(p []byte) (int, error) {
	if len(p) > c.left {
		return 0, fmt.Errorf("the message is longer than %d MiB, more than any model reads (a range in the template that loops too often?)", MaxPromptBytes>>20)
	}
	c.left -= len(p)
	return c.Buffer.Write(p)
}

// settingsHint names the fields of settings, for an error of a template
// that read one it does not have: text/template names only the type of
// .Settings as declared ("interface {}").
func settingsHint(err error, settings any) string {
	if !strings.Contains(err.Error(), "<.Settings.") || !strings.Contains(err.Error(), "can't evaluate field") {
		return ""
	}
	v := reflect.Indirect(reflect.ValueOf(settings))
	if v.Kind() != reflect.Struct {
		return ""
	}
	var names []string
	for _, f := range reflect.VisibleFields(v.Type()) {
		if f.IsExported() && !f.Anonymous {
			names = append(names, f.Name)
		}
	}
	return fmt.Sprintf(" (.Settings is %s, with the fields %s)", v.Type(), strings.Join(names, ", "))
}

// Override returns a copy of ts in which the templates that text, the file
// name, defines ({{define "judge.system"}}…{{end}} and so on) replace the
// shipped ones; errors in them, parsing or executing, name the file and
// line. text may define only templates that ts has, and at least one, so
// that a typo in a name, or a file of bare text, is an error rather than
// a prompt silently left as it was.
func (ts *Templates) Override(name, text string) (*Templates, error) {
	probe, err := template.New(name).Funcs(funcs).Parse(text)
	if err != nil {
		return nil, explainUnclosed(text, err)
	}
	blocks := blocksOf(probe, name, text)
	// Each block the protocol does not have is said (errors.Join, a line
	// each), not the first alone.
	var unknown []error
	for _, b := range blocks {
		if ts.t.Lookup(b.Name) == nil {
			unknown = append(unknown, fmt.Errorf("template: %s:%d: defines %q, which this protocol does not have (it has: %s)", name, b.Line, b.Name, strings.Join(ts.Names(), ", ")))
		}
	}
	if len(unknown) > 0 {
		return nil, errors.Join(unknown...)
	}
	if len(blocks) == 0 {
		// Text outside a define replaces nothing: the prompts would be
		// the shipped ones, which the file was meant to change.
		return nil, fmt.Errorf("defines no template ({{define \"judge.system\"}}…{{end}}), so it would replace none (this protocol has: %s)", strings.Join(ts.Names(), ", "))
	}
	clone, err := ts.t.Clone()
	if err != nil {
		return nil, err
	}
	// Parsed as a template of its own name, so that its definitions carry
	// the file's name into their errors.
	if _, err := clone.New(name).Parse(text); err != nil {
		return nil, err
	}
	// text/template keeps a template's body where a new definition is
	// empty (white space and comments): an empty block would leave the
	// shipped prompt in its place, unseen. It is made to print nothing.
	sum := appendString(ts.sum[:], text)
	for _, t := range probe.Templates() {
		if t.Name() != name && t.Tree != nil && parse.IsEmptyTree(t.Tree.Root) {
			if _, err := clone.New(name + " (empty)").Parse(`{{define "` + t.Name() + `"}}{{""}}{{end}}`); err != nil {
				return nil, err
			}
			// The same file rendered the shipped body before 2026-12-01:
			// its prompts hash apart from those it gave then.
			sum = appendString(sum, "\x00empty: "+t.Name())
		}
	}
	return &Templates{t: clone, sum: sha256.Sum256(sum), reads: ts.reads.and(readsOf(text))}, nil
}

// Names lists the templates an experiment may override, in order.
func (ts *Templates) Names() []string {
	var names []string
	for _, t := range ts.t.Templates() {
		if t.Name() != "" && !strings.HasSuffix(t.Name(), ".tmpl") {
			names = append(names, t.Name())
		}
	}
	slices.Sort(names)
	return names
}

// Prompter renders a protocol's prompts from its templates, which an
// experiment may override. Protocols embed it.
type Prompter struct {
	templates *Templates
	// settings are the protocol's settings, which templates read as
	// .Settings; settingsSum identifies what they read of them in a
	// prompt's hash.
	settings    any
	settingsSum [32]byte
}

// NewPrompter returns a prompter of the shipped templates for a protocol
// of settings, its settings struct, which its templates (and those an
// experiment puts in their place) read as .Settings: {{.Settings.Rounds}}.
func NewPrompter(t *Templates, settings any) Prompter {
	return Prompter{templates: t, settings: settings, settingsSum: t.reads.sum(settings)}
}

// with is in with the protocol's settings.
func (p *Prompter) with(in Prompt) Prompt {
	in.Settings, in.settingsSum = p.settings, &p.settingsSum
	return in
}

// Render executes the seat's templates with in.
func (p *Prompter) Render(in Prompt) ([]transcript.ChatMessage, error) {
	return p.templates.Render(p.with(in))
}

// MessageSizes returns the length in bytes of each message Render would
// return for in.
func (p *Prompter) MessageSizes(in Prompt) ([]int, error) {
	return p.templates.MessageSizes(p.with(in))
}

// PromptSHA256 identifies the prompt Render would return for in.
func (p *Prompter) PromptSHA256(in Prompt, contextSum *[32]byte) [32]byte {
	return p.templates.PromptSHA256(p.with(in), contextSum)
}

// OverridePrompts replaces the templates that text, the file name,
// defines.
func (p *Prompter) OverridePrompts(name, text string) error {
	t, err := p.templates.Override(name, text)
	if err != nil {
		return err
	}
	p.templates, p.settingsSum = t, t.reads.sum(p.settings)
	return nil
}

// TemplateNames lists the templates an experiment may override.
func (p *Prompter) TemplateNames() []string { return p.templates.Names() }

// PromptOverrider is a protocol whose prompts an experiment may override
// with a file of template definitions (the common setting prompts:).
type PromptOverrider interface {
	OverridePrompts(name, text string) error
}

// Block is a template a prompts file defines ({{define}} or {{block}}),
// and the line of the action that opens it.
type Block struct {
	Name string
	Line int
}

// Blocks lists the templates that text, the prompts file name, defines,
// in the order they stand in it, or the error of parsing it.
func Blocks(name, text string) ([]Block, error) {
	probe, err := template.New(name).Funcs(funcs).Parse(text)
	if err != nil {
		return nil, explainUnclosed(text, err)
	}
	return blocksOf(probe, name, text), nil
}

// blocksOf lists the templates probe, text parsed as the file name,
// defines, in the order they stand in text.
func blocksOf(probe *template.Template, name, text string) []Block {
	var out []Block
	for _, t := range probe.Templates() {
		if t.Name() == name || t.Tree == nil {
			continue
		}
		// The opening action is the last before the body.
		before := text[:min(int(t.Tree.Root.Pos), len(text))]
		open := max(strings.LastIndex(before, "{{"), 0)
		out = append(out, Block{Name: t.Name(), Line: 1 + strings.Count(text[:open], "\n")})
	}
	slices.SortFunc(out, func(a, b Block) int { return cmp.Or(cmp.Compare(a.Line, b.Line), strings.Compare(a.Name, b.Name)) })
	return out
}
