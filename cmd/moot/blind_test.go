package main

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/mootlab/moot/engine"
	"github.com/mootlab/moot/protocols"
	"github.com/mootlab/moot/tasks"
	"github.com/mootlab/moot/tasks/taskstest"
)

// TestEveryProtocolIsBlind: the gold label reaches no agent of any
// protocol the CLI registers (engine.CheckBlind), on the questions of any
// generator it registers, new ones included as soon as their packages are
// imported in plugins.go. Each protocol is played alone, with sim agents
// named after the settings that name agents, on two questions of each
// generator.
func TestEveryProtocolIsBlind(t *testing.T) {
	var taskList strings.Builder
	for _, g := range tasks.Generators() {
		fmt.Fprintf(&taskList, "  - {name: %s, generator: %s, n: 2}\n", g, g)
	}
	for _, e := range protocols.Entries() {
		t.Run(e.Name, func(t *testing.T) {
			var agents, block []string
			for _, s := range e.Settings {
				if s.Required {
					agents = append(agents, fmt.Sprintf("  %s: {backend: sim}\n", s.Name))
					block = append(block, fmt.Sprintf("%s: %s", s.Name, s.Name))
				}
			}
			file := "name: blind\nseed: 11\nagents:\n" + strings.Join(agents, "") + "tasks:\n" + taskList.String() +
				"protocols:\n  - {name: " + e.Name + ", " + strings.Join(block, ", ") + "}\n"
			x, err := engine.Parse(e.Name+".yaml", []byte(file))
			if err != nil {
				t.Fatalf("%v\n%s", err, file)
			}
			if err := x.CheckBlind(context.Background(), 2*len(tasks.Generators())); err != nil {
				t.Error(err)
			}
		})
	}
}

// TestEveryGeneratorKeepsTheContract: every generator the CLI registers,
// a new one included, keeps what every generator keeps (taskstest.Contract)
// at its default settings.
func TestEveryGeneratorKeepsTheContract(t *testing.T) {
	for _, name := range tasks.Generators() {
		t.Run(name, func(t *testing.T) {
			g, err := taskstest.Factory(t, name)(taskstest.Decoder("{}"))
			if err != nil {
				t.Fatal(err)
			}
			taskstest.Contract(t, g)
		})
	}
}
