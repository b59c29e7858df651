package protocols

import (
	"crypto/sha256"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/mootlab/moot/transcript"
)

// judgeTemplates are shipped templates of a judge whose user message is
// user.
func judgeTemplates(user string) *Templates {
	text := `{{define "judge.system"}}Judge.{{end}}{{define "judge.user"}}` + user + `{{end}}`
	return MustParseTemplates(fstest.MapFS{"judge.tmpl": {Data: []byte(text)}}, "*.tmpl")
}

var judgePrompt = Prompt{Seat: JudgeSeat("j", false), Side: -1, View: transcript.View{Question: "Which is it?"}}

// TestLetter: letter writes a side as the letter shown, 0 as A and 1 as
// B, and a seat that argues no side (-1) as "-".
func TestLetter(t *testing.T) {
	msgs, err := judgeTemplates(`{{letter 0}} {{letter 1}} {{letter -1}}`).Render(judgePrompt)
	if err != nil || msgs[1].Content != "A B -" {
		t.Errorf("letter 0, 1, -1 = %v, %v; want \"A B -\"", msgs, err)
	}
}

// TestSizesOfATemplateThatCutsReasons: a template that prints an answer's
// reasons, its verdict line cut, is measured by what it renders, not by
// the length of the whole answer.
func TestSizesOfATemplateThatCutsReasons(t *testing.T) {
	ts := judgeTemplates(`{{range .Transcript}}{{reasons .Text}}{{end}}`)
	p := judgePrompt
	p.Transcript = []transcript.Turn{{Round: 1, Name: "Exam-taker", Side: -1, Text: "It is blue, the text says so.\nAnswer: A"}}
	sizes, err := ts.MessageSizes(p)
	if want := len("It is blue, the text says so."); err != nil || len(sizes) != 2 || sizes[1] != want {
		t.Errorf("MessageSizes = %v, %v; want the user message %d bytes long", sizes, err, want)
	}
}

// TestSettingsHint: a template that reads a field .Settings lacks is told
// the fields it has (those of an embedded block by their own names, not
// the block's); a field the view lacks gets no word of the settings.
func TestSettingsHint(t *testing.T) {
	type settings struct {
		Speeches
		QuestionLimit int
	}
	p := NewPrompter(judgeTemplates(`{{.Settings.Nosuch}}`), settings{})
	_, err := p.Render(judgePrompt)
	if want := "(.Settings is protocols.settings, with the fields Rounds, WordLimit, VerifyQuotes, QuestionLimit)"; err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("reading .Settings.Nosuch: %v; want it to say %q", err, want)
	}
	p = NewPrompter(judgeTemplates(`{{.View.Nosuch}}`), settings{})
	if _, err := p.Render(judgePrompt); err == nil || strings.Contains(err.Error(), ".Settings is") {
		t.Errorf("reading .View.Nosuch: %v; want an error that says nothing of the settings", err)
	}
}

// TestCappedRefusesPastItsRoom: a message may be as long as the room
// left, and not one byte longer.
func TestCappedRefusesPastItsRoom(t *testing.T) {
	c := capped{left: 10}
	if _, err := c.Write([]byte("0123456789")); err != nil {
		t.Fatalf("10 bytes into a room of 10: %v", err)
	}
	if _, err := c.Write([]byte("x")); err == nil || !strings.Contains(err.Error(), "longer than 64 MiB") {
		t.Errorf("a byte past the room: %v; want it refused, naming the 64 MiB limit", err)
	}
	if c.String() != "0123456789" {
		t.Errorf("buffer = %q; want the 10 bytes alone", c.String())
	}
}

// TestReadsSettingsOnlyWhereTheRootIsHandedOn: a variable other than $,
// or the dot inside a range or a with, is not the whole prompt.
func TestReadsSettingsOnlyWhereTheRootIsHandedOn(t *testing.T) {
	for text, want := range map[string]bool{
		`{{define "judge.user"}}{{$q := .View.Question}}{{$q}}{{end}}`:    false,
		`{{define "judge.user"}}{{range .Transcript}}{{.}}{{end}}{{end}}`: false,
		`{{define "judge.user"}}{{with .View}}{{.}}{{end}}{{end}}`:        false,
		`{{define "judge.user"}}{{range .Transcript}}{{$}}{{end}}{{end}}`: true,
		`{{define "judge.user"}}{{printf "%v" .}}{{end}}`:                 true,
	} {
		if got := readsOf(text).any(); got != want {
			t.Errorf("readsOf(%s).any() = %v; want %v", text, got, want)
		}
	}
}

// TestOverrideWithNoEmptyBlockHashesAsBefore: only a file with an empty
// block hashes apart from what it hashed before empty blocks printed
// nothing (TestEmptyBlockHashesApart); any other file, its text outside
// the blocks blank as usual, keeps the hash of the shipped templates'
// digest and its text, and its prompts the hashes stored with them.
func TestOverrideWithNoEmptyBlockHashesAsBefore(t *testing.T) {
	shipped := judgeTemplates(`{{.View.Question}}`)
	text := "\n{{define \"judge.system\"}}Terse judge.{{end}}\n"
	o, err := shipped.Override("terse.tmpl", text)
	if err != nil {
		t.Fatal(err)
	}
	if o.sum != sha256.Sum256(appendString(shipped.sum[:], text)) {
		t.Error("a file with no empty block hashes apart from its hash before empty blocks printed nothing")
	}
}
