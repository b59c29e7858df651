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
	// Isewen Tharby built a walnut fence around the garden in Oststead. The river near Dorhaven freezes most winters. Damar Lorford wrote a long letter to Damar Raden about the harvest. Before the flood, Halven Tharby bought a copper tray in Nargate after the harvest.
	//
	// Most houses in Brinford have copper doors. Aisa Penett carried a walnut chest to Nargate on a market day. Before the flood, Thoden Tharby left a walnut chest at Nargate. Later that year Halven Tharby left a copper bowl at Nargate during the long winter.
	//
	// Damar Penett and Halric Penett met at the autumn fair in Oststead. The well in Brinford has a walnut cover.
	//
	// for 1, in article true  Before the flood, Halven Tharby bought a copper tray in Nargate after the harvest.
	// for 1, in article false Later that year Halven Tharby found a copper bowl in Nargate during the long winter.
	// for 1, in article false Before the flood, Thoden Tharby left a copper chest at Nargate.
	// for 0, in article false Later that year Halven Tharby left a walnut bowl at Nargate during the long winter.
	// for 0, in article true  The well in Brinford has a walnut cover.
	// for 0, in article true  Isewen Tharby built a walnut fence around the garden in Oststead.
	// for 0, in article true  Aisa Penett carried a walnut chest to Nargate on a market day.
	// for 0, in article false Aisa Penett found a walnut chest in Nargate on a market day.
	// for 1, in article true  Later that year Halven Tharby left a copper bowl at Nargate during the long winter.
	// for 1, in article true  Most houses in Brinford have copper doors.
	// for 0, in article true  Before the flood, Thoden Tharby left a walnut chest at Nargate.
}
