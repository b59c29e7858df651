package reading

// askedWords name what a question asks for ("what colour…"); a sentence
// that answers the question need not contain them.
var askedWords = Set(
	"color", "colour", "material", "kind", "type", "sort", "name", "number",
	"size", "shape", "value", "amount",
)

// howAsked are the words that, after "how", name what a question asks
// for ("How old was Moss?" asks an age, "How long did it take?" a
// duration), and whatAsked those that do after "what" or "which" ("In
// what year…", "At what age…"): the sentence that answers gives the age
// ("who was nineteen") or the year ("in 1901") and need not contain the
// word. Elsewhere they are words like any other ("the long boiling").
var (
	howAsked  = Set("old", "long", "far", "often", "big", "tall", "deep", "wide", "high", "large", "heavy", "soon")
	whatAsked = Set("year", "age", "date", "month", "century")
)

// category says whether the word after wh ("what" or "which") names the
// kind of thing the question asks for, which the sentence that answers
// names an instance of and need not contain: "Which city did the mayor
// visit?" is answered by "the mayor visited Łódź", "What emoji did Wenna
// send?" by "Wenna sent 🦊". After "which" a word that is no function
// word is such a noun ("which of" is not); after "what" only where an
// auxiliary follows it (rest, the words after it: "what city did…",
// "what animal was…"), since "what" is as often followed by the verb
// ("What caused the fire?", whose "caused" the answer holds).
func category(wh string, rest []string) bool {
	if wh == "which" {
		return true // a function word after it is skipped as one
	}
	return len(rest) > 0 && auxiliaries[rest[0]]
}

// auxiliaries are the verbs that follow a question's subject or the noun
// it asks for ("What city did…", "Which ship was…").
var auxiliaries = Set("did", "does", "do", "was", "were", "is", "are", "had", "has", "have", "will", "would", "could", "can", "should", "might", "must", "shall")
