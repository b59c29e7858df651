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
// with every key term, which the correct side's pool mirrors; a question
// that does not mislead (misleading 0.5) is the one misleading 0 gives.
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
		// The correct side mirrors them: the key, in the article, and the
		// key in another frame, invented; each side has its invented
		// quotes, two for the correct side and one (an altered sentence)
		// for the wrong.
		var whole, invented [2]int
		for _, c := range q.Evidence {
			if reading.Missing(key, c.Text) == 0 {
				whole[c.Answer]++
			}
			if !strings.Contains(q.Context, c.Text) {
				invented[c.Answer]++
			}
		}
		if whole[0] != 2 || whole[1] != 2 {
			t.Errorf("question %d: %v quotes with every key term per answer; want 2 each", i, whole)
		}
		if invented[q.Correct] != 2 || invented[1-q.Correct] != 1 {
			t.Errorf("question %d: %d and %d invented quotes for the correct and the wrong answer; want 2 and 1", i, invented[q.Correct], invented[1-q.Correct])
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
