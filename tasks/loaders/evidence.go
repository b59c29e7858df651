package loaders

import (
	"hash/fnv"
	"slices"
	"sort"
	"strings"

	"github.com/mootlab/moot/internal/reading"
	"github.com/mootlab/moot/transcript"
)

// Bounds on a question's evidence pool, per answer.
const (
	// maxMentions is the most sentences mentioning an answer that become
	// claims for it: those that share the most words with the question.
	maxMentions = 8
	// maxRelated is the most sentences that become claims for an answer
	// that no sentence mentions.
	maxRelated = 3
)

// evidence builds the evidence pool of a question from its hidden context:
// quotes of the context, each verbatim, for the answer the sentence speaks
// for (see the package documentation). Without a context there is none.
// It is not told which answer is correct: the pool is what the text says,
// and a wrong label gets the evidence its answer has in the text.
func evidence(context, question string, answers [2]string) []transcript.Claim {
	if strings.TrimSpace(context) == "" {
		return nil
	}
	pool := newPool(context, question)
	if polar(answers) {
		return pool.byRelevance(polarLean(answers))
	}
	mentioning := pool.mentioning(answers)
	for k := range 2 {
		idx := mentioning[k]
		pool.byQuestion(idx)
		for _, i := range idx[:min(len(idx), maxMentions)] {
			pool.side[i] = k
		}
	}
	pool.related(answers, mentioning)
	if slices.Index(pool.side, 0) < 0 && slices.Index(pool.side, 1) < 0 {
		return pool.byRelevance(hashLean(answers))
	}
	return claims(pool.sents, pool.side)
}

// pool is a context's sentences as they are assigned to the answers.
type pool struct {
	sents  []string
	qTerms []string // the question's key terms
	side   []int    // the answer a sentence is a claim for, or -1
}

func newPool(context, question string) *pool {
	p := &pool{sents: sentences(context), qTerms: reading.KeyTerms(question)}
	p.side = make([]int, len(p.sents))
	for i := range p.side {
		p.side[i] = -1
	}
	return p
}

// byQuestion sorts the sentence indices idx by the words they share with
// the question, most first.
func (p *pool) byQuestion(idx []int) {
	sort.SliceStable(idx, func(a, b int) bool {
		return shared(p.qTerms, p.sents[idx[a]]) > shared(p.qTerms, p.sents[idx[b]])
	})
}

// byRelevance is the evidence when the answers are not to be found in the
// text as such (yes or no, or a number computed from it): the sentences
// that share words with the question, most first, each a claim for the
// answer lean reads it to speak for, up to maxRelated an answer.
func (p *pool) byRelevance(lean func(sentence string) int) []transcript.Claim {
	var idx []int
	for i, s := range p.sents {
		if shared(p.qTerms, s) > 0 {
			idx = append(idx, i)
		}
	}
	p.byQuestion(idx)
	var kept [2]int
	for _, i := range idx {
		if k := lean(p.sents[i]); kept[k] < maxRelated {
			p.side[i] = k
			kept[k]++
		}
	}
	return claims(p.sents, p.side)
}

// polarLean reads a sentence about a yes-or-no question as a reader that
// goes by the words alone (reading.SpeaksFor): one that negates (not, no,
// never, a word ending in n't…) speaks for no (false), any other for yes
// (true).
func polarLean(answers [2]string) func(string) int {
	return func(s string) int {
		if reading.SpeaksFor(s, answers[1]) {
			return 1
		}
		return 0
	}
}

// hashLean reads a sentence about a question whose answers the text does
// not state (a number computed from it): the sim does not work the answer
// out, so each sentence stands for the answer whose hash with it is the
// lower, which favours neither answer, nor either slot.
func hashLean(answers [2]string) func(string) int {
	return func(s string) int {
		var h [2]uint32
		for k, a := range answers {
			f := fnv.New32a()
			f.Write([]byte(s + "\n" + a))
			h[k] = f.Sum32()
		}
		if h[1] < h[0] {
			return 1
		}
		return 0
	}
}

