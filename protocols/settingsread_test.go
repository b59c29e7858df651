package protocols

import (
	"slices"
	"testing"
	"testing/fstest"

	"github.com/mootlab/moot/transcript"
)

// TestReadsOfNamesTheFieldsRead: a template's reads of .Settings are the
// fields it names, through the prompt or $, and all of them where it
// names .Settings alone, chains off it or hands on the whole prompt.
func TestReadsOfNamesTheFieldsRead(t *testing.T) {
	for text, want := range map[string]settingsReads{
		`{{.View.Question}}`: {},
		`{{if .Settings.Interactive}}x{{end}}{{.Settings.Rounds}}`:                          {fields: []string{"Interactive", "Rounds"}},
		`{{range .Transcript}}{{if $.Settings.Verdict}}{{.Text}}{{end}}{{end}}`:             {fields: []string{"Verdict"}},
		`{{with .Settings.A}}{{.}}{{end}}{{if eq .Settings.A "x"}}{{.Settings.B.C}}{{end}}`: {fields: []string{"A", "B"}},
		`{{template "x" .Settings.Verdict}}`:                                                {fields: []string{"Verdict"}},
		`{{printf "%v" .Settings}}`:                                                         {all: true},
		`{{$s := .Settings}}{{$s.Verdict}}`:                                                 {all: true},
		`{{(.Settings).Verdict}}`:                                                           {all: true},
		`{{printf "%v" .}}`:                                                                 {all: true},
		`{{if .Settings.Verdict}}`:                                                          {}, // does not parse
	} {
		got := readsOf(`{{define "judge.user"}}` + text + `{{end}}`)
		if got.all != want.all || !slices.Equal(got.fields, want.fields) {
			t.Errorf("readsOf(%s) = %+v; want %+v", text, got, want)
		}
	}
}

// TestASumOfAFieldBehindANilPointer: a field read through an embedded
// pointer that is nil hashes as null, where reflect's FieldByName would
// panic.
func TestASumOfAFieldBehindANilPointer(t *testing.T) {
	type inner struct{ Rounds int }
	type settings struct {
		*inner
		Label string
	}
	r := settingsReads{fields: []string{"Rounds"}}
	if r.sum(settings{Label: "a"}) != r.sum(settings{Label: "b"}) || r.sum(settings{}) == r.sum(settings{inner: &inner{Rounds: 3}}) {
		t.Error("a field behind a nil pointer: want it hashed as null, and apart from a set one")
	}
}

// TestAPromptHashesWhatItReads: a prompt's hash covers the settings'
// fields its templates read, and no other: two protocols that differ in
// a setting no template reads (a label, judge_every_round) hash alike;
// in one a template reads, apart. Templates that read the settings whole
// hash every field.
func TestAPromptHashesWhatItReads(t *testing.T) {
	type settings struct {
		Label   string
		Verdict string
		Rounds  int
	}
	fs := func(user string) fstest.MapFS {
		return fstest.MapFS{"p.tmpl": {Data: []byte(`{{define "judge.system"}}x{{end}}{{define "judge.user"}}` + user + `{{end}}`)}}
	}
	in := Prompt{Seat: Seat{Name: "Judge", Role: transcript.RoleJudge, Agent: "j"}, Side: -1, View: transcript.View{Question: "Q?"}}
	hash := func(ts *Templates, s settings) [32]byte {
		p := NewPrompter(ts, s)
		return p.PromptSHA256(in, nil)
	}
	some := MustParseTemplates(fs(`{{.Settings.Verdict}} {{.Settings.Rounds}}`), "*.tmpl")
	base := settings{Label: "a", Verdict: "judge", Rounds: 3}
	if hash(some, base) != hash(some, settings{Label: "b", Verdict: "judge", Rounds: 3}) {
		t.Error("a label no template reads moved the hash")
	}
	for _, other := range []settings{{Label: "a", Verdict: "moderator", Rounds: 3}, {Label: "a", Verdict: "judge", Rounds: 4}} {
		if hash(some, base) == hash(some, other) {
			t.Errorf("settings %+v read by the template hash as %+v", other, base)
		}
	}
	whole := MustParseTemplates(fs(`{{printf "%v" .Settings}}`), "*.tmpl")
	if hash(whole, base) == hash(whole, settings{Label: "b", Verdict: "judge", Rounds: 3}) {
		t.Error("settings read whole: a label's change left the hash as it was")
	}
	// An experiment's prompts file that reads another field: the hash
	// covers it from then on.
	p := NewPrompter(some, base)
	before := p.PromptSHA256(in, nil)
	if err := p.OverridePrompts("mine.tmpl", `{{define "judge.user"}}{{.Settings.Label}}{{end}}`); err != nil {
		t.Fatal(err)
	}
	q := NewPrompter(some, settings{Label: "b", Verdict: "judge", Rounds: 3})
	if err := q.OverridePrompts("mine.tmpl", `{{define "judge.user"}}{{.Settings.Label}}{{end}}`); err != nil {
		t.Fatal(err)
	}
	if a, b := p.PromptSHA256(in, nil), q.PromptSHA256(in, nil); a == b || a == before {
		t.Error("a prompts file reading the label: two labels hash alike, or as before it")
	}
}

// TestASettingReadIsMeasuredByItsShape: templates that read a setting are
// measured by shape, one shape for each value of what they read: two
// protocols on the same templates, apart in that setting, measure their
// like prompts each as it renders, whichever is measured first.
func TestASettingReadIsMeasuredByItsShape(t *testing.T) {
	type settings struct{ Interactive bool }
	ts := MustParseTemplates(fstest.MapFS{"p.tmpl": {Data: []byte(`{{define "judge.system"}}x{{end}}{{define "judge.user"}}{{.View.Question}}{{if .Settings.Interactive}} Where the judge has asked you a question, answer it.{{end}}{{end}}`)}}, "*.tmpl")
	if ts.shapes == nil {
		t.Fatal("templates that read a setting are rendered to be measured; want them measured by shape")
	}
	in := Prompt{Seat: Seat{Name: "Judge", Role: transcript.RoleJudge, Agent: "j"}, Side: -1, View: transcript.View{Question: "Q?"}}
	for _, s := range []settings{{false}, {true}, {false}} {
		p := NewPrompter(ts, s)
		msgs, err := p.Render(in)
		if err != nil {
			t.Fatal(err)
		}
		sizes, err := p.MessageSizes(in)
		if err != nil {
			t.Fatal(err)
		}
		if sizes[1] != len(msgs[1].Content) {
			t.Errorf("settings %+v: measured %d bytes; rendered %d", s, sizes[1], len(msgs[1].Content))
		}
	}
}
