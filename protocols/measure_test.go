package protocols

import (
	"crypto/sha256"
	"reflect"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/mootlab/moot/tasks"
	"github.com/mootlab/moot/transcript"
)

// TestPromptSHA256CoversEveryInput: a field added to a prompt's inputs
// must be added to its hash (appendShape, slotValues, PromptSHA256), and
// changing any input changes the hash.
func TestPromptSHA256CoversEveryInput(t *testing.T) {
	for _, c := range []struct {
		v    any
		want int
	}{{Prompt{}, 10}, {transcript.View{}, 11}, {Seat{}, 11}, {transcript.Turn{}, 5}, {transcript.Claim{}, 3}} {
		if got := reflect.TypeOf(c.v).NumField(); got != c.want {
			t.Errorf("%T has %d fields; want %d: hash the new one in PromptSHA256, then update this test", c.v, got, c.want)
		}
	}
	ts := MustParseTemplates(fstest.MapFS{"p.tmpl": {Data: []byte(`{{define "judge.system"}}x{{end}}{{define "judge.user"}}{{.View.Context}}{{end}}`)}}, "*.tmpl")
	base := Prompt{
		Seat: Seat{Name: "Judge", Role: transcript.RoleJudge, Agent: "j"}, Side: -1, Round: 2, Rounds: 3, WordLimit: 100,
		View: transcript.View{QuestionID: "q", Question: "Q?", Answers: [2]string{"a", "b"}, Context: "ctx", Difficulty: 0.5,
			Evidence: []transcript.Claim{{Kind: "quote", Answer: 0, Text: "e"}}},
		Transcript: []transcript.Turn{{Round: 1, Role: transcript.RoleDebater, Name: "A", Side: 0, Text: "t"}},
	}
	edits := map[string]func(p *Prompt){
		"seat name": func(p *Prompt) { p.Seat.Name = "J" }, "seat agent": func(p *Prompt) { p.Seat.Agent = "k" },
		"seat sees context": func(p *Prompt) { p.Seat.SeesContext = true }, "side": func(p *Prompt) { p.Side = 0 },
		"round":  func(p *Prompt) { p.Round = 3 },
		"rounds": func(p *Prompt) { p.Rounds = 4 }, "word limit": func(p *Prompt) { p.WordLimit = 1 },
		"quotes verified": func(p *Prompt) { p.QuotesVerified = true }, "question id": func(p *Prompt) { p.View.QuestionID = "r" },
		"family": func(p *Prompt) { p.View.Family = "math" }, "question": func(p *Prompt) { p.View.Question = "R?" },
		"exhibit": func(p *Prompt) { p.View.Exhibit = "x" }, "answer": func(p *Prompt) { p.View.Answers[1] = "c" },
		"context": func(p *Prompt) { p.View.Context = "cty" }, "difficulty": func(p *Prompt) { p.View.Difficulty = 0.6 },
		"shared": func(p *Prompt) { p.View.Shared = true }, "claim": func(p *Prompt) { p.View.Evidence[0].Text = "f" },
		"claim answer": func(p *Prompt) { p.View.Evidence[0].Answer = 1 }, "turn text": func(p *Prompt) { p.Transcript[0].Text = "u" },
		"turn side": func(p *Prompt) { p.Transcript[0].Side = 1 }, "turn name": func(p *Prompt) { p.Transcript[0].Name = "B" },
		"no turns":          func(p *Prompt) { p.Transcript = nil },
		"grades":            func(p *Prompt) { p.Seat.Grades = "Exam-taker" },
		"seat's word limit": func(p *Prompt) { p.Seat.WordLimit = 40 },
		"open":              func(p *Prompt) { p.Seat.Open = true },
		"no context":        func(p *Prompt) { p.View.NoContext = true },
		"gold reference": func(p *Prompt) {
			p.View.Reference = &transcript.Reference{Source: transcript.ReferenceGold, Answer: 0, Text: "a"}
		},
		"reference answer": func(p *Prompt) {
			p.View.Reference = &transcript.Reference{Source: transcript.ReferenceGold, Answer: 1, Text: "a"}
		},
		"agent reference": func(p *Prompt) {
			p.View.Reference = &transcript.Reference{Source: transcript.ReferenceAgent, Agent: "r", Answer: 0, Text: "a"}
		},
		"reference text": func(p *Prompt) {
			p.View.Reference = &transcript.Reference{Source: transcript.ReferenceAgent, Agent: "r", Answer: 0, Text: "b"}
		},
	}
	seen := map[[32]byte]string{ts.PromptSHA256(base, nil): "base"}
	for name, edit := range edits {
		p := base
		p.View.Evidence = append([]transcript.Claim(nil), base.View.Evidence...)
		p.Transcript = append([]transcript.Turn(nil), base.Transcript...)
		edit(&p)
		sum := ts.PromptSHA256(p, nil)
		if other, ok := seen[sum]; ok {
			t.Errorf("%s: got the hash of %s; want a hash of its own", name, other)
		}
		seen[sum] = name
	}
	right, wrong := sha256.Sum256([]byte(base.View.Context)), [32]byte{1}
	if ts.PromptSHA256(base, &right) != ts.PromptSHA256(base, nil) {
		t.Errorf("the context's hash given: got another hash than with the context hashed here")
	}
	if ts.PromptSHA256(base, &wrong) == ts.PromptSHA256(base, nil) {
		t.Errorf("another context's hash given: got the same hash; want the given one used")
	}
}

