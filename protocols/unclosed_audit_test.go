package protocols

import (
	"strings"
	"testing"
)

// TestUnclosedAuditCases: more files whose open action the error names.
func TestUnclosedAuditCases(t *testing.T) {
	for _, c := range []struct{ name, text, want string }{
		// Two ifs on one line, the first closed: the open one is the
		// second, and nothing was opened in it.
		{"a closed if before an open one on its line", "{{if .View.Context}}x{{end}}{{if .View.Shared}}y\n",
			"the {{if}} of line 1 is still open at the end of the file: it lacks its {{end}}"},
		// In a raw string a backslash escapes nothing: the ` after it
		// closes the string, and the {{if}} after the action is seen.
		{"a raw string ending in a backslash", "{{define \"judge.user\"}}{{print `\\`}}\n{{if .View.Context}}x\n",
			`the {{define "judge.user"}} of line 1 is still open at the end of the file: it, or an action opened in it ({{if}} of line 2), lacks its {{end}}`},
		// In a quoted string it escapes the quote, which then does not
		// close the string.
		{"an escaped quote", "{{define \"judge.user\"}}{{print \"\\\"}}\"}}\n{{if .View.Context}}x\n",
			`the {{define "judge.user"}} of line 1 is still open at the end of the file: it, or an action opened in it ({{if}} of line 2), lacks its {{end}}`},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := Blocks("p.tmpl", c.text)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %v; want it to say %q", err, c.want)
			}
		})
	}
}

// TestKeywordOfAFunction: a word that runs on into an underscore or a
// digit is an identifier (a function such as end_note or if2), not the
// keyword it starts with.
func TestKeywordOfAFunction(t *testing.T) {
	for _, body := range []string{"end_note", "if_set .X", "range2 .A", "define_x"} {
		if kw, _ := keyword(body); kw != "" {
			t.Errorf("keyword(%q) = %q; want none: it is a function's name", body, kw)
		}
	}
	for body, want := range map[string]string{"end": "end", "if .X": "if", "with(.View)": "with"} {
		if kw, _ := keyword(body); kw != want {
			t.Errorf("keyword(%q) = %q; want %q", body, kw, want)
		}
	}
	// An {{end_note}} closes nothing: the if before it is still open.
	if open, _, _ := unclosed("{{if .X}}{{end_note}}"); open.keyword != "if" {
		t.Errorf("unclosed: open %v; want the {{if}}, which {{end_note}} does not close", open)
	}
}
