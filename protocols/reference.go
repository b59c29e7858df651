package protocols

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/mootlab/moot/transcript"
)

//go:embed prompts/reference.tmpl
var referenceFS embed.FS

// referenceTemplates are the prompts every protocol shares for a
// reference: the agent writing it ("reference.system", "reference.user")
// and the paragraph added to a judge's prompt ("reference.note").
var referenceTemplates = MustParseTemplates(referenceFS, "prompts/reference.tmpl")

// Reference is the reference: setting of a protocol's judge
// (reference-guided judging): the gold answer, written `reference: gold`
// (an upper bound: no deployed judge has it), or an agent's answer written
// before the episode, `reference: {agent: NAME}`, which may be wrong. Nil
// (the default) gives the judge no reference.
type Reference struct {
	// Gold gives the judge the gold answer.
	Gold bool `yaml:"-"`
	// Agent writes the reference; Context lets it read the hidden text.
	Agent   string `yaml:"agent,omitempty"`
	Context bool   `yaml:"context"`
}

// SettingType names the type in the settings docs.
func (*Reference) SettingType() string { return `"gold" or {agent: NAME, context: bool}` }

// UnmarshalYAML reads "gold" or a map {agent: NAME, context: bool}; the
// agent reads the hidden text unless context is false.
func (r *Reference) UnmarshalYAML(node *yaml.Node) error {
	switch node.Kind {
	case yaml.ScalarNode:
		if node.Value != transcript.ReferenceGold {
			return fmt.Errorf("line %d: reference: want \"gold\" or {agent: NAME}, got %q", node.Line, node.Value)
		}
		*r = Reference{Gold: true}
		return nil
	case yaml.MappingNode:
		p := Reference{Context: true}
		for i := 0; i+1 < len(node.Content); i += 2 {
			k, v := node.Content[i], node.Content[i+1]
			var err error
			switch k.Value {
			case "agent":
				if v.Kind != yaml.ScalarNode || v.Tag == "!!null" {
					return fmt.Errorf("line %d: reference.agent: want an agent's name, got %s", v.Line, nodeText(v))
				}
				p.Agent = v.Value
			case "context":
				if err = v.Decode(&p.Context); err != nil || v.Kind != yaml.ScalarNode {
					return fmt.Errorf("line %d: reference.context: want true or false, got %s", v.Line, nodeText(v))
				}
			default:
				return fmt.Errorf("line %d: reference: unknown field %s (known: agent, context)", k.Line, k.Value)
			}
		}
		if p.Agent == "" {
			return fmt.Errorf("line %d: reference: a map needs agent: NAME", node.Line)
		}
		*r = p
		return nil
	}
	return fmt.Errorf("line %d: reference: want \"gold\" or {agent: NAME}", node.Line)
}

// nodeText is how an error names the value of v: a list, a map, or the
// scalar as written.
func nodeText(v *yaml.Node) string {
	switch v.Kind {
	case yaml.SequenceNode:
		return "a list"
	case yaml.MappingNode:
		return "a map"
	}
	return "`" + v.Value + "`"
}

// MarshalYAML writes the setting back as it is read, for config.lock.yaml.
func (r Reference) MarshalYAML() (any, error) {
	if r.Gold {
		return transcript.ReferenceGold, nil
	}
	return map[string]any{"agent": r.Agent, "context": r.Context}, nil
}

// ErrNoJudgeForReference is the error of a reference on a protocol with
// no seat that decides.
var ErrNoJudgeForReference = errors.New("this protocol has no judge to read a reference")

// ReferenceSeat is the seat of the agent that writes a reference: it
// answers the question, before the episode, in the verdict form.
func ReferenceSeat(r *Reference) Seat {
	return Seat{Name: "Reference", Role: transcript.RoleReference, Agent: r.Agent, Stance: None, Act: Answer, Setting: "reference", SeesContext: r.Context}
}

// ReferenceWriter is p with the shared prompts of the agent that writes a
// reference: its Render, MessageSizes and PromptSHA256 are those of the
// reference templates, which no experiment overrides.
func ReferenceWriter(p Protocol) Protocol { return referenceWriter{p} }

type referenceWriter struct{ Protocol }

func (referenceWriter) Render(in Prompt) ([]transcript.ChatMessage, error) {
	return referenceTemplates.Render(in)
}

func (referenceWriter) MessageSizes(in Prompt) ([]int, error) {
	return referenceTemplates.MessageSizes(in)
}

func (referenceWriter) PromptSHA256(in Prompt, contextSum *[32]byte) [32]byte {
	return referenceTemplates.PromptSHA256(in, contextSum)
}

// appendReference adds the reference note to the last message of msgs, for
// a judge whose view has a reference.
func appendReference(msgs []transcript.ChatMessage, p Prompt) ([]transcript.ChatMessage, error) {
	if p.View.Reference == nil || len(msgs) == 0 {
		return msgs, nil
	}
	note, err := ReferenceNote(p.View, p.Seat.Role == transcript.RoleGrader)
	if err != nil {
		return nil, err
	}
	last := &msgs[len(msgs)-1]
	last.Content = strings.TrimSpace(last.Content + "\n\n" + note)
	return msgs, nil
}

