package sim

import (
	"math/rand/v2"
	"strings"

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
func (a *Agent) read(v transcript.View, key []string, rng *rand.Rand) []*claim {
	var out []*claim
	p0, _ := reading.Polarity(v.Answers[0])
	p1, _ := reading.Polarity(v.Answers[1])
	polar := p0 || p1
	for _, s := range reading.Sentences(v.Context) {
		m0, m1 := reading.SpeaksFor(s, v.Answers[0]), reading.SpeaksFor(s, v.Answers[1])
		shared := len(key) - reading.Missing(key, s)
		if m0 == m1 || polar && shared == 0 || rng.Float64() >= findChance(a.s.Skill, v.Difficulty, shared) {
			continue
		}
		side := 0
		if m1 {
			side = 1
		}
		out = append(out, &claim{text: s, side: side, status: quotes.Verified, challengedBy: transcript.NoSide, fromContext: true})
	}
	return out
}

// firstHand adds the passages a judge found itself to the claims it heard.
// A passage a side quoted, whole or in part, for the answer the judge
// reads it for, is one piece of evidence, not two: the quote stays the
// side's claim, and the judge, having read the passage, believes it
// without verification, checks it for certain against what the passage
// says, and holds it against the side if it is beside the point or leaves
// out that the passage only reports hearsay. A passage quoted for the
// other answer stays beside the judge's own reading of it, which shows the
// quote up. A quote is taken for the first passage that holds it.
func firstHand(heard, found []*claim) []*claim {
	n := len(heard)
	for _, f := range found {
		quoted := false
		for _, c := range heard[:n] {
			if c.read || c.side != f.side || !strings.Contains(f.text, c.text) {
				continue
			}
			c.status, c.read, quoted = quotes.Verified, true, true
			if c.text != f.text {
				c.within = f.text
			}
		}
		if !quoted {
			heard = append(heard, f)
		}
	}
	return heard
}

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
