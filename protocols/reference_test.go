package protocols_test

import (
	"encoding/hex"
	"fmt"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/mootlab/moot/protocols"
	"github.com/mootlab/moot/protocols/protocoltest"
	"github.com/mootlab/moot/transcript"
)

func TestReferenceSetting(t *testing.T) {
	tests := []struct {
		doc     string
		want    *protocols.Reference
		wantErr string
	}{
		{"reference: gold\n", &protocols.Reference{Gold: true}, ""},
		{"reference: {agent: mid}\n", &protocols.Reference{Agent: "mid", Context: true}, ""},
		{"reference: {agent: mid, context: false}\n", &protocols.Reference{Agent: "mid"}, ""},
		{"reference: silver\n", nil, `want "gold" or {agent: NAME}, got "silver"`},
		{"reference: {model: mid}\n", nil, "unknown field model"},
		{"reference: {context: true}\n", nil, "needs agent"},
		{"reference: [mid]\n", nil, `want "gold"`},
	}
	for _, tt := range tests {
		var c struct {
			Reference *protocols.Reference `yaml:"reference"`
		}
		err := yaml.Unmarshal([]byte(tt.doc), &c)
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("%q: error %v; want one containing %q", tt.doc, err, tt.wantErr)
			}
			continue
		}
		if err != nil || *c.Reference != *tt.want {
			t.Errorf("%q: got %+v, %v; want %+v", tt.doc, c.Reference, err, tt.want)
			continue
		}
		// config.lock.yaml writes it back as it was read.
		out, err := yaml.Marshal(c)
		if err != nil {
			t.Fatal(err)
		}
		var back struct {
			Reference *protocols.Reference `yaml:"reference"`
		}
		if err := yaml.Unmarshal(out, &back); err != nil || *back.Reference != *tt.want {
			t.Errorf("%q: written as %q, read back as %+v, %v", tt.doc, out, back.Reference, err)
		}
	}
}

// TestReferenceNote: a judge whose view has a reference reads it after its
// own prompt — the answer the reference gives by its text, an agent's
// reasons without its verdict line — its prompt's hash and size follow,
// and without one the prompt is as it was.
func TestReferenceNote(t *testing.T) {
	p := protocoltest.Build(t, "direct", "judge: weak\n")
	in := protocols.Prompt{Seat: p.Assignments()[0].Seats[0], Side: transcript.NoSide, View: protocoltest.View(false)}
	plain, err := p.Render(in)
	if err != nil {
		t.Fatal(err)
	}
	m := p.(protocols.Measured)
	for _, tt := range []struct {
		ref  transcript.Reference
		want []string
	}{
		{transcript.Reference{Source: transcript.ReferenceGold, Answer: 0, Text: "teal"}, []string{"which is correct: teal"}},
		{transcript.Reference{Source: transcript.ReferenceAgent, Agent: "mid", Answer: 1, Text: "Ochre, I read.\nAnswer: B"}, []string{"may be wrong. It answers: ochre\n<reference>\nOchre, I read.\n</reference>"}},
		{transcript.Reference{Source: transcript.ReferenceAgent, Agent: "mid", Answer: -1, Text: "Unsure."}, []string{"It gives no clear answer.\n<reference>\nUnsure.\n</reference>"}},
	} {
		with := in
		ref := tt.ref
		with.View.Reference = &ref
		msgs, err := p.Render(with)
		if err != nil {
			t.Fatal(err)
		}
		got := protocoltest.Format(msgs)
		for _, w := range tt.want {
			if !strings.HasPrefix(msgs[1].Content, plain[1].Content+"\n\n") || !strings.Contains(got, w) {
				t.Errorf("reference %+v: prompt\n%s\nwant the plain prompt, then %q", tt.ref, got, w)
			}
		}
		if m.PromptSHA256(with, nil) == m.PromptSHA256(in, nil) {
			t.Errorf("reference %+v: the prompt hashes as it does without one", tt.ref)
		}
		protocoltest.CheckSizes(t, p, with)
	}
	// An agent's reference names the options in the question's own order;
	// where the judge is shown them the other way round, it is told so.
	hashes := map[[32]byte]bool{}
	for _, options := range [][2]string{in.View.Answers, {in.View.Answers[1], in.View.Answers[0]}} {
		with := in
		with.View.Reference = &transcript.Reference{Source: transcript.ReferenceAgent, Agent: "mid", Answer: 1, Text: "B, I read.\nAnswer: B", Options: options}
		msgs, err := p.Render(with)
		if err != nil {
			t.Fatal(err)
		}
		swapped := options != in.View.Answers
		note := fmt.Sprintf("It names the options the other way round: its A is %s, its B is %s.", options[0], options[1])
		if strings.Contains(msgs[1].Content, ". "+note) != swapped || strings.Contains(msgs[1].Content, "other way round") != swapped {
			t.Errorf("options %v (swapped: %v): prompt\n%s", options, swapped, msgs[1].Content)
		}
		hashes[m.PromptSHA256(with, nil)] = true
		protocoltest.CheckSizes(t, p, with)
	}
	if len(hashes) != 2 {
		t.Error("a reference in the judge's order and one the other way round hash alike")
	}
	// A reference whose writer did not read the question's text says so,
	// after its answer; where the question shows material with it, that
	// the writer read that too.
	for _, exhibit := range []string{"", "def f(): return 1"} {
		read := in
		read.View.Exhibit = exhibit
		read.View.Reference = &transcript.Reference{Source: transcript.ReferenceAgent, Agent: "mid", Answer: 1, Text: "Ochre.\nAnswer: B", Options: in.View.Answers}
		unread := read
		ref := *read.View.Reference
		ref.Unread = true
		unread.View.Reference = &ref
		from := "the question and what it knows"
		if exhibit != "" {
			from = "the question, the material shown with it and what it knows"
		}
		want := "It answers: ochre. Its writer did not read the text the question is about: it answered from " + from + ", and its quotes were not checked against the text.\n<reference>"
		for _, c := range []struct {
			in   protocols.Prompt
			told bool
		}{{read, false}, {unread, true}} {
			msgs, err := p.Render(c.in)
			if err != nil {
				t.Fatal(err)
			}
			if strings.Contains(msgs[1].Content, want) != c.told || strings.Contains(msgs[1].Content, "did not read") != c.told {
				t.Errorf("exhibit %q, unread %v: prompt\n%s\nwant %q: %v", exhibit, c.told, msgs[1].Content, want, c.told)
			}
			protocoltest.CheckSizes(t, p, c.in)
		}
		if m.PromptSHA256(read, nil) == m.PromptSHA256(unread, nil) {
			t.Errorf("exhibit %q: a reference read and one unread hash alike", exhibit)
		}
	}
}

