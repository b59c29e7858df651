package tasks

import (
	"fmt"
	"slices"
	"sync"

	"github.com/mootlab/moot/transcript"
)

// families are the task families a question may have: those moot ships,
// then those a generator of another family adds (RegisterFamily), and the
// words prompts name an added family's questions by (DescribeFamily).
var families = struct {
	sync.Mutex
	list  []transcript.Family
	words map[transcript.Family]FamilyWords
}{list: slices.Clone(shipped)}

// shipped are the families moot ships, which the prompts name themselves.
var shipped = []transcript.Family{transcript.FamilyQA, transcript.FamilyMath, transcript.FamilyCode, transcript.FamilyFinance}

// FamilyWords are how prompts name the questions of a family a generator
// added: {{subject .View.Family "about"}} is "Question about a text, Text,"
// ("a question on a ledger about a text, its ledger,"), and {{topic
// .View.Family}}, for a question with no hidden text, Question.
type FamilyWords struct {
	// Question is what a question of the family is, with its article.
	Question string
	// Text is what the hidden text is, with its article ("its ledger");
	// "" where "a text" says enough.
	Text string
}

// RegisterFamily makes f a family a dataset may name (the jsonl loader's
// family: setting): a generator of a new family calls it, or
// DescribeFamily, in its init. Prompts describe a family described by no
// words as "a question about a text". Registering a family twice is
// harmless.
func RegisterFamily(f transcript.Family) {
	families.Lock()
	defer families.Unlock()
	if !slices.Contains(families.list, f) {
		families.list = append(families.list, f)
	}
}

// DescribeFamily registers f as RegisterFamily does, with the words
// prompts name its questions by, so that a new family's package teaches
// the prompts its name itself. It panics on a shipped family, whose words
// the prompts hold, or words with no Question.
func DescribeFamily(f transcript.Family, w FamilyWords) {
	if w.Question == "" || f == "" || slices.Contains(shipped, f) {
		panic(fmt.Sprintf("tasks: DescribeFamily(%q, %+v): want a family moot does not ship, and words with a Question", f, w))
	}
	RegisterFamily(f)
	families.Lock()
	defer families.Unlock()
	if families.words == nil {
		families.words = map[transcript.Family]FamilyWords{}
	}
	families.words[f] = w
}

// WordsOf returns the words f was described with (DescribeFamily); ok is
// false for a family described by none.
func WordsOf(f transcript.Family) (w FamilyWords, ok bool) {
	families.Lock()
	defer families.Unlock()
	w, ok = families.words[f]
	return w, ok
}

// Families lists the known families: the shipped ones first, then the
// registered ones in order of registration.
func Families() []transcript.Family {
	families.Lock()
	defer families.Unlock()
	return slices.Clone(families.list)
}
