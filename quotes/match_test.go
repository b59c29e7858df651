package quotes

import (
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"
)

// TestFoundInASCIIContext: Found in a context of plain ASCII, as the
// generated tasks' are (TestVerifyContract's is not): Fold's byte-wise
// path, and a quote that folds to ASCII found there.
func TestFoundInASCIIContext(t *testing.T) {
	const context = "Orla Venn carried a green lantern to Kessmoor.\nThe tide  was low. It costs 3.5 marks."
	for _, tt := range []struct {
		quote string
		want  bool
	}{
		{"orla venn", true},
		{"Kessmoor. the TIDE was", true},
		{"\"a green lantern\"", true},
		{"“a green lantern”", true},
		{"' \"a green lantern\" '", true},
		{"\"a green lantern", false},
		{"lantern to Kessmoor.'", false},
		{"didn’t", false},
		{"lantern’s", false},
		{"café", false},
		{"costs 35 marks", false},
		{"a green lantern.", false},
		{"Kessmoor The", false},
	} {
		if got := Found(tt.quote, context); got != tt.want {
			t.Errorf("Found(%q) = %v; want %v", tt.quote, got, tt.want)
		}
	}
	if Found("ran 5′", "He ran 5 miles.") || Found("a 6″ nail", "a 6 inch nail") {
		t.Error("a prime read as a quote mark and trimmed: a number's unit dropped")
	}
	if !Found("I don't know", "I donʼt know") {
		t.Error("an apostrophe not found where the text writes the modifier letter apostrophe (U+02BC)")
	}
	if !Found("it didn’t rain", "It didn't rain.") || !Found("“rain”", `The "rain" fell.`) {
		t.Error("a curly apostrophe or quote mark, quoted from an ASCII text, not found")
	}
}

// TestFoundKeepsWhatNumbersSay: Fold makes a text one Unicode form (NFC)
// but not its compatibility forms one (NFKC would): a superscript,
// subscript, fraction or circled number, or a superscript letter, is not
// the plain digit or letter, so that a debater's quote that reads "10²"
// as "102" is not found. Width and ligatures are kept as written too.
// (Found with NFKC for a while on 2026-12-06: a review found a number
// changed passing for the text's.)
func TestFoundKeepsWhatNumbersSay(t *testing.T) {
	checkFound(t, []foundCase{
		{"102 dollars", "It cost 10² dollars.", false},
		{"10² dollars", "It cost 10² dollars.", true},
		{"10² DOLLARS", "It cost 10² dollars.", true},
		{"x2 = 4", "so x² = 4 here", false},
		{"in 19901", "in 1990¹, the war", false},
		{"h2o", "pure H₂O", false},
		{"2n cases", "there are 2ⁿ cases", false},
		{"31⁄2 miles", "walked 3½ miles", false},
		{"step 1", "step ①", false},
		{"１０ miles", "walked 10 miles", false},
		{"ﬁne", "a fine day", false},
	})
}

// TestFoldKeepsBytesApart: a text that is not UTF-8 is compared as
// written: "\xc3", a zero-width space and "\xa9" are not "é" (dropping
// the zero-width space would make them one), nor are two such bytes one
// U+FFFD.
func TestFoldKeepsBytesApart(t *testing.T) {
	if Found("é", "caf\xc3\u200b\xa9") || Found("caf\xc3\u200b\xa9", "café") {
		t.Errorf("Fold(%q) = %q: two bytes that are not UTF-8 made é", "\xc3\u200b\xa9", Fold("\xc3\u200b\xa9"))
	}
	if Found("\xff", "\x94") || Found("a\xff", "A\xfe") {
		t.Error("two bytes that are not UTF-8 taken for each other")
	}
	if !Found("caf\xc3\u200b\xa9", "a caf\xc3\u200b\xa9") {
		t.Error("a quote of bytes that are not UTF-8, as written, not found")
	}
}

// TestFoldASCIIByteByByte pins Fold of each ASCII character, on the
// byte-wise path (an ASCII text) and on the rune-wise one (the same text
// with an é after it) alike: a capital is its small letter, a backtick an
// apostrophe, each of space, \t, \n, \v, \f and \r white space (one
// space between two words), and every other byte itself. The two paths
// must fold a text alike, or a quote would be found in a generated
// task's context and not in a loaded one's.
func TestFoldASCIIByteByByte(t *testing.T) {
	for c := range byte(utf8.RuneSelf) {
		want := string(c)
		switch {
		case 'A' <= c && c <= 'Z':
			want = string(c + 'a' - 'A')
		case c == '`':
			want = "'"
		case strings.IndexByte(" \t\n\v\f\r", c) >= 0:
			want = " "
		}
		text := "x" + string(c) + "y"
		if got := Fold(text); got != "x"+want+"y" {
			t.Errorf("Fold(%q) = %q; want %q", text, got, "x"+want+"y")
		}
		if got := Fold(text + "é"); got != "x"+want+"yé" {
			t.Errorf("Fold(%q) = %q; want %q", text+"é", got, "x"+want+"yé")
		}
	}
}

