package sim

import (
	"strings"
	"testing"

	"github.com/mootlab/moot/transcript"
)

// TestAdviseCountsQuestionsWithoutAQuoteOnPoint: the sim warns when a
// tenth or more of the questions with evidence have no true quote that
// holds every key term (a text that states the answer in other words),
// and counts an invented quote as no quote.
func TestAdviseCountsQuestionsWithoutAQuoteOnPoint(t *testing.T) {
	const context = "The bell tower of Quillmere rang for the harvest. Its bells were cast in Ostford."
	onPoint := transcript.View{QuestionID: "on", Question: "The bell tower of Quillmere rang for what?",
		Context: context, Evidence: []transcript.Claim{{Kind: transcript.KindQuote, Text: "The bell tower of Quillmere rang for the harvest."}}}
	// "remembered" is in no sentence of the text.
	offPoint := transcript.View{QuestionID: "off", Question: "What is the bell tower of Quillmere remembered for?",
		Context: context, Evidence: []transcript.Claim{{Kind: transcript.KindQuote, Text: "The bell tower of Quillmere rang for the harvest."}}}
	// The only quote holding every term is invented.
	invented := offPoint
	invented.QuestionID = "invented"
	invented.Evidence = append([]transcript.Claim{{Kind: transcript.KindQuote, Text: "The bell tower of Quillmere is remembered for the harvest."}}, offPoint.Evidence...)
	closed := transcript.View{QuestionID: "closed", Question: "What is remembered?"}
	a := New(DefaultSettings())
	views := func(on, off int) []transcript.View {
		var vs []transcript.View
		for range on {
			vs = append(vs, onPoint)
		}
		for range off {
			vs = append(vs, offPoint)
		}
		return append(vs, closed, closed, closed)
	}
	if got := a.Advise(views(10, 0)); got != "" {
		t.Errorf("every question on point: %q; want no advice", got)
	}
	if got := a.Advise(views(10, 1)); got != "" {
		t.Errorf("1 of 11 off point: %q; want no advice below a tenth", got)
	}
	got := a.Advise(views(9, 1))
	if !strings.HasPrefix(got, "for 1 of 10 questions (of the questions with evidence to quote; 3 of the task's 13 have none) no true quote") || !strings.Contains(got, `off: "bell", "tower", "quillmere", "remembered"`) {
		t.Errorf("1 of 10 off point: %q; want the count over the questions with evidence and the first one's key terms", got)
	}
	if got := a.Advise([]transcript.View{invented}); !strings.HasPrefix(got, "for 1 of 1 questions no true quote") {
		t.Errorf("only an invented quote on point: %q; want it counted off point", got)
	}
}
