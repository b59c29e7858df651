package protocols_test

import (
	"strings"
	"testing"

	"github.com/mootlab/moot/protocols"
	"github.com/mootlab/moot/protocols/protocoltest"
)

// TestEveryPromptShowsTheExhibit checks that every prompt of every
// protocol, the judge's included, shows a question's exhibit (a code task's
// program) right after the question (protocoltest.CheckExhibit, which a
// protocol no test here lists calls itself).
func TestEveryPromptShowsTheExhibit(t *testing.T) {
	for _, name := range protocols.Names() {
		t.Run(name, func(t *testing.T) {
			generic := name == "society" || strings.HasPrefix(name, "direct")
			n := protocoltest.CheckExhibit(t, build(t, name, minimal[name]), !generic)
			t.Logf("%d prompts rendered", n)
		})
	}
}
