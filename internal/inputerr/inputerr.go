// Package inputerr is moot's one error type for a problem in an input
// file — an experiment file or a dataset — naming the file, the line and
// the field. It imports nothing of moot, so that every layer may use it.
package inputerr

import (
	"errors"
	"slices"
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

// Faults is the error of an input file with several faults, each an
// error of its own (an *Error with its file and line), in the order of
// the file: its message is theirs, a line each.
type Faults struct{ errs []error }

func (f *Faults) Error() string {
	msgs := make([]string, len(f.errs))
	for i, err := range f.errs {
		msgs[i] = err.Error()
	}
	return strings.Join(msgs, "\n")
}

// Unwrap is the faults, each an error of its own (and for errors.Is and
// errors.As).
func (f *Faults) Unwrap() []error { return f.errs }

// With is the faults and then err, a line of its own after theirs (what
// to do of them).
func (f *Faults) With(err error) *Faults {
	return &Faults{append(slices.Clip(f.errs), err)}
}

// Join is the error of the faults of errs that are not nil: nil for
// none, the one, or Faults of several (those of a Faults among them, in
// its place).
func Join(errs ...error) error {
	var all []error
	for _, err := range errs {
		if fs, ok := err.(*Faults); ok {
			all = append(all, fs.errs...)
		} else if err != nil {
			all = append(all, err)
		}
	}
	switch len(all) {
	case 0:
		return nil
	case 1:
		return all[0]
	}
	return &Faults{all}
}
