package protocols

import (
	"github.com/mootlab/moot/tasks"
	"github.com/mootlab/moot/transcript"
)

// subject says what a prompt's question is and what the text the debaters
// read is, for the question's task family, joined by prep ("about a
// text"). A reading-comprehension question needs no more; for the others
// the text is named, so that a model knows a worked solution, a trace or a
// filing when it reads one; a family a generator added is named by the
// words its package described it with (tasks.DescribeFamily), or is "a
// question about a text".
func subject(family transcript.Family, prep string) string {
	switch family {
	case transcript.FamilyMath:
		return "an arithmetic word problem " + prep + " a text, its worked solution,"
	case transcript.FamilyCode:
		return "a code question " + prep + " a text, a record of how the program runs,"
	case transcript.FamilyFinance:
		return "a question on a company's figures " + prep + " a text, its filing,"
	case transcript.FamilyQA, "":
		return "a reading-comprehension question " + prep + " a text"
	}
	w, ok := tasks.WordsOf(family)
	if !ok {
		return "a question " + prep + " a text" // a family the prompts cannot name
	}
	if w.Text == "" {
		return w.Question + " " + prep + " a text"
	}
	return w.Question + " " + prep + " a text, " + w.Text + ","
}

// topic says what a prompt's question is for its task family, where the
// question has no hidden text (View.NoContext) for subject to name: a
// question with no text is no reading-comprehension question.
func topic(family transcript.Family) string {
	switch family {
	case transcript.FamilyMath:
		return "an arithmetic word problem"
	case transcript.FamilyCode:
		return "a code question"
	case transcript.FamilyFinance:
		return "a question on a company's figures"
	}
	if w, ok := tasks.WordsOf(family); ok {
		return w.Question
	}
	return "a question"
}
