package analysis

import (
	"slices"
	"strings"
	"testing"
)

// TestSeedsWithNoEpisodesAreNotCounted: a replicated run killed while a
// seed's log was still empty has one replicate in its rows, and its note
// says one, naming the seed that has none yet, not "2 replicates".
func TestSeedsWithNoEpisodesAreNotCounted(t *testing.T) {
	z := NewReplicateSummarizer("x", []uint64{7, 9})
	for i, q := range []string{"q1", "q2", "q3"} {
		ep := episode("debate", "debate", "t", "j", q, "correct-first", i%2, "")
		z.Add(0, &ep)
	}
	rs := z.Run().Replicates
	if !slices.Equal(rs.Seeds, []uint64{7, 9}) || !slices.Equal(rs.Empty, []uint64{9}) {
		t.Errorf("seeds %v, empty %v; want [7 9], [9]", rs.Seeds, rs.Empty)
	}
	note := ReplicateNote(rs)
	if want := "1 replicate (seeds 7; 1 seed with no episodes yet: 9)."; !strings.HasPrefix(note, want) {
		t.Errorf("note %q; want it to begin %q", note, want)
	}
	if got, want := rs.Heading(), "1 replicate (1 seed with no episodes yet)"; got != want {
		t.Errorf("heading %q; want %q", got, want)
	}

	// Every seed with episodes: the note as it always was.
	ep := episode("debate", "debate", "t", "j", "q1", "correct-first", 0, "")
	z.Add(1, &ep)
	rs = z.Run().Replicates
	if rs.Empty != nil || !strings.HasPrefix(ReplicateNote(rs), "2 replicates (seeds 7, 9).") || rs.Heading() != "2 replicates" {
		t.Errorf("empty %v, note %q, heading %q; want none, \"2 replicates (seeds 7, 9).\", \"2 replicates\"", rs.Empty, ReplicateNote(rs), rs.Heading())
	}
}
