package inputerr

import (
	"errors"
	"testing"

	"go.yaml.in/yaml/v3"
)

// TestYAMLLineOfTheDecodersOwnMessages: the decoder's messages for real
// faulty files, each read as the line of the file, from 1, worked by
// hand: that of the collection left open (a flow mapping opened on line
// 2), the problem's own where one opened on line 1 (a sequence whose
// next line is a key) or where the scanner names it (an indented key);
// a message that names no line is the whole file's.
func TestYAMLLineOfTheDecodersOwnMessages(t *testing.T) {
	for _, tc := range []struct {
		doc  string
		line int
	}{
		{"a: 1\nb: {x: 1\nc: 2\n", 2},
		{"- a\nb: 1\n", 2},
		{"a: 1\n  b: 2\n", 2},
		{"a: 1\nb: 2\nc: 3\n  d: 4\n", 4},
		{"a: 1\nb:\n  c: 1\n  - d\n", 3}, // the mapping under b, opened on line 3
		{"a: b: c\n", 0},
	} {
		var v any
		err := yaml.Unmarshal([]byte(tc.doc), &v)
		if err == nil {
			t.Fatalf("%q decoded", tc.doc)
		}
		e := YAML("x.yaml", err)
		if e.Line != tc.line || e.File != "x.yaml" || !errors.Is(e, ErrBadInput) {
			t.Errorf("%q: %v: line %d; want %d", tc.doc, err, e.Line, tc.line)
		}
		if tc.line == 0 && e.Err != err {
			t.Errorf("%q: a message without a line: %v; want the decoder's error as it is", tc.doc, e.Err)
		}
	}
}

// TestYAMLLine: with or without "yaml: ", a rest that runs over lines,
// and a message that names no line.
func TestYAMLLine(t *testing.T) {
	for _, tc := range []struct {
		msg  string
		line int
		rest string
		ok   bool
	}{
		{"yaml: line 3: found a tab character", 3, "found a tab character", true},
		{"line 4: mapping values are not allowed", 4, "mapping values are not allowed", true},
		{"yaml: line 3: one\ntwo", 3, "one\ntwo", true},
		{"yaml: line 0: did not find expected <stream-start>", 1, "did not find expected <stream-start>", true},
		{"yaml: unmarshal errors", 0, "", false},
	} {
		line, rest, ok := YAMLLine(tc.msg)
		if line != tc.line || rest != tc.rest || ok != tc.ok {
			t.Errorf("YAMLLine(%q) = %d, %q, %v; want %d, %q, %v", tc.msg, line, rest, ok, tc.line, tc.rest, tc.ok)
		}
	}
}

// TestAReturnIsEscapedToo: a carriage return in a field is shown
// escaped, as a line feed is.
func TestAReturnIsEscapedToo(t *testing.T) {
	e := &Error{File: "x.yaml", Field: "a\rb", Err: errors.New("bad")}
	if got, want := e.Error(), `x.yaml: a\rb: bad`; got != want {
		t.Errorf("got %q; want %q", got, want)
	}
}

// TestJoin: none is nil, one is itself, several are Faults a line each,
// in order, with a Faults among them flattened in its place; each is
// still found by errors.Is.
func TestJoin(t *testing.T) {
	e1, e2, e3 := errors.New("one"), errors.New("two"), errors.New("three")
	if err := Join(nil, nil); err != nil {
		t.Errorf("Join of nils = %v", err)
	}
	if err := Join(nil, e1, nil); err != e1 {
		t.Errorf("Join of one = %v; want it as it is", err)
	}
	err := Join(Join(e1, e2), nil, e3)
	if got := err.Error(); got != "one\ntwo\nthree" {
		t.Errorf("Join = %q; want one, two, three a line each", got)
	}
	for _, e := range []error{e1, e2, e3} {
		if !errors.Is(err, e) {
			t.Errorf("Join: errors.Is(%v) = false", e)
		}
	}
	if f, ok := err.(*Faults); !ok || len(f.Unwrap()) != 3 {
		t.Errorf("Join = %#v; want Faults of three", err)
	}
}

// TestWithDoesNotShareItsFaults: two Withs of one Faults each end in
// their own error.
func TestWithDoesNotShareItsFaults(t *testing.T) {
	f := Join(errors.New("one"), errors.New("two"), errors.New("three")).(*Faults)
	a := f.With(errors.New("do a"))
	b := f.With(errors.New("do b"))
	if a.Error() != "one\ntwo\nthree\ndo a" || b.Error() != "one\ntwo\nthree\ndo b" || f.Error() != "one\ntwo\nthree" {
		t.Errorf("With: %q, %q, %q", a, b, f)
	}
}
