package cache

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/mootlab/moot/transcript"
)

// TestNamingTakesAnotherAsksDrawOnlyForTheSameEntry: an entry stored
// before moot named draws, read by one ask while another names it first,
// takes the draw the other named, for it is the same entry but for its
// draw; where the key holds another entry by then (the old one pruned and
// another answer stored), the answer read names no draw, for the draw in
// the cache names another answer.
func TestNamingTakesAnotherAsksDrawOnlyForTheSameEntry(t *testing.T) {
	read := stored{Text: "A", Reasoning: "R", Probabilities: []float64{0.25, 0.75}, Usage: transcript.Usage{InputTokens: 3, OutputTokens: 4}, Model: "m"}
	for _, c := range []struct {
		name string
		held func(s *stored) // the entry the key holds now, from read
		want string
	}{
		{"the same entry, named by another ask", func(*stored) {}, "d2"},
		{"another text", func(s *stored) { s.Text = "B" }, ""},
		{"another reasoning", func(s *stored) { s.Reasoning = "S" }, ""},
		{"other probabilities", func(s *stored) { s.Probabilities = []float64{0.75, 0.25} }, ""},
		{"other usage", func(s *stored) { s.Usage.OutputTokens = 5 }, ""},
		{"truncated", func(s *stored) { s.Truncated = true }, ""},
		{"another model served it", func(s *stored) { s.Model = "other-model" }, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			ctx := context.Background()
			s := mustOpen(t, t.TempDir())
			blob, err := json.Marshal(read)
			if err != nil {
				t.Fatal(err)
			}
			held := read
			held.Probabilities = append([]float64(nil), read.Probabilities...)
			c.held(&held)
			held.Draw = "d2"
			heldBlob, err := json.Marshal(held)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := s.db.ExecContext(ctx, `INSERT INTO responses (key, agent, response, created) VALUES ('k', 'x', ?, 0)`, heldBlob); err != nil {
				t.Fatal(err)
			}
			// read, as blob, is what this ask read before the key came to
			// hold held: its naming finds the entry changed.
			if got := s.nameDraw(ctx, "k", read, blob); got != c.want {
				t.Errorf("draw named for %+v, the key holding %+v: got %q; want %q", read, held, got, c.want)
			}
		})
	}
}
