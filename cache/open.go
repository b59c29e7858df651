package cache

import (
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"syscall"

	"github.com/gofrs/flock"
	"modernc.org/sqlite"
)

// Open opens (creating if needed) the cache in dir. A folder it creates
// is private to the user (0700), since the cache holds every prompt and
// answer; a folder that is already there keeps its mode, so that a cache
// shared on purpose stays shared.
//
// A cache that cannot be written here (a folder or file this user may
// only read, a read-only volume: a cache published with a run's results)
// is opened read-only where it holds every answer in its database file:
// it answers what it holds, and stores nothing (ReadOnly).
//
// A database this user may not write is opened read-only at once: SQLite,
// opening it to write, made its -wal and -shm files beside it, this
// user's, and in a folder others may write (a cache shared on purpose)
// the cache's owner then met a database it could only read.
func Open(dir string) (*Store, error) {
	if path := filepath.Join(dir, FileName); mayNotWrite(path) {
		s, err := openReadOnly(dir)
		if err != nil && !errors.Is(err, errAnswersInLog) {
			err = openError(path, err)
		}
		return s, err
	}
	s, err := openWritable(dir)
	if err == nil || !cannotWrite(err) {
		return s, err
	}
	ro, rerr := openReadOnly(dir)
	switch {
	case rerr == nil:
		return ro, nil
	case errors.Is(rerr, errAnswersInLog):
		return nil, rerr
	}
	return nil, err
}

// cannotWrite reports whether err says that the cache may not be written
// here: a folder or file this user may not write, a read-only volume, a
// database SQLite opened read-only. Other errors (a damaged file, another
// process holding the database past the busy timeout) are not a cache to
// read without writing.
func cannotWrite(err error) bool {
	if errors.Is(err, fs.ErrPermission) || errors.Is(err, syscall.EROFS) {
		return true
	}
	var se *sqlite.Error
	if !errors.As(err, &se) {
		return false
	}
	// A database SQLite may only read, or one whose folder it cannot
	// write the WAL's shared-memory file in (a read-only volume).
	code := se.Code() & 0xff
	return code == sqliteReadOnly || code == sqliteCantOpen
}

// SQLite's primary result codes SQLITE_READONLY and SQLITE_CANTOPEN.
const (
	sqliteReadOnly = 8
	sqliteCantOpen = 14
)

// openWritable opens the cache in dir to read and write it, creating it
// if needed.
func openWritable(dir string) (*Store, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("cache: folder %s: %w", dir, err)
	}
	path := filepath.Join(dir, FileName)
	// Processes that open a fresh cache at once (shards started together
	// on a shared folder) would race to switch it to WAL and create its
	// table, and SQLite answers the loser SQLITE_BUSY without waiting: one
	// sets it up while the others wait on this file lock.
	// The lock is made as SQLite makes the database (0644 less the
	// umask), and given the database's mode below: whoever may open the
	// database may take it. One of 0600 made a cache shared on purpose
	// read-only to every user but its maker.
	setup := flock.New(path+".setup-lock", flock.SetPermissions(0o644))
	if err := setup.Lock(); err != nil {
		return nil, fmt.Errorf("cache: %w", err)
	}
	defer setup.Unlock()
	db, err := sql.Open("sqlite", dsn(path, "_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)"))
	if err != nil {
		return nil, fmt.Errorf("cache: %w", err)
	}
	// One connection: SQLite has one writer at a time, and a cache write
	// is short beside the call it saves.
	db.SetMaxOpenConns(1)
	if _, err := db.Exec(`CREATE TABLE IF NOT EXISTS responses (
		key TEXT PRIMARY KEY,
		agent TEXT NOT NULL,
		response BLOB NOT NULL,
		created INTEGER NOT NULL
	)`); err != nil {
		db.Close()
		return nil, openError(path, err)
	}
	// A database file this user may not write, its -shm file there (a
	// copy of a cache a run was writing), SQLite opens to read alone
	// without a word: a write, undone, tells. A write refused otherwise
	// (a full disk) is told at the first answer not stored, as it is
	// later; a damaged page met is the damaged cache it is.
	if err := probeWrite(db); err != nil && (cannotWrite(err) || isDamage(err)) {
		db.Close()
		return nil, openError(path, err)
	}
	lockLikeDatabase(setup.Path(), path)
	return &Store{db: db, path: path}, nil
}

