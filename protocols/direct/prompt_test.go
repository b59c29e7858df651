package direct_test

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/mootlab/moot/agents"
	"github.com/mootlab/moot/protocols"
	_ "github.com/mootlab/moot/protocols/direct"
	"github.com/mootlab/moot/quotes"
	"github.com/mootlab/moot/tasks"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata")

// The invented question the prompts are rendered for.
const (
	article = "Mira Fenby hid a teal kettle in Dorwick. The old bridge at Dorwick is made of oak.\n\n" +
		"Mira Penham hid an ochre kettle in Dorwick. Mira Fenby was born in Ulmere."
	keyQuote = "Mira Fenby hid a teal kettle in Dorwick."
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

// transcript has two turns that a direct judge, who hears no one, must not
// be shown.
func transcript() []agents.Turn {
	return []agents.Turn{
		{Round: 1, Role: agents.RoleDebater, Name: "Debater A", Side: 0, Text: "SPOKEN-A " + quotes.Wrap(keyQuote)},
		{Round: 1, Role: agents.RoleDebater, Name: "Debater B", Side: 1, Text: "SPOKEN-B"},
	}
}

// render renders the judge prompt of the protocol registered as name, with
// the view the engine would give its judge seat.
func render(t *testing.T, name string) string {
	t.Helper()
	f, err := protocols.Lookup(name)
	if err != nil {
		t.Fatal(err)
	}
	p, err := f(func(v any) error { return yaml.Unmarshal([]byte("judge: weak\n"), v) })
	if err != nil {
		t.Fatal(err)
	}
	s := p.Assignments()[0].Seats[0]
	msgs, err := p.Render(protocols.Prompt{
		Seat: s, Side: agents.NoSide, Round: 1, View: view(s.SeesContext), Transcript: transcript(),
	})
	if err != nil {
		t.Fatalf("Render: %v", err)
	}
	var b strings.Builder
	for _, m := range msgs {
		b.WriteString("--- " + m.Role + " ---\n" + m.Content + "\n")
	}
	return b.String()
}

func TestPromptsGolden(t *testing.T) {
	for _, tt := range []struct{ protocol, golden string }{
		{"direct", "judge"},
		{"direct-with-context", "judge-with-context"},
	} {
		t.Run(tt.protocol, func(t *testing.T) {
			got := render(t, tt.protocol)
			path := filepath.Join("testdata", tt.golden+".golden")
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
				t.Errorf("rendered %s prompt:\n%s\nwant (%s):\n%s", tt.protocol, got, path, want)
			}
		})
	}
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
			if has := strings.Contains(got, "Mira Fenby was born in Ulmere."); has != tt.wantArticle {
				t.Errorf("prompt shows the article: %v; want %v\n%s", has, tt.wantArticle, got)
			}
			if strings.Contains(got, "SPOKEN-") {
				t.Errorf("prompt shows transcript turns; want none:\n%s", got)
			}
		})
	}
}