func TestWithReference(t *testing.T) {
	c := protocols.Comparison{Class: "debate", Against: []string{"judge-alone"}}
	if got := c.WithReference(nil); got.Class != "debate" {
		t.Errorf("no reference: %+v; want it unchanged", got)
	}
	got := c.WithReference(&protocols.Reference{Gold: true})
	if got.Class != "debate+reference-gold" || strings.Join(got.Against, ",") != "debate,judge-alone" {
		t.Errorf("gold: %+v; want class debate+reference-gold against debate and judge-alone", got)
	}
	if got := c.WithReference(&protocols.Reference{Agent: "x"}); got.Class != "debate+reference-agent" {
		t.Errorf("agent: %+v", got)
	}
}

// TestReferencePromptsHashAsBefore: the hashes of a judge's prompt with no
// reference, a gold one and an agent's (in the judge's order) are those of
// the prompts runs before the options note made: prompt stores, caches and
// moot show of earlier runs still find them. On 2026-12-07 the direct and
// reference templates' line for a question with no text came to name the
// material shown with the question, where there is some: that changed
// all three, their text here unchanged (from c73b0871…, b9a28518…,
// ce5b4ba2…).
func TestReferencePromptsHashAsBefore(t *testing.T) {
	p := protocoltest.Build(t, "direct", "judge: weak\n")
	in := protocols.Prompt{Seat: p.Assignments()[0].Seats[0], Side: transcript.NoSide, View: protocoltest.View(false)}
	m := p.(protocols.Measured)
	for _, c := range []struct {
		ref  *transcript.Reference
		want string
	}{
		{nil, "20f953b0ef2ab089d844937cff04408131905e3759664a8e27e2e8155e29f417"},
		{&transcript.Reference{Source: transcript.ReferenceGold, Answer: 0, Text: "teal"}, "aaf2c490568f210397cdd295157e9ea841410bca7742bd6b16a54df65da35973"},
		{&transcript.Reference{Source: transcript.ReferenceAgent, Agent: "mid", Answer: 1, Text: "Ochre.\nAnswer: B", Options: in.View.Answers}, "9cfb01fe4c5978b378944523a144227941fa0537703f2f9f9061db4249785af6"},
	} {
		with := in
		with.View.Reference = c.ref
		if h := m.PromptSHA256(with, nil); hex.EncodeToString(h[:]) != c.want {
			t.Errorf("reference %+v: hash %x; want %s, as before", c.ref, h, c.want)
		}
	}
}
