package sim

import (
	"hash/maphash"
	"sync/atomic"

	"github.com/mootlab/moot/internal/reading"
	"github.com/mootlab/moot/quotes"
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

// evidenceMemo remembers, for the passages read last, how many of a
// question's key terms each lacks and whether the context holds it: a
// speaker weighs the same pieces of evidence every round of a debate. Like
// memo, an entry is checked against all of its texts, so a collision costs
// a reading, never a wrong one (two equal strings compare at once where
// they are one string, as an episode's context is).
var evidenceMemo [1024]atomic.Pointer[evidenceEntry]

type evidenceEntry struct {
	question, context, text string
	missing                 int
	inContext               bool
}

// readEvidence is reading.Missing(keyTerms(question), text) and whether
// context holds text, remembered.
func readEvidence(question, context, text string) (missing int, inContext bool) {
	h := maphash.String(memoSeed, text) + 0x9e3779b97f4a7c15*maphash.String(memoSeed, question)
	slot := &evidenceMemo[h%uint64(len(evidenceMemo))]
	if e := slot.Load(); e != nil && e.text == text && e.question == question && e.context == context {
		return e.missing, e.inContext
	}
	e := &evidenceEntry{question, context, text, reading.Missing(keyTerms(question), text), foundIn(text, context)}
	slot.Store(e)
	return e.missing, e.inContext
}

// foundMemo remembers, for the passages read last, whether each stands in
// its context (quotes.Found): a speaker weighs its own claims and its
// opponent's every round, and an invented one is folded to be looked for
// again each time. Checked against both texts, as evidenceMemo is.
var foundMemo [1024]atomic.Pointer[foundEntry]

type foundEntry struct {
	text, context string
	found         bool
}

// foundIn is quotes.Found(text, context), remembered (foundMemo): whether
// a quote of text would be marked verified.
func foundIn(text, context string) bool {
	slot := &foundMemo[maphash.String(memoSeed, text)%uint64(len(foundMemo))]
	if e := slot.Load(); e != nil && e.text == text && e.context == context {
		return e.found
	}
	e := &foundEntry{text, context, quotes.Found(text, context)}
	slot.Store(e)
	return e.found
}
