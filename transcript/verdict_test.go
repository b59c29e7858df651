package transcript

import "testing"

// TestVerdictLine: the last verdict line names the slot, and the offsets
// given are what follows its colon, to its end.
func TestVerdictLine(t *testing.T) {
	for _, c := range []struct {
		text  string
		slot  int
		after string
	}{
		{"Reasons.\nAnswer: B", 1, " B"},
		{"**Answer:** (A).\nThat was close.", 0, "** (A)."},
		{"Answer: A\n> answer : 2 \r\nAnswer: maybe", 1, " 2 \r"},
		{"Answer: C", NoSide, ""},
		// Emphasis about the key alone, before the colon (read since the
		// MAD moderator's line, which forgave it, shares the reader).
		{"**Answer**: B", 1, " B"},
		{"", NoSide, ""},
	} {
		slot, from, to := VerdictLine(c.text)
		if slot != c.slot || c.text[from:to] != c.after {
			t.Errorf("%q: slot %d, after the colon %q; want %d, %q", c.text, slot, c.text[from:to], c.slot, c.after)
		}
	}
}
