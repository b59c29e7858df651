package humanjudge

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mootlab/moot/internal/inputerr"
)

// TestJoinDefaultSlotIsTheLowestFree: an annotator who chose a slot does
// not push a later one into it; the default is the lowest slot no
// annotator holds.
func TestJoinDefaultSlotIsTheLowestFree(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		name       string
		slot, want int
	}{{"xavier", 2, 2}, {"alice", -1, 0}, {"bob", -1, 1}, {"carol", -1, 3}, {"dan", -1, 4}} {
		got, _, err := join(dir, "run", []string{"id1"}, tc.name, tc.slot, 7)
		if err != nil || got != tc.want {
			t.Errorf("join(%s, %d) = %d, %v; want %d", tc.name, tc.slot, got, err, tc.want)
		}
	}
}

// TestJoinKeepsTheSeed: the study keeps the seed of its question order,
// the first annotator's, and refuses another; a study.json written before
// it kept one takes the seed of the next to join.
func TestJoinKeepsTheSeed(t *testing.T) {
	dir := t.TempDir()
	if _, _, err := join(dir, "run", []string{"id1"}, "alice", -1, 7); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"alice", "bob"} {
		_, _, err := join(dir, "run", []string{"id1"}, name, -1, 99)
		if !errors.Is(err, ErrSeed) || !strings.Contains(err.Error(), "seed 7, not 99") {
			t.Errorf("%s with seed 99 in a study of seed 7: %v; want ErrSeed naming both", name, err)
		}
	}
	if _, _, err := join(dir, "run", []string{"id1"}, "bob", -1, 7); err != nil {
		t.Errorf("bob with the study's seed: %v", err)
	}

	old := t.TempDir()
	path := filepath.Join(old, StudyFile)
	before := `{"run": "run", "run_id": "id1", "annotators": [{"name": "alice", "slot": 0}]}`
	if err := os.WriteFile(path, []byte(before), 0o644); err != nil {
		t.Fatal(err)
	}
	if slot, added, err := join(old, "run", []string{"id1"}, "alice", -1, 5); err != nil || slot != 0 || added {
		t.Fatalf("alice resuming a study without a seed: slot %d, added %v, %v; want slot 0", slot, added, err)
	}
	if data, _ := os.ReadFile(path); !strings.Contains(string(data), `"seed": 5`) {
		t.Errorf("study.json after a resume: %s; want seed 5 kept", data)
	}
	if _, _, err := join(old, "run", []string{"id1"}, "bob", -1, 6); !errors.Is(err, ErrSeed) {
		t.Errorf("bob with seed 6 after alice took seed 5: %v; want ErrSeed", err)
	}
}

// TestJoinWithoutASeed: an annotator who asks for no seed takes the
// study's; the first of a study, the default (the experiment's). A study
// written before moot kept its seed is taken to be at the default, which
// its annotators had unless they gave another: a newcomer asking for
// another is refused there too.
func TestJoinWithoutASeed(t *testing.T) {
	asked := uint64(99)
	dir := t.TempDir()
	for _, tc := range []struct {
		name string
		seed *uint64
		want uint64
	}{{"alice", &asked, 99}, {"bob", nil, 99}, {"alice", nil, 99}} {
		j, err := Join(dir, Joining{Run: "run", RunIDs: []string{"id1"}, Name: tc.name, Slot: -1, Seed: tc.seed, DefaultSeed: 5})
		if err != nil || j.Seed != tc.want {
			t.Errorf("%s, seed asked %v: seed %d, %v; want %d", tc.name, tc.seed, j.Seed, err, tc.want)
		}
	}

	old := t.TempDir()
	before := `{"run": "run", "run_id": "id1", "annotators": [{"name": "alice", "slot": 0}]}`
	if err := os.WriteFile(filepath.Join(old, StudyFile), []byte(before), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Join(old, Joining{Run: "run", RunIDs: []string{"id1"}, Name: "carol", Slot: -1, Seed: &asked, DefaultSeed: 5}); !errors.Is(err, ErrSeed) {
		t.Errorf("carol asking for seed 99 in a study begun before seeds were kept (default 5): %v; want ErrSeed", err)
	}
	if j, err := Join(old, Joining{Run: "run", RunIDs: []string{"id1"}, Name: "carol", Slot: -1, DefaultSeed: 5}); err != nil || j.Seed != 5 || j.Slot != 1 {
		t.Errorf("carol asking for no seed there: %+v, %v; want seed 5, slot 1", j, err)
	}
}

// TestJoinRefusesAFileForAName: a name that is a file of the study folder,
// not a folder, is refused before it joins.
func TestJoinRefusesAFileForAName(t *testing.T) {
	dir := t.TempDir()
	if _, _, err := join(dir, "run", []string{"id1"}, "alice", -1, 7); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]error{StudyFile: ErrBadName, "Study.JSON": ErrBadName, "notes.txt": ErrNameTaken} {
		if _, _, err := join(dir, "run", []string{"id1"}, name, -1, 7); !errors.Is(err, want) {
			t.Errorf("--as %s: %v; want %v", name, err, want)
		}
	}
	if data, _ := os.ReadFile(filepath.Join(dir, StudyFile)); strings.Contains(string(data), "notes") {
		t.Errorf("study.json lists a file as an annotator: %s", data)
	}
}