// lockLikeDatabase gives the setup lock at lock the mode of the database
// at path, where this user owns the lock (a cache's maker, or root) and
// the modes differ: a database made writable to a group, or a lock of
// 0600 made by a moot before 2026-12-06. Where it cannot, the lock keeps
// its mode, and the user who made it fixes it at its next open.
func lockLikeDatabase(lock, path string) {
	db, err := os.Stat(path)
	if err != nil {
		return
	}
	if l, err := os.Stat(lock); err == nil && l.Mode().Perm() != db.Mode().Perm() {
		_ = os.Chmod(lock, db.Mode().Perm())
	}
}

// probeWrite writes a row in a transaction it then undoes: an error says
// why the database cannot be written here.
func probeWrite(db *sql.DB) error {
	tx, err := db.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	_, err = tx.Exec(`INSERT OR REPLACE INTO responses (key, agent, response, created) VALUES ('', '', x'', 0)`)
	return err
}

// dsn is the SQLite URI of the database file at path with the query
// parameters query. The path is percent-encoded: SQLite reads a '?' or a
// '#' in a bare path as the start of the parameters, and the driver
// takes its own from the first '?' (a folder named "a?b" had put the
// database beside it, in a file named "a", and lost the WAL and timeout
// parameters).
func dsn(path, query string) string {
	if abs, err := filepath.Abs(path); err == nil {
		path = abs
	}
	p := filepath.ToSlash(path)
	if filepath.VolumeName(path) != "" {
		p = "/" + p // file:///C:/…
	}
	u := url.URL{Scheme: "file", Path: p, RawQuery: query}
	return u.String()
}

// errAnswersInLog is openReadOnly's error for a cache some of whose
// answers wait in its write-ahead log.
var errAnswersInLog = errors.New("answers in the write-ahead log")

// openReadOnly opens the cache in dir read-only, where its database file
// is there, is a cache and holds every answer (no write-ahead log waits
// to be moved into it; else an error wrapping errAnswersInLog). The file
// is opened immutable: a reader of a folder it may not write cannot share
// SQLite's locks with a writer, so none may write it meanwhile (a
// published cache, a read-only volume).
func openReadOnly(dir string) (*Store, error) {
	path := filepath.Join(dir, FileName)
	if _, err := os.Stat(path); err != nil {
		return nil, err
	}
	if err := answersInLog(path); err != nil {
		return nil, err
	}
	db, err := sql.Open("sqlite", readOnlyDSN(path))
	if err != nil {
		return nil, err
	}
	var n int64
	if err := db.QueryRow(`SELECT COUNT(*) FROM responses`).Scan(&n); err != nil {
		db.Close()
		return nil, err
	}
	return &Store{db: db, path: path, readOnly: true}, nil
}

// readOnlyDSN is the URI that opens the database file at path to read
// alone, immutable (openReadOnly).
func readOnlyDSN(path string) string { return dsn(path, "mode=ro&immutable=1") }

// answersInLog is an error wrapping errAnswersInLog where some answers of
// the cache whose database file is at path wait in its write-ahead log,
// which a reader that may not write cannot see.
func answersInLog(path string) error {
	if fi, err := os.Stat(path + "-wal"); err == nil && fi.Size() > 0 {
		return fmt.Errorf("cache: %s can only be read here, and some of its answers are still in %s-wal, which a reader that may not write cannot see: open the cache once where it can be written (moot cache stats does), or copy its folder (%w)",
			path, FileName, errAnswersInLog)
	}
	return nil
}

// ReadOnly reports whether the store was opened read-only (Open): it
// answers from what it holds and stores no new answer.
func (s *Store) ReadOnly() bool { return s.readOnly }

// ErrReadOnly is wrapped by the error of a change (a prune, a merge into
// it) asked of a store opened read-only (ReadOnly).
var ErrReadOnly = errors.New("can only be read here")

// readOnlyError is the error of a change asked of a read-only store.
func (s *Store) readOnlyError(what string) error {
	return fmt.Errorf("cache: %s: %s %w", what, s.path, ErrReadOnly)
}
