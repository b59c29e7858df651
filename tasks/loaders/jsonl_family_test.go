package loaders

import (
	"strings"
	"testing"

	"github.com/mootlab/moot/tasks"
	"github.com/mootlab/moot/transcript"
)

// TestJSONLFamilyOfAGenerator: a dataset may name a family a generator
// registered; an unknown one is refused with the known ones named.
func TestJSONLFamilyOfAGenerator(t *testing.T) {
	s := JSONLSettings{Question: "q", Correct: "a", Incorrect: "b", Family: "chronology"}
	if err := s.Validate(); err == nil || !strings.Contains(err.Error(), `got "chronology"`) || !strings.Contains(err.Error(), "want qa, math, code, finance") && !strings.Contains(err.Error(), "want qa, math, code or finance") {
		t.Fatalf("an unregistered family: %v; want it refused, the known ones named", err)
	}
	tasks.RegisterFamily(transcript.Family("chronology"))
	tasks.RegisterFamily(transcript.Family("chronology"))
	if err := s.Validate(); err != nil {
		t.Errorf("a registered family: %v; want it accepted", err)
	}
	got := tasks.Families()
	n := 0
	for _, f := range got {
		if f == "chronology" {
			n++
		}
	}
	if n != 1 || got[0] != transcript.FamilyQA {
		t.Errorf("families %v; want the shipped first, chronology once", got)
	}
}
