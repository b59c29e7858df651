package protocols_test

import (
	"bytes"
	"os"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

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

	// A template that renders past MaxPromptBytes is refused as it
	// renders, not rendered until memory runs out.
	if err := o.OverridePrompts("loop.tmpl", `{{define "judge.system"}}{{range 70000}}{{range 1000}}x{{end}}{{end}}{{end}}`); err != nil {
		t.Fatal(err)
	}
	if _, err := p.Render(protocols.Prompt{Seat: judge, Side: 0, Round: 1, Rounds: 3, WordLimit: 150, View: protocoltest.View(judge.SeesContext)}); err == nil || !strings.Contains(err.Error(), "longer than 64 MiB") {
		t.Errorf("a judge.system of 70 MB: %v; want it refused", err)
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

// TestOverrideWithAnEmptyBlock: a block left empty, or holding only a
// comment, sends an empty message, as written; text/template alone keeps
// the shipped body where a definition is empty, and the shipped prompt
// was sent unseen. A file that reads the whole prompt ({{.}}) has the
// protocol's settings in its prompts' hash: two labels' prompts that
// differ by them hash apart.
func TestOverrideWithAnEmptyBlock(t *testing.T) {
	for _, body := range []string{"", "  \n", "{{/* no system prompt for this ablation */}}"} {
		p := protocoltest.Build(t, "debate", "judge: j\ndebaters: d\n")
		judge := protocoltest.Seat(t, p, transcript.RoleJudge, protocols.None)
		if err := p.(protocols.PromptOverrider).OverridePrompts("ablate.tmpl", `{{define "judge.system"}}`+body+`{{end}}`); err != nil {
			t.Fatal(err)
		}
		msgs, err := p.Render(protocols.Prompt{Seat: judge, Round: 1, Rounds: 3, WordLimit: 150, View: protocoltest.View(false)})
		if err != nil {
			t.Fatal(err)
		}
		if msgs[0].Role != "system" || msgs[0].Content != "" || !strings.Contains(msgs[1].Content, "Question:") {
			t.Errorf("judge.system of %q: got %q; want an empty system message and the shipped user message", body, protocoltest.Format(msgs))
		}
	}

	hash := func(label string) [32]byte {
		p := protocoltest.Build(t, "debate", "label: "+label+"\njudge: j\ndebaters: d\n")
		if err := p.(protocols.PromptOverrider).OverridePrompts("dump.tmpl", `{{define "judge.system"}}DUMP {{printf "%v" .Seat}} {{.}}{{end}}`); err != nil {
			t.Fatal(err)
		}
		judge := protocoltest.Seat(t, p, transcript.RoleJudge, protocols.None)
		return p.(protocols.Measured).PromptSHA256(protocols.Prompt{Seat: judge, Round: 1, Rounds: 3, WordLimit: 150, View: protocoltest.View(false)}, nil)
	}
	if hash("d1") == hash("d2") {
		t.Error("prompts that print the whole prompt, of labels d1 and d2, hash alike; want the settings in the hash")
	}
}

// TestTemplatesCheckedOutOnWindows: shipped templates read with a byte
// order mark and CRLF line ends, as a Windows checkout writes them, render
// and hash as their LF copies, so that a binary built there sends the same
// prompts and records the same hashes.
func TestTemplatesCheckedOutOnWindows(t *testing.T) {
	lf, err := os.ReadFile("debate/prompts/debate.tmpl")
	if err != nil {
		t.Fatal(err)
	}
	crlf := append([]byte("\uFEFF"), bytes.ReplaceAll(lf, []byte("\n"), []byte("\r\n"))...)
	unix := protocols.MustParseTemplates(fstest.MapFS{"p/debate.tmpl": {Data: lf}}, "p/*.tmpl")
	windows := protocols.MustParseTemplates(fstest.MapFS{"p/debate.tmpl": {Data: crlf}}, "p/*.tmpl")
	p := protocols.Prompt{Seat: protocols.Seat{Name: "Judge", Role: transcript.RoleJudge}, Side: -1, Round: 1, Rounds: 3, WordLimit: 150, View: protocoltest.View(false)}
	a, errA := unix.Render(p)
	b, errB := windows.Render(p)
	if errA != nil || errB != nil {
		t.Fatal(errA, errB)
	}
	if x, y := protocoltest.Format(a), protocoltest.Format(b); x != y || strings.Contains(y, "\r") {
		t.Errorf("the judge's prompt from the CRLF templates differs from the LF ones':\n%q\n%q", x, y)
	}
	if unix.PromptSHA256(p, nil) != windows.PromptSHA256(p, nil) {
		t.Error("the judge's prompt hash from the CRLF templates differs from the LF ones'")
	}
}

// TestMisspeltSettingIsNamed: a template that reads a setting the
// protocol does not have is told which fields .Settings has, where
// text/template names only the interface it is declared as.
func TestMisspeltSettingIsNamed(t *testing.T) {
	p := protocoltest.Build(t, "debate", "judge: j\ndebaters: d\n")
	judge := protocoltest.Seat(t, p, transcript.RoleJudge, protocols.None)
	err := p.(protocols.PromptOverrider).OverridePrompts("typo.tmpl", `{{define "judge.system"}}{{.Settings.Roundz}} rounds.{{end}}`)
	if err == nil {
		_, err = p.Render(protocols.Prompt{Seat: judge, Round: 1, Rounds: 3, WordLimit: 150, View: protocoltest.View(false), Settings: p.Settings()})
	}
	if err == nil || !strings.Contains(err.Error(), "Roundz") || !strings.Contains(err.Error(), "with the fields") || !strings.Contains(err.Error(), "Rounds") {
		t.Errorf("a template reading .Settings.Roundz: %v; want the settings' fields named, Rounds among them", err)
	}
}

// TestUnknownBlockNamesItsLine: a block for a template the protocol does
// not have is named with its line in the file.
func TestUnknownBlockNamesItsLine(t *testing.T) {
	p := protocoltest.Build(t, "debate", "judge: j\ndebaters: d\n")
	text := "{{define \"judge.system\"}}Be brief.{{end}}\n\n{{define \"moderator.system\"}}\nhi\n{{end}}\n"
	err := p.(protocols.PromptOverrider).OverridePrompts("mine.tmpl", text)
	if err == nil || !strings.Contains(err.Error(), `mine.tmpl:3: defines "moderator.system", which this protocol does not have`) {
		t.Errorf("an unknown block: %v; want its file and line", err)
	}
	// A {{block}} after a define, and an empty one, at their own lines.
	for _, text := range []string{
		"{{define \"judge.system\"}}Be brief.{{end}}\n\n\n{{block \"jugde.user\" .}}\nx\n{{end}}\n",
		"{{define \"judge.system\"}}Be brief.{{end}}\n\n\n{{define \"jugde.user\"}}{{end}}\n",
	} {
		err := p.(protocols.PromptOverrider).OverridePrompts("mine.tmpl", text)
		if err == nil || !strings.Contains(err.Error(), `mine.tmpl:4: defines "jugde.user"`) {
			t.Errorf("%q: %v; want line 4", text, err)
		}
	}
	blocks, err := protocols.Blocks("mine.tmpl", "{{/* was: {{define \"questioner.system\"}}x{{end}} */}}\n{{block \"judge.user\" .}}y{{end}}\n{{define \"judge.system\"}}z{{end}}")
	want := []protocols.Block{{Name: "judge.user", Line: 2}, {Name: "judge.system", Line: 3}}
	if err != nil || !slices.Equal(blocks, want) {
		t.Errorf("Blocks: %v %v; want %v (a commented-out define is none)", blocks, err, want)
	}
}
