package cache

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sync/atomic"
	"time"

	"golang.org/x/sync/singleflight"
	_ "modernc.org/sqlite" // the "sqlite" driver

	"github.com/mootlab/moot/agents"
	"github.com/mootlab/moot/transcript"
)

// FileName is the database's name in the cache folder.
const FileName = "responses.db"

// Store is an open cache. It is safe for concurrent use.
type Store struct {
	db           *sql.DB
	path         string
	readOnly     bool
	hits, misses atomic.Int64
	// unkept is set at the first answer that could not be stored;
	// onUnkept, if not nil, is told of it.
	unkept   atomic.Bool
	onUnkept func(error)
	// damaged is the error of the first read or write that found the
	// database damaged (Damaged).
	damaged atomic.Pointer[error]
	// flights are the calls in flight, by key: a request asked again
	// while the first ask is unanswered (one reference answer that two
	// protocols read at once) waits for that answer, sent once.
	flights singleflight.Group
}

// ErrNoDefaultDir is DefaultDir's error when the user's cache folder
// cannot be found ($HOME not set, say). There is no shared fallback: a
// folder such as /tmp/moot-cache could be read by any user of the
// machine, or filled beforehand with planted answers.
var ErrNoDefaultDir = errors.New("the user's cache folder is unknown")

// DefaultDir is the cache folder used when none is named: moot/ in the
// user's cache folder (~/.cache/moot on Linux). When that folder cannot be
// found, or is relative, the error wraps ErrNoDefaultDir and says why.
func DefaultDir() (string, error) {
	d, err := os.UserCacheDir()
	if err == nil && !filepath.IsAbs(d) {
		err = fmt.Errorf("%s is relative", d)
	}
	if err != nil {
		return "", fmt.Errorf("%w: %v", ErrNoDefaultDir, err)
	}
	return filepath.Join(d, "moot"), nil
}

// OnUnkept sets what is told of the first answer received that the cache
// could not store (a full disk, say); it is told once, with Put's error,
// from the goroutine of the call. Set it before the store's agents are
// used.
func (s *Store) OnUnkept(tell func(error)) { s.onUnkept = tell }

// unkeptAnswer notes an answer that Put could not store, telling
// onUnkept of the first.
func (s *Store) unkeptAnswer(err error) {
	if s.unkept.CompareAndSwap(false, true) && s.onUnkept != nil {
		s.onUnkept(err)
	}
}

// Path is the database file.
func (s *Store) Path() string { return s.path }

// Close closes the database. Closing a nil Store does nothing, so that a
// caller whose cache is off can defer Close all the same.
func (s *Store) Close() error {
	if s == nil {
		return nil
	}
	return s.db.Close()
}

// stored is the cached part of a response.
type stored struct {
	Text          string           `json:"text"`
	Reasoning     string           `json:"reasoning,omitempty"`
	Probabilities []float64        `json:"probabilities,omitempty"`
	Usage         transcript.Usage `json:"usage"`
	Truncated     bool             `json:"truncated,omitempty"`
	Model         string           `json:"model,omitempty"`
	// Draw names the entry (agents.Response.Draw): the answer's own (a
	// batch's, one for the asks it merged) or drawn at random when the
	// answer is stored, so that every run the entry answers names one
	// draw, and two answers each drawn afresh (in two stores, or one
	// stored again after a prune) name two. An entry stored before moot
	// named draws has none until it is next read (Store.Get).
	Draw string `json:"draw,omitempty"`
}

// Get returns the response stored under key. An entry stored before moot
// named draws is given its draw at its first read, so that every run it
// answers from then on names one; where it cannot be (a cache the disk
// will not let grow), the answer names none.
func (s *Store) Get(ctx context.Context, key string) (agents.Response, bool, error) {
	r, blob, ok, err := s.get(ctx, key)
	if !ok || err != nil {
		return agents.Response{}, ok, err
	}
	if r.Draw == "" {
		r.Draw = s.nameDraw(ctx, key, r, blob)
	}
	return agents.Response{Text: r.Text, Reasoning: r.Reasoning, Probabilities: r.Probabilities, Usage: r.Usage, Truncated: r.Truncated, Model: r.Model, Cached: true, Draw: r.Draw}, true, nil
}

// namingWait is how long Get waits to name an entry's draw while another
// process writes to the cache: it does not hold the run up for it.
const namingWait = 200 * time.Millisecond

// nameDraw names the draw of r, the entry under key stored as blob before
// moot named draws, and returns it: "" where it cannot be named at once
// (a cache that will not be written, or another process writing to it);
// the answer, from the cache, is then recorded as cached without a draw.
func (s *Store) nameDraw(ctx context.Context, key string, r stored, blob []byte) string {
	if s.readOnly {
		return ""
	}
	named := r
	named.Draw = agents.NewDraw()
	b, err := json.Marshal(named)
	if err != nil {
		return ""
	}
	uctx, cancel := context.WithTimeout(ctx, namingWait)
	defer cancel()
	res, err := s.db.ExecContext(uctx, `UPDATE responses SET response = ? WHERE key = ? AND CAST(response AS BLOB) = ?`, b, key, blob)
	if n, _ := rowsAffected(res, err); n == 1 {
		return named.Draw
	}
	// Another ask may have named it first: the same entry, but for its
	// draw.
	if again, _, ok, err := s.get(ctx, key); ok && err == nil && sameEntry(again, r) {
		return again.Draw
	}
	return ""
}

