package tasks

import (
	"testing"

	"github.com/mootlab/moot/transcript"
)

// TestDescribeFamilyRefusesAShippedFamily: a shipped family's words are
// moot's own; describing one is a programming error, and panics.
func TestDescribeFamilyRefusesAShippedFamily(t *testing.T) {
	for _, f := range []transcript.Family{transcript.FamilyQA, transcript.FamilyMath, transcript.FamilyCode, transcript.FamilyFinance} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("DescribeFamily(%q) did not panic; want a shipped family refused", f)
				}
				if _, ok := WordsOf(f); ok {
					t.Errorf("WordsOf(%q) has words after a refused DescribeFamily", f)
				}
			}()
			DescribeFamily(f, FamilyWords{Question: "Which is it?"})
		}()
	}
}
