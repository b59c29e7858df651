// Package protocoltest has what the protocol packages' tests share: an
// invented question to render prompts for, a way to build a registered
// protocol from a YAML settings block, and golden-file comparison.
package protocoltest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	settingsblock "github.com/mootlab/moot/internal/settings"
	"github.com/mootlab/moot/protocols"
	"github.com/mootlab/moot/quotes"
	"github.com/mootlab/moot/transcript"
)

// The invented question prompts are rendered for: the kettle Mira Fenby
// hid in Dorwick was teal.
const (
	Article = "Mira Fenby hid a teal kettle in Dorwick. The old bridge at Dorwick is made of oak.\n\n" +
		"Mira Penham hid an ochre kettle in Dorwick. Mira Fenby was born in Ulmere."
	// ArticleOnly is a sentence of the article that no prompt shows unless
	// it shows the article.
	ArticleOnly = "Mira Fenby was born in Ulmere."
	KeyQuote    = "Mira Fenby hid a teal kettle in Dorwick."
	NearMiss    = "Mira Penham hid an ochre kettle in Dorwick."
	FakeQuote   = "Mira Fenby hid an ochre kettle in Dorwick."
)

// View is the question as a seat sees it, with or without the article.
func View(withContext bool) transcript.View {
	v := transcript.View{
		QuestionID: "kettle", Family: transcript.FamilyQA,
		Question: "What color was the kettle that Mira Fenby hid in Dorwick?",
		Answers:  [2]string{"teal", "ochre"}, Difficulty: 0.4,
	}
	if withContext {
		v.Context = Article
	}
	return v
}

// Answerer is the prompt of an open variant's protagonist, seat name
// played by agent, who answers the question itself, with the article,
// before the rounds begin.
func Answerer(name, agent string) protocols.Prompt {
	return protocols.Prompt{
		Seat: protocols.Seat{Name: name, Role: transcript.RoleAnswerer, Agent: agent, Stance: protocols.Own, SeesContext: true},
		Side: transcript.NoSide, Rounds: 3, WordLimit: 150, QuotesVerified: true, View: View(true),
	}
}

// NoText adds to prompts, for each name, its prompt as on a question with
// no hidden text (an MMLU question), under name+"-no-text": no seat's view
// holds a text, every one says there is none, and no turn has been spoken
// yet (the golden file shows how the seat is told of the question).
func NoText(prompts map[string]protocols.Prompt, names ...string) {
	for _, name := range names {
		in, ok := prompts[name]
		if !ok {
			panic("protocoltest.NoText: no prompt " + name)
		}
		in.View.Context, in.View.Shared, in.View.NoContext = "", false, true
		in.Transcript = nil
		prompts[name+"-no-text"] = in
	}
}

// Verified returns turns as a judge sees them, quotes marked.
func Verified(turns []transcript.Turn) []transcript.Turn {
	out := make([]transcript.Turn, len(turns))
	for i, t := range turns {
		t.Text = quotes.Verify(t.Text, Article)
		out[i] = t
	}
	return out
}

// Build builds the protocol registered as name from a YAML settings block,
// decoded strictly as an experiment's is (a key the protocol does not have
// is an error, not a default kept), and checks it as the engine checks
// every protocol it loads (protocols.Check).
func Build(t testing.TB, name, settings string) protocols.Protocol {
	t.Helper()
	f, err := protocols.Lookup(name)
	if err != nil {
		t.Fatal(err)
	}
	p, err := f(settingsblock.Decoder(settings))
	if err != nil {
		t.Fatalf("protocol %s with settings\n%s: %v", name, settings, err)
	}
	if err := protocols.Check(p); err != nil {
		t.Fatalf("protocol %s with settings\n%s: %v", name, settings, err)
	}
	return p
}

// Seat finds the first seat of p with the role and stance.
func Seat(t testing.TB, p protocols.Protocol, role transcript.Role, stance protocols.Stance) protocols.Seat {
	t.Helper()
	for _, a := range p.Assignments() {
		for _, s := range a.Seats {
			if s.Role == role && s.Stance == stance {
				return s
			}
		}
	}
	t.Fatalf("no %s seat with stance %d", role, stance)
	return protocols.Seat{}
}

// Format writes rendered messages as a golden file holds them.
func Format(msgs []transcript.ChatMessage) string {
	var b strings.Builder
	for _, m := range msgs {
		b.WriteString("--- " + m.Role + " ---\n" + m.Content + "\n")
	}
	return b.String()
}

// Golden compares got with testdata/<name>.golden, first rewriting the
// file if update is set.
func Golden(t testing.TB, name, got string, update bool) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden")
	if update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("rendered %s:\n%s\nwant (%s):\n%s", name, got, path, want)
	}
}

