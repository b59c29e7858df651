package engine

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

// minimal is the rest of a valid experiment file.
const minimal = "agents:\n  j: {backend: sim}\ntasks:\n  - {name: q, generator: qa, n: 2}\nprotocols:\n  - {name: direct, judge: j}\n"

func seedList(n int) string {
	s := make([]string, n)
	for i := range s {
		s[i] = fmt.Sprint(i + 1)
	}
	return "[" + strings.Join(s, ", ") + "]"
}

// replicates: and seeds: take 1 to 1000 seeds, each once, and not both.
func TestReplicatesAndSeedsBounds(t *testing.T) {
	for _, tc := range []struct {
		text  string
		seeds int    // replicate seeds read, where ok
		field string // the field the error names, where not
	}{
		{"replicates: 1", 1, ""},
		{"replicates: 1000", 1000, ""},
		{"replicates: 1001", 0, "replicates"},
		{"replicates: 0", 0, "replicates"},
		{"seeds: " + seedList(1000), 1000, ""},
		{"seeds: " + seedList(1001), 0, "seeds"},
		{"seeds: []", 0, "seeds"},
		{"seeds: [4, 9, 4]", 0, "seeds[2]"},
		{"seeds: [4, -9]", 0, "seeds[1]"},
		{"replicates: 2\nseeds: [1, 2]", 0, "seeds"},
	} {
		x, err := Parse("f.yaml", []byte("name: f\n"+tc.text+"\n"+minimal))
		if tc.field != "" {
			var ie *InputError
			if !errors.As(err, &ie) || ie.Field != tc.field {
				t.Errorf("%.40s: err = %v; want an error naming %s", tc.text, err, tc.field)
			}
			continue
		}
		if err != nil {
			t.Errorf("%.40s: %v", tc.text, err)
		} else if len(x.ReplicateSeeds) != tc.seeds {
			t.Errorf("%.40s: %d seeds, %v; want %d", tc.text, len(x.ReplicateSeeds), err, tc.seeds)
		}
	}
}

// A seeds: list that leaves out the file's seed: is told, and only then.
func TestUnplayedSeed(t *testing.T) {
	for _, tc := range []struct {
		text string
		want bool
	}{
		{"seed: 5\nseeds: [1, 2]", true},
		{"seed: 1\nseeds: [1, 2]", false},
		{"seeds: [1, 2]", false}, // no seed: given, none left out
		{"seed: 5\nreplicates: 3", false},
		{"seed: 5", false},
	} {
		x, err := Parse("f.yaml", []byte("name: f\n"+tc.text+"\n"+minimal))
		if err != nil {
			t.Fatalf("%s: %v", tc.text, err)
		}
		if seed, got := x.UnplayedSeed(); got != tc.want || (got && seed != 5) {
			t.Errorf("%q: UnplayedSeed = %d, %v; want %v", tc.text, seed, got, tc.want)
		}
	}
}

func TestReplicateSeedsAndFolders(t *testing.T) {
	seeds := ReplicateSeeds(42, 50)
	if len(seeds) != 50 || seeds[0] != 42 {
		t.Fatalf("ReplicateSeeds(42, 50) = %d seeds from %v; want 50, the first 42", len(seeds), seeds[:1])
	}
	seen := map[uint64]bool{}
	for _, s := range seeds {
		if seen[s] {
			t.Errorf("seed %d twice", s)
		}
		seen[s] = true
		if got, ok := ReplicateSeedOf(ReplicateDir(s)); !ok || got != s {
			t.Errorf("ReplicateSeedOf(%q) = %d, %v; want %d", ReplicateDir(s), got, ok, s)
		}
	}
	for _, s := range seeds[1:] {
		if s >= 1<<30 {
			t.Errorf("derived seed %d; want one below 2^30", s)
		}
	}
	if again := ReplicateSeeds(42, 3); again[1] != seeds[1] || again[2] != seeds[2] {
		t.Errorf("ReplicateSeeds(42, 3) = %v; want the first three of ReplicateSeeds(42, 50)", again)
	}
	// Only the names ReplicateDir gives are replicates' folders.
	for _, name := range []string{"seed-007", "seed-", "seed-x", "seed--1", "7", "run-7", "seed-+7"} {
		if s, ok := ReplicateSeedOf(name); ok {
			t.Errorf("ReplicateSeedOf(%q) = %d; want no replicate's folder", name, s)
		}
	}
}
