package sim

import (
	"hash/maphash"
	"sync/atomic"

	"github.com/mootlab/moot/internal/reading"
)

// keyTerms is reading.KeyTerms of a question, remembered: every call of an
// episode reads the same question, and the episodes in flight are few, so
// a small table of the questions read last answers most calls. The terms
// are shared: callers must not change them.
func keyTerms(question string) []string {
	slot := &keyTermsTable[maphash.String(keyTermsSeed, question)%uint64(len(keyTermsTable))]
	if e := slot.Load(); e != nil && e.question == question {
		return e.terms
	}
	terms := reading.KeyTerms(question)
	slot.Store(&keyTermsEntry{question, terms})
	return terms
}

type keyTermsEntry struct {
	question string
	terms    []string
}

var (
	keyTermsSeed  = maphash.MakeSeed()
	keyTermsTable [512]atomic.Pointer[keyTermsEntry]
)
