package sim

import "testing"

// TestFoundInFoldsAndKeepsContextsApart: foundIn is quotes.Found,
// remembered: a passage found in its context once folded (case, curly
// apostrophe) is found, and the same passage asked of another context
// that lacks it is not found there, whatever was remembered of the first.
func TestFoundInFoldsAndKeepsContextsApart(t *testing.T) {
	const text = "THE TIDE WASN'T LOW"
	if !foundIn(text, "In Kessmoor the tide wasn’t low.") {
		t.Errorf("foundIn(%q) in a context that has it in other case and quote marks: false; want true", text)
	}
	if foundIn(text, "In Kessmoor the tide was high.") {
		t.Errorf("foundIn(%q) in a context without it, after one with it: true; want false", text)
	}
}