// TestTemplatesReadSettings: a template may read the protocol's own
// settings; the prompt's hash then covers them and its measured sizes are
// those rendered, while templates that do not read them hash as before.
func TestTemplatesReadSettings(t *testing.T) {
	type settings struct{ QuestionLimit int }
	fs := func(user string) fstest.MapFS {
		return fstest.MapFS{"p.tmpl": {Data: []byte(`{{define "judge.system"}}x{{end}}{{define "judge.user"}}` + user + `{{end}}`)}}
	}
	in := Prompt{Seat: Seat{Name: "Judge", Role: transcript.RoleJudge, Agent: "j"}, Side: -1, View: transcript.View{Question: "Q?"}}
	reads := MustParseTemplates(fs(`Ask at most {{.Settings.QuestionLimit}} words. {{.View.Question}}`), "*.tmpl")
	short, long := NewPrompter(reads, settings{QuestionLimit: 40}), NewPrompter(reads, settings{QuestionLimit: 400})
	msgs, err := short.Render(in)
	if err != nil || msgs[1].Content != "Ask at most 40 words. Q?" {
		t.Fatalf("Render = %v, %v; want the setting in the prompt", msgs, err)
	}
	if short.PromptSHA256(in, nil) == long.PromptSHA256(in, nil) {
		t.Error("two settings read by the template: one hash; want each its own")
	}
	if sizes, err := long.MessageSizes(in); err != nil || sizes[1] != len("Ask at most 400 words. Q?") {
		t.Errorf("MessageSizes = %v, %v; want the rendered sizes", sizes, err)
	}
	// An experiment's prompts file may read them too.
	over := NewPrompter(MustParseTemplates(fs(`{{.View.Question}}`), "*.tmpl"), settings{QuestionLimit: 40})
	before := over.PromptSHA256(in, nil)
	if err := over.OverridePrompts("mine.tmpl", `{{define "judge.user"}}{{.Settings.QuestionLimit}}{{end}}`); err != nil {
		t.Fatal(err)
	}
	if msgs, err := over.Render(in); err != nil || msgs[1].Content != "40" {
		t.Errorf("overridden Render = %v, %v; want the setting", msgs, err)
	}
	// Templates that do not read them: the settings leave the hash alone.
	plain := MustParseTemplates(fs(`{{.View.Question}}`), "*.tmpl")
	one, two := NewPrompter(plain, settings{1}), NewPrompter(plain, settings{2})
	if a, b := one.PromptSHA256(in, nil), two.PromptSHA256(in, nil); a != b || a != before || a != plain.PromptSHA256(in, nil) {
		t.Error("templates that do not read the settings: the hash moved with them")
	}
}

