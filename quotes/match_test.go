package quotes

import "testing"

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
	for _, tt := range []struct {
		quote, context string
		want           bool
	}{
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
	} {
		if got := Found(tt.quote, tt.context); got != tt.want {
			t.Errorf("Found(%q, %q) = %v; want %v (Fold %q, %q)", tt.quote, tt.context, got, tt.want, Fold(tt.quote), Fold(tt.context))
		}
	}
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
