package loaders

import (
	"fmt"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/mootlab/moot/tasks"
	"github.com/mootlab/moot/transcript"
)

// familyRuns makes each run of TestJSONLFamilyOfAGenerator register a
// family of its own (go test -count=2): the registry is the process's.
var familyRuns atomic.Int32

// TestJSONLFamilyOfAGenerator: a dataset may name a family a generator
// registered; an unknown one is refused with the known ones named.
func TestJSONLFamilyOfAGenerator(t *testing.T) {
	fam := transcript.Family(fmt.Sprintf("chronology-%d", familyRuns.Add(1)))
	s := JSONLSettings{Question: "q", Correct: "a", Incorrect: "b", Family: string(fam)}
	err := s.Validate()
	if err == nil || !strings.HasPrefix(err.Error(), "family: want qa, math, code") || !strings.Contains(err.Error(), fmt.Sprintf(" or %s, got %q", lastFamily(), fam)) {
		t.Fatalf("an unregistered family: %v; want it refused, the known ones named, the last after 'or'", err)
	}
	tasks.RegisterFamily(fam)
	tasks.RegisterFamily(fam)
	if err := s.Validate(); err != nil {
		t.Errorf("a registered family: %v; want it accepted", err)
	}
	got := tasks.Families()
	n := 0
	for _, f := range got {
		if f == fam {
			n++
		}
	}
	if n != 1 || got[0] != transcript.FamilyQA || got[len(got)-1] != fam {
		t.Errorf("families %v; want the shipped first, %s once and last", got, fam)
	}
}

// lastFamily is the family registered last.
func lastFamily() transcript.Family {
	f := tasks.Families()
	return f[len(f)-1]
}
