package finance

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/mootlab/moot/tasks"
)

// TestIrrelevantFilingRedrawsTheSameCompany: the irrelevant context is
// another company's filing; where the filing drawn first is of the company
// asked about, another is drawn. The company asked about here is the one
// the stream draws first, so the first draw is always the same name.
func TestIrrelevantFilingRedrawsTheSameCompany(t *testing.T) {
	for seed := uint64(1); seed <= 20; seed++ {
		company := newFiling(rand.New(rand.NewPCG(seed, 7))).name
		q := tasks.Question{Text: "What was " + company + " operating margin in 2023?", Context: "x"}
		perturb(&q, Settings{Difficulty: 0.5, PerturbQuery: None, PerturbContext: Irrelevant}, company, rand.New(rand.NewPCG(seed, 7)))
		if got, _, _ := strings.Cut(q.Context, " annual report"); got == company || got == "" {
			t.Errorf("seed %d: the irrelevant filing is of %q; want another company than %q", seed, got, company)
		}
	}
}