// TestFoldCharacters pins the characters Fold makes one with another
// beyond ASCII's case: each typographic quote mark and dash in its list,
// each character that shows nothing dropped, and white space at either
// end of a text dropped on both paths (not one leading space). A byte
// that is not UTF-8 among ASCII (\x80, the first byte past it) leaves
// the text as written, its case too.
func TestFoldCharacters(t *testing.T) {
	for _, tt := range []struct{ text, want string }{
		{"‘a’ ‚b‛", "'a' 'b'"},
		{"donʼt", "don't"},
		{"“a” „b‟ «c»", `"a" "b" "c"`},
		{"a‐b‑c‒d–e—f―g−h", "a-b-c-d-e-f-g-h"},
		{"lan\u200bt\u200ee\u200fr\u2060n\u00ad\u180e\ufeff", "lantern"},
		{"a\u200db\u200cc", "a\u200db\u200cc"},
		{"\u00a0 Café \u2003", "café"},
		{"\u200b Café", "café"},
		{"  Orla\r\n Venn \t", "orla venn"},
		{"Orla\x80", "Orla\x80"},
	} {
		if got := Fold(tt.text); got != tt.want {
			t.Errorf("Fold(%q) = %q; want %q", tt.text, got, tt.want)
		}
	}
}

// TestFoundUnwrapsOnlyMatchingMarks: a quote is found only where what it
// says is in the text. Quote marks alone say nothing (two " or two ' with
// at most a space between), and a quote opened with one mark and closed
// with the other is not unwrapped (nor found, the text having neither
// mark). A quote found verbatim is found whatever Fold makes of the
// text: here a context with a byte that is not UTF-8, which Fold leaves
// as written, capitals and all.
func TestFoundUnwrapsOnlyMatchingMarks(t *testing.T) {
	const context = "Orla Venn carried a green lantern."
	for _, q := range []string{`""`, `''`, `" "`, `' '`, `"a green lantern'`, `'a green lantern"`} {
		if Found(q, context) {
			t.Errorf("Found(%q, %q) = true; want false", q, context)
		}
	}
	if !Found("Orla Venn", "Orla Venn \xff") {
		t.Errorf("Found(%q, %q) = false: a quote verbatim in a context that is not UTF-8 not found", "Orla Venn", "Orla Venn \xff")
	}
}

// TestFoundKeepsContextsApart: the memo of folded contexts (256 slots)
// gives a context's folded copy only to that context. 300 contexts, more
// than the slots, each with a quote of its own that only folding finds:
// a slot that answered for another context would miss one of them.
func TestFoundKeepsContextsApart(t *testing.T) {
	for i := range 300 {
		context := fmt.Sprintf("Context %d: The tide was %d.", i, i)
		quote := fmt.Sprintf("THE TIDE WAS %d.", i)
		if !Found(quote, context) {
			t.Fatalf("Found(%q, %q) = false; want true", quote, context)
		}
	}
}

// TestFoundSeesThroughInvisibleCharacters: a character that shows nothing
// (a soft hyphen, a zero-width space) is no edge of a word, as Fold drops
// it: a quote that stops at one cuts the word the reader sees, whether
// the text is compared as written or folded.
func TestFoundSeesThroughInvisibleCharacters(t *testing.T) {
	checkFound(t, []foundCase{
		{"Donau", "Donau\u00addampf\u00adschiff", false},
		{"dampf", "Donau\u00addampf\u00adschiff", false},
		{"Donau\u00ad", "Donau\u00addampf\u00adschiff", false},
		{"Donau\u00addampf\u00adschiff", "Donau\u00addampf\u00adschiff", true},
		{"Donaudampfschiff", "Donau\u00addampf\u00adschiff", true},
		{"Par", "in Par\u200bis today", false},
		{"in Paris today", "in Par\u200bis today", true},
		{"a green", "a green\u200b lantern", true},
		{"costs 3", "costs 3\u00ad5 marks", false},
	})
}

// TestFoundKeepsALeadingDecimalPoint: ".5 mg" is a number that a decimal
// point begins; "5 mg" cut from it says ten times the dose. A stop after
// a word ("Fig.5") or an ellipsis ("wait...5") begins none.
func TestFoundKeepsALeadingDecimalPoint(t *testing.T) {
	checkFound(t, []foundCase{
		{"5 mg", "a dose of .5 mg daily", false},
		{"5 mg", ".5 mg daily", false},
		{"5 mg", "a dose (.5 mg) daily", false},
		{"5 mg", "a dose of −.5 mg", false},
		{".5 mg", "a dose of .5 mg daily", true},
		{"of .5 mg", "a dose of .5 mg daily", true},
		{"5 shows", "Fig.5 shows it", true},
		{"5 minutes", "wait...5 minutes", true},
	})
}

