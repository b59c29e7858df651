package tasks

import (
	"slices"
	"sync"

	"github.com/mootlab/moot/transcript"
)

// families are the task families a question may have: those moot ships,
// then those a generator of another family adds (RegisterFamily).
var families = struct {
	sync.Mutex
	list []transcript.Family
}{list: []transcript.Family{transcript.FamilyQA, transcript.FamilyMath, transcript.FamilyCode, transcript.FamilyFinance}}

// RegisterFamily makes f a family a dataset may name (the jsonl loader's
// family: setting): a generator of a new family calls it in its init.
// Prompts describe a family they do not know as "a question about a
// text". Registering a family twice is harmless.
func RegisterFamily(f transcript.Family) {
	families.Lock()
	defer families.Unlock()
	if !slices.Contains(families.list, f) {
		families.list = append(families.list, f)
	}
}

// Families lists the known families: the shipped ones first, then the
// registered ones in order of registration.
func Families() []transcript.Family {
	families.Lock()
	defer families.Unlock()
	return slices.Clone(families.list)
}
