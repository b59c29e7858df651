package qa

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"

	"github.com/mootlab/moot/tasks"
	"github.com/mootlab/moot/transcript"
)

// side is what an article and the evidence pool hold for one answer.
type side struct {
	value string
	// facts are the key-shaped statements in the article naming value;
	// the correct side's first is the key fact.
	facts []fact
	// mentions are the article's sentences naming value beside the point.
	mentions []string
	// fakes are invented quotes for value, not in the article.
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
// Both answers are named alike: in as many key-shaped sentences (the
// correct one's key among them), in one or two sentences beside the point
// drawn the same way, and by two invented quotes each in the pool. A
// reader who counts names, or the shapes of the sentences naming them,
// learns nothing; only the key sentence, the one holding every key term of
// the question, tells the answer.
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
	// The key sentence is framed as the others are, so that its frame
	// does not single it out.
	key.lead, key.tail = frame(rng)
	keyText := key.sentence()
	text := fmt.Sprintf("What %s was the %s that %s %s %s %s %s?",
		attr.name, key.object, key.first, key.last, key.act.verb, key.act.prep, key.place)

	// The key fact with the wrong answer: the hearsay reports it (without
	// the key's lead, which would stand mid-sentence), and otherwise it is
	// the wrong side's close fabrication.
	near := key
	near.value = wrong.value
	shaped, nWrong := 1+int(math.Round(4*d)), 1+int(math.Round(4*d))
	if hearsay != "" {
		near.lead = ""
		nWrong--
	}
	right.facts = []fact{key}
	seen := map[string]bool{key.skeleton(): true}
	if !w.addFacts(rng, &right, key, d, shaped-1, seen) || !w.addFacts(rng, &wrong, key, d, nWrong, seen) ||
		!w.addMentions(rng, &right, ai, seen) || !w.addMentions(rng, &wrong, ai, seen) {
		return tasks.Question{}, false
	}
	sentences := append(right.sentences(), wrong.sentences()...)
	others := otherValues(right.value, wrong.value)
	for range nFiller {
		other := others[rng.IntN(len(others))]
		sentences = append(sentences, w.fill(fillers[rng.IntN(len(fillers))], "", other))
	}
	rng.Shuffle(len(sentences), func(i, j int) { sentences[i], sentences[j] = sentences[j], sentences[i] })
	sentences, reported := withHearsay(rng, sentences, hearsay, near)
	article := paragraphs(rng, sentences)

	if !fabricate(rng, article, key, near, reported != "", &right, &wrong) || strings.Count(article, keyText) != 1 {
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

// fabricate invents each side's two quotes that the article does not
// hold, the wrong side's first the key fact with its value (near); false
// if they run out, or if near is in the article other than inside the
// hearsay (quoted without its lead, it then verifies).
func fabricate(rng *rand.Rand, article string, key, near fact, hearsay bool, right, wrong *side) bool {
	right.fakes = altered(rng, article, right.facts, key, 2)
	inside := 0
	if hearsay {
		// The wrong side has the hearsay whole and without its lead, two
		// quotes with every key term; the right side has the key and, as
		// its first fabrication, the key in another frame.
		right.fakes = append(reframed(rng, article, key), right.fakes[:min(1, len(right.fakes))]...)
		inside = 1
	}
	wrong.fakes = append([]string{near.sentence()}, altered(rng, article, append([]fact{near}, wrong.facts...), key, 1)...)
	return len(right.fakes) == 2 && len(wrong.fakes) == 2 && strings.Count(article, near.sentence()) == inside
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

// addFacts adds m key-shaped facts naming s's value to s, each differing
// from key in key terms as a distractor does at difficulty d and in a
// skeleton not yet seen; false if they run out. A fact naming the wrong
// answer is a distractor; one naming the correct answer is as beside the
// point, and keeps the wrong answer from being the only one so named.
func (w *world) addFacts(rng *rand.Rand, s *side, key fact, d float64, m int, seen map[string]bool) bool {
	for tries, added := 0, 0; added < m; tries++ {
		if tries == 100 {
			return false
		}
		f := w.distractor(key, s.value, changes(rng, d))
		if k := f.skeleton(); !seen[k] {
			seen[k] = true
			s.facts = append(s.facts, f)
			added++
		}
	}
	return true
}

// addMentions adds to s one or two sentences that mention its value, of
// attribute ai, beside the point, each in a skeleton not yet seen (so
// that no two say one thing of both answers); false if they run out.
func (w *world) addMentions(rng *rand.Rand, s *side, ai int, seen map[string]bool) bool {
	for tries, want := 0, len(s.mentions)+1+rng.IntN(2); len(s.mentions) < want; tries++ {
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

// altered makes n fabrications from bases: each a base fact with another
// verb than its own and the key's, a sentence the article does not hold;
// fewer if they run out.
func altered(rng *rand.Rand, article string, bases []fact, key fact, n int) []string {
	var out []string
	for tries := 0; len(out) < n && tries < 10; tries++ {
		base := bases[rng.IntN(len(bases))]
		for _, j := range rng.Perm(len(actions)) {
			a := actions[j]
			if a.verb == key.act.verb || a.verb == base.act.verb {
				continue
			}
			f := base
			f.act = a
			if s := f.sentence(); !strings.Contains(article, s) && !slices.Contains(out, s) {
				out = append(out, s)
				break
			}
		}
	}
	return out
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