// TestFoundKeepsANumbersPointWhole: a quote that ends at a number's
// decimal point or thousands comma ("costs 3." of "costs 3.5"), or
// begins at one (".5 marks" of "3.5 marks"), cuts the number as one that
// stops before it does; a stop or comma that ends a sentence or clause
// is the quote's own.
func TestFoundKeepsANumbersPointWhole(t *testing.T) {
	checkFound(t, []foundCase{
		{"It costs 3.", "It costs 3.5 marks.", false},
		{"It costs 3.", "IT COSTS 3.5 MARKS.", false},
		{"they paid 3,", "they paid 3,500 marks", false},
		{".5 marks", "It costs 3.5 marks.", false},
		{",500 marks", "they paid 3,500 marks", false},
		{"It costs 3.", "It costs 3. Then 5 more.", true},
		{"It costs 3.5 marks.", "It costs 3.5 marks.", true},
		{"they paid 3,", "they paid 3, then 500", true},
		{"see p.", "see p.12 of it", true},
		{".5 mg", "a dose of .5 mg daily", true},
	})
}

// TestFoundKeepsATimeFractionOrDateWhole: the colon of a time or ratio
// and the slash of a fraction or date join digits into one number, as a
// decimal point does: "arrived at 3" of "arrived at 3:30", "took 1" of
// "took 1/2 cup" cut it. Arabic decimal and thousands marks join digits
// too. A colon or slash beside a word, or after a number the sentence
// goes on from, is an edge.
func TestFoundKeepsATimeFractionOrDateWhole(t *testing.T) {
	checkFound(t, []foundCase{
		{"arrived at 3", "They arrived at 3:30 sharp.", false},
		{"30 sharp", "They arrived at 3:30 sharp.", false},
		{"took 1", "It took 1/2 cup of flour.", false},
		{"2 cup", "It took 1/2 cup of flour.", false},
		{"signed on 12", "signed on 12/06/2024 at noon", false},
		{"a ratio of 3", "a ratio of 3:1 held", false},
		{"قيمة 3", "قيمة 3٫5 درهم", false},
		{"They arrived at 3:30 sharp.", "They arrived at 3:30 sharp.", true},
		{"It took 1/2 cup", "It took 1/2 cup of flour.", true},
		{"the answer", "the answer: 42", true},
		{"and", "and/or 3", true},
		{"at 3", "at 3: then 4", true},
		{"ratio: 3", "the ratio: 3 to 1", true},
	})
}

// TestFoundKeepsATypesetFractionOrRatioWhole: the fraction slash (U+2044,
// which "½" is written with in compatibility form), the division slash
// (U+2215) and the ratio sign (U+2236) join digits as "/" and ":" do:
// "took 1" of "took 1⁄2 cup" leaves out half the number.
func TestFoundKeepsATypesetFractionOrRatioWhole(t *testing.T) {
	checkFound(t, []foundCase{
		{"took 1", "It took 1⁄2 cup of flour.", false},
		{"2 cup", "It took 1⁄2 cup of flour.", false},
		{"took 1", "It took 1∕2 cup of flour.", false},
		{"a ratio of 3", "a ratio of 3∶1 held", false},
		{"It took 1⁄2 cup", "It took 1⁄2 cup of flour.", true},
		{"a ratio of 3∶1", "a ratio of 3∶1 held", true},
	})
}

// TestFoundKeepsANegationWhole: a quote that stops before a contracted
// "n't" says the opposite of the text ("I can" of "I can't"); an
// apostrophe is otherwise an edge of a word: a possessive, another
// contraction, a French elision.
func TestFoundKeepsANegationWhole(t *testing.T) {
	checkFound(t, []foundCase{
		{"I can", "I can't do it", false},
		{"I can", "I can't do it", false},
		{"I CAN", "I CAN'T do it", false},
		{"she didn", "she didn't go", false},
		{"we won", "we won't go", false},
		{"I can't", "I can’t do it", true},
		{"the company", "the company's profits", true},
		{"they", "they're here", true},
		{"homme est mortel", "l'homme est mortel", true},
		{"Dan", "Dan'tes", true},
	})
}

// foundCase is a quote, a context, and whether the quote is found there.
type foundCase struct {
	quote, context string
	want           bool
}

// checkFound checks Found of each case, and names both folded where it
// errs.
func checkFound(t *testing.T, cases []foundCase) {
	t.Helper()
	for _, c := range cases {
		if got := Found(c.quote, c.context); got != c.want {
			t.Errorf("Found(%q, %q) = %v; want %v (Fold %q, %q)", c.quote, c.context, got, c.want, Fold(c.quote), Fold(c.context))
		}
	}
}
