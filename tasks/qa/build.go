package qa

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"

	"github.com/mootlab/moot/tasks"
	"github.com/mootlab/moot/transcript"
)

// side is what an article and the evidence pool hold for one answer.
type side struct {
	value string
	// centre is the fact the side's key-shaped statements are drawn
	// around: the key for the correct answer, the decoy for the wrong one.
	centre fact
	// facts are the key-shaped statements in the article naming value,
	// the centre first where it is in the article.
	facts []fact
	// mentions are the article's sentences naming value beside the point.
	mentions []string
	// fakes are invented quotes for value (with hearsay, the wrong
	// side's first is in the article, inside the hearsay).
	fakes []string
}

// sentences are the side's sentences in the article.
func (s *side) sentences() []string {
	out := make([]string, 0, len(s.facts)+len(s.mentions))
	for _, f := range s.facts {
		out = append(out, f.sentence())
	}
	return append(out, s.mentions...)
}

// build makes one question at difficulty d with nFiller filler sentences.
// With a hearsay lead, one of the wrong answer's key-shaped sentences is
// the key fact with the wrong answer after that lead. It reports false when
// the article fails a consistency check; the caller then tries again.
//
// The two answers are built alike, so that only the question tells them
// apart. The correct one's key-shaped sentences are drawn around the key
// fact, the wrong one's as many around a decoy, the key fact with the
// wrong answer and one to three key terms changed (fewer the harder the
// question); each answer is also named in one or two sentences beside the
// point, and has two invented quotes in the pool. A reader who counts
// names, or looks for the sentence the others are variations of, finds
// one centre per answer; only the key sentence holds every key term of
// the question.
func build(rng *rand.Rand, d float64, nFiller int, hearsay string) (tasks.Question, bool) {
	w, ok := newWorld(rng)
	if !ok {
		return tasks.Question{}, false
	}
	ai := rng.IntN(len(attributes))
	attr := attributes[ai]
	vi := rng.Perm(len(attr.values))
	right, wrong := side{value: attr.values[vi[0]]}, side{value: attr.values[vi[1]]}

	key := fact{
		first: w.firsts[0], last: w.lasts[0], place: w.places[0],
		object: objects[rng.IntN(len(objects))],
		act:    actions[rng.IntN(len(actions))],
		value:  right.value,
	}
	key.lead, key.tail = frame(rng)
	text := fmt.Sprintf("What %s was the %s that %s %s %s %s %s?",
		attr.name, key.object, key.first, key.last, key.act.verb, key.act.prep, key.place)
	right.centre = key
	wrong.centre = w.vary(key, wrong.value, changes(rng, d), key, key)

	shaped := 1 + int(math.Round(4*d))
	nWrong := shaped
	if hearsay != "" {
		// The hearsay is one of the wrong answer's: in place of a
		// distractor, or, where there is no other, of the decoy.
		nWrong--
	}
	seen := map[string]bool{key.skeleton(): true, wrong.centre.skeleton(): true}
	right.facts = []fact{key}
	if nWrong > 0 {
		wrong.facts = []fact{wrong.centre}
	}
	if !w.addFacts(rng, &right, key, wrong.centre, d, shaped, seen) || !w.addFacts(rng, &wrong, key, wrong.centre, d, nWrong, seen) ||
		!w.addMentions(rng, &right, ai, seen) || !w.addMentions(rng, &wrong, ai, seen) {
		return tasks.Question{}, false
	}
	sentences := append(right.sentences(), wrong.sentences()...)
	others := otherValues(right.value, wrong.value)
	for range nFiller {
		other := others[rng.IntN(len(others))]
		sentences = append(sentences, w.cast(fillers[rng.IntN(len(fillers))], other))
	}
	rng.Shuffle(len(sentences), func(i, j int) { sentences[i], sentences[j] = sentences[j], sentences[i] })
	// The key fact with the wrong answer: the hearsay reports it (without
	// the key's lead, which would stand mid-sentence).
	near := key
	near.value = wrong.value
	if hearsay != "" {
		near.lead = ""
	}
	sentences, reported := withHearsay(rng, sentences, hearsay, near)
	article := paragraphs(rng, sentences)
	if !fabricate(rng, article, near, reported != "", &right, &wrong) || strings.Count(article, key.sentence()) != 1 {
		return tasks.Question{}, false
	}

	ci := rng.IntN(2)
	var answers [2]string
	answers[ci], answers[1-ci] = right.value, wrong.value
	against := append(wrong.sentences(), wrong.fakes...)
	if reported != "" {
		against = append(against, reported)
	}
	return tasks.Question{
		Text:     text,
		Answers:  answers,
		Correct:  ci,
		Context:  article,
		Evidence: evidence(rng, ci, append(right.sentences(), right.fakes...), against),
	}, true
}

