package engine

import (
	"errors"
	"fmt"
	"sort"
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

// Faults is the error of an experiment file with several faults, each an
// *InputError with its file and line, in the order of the file: its
// message is theirs, a line each.
type Faults = inputerr.Faults

// joinFaults is the error of the faults of errs that are not nil
// (inputerr.Join).
func joinFaults(errs ...error) error { return inputerr.Join(errs...) }

// placedFault is a fault and the line of the experiment file where it
// stands, so that the faults are said in the file's order.
type placedFault struct {
	line int
	err  error
}

// placeFault places err: at its own line where it is of the experiment
// file, else (a dataset's or prompts file's) at line, that of the block
// naming that file.
func (x *Experiment) placeFault(err error, line int) placedFault {
	if ie, ok := err.(*InputError); ok && ie.File == x.Path && ie.Line > 0 {
		return placedFault{ie.Line, err}
	}
	return placedFault{line, err}
}

// placeFaults places each fault of err (placeFault, at line where it is
// not of the experiment file), none for nil.
func (x *Experiment) placeFaults(err error, line int) []placedFault {
	var out []placedFault
	for _, e := range eachFault(err) {
		out = append(out, x.placeFault(e, line))
	}
	return out
}

// eachFault is the faults of err: those of a Faults, else err alone; none
// for nil.
func eachFault(err error) []error {
	if fs, ok := err.(*Faults); ok {
		return fs.Unwrap()
	}
	if err != nil {
		return []error{err}
	}
	return nil
}

// orderFaults is joinFaults of faults in the order of their lines (those
// of one line in the order found), each said once.
func orderFaults(faults []placedFault) error {
	sort.SliceStable(faults, func(i, j int) bool { return faults[i].line < faults[j].line })
	// A fault said twice in the same words (two tasks reading one bad
	// dataset) is said once: the second line would only repeat it.
	var errs []error
	said := map[string]bool{}
	for _, f := range faults {
		if msg := f.err.Error(); !said[msg] {
			said[msg] = true
			errs = append(errs, f.err)
		}
	}
	return joinFaults(errs...)
}

// lineError is an error found inside a node, before the file is known.
type lineError struct {
	Line  int
	Field string
	Err   error
}

func (e *lineError) Error() string { return fmt.Sprintf("line %d: %s: %v", e.Line, e.Field, e.Err) }

// inputError turns err, found in the block at node line and path, into an
// InputError: it keeps a line the error knows, and takes the field from a
// validation message of the form "field: message". Where err is Faults
// (the strict decoder's several), it is Faults of one InputError each;
// an error that wraps several otherwise (an InputError wraps
// ErrBadInput and its problem) is one fault.
func inputError(file string, blockLine int, path string, lookup func(field string) int, err error) error {
	if fs, ok := err.(*Faults); ok {
		var errs []error
		for _, e := range fs.Unwrap() {
			errs = append(errs, inputError(file, blockLine, path, lookup, e))
		}
		return joinFaults(errs...)
	}
	var le *lineError
	if errors.As(err, &le) {
		return &InputError{File: file, Line: le.Line, Field: joinPath(path, le.Field), Err: le.Err}
	}
	msg := err.Error()
	var te *yaml.TypeError
	if errors.As(err, &te) && len(te.Errors) > 0 {
		// One problem a message: the first. The strict decoder has said
		// each value of the wrong kind before yaml decodes.
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

// section is the top-level key of an experiment file that a fault's
// field lies in: "protocols" of "protocols[0].rounds", "agents" of
// "agents.strong.skill".
func section(field string) string {
	if i := strings.IndexAny(field, ".[ "); i >= 0 {
		return field[:i]
	}
	return field
}

// readAround is the top-level faults of an experiment file that the
// rest of it is read around (decodeFile), and the keys it is read
// without.
type readAround struct {
	err  error
	keys map[string]bool
}

// without says whether the file is read without key.
func (r *readAround) without(key string) bool { return r != nil && r.keys[key] }

// topKey is the top-level key of doc that a fault's field names: the
// field itself where doc has such a key (an unknown "agents.a.skill" or
// "tasks extra" is that key alone), else the section it lies in.
func topKey(doc *yaml.Node, field string) string {
	if hasKey(doc, field) {
		return field
	}
	return section(field)
}

// withoutKeys is the top-level mapping doc without the keys that faults
// (InputErrors) lie in, and those faults and keys; false where a fault
// names no key (a file that is not a map), so that the rest cannot be
// read around it. A top-level key given twice is read without both its
// places.
func withoutKeys(doc *yaml.Node, faults error) (*yaml.Node, *readAround, bool) {
	drop := map[string]bool{}
	for _, err := range eachFault(faults) {
		ie, ok := err.(*InputError)
		if !ok {
			return nil, nil, false
		}
		field := ie.Field
		var twice *twiceError
		if errors.As(ie.Err, &twice) {
			field = joinPath(field, twice.key)
		}
		if field == "" {
			return nil, nil, false
		}
		drop[topKey(doc, field)] = true
	}
	trimmed := *doc
	trimmed.Content = nil
	for i := 0; i+1 < len(doc.Content); i += 2 {
		if !drop[doc.Content[i].Value] {
			trimmed.Content = append(trimmed.Content, doc.Content[i], doc.Content[i+1])
		}
	}
	return &trimmed, &readAround{faults, drop}, true
}

// hasKey says whether the mapping node has key.
func hasKey(node *yaml.Node, key string) bool {
	for i := 0; i+1 < len(node.Content); i += 2 {
		if node.Content[i].Value == key {
			return true
		}
	}
	return false
}

// besides is faults with early's placed among them, less those of the
// experiment file found in the sections it is read without: read
// without their keys, those sections would say only that they are
// missing. (A dataset's fault is its own, whatever its field's name.)
func (x *Experiment) besides(faults []placedFault, early *readAround) []placedFault {
	if early == nil {
		return faults
	}
	out := x.placeFaults(early.err, 0)
	for _, f := range faults {
		ie, ok := f.err.(*InputError)
		if ok && ie.File == x.Path && early.keys[section(ie.Field)] {
			continue
		}
		out = append(out, f)
	}
	return out
}