// TestTemplateDocNamesEverything: the template section of
// docs/protocols.md names every field a template can read and every
// function it can call.
func TestTemplateDocNamesEverything(t *testing.T) {
	for _, c := range []struct {
		prefix string
		v      any
	}{{"`.", Prompt{}}, {"`.Seat.", Seat{}}, {"`.View.", transcript.View{}}, {"`.", transcript.Turn{}}} {
		rt := reflect.TypeOf(c.v)
		for i := range rt.NumField() {
			if f := rt.Field(i); f.IsExported() && !strings.Contains(TemplateDoc, c.prefix+f.Name) {
				t.Errorf("TemplateDoc does not name %s%s", c.prefix[1:], f.Name)
			}
		}
	}
	for name := range funcs {
		if !strings.Contains(TemplateDoc, "`"+name+"`") {
			t.Errorf("TemplateDoc does not name the function %s", name)
		}
	}
}

// TestSubjectOfANewFamily: prompts name the shipped families' texts, and
// call a question of a family a generator added just a question.
func TestSubjectOfANewFamily(t *testing.T) {
	for fam, want := range map[transcript.Family]string{
		transcript.FamilyQA: "a reading-comprehension question about a text", "": "a reading-comprehension question about a text",
		transcript.FamilyMath: "an arithmetic word problem about a text, its worked solution,", "chronology": "a question about a text",
	} {
		if got := subject(fam, "about"); got != want {
			t.Errorf("subject(%q) = %q; want %q", fam, got, want)
		}
	}
}

// TestSubjectOfADescribedFamily: a family a generator added names its
// questions in the prompts by the words its own package gave
// (tasks.DescribeFamily), with no line of this package to change.
func TestSubjectOfADescribedFamily(t *testing.T) {
	tasks.DescribeFamily("ledger-test", tasks.FamilyWords{Question: "a question on a ledger", Text: "the ledger"})
	tasks.DescribeFamily("riddle-test", tasks.FamilyWords{Question: "a riddle"})
	for _, c := range []struct{ got, want string }{
		{subject("ledger-test", "about"), "a question on a ledger about a text, the ledger,"},
		{topic("ledger-test"), "a question on a ledger"},
		{subject("riddle-test", "on"), "a riddle on a text"},
		{topic("riddle-test"), "a riddle"},
	} {
		if c.got != c.want {
			t.Errorf("got %q; want %q", c.got, c.want)
		}
	}
	if !slices.Contains(tasks.Families(), "ledger-test") {
		t.Errorf("tasks.Families() = %v; want the described family among them", tasks.Families())
	}
}

// TestEmptyBlockHashesApart: a file with an empty block hashes apart from
// the same file's hash before an empty block printed nothing (when it
// rendered the shipped body): a run begun then and resumed now, or a
// rejudge of it, would otherwise keep two prompts under one hash.
func TestEmptyBlockHashesApart(t *testing.T) {
	shipped := MustParseTemplates(fstest.MapFS{"judge.tmpl": {Data: []byte(`{{define "judge.system"}}Judge.{{end}}{{define "judge.user"}}{{.View.Question}}{{end}}`)}}, "*.tmpl")
	text := `{{define "judge.system"}}{{end}}`
	o, err := shipped.Override("ablate.tmpl", text)
	if err != nil {
		t.Fatal(err)
	}
	if o.sum == sha256.Sum256(appendString(shipped.sum[:], text)) {
		t.Error("an empty block's file hashes as it did when it rendered the shipped body")
	}
}
