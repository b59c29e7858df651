package qa

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/mootlab/moot/internal/reading"
)

// TestMisleadingHearsay: with misleading 1 every article reports the key
// fact with the wrong answer after a hearsay lead; that sentence and the
// same without its lead are evidence for the wrong side, in the article,
// with every key term; a question that does not mislead (misleading 0.5)
// is the one misleading 0 gives.
func TestMisleadingHearsay(t *testing.T) {
	plain, err := New(Settings{Difficulty: 0.5, Sentences: 6, Variant: Extractive})
	if err != nil {
		t.Fatal(err)
	}
	all, _ := New(Settings{Difficulty: 0.5, Sentences: 6, Variant: Extractive, Misleading: 1})
	half, _ := New(Settings{Difficulty: 0.5, Sentences: 6, Variant: Extractive, Misleading: 0.5})
	const n = 60
	ps, err := plain.Generate(3, n)
	if err != nil {
		t.Fatal(err)
	}
	ms, err := all.Generate(3, n)
	if err != nil {
		t.Fatal(err)
	}
	hs, err := half.Generate(3, n)
	if err != nil {
		t.Fatal(err)
	}
	same := 0
	for i := range n {
		q := ms[i]
		var reported []string
		for _, s := range reading.HearsaySentences(q.Context) {
			if reading.Mentions(s, q.Answers[1-q.Correct]) {
				reported = append(reported, s)
			}
		}
		if len(reported) != 1 {
			t.Fatalf("question %d: %d hearsay sentences for the wrong answer; want 1:\n%s", i, len(reported), q.Context)
		}
		key := reading.KeyTerms(q.Text)
		inPool := 0
		for _, c := range q.Evidence {
			if c.Answer == 1-q.Correct && strings.Contains(q.Context, c.Text) && reading.Missing(key, c.Text) == 0 {
				inPool++
				if !strings.Contains(reported[0], c.Text) {
					t.Errorf("question %d: wrong-side evidence %q in the article with every key term, outside the hearsay", i, c.Text)
				}
			}
		}
		if inPool != 2 {
			t.Errorf("question %d: %d wrong-side quotes in the article with every key term; want 2 (the hearsay, and it without its lead)", i, inPool)
		}
		if len(reading.HearsaySentences(hs[i].Context)) == 0 {
			same++
			if diff := cmp.Diff(ps[i], hs[i]); diff != "" {
				t.Errorf("question %d does not mislead at 0.5 but differs from misleading 0:\n%s", i, diff)
			}
		}
		if len(reading.HearsaySentences(ps[i].Context)) != 0 {
			t.Errorf("question %d misleads at 0", i)
		}
	}
	if same < n/4 || same > 3*n/4 {
		t.Errorf("%d of %d questions left alone at misleading 0.5", same, n)
	}
}
