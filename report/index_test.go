package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// decodedIndex is the page's index as its script reads it.
type decodedIndex struct {
	ID         []string      `json:"id"`
	Question   decodedColumn `json:"question"`
	Protocol   decodedColumn `json:"protocol"`
	Task       decodedColumn `json:"task"`
	Cell       decodedColumn `json:"cell"`
	Judge      decodedColumn `json:"judge"`
	Assignment decodedColumn `json:"assignment"`
	Outcome    decodedColumn `json:"outcome"`
	Verdict    decodedColumn `json:"verdict"`
}

type decodedColumn struct {
	Values []string `json:"values"`
	Codes  []int    `json:"codes"`
	seen   map[string]int
}

// add codes v into the column as the page expects: values in order of
// first appearance — written here apart from the index's own coding.
func (c *decodedColumn) add(v string) {
	if c.Values == nil {
		c.Values, c.Codes, c.seen = []string{}, []int{}, map[string]int{}
	}
	if i, ok := c.seen[v]; ok {
		c.Codes = append(c.Codes, i)
		return
	}
	c.seen[v] = len(c.Values)
	c.Codes = append(c.Codes, len(c.Values))
	c.Values = append(c.Values, v)
}

// TestIndexJSONIsWhatEncodingJSONWrites checks the streamed index byte for
// byte against encoding/json over the same columns held in memory: with no
// episodes, a few, and enough to spill to a temporary file, with ids and
// values that JSON must escape.
func TestIndexJSONIsWhatEncodingJSONWrites(t *testing.T) {
	for _, n := range []int{0, 3, 60000} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			var x episodeIndex
			defer x.close()
			var want decodedIndex
			for i := range n {
				v := episodeView{
					ID: fmt.Sprintf("ep-%d\"<&>\u2028", i), QuestionID: fmt.Sprintf("q<%d>&", i/7),
					Protocol: []string{"debate", "consultancy"}[i%2], Task: "qa", Cell: "",
					Judge: "weak", Assignment: fmt.Sprint(i % 3), Outcome: []string{outcomeCorrect, outcomeIncorrect, outcomeFailed}[i%3/2],
				}
				v.Verdict.Slot = []string{"A", "B", ""}[i%3]
				x.add(&v)
				want.ID = append(want.ID, v.ID)
				for c, s := range map[*decodedColumn]string{&want.Question: v.QuestionID, &want.Protocol: v.Protocol, &want.Task: v.Task,
					&want.Cell: v.Cell, &want.Judge: v.Judge, &want.Assignment: v.Assignment, &want.Outcome: v.Outcome, &want.Verdict: v.Verdict.Slot} {
					c.add(s)
				}
			}
			if n == 60000 && x.rows.f == nil {
				t.Fatalf("%d rows stayed in memory; want them in a temporary file", n)
			}
			var got, expect bytes.Buffer
			if err := x.writeJSON(&got); err != nil {
				t.Fatal(err)
			}
			enc := json.NewEncoder(&expect)
			enc.SetEscapeHTML(false)
			if err := enc.Encode(&want); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(expect.String(), got.String()); diff != "" {
				t.Errorf("index JSON (-encoding/json +streamed):\n%.2000s", diff)
			}
		})
	}
}

// TestSplicerFindsTheTokenAcrossWrites feeds the page a byte at a time.
func TestSplicerFindsTheTokenAcrossWrites(t *testing.T) {
	page := "<p>before " + indexToken + " after " + indexToken + "</p>"
	var out bytes.Buffer
	s := &splicer{w: &out, fill: func(w io.Writer) error { _, err := w.Write([]byte("INDEX")); return err }}
	for i := range len(page) {
		if _, err := s.Write([]byte{page[i]}); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.close(); err != nil {
		t.Fatal(err)
	}
	if want := "<p>before INDEX after " + indexToken + "</p>"; out.String() != want {
		t.Errorf("got %q; want %q", out.String(), want)
	}
	if err := (&splicer{w: &out}).close(); err == nil {
		t.Error("a page without the token closed without an error")
	}
}