// ReferenceNote is what a judge whose view v has a reference reads of it,
// as its prompt gives it after its own text (the reasons of an agent's
// within <reference> tags); "" for a view without one. grading says that
// the judge grades one answer (a grader, shown no options). A person
// judging in moot judge reads the same.
func ReferenceNote(v transcript.View, grading bool) (string, error) {
	if v.Reference == nil {
		return "", nil
	}
	var buf bytes.Buffer
	if err := referenceTemplates.t.ExecuteTemplate(&buf, "reference.note", Prompt{View: v}); err != nil {
		return "", fmt.Errorf("protocols: render reference.note: %w", err)
	}
	note := strings.TrimSpace(buf.String())
	// Said here, not in the template, so that the shared templates'
	// digest, in every reference prompt's hash, is what it was; the
	// sentences enter the hash where they apply (appendReferenceKey).
	var said []string
	if r := v.Reference; optionsSwapped(r, v.Answers) {
		said = append(said, fmt.Sprintf(swappedNote, r.Options[0], r.Options[1]))
	}
	if gradedLetters(v.Reference, grading) {
		said = append(said, gradedNote)
	}
	if v.Reference.Unread {
		said = append(said, unreadNote(v))
	}
	if at := strings.Index(note, "\n<reference>"); at >= 0 && len(said) > 0 {
		sep := " " // after "It gives no clear answer."
		if !strings.HasSuffix(note[:at], ".") {
			sep = ". " // after "It answers: ochre"
		}
		note = note[:at] + sep + strings.Join(said, " ") + note[at:]
	}
	return note, nil
}

// swappedNote follows "It answers: …" where an agent's reference names
// the options the other way round; a prompt's hash covers it there.
const swappedNote = "It names the options the other way round: its A is %s, its B is %s."

// gradedNote follows "It answers: …" where a grader reads an agent's
// reference: the grader is shown no options, and its own A and B are
// correct and incorrect, so a letter in the reasons ("supports B") would
// name nothing on its screen, or read as a grade. A prompt's hash covers
// it there.
const gradedNote = "A letter in its reasons names an option as its writer was shown it, not your A or B."

// unreadNote follows "It answers: …" where an agent's reference was
// written by an agent that did not read the hidden text (Reference.Unread):
// its reasons, and its quotes, unchecked against the text, are from what
// it was shown and knows. A prompt's hash covers it there.
func unreadNote(v transcript.View) string {
	from := "the question and what it knows"
	if v.Exhibit != "" {
		from = "the question, the material shown with it and what it knows"
	}
	return "Its writer did not read the text the question is about: it answered from " + from + ", and its quotes were not checked against the text."
}

// gradedLetters says whether a grader (grading) reads gradedNote of
// reference r: an agent's, whose reasons name options by letter.
func gradedLetters(r *transcript.Reference, grading bool) bool {
	return grading && r != nil && r.Source == transcript.ReferenceAgent
}

// optionsSwapped says whether an agent's reference names the options the
// other way round from the view that shows them.
func optionsSwapped(r *transcript.Reference, shown [2]string) bool {
	return r.Source == transcript.ReferenceAgent && r.Options != [2]string{} && r.Options[0] != shown[0]
}

// appendReferenceKey adds the reference of p's view, if any, to a prompt's
// hash input: a prompt without one hashes as it always did.
func appendReferenceKey(b []byte, p *Prompt) []byte {
	r := p.View.Reference
	if r == nil {
		return b
	}
	b = appendString(b, "reference")
	b = append(b, referenceTemplates.sum[:]...)
	b = appendString(appendString(b, r.Source), r.Agent)
	b = appendString(appendInt(b, r.Answer), r.Text)
	if optionsSwapped(r, p.View.Answers) {
		// Only where the note says the options are the other way round.
		b = appendString(appendString(appendString(append(b, "options"...), swappedNote), r.Options[0]), r.Options[1])
	}
	if gradedLetters(r, p.Seat.Role == transcript.RoleGrader) {
		// Only where a grader reads an agent's reference.
		b = appendString(append(b, "letters"...), gradedNote)
	}
	if r.Unread {
		// Only where the writer did not read the question's text.
		b = appendString(append(b, "unread"...), unreadNote(p.View))
	}
	return b
}

// WithReference is c for a protocol whose judge reads reference r (nil:
// c itself): its class gains the reference's source ("judge-alone" becomes
// "judge-alone+reference-gold"), and it is compared with the same
// protocol's class without a reference as well as with c's.
func (c Comparison) WithReference(r *Reference) Comparison {
	if r == nil {
		return c
	}
	source := transcript.ReferenceAgent
	if r.Gold {
		source = transcript.ReferenceGold
	}
	return Comparison{Class: c.Class + "+reference-" + source, Against: append([]string{c.Class}, c.Against...)}
}
