package critique_test

import (
	"strings"
	"testing"

	"github.com/mootlab/moot/protocols"
	"github.com/mootlab/moot/protocols/protocoltest"
	"github.com/mootlab/moot/protocols/protocoltest/critique"
)

// TestPromptsWithoutAText: as the shipped protocols' prompts do (the
// conformance test's TestPromptsWithoutAText), the model package's tell
// every seat, on a question with no hidden text (MMLU), that there is
// none: no empty article, no quotations asked of a text that is not
// there; with a text, the seats that read it get it.
func TestPromptsWithoutAText(t *testing.T) {
	p := protocoltest.Build(t, critique.Name, "{judge: j, answerer: s, critic: s}")
	for _, withText := range []bool{false, true} {
		for _, a := range p.Assignments() {
			for _, seat := range a.Seats {
				for _, s := range []protocols.Seat{seat, protocols.ChooserSeat(seat)} {
					msgs, err := p.Render(protocols.Prompt{Seat: s, Side: 0, Round: 1, Rounds: 2, WordLimit: 150, QuotesVerified: true, View: protocoltest.View(withText)})
					if err != nil {
						t.Fatalf("%s as %s: %v", s.Name, s.Role, err)
					}
					text := msgs[0].Content + msgs[len(msgs)-1].Content
					spoke := strings.Contains(text, "<article>") || strings.Contains(text, "quotations from the text") || strings.Contains(text, "from the text.")
					if !withText && spoke {
						t.Errorf("%s as %s, with no text: the prompt speaks of one:\n%s", s.Name, s.Role, text)
					}
					if withText && seat.SeesContext && !strings.Contains(text, protocoltest.Article) {
						t.Errorf("%s as %s, with a text: the prompt does not give it:\n%s", s.Name, s.Role, text)
					}
				}
			}
		}
	}
}

// TestCritiqueShowsTheExhibit: every prompt of critique shows a question's
// exhibit right after the question, and the judge's says what a code
// question is, as the shipped protocols' do; no test of package protocols
// lists critique, which checks its own.
func TestCritiqueShowsTheExhibit(t *testing.T) {
	p := protocoltest.Build(t, critique.Name, "judge: weak\nanswerer: strong\ncritic: strong\n")
	if n := protocoltest.CheckExhibit(t, p, true); n == 0 {
		t.Error("no prompt rendered")
	}
}