// fabricate invents each side's two quotes. Each side's first is the
// other side's centre with its own value swapped in (for the wrong side,
// near: the key fact with the wrong answer), its second one of its own
// facts with another verb. In an article with hearsay, near is in the
// article, inside the hearsay, and quoted without its lead it verifies;
// the correct side's second is then the key in another frame, so that
// each side has two quotes with every key term. False if the draws run
// out, or if a quote meant to be invented is in the article.
func fabricate(rng *rand.Rand, article string, near fact, hearsay bool, right, wrong *side) bool {
	swapped := wrong.centre
	swapped.value = right.value
	right.fakes = []string{swapped.sentence()}
	if hearsay {
		right.fakes = append(right.fakes, reframed(rng, article, right.centre)...)
	} else {
		right.fakes = append(right.fakes, altered(rng, article, right.facts, right.centre)...)
	}
	bases := wrong.facts
	if len(bases) == 0 {
		bases = []fact{wrong.centre}
	}
	wrong.fakes = append([]string{near.sentence()}, altered(rng, article, bases, right.centre)...)
	inside := 0
	if hearsay {
		inside = 1
	}
	return len(right.fakes) == 2 && len(wrong.fakes) == 2 && !strings.Contains(article, swapped.sentence()) &&
		strings.Count(article, near.sentence()) == inside
}

// withHearsay puts into sentences, at a random place, the statement after
// the hearsay lead, and returns it as reported; with no lead it leaves
// sentences as they are and draws nothing.
func withHearsay(rng *rand.Rand, sentences []string, hearsay string, statement fact) (_ []string, reported string) {
	if hearsay == "" {
		return sentences, ""
	}
	reported = hearsay + statement.sentence()
	at := rng.IntN(len(sentences) + 1)
	return append(sentences[:at], append([]string{reported}, sentences[at:]...)...), reported
}

// evidence is the question's pool of quotes, shuffled: for, for the
// correct answer ci, and against, for the other.
func evidence(rng *rand.Rand, ci int, support, against []string) []transcript.Claim {
	var out []transcript.Claim
	for _, s := range support {
		out = append(out, transcript.Claim{Kind: transcript.KindQuote, Answer: ci, Text: s})
	}
	for _, s := range against {
		out = append(out, transcript.Claim{Kind: transcript.KindQuote, Answer: 1 - ci, Text: s})
	}
	rng.Shuffle(len(out), func(i, j int) { out[i], out[j] = out[j], out[i] })
	return out
}

// addFacts adds to s key-shaped facts until it has m, each its centre
// varied as a distractor is at difficulty d (avoiding the terms of both
// centres, key and decoy), in a skeleton not yet seen; false if they run
// out. A fact naming the wrong answer is a distractor; one naming the
// correct answer is as beside the point.
func (w *world) addFacts(rng *rand.Rand, s *side, key, decoy fact, d float64, m int, seen map[string]bool) bool {
	for tries := 0; len(s.facts) < m; tries++ {
		if tries == 100 {
			return false
		}
		f := w.vary(s.centre, s.value, changes(rng, d), key, decoy)
		if k := f.skeleton(); !seen[k] {
			seen[k] = true
			s.facts = append(s.facts, f)
		}
	}
	return true
}

// addMentions adds to s one or two sentences that mention its value, of
// attribute ai, beside the point, each in a skeleton not yet seen (so
// that no two say one thing of both answers); false if they run out.
func (w *world) addMentions(rng *rand.Rand, s *side, ai int, seen map[string]bool) bool {
	for tries, want := 0, 1+rng.IntN(2); len(s.mentions) < want; tries++ {
		if tries == 100 {
			return false
		}
		ts := irrelevant[ai]
		skel := w.cast(ts[rng.IntN(len(ts))], "")
		if !seen[skel] {
			seen[skel] = true
			s.mentions = append(s.mentions, valued(skel, s.value))
		}
	}
	return true
}

// otherValues lists the values of every attribute but correct and wrong,
// for filler sentences.
func otherValues(correct, wrong string) []string {
	var others []string
	for _, a := range attributes {
		for _, v := range a.values {
			if v != correct && v != wrong {
				others = append(others, v)
			}
		}
	}
	return others
}

// altered is one fabrication from bases: a base fact with another verb
// than its own and the key's, a sentence the article does not hold; none
// if the draws run out.
func altered(rng *rand.Rand, article string, bases []fact, key fact) []string {
	base := bases[rng.IntN(len(bases))]
	for _, j := range rng.Perm(len(actions)) {
		a := actions[j]
		if a.verb == key.act.verb || a.verb == base.act.verb {
			continue
		}
		f := base
		f.act = a
		if s := f.sentence(); !strings.Contains(article, s) {
			return []string{s}
		}
	}
	return nil
}

// reframed is the key sentence with another lead or tail, a misquote
// the article does not hold; none if the draws run out.
func reframed(rng *rand.Rand, article string, key fact) []string {
	for range 20 {
		f := key
		f.lead, f.tail = frame(rng)
		if s := f.sentence(); !strings.Contains(article, s) {
			return []string{s}
		}
	}
	return nil
}

// paragraphs joins sentences into paragraphs of three to five sentences
// (the last may be longer, or shorter when there are few sentences).
func paragraphs(rng *rand.Rand, sentences []string) string {
	var b strings.Builder
	for len(sentences) > 0 {
		k := 3 + rng.IntN(3)
		if len(sentences)-k < 2 {
			k = len(sentences)
		}
		if b.Len() > 0 {
			b.WriteString("\n\n")
		}
		b.WriteString(strings.Join(sentences[:k], " "))
		sentences = sentences[k:]
	}
	return b.String()
}
