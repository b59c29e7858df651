package protocols_test

import (
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/mootlab/moot/protocols"
)

// TestReferenceSettingRefusesWhatIsNoAgent: reference.agent names an
// agent: a null, a list or a map there is refused, naming the field and
// what was written, not taken for an agent called "null".
func TestReferenceSettingRefusesWhatIsNoAgent(t *testing.T) {
	for doc, want := range map[string]string{
		"reference: {agent: null}\n":                 "reference.agent: want an agent's name, got `null`",
		"reference: {agent: ~}\n":                    "reference.agent: want an agent's name, got `~`",
		"reference: {agent: [a, b]}\n":               "reference.agent: want an agent's name, got a list",
		"reference: {agent: mid, context: {x: 1}}\n": "reference.context: want true or false, got a map",
	} {
		var c struct {
			Reference *protocols.Reference `yaml:"reference"`
		}
		err := yaml.Unmarshal([]byte(doc), &c)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: got %+v, %v; want an error containing %q", doc, c.Reference, err, want)
		}
	}
}
