package engine

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/mootlab/moot/cache"
	"github.com/mootlab/moot/simserver"
	"github.com/mootlab/moot/transcript"
)

// playVariant plays small.yaml with edit applied to its text, and returns
// its episodes by slot (protocol, question, assignment, repeat).
func playVariant(t *testing.T, edit func([]byte) []byte) map[string]transcript.Episode {
	t.Helper()
	data := mustRead(t, "testdata/small.yaml")
	x, err := Parse("testdata/small.yaml", edit(data))
	if err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	mustRunSummarized(t, x, Options{Out: out, Concurrency: 4})
	bySlot := map[string]transcript.Episode{}
	for _, ep := range readTranscripts(t, out) {
		bySlot[fmt.Sprintf("%s|%s|%s|%d", ep.Protocol, ep.QuestionID, ep.Assignment, ep.Repeat)] = ep
	}
	return bySlot
}

// TestDrawsNameOneDrawAcrossExperiments: sim agents name each answer's
// draw. Two experiment files that differ only where an episode does not
// look (a protocol added) play it alike at one seed, and its records name
// one draw; at another seed, or with the judge's settings changed, they
// name others — the speakers' answers, which the judge does not shape,
// keep theirs.
func TestDrawsNameOneDrawAcrossExperiments(t *testing.T) {
	same := func(b []byte) []byte { return b }
	base := playVariant(t, same)
	added := playVariant(t, func(b []byte) []byte {
		return append(bytes.Clone(b), "  - {name: consultancy, label: consultancy-sly, judge: judge, consultant: sly}\n"...)
	})
	seeded := playVariant(t, func(b []byte) []byte { return bytes.Replace(b, []byte("seed: 11"), []byte("seed: 12"), 1) })
	judged := playVariant(t, func(b []byte) []byte {
		return bytes.Replace(b, []byte("judge: {backend: sim, skill: 0.5"), []byte("judge: {backend: sim, skill: 0.6"), 1)
	})
	hex32 := regexp.MustCompile(`^[0-9a-f]{32}$`)
	keys := map[string]bool{}
	for slot, ep := range base {
		for _, m := range ep.Messages {
			if !hex32.MatchString(m.Draw) {
				t.Fatalf("%s: %s's message names draw %q; want 32 hex digits", slot, m.Name, m.Draw)
			}
		}
		key, ok := ep.DrawKey()
		if !ok {
			t.Fatalf("%s: no draw key", slot)
		}
		keys[key] = true
		a, j := added[slot], judged[slot]
		if k, _ := a.DrawKey(); k != key {
			t.Errorf("%s: the file with a protocol added names draw %s; want %s, the same", slot, k, key)
		}
		if k, _ := j.DrawKey(); k == key {
			t.Errorf("%s: another judge's record names the base's draw", slot)
		}
		for i, m := range j.Messages {
			if (m.Role == transcript.RoleJudge) == (m.Draw == ep.Messages[i].Draw) {
				t.Errorf("%s: another judge's message %d (%s) names draw %s, the base's %s; want the judge's alone changed", slot, i, m.Role, m.Draw, ep.Messages[i].Draw)
			}
		}
	}
	if len(keys) != len(base) {
		t.Errorf("%d draw keys for %d episodes; want one each", len(keys), len(base))
	}
	for slot, ep := range seeded {
		if k, _ := ep.DrawKey(); keys[k] {
			t.Errorf("%s at another seed names a draw of the base", slot)
		}
	}
}

// TestDrawsOfAnLLM: an LLM's answers name a draw only through the
// response cache, which gives each run that asks again the answer it
// holds: the cached run names the draws the first did. Uncached, each
// answer is drawn anew and names none.
func TestDrawsOfAnLLM(t *testing.T) {
	if testing.Short() {
		t.Skip("plays an experiment over HTTP")
	}
	x, _ := serveSmall(t, simserver.Faults{})
	for _, ep := range played(t, x, Options{Concurrency: 8}) {
		if k, ok := ep.DrawKey(); ok || ep.Messages[0].Draw != "" {
			t.Fatalf("%s uncached names draw %q (key %s); want none", ep.EpisodeID, ep.Messages[0].Draw, k)
		}
	}
	// Two runs through one cache, the second answered from it, and a
	// third through a cache of its own, which asks the server afresh.
	stores := []*cache.Store{openCache(t, t.TempDir()), openCache(t, t.TempDir())}
	var runs [3][]transcript.Episode
	for i, store := range []*cache.Store{stores[0], stores[0], stores[1]} {
		runs[i] = played(t, x, Options{Concurrency: 8, Cache: store})
	}
	for i, ep := range runs[0] {
		k, ok := ep.DrawKey()
		cached, _ := runs[1][i].DrawKey()
		if !ok || k != cached {
			t.Fatalf("%s: draw key %q (named %v), from the cache %q; want one, the same", ep.EpisodeID, k, ok, cached)
		}
		// serve-sim answers alike each time: the words agree, the draws
		// do not.
		if afresh, _ := runs[2][i].DrawKey(); afresh == k || runs[2][i].Messages[0].Text != ep.Messages[0].Text {
			t.Fatalf("%s: drawn afresh through another cache, draw key %q, text %q; want another key than %q, the same text", ep.EpisodeID, afresh, runs[2][i].Messages[0].Text, k)
		}
	}
}

// TestOlderRecordsKeepTheirFormat: a folder whose records came in part
// from a run of an older record format — resumed, or rejudged keeping its
// speakers' messages — says that older format, for those records name no
// draws; a run played afresh says the current one.
func TestOlderRecordsKeepTheirFormat(t *testing.T) {
	format := func(dir string) int {
		t.Helper()
		h, err := ReadLockHead(dir)
		if err != nil {
			t.Fatal(err)
		}
		return h.RecordFormat
	}
	old := copyRun(t, complete(t))
	lockPath, logPath := filepath.Join(old, LockFile), filepath.Join(old, TranscriptsFile)
	lock, _ := os.ReadFile(lockPath)
	lock = bytes.Replace(lock, []byte(fmt.Sprintf("record_format: %d\n", RecordFormat)), []byte("record_format: 2\n"), 1)
	data, _ := os.ReadFile(logPath)
	lines := bytes.SplitAfter(data, []byte("\n"))
	data = regexp.MustCompile(`"draw":"[0-9a-f]{32}",`).ReplaceAll(bytes.Join(lines[:len(lines)/2], nil), nil)
	if os.WriteFile(lockPath, lock, 0o644) != nil || os.WriteFile(logPath, data, 0o644) != nil || format(old) != 2 {
		t.Fatal("could not make a run of format 2")
	}
	rejudged := t.TempDir()
	if _, err := rejudgeSummarized(context.Background(), loadSmall(t), old, "strong", Options{Out: rejudged}); err != nil {
		t.Fatal(err)
	}
	mustRunSummarized(t, loadSmall(t), Options{Out: old})
	fresh := complete(t)
	if got := [3]int{format(old), format(rejudged), format(fresh)}; got != [3]int{2, 2, RecordFormat} {
		t.Errorf("record formats of the resumed run, its rejudge and a fresh run: %v; want 2, 2, %d", got, RecordFormat)
	}
}
