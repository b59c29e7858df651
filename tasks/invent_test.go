package tasks

import (
	"math/rand/v2"
	"testing"

	"github.com/mootlab/moot/transcript"
)

func TestInvented(t *testing.T) {
	for _, tt := range []struct {
		sentence string
		proper   bool
		want     string
	}{
		{"The loop ends after i = 4.", false, "In short, the loop ends after i = 4."},
		{"Brisa has 9 jars left.", true, "In short, Brisa has 9 jars left."},
		{"Ébène ships 3 crates.", false, "In short, ébène ships 3 crates."},
	} {
		if got := Invented("In short, ", tt.sentence, tt.proper); got != tt.want {
			t.Errorf("Invented(%q, %v): got %q; want %q", tt.sentence, tt.proper, got, tt.want)
		}
	}
	rng := rand.New(rand.NewPCG(1, 2))
	drawn := map[string]bool{}
	for range 100 {
		l := InventedLead(rng)
		if l == "" || l[len(l)-2:] != ", " {
			t.Fatalf("InventedLead: got %q; want words and a comma", l)
		}
		drawn[l] = true
	}
	for _, l := range []string{"In short, ", "All told, ", "To sum up, ", "Put plainly, "} {
		if !drawn[l] {
			t.Errorf("InventedLead: %q not drawn in 100; want each of the four", l)
		}
	}
}

func TestAddInvented(t *testing.T) {
	q := Question{Context: "Brisa has 9 jars left."}
	if !AddInvented(&q, [2][]string{{"In short, Brisa has 9 jars left."}, {"In short, Brisa has 8 jars left."}}) {
		t.Fatal("AddInvented: got false; want true")
	}
	want := []transcript.Claim{
		{Kind: transcript.KindQuote, Answer: 0, Text: "In short, Brisa has 9 jars left."},
		{Kind: transcript.KindQuote, Answer: 1, Text: "In short, Brisa has 8 jars left."},
	}
	if len(q.Evidence) != 2 || q.Evidence[0] != want[0] || q.Evidence[1] != want[1] {
		t.Errorf("AddInvented: got %v; want %v", q.Evidence, want)
	}
	if AddInvented(&Question{Context: q.Context}, [2][]string{nil, {"Brisa has 9 jars left."}}) {
		t.Error("AddInvented of a sentence in the context: got true; want false")
	}
}

// TestAddInventedRefusesAFoldedMatch: an invented sentence that the
// context holds once both are folded (quotes.Found: case, curly quote
// marks, runs of white space) is no invention: a quote of it would be
// marked verified. AddInvented refuses it as it refuses one verbatim.
func TestAddInventedRefusesAFoldedMatch(t *testing.T) {
	const context = "Brisa’s  shop has 9 jars left."
	for _, s := range []string{"brisa's shop has 9 jars left.", "BRISA’S SHOP HAS 9 JARS LEFT."} {
		if AddInvented(&Question{Context: context}, [2][]string{nil, {s}}) {
			t.Errorf("AddInvented of %q, in %q once folded: got true; want false", s, context)
		}
	}
}
