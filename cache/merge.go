package cache

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// Merge copies into s the answers of the cache in dir that s lacks (the
// caches of a run's shards, say): a key s holds keeps its answer, so that
// merging never changes what a run replays. It returns how many answers
// it added. The cache in dir must exist; it is only read, and may be one
// this user may only read. A merge of several caches checks each first
// (CheckSource), for one that fails here fails after those before it
// were added.
func (s *Store) Merge(ctx context.Context, dir string) (int64, error) {
	if s.readOnly {
		return 0, s.readOnlyError("merge")
	}
	path, err := sourcePath(dir)
	if err != nil {
		return 0, err
	}
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return 0, fmt.Errorf("cache: merge: %w", err)
	}
	defer conn.Close()
	if err := attachSource(ctx, conn, path); err != nil {
		return 0, s.mergeError(ctx, conn, path, err)
	}
	defer conn.ExecContext(context.WithoutCancel(ctx), `DETACH DATABASE src`)
	res, err := conn.ExecContext(ctx, `INSERT OR IGNORE INTO main.responses (key, agent, response, created)
		SELECT key, agent, response, created FROM src.responses`)
	if err != nil {
		return 0, s.mergeError(ctx, conn, path, err)
	}
	return res.RowsAffected()
}

// CheckSource reads the cache in dir as Merge reads a source, adding
// nothing to any cache (closing a source SQLite may checkpoint, moving
// answers from its write-ahead log into its file, as Merge's reading
// does): nil where every page of it is sound and it holds the
// table Merge copies, else the error Merge would meet (wrapping
// ErrDamaged where a page is damaged, naming the file). moot cache merge
// checks every source so before it writes into its destination, which a
// damaged last source had left holding the answers of the sources before
// it. It reads the whole file, as the merge does.
func CheckSource(ctx context.Context, dir string) error {
	path, err := sourcePath(dir)
	if err != nil {
		return err
	}
	db, err := sql.Open("sqlite", ":memory:")
	if err != nil {
		return fmt.Errorf("cache: merge: %w", err)
	}
	defer db.Close()
	conn, err := db.Conn(ctx)
	if err != nil {
		return fmt.Errorf("cache: merge: %w", err)
	}
	defer conn.Close()
	if err := attachSource(ctx, conn, path); err != nil {
		return sourceError(path, err)
	}
	var check string
	if err := conn.QueryRowContext(ctx, `PRAGMA src.quick_check(1)`).Scan(&check); err != nil {
		return sourceError(path, err)
	}
	if check != "ok" {
		return &damagedError{what: "merge", path: path, err: fmt.Errorf("quick_check: %s", check)}
	}
	if _, err := conn.ExecContext(ctx, `SELECT key, agent, response, created FROM src.responses LIMIT 0`); err != nil {
		return sourceError(path, err)
	}
	return nil
}

// sourcePath is the database file of the cache in dir, a source of a
// merge, or the error that it is not there.
func sourcePath(dir string) (string, error) {
	path := filepath.Join(dir, FileName)
	if _, err := os.Stat(path); err != nil {
		return "", fmt.Errorf("cache: merge: %w", err)
	}
	return path, nil
}

// attachSource attaches the database at path to conn as src.
func attachSource(ctx context.Context, conn *sql.Conn, path string) error {
	_, err := conn.ExecContext(ctx, `ATTACH DATABASE ? AS src`, path)
	if err != nil && cannotWrite(err) {
		// A source this user may only read (a shard's cache published
		// with its results, a read-only volume) is read as Open reads
		// one: immutable, where every answer is in its database file.
		if err := answersInLog(path); err != nil {
			return err
		}
		_, err = conn.ExecContext(ctx, `ATTACH DATABASE ? AS src`, readOnlyDSN(path))
	}
	return err
}

// sourceError is err, met reading the source of a merge whose database
// is at path: wrapping ErrDamaged, and naming the file, where SQLite
// found it damaged.
func sourceError(path string, err error) error {
	if errors.Is(err, errAnswersInLog) {
		return err // it names the file, and the way out
	}
	if isDamage(err) {
		return &damagedError{what: "merge", path: path, err: err}
	}
	return fmt.Errorf("cache: merge %s: %w", path, err)
}

// mergeError is err, met merging the cache whose database is at path
// (attached as src on conn) into s: where SQLite found a file damaged, it
// wraps ErrDamaged and names the file, the source's unless the source
// reads whole, when the damage is the destination's; where it found no
// room to write, it wraps ErrFull and names both (the destination is
// full: the source is only read).
func (s *Store) mergeError(ctx context.Context, conn *sql.Conn, path string, err error) error {
	if hasCode(err, sqliteFull) {
		return fmt.Errorf("cache: merge %s into %s: %w", path, s.path, fullError{err})
	}
	if !isDamage(err) {
		return sourceError(path, err)
	}
	var check string
	if conn.QueryRowContext(ctx, `PRAGMA src.quick_check(1)`).Scan(&check) == nil && check == "ok" {
		return s.damage("merge", err)
	}
	return sourceError(path, err)
}
