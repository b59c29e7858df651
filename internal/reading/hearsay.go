package reading

import "strings"

// HearsayLeads open a sentence that reports a statement without vouching
// for it ("It is said that …"). A reader who notices such a lead knows
// that what follows is reported, not established; one who reads past it,
// or sees the statement quoted without it, may take it for a fact.
var HearsayLeads = [...]string{"It is said that ", "Rumour had it that ", "Some claim that ", "Gossip held that "}

// hearsayMarks are the leads as a reader looks for them, anywhere in a
// sentence and in any case.
var hearsayMarks = func() (m [len(HearsayLeads)]string) {
	for i, l := range HearsayLeads {
		m[i] = strings.ToLower(strings.TrimSpace(l))
	}
	return m
}()

// Hearsay reports whether text carries a hearsay lead.
func Hearsay(text string) bool {
	if !strings.Contains(text, " that") {
		return false // every lead ends so; most texts have none
	}
	lower := strings.ToLower(text)
	for _, m := range hearsayMarks {
		if strings.Contains(lower, m) {
			return true
		}
	}
	return false
}

// HearsaySentences are the sentences of context that carry a hearsay lead;
// nil for most contexts.
func HearsaySentences(context string) []string {
	if !Hearsay(context) {
		return nil
	}
	var out []string
	for _, s := range Sentences(context) {
		if Hearsay(s) {
			out = append(out, s)
		}
	}
	return out
}
