package tasks

import (
	"math/rand/v2"
	"unicode"
	"unicode/utf8"

	"github.com/mootlab/moot/quotes"
	"github.com/mootlab/moot/transcript"
)

// inventedLeads open an invented quote: words of the speaker's own before
// a sentence shaped as the hidden text's. No generated text opens a
// sentence with one, so that a sentence so framed is never in it.
var inventedLeads = []string{"In short, ", "All told, ", "To sum up, ", "Put plainly, "}

// InventedLead draws the lead that frames every invented quote of one
// question, whichever answer it argues for, so that the quotes each side
// may invent open alike.
func InventedLead(rng *rand.Rand) string { return inventedLeads[rng.IntN(len(inventedLeads))] }

// Invented is sentence as a deceptive speaker quotes what it did not find:
// framed by lead, its first letter lowered unless it opens with a name
// (proper).
func Invented(lead, sentence string, proper bool) string {
	if !proper {
		r, n := utf8.DecodeRuneInString(sentence)
		sentence = string(unicode.ToLower(r)) + sentence[n:]
	}
	return lead + sentence
}

// AddInvented adds to q's evidence each answer's invented quotes,
// invented[a] for answer a, and reports false if one is in the context
// after all: as invented, it would verify. The generators give both
// answers as many, of the same kinds and framed by the same lead: a
// speaker on either side who is willing to deceive can invent a quote for
// its answer, and whether it can is no sign of which answer is correct.
func AddInvented(q *Question, invented [2][]string) bool {
	for a, texts := range invented {
		for _, s := range texts {
			if quotes.Found(s, q.Context) {
				return false
			}
			q.Evidence = append(q.Evidence, transcript.Claim{Kind: transcript.KindQuote, Answer: a, Text: s})
		}
	}
	return true
}
