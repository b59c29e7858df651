package engine

import (
	"errors"
	"fmt"
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
	if n, text, ok := inputerr.YAMLLine(msg); ok {
		// A setting's own decoder names its field: "line 7: reference: …".
		if field, rest, ok := strings.Cut(text, ": "); ok && field != "" && !strings.ContainsAny(field, " \"`") {
			return &InputError{File: file, Line: n, Field: joinPath(path, field), Err: errors.New(rest)}
		}
		return &InputError{File: file, Line: n, Field: path, Err: errors.New(text)}
	}
	if field, rest, ok := strings.Cut(msg, ": "); ok && !strings.ContainsAny(field, " \"") && lookup != nil {
		return &InputError{File: file, Line: lookup(field), Field: joinPath(path, field), Err: errors.New(rest)}
	}
	return &InputError{File: file, Line: blockLine, Field: path, Err: err}
}
