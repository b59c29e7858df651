package qa_test

import (
	"fmt"
	"strings"

	"github.com/mootlab/moot/tasks/qa"
)

func ExampleGenerator_Generate() {
	g, err := qa.New(qa.Settings{Difficulty: 0.3, Sentences: 3})
	if err != nil {
		panic(err)
	}
	qs, err := g.Generate(1, 1)
	if err != nil {
		panic(err)
	}
	q := qs[0]
	fmt.Println(q.ID, q.Text)
	fmt.Printf("answers %q, correct %d\n\n", q.Answers, q.Correct)
	fmt.Println(q.Context)
	fmt.Println()
	for _, c := range q.Evidence {
		verbatim := strings.Contains(q.Context, c.Text)
		fmt.Printf("for %d, in article %-5v %s\n", c.Answer, verbatim, c.Text)
	}
	// Output:
	// qa-1-0000 What material was the chest that Thoden Tharby left at Nargate?
	// answers ["copper" "walnut"], correct 1
	//
	// Years before, Halven Tharby stole a copper cup from Nargate. The road from Oststead to Dorhaven floods every spring. The old bridge at Nargate is made of walnut. There are 38 wells in Nargate. Few travellers stop in Brinford after dark.
	//
	// Thoden Tharby left a walnut chest at Nargate. Thoden Penham left a copper box at Kessholt before the bridge was built.
	//
	// for 0, in article false Thoden Tharby left a copper chest at Nargate.
	// for 0, in article true  Thoden Penham left a copper box at Kessholt before the bridge was built.
	// for 1, in article true  The old bridge at Nargate is made of walnut.
	// for 1, in article true  Thoden Tharby left a walnut chest at Nargate.
	// for 0, in article true  Years before, Halven Tharby stole a copper cup from Nargate.
	// for 0, in article false Years before, Halven Tharby carried a copper cup to Nargate.
}
