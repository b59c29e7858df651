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
	if Found("\xff", "\x94") || Found("a\xff", "A\xfe") {
		t.Error("two bytes that are not UTF-8 taken for each other")
	}
	if !Found("it didn’t rain", "It didn't rain.") || !Found("“rain”", `The "rain" fell.`) {
		t.Error("a curly apostrophe or quote mark, quoted from an ASCII text, not found")
	}
}