// TestJoinKeepsTheQuestionOrder: a new study spreads its questions over
// the order; one begun before moot did (no "order" in study.json) keeps
// FNV's for every annotator, newcomers included, so that all go on as
// they began; one that all its annotators left begins anew, spread.
func TestJoinKeepsTheQuestionOrder(t *testing.T) {
	fresh := t.TempDir()
	for _, name := range []string{"alice", "bob"} {
		if j, err := Join(fresh, Joining{Run: "run", RunIDs: []string{"id1"}, Name: name, Slot: -1, DefaultSeed: 5}); err != nil || j.FNVOrder {
			t.Errorf("%s joining a new study: %+v, %v; want the spread order", name, j, err)
		}
	}
	old := t.TempDir()
	before := `{"run": "run", "run_id": "id1", "seed": 5, "annotators": [{"name": "alice", "slot": 0}]}`
	if err := os.WriteFile(filepath.Join(old, StudyFile), []byte(before), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"alice", "carol"} {
		if j, err := Join(old, Joining{Run: "run", RunIDs: []string{"id1"}, Name: name, Slot: -1, DefaultSeed: 5}); err != nil || !j.FNVOrder {
			t.Errorf("%s joining a study begun before: %+v, %v; want its FNV order", name, j, err)
		}
	}
	for _, name := range []string{"alice", "carol"} {
		if err := Leave(old, name); err != nil {
			t.Fatal(err)
		}
	}
	if j, err := Join(old, Joining{Run: "run", RunIDs: []string{"id1"}, Name: "dan", Slot: -1, DefaultSeed: 5}); err != nil || j.FNVOrder {
		t.Errorf("dan joining the study all left: %+v, %v; want the spread order", j, err)
	}
}

// TestJoinKeepsTheEpisodeOrder: a new study lists a question's episodes
// assignment first, and says so in study.json; one begun before
// 2026-12-05 (no "episodes" there, its question order spread or not)
// keeps the run's order for every annotator, newcomers included, so that
// one who resumes is not reassigned; one that all left begins anew.
func TestJoinKeepsTheEpisodeOrder(t *testing.T) {
	fresh := t.TempDir()
	for _, name := range []string{"alice", "bob"} {
		if j, err := Join(fresh, Joining{Run: "run", RunIDs: []string{"id1"}, Name: name, Slot: -1, DefaultSeed: 5}); err != nil || j.RunOrder {
			t.Errorf("%s joining a new study: %+v, %v; want assignment first", name, j, err)
		}
	}
	if data, _ := os.ReadFile(filepath.Join(fresh, StudyFile)); !strings.Contains(string(data), `"episodes": "assignment-first"`) {
		t.Errorf("a new study.json: %s; want the episode order kept", data)
	}
	for _, before := range []string{
		`{"run": "run", "run_id": "id1", "seed": 5, "order": "spread", "annotators": [{"name": "alice", "slot": 0}]}`,
		`{"run": "run", "run_id": "id1", "seed": 5, "annotators": [{"name": "alice", "slot": 0}]}`,
	} {
		old := t.TempDir()
		path := filepath.Join(old, StudyFile)
		if err := os.WriteFile(path, []byte(before), 0o644); err != nil {
			t.Fatal(err)
		}
		for _, name := range []string{"alice", "carol"} {
			if j, err := Join(old, Joining{Run: "run", RunIDs: []string{"id1"}, Name: name, Slot: -1, DefaultSeed: 5}); err != nil || !j.RunOrder {
				t.Errorf("%s joining the study %s: %+v, %v; want the run's order", name, before, j, err)
			}
		}
		if data, _ := os.ReadFile(path); strings.Contains(string(data), `"episodes"`) {
			t.Errorf("study.json begun before, after joins: %s; want no episode order", data)
		}
		for _, name := range []string{"alice", "carol"} {
			if err := Leave(old, name); err != nil {
				t.Fatal(err)
			}
		}
		if j, err := Join(old, Joining{Run: "run", RunIDs: []string{"id1"}, Name: "dan", Slot: -1, DefaultSeed: 5}); err != nil || j.RunOrder || j.FNVOrder {
			t.Errorf("dan joining the study all left: %+v, %v; want the new orders", j, err)
		}
	}
}

