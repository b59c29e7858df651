package main

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/mootlab/moot/engine"
	"github.com/mootlab/moot/protocols"
)

// TestEveryProtocolIsBlind: the gold label reaches no agent of any
// protocol the CLI registers (engine.CheckBlind), a new one included as
// soon as its package is imported in plugins.go. Each is played alone,
// with sim agents named after the settings that name agents, on two
// questions of each generated task family.
func TestEveryProtocolIsBlind(t *testing.T) {
	for _, e := range protocols.Entries() {
		t.Run(e.Name, func(t *testing.T) {
			var agents, block []string
			for _, s := range e.Settings {
				if s.Required {
					agents = append(agents, fmt.Sprintf("  %s: {backend: sim}\n", s.Name))
					block = append(block, fmt.Sprintf("%s: %s", s.Name, s.Name))
				}
			}
			file := "name: blind\nseed: 11\nagents:\n" + strings.Join(agents, "") +
				"tasks:\n  - {name: qa, generator: qa, n: 2}\n  - {name: math, generator: math, n: 2}\n" +
				"  - {name: code, generator: code, n: 2}\n  - {name: finance, generator: finance, n: 2}\n" +
				"protocols:\n  - {name: " + e.Name + ", " + strings.Join(block, ", ") + "}\n"
			x, err := engine.Parse(e.Name+".yaml", []byte(file))
			if err != nil {
				t.Fatalf("%v\n%s", err, file)
			}
			if err := x.CheckBlind(context.Background(), 8); err != nil {
				t.Error(err)
			}
		})
	}
}
