package math_test

import (
	"fmt"
	"strings"

	"github.com/mootlab/moot/internal/reading"
	"github.com/mootlab/moot/tasks/math"
)

func ExampleGenerator_Generate() {
	g, err := math.New(math.Settings{Difficulty: 0.5})
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
	fmt.Println(strings.Join(reading.Sentences(q.Context), "\n"))
	fmt.Println()
	for _, c := range q.Evidence {
		verbatim := strings.Contains(q.Context, c.Text)
		fmt.Printf("for %d, in context %-5v %s\n", c.Answer, verbatim, c.Text)
	}
	// Output:
	// math-1-0000 Brisa packs 8 cases with 9 bottles each. Brisa buys 5 more full cases. Brisa doubles the stock of bottles. What number of bottles does Brisa have left?
	// answers ["234" "119"], correct 0
	//
	// Brisa packs 8 × 9 = 72 bottles.
	// Buying 5 cases of 9 is 5 × 9 = 45 bottles, so 72 + 45 = 117 bottles in all.
	// Doubling makes 117 × 2 = 234 bottles.
	// Brisa packs 8 cases with 9 bottles each, then buys 5 more full cases, then doubles the stock of bottles, so in the end Brisa has 234 bottles left.
	//
	// for 0, in context false To sum up, doubling makes 117 × 2 = 234 bottles.
	// for 0, in context false To sum up, Brisa packs 8 cases with 9 bottles each, then buys 5 more full cases, then doubles the stock of bottles, so in the end Brisa has 234 bottles left.
	// for 1, in context false To sum up, doubling makes 117 + 2 = 119 bottles.
	// for 0, in context true  Brisa packs 8 cases with 9 bottles each, then buys 5 more full cases, then doubles the stock of bottles, so in the end Brisa has 234 bottles left.
	// for 1, in context false To sum up, Brisa packs 8 cases with 9 bottles each, then buys 5 more full cases, then doubles the stock of bottles, so in the end Brisa has 119 bottles left.
}
