package direct_test

import (
	"flag"
	"strings"
	"testing"

	"github.com/mootlab/moot/transcript"

	"github.com/mootlab/moot/protocols"
	_ "github.com/mootlab/moot/protocols/direct"
	"github.com/mootlab/moot/protocols/protocoltest"
	"github.com/mootlab/moot/quotes"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata")

// transcript has two turns that a direct judge, who hears no one, must not
// be shown.
func turnsSoFar() []transcript.Turn {
	return []transcript.Turn{
		{Round: 1, Role: transcript.RoleDebater, Name: "Debater A", Side: 0, Text: "SPOKEN-A " + quotes.Wrap(protocoltest.KeyQuote)},
		{Round: 1, Role: transcript.RoleDebater, Name: "Debater B", Side: 1, Text: "SPOKEN-B"},
	}
}

// render renders the judge prompt of the protocol registered as name, with
// the view the engine would give its judge seat.
func render(t *testing.T, name string) string {
	t.Helper()
	p := protocoltest.Build(t, name, "judge: weak\n")
	s := p.Assignments()[0].Seats[0]
	msgs, err := p.Render(protocols.Prompt{
		Seat: s, Side: transcript.NoSide, Round: 1, View: protocoltest.View(s.SeesContext), Transcript: turnsSoFar(),
	})
	if err != nil {
		t.Fatalf("Render: %v", err)
	}
	return protocoltest.Format(msgs)
}

func TestPromptsGolden(t *testing.T) {
	for _, tt := range []struct{ protocol, golden string }{
		{"direct", "judge"},
		{"direct-with-context", "judge-with-context"},
	} {
		t.Run(tt.protocol, func(t *testing.T) {
			protocoltest.Golden(t, tt.golden, render(t, tt.protocol), *update)
		})
	}
}

// TestPromptsGoldenExhibit: on a question with no text but material
// shown with it (a code question's program), the judge is told to answer
// from the question and that material as well as what it knows, not from
// what it knows alone.
func TestPromptsGoldenExhibit(t *testing.T) {
	p := protocoltest.Build(t, "direct", "judge: weak\n")
	v := protocoltest.View(false)
	v.NoContext = true
	v.Exhibit = "def f(n):\n    return n * 3\n\nf(4)"
	protocoltest.RenderGolden(t, p, map[string]protocols.Prompt{
		"judge-no-text-exhibit": {Seat: p.Assignments()[0].Seats[0], Side: transcript.NoSide, Round: 1, View: v},
	}, *update)
}

func TestPromptContext(t *testing.T) {
	tests := []struct {
		protocol    string
		wantArticle bool
	}{
		{"direct", false},
		{"direct-with-context", true},
	}
	for _, tt := range tests {
		t.Run(tt.protocol, func(t *testing.T) {
			got := render(t, tt.protocol)
			if has := strings.Contains(got, protocoltest.ArticleOnly); has != tt.wantArticle {
				t.Errorf("prompt shows the article: %v; want %v\n%s", has, tt.wantArticle, got)
			}
			if strings.Contains(got, "SPOKEN-") {
				t.Errorf("prompt shows transcript turns; want none:\n%s", got)
			}
		})
	}
}
