package cache

import (
	"context"
	"github.com/mootlab/moot/agents"
	"testing"
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
