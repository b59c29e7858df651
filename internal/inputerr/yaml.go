package inputerr

import (
	"errors"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// parserMessages are the messages of yaml.v3's parser (parserc.go), whose
// lines count from 0; its scanner's, some of which also begin "did not
// find expected", count from 1.
var parserMessages = []string{
	"did not find expected key", "did not find expected node content", "did not find expected '-' indicator",
	"did not find expected ',' or ']'", "did not find expected ',' or '}'", "did not find expected <document start>",
	"did not find expected <stream-start>",
}

var yamlLine = regexp.MustCompile(`(?s)^(?:yaml: )?line (\d+): (.*)$`)

// YAMLLine reads the line a YAML decoder's message names ("yaml: line 4:
// did not find expected ',' or '}'"), counted from 1, and the rest of the
// message; ok is false for a message that names none. The parser's own
// messages count lines from 0, the scanner's from 1, and both name the
// line before the problem's where there is one: the line returned is that
// of the collection or key left open, or, for one opened on line 1, the
// problem's own.
func YAMLLine(msg string) (line int, rest string, ok bool) {
	m := yamlLine.FindStringSubmatch(msg)
	if m == nil {
		return 0, "", false
	}
	n, _ := strconv.Atoi(m[1])
	if slices.ContainsFunc(parserMessages, func(p string) bool { return strings.HasPrefix(m[2], p) }) {
		n++
	}
	return n, m[2], true
}

// YAML is err, an error of the YAML decoder reading file, as an *Error at
// the line it names (YAMLLine), or at the whole file.
func YAML(file string, err error) *Error {
	if line, rest, ok := YAMLLine(err.Error()); ok {
		return &Error{File: file, Line: line, Err: errors.New(rest)}
	}
	return &Error{File: file, Err: err}
}
