package textwrap

import "testing"

// TestFillAudit: a line's width counts its first prefix; a later paragraph's first line is not the text's first
// and starts with rest; a wrapped line's width counts its rest prefix;
// widths count characters, not bytes.
func TestFillAudit(t *testing.T) {
	for _, c := range []struct {
		text, first, rest string
		width             int
		want              string
	}{
		{"one two\n\nthree", "> ", "  ", 20, "> one two\n\n  three"},
		// "    dd ee" is 9 columns; ff would make it 12.
		{"aa bb cc dd ee ff", "", "    ", 10, "aa bb cc\n    dd ee\n    ff"},
		// ">>>> aa" is 7 columns, its prefix counted.
		{"aa bb", ">>>> ", "", 7, ">>>> aa\nbb"},
		// 7 characters, 13 bytes.
		{"ééé ééé", "", "", 7, "ééé ééé"},
	} {
		if got := Fill(c.text, c.first, c.rest, c.width); got != c.want {
			t.Errorf("Fill(%q, %q, %q, %d) = %q; want %q", c.text, c.first, c.rest, c.width, got, c.want)
		}
	}
}
