package protocols_test

import (
	"strings"
	"testing"

	"github.com/mootlab/moot/protocols"
	_ "github.com/mootlab/moot/protocols/debate"
	"github.com/mootlab/moot/protocols/protocoltest"
	"github.com/mootlab/moot/transcript"
)

func TestOverridePrompts(t *testing.T) {
	p := protocoltest.Build(t, "debate", "judge: j\ndebaters: d\n")
	judge := protocoltest.Seat(t, p, transcript.RoleJudge, protocols.None)
	debater := protocoltest.Seat(t, p, transcript.RoleDebater, protocols.SlotA)
	render := func(p protocols.Protocol, seat protocols.Seat) string {
		msgs, err := p.Render(protocols.Prompt{Seat: seat, Side: 0, Round: 1, Rounds: 3, WordLimit: 150, View: protocoltest.View(seat.SeesContext)})
		if err != nil {
			t.Fatal(err)
		}
		return protocoltest.Format(msgs)
	}
	before, beforeDebater := render(p, judge), render(p, debater)

	o := p.(protocols.PromptOverrider)
	if err := o.OverridePrompts("terse.tmpl", `{{define "judge.system"}}Be brief. {{.Rounds}} rounds.{{end}}`); err != nil {
		t.Fatal(err)
	}
	after := render(p, judge)
	if !strings.Contains(after, "--- system ---\nBe brief. 3 rounds.") || after == before {
		t.Errorf("judge prompt after the override:\n%s", after)
	}
	if !strings.Contains(after, "Question: What color") {
		t.Errorf("the judge's user prompt was not kept:\n%s", after)
	}
	if render(p, debater) != beforeDebater {
		t.Error("overriding the judge changed the debater's prompt")
	}
	// Another debate built afterwards has the shipped prompts.
	if fresh := protocoltest.Build(t, "debate", "judge: j\ndebaters: d\n"); render(fresh, judge) != before {
		t.Error("an override leaked into another protocol instance")
	}

	for name, text := range map[string]string{
		"unknown template": `{{define "jugde.system"}}x{{end}}`,
		"parse error":      `{{define "judge.system"}}{{.Nope`,
		// Bare text replaces nothing: the shipped prompts would be sent.
		"no define": "Be brief.\n",
		"empty":     "",
	} {
		if err := o.OverridePrompts("bad.tmpl", text); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}
