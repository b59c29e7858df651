package protocols

import (
	"bytes"
	"fmt"
	"io/fs"
	"strings"
	"text/template"

	"github.com/mootlab/moot/agents"
)

// Templates renders a protocol's prompts. For a seat of role R it executes
// the templates "R.system" and "R.user" and returns them as a system and a
// user message.
type Templates struct {
	t *template.Template
}

var funcs = template.FuncMap{
	"letter": func(side int) string {
		if side < 0 {
			return "-"
		}
		return string(rune('A' + side))
	},
	"trim": strings.TrimSpace,
}

// MustParseTemplates parses the templates matching patterns in fsys. It
// panics on a parse error: the templates ship in the binary, so an error is
// a bug found by the first test.
func MustParseTemplates(fsys fs.FS, patterns ...string) *Templates {
	return &Templates{t: template.Must(template.New("").Funcs(funcs).Option("missingkey=error").ParseFS(fsys, patterns...))}
}

// Render executes the seat's templates with p.
func (ts *Templates) Render(p Prompt) ([]agents.Message, error) {
	role := string(p.Seat.Role)
	msgs := make([]agents.Message, 0, 2)
	for _, part := range [...]struct{ name, role string }{{role + ".system", "system"}, {role + ".user", "user"}} {
		var buf bytes.Buffer
		if err := ts.t.ExecuteTemplate(&buf, part.name, p); err != nil {
			return nil, fmt.Errorf("protocols: render %s: %w", part.name, err)
		}
		msgs = append(msgs, agents.Message{Role: part.role, Content: strings.TrimSpace(buf.String())})
	}
	return msgs, nil
}
