package protocols_test

import (
	"strings"
	"testing"

	"github.com/mootlab/moot/protocols"
)

// TestShippedProtocolsPassCheck: every registered protocol, at its
// minimal settings and in the variants of the conformance test, passes
// the check the engine makes as it loads an experiment.
func TestShippedProtocolsPassCheck(t *testing.T) {
	docs := []struct{ name, doc string }{}
	for _, name := range protocols.Names() {
		docs = append(docs, struct{ name, doc string }{name, minimal[name]})
	}
	docs = append(docs, variants...)
	docs = append(docs,
		struct{ name, doc string }{"mad", minimal["mad"] + "verdict: moderator\n"},
		struct{ name, doc string }{"debate", minimal["debate"] + "judge_every_round: true\nrounds: 2\n"},
		struct{ name, doc string }{"society", "agents: [strong, weak, strong]\n"},
	)
	for _, d := range docs {
		t.Run(d.name+"/"+strings.TrimSpace(strings.ReplaceAll(d.doc, "\n", " ")), func(t *testing.T) {
			if err := protocols.Check(build(t, d.name, d.doc)); err != nil {
				t.Error(err)
			}
		})
	}
}
