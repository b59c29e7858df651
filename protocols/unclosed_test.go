package protocols

import (
	"strings"
	"testing"
)

// TestUnclosedActionIsNamed: a prompts file with an action left open is
// refused naming the open block and the actions opened in it with their
// lines, where text/template names only the line it noticed at (the
// file's end, or the next {{define}}).
func TestUnclosedActionIsNamed(t *testing.T) {
	for _, c := range []struct{ name, text, want string }{
		{"if in the last block", "{{define \"judge.system\"}}x{{end}}\n{{define \"judge.user\"}}\n{{if .View.Context}}y\n{{end}}\n",
			`p.tmpl:5: unexpected EOF: the {{define "judge.user"}} of line 2 is still open at the end of the file: it, or an action opened in it ({{if}} of line 3), lacks its {{end}}`},
		{"if before the next block", "{{define \"judge.system\"}}\n{{- if .View.Context -}} y\n{{end}}\n{{define \"judge.user\"}}z{{end}}\n",
			`p.tmpl:4: unexpected <define> in command: the {{define "judge.system"}} of line 1 is still open at the {{define}} of line 4: it, or an action opened in it ({{if}} of line 2), lacks its {{end}}`},
		{"nested, past strings and comments that look like actions", "{{define \"judge.user\"}}{{/* {{if}} */}}{{printf \"}}\" }}\n{{with .View}}\n{{range .Answers}}{{.}}{{else}}none{{end}}\n{{if .Context}}{{else if .Shared}}s{{end}}\n",
			`the {{define "judge.user"}} of line 1 is still open at the end of the file: it, or an action opened in it ({{with}} of line 2, {{range}} of line 3, {{if}} of line 4), lacks its {{end}}`},
		{"no block", "{{if .View.Context}}x\n", "the {{if}} of line 1 is still open at the end of the file: it lacks its {{end}}"},
		{"a definition inside an if", "{{if .View.Context}}\n{{define \"judge.user\"}}x{{end}}\n{{end}}\n",
			"the {{if}} of line 1 is still open at the {{define}} of line 2, and a definition cannot stand inside it"},
		{"trim markers before a carriage return", "{{define \"judge.system\"}}x{{-\r\nend}}\r\n{{define \"judge.user\"}}\r\n{{if .View.Context}}y\r\n{{end}}\r\n",
			`the {{define "judge.user"}} of line 3 is still open at the end of the file: it, or an action opened in it ({{if}} of line 4), lacks its {{end}}`},
		{"a block inside a definition", "{{define \"judge.user\"}}\n{{block \"piece\" .}}x\n",
			`the {{define "judge.user"}} of line 1 is still open at the end of the file: it, or an action opened in it ({{block "piece"}} of line 2), lacks its {{end}}`},
		{"a block before a definition", "{{block \"x\" .}}a\n{{define \"judge.user\"}}y{{end}}\n",
			`the {{block "x"}} of line 1 is still open at the {{define}} of line 2: it lacks its {{end}}`},
		{"keywords their arguments touch", "{{define \"judge.user\"}}{{range(.View.Answers)}}{{.}}{{end}}\n{{with(.View)}}{{.Question}}{{end}}\n{{if.View.Context}}x\n{{end}}\n",
			`the {{define "judge.user"}} of line 1 is still open at the end of the file: it, or an action opened in it ({{range}} of line 1, {{with}} of line 2, {{if}} of line 3), lacks its {{end}}`},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := Blocks("p.tmpl", c.text)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %v; want it to say %q", err, c.want)
			}
		})
	}
	// Another error is left as text/template gives it.
	_, err := Blocks("p.tmpl", "{{define \"judge.user\"}}{{nosuch .View}}{{end}}\n")
	if err == nil || strings.Contains(err.Error(), "still open") {
		t.Errorf("an unknown function: %v; want text/template's error alone", err)
	}
}
