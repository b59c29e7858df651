package cache

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/mootlab/moot/agents"
)

// cancelling is an agent that can be cached whose answer comes back after
// the ask's own context has ended (the run stopped while it was on the
// wire): it ends the context, then answers.
type cancelling struct {
	cancel context.CancelFunc
	calls  atomic.Int32
}

func (c *cancelling) Generate(context.Context, agents.Request) (agents.Response, error) {
	c.calls.Add(1)
	c.cancel()
	return agents.Response{Text: "paid for"}, nil
}

func (c *cancelling) CacheKey(req agents.Request) string { return "k:" + req.Messages[0].Content }

// TestAnAnswerIsStoredAfterItsAskEnded: an answer received after its
// ask's context ended is stored all the same, for it was paid for
// (Agent.call): the next ask is answered from the cache. (The first ask
// itself may return its answer or its context's error.)
func TestAnAnswerIsStoredAfterItsAskEnded(t *testing.T) {
	s := mustOpen(t, t.TempDir())
	ctx, cancel := context.WithCancel(context.Background())
	inner := &cancelling{cancel: cancel}
	a := s.Wrap(inner, "x")
	if r, err := a.Generate(ctx, req("q")); err == nil && r.Text != "paid for" {
		t.Fatalf("the ask whose context ended as it was answered: got %q; want the answer, or its context's error", r.Text)
	}
	r, err := a.Generate(context.Background(), req("q"))
	if err != nil || !r.Cached || r.Text != "paid for" || inner.calls.Load() != 1 {
		t.Errorf("asked again: got %+v, %v, %d calls; want it from the cache, 1 call", r, err, inner.calls.Load())
	}
}

// TestDamagedNamesTheFirstDamage: Damaged is the error of the first use
// of the store that met a damaged page, not of the latest.
func TestDamagedNamesTheFirstDamage(t *testing.T) {
	dir := damagedPages(t)
	ctx := context.Background()
	s, err := Open(dir)
	if err != nil {
		t.Skipf("the damage is seen at open (%v); this test wants a file that opens", err)
	}
	defer s.Close()
	var first error
	for i := 0; i < 400 && first == nil; i++ {
		_, _, first = s.Get(ctx, fmt.Sprintf("%064x", i*7919))
	}
	if !errors.Is(first, ErrDamaged) {
		t.Fatalf("no read met the damage (%v)", first)
	}
	if _, err := s.Stats(ctx); !errors.Is(err, ErrDamaged) {
		t.Fatalf("stats of a damaged cache: %v; want ErrDamaged", err)
	}
	if got := s.Damaged(); got == nil || got.Error() != first.Error() {
		t.Errorf("Damaged after a get, then stats, met the damage: got %v; want the get's, %v", got, first)
	}
}

// TestOpenRefusesAFileThatIsNoDatabase: a responses.db that is not a
// SQLite database at all (SQLITE_NOTADB) is a damaged cache, refused
// wrapping ErrDamaged and naming the file.
func TestOpenRefusesAFileThatIsNoDatabase(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, FileName)
	if err := os.WriteFile(path, []byte(strings.Repeat("not a database, but a file of text\n", 200)), 0o644); err != nil {
		t.Fatal(err)
	}
	s, err := Open(dir)
	if err == nil {
		s.Close()
	}
	if !errors.Is(err, ErrDamaged) || !strings.Contains(fmt.Sprint(err), path) {
		t.Errorf("Open of a file of text: got %v; want an error wrapping ErrDamaged that names %s", err, path)
	}
}

// truncating is an agent that can be cached whose answer was cut at its
// token limit, by a named model.
type truncating struct{ calls atomic.Int32 }

func (c *truncating) Generate(context.Context, agents.Request) (agents.Response, error) {
	c.calls.Add(1)
	return agents.Response{Text: "cut sho", Truncated: true, Model: "m-2026-01-01"}, nil
}

func (c *truncating) CacheKey(req agents.Request) string { return "k:" + req.Messages[0].Content }

// TestACachedAnswerKeepsItsTruncationAndModel: an answer cut at its token
// limit is replayed from the cache as cut, by the model that gave it (an
// answer replayed as whole would be read as a whole speech or verdict).
func TestACachedAnswerKeepsItsTruncationAndModel(t *testing.T) {
	s := mustOpen(t, t.TempDir())
	inner := &truncating{}
	a := s.Wrap(inner, "x")
	ctx := context.Background()
	if _, err := a.Generate(ctx, req("q")); err != nil {
		t.Fatal(err)
	}
	r, err := a.Generate(ctx, req("q"))
	if err != nil || !r.Cached || inner.calls.Load() != 1 {
		t.Fatalf("asked again: got %+v, %v, %d calls; want it from the cache", r, err, inner.calls.Load())
	}
	if !r.Truncated || r.Model != "m-2026-01-01" || r.Text != "cut sho" {
		t.Errorf("from the cache: got truncated %v, model %q, text %q; want true, m-2026-01-01, cut sho", r.Truncated, r.Model, r.Text)
	}
}