// get reads the entry under key, and its stored bytes.
func (s *Store) get(ctx context.Context, key string) (stored, []byte, bool, error) {
	var blob []byte
	err := s.db.QueryRowContext(ctx, `SELECT response FROM responses WHERE key = ?`, key).Scan(&blob)
	if errors.Is(err, sql.ErrNoRows) {
		return stored{}, nil, false, nil
	}
	if err != nil {
		return stored{}, nil, false, s.damage("get", err)
	}
	var r stored
	if err := json.Unmarshal(blob, &r); err != nil {
		return stored{}, nil, false, fmt.Errorf("cache: entry %s: %w", key, err)
	}
	return r, blob, true, nil
}

// rowsAffected is the rows an Exec changed, 0 where it failed.
func rowsAffected(res sql.Result, err error) (int64, error) {
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

// sameEntry reports whether two entries are one but for their draws.
func sameEntry(a, b stored) bool {
	return a.Text == b.Text && a.Reasoning == b.Reasoning && slices.Equal(a.Probabilities, b.Probabilities) && a.Usage == b.Usage && a.Truncated == b.Truncated &&
		a.Model == b.Model
}

// Put stores resp under key, for the named agent, unless the key holds an
// entry already — stored since this ask missed, by another process or by
// an ask merged with this one (batch mode) — which stays, for later runs
// are answered from it. It returns the draw the answer names: resp's own
// (resp.Draw) where it is stored or the entry holds that very draw (the
// one answer to merged asks), and none where the entry holds another
// draw, however alike its words, for no later run will be given this
// one. A read-only store (ReadOnly) stores nothing, and the answer names
// no draw.
func (s *Store) Put(ctx context.Context, key, agent string, resp agents.Response) (string, error) {
	if s.readOnly {
		return "", nil // said once, when it was opened
	}
	mine := stored{Text: resp.Text, Reasoning: resp.Reasoning, Probabilities: resp.Probabilities, Usage: resp.Usage, Truncated: resp.Truncated, Model: resp.Model, Draw: resp.Draw}
	blob, err := json.Marshal(mine)
	if err != nil {
		return "", err
	}
	res, err := s.db.ExecContext(ctx, `INSERT INTO responses (key, agent, response, created) VALUES (?, ?, ?, ?) ON CONFLICT (key) DO NOTHING`,
		key, agent, blob, time.Now().Unix())
	n, err := rowsAffected(res, err)
	if err != nil {
		return "", s.damage("put", err)
	}
	if n == 1 {
		return resp.Draw, nil
	}
	held, ok, err := s.Get(ctx, key)
	if err != nil || !ok {
		return "", err // pruned since: this answer is drawn anew at the next ask
	}
	if held.Draw == resp.Draw {
		return held.Draw, nil
	}
	return "", nil
}

// Stats describes the cache.
type Stats struct {
	Path    string
	Entries int64
	Bytes   int64
	Oldest  time.Time
	Newest  time.Time
	// ByAgent counts entries per agent label ("BACKEND AGENT", Wrap): the
	// label of the agent whose answer stored the entry. The key holds no
	// label, so an entry answers any agent that asks alike, whatever its
	// name, and keeps the label it was stored under.
	ByAgent map[string]int64
}

// Stats reads the cache's statistics, of one moment: in one query, so
// that the counts per agent add up to the answers held while another
// process stores answers (two queries had counted those stored between
// them in the agents' alone).
func (s *Store) Stats(ctx context.Context) (Stats, error) {
	st := Stats{Path: s.path, ByAgent: map[string]int64{}}
	rows, err := s.db.QueryContext(ctx, `SELECT agent, COUNT(*), COALESCE(SUM(LENGTH(response)), 0), MIN(created), MAX(created) FROM responses GROUP BY agent`)
	if err != nil {
		return st, s.damage("stats", err)
	}
	defer rows.Close()
	for rows.Next() {
		var agent string
		var n, bytes, oldest, newest int64
		if err := rows.Scan(&agent, &n, &bytes, &oldest, &newest); err != nil {
			return st, s.damage("stats", err)
		}
		st.ByAgent[agent] = n
		st.Entries += n
		st.Bytes += bytes
		if o := time.Unix(oldest, 0); st.Oldest.IsZero() || o.Before(st.Oldest) {
			st.Oldest = o
		}
		if w := time.Unix(newest, 0); w.After(st.Newest) {
			st.Newest = w
		}
	}
	if err := rows.Err(); err != nil {
		return st, s.damage("stats", err)
	}
	return st, nil
}

// Prune deletes the entries created before cutoff (all of them for the
// zero time) and returns how many it deleted.
func (s *Store) Prune(ctx context.Context, cutoff time.Time) (int64, error) {
	if s.readOnly {
		return 0, s.readOnlyError("prune")
	}
	q, args := `DELETE FROM responses`, []any{}
	if !cutoff.IsZero() {
		q, args = q+` WHERE created < ?`, []any{cutoff.Unix()}
	}
	res, err := s.db.ExecContext(ctx, q, args...)
	if err != nil {
		return 0, s.damage("prune", err)
	}
	n, _ := res.RowsAffected()
	if _, err := s.db.ExecContext(ctx, `VACUUM`); err != nil {
		return n, s.damage("prune", err)
	}
	return n, nil
}

// Counts returns the hits and misses since the store was opened.
func (s *Store) Counts() (hits, misses int64) { return s.hits.Load(), s.misses.Load() }

// Agent wraps an agent that can be cached.
type Agent struct {
	inner agents.Agent
	keyer agents.Keyer
	label string
	store *Store
	// merges is set for an agent that merges asks made at once itself
	// (agents.AskMerger).
	merges bool
}

var _ agents.Agent = (*Agent)(nil)

// Wrap returns a caching agent if a can be cached, else a itself. label
// names the agent in Stats: the engine's "BACKEND AGENT" ("openai judge").
func (s *Store) Wrap(a agents.Agent, label string) agents.Agent {
	k, ok := a.(agents.Keyer)
	if !ok {
		return a
	}
	_, merges := a.(agents.AskMerger)
	return &Agent{inner: a, keyer: k, label: label, store: s, merges: merges}
}

// Unwrap returns the agent behind the cache.
func (a *Agent) Unwrap() agents.Agent { return a.inner }

// Generate answers from the cache, or calls the agent and stores its
// answer. A cache that cannot be read fails the call: a run must not
// silently pay again for what it thinks is cached. An answer the cache
// cannot store is returned all the same, for it was paid for; the store
// tells of the first (OnUnkept) and tries again at each next answer, in
// case the disk has room again.
//
// An ask made again while the first is in flight waits for its answer,
// as from the cache, unless the agent merges such asks itself (batch mode,
// agents.AskMerger), where holding one back would keep the batch from
// going out.
func (a *Agent) Generate(ctx context.Context, req agents.Request) (agents.Response, error) {
	key := a.keyer.CacheKey(req)
	for {
		resp, ok, err := a.store.Get(ctx, key)
		if err != nil {
			return agents.Response{}, err
		}
		if ok {
			a.store.hits.Add(1)
			return resp, nil
		}
		if a.merges {
			return a.call(ctx, key, req)
		}
		led := false // set for the one of concurrent asks that calls
		ch := a.store.flights.DoChan(key, func() (any, error) {
			led = true
			// A flight that ended between the miss above and this one
			// has stored its answer.
			if resp, ok, err := a.store.Get(ctx, key); err == nil && ok {
				a.store.hits.Add(1)
				return resp, nil
			}
			resp, err := a.call(ctx, key, req)
			if err != nil && ctx.Err() != nil {
				return resp, &stopped{err}
			}
			return resp, err
		})
		var r singleflight.Result
		select {
		case r = <-ch:
		case <-ctx.Done():
			return agents.Response{}, ctx.Err()
		}
		var st *stopped
		switch {
		case errors.As(r.Err, &st) && led:
			return agents.Response{}, st.err
		case errors.As(r.Err, &st):
			continue // its own episode ended, not this one's: ask again
		case r.Err != nil && !led:
			return agents.Response{}, &waited{r.Err}
		case r.Err != nil:
			return agents.Response{}, r.Err
		}
		resp = r.Val.(agents.Response)
		if !led {
			// Answered by the ask it waited on, as the cache answers.
			a.store.hits.Add(1)
			resp.Cached, resp.Retries = true, 0
		}
		return resp, nil
	}
}

// stopped is the error of an ask cut short because its own context
// ended: those that waited on it ask again.
type stopped struct{ err error }

func (e *stopped) Error() string { return e.err.Error() }
func (e *stopped) Unwrap() error { return e.err }

// waited is the error of the ask another waited on: its retries were the
// other's, not this ask's.
type waited struct{ err error }

func (e *waited) Error() string { return e.err.Error() }
func (e *waited) Unwrap() error { return e.err }
func (e *waited) Retries() int  { return 0 }

// call asks the agent and stores its answer.
func (a *Agent) call(ctx context.Context, key string, req agents.Request) (agents.Response, error) {
	a.store.misses.Add(1)
	resp, err := a.inner.Generate(ctx, req)
	if err != nil {
		return resp, err
	}
	// Store even if ctx was cancelled since: the call was paid for. The
	// answer names the entry it is stored in as its draw — the agent's
	// own where it names one (a batch's answer to asks it merged); one
	// the store could not keep is drawn anew at the next ask, and names
	// none.
	if resp.Draw == "" {
		resp.Draw = agents.NewDraw()
	}
	if resp.Draw, err = a.store.Put(context.WithoutCancel(ctx), key, a.label, resp); err != nil {
		a.store.unkeptAnswer(err)
	}
	return resp, nil
}
