// Package inputerr is moot's one error type for a problem in an input
// file — an experiment file or a dataset — naming the file, the line and
// the field. It imports nothing of moot, so that every layer may use it.
package inputerr

import (
	"errors"
	"strconv"
	"strings"
)

// ErrBadInput is wrapped by every *Error: the input is at fault, not the
// run. Its text is the one moot has always printed.
var ErrBadInput = errors.New("bad input")

// Error is a problem at one place of an input file.
type Error struct {
	File  string // the file, as it was given
	Line  int    // from 1; 0 if unknown or the problem is the whole file
	Field string // the path of the field, e.g. protocols[2].judge; "" for the whole record
	Err   error
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		b.WriteString(":" + strconv.Itoa(e.Line))
	}
	b.WriteString(": ")
	if e.Field != "" {
		b.WriteString(e.Field + ": ")
	}
	b.WriteString(e.Err.Error())
	// One problem, one line: a key or value with a line break in it is
	// shown escaped.
	return strings.NewReplacer("\r", `\r`, "\n", `\n`).Replace(b.String())
}

// Unwrap returns ErrBadInput and the problem itself.
func (e *Error) Unwrap() []error { return []error{ErrBadInput, e.Err} }
