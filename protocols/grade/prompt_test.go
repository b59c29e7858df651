package grade_test

import (
	"encoding/hex"
	"flag"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/mootlab/moot/protocols"
	"github.com/mootlab/moot/protocols/grade"
	"github.com/mootlab/moot/protocols/protocoltest"
	"github.com/mootlab/moot/quotes"
	"github.com/mootlab/moot/transcript"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata")

const settings = "judge: weak\nexam_takers: [strong, mid]\n"

// answered is the exam-taker's turn as the grader reads it: it answered B.
func answered() []transcript.Turn {
	return []transcript.Turn{{Round: 1, Role: grade.RoleExamTaker, Name: "Exam-taker", Side: 1,
		Text: "The passage " + quotes.Wrap(protocoltest.NearMiss) + " supports B.\nAnswer: B\n"}}
}

// prompts are the prompts of each seat of the first assignment, and the
// grader's with each kind of reference.
func prompts(t *testing.T, p protocols.Protocol) map[string]protocols.Prompt {
	t.Helper()
	a := p.Assignments()[0]
	taker, judge := a.Seats[0], a.Seats[1]
	out := map[string]protocols.Prompt{
		"exam-taker": {Seat: taker, Side: transcript.NoSide, Round: 1, Rounds: 1, WordLimit: 150, View: protocoltest.View(taker.SeesContext)},
		"grader":     {Seat: judge, Side: transcript.NoSide, Round: 2, Rounds: 1, WordLimit: 150, View: protocoltest.View(judge.SeesContext), Transcript: answered()},
	}
	gold := out["grader"]
	gold.View.Reference = &transcript.Reference{Source: transcript.ReferenceGold, Answer: 0, Text: "teal"}
	out["grader-gold-reference"] = gold
	agent := out["grader"]
	agent.View.Reference = &transcript.Reference{Source: transcript.ReferenceAgent, Agent: "mid", Answer: 1,
		Text: "I think it was ochre.\nAnswer: B\n"}
	out["grader-agent-reference"] = agent
	return out
}

func TestPromptsGolden(t *testing.T) {
	p := protocoltest.Build(t, grade.Name, settings)
	all := prompts(t, p)
	protocoltest.NoText(all, "exam-taker", "grader")
	reasoned := all["grader-no-text"]
	reasoned.Transcript = []transcript.Turn{{Round: 1, Role: grade.RoleExamTaker, Name: "Exam-taker", Side: 1,
		Text: "Ochre is the usual color of a kettle of that kind.\nAnswer: B\n"}}
	all["grader-no-text"] = reasoned
	// A code question: its program shown, no hidden text.
	exhibit := all["exam-taker-no-text"]
	exhibit.View.Exhibit = "def f(n):\n    return n * 3\n\nf(4)"
	all["exam-taker-no-text-exhibit"] = exhibit
	protocoltest.RenderGolden(t, p, all, *update)
}

// TestPromptsGoldenExamWithoutText: where the exam-takers do not read the
// text (exam_context: false), their quotes go unchecked even with
// verify_quotes, and the grader is told that the candidate did not read
// the text and that its quotes are unchecked, not that they are marked.
func TestPromptsGoldenExamWithoutText(t *testing.T) {
	p := protocoltest.Build(t, grade.Name, settings+"exam_context: false\nverify_quotes: true\n")
	in := prompts(t, p)["grader"]
	in.QuotesVerified = true
	// With material shown with the question (a code question's program),
	// which the candidate read: it answered from that too.
	exhibit := in
	exhibit.View.Exhibit = "def f(n):\n    return n * 3\n\nf(4)"
	protocoltest.RenderGolden(t, p, map[string]protocols.Prompt{"grader-exam-no-text": in, "grader-exam-no-text-exhibit": exhibit}, *update)
}

func TestPromptSizes(t *testing.T) {
	p := protocoltest.Build(t, grade.Name, settings+"context: true\n")
	for name, in := range prompts(t, p) {
		t.Run(name, func(t *testing.T) { protocoltest.CheckSizes(t, p, in) })
	}
}

// TestGraderSeesOneAnswer: the grader is shown the answer graded and its
// reasons, not the other option nor the exam-taker's verdict line, and
// the article only when context is set.
func TestGraderSeesOneAnswer(t *testing.T) {
	for _, withContext := range []bool{false, true} {
		doc := settings
		if withContext {
			doc += "context: true\n"
		}
		p := protocoltest.Build(t, grade.Name, doc)
		in := prompts(t, p)["grader"]
		in.View = protocoltest.View(true)
		if !withContext {
			in.View.Context = "" // as the engine gives a seat that does not see it
		}
		msgs, err := p.Render(in)
		if err != nil {
			t.Fatal(err)
		}
		got := protocoltest.Format(msgs)
		if !strings.Contains(got, "The candidate's answer: ochre") || strings.Contains(got, "A: teal") || strings.Contains(got, "B: ochre") {
			t.Errorf("context %v: want the candidate's answer (ochre) alone:\n%s", withContext, got)
		}
		if strings.Contains(got, "Answer: B\n") || !strings.Contains(got, protocoltest.NearMiss) {
			t.Errorf("context %v: want the reasons without the exam-taker's verdict line:\n%s", withContext, got)
		}
		if has := strings.Contains(got, protocoltest.ArticleOnly); has != withContext {
			t.Errorf("shows the article: %v; want %v", has, withContext)
		}
	}
}

// TestExamTakerWithoutTheText: an exam-taker that does not read the text
// (exam_context: false) is not asked to quote it, and is told its word
// limit.
func TestExamTakerWithoutTheText(t *testing.T) {
	p := protocoltest.Build(t, grade.Name, settings)
	in := prompts(t, p)["exam-taker"]
	in.View = protocoltest.View(false)
	in.View.Context = ""
	msgs, err := p.Render(in)
	if err != nil {
		t.Fatal(err)
	}
	got := protocoltest.Format(msgs)
	if strings.Contains(got, "quoting the text") || !strings.Contains(got, "words") {
		t.Errorf("an exam-taker without the text:\n%s\nwant no request to quote it, and its word limit", got)
	}
}

func TestAssignments(t *testing.T) {
	p := protocoltest.Build(t, grade.Name, settings)
	var names []string
	for _, a := range p.Assignments() {
		names = append(names, a.Name)
		if j := a.Seats[1]; j.Grades != a.Seats[0].Name || j.Act != protocols.Decide || j.Role != transcript.RoleGrader {
			t.Errorf("%s: judge seat %+v; want a grader of %s", a.Name, j, a.Seats[0].Name)
		}
	}
	if got, want := strings.Join(names, " "), "strong mid"; got != want {
		t.Errorf("assignments %s; want %s", got, want)
	}
}

func TestBadSettings(t *testing.T) {
	for _, doc := range []string{
		"judge: weak\n",
		"judge: weak\nexam_takers: [strong, strong]\n",
		"judge: weak\nexam_takers: [strong]\nword_limit: 1\n",
		"judge: weak\nexam_takers: [strong]\nswap: true\n",
		"exam_takers: [strong]\n",
	} {
		f, err := protocols.Lookup(grade.Name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f(func(v any) error { return yaml.Unmarshal([]byte(doc), v) }); err == nil {
			t.Errorf("settings %q: no error; want one", doc)
		}
	}
}

// TestGraderToldOfQuoteMarks: with verify_quotes the grader reads the
// reasons' quotes marked <v_quote> or <u_quote>, and its prompt says what
// the marks mean, as a debate's or a consultancy's judge's does; without
// it, or on a question with no text to check against, it says nothing of
// them.
func TestGraderToldOfQuoteMarks(t *testing.T) {
	p := protocoltest.Build(t, grade.Name, settings+"verify_quotes: true\n")
	for _, c := range []struct {
		name            string
		verified, none  bool
		want, unchecked bool
	}{{"verified", true, false, true, false}, {"unverified", false, false, false, true}, {"no text", true, true, false, false}} {
		in := prompts(t, p)["grader"]
		in.QuotesVerified = c.verified
		if c.verified {
			in.Transcript = protocoltest.Verified(in.Transcript)
		}
		if c.none {
			in.View.Context, in.View.NoContext = "", true
		}
		msgs, err := p.Render(in)
		if err != nil {
			t.Fatal(err)
		}
		sys := msgs[0].Content
		if told := strings.Contains(sys, "<v_quote>") && strings.Contains(sys, "<u_quote>"); told != c.want {
			t.Errorf("%s: system prompt tells the marks: %v; want %v:\n%s", c.name, told, c.want, protocoltest.Format(msgs))
		}
		// Unchecked quotes are said to be so, as every judge's prompt
		// says (the default: verify_quotes is off in grade).
		if told := strings.Contains(sys, "shown as <quote>…</quote>; they have not been checked"); told != c.unchecked {
			t.Errorf("%s: system prompt says the quotes are unchecked: %v; want %v:\n%s", c.name, told, c.unchecked, sys)
		}
		if c.verified && !c.none && !strings.Contains(msgs[1].Content, "_quote>") {
			t.Errorf("%s: the reasons read no marked quote:\n%s", c.name, msgs[1].Content)
		}
	}
}

// TestWhoReadsTheText: the grader reads the hidden text only with context
// set, the exam-takers with exam_context, which is true unless set false
// (docs/protocols.md, grade), each setting apart from the other.
func TestWhoReadsTheText(t *testing.T) {
	for _, tt := range []struct {
		extra         string
		taker, grader bool
	}{
		{"", true, false},
		{"exam_context: false\n", false, false},
		{"context: true\nexam_context: false\n", false, true},
		{"exam_context: true\n", true, false},
		{"context: true\n", true, true},
	} {
		for _, a := range protocoltest.Build(t, grade.Name, settings+tt.extra).Assignments() {
			if taker, grader := a.Seats[0].SeesContext, a.Seats[1].SeesContext; taker != tt.taker || grader != tt.grader {
				t.Errorf("%q: %s: the exam-taker reads the text %v, the grader %v; want %v, %v", tt.extra, a.Name, taker, grader, tt.taker, tt.grader)
			}
		}
	}
}

// TestGraderToldWhatAReferencesLettersName: an agent's reference names
// the options by letter, as its writer was shown them, and the grader is
// shown no options and grades with A (correct) and B (incorrect): it is
// told that a letter in the reference's reasons is not its A or B. A gold
// reference has no reasons, and is read as before. The hashes are pinned:
// a change of one is a change of the prompt's key in caches and prompt
// stores, to be made on purpose. On 2026-12-07 the note on a reference's
// letters changed the third's alone (from 8b5a56f9…), and the note that
// quotes are unchecked all three (grader from f2ec6b8a…, gold reference
// from da615943…). Without the note in the hash, the third would hash as
// 422b45e0…. On 2026-12-07 the grader's prompt came to read
// .Settings.ExamContext (told whether the candidate read the text), which
// changed all three, their text unchanged (from 975301a1…, 7d27f07a…,
// c8c86f70…); then the exam-taker's line for a question with no text
// came to name the material shown with it, where there is some, which
// changed all three again (from f8cbf40f…, ea7da7b9…, f5f5f3e4…); then
// the hash came to cover the settings' fields the templates read, not all
// the settings (from 7baa4346…, d8ed10f4…, cd23013f…); then the grader
// told that a candidate without the text answered from the material
// shown with the question, where there is some (from 2f8eaebb…,
// b5273998…, 455b4a92…).
func TestGraderToldWhatAReferencesLettersName(t *testing.T) {
	p := protocoltest.Build(t, grade.Name, settings)
	m := p.(protocols.Measured)
	all := prompts(t, p)
	for _, c := range []struct {
		name string
		told bool
		hash string
	}{
		{"grader", false, "daba2484e97a7b80333bf0151ee3ad681f13a9cede71e6136252eeb0bd4f6b36"},
		{"grader-gold-reference", false, "9722d01f016a148b39ca7134599ca5bd34db544fbcc13e4a8cf5592bc9dccee5"},
		{"grader-agent-reference", true, "676605ce64115331cd495ef808d3278aac0d9b1c2f2a13fea7b035a97bfbdcf6"},
	} {
		msgs, err := p.Render(all[c.name])
		if err != nil {
			t.Fatal(err)
		}
		got := protocoltest.Format(msgs)
		told := strings.Contains(got, "It answers: ochre. A letter in its reasons names an option as its writer was shown it, not your A or B.\n<reference>")
		if told != c.told {
			t.Errorf("%s: told of the reference's letters: %v; want %v:\n%s", c.name, told, c.told, got)
		}
		if h := m.PromptSHA256(all[c.name], nil); hex.EncodeToString(h[:]) != c.hash {
			t.Errorf("%s: hash %x; want %s", c.name, h, c.hash)
		}
	}
}
