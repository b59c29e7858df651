package loaders

import (
	"errors"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/mootlab/moot/internal/reading"
	"github.com/mootlab/moot/transcript"
)

// TestMMLURowRules: a row's answer letter is read in either case, its
// options keep their letter case (two genotypes are two answers), and a
// row short of columns names the first column it lacks.
func TestMMLURowRules(t *testing.T) {
	it, err := one(parseMMLU([]string{"Which pea is heterozygous?", "bb", "BB", "Bb", "bB", "c"}, false))
	if err != nil {
		t.Fatalf("answer letter c: got error %v; want the row read", err)
	}
	if it.correct != "Bb" {
		t.Errorf("answer letter c: got correct %q; want %q, option C", it.correct, "Bb")
	}
	if want := []string{"bb", "BB", "bB"}; !slices.Equal(it.wrong, want) {
		t.Errorf("options differing in case: got wrong %q; want %q, each an answer of its own", it.wrong, want)
	}

	_, err = parseMMLU([]string{"Which moon is largest?", "Ganymede", "Titan"}, false)
	var fe *fieldError
	if !errors.As(err, &fe) || fe.field != "C" {
		t.Errorf("a row of three columns: got %v; want an error at column C, the first missing", err)
	}
}

// TestOneColumnMeansAnotherSeparator: only a first row of one column is
// taken for a file separated by semicolons; one of two columns is a row of
// too few, whatever its first cell holds.
func TestOneColumnMeansAnotherSeparator(t *testing.T) {
	if err := otherSeparator([]string{"question;A;B;C;D;answer"}); err == nil {
		t.Error("one column holding semicolons: got nil; want an error")
	}
	if err := otherSeparator([]string{"Which is it; this one?", "A"}); err != nil {
		t.Errorf("two columns, the first holding a semicolon: got %v; want nil", err)
	}
}

// TestIntermediatesRead: a calculator annotation's result is what follows
// its last "=", and a number after a plain "=" keeps its minus sign.
func TestIntermediatesRead(t *testing.T) {
	final, _ := parseNumber("30")
	got := intermediates("She pays <<3*4=12=12>>12 dollars, then 30 in all.", final)
	if !slices.Equal(got, []string{"12"}) {
		t.Errorf("annotation <<3*4=12=12>>: got %q; want [12], its result", got)
	}
	final, _ = parseNumber("7")
	got = intermediates("Ten less thirteen: 10 - 13 = -3 degrees. Then up ten: -3 + 10 = 7.", final)
	if !slices.Equal(got, []string{"-3"}) {
		t.Errorf("plain equations: got %q; want [-3], the sign kept", got)
	}
}

// TestClipKeepsForty: a value quoted in a message is cut after 40
// characters, an ellipsis marking the cut.
func TestClipKeepsForty(t *testing.T) {
	forty := strings.Repeat("é", 40)
	if got := clip(forty); got != forty {
		t.Errorf("clip of 40 characters: got %q; want it whole", got)
	}
	if got := clip(forty + "z"); got != forty+"…" {
		t.Errorf("clip of 41 characters: got %q; want the first 40 and …", got)
	}
}

// TestZeroWrittenAndMoved: zero is written without a sign, and moves by
// one unit of its last decimal (at least 1 of the significand, doc.go).
func TestZeroWrittenAndMoved(t *testing.T) {
	for _, c := range []struct{ in, written, moved string }{
		{"0", "0", "1"},
		{"-0", "0", "1"},
		{"0.00", "0.00", "0.01"},
		{"$0", "$0", "$1"},
	} {
		n, ok := parseNumber(c.in)
		if !ok {
			t.Fatalf("parseNumber(%q): not a number", c.in)
		}
		if got := n.String(); got != c.written {
			t.Errorf("%q written: got %q; want %q", c.in, got, c.written)
		}
		for seed := range uint64(20) {
			if got := n.nearby(rand.New(rand.NewPCG(seed, 1))); got != c.moved {
				t.Errorf("%q moved at seed %d: got %q; want %q", c.in, seed, got, c.moved)
				break
			}
		}
	}
}

// TestPlainDecimalOfLongExponents: an exponent of up to four digits is
// read as a plain decimal.
func TestPlainDecimalOfLongExponents(t *testing.T) {
	got, ok := plainDecimal("2e-100")
	if want := "0." + strings.Repeat("0", 99) + "2"; !ok || got != want {
		t.Errorf("plainDecimal(2e-100): got %q, %v; want %q, true", got, ok, want)
	}
}

// TestDeleteIsAStrayCharacter: DEL, U+007F, is a control character no
// reader sees, as C1's are.
func TestDeleteIsAStrayCharacter(t *testing.T) {
	if at, what := strayCharacter("Rome\x7f"); at != 4 || !strings.Contains(what, "U+007F") {
		t.Errorf("strayCharacter(Rome DEL): got %d, %q; want 4 and the control character U+007F", at, what)
	}
}

// TestIDStartingWithAControl: an id is refused for a control character
// wherever it stands, its first character too.
func TestIDStartingWithAControl(t *testing.T) {
	it := item{id: "\x01q7", idField: "id", text: "Which?", correct: "a", wrong: []string{"b"}}
	if err := it.checkShown(); err == nil {
		t.Error("id starting with U+0001: got nil; want an error")
	}
}

