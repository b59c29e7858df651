package protocols_test

import (
	"fmt"
	"regexp"
	"strconv"
	"testing"

	"github.com/mootlab/moot/protocols"
)

// rangeInDoc is a setting's documented range, "(1 to 20)" or "(…; 1 to 15)".
var rangeInDoc = regexp.MustCompile(`\((?:[^()]*; )?(-?\d+) to (-?\d+)\)`)

// TestDocumentedRanges: each whole-number setting whose meaning gives its
// range takes both ends and refuses one past either, so that what
// protocols list and docs/protocols.md say is what Validate does.
func TestDocumentedRanges(t *testing.T) {
	checked := 0
	for _, e := range protocols.Entries() {
		base, ok := minimal[e.Name]
		if !ok {
			continue // TestConformance fails it
		}
		for _, s := range e.Settings {
			m := rangeInDoc.FindStringSubmatch(s.Doc)
			if m == nil || s.Type != "int" {
				continue
			}
			lo, _ := strconv.Atoi(m[1])
			hi, _ := strconv.Atoi(m[2])
			for v, valid := range map[int]bool{lo: true, hi: true, lo - 1: false, hi + 1: false} {
				doc := base + fmt.Sprintf("%s: %d\n", s.Name, v)
				_, err := e.New(decoder(doc))
				if (err == nil) != valid {
					t.Errorf("%s %s: %d: error %v; the doc says %s to %s", e.Name, s.Name, v, err, m[1], m[2])
				}
			}
			checked++
		}
	}
	if checked < 5 {
		t.Errorf("%d settings with a documented range checked; want the rounds, word limits, best_of and society's", checked)
	}
}