// TestJoinRefusesASlotPastTheRotation: a slot near the largest int
// overflowed the rotation (a panic, after the annotator had joined, so
// that each later start panicked too): it is refused before it is kept,
// and one kept so by an earlier moot is named, not played.
func TestJoinRefusesASlotPastTheRotation(t *testing.T) {
	dir := t.TempDir()
	if _, _, err := join(dir, "run", []string{"id1"}, "big", MaxSlot+1, 7); err == nil || !strings.Contains(err.Error(), "at most") {
		t.Errorf("slot %d: %v; want it refused", MaxSlot+1, err)
	}
	if data, _ := os.ReadFile(filepath.Join(dir, StudyFile)); strings.Contains(string(data), "big") {
		t.Errorf("study.json keeps the refused annotator: %s", data)
	}
	if got, _, err := join(dir, "run", []string{"id1"}, "edge", MaxSlot, 7); err != nil || got != MaxSlot {
		t.Errorf("slot %d: %d, %v; want it kept", MaxSlot, got, err)
	}
	path := filepath.Join(dir, StudyFile)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	poisoned := strings.Replace(string(data), `"slot": 1073741824`, `"slot": 9223372036854775807`, 1)
	if poisoned == string(data) {
		t.Fatalf("study.json has no slot to poison: %s", data)
	}
	if err := os.WriteFile(path, []byte(poisoned), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, _, err := join(dir, "run", []string{"id1"}, "edge", -1, 7); err == nil || !strings.Contains(err.Error(), "slot 9223372036854775807 is out of range") {
		t.Errorf("a kept slot past the rotation: %v; want it named", err)
	}
}

// TestJoinKeepsTheIdleThreshold: the study keeps the page's idle
// threshold, the first annotator's, so that every annotator's active time
// is measured alike: a later annotator asking for none gets it, one asking
// for another is refused; a study.json written before moot measured
// active time takes the next annotator's.
func TestJoinKeepsTheIdleThreshold(t *testing.T) {
	dir := t.TempDir()
	enter := func(name string, idle time.Duration) (Joined, error) {
		return Join(dir, Joining{Run: "run", RunIDs: []string{"id1"}, Name: name, Slot: -1, DefaultSeed: 7, Idle: idle})
	}
	if j, err := enter("alice", 90*time.Second); err != nil || j.Idle != 90*time.Second {
		t.Fatalf("alice asking for 90s: %+v, %v; want 90s", j, err)
	}
	if j, err := enter("bob", 0); err != nil || j.Idle != 90*time.Second {
		t.Errorf("bob asking for none: %+v, %v; want the study's 90s", j, err)
	}
	if _, err := enter("carol", time.Minute); !errors.Is(err, ErrIdle) || !strings.Contains(err.Error(), "--idle 1m30s, not 1m0s") {
		t.Errorf("carol asking for 1m in a study of 90s: %v; want ErrIdle naming both", err)
	}

	fresh := t.TempDir()
	if j, err := Join(fresh, Joining{Run: "run", RunIDs: []string{"id1"}, Name: "dan", Slot: -1}); err != nil || j.Idle != DefaultIdle {
		t.Errorf("dan asking for none in a new study: %+v, %v; want DefaultIdle", j, err)
	}

	old := t.TempDir()
	path := filepath.Join(old, StudyFile)
	before := `{"run": "run", "run_id": "id1", "seed": 3, "annotators": [{"name": "alice", "slot": 0}]}`
	if err := os.WriteFile(path, []byte(before), 0o644); err != nil {
		t.Fatal(err)
	}
	if j, err := Join(old, Joining{Run: "run", RunIDs: []string{"id1"}, Name: "alice", Slot: -1, Idle: 5 * time.Minute}); err != nil || j.Idle != 5*time.Minute {
		t.Fatalf("alice resuming a study without a threshold, asking for 5m: %+v, %v; want 5m", j, err)
	}
	if data, _ := os.ReadFile(path); !strings.Contains(string(data), `"idle_ms": 300000`) {
		t.Errorf("study.json after the resume: %s; want idle_ms 300000 kept", data)
	}
	if err := os.WriteFile(path, []byte(`{"run": "run", "run_id": "id1", "idle_ms": 0, "annotators": []}`), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Join(old, Joining{Run: "run", RunIDs: []string{"id1"}, Name: "erin", Slot: -1}); err == nil || !strings.Contains(err.Error(), ":1: idle_ms: want more than 0") {
		t.Errorf("a study.json of idle_ms 0: %v; want it refused, naming the field", err)
	}
}

// TestJoinRefusesWhatNoMootWrote: a study.json edited by hand into what
// no moot writes — an order, episodes or rotation of another value ("Seeded"), a
// misspelt key ("rotaton"), data after its object — is refused naming the
// file, the line and the key, and left as it is: each was read as a study
// begun before the key, whose annotators got the old assignments with a
// warning that an older moot began it.
func TestJoinRefusesWhatNoMootWrote(t *testing.T) {
	const good = "{\n  \"run\": \"run\",\n  \"run_id\": \"id1\",\n  \"seed\": 5,\n  \"order\": \"spread\",\n  \"episodes\": \"assignment-first\",\n  \"rotation\": \"seeded\",\n  \"idle_ms\": 120000,\n  \"annotators\": [{\"name\": \"alice\", \"slot\": 0}]\n}\n"
	for _, tc := range []struct{ from, to, want string }{
		{`"rotation": "seeded"`, `"rotation": "Seeded"`, `:7: rotation: want "seeded", got "Seeded"`},
		{`"order": "spread"`, `"order": "fnv"`, `:5: order: want "spread", got "fnv"`},
		{`"episodes": "assignment-first"`, `"episodes": "run"`, `:6: episodes: want "assignment-first", got "run"`},
		{`"rotation"`, `"rotaton"`, `:7: rotaton: unknown field`},
		{`"seed": 5`, `"seed": "5"`, `:4: seed: want a whole number, not negative, got a string`},
		{`"idle_ms": 120000`, `"idle_ms": 9223372036854775807`, `:8: idle_ms: want more than 0 and at most`},
		{"}\n", "}\n{}\n", `:11: data after the study's object`},
		// An annotator's key is named as its, with the keys an annotator
		// has, on its own line, where it was said as the study's.
		{`"slot": 0`, `"slto": 0`, `:9: annotators[0].slto: unknown field (known: name, slot)`},
		{`"slot": 0`, `"run": 0`, `:9: annotators[0].run: unknown field (known: name, slot)`},
		// An annotator named twice: the first was taken, the second's
		// slot never; a study of no object or of no run was read as an
		// empty one and written back, of no run.
		{`{"name": "alice", "slot": 0}`, `{"name": "alice", "slot": 0},` + "\n" + `    {"name": "alice", "slot": 1}`, `:10: annotators[1].name: "alice" is annotators[0]'s name too`},
		{good, "null\n", `:1: want the study's object`},
		{`"run": "run"`, `"run": ""`, `:2: run: want the folder of the run judged`},
	} {
		dir := t.TempDir()
		path := filepath.Join(dir, StudyFile)
		edited := strings.Replace(good, tc.from, tc.to, 1)
		if err := os.WriteFile(path, []byte(edited), 0o644); err != nil {
			t.Fatal(err)
		}
		for _, name := range []string{"alice", "bob"} {
			_, _, err := join(dir, "run", []string{"id1"}, name, -1, 5)
			if !errors.Is(err, inputerr.ErrBadInput) || err == nil || !strings.HasPrefix(err.Error(), path+tc.want) {
				t.Errorf("%s joining a study.json with %s: %v; want bad input %q", name, tc.to, err, path+tc.want)
			}
		}
		if data, _ := os.ReadFile(path); string(data) != edited {
			t.Errorf("study.json with %s after the joins: %s; want it as it was", tc.to, data)
		}
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, StudyFile), []byte(good), 0o644); err != nil {
		t.Fatal(err)
	}
	if j, err := Join(dir, Joining{Run: "run", RunIDs: []string{"id1"}, Name: "bob", Slot: -1, DefaultSeed: 5}); err != nil || j.FixedRotation || j.FNVOrder || j.RunOrder {
		t.Errorf("bob joining the study as moot writes it: %+v, %v; want it read", j, err)
	}
}
