package reading

import (
	"fmt"
	"slices"
	"testing"
)

// TestWordsPresentReadsInflectionsAndIrregularForms: WordsPresent takes
// an inflection of a term ("ferries" for "ferry") and another form of
// its irregular verb ("ran" for "run"), in an ASCII text and in one that
// is not.
func TestWordsPresentReadsInflectionsAndIrregularForms(t *testing.T) {
	terms := []string{"ferry", "sail", "run", "kettle"}
	for _, tc := range []struct {
		text string
		want uint64
	}{
		{"The ferries sailed while Anselm ran home.", 0b0111},
		{"Zoë's ferries sailed while Anselm ran home.", 0b0111},
		{"Zoë ran.", 0b0100},
		{"kettles", 0b1000},
	} {
		if got := WordsPresent(tc.text, terms); got != tc.want {
			t.Errorf("WordsPresent(%q) = %04b; want %04b", tc.text, got, tc.want)
		}
	}
}

// TestMissingOfSixtyFourTerms: all 64 key terms count (a 65th does
// not), and a sentence that holds 63 of them lacks one.
func TestMissingOfSixtyFourTerms(t *testing.T) {
	var terms []string
	for i := range 65 {
		terms = append(terms, fmt.Sprintf("w%dx", i))
	}
	sentence := func(n int) string {
		s := ""
		for _, w := range terms[:n] {
			s += w + " "
		}
		return s
	}
	for _, tc := range []struct {
		terms []string
		n     int
		want  int
	}{
		{terms[:64], 64, 0},
		{terms[:64], 63, 1},
		{terms[:64], 0, 64},
		{terms, 64, 0}, // the 65th does not count
		{terms, 63, 1},
	} {
		if got := Missing(tc.terms, sentence(tc.n)); got != tc.want {
			t.Errorf("%d terms, a sentence of the first %d: Missing = %d; want %d", len(tc.terms), tc.n, got, tc.want)
		}
	}
}

// TestAnUpperCasePossessive: "JORY'S" names Jory, as "Jory's" does.
func TestAnUpperCasePossessive(t *testing.T) {
	if got := Missing([]string{"jory", "boat"}, "JORY'S BOAT SANK."); got != 0 {
		t.Errorf("Missing(jory boat, JORY'S BOAT) = %d; want 0", got)
	}
	if got := Words("JORY'S boat"); !slices.Equal(got, []string{"jory", "boat"}) {
		t.Errorf("Words = %q", got)
	}
}

// TestNegatesWithout: without is one of the negations.
func TestNegatesWithout(t *testing.T) {
	if !Negates("The ferry sailed without its captain.") {
		t.Error("Negates(without …) = false")
	}
	if Negates("The ferry sailed with its captain.") {
		t.Error("Negates(with …) = true")
	}
}

// TestPolarity: yes and true, no and false, in any case and with spaces
// around them; anything else is not polar.
func TestPolarity(t *testing.T) {
	for answer, want := range map[string][2]bool{
		"yes": {true, false}, " True ": {true, false}, "TRUE": {true, false},
		"No": {true, true}, "false\n": {true, true},
		"maybe": {false, false}, "yes sir": {false, false},
	} {
		if polar, negative := Polarity(answer); polar != want[0] || negative != want[1] {
			t.Errorf("Polarity(%q) = %v, %v; want %v, %v", answer, polar, negative, want[0], want[1])
		}
	}
}

// TestSentencesEndAtABangAfterATitle, and at the stops around a line
// break: only a full stop abbreviates; a title at the start of a line
// is one; a function word after a line break begins a sentence.
func TestSentencesEndAtABangAfterATitle(t *testing.T) {
	for text, want := range map[string][]string{
		"Help me, Dr! Quist is hurt.":                   {"Help me, Dr!", "Quist is hurt."},
		"The crew waited.\nDr. Marrow rowed across.":    {"The crew waited.", "Dr. Marrow rowed across."},
		"They met the Dr.\nShe rowed across the river.": {"They met the Dr.", "She rowed across the river."},
	} {
		if got := Sentences(text); !slices.Equal(got, want) {
			t.Errorf("Sentences(%q) = %q; want %q", text, got, want)
		}
	}
}

// TestMentionsNumbersAtTheEdges: a number at the start of a sentence is
// still the units of a larger one ("twenty-two" names no 2); a number
// after a tens word that is no unit is its own ("twenty, eleven"); an
// answer of digits with a leading zero or a letter is no number.
func TestMentionsNumbersAtTheEdges(t *testing.T) {
	for _, tc := range []struct {
		sentence, answer string
		want             bool
	}{
		{"Twenty-two barrels came ashore.", "2", false},
		{"Twenty-two barrels came ashore.", "22", true},
		{"Of the twenty, eleven rowed.", "11", true},
		{"Seven barrels came ashore.", "07", false},
		{"Zero boats came ashore.", "4b", false},
	} {
		if got := Mentions(tc.sentence, tc.answer); got != tc.want {
			t.Errorf("Mentions(%q, %q) = %v; want %v", tc.sentence, tc.answer, got, tc.want)
		}
	}
}

// TestInvisible: each character the doc comment lists is invisible; the
// zero-width joiner and non-joiner, and letters, are not. DropInvisible
// drops them alone.
func TestInvisible(t *testing.T) {
	for _, r := range []rune{0x200B, 0x2060, 0x2061, 0x2062, 0x2063, 0x2064, 0x00AD, 0x200E, 0x200F, 0x061C, 0x180E, 0xFEFF} {
		if !Invisible(r) {
			t.Errorf("Invisible(%U) = false", r)
		}
	}
	for _, r := range []rune{0x200C, 0x200D, 'a', ' ', 'é'} {
		if Invisible(r) {
			t.Errorf("Invisible(%U) = true", r)
		}
	}
	if got := DropInvisible("Par\u200bis\u00ad, \u200dé\ufeff"); got != "Paris, \u200dé" {
		t.Errorf("DropInvisible = %q", got)
	}
	if got := DropInvisible("2\u2062x \u061c"); got != "2x " {
		t.Errorf("DropInvisible(2 invisible-times x, Arabic letter mark) = %q", got)
	}
	if got := DropInvisible("Paris"); got != "Paris" {
		t.Errorf("DropInvisible(Paris) = %q", got)
	}
}

// TestKeyTermsLeaveOutAmountAndCentury: "amount" names what is asked
// wherever it stands, "century" after what though no auxiliary follows
// it.
func TestKeyTermsLeaveOutAmountAndCentury(t *testing.T) {
	for q, want := range map[string][]string{
		"What amount of grain did the ferry carry?":          {"grain", "ferry", "carry"},
		"In what century of its history was the mill built?": {"history", "mill", "built"},
	} {
		if got := KeyTerms(q); !slices.Equal(got, want) {
			t.Errorf("KeyTerms(%q) = %q; want %q", q, got, want)
		}
	}
}

// TestEightIrregularTerms: up to eight terms are read as irregular verbs;
// a third person in -es ("catches") is one of its base.
func TestEightIrregularTerms(t *testing.T) {
	terms := []string{"run", "eat", "buy", "build", "catch", "dig", "drink", "drive"}
	if got := Missing(terms, "They ran, ate, bought, built, caught, dug, drank and drove."); got != 0 {
		t.Errorf("eight irregular terms, each in its past: Missing = %d; want 0", got)
	}
	if got := Missing([]string{"catches"}, "Moss caught the fish."); got != 0 {
		t.Errorf("catches against caught: Missing = %d; want 0", got)
	}
}