// mentioning lists, per answer, the sentences that mention it and not the
// other; or, for two numbers, the one they mention last, as a line of a
// worked solution states its result last.
func (p *pool) mentioning(answers [2]string) [2][]int {
	var mentioning [2][]int
	n0, num0 := parseNumber(answers[0])
	n1, num1 := parseNumber(answers[1])
	for i, s := range p.sents {
		k := -1
		switch {
		case num0 && num1:
			p0, p1 := lastNumber(s, n0), lastNumber(s, n1)
			if p0 > p1 {
				k = 0
			} else if p1 > p0 {
				k = 1
			}
		default:
			m0, m1 := mentions(s, answers[0]), mentions(s, answers[1])
			if m0 != m1 {
				k = 0
				if m1 {
					k = 1
				}
			}
		}
		if k >= 0 {
			mentioning[k] = append(mentioning[k], i)
		}
	}
	return mentioning
}

// related assigns, for an answer no sentence mentions, the sentences that
// share more of its own words than of the other answer's, most related
// first.
func (p *pool) related(answers [2]string, mentioning [2][]int) {
	var own [2][]string
	for k := range 2 {
		own[k] = ownTerms(answers[k], p.qTerms, answers[1-k])
	}
	for k := range 2 {
		if len(mentioning[k]) > 0 {
			continue
		}
		var idx []int
		for i, s := range p.sents {
			if p.side[i] < 0 && shared(own[k], s) > 0 && shared(own[k], s) > shared(own[1-k], s) {
				idx = append(idx, i)
			}
		}
		sort.SliceStable(idx, func(a, b int) bool {
			sa, sb := p.sents[idx[a]], p.sents[idx[b]]
			return shared(own[k], sa)+shared(p.qTerms, sa) > shared(own[k], sb)+shared(p.qTerms, sb)
		})
		for _, i := range idx[:min(len(idx), maxRelated)] {
			p.side[i] = k
		}
	}
}

// claims lists the sentences that speak for an answer, in context order.
func claims(sents []string, side []int) []transcript.Claim {
	var out []transcript.Claim
	for i, s := range sents {
		if side[i] >= 0 {
			out = append(out, transcript.Claim{Kind: transcript.KindQuote, Answer: side[i], Text: s})
		}
	}
	return out
}

// sentences splits a context into its distinct sentences: each line is
// split as reading.Sentences splits a text, so that a table row or a line of a
// worked solution without a full stop is a sentence of its own. Each is a
// substring of the context.
func sentences(context string) []string {
	var out []string
	seen := map[string]bool{}
	for _, line := range strings.Split(context, "\n") {
		for _, s := range reading.Sentences(line) {
			if !seen[s] {
				seen[s] = true
				out = append(out, s)
			}
		}
	}
	return out
}

// shared counts the terms that s contains as whole words.
func shared(terms []string, s string) int {
	if len(terms) == 0 {
		return 0
	}
	return len(terms) - reading.Missing(terms, s)
}

// ownTerms returns the content words of answer that are neither in the
// question nor in the other answer.
func ownTerms(answer string, question []string, other string) []string {
	skip := map[string]bool{}
	for _, t := range question {
		skip[t] = true
	}
	for _, t := range reading.KeyTerms(other) {
		skip[t] = true
	}
	var out []string
	for _, t := range reading.KeyTerms(answer) {
		if !skip[t] {
			out = append(out, t)
		}
	}
	return out
}

// mentions reports whether sentence names answer: a number as a number of
// its own, anything else as whole words, ignoring case.
func mentions(sentence, answer string) bool {
	if n, ok := parseNumber(answer); ok {
		return mentionsNumber(sentence, n)
	}
	return reading.Mentions(sentence, answer)
}

// polar reports whether one answer is yes or true and the other no or
// false (reading.Polarity).
func polar(answers [2]string) bool {
	pa, na := reading.Polarity(answers[0])
	pb, nb := reading.Polarity(answers[1])
	return pa && pb && na != nb
}
