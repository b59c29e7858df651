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
	// answers ["walnut" "copper"], correct 0
	//
	// Thoden Penham built a walnut fence around the garden in Nargate. Damar Lorford worked as a scribe in Oststead. Before the flood, Thoden Penett left a copper chest at Brinreach after the harvest.
	//
	// That same winter Halric Tharby left a walnut bowl at Nargate. Few travellers stop in Nargate after dark. Aisa Tharby left a copper comb at Kessholt during the long winter.
	//
	// The old bridge at Brinford is made of copper. Most houses in Brinford have copper doors. Before the flood, Thoden Tharby left a walnut chest at Nargate. Aisa Penham worked as a scribe in Oststead. The old bridge at Oststead is made of walnut.
	//
	// for 1, in article true  Most houses in Brinford have copper doors.
	// for 0, in article true  Before the flood, Thoden Tharby left a walnut chest at Nargate.
	// for 0, in article true  The old bridge at Oststead is made of walnut.
	// for 1, in article true  Aisa Tharby left a copper comb at Kessholt during the long winter.
	// for 0, in article false That same winter Halric Tharby hid a walnut bowl in Nargate.
	// for 0, in article false Before the flood, Thoden Tharby brought a walnut chest to Nargate.
	// for 0, in article true  That same winter Halric Tharby left a walnut bowl at Nargate.
	// for 1, in article true  The old bridge at Brinford is made of copper.
	// for 1, in article false Aisa Tharby bought a copper comb in Kessholt during the long winter.
	// for 1, in article true  Before the flood, Thoden Penett left a copper chest at Brinreach after the harvest.
	// for 0, in article true  Thoden Penham built a walnut fence around the garden in Nargate.
	// for 1, in article false Before the flood, Thoden Tharby left a copper chest at Nargate.
}
