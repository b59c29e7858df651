package protocols

import (
	"testing"
	"testing/fstest"

	"github.com/mootlab/moot/transcript"
)

// TestWordLimitOf: a seat's own word limit, when set, replaces the
// protocol's; 0 leaves the protocol's (Seat.WordLimit).
func TestWordLimitOf(t *testing.T) {
	rules := Rules{WordLimit: 150}
	if got := WordLimitOf(Seat{WordLimit: 30}, rules); got != 30 {
		t.Errorf("WordLimitOf(a seat of 30 words, rules of 150) = %d; want 30", got)
	}
	if got := WordLimitOf(Seat{}, rules); got != 150 {
		t.Errorf("WordLimitOf(a seat of no limit, rules of 150) = %d; want 150", got)
	}
}

// TestChooserSeat: a seat of stance Own first answers the question itself,
// as an answerer whose turn is an answer in the verdict form, keeping its
// name, agent and what it may read.
func TestChooserSeat(t *testing.T) {
	own := Seat{Name: "Protagonist", Role: transcript.RoleDebater, Agent: "strong", Stance: Own, Act: Argue, Setting: "debaters", SeesContext: true}
	got := ChooserSeat(own)
	want := own
	want.Role, want.Act = transcript.RoleAnswerer, Answer
	if got != want {
		t.Errorf("ChooserSeat = %+v; want %+v", got, want)
	}
	if !own.Chooses() || (Seat{Stance: Correct}).Chooses() {
		t.Error("Chooses: want true for stance Own alone")
	}
}

// TestSizesOfATemplatePrintingAMarker: a shipped template whose own text
// holds what looks like the measuring marker of a text the prompt does
// not have is measured by rendering it, not read as that text.
func TestSizesOfATemplatePrintingAMarker(t *testing.T) {
	text := "{{define \"judge.system\"}}Judge.{{end}}{{define \"judge.user\"}}{{.View.Question}} \x006\x00{{end}}"
	ts := MustParseTemplates(fstest.MapFS{"judge.tmpl": {Data: []byte(text)}}, "*.tmpl")
	p := Prompt{Seat: JudgeSeat("j", false), View: transcript.View{Question: "Which is it?"}}
	msgs, err := ts.Render(p)
	if err != nil {
		t.Fatal(err)
	}
	sizes, err := ts.MessageSizes(p)
	if err != nil {
		t.Fatal(err)
	}
	if len(sizes) != 2 || sizes[0] != len(msgs[0].Content) || sizes[1] != len(msgs[1].Content) {
		t.Errorf("MessageSizes = %v; want the rendered lengths %d and %d", sizes, len(msgs[0].Content), len(msgs[1].Content))
	}
}
