package loaders

import (
	"errors"
	"fmt"

	"github.com/mootlab/moot/internal/inputerr"
	"github.com/mootlab/moot/tasks"
)

// maxQuestions bounds what one file may hold: more would not be a run.
const maxQuestions = 1_000_000

// maxSaid bounds the invalid records a load that does not skip them
// names, a line each: a file of another format would name every line.
const maxSaid = 10

// collector gathers the items of a file's records, and the problems: it
// says the first maxSaid (and counts the rest) or, with SkipInvalid,
// counts them.
type collector struct {
	path    string
	opts    tasks.LoadOptions
	items   []item
	seen    map[string]int // id → line
	skipped int
	// faults are the problems of the first invalid records, unsaid
	// counts those after them, where invalid records are not skipped.
	faults []error
	unsaid int
	// setAside counts the records taken but set aside, by kind: not one
	// skipped as invalid.
	setAside map[string]int
	// first is the problem of the first record skipped, which a file
	// whose every record is invalid is told.
	first *tasks.DataError
}

// add takes the items of the record at line, or its problem. It returns a
// *tasks.DataError when the load must stop.
func (c *collector) add(line int, items []item, err error) error {
	if err == nil {
		err = c.check(line, items)
	}
	if err != nil {
		de := dataError(c.path, line, err)
		switch {
		case c.opts.SkipInvalid:
			c.skipped++
			if c.first == nil {
				c.first = de
			}
			if c.opts.OnSkip != nil {
				c.opts.OnSkip(de)
			}
		case len(c.faults) < maxSaid:
			// The records after it are read on, so that every
			// invalid one is said at once, not one a load.
			c.faults = append(c.faults, de)
		default:
			c.unsaid++
		}
		return nil
	}
	for _, it := range items {
		c.seen[it.id] = line
		if it.aside == "" {
			c.items = append(c.items, it)
		} else {
			c.setAside[it.aside]++
		}
	}
	if len(c.items) > maxQuestions {
		return &tasks.DataError{File: c.path, Line: line, Err: fmt.Errorf("more than %d questions in one file", maxQuestions)}
	}
	return nil
}

// said is the error of the invalid records said (inputerr.Join: one a
// line), those unsaid counted, and then stop, the problem that ended the
// read, if not nil.
func (c *collector) said(stop error) error {
	faults := c.faults
	if c.unsaid > 0 {
		what := "records"
		if c.unsaid == 1 {
			what = "record"
		}
		faults = append(faults, &tasks.DataError{File: c.path, Err: fmt.Errorf("and %d more invalid %s after these (skip_invalid: true, or moot tasks' --skip-invalid, skips every invalid record and counts it)", c.unsaid, what)})
	}
	return inputerr.Join(append(faults, stop)...)
}

// dataError places err, found at line of the file at path; a fieldError
// gives the field.
func dataError(path string, line int, err error) *tasks.DataError {
	de := &tasks.DataError{File: path, Line: line, Err: err}
	var fe *fieldError
	if errors.As(err, &fe) {
		de.Field, de.Err = fe.field, fe.err
	}
	return de
}

// check gives each item its id and rejects a record whose ids repeat an
// earlier one.
func (c *collector) check(line int, items []item) error {
	mine := map[string]bool{}
	for i := range items {
		it := &items[i]
		if it.id == "" {
			it.id = defaultID(c.opts.Task, line, it.lineRank, i, len(items))
		}
		if first, dup := c.seen[it.id]; dup {
			return bad(it.idField, "duplicate id %q (first at line %d)", it.id, first)
		}
		if mine[it.id] {
			return bad(it.idField, "duplicate id %q in this record", it.id)
		}
		mine[it.id] = true
		if err := it.checkShown(); err != nil {
			return err
		}
	}
	return nil
}
