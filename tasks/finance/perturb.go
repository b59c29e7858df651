package finance

import (
	"math/rand/v2"
	"strings"

	"github.com/mootlab/moot/tasks"
)

// perturb applies the settings' perturbations to q, about the company
// named company: of its context, then of its question.
func perturb(q *tasks.Question, s Settings, company string, rng *rand.Rand) {
	switch s.PerturbContext {
	case OCR:
		q.Context = ocr(q.Context, rng)
	case Irrelevant:
		// Another company's filing: one of the same name would be the
		// question's company with other figures.
		other := newFiling(rng)
		for other.name == company {
			other = newFiling(rng)
		}
		q.Context = other.text()
	case Missing:
		q.Context = ""
	}
	switch s.PerturbQuery {
	case Misspelled:
		q.Text = misspell(q.Text, rng)
	case Incomplete:
		q.Text = incomplete(q.Text)
	case OutOfDomain:
		q.Text = casual(q.Text)
	}
}

// ocr degrades about one word in twelve as a scanner would: l→1, O→0, rn→m.
func ocr(text string, rng *rand.Rand) string {
	words := strings.Split(text, " ")
	for i, w := range words {
		if rng.IntN(12) != 0 {
			continue
		}
		w = strings.NewReplacer("l", "1", "O", "0", "rn", "m", "e", "c").Replace(w)
		words[i] = w
	}
	return strings.Join(words, " ")
}

// misspell swaps two letters inside the longest word of the question.
func misspell(q string, rng *rand.Rand) string {
	words := strings.Fields(q)
	longest := 0
	for i, w := range words {
		if len(w) > len(words[longest]) {
			longest = i
		}
	}
	w := []byte(words[longest])
	var at []int // places where swapping two letters changes the word
	for k := 1; k+2 < len(w); k++ {
		if w[k] != w[k+1] {
			at = append(at, k)
		}
	}
	if len(at) > 0 {
		k := at[rng.IntN(len(at))]
		w[k], w[k+1] = w[k+1], w[k]
	}
	words[longest] = string(w)
	return strings.Join(words, " ")
}

// incomplete cuts the question to its key words, as a hurried user types
// it into a search box (FailSafeQA's incomplete query): the function words
// go, and the company, the figure and every year stay, so that the query
// still names one figure of the filing. (Until 2026-11-30 it dropped the
// last two words, which for a margin or a ratio were the year: the
// filing gives each figure for several years, and the wrong year's
// figure, the distractor, answered it as well.)
func incomplete(q string) string {
	var kept []string
	for _, w := range strings.Fields(strings.TrimSuffix(q, "?")) {
		if !queryFunctionWords[strings.ToLower(w)] {
			kept = append(kept, w)
		}
	}
	return strings.Join(kept, " ") + "?"
}

// queryFunctionWords are the words of a finance question that carry none
// of what it asks for.
var queryFunctionWords = map[string]bool{"what": true, "was": true, "in": true, "at": true, "the": true, "end": true, "of": true}

// casual rephrases the question as a user outside finance would.
func casual(q string) string {
	q = strings.TrimSuffix(strings.TrimPrefix(q, "What was "), "?")
	return "hey, quick one: roughly how did it go with " + q + ", in plain words?"
}
