package qa

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"

	"github.com/mootlab/moot/tasks"
	"github.com/mootlab/moot/transcript"
)

// build makes one question at difficulty d with nFiller filler sentences.
// With a hearsay lead, the article also reports the key fact with the
// wrong answer after that lead. It reports false when the article fails a
// consistency check; the caller then tries again.
func build(rng *rand.Rand, d float64, nFiller int, hearsay string) (tasks.Question, bool) {
	w, ok := newWorld(rng)
	if !ok {
		return tasks.Question{}, false
	}
	ai := rng.IntN(len(attributes))
	attr := attributes[ai]
	vi := rng.Perm(len(attr.values))
	correct, wrong := attr.values[vi[0]], attr.values[vi[1]]

	key := fact{
		first: w.firsts[0], last: w.lasts[0], place: w.places[0],
		object: objects[rng.IntN(len(objects))],
		act:    actions[rng.IntN(len(actions))],
		value:  correct,
	}
	keyText := key.sentence()
	text := fmt.Sprintf("What %s was the %s that %s %s %s %s %s?",
		attr.name, key.object, key.first, key.last, key.act.verb, key.act.prep, key.place)

	seen := map[string]bool{keyText: true}
	distractors, ok := w.distractors(rng, key, wrong, d, seen)
	if !ok {
		return tasks.Question{}, false
	}
	mentions, ok := w.mentions(rng, ai, correct, seen)
	if !ok {
		return tasks.Question{}, false
	}
	sentences := []string{keyText}
	for _, f := range distractors {
		sentences = append(sentences, f.sentence())
	}
	sentences = append(sentences, mentions...)
	others := otherValues(correct, wrong)
	for range nFiller {
		other := others[rng.IntN(len(others))]
		sentences = append(sentences, w.fill(fillers[rng.IntN(len(fillers))], "", other))
	}
	rng.Shuffle(len(sentences), func(i, j int) { sentences[i], sentences[j] = sentences[j], sentences[i] })
	sentences, reported := withHearsay(rng, sentences, hearsay, key, wrong)
	article := paragraphs(rng, sentences)

	closeFake, alteredFake := fabrications(rng, article, key, wrong, distractors)
	// The key fact with the wrong answer is in the article only inside
	// the hearsay, if there is one: quoted without its lead, it verifies.
	fakes := 0
	if reported != "" {
		fakes = 1
	}
	if alteredFake == "" || strings.Count(article, keyText) != 1 || strings.Count(article, closeFake) != fakes {
		return tasks.Question{}, false
	}

	ci := rng.IntN(2)
	var answers [2]string
	answers[ci], answers[1-ci] = correct, wrong
	support := append([]string{keyText}, mentions...)
	against := make([]string, 0, len(distractors)+3)
	for _, f := range distractors {
		against = append(against, f.sentence())
	}
	against = append(against, closeFake, alteredFake)
	if reported != "" {
		against = append(against, reported)
	}
	return tasks.Question{
		Text:     text,
		Answers:  answers,
		Correct:  ci,
		Context:  article,
		Evidence: evidence(rng, ci, support, against),
	}, true
}

// withHearsay puts into sentences, at a random place, the key fact with
// the wrong answer after the hearsay lead, and returns it as reported;
// with no lead it leaves sentences as they are and draws nothing.
func withHearsay(rng *rand.Rand, sentences []string, hearsay string, key fact, wrong string) (_ []string, reported string) {
	if hearsay == "" {
		return sentences, ""
	}
	key.value = wrong
	reported = hearsay + key.sentence()
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

// distractors makes the distractor facts of a question, more the harder
// it is (d), each a sentence not yet seen; false if they run out.
func (w *world) distractors(rng *rand.Rand, key fact, wrong string, d float64, seen map[string]bool) ([]fact, bool) {
	m := 1 + int(math.Round(4*d))
	var distractors []fact
	for tries := 0; len(distractors) < m; tries++ {
		if tries == 100 {
			return nil, false
		}
		f := w.distractor(key, wrong, changes(rng, d))
		if s := f.sentence(); !seen[s] {
			seen[s] = true
			distractors = append(distractors, f)
		}
	}
	return distractors, true
}

// mentions makes one or two sentences, not yet seen, that mention the
// correct value of attribute ai beside the point; false if they run out.
func (w *world) mentions(rng *rand.Rand, ai int, correct string, seen map[string]bool) ([]string, bool) {
	var mentions []string
	for tries, want := 0, 1+rng.IntN(2); len(mentions) < want; tries++ {
		if tries == 100 {
			return nil, false
		}
		ts := irrelevant[ai]
		if s := w.fill(ts[rng.IntN(len(ts))], correct, ""); !seen[s] {
			seen[s] = true
			mentions = append(mentions, s)
		}
	}
	return mentions, true
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

// fabrications makes the two fabrications: the key sentence with the
// wrong value, and a distractor with another verb that the article does
// not hold ("" if there is none).
func fabrications(rng *rand.Rand, article string, key fact, wrong string, distractors []fact) (closeFake, alteredFake string) {
	fab := key
	fab.value = wrong
	closeFake = fab.sentence()
	base := distractors[rng.IntN(len(distractors))]
	for _, j := range rng.Perm(len(actions)) {
		a := actions[j]
		if a.verb == key.act.verb || a.verb == base.act.verb {
			continue
		}
		f := base
		f.act = a
		if s := f.sentence(); !strings.Contains(article, s) {
			return closeFake, s
		}
	}
	return closeFake, ""
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
