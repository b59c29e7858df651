package cache

import (
	"errors"
	"fmt"

	"modernc.org/sqlite"
)

// ErrDamaged is wrapped by the error of a read or write that met a
// damaged page of the database (SQLITE_CORRUPT, SQLITE_NOTADB): a file
// that opened, its first pages sound, and holds others that are not. It
// will not heal; Damaged says whether one has met one.
var ErrDamaged = errors.New("the cache is damaged")

// SQLite's primary result codes SQLITE_CORRUPT and SQLITE_NOTADB.
const (
	sqliteCorrupt = 11
	sqliteNotADB  = 26
)

// ErrFull is wrapped by the error of a write that SQLite could not make
// for want of room (SQLITE_FULL): a full disk, or a database at its
// largest. Unlike damage it may pass once there is room again.
var ErrFull = errors.New("no room to write the cache")

// sqliteFull is SQLite's primary result code SQLITE_FULL.
const sqliteFull = 13

// damage is err, of what (a verb: "get", "stats"), wrapping ErrDamaged
// where SQLite found the file damaged, and then noted as the store's
// first damage (Damaged), or ErrFull where it found no room to write.
func (s *Store) damage(what string, err error) error {
	if hasCode(err, sqliteFull) {
		return fmt.Errorf("cache: %s: %w", what, fullError{err})
	}
	if !isDamage(err) {
		return fmt.Errorf("cache: %s: %w", what, err)
	}
	var d error = &damagedError{what: what, path: s.path, err: err}
	s.damaged.CompareAndSwap(nil, &d)
	return d
}

// openError is err, met opening the database at path: wrapping
// ErrDamaged where SQLite found the file damaged.
func openError(path string, err error) error {
	if isDamage(err) {
		return &damagedError{what: "open", path: path, err: err}
	}
	return fmt.Errorf("cache: %s: %w", path, err)
}

// isDamage reports whether err is SQLite's of a damaged file.
func isDamage(err error) bool {
	return hasCode(err, sqliteCorrupt) || hasCode(err, sqliteNotADB)
}

// hasCode reports whether err is SQLite's of the primary result code.
func hasCode(err error, code int) bool {
	var se *sqlite.Error
	return errors.As(err, &se) && se.Code()&0xff == code
}

// fullError is SQLite's error of a write for which there was no room: it
// reads as SQLite's, and wraps ErrFull too.
type fullError struct{ err error }

func (e fullError) Error() string   { return e.err.Error() }
func (e fullError) Unwrap() []error { return []error{ErrFull, e.err} }

// damagedError is the error of a use of the store that met a damaged
// page: it wraps ErrDamaged and SQLite's error.
type damagedError struct {
	what, path string
	err        error
}

func (e *damagedError) Error() string {
	return fmt.Sprintf("cache: %s: %s is damaged: %v", e.what, e.path, e.err)
}

func (e *damagedError) Unwrap() []error { return []error{ErrDamaged, e.err} }

// Damaged is the error of the first read or write that found the
// database damaged (wrapping ErrDamaged), or nil: a run asks it after
// each episode, and stops at the first, for every later use of those
// pages fails alike.
func (s *Store) Damaged() error {
	if p := s.damaged.Load(); p != nil {
		return *p
	}
	return nil
}
