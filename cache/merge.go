package cache

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
)

// Merge copies into s the answers of the cache in dir that s lacks (the
// caches of a run's shards, say): a key s holds keeps its answer, so that
// merging never changes what a run replays. It returns how many answers
// it added. The cache in dir must exist; it is only read, and may be one
// this user may only read.
func (s *Store) Merge(ctx context.Context, dir string) (int64, error) {
	if s.readOnly {
		return 0, s.readOnlyError("merge")
	}
	path := filepath.Join(dir, FileName)
	if _, err := os.Stat(path); err != nil {
		return 0, fmt.Errorf("cache: merge: %w", err)
	}
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return 0, fmt.Errorf("cache: merge: %w", err)
	}
	defer conn.Close()
	_, err = conn.ExecContext(ctx, `ATTACH DATABASE ? AS src`, path)
	if err != nil && cannotWrite(err) {
		// A source this user may only read (a shard's cache published
		// with its results, a read-only volume) is read as Open reads
		// one: immutable, where every answer is in its database file.
		if err := answersInLog(path); err != nil {
			return 0, err
		}
		_, err = conn.ExecContext(ctx, `ATTACH DATABASE ? AS src`, readOnlyDSN(path))
	}
	if err != nil {
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

// mergeError is err, met merging the cache whose database is at path
// (attached as src on conn): where SQLite found a file damaged, it wraps
// ErrDamaged and names the file, the source's unless the source reads
// whole, when the damage is the destination's.
func (s *Store) mergeError(ctx context.Context, conn *sql.Conn, path string, err error) error {
	if !isDamage(err) {
		return fmt.Errorf("cache: merge %s: %w", path, err)
	}
	var check string
	if conn.QueryRowContext(ctx, `PRAGMA src.quick_check(1)`).Scan(&check) == nil && check == "ok" {
		return s.damage("merge", err)
	}
	return &damagedError{what: "merge", path: path, err: err}
}
