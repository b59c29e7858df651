package protocols_test

import (
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/mootlab/moot/protocols"
	_ "github.com/mootlab/moot/protocols/debate"
	_ "github.com/mootlab/moot/protocols/society"
	"github.com/mootlab/moot/transcript"
)

// TestLabelDefaultsBeforeBuild: a settings block without a label gets the
// protocol's name as its label before the protocol is built, so that its
// templates read the label the tables print (.Settings.Label), and a
// given label is kept.
func TestLabelDefaultsBeforeBuild(t *testing.T) {
	for _, c := range []struct{ name, block, want string }{
		{"debate", "judge: j\ndebaters: s", "debate"},
		{"open-debate", "judge: j\ndebaters: s", "open-debate"},
		{"debate", "label: mine\njudge: j\ndebaters: s", "mine"},
		{"society", "agents: s", "society"},
	} {
		factory, err := protocols.Lookup(c.name)
		if err != nil {
			t.Fatal(err)
		}
		var node yaml.Node
		if err := yaml.Unmarshal([]byte(c.block), &node); err != nil {
			t.Fatal(err)
		}
		p, err := factory(func(s any) error { return node.Decode(s) })
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if got := p.Common().Label; got != c.want {
			t.Errorf("%s %q: Common().Label = %q; want %q", c.name, c.block, got, c.want)
		}
		if c.name == "society" {
			continue
		}
		over, ok := p.(interface {
			OverridePrompts(name, text string) error
		})
		if !ok {
			t.Fatalf("%s: its prompts cannot be overridden", c.name)
		}
		if err := over.OverridePrompts("mine.tmpl", `{{define "judge.user"}}Label {{.Settings.Label}}{{end}}`); err != nil {
			t.Fatal(err)
		}
		seat := protocols.Seat{Name: "Judge", Role: transcript.RoleJudge, Agent: "j"}
		msgs, err := p.Render(protocols.Prompt{Seat: seat, Side: transcript.NoSide, Rounds: 3, View: transcript.View{Question: "Q?"}})
		if err != nil {
			t.Fatal(err)
		}
		if got := msgs[len(msgs)-1].Content; !strings.Contains(got, "Label "+c.want) {
			t.Errorf("%s %q: the template read %q; want the label %q", c.name, c.block, got, c.want)
		}
	}
}
