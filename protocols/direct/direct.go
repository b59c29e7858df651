package direct

import (
	"embed"

	"github.com/mootlab/moot/protocols"
)

//go:embed prompts/*.tmpl
var promptFS embed.FS

var templates = protocols.MustParseTemplates(promptFS, "prompts/*.tmpl")

// Settings of the direct baselines: only the common ones.
type Settings struct {
	protocols.Common `yaml:",inline"`
}

// Protocol is a judge answering on its own, with or without the context.
type Protocol struct {
	protocols.Prompter
	settings    Settings
	withContext bool
}

var _ protocols.Protocol = (*Protocol)(nil)

func init() {
	protocols.RegisterVariants("direct", description, "direct-with-context", withContextDescription, DefaultSettings, build)
}

const (
	description = "The judge answers alone, reading only the question and both answers, not the hidden context " +
		"(QA without the article, a lower baseline). Assignments per question: one (two with swap)."
	withContextDescription = "The judge answers alone, reading the question, both answers and the hidden context " +
		"(QA with the article, an upper baseline). Assignments per question: one (two with swap)."
)

// DefaultSettings are used for the keys an experiment leaves out.
func DefaultSettings() Settings { return Settings{} }

func build(s Settings, withContext bool) protocols.Protocol {
	return &Protocol{Prompter: protocols.NewPrompter(templates, s), settings: s, withContext: withContext}
}

// Settings implements protocols.Protocol.
func (p *Protocol) Settings() any { return p.settings }

// Common implements protocols.Protocol.
func (p *Protocol) Common() *protocols.Common { return &p.settings.Common }

// Assignments implements protocols.Protocol: the judge alone, in each order.
func (p *Protocol) Assignments() []protocols.Assignment {
	var out []protocols.Assignment
	for _, o := range p.settings.Orders() {
		out = append(out, protocols.Assignment{
			Name:  protocols.OrderName(o),
			Order: o,
			Seats: []protocols.Seat{protocols.JudgeSeat(p.settings.Judge, p.withContext)},
		})
	}
	return out
}

// Machine implements protocols.Protocol: judging → done.
func (p *Protocol) Machine() protocols.Machine { return protocols.RoundsMachine(0) }

// Rules implements protocols.Protocol: no speeches.
func (p *Protocol) Rules() protocols.Rules { return protocols.Rules{} }

// Comparison implements protocols.Protocol: the judge alone is the
// baseline every protocol is compared with; with the hidden text, it is
// compared with the judge alone.
func (p *Protocol) Comparison() protocols.Comparison {
	if p.withContext {
		return protocols.Comparison{Class: ClassWithContext, Against: []string{protocols.ClassJudgeAlone}}
	}
	return protocols.Comparison{Class: protocols.ClassJudgeAlone}
}

// Without implements protocols.TextReader: the judge with the hidden text
// is the judge alone on a question that has none.
func (p *Protocol) Without() string {
	if p.withContext {
		return "the judge alone (direct)"
	}
	return ""
}

// ClassWithContext is the comparison class of the judge with the hidden
// text: an upper baseline.
const ClassWithContext = "judge-with-context"

// Step implements protocols.Protocol.
func (p *Protocol) Step(state string) protocols.Step {
	return protocols.RoundsStep(state, 0, nil, false, 0)
}
