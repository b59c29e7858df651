package sim

import (
	"math/rand/v2"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/mootlab/moot/internal/reading"
	"github.com/mootlab/moot/quotes"
	"github.com/mootlab/moot/transcript"
)

// read is a judge reading the context for itself: each sentence that
// speaks for exactly one answer (reading.SpeaksFor: names it, or, for yes
// or no, says it by negating or not) is found as a debater finds evidence,
// by skill against difficulty and the key terms it shares with the
// question. Of a yes-or-no question, where every sentence says one or the
// other, only those about the question (sharing a key term) are read.
//
// A sentence the text repeats word for word is one piece of evidence, found
// once: reading it again tells the judge nothing new (each reading is still
// a chance to find it).
func (a *Agent) read(v transcript.View, key []string, rng *rand.Rand) []*claim {
	var out []*claim
	p0, _ := reading.Polarity(v.Answers[0])
	p1, _ := reading.Polarity(v.Answers[1])
	polar := p0 || p1
	var found map[string]bool // made at the first find: most reads find little
	for _, s := range reading.Sentences(v.Context) {
		m0, m1 := reading.SpeaksFor(s, v.Answers[0]), reading.SpeaksFor(s, v.Answers[1])
		shared := len(key) - reading.Missing(key, s)
		if m0 == m1 || polar && shared == 0 || rng.Float64() >= findChance(a.s.Skill, v.Difficulty, shared) || found[s] {
			continue
		}
		if found == nil {
			found = map[string]bool{}
		}
		found[s] = true
		side := 0
		if m1 {
			side = 1
		}
		out = append(out, &claim{text: s, side: side, status: quotes.Verified, challengedBy: transcript.NoSide, fromContext: true})
	}
	return out
}

// firstHand adds the passages a judge found itself to the claims it heard.
// A passage a side quoted, whole or in part (a run of its words), for the
// answer the judge reads it for, is one piece of evidence, not two, however
// often the side quoted it: one of its quotes stays the side's claim and
// the others go, and the judge, having read the passage, believes the claim
// without verification, checks it for certain against what the passage
// says, and holds it against the side if it is beside the point or, where
// one of the quotes left out that the passage only reports hearsay (that
// quote is the one kept), once it notices the lead. A quote is taken for
// the first passage that holds it. A passage quoted for the other answer
// stays beside the judge's own reading of it, which shows the quote up.
func firstHand(heard, found []*claim) []*claim {
	n := len(heard)
	gone, dropped := make([]bool, n), false
	for _, f := range found {
		var of []int // the side's quotes of f not yet taken
		for i, c := range heard[:n] {
			if !c.read && !gone[i] && c.side == f.side && partOf(c.text, f.text) {
				of = append(of, i)
			}
		}
		if len(of) == 0 {
			heard = append(heard, f)
			continue
		}
		keep := of[0]
		if len(of) > 1 && reading.Hearsay(f.text) {
			for _, i := range of {
				if !reading.Hearsay(heard[i].text) {
					keep = i
					break
				}
			}
		}
		c := heard[keep]
		c.status, c.read = quotes.Verified, true
		if c.text != f.text {
			c.within = f.text
		}
		for _, i := range of {
			if i == keep {
				continue
			}
			gone[i], dropped = true, true
			// A challenge of another quote of the passage is one of it.
			o := heard[i]
			if c.challengedBy == transcript.NoSide && o.challengedBy != transcript.NoSide {
				c.challengedBy, c.named = o.challengedBy, o.named
			}
			c.questioned = c.questioned || o.questioned
		}
	}
	if !dropped {
		return heard
	}
	out := heard[:0:0]
	for i, c := range heard {
		if i >= n || !gone[i] {
			out = append(out, c)
		}
	}
	return out
}

// partOf reports whether part is a run of whole words of text: it stands
// in text with no letter or digit just before or after it. An empty part
// is part of nothing.
func partOf(part, text string) bool {
	if part == "" {
		return false
	}
	for from := 0; ; {
		i := strings.Index(text[from:], part)
		if i < 0 {
			return false
		}
		start, end := from+i, from+i+len(part)
		before, _ := utf8.DecodeLastRuneInString(text[:start])
		after, _ := utf8.DecodeRuneInString(text[end:])
		if !wordRune(before) && !wordRune(after) {
			return true
		}
		from = start + 1
	}
}

// wordRune reports whether r is a letter or digit (utf8.RuneError, for no
// rune at all, is not).
func wordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// readGraded is a grader reading the context for itself, shown one answer,
// the candidate's, and not the other: a sentence that names that answer
// speaks for it; one that holds every key term of the question and does
// not name it answers the question otherwise, and speaks against it. Each
// is found as a judge finds evidence (read), by skill against difficulty
// and the key terms it shares with the question.
func (a *Agent) readGraded(v transcript.View, candidate int, key []string, rng *rand.Rand) []*claim {
	var out []*claim
	polar, _ := reading.Polarity(v.Answers[candidate])
	for _, s := range reading.Sentences(v.Context) {
		named, missing := reading.SpeaksFor(s, v.Answers[candidate]), reading.Missing(key, s)
		if !named && (len(key) == 0 || missing > 0) || polar && missing == len(key) {
			continue
		}
		if rng.Float64() >= findChance(a.s.Skill, v.Difficulty, len(key)-missing) {
			continue
		}
		c := &claim{text: s, side: candidate, status: quotes.Verified, challengedBy: transcript.NoSide, fromContext: true}
		if !named {
			c.side, c.otherwise = 1-candidate, true
		}
		out = append(out, c)
	}
	return out
}
