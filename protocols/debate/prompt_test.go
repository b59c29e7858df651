package debate_test

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/mootlab/moot/agents"
	"github.com/mootlab/moot/protocols"
	_ "github.com/mootlab/moot/protocols/debate"
	"github.com/mootlab/moot/quotes"
	"github.com/mootlab/moot/tasks"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata")

// The invented question the prompts are rendered for.
const (
	article = "Mira Fenby hid a teal kettle in Dorwick. The old bridge at Dorwick is made of oak.\n\n" +
		"Mira Penham hid an ochre kettle in Dorwick. Mira Fenby was born in Ulmere."
	keyQuote  = "Mira Fenby hid a teal kettle in Dorwick."
	fakeQuote = "Mira Fenby hid an ochre kettle in Dorwick."
)

func view(withContext bool) agents.View {
	v := agents.View{
		QuestionID: "kettle", Family: tasks.FamilyQA,
		Question: "What color was the kettle that Mira Fenby hid in Dorwick?",
		Answers:  [2]string{"teal", "ochre"}, Difficulty: 0.4,
	}
	if withContext {
		v.Context = article
	}
	return v
}

// transcript is round 1 of a debate as a debater sees it, or, verified,
// as the judge sees it.
func transcript(verified bool) []agents.Turn {
	turns := []agents.Turn{
		{Round: 1, Role: agents.RoleDebater, Name: "Debater A", Side: 0,
			Text: "I argue that the answer is A: \"teal\".\nThe article says " + quotes.Wrap(keyQuote) + "\n"},
		{Round: 1, Role: agents.RoleDebater, Name: "Debater B", Side: 1,
			Text: "I argue that the answer is B: \"ochre\".\nThe article says " + quotes.Wrap(fakeQuote) + "\n" +
				"My opponent quotes " + quotes.Wrap(keyQuote) + ", but it is taken out of context.\n"},
	}
	if verified {
		for i := range turns {
			turns[i].Text = quotes.Verify(turns[i].Text, article)
		}
	}
	return turns
}

func protocol(t *testing.T) protocols.Protocol {
	t.Helper()
	f, err := protocols.Lookup("debate")
	if err != nil {
		t.Fatal(err)
	}
	p, err := f(func(v any) error { return yaml.Unmarshal([]byte("judge: weak\ndebaters: strong\nrounds: 2\n"), v) })
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func seat(p protocols.Protocol, role agents.Role, stance protocols.Stance) protocols.Seat {
	for _, s := range p.Assignments()[0].Seats {
		if s.Role == role && s.Stance == stance {
			return s
		}
	}
	panic("no seat")
}

func prompts(t *testing.T) map[string]protocols.Prompt {
	p := protocol(t)
	return map[string]protocols.Prompt{
		"debater": {
			Seat: seat(p, agents.RoleDebater, protocols.SlotB), Side: 1, Round: 2, Rounds: 2, WordLimit: 150, QuotesVerified: true,
			View: view(true), Transcript: transcript(false),
		},
		"judge": {
			Seat: seat(p, agents.RoleJudge, protocols.None), Side: agents.NoSide, Round: 3, Rounds: 2, WordLimit: 150, QuotesVerified: true,
			View: view(false), Transcript: transcript(true),
		},
		// With verify_quotes off, neither side is told quotes are checked.
		"debater-unverified": {
			Seat: seat(p, agents.RoleDebater, protocols.SlotB), Side: 1, Round: 2, Rounds: 2, WordLimit: 150,
			View: view(true), Transcript: transcript(false),
		},
		"judge-unverified": {
			Seat: seat(p, agents.RoleJudge, protocols.None), Side: agents.NoSide, Round: 3, Rounds: 2, WordLimit: 150,
			View: view(false), Transcript: transcript(false),
		},
	}
}

func format(msgs []agents.Message) string {
	var b strings.Builder
	for _, m := range msgs {
		b.WriteString("--- " + m.Role + " ---\n" + m.Content + "\n")
	}
	return b.String()
}

func TestPromptsGolden(t *testing.T) {
	p := protocol(t)
	for name, in := range prompts(t) {
		t.Run(name, func(t *testing.T) {
			msgs, err := p.Render(in)
			if err != nil {
				t.Fatalf("Render: %v", err)
			}
			got := format(msgs)
			path := filepath.Join("testdata", name+".golden")
			if *update {
				if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if got != string(want) {
				t.Errorf("rendered %s prompt:\n%s\nwant (%s):\n%s", name, got, path, want)
			}
		})
	}
}

// TestJudgePromptHidesArticle: whatever view it is given, the debate judge's
// prompt shows no article.
func TestJudgePromptHidesArticle(t *testing.T) {
	p := protocol(t)
	in := prompts(t)["judge"]
	in.View = view(true)
	msgs, err := p.Render(in)
	if err != nil {
		t.Fatal(err)
	}
	if got := format(msgs); strings.Contains(got, "Mira Penham") || strings.Contains(got, "<article>") {
		t.Errorf("judge prompt shows the article:\n%s", got)
	}
}

func TestRenderErrors(t *testing.T) {
	p := protocol(t)
	tests := map[string]func(*protocols.Prompt){
		"debater without a side": func(in *protocols.Prompt) { in.Side = agents.NoSide },
		"role with no template":  func(in *protocols.Prompt) { in.Seat.Role = agents.RoleConsultant },
	}
	for name, mutate := range tests {
		t.Run(name, func(t *testing.T) {
			in := prompts(t)["debater"]
			mutate(&in)
			if msgs, err := p.Render(in); err == nil {
				t.Errorf("Render = %q; want an error", msgs)
			}
		})
	}
}