// claimsFor counts the claims of each answer.
func claimsFor(cs []transcript.Claim) [2]int {
	var n [2]int
	for _, c := range cs {
		n[c.Answer]++
	}
	return n
}

// TestEvidenceOfPolarQuestions: for yes and no, the sentences that share
// the question's key terms are claims, three at most for each answer;
// one that shares none is not, and a sentence repeated is one claim.
func TestEvidenceOfPolarQuestions(t *testing.T) {
	q := "Is the lantern brass?"
	yesNo := [2]string{"yes", "no"}
	for _, c := range []struct {
		name, context string
		want          [2]int
	}{
		{"two relevant, one beside the point",
			"The lantern is brass. The lantern was brass in the spring. The weather stayed cold.", [2]int{2, 0}},
		{"five relevant, none negated",
			"The lantern is brass. A brass lantern hung there. The lantern shone, being brass. Brass lanterns hung. The lantern looked brass.", [2]int{3, 0}},
		{"one sentence twice",
			"The lantern is brass. The lantern is brass.", [2]int{1, 0}},
	} {
		if got := claimsFor(evidence(c.context, q, yesNo)); got != c.want {
			t.Errorf("%s: got claims %v (yes, no); want %v", c.name, got, c.want)
		}
	}
}

// TestEvidenceMentionsUpToEight: up to eight sentences that name an answer
// are its claims, not three.
func TestEvidenceMentionsUpToEight(t *testing.T) {
	ctx := "Harrow lies north. Harrow has a mill. Harrow holds a fair. Harrow grew fast. Harrow floods in spring."
	if got := claimsFor(evidence(ctx, "Which town has a mill?", [2]string{"Harrow", "Pellham"})); got != [2]int{5, 0} {
		t.Errorf("five sentences naming Harrow: got claims %v; want [5 0]", got)
	}
}

// TestSlipIsNeverTheOutput: a mis-traced output differs from the output,
// even where its elements repeat.
func TestSlipIsNeverTheOutput(t *testing.T) {
	for _, out := range []string{"[4, 4]", "'aa'", "(1, 1, 1)", "'zz zz'", "7", "True", "[[0, 0], [0, 0]]", "{1: 1}", "0.5"} {
		for seed := range uint64(200) {
			if s := slip(out, nil, rand.New(rand.NewPCG(seed, 3))); s == out {
				t.Errorf("slip(%s) at seed %d: got the output itself", out, seed)
				break
			}
		}
	}
}

// TestSlipKeepsTheWordsRead: of eight slips drawn, the first that keeps
// every word of the output the question reads is taken (doc.go), so few
// draws end with a slip that drops one: a slip of one character at random
// would drop "cat" or "dog" about half the time.
func TestSlipKeepsTheWordsRead(t *testing.T) {
	read := reading.Set(reading.Words("f('cat dog')")...)
	kept := 0
	for seed := range uint64(100) {
		if s := slip("'cat dog'", read, rand.New(rand.NewPCG(seed, 5))); keepsRead("'cat dog'", s, read) {
			kept++
		}
	}
	if kept < 90 {
		t.Errorf("slips of 'cat dog' keeping both words: got %d of 100; want at least 90", kept)
	}
}

// TestEvidenceRelatedSentences: an answer no sentence names gets the
// sentences that share more of its own words than of the other's; one
// that shares as many of each is neither's, and an answer named once gets
// no related sentences beside its mention.
func TestEvidenceRelatedSentences(t *testing.T) {
	q := "Where did Ana land?"
	answers := [2]string{"Harrow Quay", "Pellham Marsh"}
	for _, c := range []struct {
		name, context string
		want          [2]int
	}{
		{"one of each answer's words", "The quay faced the marsh.", [2]int{0, 0}},
		{"named once", "The boat docked at Harrow Quay. The quay was busy at night.", [2]int{1, 0}},
	} {
		if got := claimsFor(evidence(c.context, q, answers)); got != c.want {
			t.Errorf("%s: got claims %v; want %v", c.name, got, c.want)
		}
	}
}

// TestLetterAAsideInTheQuestion: an option naming A and a letter the
// question uses as a word answers: A opens many a sentence, and is not
// looked for in the question.
func TestLetterAAsideInTheQuestion(t *testing.T) {
	if namesOthers("A and C", "Scurvy comes of too little vitamin C. Which vitamins do oranges give?") {
		t.Error(`namesOthers("A and C") with vitamin C in the question: got true; want false, an answer`)
	}
}

// TestMistraceOfTenAndOfALoneQuote: 10 is no number below 10, moved as
// gsm8k moves it (keeping its trailing zero), not off by one; a lone
// quotation mark is no string literal and has no slip.
func TestMistraceOfTenAndOfALoneQuote(t *testing.T) {
	for seed := range uint64(50) {
		rng := rand.New(rand.NewPCG(seed, 9))
		if got := mistrace("10", rng); got == "9" || got == "11" || !strings.HasSuffix(got, "0") {
			t.Errorf("mistrace(10) at seed %d: got %s; want a number ending in 0", seed, got)
		}
		if got := mistrace("'", rng); got != "" {
			t.Errorf("mistrace(') at seed %d: got %q; want none", seed, got)
		}
	}
}
