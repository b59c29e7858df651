package sim

import (
	"hash/maphash"
	"sync/atomic"

	"github.com/mootlab/moot/internal/reading"
)

// memo remembers a pure function of a text for the texts read last: every
// call of an episode reads the same question and context, and the
// episodes in flight are few, so a small lock-free table answers most
// calls. What it returns is shared: callers must not change it.
type memo[T any] struct {
	of    func(string) T
	table [512]atomic.Pointer[memoEntry[T]]
}

type memoEntry[T any] struct {
	text  string
	value T
}

var memoSeed = maphash.MakeSeed()

func (m *memo[T]) get(text string) T {
	slot := &m.table[maphash.String(memoSeed, text)%uint64(len(m.table))]
	if e := slot.Load(); e != nil && e.text == text {
		return e.value
	}
	v := m.of(text)
	slot.Store(&memoEntry[T]{text, v})
	return v
}

var (
	keyTermsMemo = memo[[]string]{of: reading.KeyTerms}
	hearsayMemo  = memo[[]string]{of: reading.HearsaySentences}
)

// keyTerms is reading.KeyTerms of a question, remembered (memo).
func keyTerms(question string) []string { return keyTermsMemo.get(question) }

// hearsayIn is reading.HearsaySentences of a context, remembered (memo).
func hearsayIn(context string) []string { return hearsayMemo.get(context) }

// missingMemo remembers, for the passages read last, how many of a
// question's key terms each lacks: a speaker weighs the same pieces of
// evidence every round of a debate. Like memo, an entry is checked against
// both of its texts, so a collision costs a count, never a wrong one.
var missingMemo [1024]atomic.Pointer[missingEntry]

type missingEntry struct {
	question, text string
	missing        int
}

// missingTerms is reading.Missing(keyTerms(question), text), remembered.
func missingTerms(question, text string) int {
	h := maphash.String(memoSeed, text) + 0x9e3779b97f4a7c15*maphash.String(memoSeed, question)
	slot := &missingMemo[h%uint64(len(missingMemo))]
	if e := slot.Load(); e != nil && e.text == text && e.question == question {
		return e.missing
	}
	n := reading.Missing(keyTerms(question), text)
	slot.Store(&missingEntry{question, text, n})
	return n
}
