package cache

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/mootlab/moot/agents"
)

// TestDefaultDirHasNoSharedFallback: when the user's cache folder cannot
// be found, or is relative, DefaultDir says why and offers no folder,
// never a shared one such as /tmp/moot-cache.
func TestDefaultDirHasNoSharedFallback(t *testing.T) {
	switch runtime.GOOS {
	case "windows", "darwin", "ios", "plan9":
		t.Skip("the cache folder comes from XDG_CACHE_HOME and HOME on other Unix systems only")
	}
	tests := []struct {
		name, home, xdg string
		want            string // the folder, or what the error says
		ok              bool
	}{
		{"no HOME", "", "", "$HOME", false},
		{"relative XDG_CACHE_HOME", "/home/u", "rel/cache", "relative", false},
		{"relative HOME", "rel", "", "rel/.cache is relative", false},
		{"HOME", "/home/u", "", "/home/u/.cache/moot", true},
		{"XDG_CACHE_HOME", "/home/u", "/var/cache/u", "/var/cache/u/moot", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv("HOME", tt.home)
			t.Setenv("XDG_CACHE_HOME", tt.xdg)
			dir, err := DefaultDir()
			if tt.ok {
				if err != nil || dir != tt.want {
					t.Errorf("got %q, %v; want %q", dir, err, tt.want)
				}
				return
			}
			if !errors.Is(err, ErrNoDefaultDir) || !strings.Contains(err.Error(), tt.want) || dir != "" {
				t.Errorf("got %q, %v; want no folder and ErrNoDefaultDir saying %q", dir, err, tt.want)
			}
		})
	}
}

// TestOpenMakesAPrivateFolder: a folder Open makes is the user's alone; a
// folder that was there keeps its mode.
func TestOpenMakesAPrivateFolder(t *testing.T) {
	made := filepath.Join(t.TempDir(), "a", "moot")
	mine := t.TempDir()
	if err := os.Chmod(mine, 0o750); err != nil {
		t.Fatal(err)
	}
	for dir, want := range map[string]os.FileMode{made: 0o700, mine: 0o750} {
		s, err := Open(dir)
		if err != nil {
			t.Fatal(err)
		}
		s.Close()
		fi, err := os.Stat(dir)
		if err != nil {
			t.Fatal(err)
		}
		if got := fi.Mode().Perm(); got != want {
			t.Errorf("%s: mode %v; want %v", dir, got, want)
		}
	}
}

// TestOpenNamesTheFolder: a folder that cannot be made is named in the
// error, not only the part of its path that failed.
func TestOpenNamesTheFolder(t *testing.T) {
	file := filepath.Join(t.TempDir(), "afile")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(file, "moot")
	if _, err := Open(dir); err == nil || !strings.Contains(err.Error(), "folder "+dir+":") {
		t.Errorf("got %v; want an error naming the folder %s", err, dir)
	}
}

// TestAnswerKeptWhenTheCacheIsFull: an answer received is returned even
// when the cache cannot store it (a full database), the first failure is
// told once, and each next answer is tried again, so that the cache keeps
// answers once it has room again.
func TestAnswerKeptWhenTheCacheIsFull(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t, t.TempDir())
	var told atomic.Int32
	var first error
	s.OnUnkept(func(err error) {
		told.Add(1)
		first = err
	})
	// The store's one connection may grow the database no further, and
	// each answer needs pages of its own.
	if _, err := s.db.Exec(`PRAGMA max_page_count = 1`); err != nil {
		t.Fatal(err)
	}
	a := s.Wrap(bulky{}, "x")
	for _, q := range []string{"q1", "q2"} {
		resp, err := a.Generate(ctx, req(q))
		if err != nil || resp.Text != (bulky{}).answer(q) {
			t.Fatalf("%s with a full cache: %d bytes, %v; want the agent's answer", q, len(resp.Text), err)
		}
		// Not stored, it is drawn anew at the next ask: no draw to name.
		if resp.Draw != "" {
			t.Errorf("%s with a full cache names draw %q; want none", q, resp.Draw)
		}
	}
	if n := told.Load(); n != 1 || first == nil || !strings.Contains(first.Error(), "full") || !errors.Is(first, ErrFull) {
		t.Errorf("told %d times, of %v; want once, of the full database (ErrFull, for moot to say the way out)", n, first)
	}
	if _, err := s.db.Exec(`PRAGMA max_page_count = 1000000`); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Generate(ctx, req("q3")); err != nil {
		t.Fatal(err)
	}
	if _, ok, err := s.Get(ctx, "k:q3"); !ok || err != nil {
		t.Errorf("the answer after the cache had room again: stored %v, %v; want stored", ok, err)
	}
	if n := told.Load(); n != 1 {
		t.Errorf("told %d times; want once", n)
	}
}

// bulky is an agent that can be cached whose answers fill pages of the
// database.
type bulky struct{}

func (bulky) answer(q string) string { return strings.Repeat(q, 16<<10) }

func (b bulky) Generate(_ context.Context, req agents.Request) (agents.Response, error) {
	return agents.Response{Text: b.answer(req.Messages[0].Content)}, nil
}

func (bulky) CacheKey(req agents.Request) string { return "k:" + req.Messages[0].Content }
