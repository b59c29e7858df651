package quotes

import "testing"

// TestFoundBesideUnspacedScripts: where a word of a spaced script meets a
// letter of a script written without spaces between words (Chinese,
// Japanese, Thai), the meeting is a word's edge on either side (package
// doc: "any place is a word's edge"), so a Latin name quoted from a
// Chinese sentence is found whichever side the Chinese is on.
func TestFoundBesideUnspacedScripts(t *testing.T) {
	for _, c := range []struct {
		quote, context string
		want           bool
	}{
		{"iPhone", "我买了iPhone手机", true},    // Han after the quote
		{"iPhone", "我买了iPhone", true},      // Han before it alone
		{"Bangkok", "ไปBangkokแล้ว", true}, // Thai either side
		{"Phone", "我买了iPhone手机", false},    // still not a cut word
	} {
		if got := Found(c.quote, c.context); got != c.want {
			t.Errorf("Found(%q, %q) = %v; want %v", c.quote, c.context, got, c.want)
		}
	}
}

// TestFoundOverlappingRepeat: a quote whose first place in the text cuts
// a word is looked for again from the next character, not past the whole
// first place: "no no" first stands in "pia|no no no", cutting "piano",
// and whole at the next "no no", which overlaps it.
func TestFoundOverlappingRepeat(t *testing.T) {
	if !Found("no no", "piano no no") {
		t.Error(`Found("no no", "piano no no") = false; want true (the second "no no" overlaps the first)`)
	}
	if Found("no no", "piano nono") {
		t.Error(`Found("no no", "piano nono") = true; want false`)
	}
}
