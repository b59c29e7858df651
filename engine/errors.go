package engine

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/mootlab/moot/internal/inputerr"
)

// ErrBadInput is wrapped by every error about an experiment file or its
// data: the run did not start and nothing was written.
var ErrBadInput = inputerr.ErrBadInput

// InputError is a problem in an input file, with where it is: the one
// input-error type, which dataset loaders return too (tasks.DataError).
type InputError = inputerr.Error

// lineError is an error found inside a node, before the file is known.
type lineError struct {
	Line  int
	Field string
	Err   error
}

func (e *lineError) Error() string { return fmt.Sprintf("line %d: %s: %v", e.Line, e.Field, e.Err) }

// parserMessages are the messages of yaml.v3's parser (parserc.go), whose
// lines count from 0; its scanner's, some of which also begin "did not
// find expected", count from 1.
var parserMessages = []string{
	"did not find expected key", "did not find expected node content", "did not find expected '-' indicator",
	"did not find expected ',' or ']'", "did not find expected ',' or '}'", "did not find expected <document start>",
	"did not find expected <stream-start>",
}

// parserError says whether a YAML error message is one of its parser's.
func parserError(msg string) bool {
	return slices.ContainsFunc(parserMessages, func(p string) bool { return strings.HasPrefix(msg, p) })
}

var yamlLine = regexp.MustCompile(`(?s)^(?:yaml: )?line (\d+): (.*)$`)

// inputError turns err, found in the block at node line and path, into an
// InputError: it keeps a line the error knows, and takes the field from a
// validation message of the form "field: message".
func inputError(file string, blockLine int, path string, lookup func(field string) int, err error) error {
	var le *lineError
	if errors.As(err, &le) {
		return &InputError{File: file, Line: le.Line, Field: joinPath(path, le.Field), Err: le.Err}
	}
	msg := err.Error()
	var te *yaml.TypeError
	if errors.As(err, &te) && len(te.Errors) > 0 {
		// One problem a message: the first; fixing it shows the next.
		msg = te.Errors[0]
	}
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		n, _ := strconv.Atoi(m[1])
		if parserError(m[2]) {
			// The YAML parser's own errors count lines from 0 (its
			// scanner's from 1): the line is that of the collection or
			// key left open.
			n++
		}
		// A setting's own decoder names its field: "line 7: reference: …".
		if field, rest, ok := strings.Cut(m[2], ": "); ok && field != "" && !strings.ContainsAny(field, " \"`") {
			return &InputError{File: file, Line: n, Field: joinPath(path, field), Err: errors.New(rest)}
		}
		return &InputError{File: file, Line: n, Field: path, Err: errors.New(m[2])}
	}
	if field, rest, ok := strings.Cut(msg, ": "); ok && !strings.ContainsAny(field, " \"") && lookup != nil {
		return &InputError{File: file, Line: lookup(field), Field: joinPath(path, field), Err: errors.New(rest)}
	}
	return &InputError{File: file, Line: blockLine, Field: path, Err: err}
}
