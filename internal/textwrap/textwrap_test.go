package textwrap

import "testing"

func TestFill(t *testing.T) {
	for _, c := range []struct {
		text, first, rest string
		width             int
		want              string
	}{
		{"a bb ccc dddd", "", "", 6, "a bb\nccc\ndddd"},
		{"a bb ccc", "> ", "  ", 6, "> a bb\n  ccc"},
		{"one two\n\nthree", "  ", "  ", 20, "  one two\n\n  three"},
		{"unbreakableword x", "", "", 4, "unbreakableword\nx"},
	} {
		if got := Fill(c.text, c.first, c.rest, c.width); got != c.want {
			t.Errorf("Fill(%q, %q, %q, %d) = %q; want %q", c.text, c.first, c.rest, c.width, got, c.want)
		}
	}
}