// Prompts are the four prompts a protocol with one kind of speaker renders
// for the golden files: the speaker's and the judge's, with quotes verified
// and not. name names the speaker's files ("debater", "consultant"); turns
// are the speaker turns so far, as speakers see them.
func Prompts(t testing.TB, p protocols.Protocol, name string, role transcript.Role, stance protocols.Stance, turns []transcript.Turn) map[string]protocols.Prompt {
	t.Helper()
	rules := p.Rules()
	rounds := rules.Rounds
	speakerSeat, judgeSeat := Seat(t, p, role, stance), Seat(t, p, transcript.RoleJudge, protocols.None)
	speaker := protocols.Prompt{
		Seat: speakerSeat, Side: 1, Round: rounds, Rounds: rounds, WordLimit: protocols.WordLimitOf(speakerSeat, rules),
		View: View(true), Transcript: turns,
	}
	judge := protocols.Prompt{
		Seat: judgeSeat, Side: transcript.NoSide, Round: rounds + 1, Rounds: rounds,
		WordLimit: protocols.WordLimitOf(judgeSeat, rules), View: View(false), Transcript: turns,
	}
	out := map[string]protocols.Prompt{name + "-unverified": speaker, "judge-unverified": judge}
	speaker.QuotesVerified, judge.QuotesVerified = true, true
	judge.Transcript = Verified(turns)
	out[name], out["judge"] = speaker, judge
	return out
}

// RenderGolden renders each prompt with p and compares it with its golden
// file.
func RenderGolden(t *testing.T, p protocols.Protocol, prompts map[string]protocols.Prompt, update bool) {
	for name, in := range prompts {
		t.Run(name, func(t *testing.T) {
			msgs, err := p.Render(in)
			if err != nil {
				t.Fatalf("Render: %v", err)
			}
			Golden(t, name, Format(msgs), update)
			CheckSizes(t, p, in)
		})
	}
}

// CheckSizes checks that a protocol's MessageSizes agree with the lengths
// of what it renders, for in and for in with its texts longer, wrapped in
// space (which templates may trim) and emptied, each measured twice: once
// measured, once from the measured shape.
func CheckSizes(t *testing.T, p protocols.Protocol, in protocols.Prompt) {
	t.Helper()
	m, ok := p.(protocols.Measured)
	if !ok {
		return
	}
	for _, edit := range []func(string) string{
		func(s string) string { return s },
		func(s string) string { return s + " and more words" },
		func(s string) string { return "\n  " + s + "  \n" },
		func(s string) string { return "" },
	} {
		q := in
		q.View.Question, q.View.Exhibit, q.View.Context = edit(in.View.Question), edit(in.View.Exhibit), edit(in.View.Context)
		q.View.Answers = [2]string{edit(in.View.Answers[0]), edit(in.View.Answers[1])}
		q.Transcript = append([]transcript.Turn(nil), in.Transcript...)
		for i := range q.Transcript {
			q.Transcript[i].Text = edit(q.Transcript[i].Text)
		}
		msgs, err := p.Render(q)
		if err != nil {
			t.Fatalf("Render: %v", err)
		}
		for range 2 {
			sizes, err := m.MessageSizes(q)
			if err != nil {
				t.Fatalf("MessageSizes: %v", err)
			}
			if len(sizes) != len(msgs) {
				t.Fatalf("MessageSizes: %d sizes; want %d", len(sizes), len(msgs))
			}
			for i, msg := range msgs {
				if sizes[i] != len(msg.Content) {
					t.Errorf("MessageSizes: message %d: got %d bytes; want %d", i, sizes[i], len(msg.Content))
				}
			}
		}
	}
}

// CheckJudgeHidesArticle checks that p renders the judge's prompt in with
// no article, even when in's view holds the context.
func CheckJudgeHidesArticle(t *testing.T, p protocols.Protocol, in protocols.Prompt) {
	t.Helper()
	in.View = View(true)
	msgs, err := p.Render(in)
	if err != nil {
		t.Fatal(err)
	}
	if got := Format(msgs); strings.Contains(got, ArticleOnly) || strings.Contains(got, "<article>") {
		t.Errorf("judge prompt shows the article:\n%s", got)
	}
}

// CheckRenderErrors checks that p refuses to render in after each of
// mutations.
func CheckRenderErrors(t *testing.T, p protocols.Protocol, in protocols.Prompt, mutations map[string]func(*protocols.Prompt)) {
	for name, mutate := range mutations {
		t.Run(name, func(t *testing.T) {
			in := in
			mutate(&in)
			if msgs, err := p.Render(in); err == nil {
				t.Errorf("Render = %q; want an error", msgs)
			}
		})
	}
}
