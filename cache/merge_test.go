package cache

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mootlab/moot/agents"
)

func TestMergeAddsWhatIsMissingAndKeepsWhatIsThere(t *testing.T) {
	ctx := context.Background()
	dirs := []string{t.TempDir(), t.TempDir(), t.TempDir()}
	stores := make([]*Store, len(dirs))
	for i, d := range dirs {
		s := mustOpen(t, d)
		stores[i] = s
	}
	a := &counting{}
	for i, keys := range [][]string{{"x"}, {"x", "y"}, {"z", "y"}} {
		w := stores[i].Wrap(a, "a")
		for _, k := range keys {
			if _, err := w.Generate(ctx, req(k)); err != nil {
				t.Fatal(err)
			}
		}
	}
	// What dst holds for x must survive: mark it (Put keeps an entry
	// held, so it goes first).
	kept := mustGet(t, stores[0], "k:x", "kept")
	if _, err := stores[0].db.ExecContext(ctx, `DELETE FROM responses WHERE key = 'k:x'`); err != nil {
		t.Fatal(err)
	}
	if _, err := stores[0].Put(ctx, "k:x", "a", kept); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		src  int
		want int64
	}{{1, 1}, {2, 1}, {2, 0}} {
		n, err := stores[0].Merge(ctx, dirs[tc.src])
		if err != nil || n != tc.want {
			t.Errorf("merge of cache %d: %d, %v; want %d added", tc.src, n, err, tc.want)
		}
	}
	st, err := stores[0].Stats(ctx)
	if err != nil || st.Entries != 3 {
		t.Errorf("%d entries, %v; want 3 (x, y, z)", st.Entries, err)
	}
	if r, ok, err := stores[0].Get(ctx, "k:x"); err != nil || !ok || r.Text != "kept" {
		t.Errorf("x = %q, %v, %v; want the answer dst held", r.Text, ok, err)
	}
	if _, err := stores[0].Merge(ctx, t.TempDir()); err == nil {
		t.Error("merging a folder with no cache succeeded")
	}
}

func mustGet(t *testing.T, s *Store, key, text string) (r agents.Response) {
	t.Helper()
	r, ok, err := s.Get(context.Background(), key)
	if err != nil || !ok {
		t.Fatalf("get %s: %v, %v", key, ok, err)
	}
	r.Text = text
	return r
}

// TestMergeNamesTheDamagedCache: a merge that meets a damaged file names
// it, the source's or the destination's, as damaged (ErrDamaged).
func TestMergeNamesTheDamagedCache(t *testing.T) {
	ctx := context.Background()
	src, whole := damagedPages(t), t.TempDir()
	s := mustOpen(t, whole)
	for i := range 400 {
		if _, err := s.Put(ctx, fmt.Sprintf("%064x", i*7919), "agent", agents.Response{Text: "t"}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.Merge(ctx, src); !errors.Is(err, ErrDamaged) || !strings.Contains(err.Error(), filepath.Join(src, FileName)+" is damaged") {
		t.Errorf("merge from a damaged cache: %v; want it named damaged", err)
	}
	s.Close()
	dst := mustOpen(t, damagedPages(t))
	defer dst.Close()
	if _, err := dst.Merge(ctx, whole); !errors.Is(err, ErrDamaged) || !strings.Contains(err.Error(), dst.Path()+" is damaged") {
		t.Errorf("merge into a damaged cache: %v; want it named damaged", err)
	}
}

// damagedPages is a cache folder whose file opens but some of whose pages
// of answers are damaged: 400 answers, and 40 pages written over from the
// 60th, past the table's root and first leaf.
func damagedPages(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	s := mustOpen(t, dir)
	text := strings.Repeat("an answer long enough to fill pages ", 30)
	for i := range 400 {
		if _, err := s.Put(context.Background(), fmt.Sprintf("%064x", i*7919), "agent", agents.Response{Text: text}); err != nil {
			t.Fatal(err)
		}
	}
	s.Close()
	f, err := os.OpenFile(filepath.Join(dir, FileName), os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.WriteAt([]byte(strings.Repeat("\xff", 40*4096)), 60*4096); err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestCheckSourceReadsASourceWhole: CheckSource finds the damaged pages
// that a merge meets only once it has read that far (and a file without
// the table of answers), where Open and ATTACH, which read its first
// pages, do not; a sound cache passes.
func TestCheckSourceReadsASourceWhole(t *testing.T) {
	ctx := context.Background()
	bad := damagedPages(t)
	if err := CheckSource(ctx, bad); !errors.Is(err, ErrDamaged) || !strings.Contains(err.Error(), filepath.Join(bad, FileName)+" is damaged") {
		t.Errorf("check of damaged pages: %v; want them named damaged", err)
	}
	good := t.TempDir()
	s := mustOpen(t, good)
	if _, err := s.Put(ctx, "k", "a", agents.Response{Text: "t"}); err != nil {
		t.Fatal(err)
	}
	s.Close()
	if err := CheckSource(ctx, good); err != nil {
		t.Errorf("check of a sound cache: %v", err)
	}
	empty := t.TempDir()
	if err := os.WriteFile(filepath.Join(empty, FileName), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := CheckSource(ctx, empty); err == nil || !strings.Contains(err.Error(), "responses") {
		t.Errorf("check of a database without answers: %v; want the table named", err)
	}
}

// TestMergeIntoAFullCacheSaysSo: a merge whose destination has no room
// (a full disk; here a database held at its size) fails with ErrFull,
// naming both caches, where it said "cache: merge SRC: database or disk
// is full", naming the source alone, and the run's way out of a full
// cache (ErrFull) was not said.
func TestMergeIntoAFullCacheSaysSo(t *testing.T) {
	ctx := context.Background()
	src := t.TempDir()
	s := mustOpen(t, src)
	text := strings.Repeat("an answer long enough to fill pages ", 30)
	for i := range 50 {
		if _, err := s.Put(ctx, fmt.Sprintf("%064x", i), "agent", agents.Response{Text: text}); err != nil {
			t.Fatal(err)
		}
	}
	s.Close()
	dst := mustOpen(t, t.TempDir())
	defer dst.Close()
	if _, err := dst.db.Exec(`PRAGMA max_page_count = 1`); err != nil {
		t.Fatal(err)
	}
	_, err := dst.Merge(ctx, src)
	if !errors.Is(err, ErrFull) || !strings.Contains(err.Error(), dst.Path()) || !strings.Contains(err.Error(), filepath.Join(src, FileName)) {
		t.Errorf("merge into a full cache: %v; want ErrFull, naming %s and its source", err, dst.Path())
	}
}
