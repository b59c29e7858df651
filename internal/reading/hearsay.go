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

// Hearsay reports whether text carries a hearsay lead, in any case. It
// is on the sim's hot path (every turn reads its context), so it looks for
// the "that" every lead ends with — "hat" finds "that" and "That", "HAT"
// finds "THAT" — and compares what comes before it in place, rather than
// lower-casing the text.
func Hearsay(text string) bool {
	for _, hat := range [...]string{"hat", "HAT"} {
		for from := 0; ; {
			j := strings.Index(text[from:], hat)
			if j < 0 {
				break
			}
			end := from + j + len(hat)
			for _, m := range hearsayMarks {
				if start := end - len(m); start >= 0 && strings.EqualFold(text[start:end], m) {
					return true
				}
			}
			from = end
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
