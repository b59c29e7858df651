package reading

import "strings"

// Sentences splits a context into sentences at '.', '!' and '?' followed by
// a space or the end, keeping the stop and the closing quotation marks
// and brackets after it (He wrote "at dawn." The tide…), but not at the
// stop of an abbreviation (abbreviation): "Dr. Marrow rowed across." is
// one sentence.
func Sentences(context string) []string {
	var out []string
	start := 0
	for i := 0; i < len(context); i++ {
		c := context[i]
		if c != '.' && c != '!' && c != '?' {
			continue
		}
		end := i + 1
		for more := true; more; {
			more = false
			for _, closer := range closers {
				if strings.HasPrefix(context[end:], closer) {
					end, more = end+len(closer), true
					break
				}
			}
		}
		if (end == len(context) || context[end] == ' ' || context[end] == '\n') && !(c == '.' && abbreviation(context[start:i], context[end:])) {
			if s := strings.TrimSpace(context[start:end]); s != "" {
				out = append(out, s)
			}
			start = end
			i = end - 1
		}
	}
	if s := strings.TrimSpace(context[start:]); s != "" {
		out = append(out, s)
	}
	return out
}

// closers are the marks that may close a sentence after its stop.
var closers = []string{`"`, "'", ")", "]", "”", "’", "»"}

// abbreviation reports whether text, the sentence so far up to a full
// stop, ends in a title or a name's initial that the stop abbreviates
// ("Dr", "Mrs", "St", the "J" of "J. Okes"): a reader does not end a
// sentence there. Until 2026-12-05 "In 1932 Dr. Quist discovered a comet."
// was two sentences, "In 1932 Dr." and "Quist discovered a comet.", and the
// one that named the comet lacked the question's "1932" and "Dr". A
// title or a capital letter is abbreviated only where what comes after the
// stop (after) may be a name: not where a function word follows ("Plan B.
// The crew…", "vitamin C. It…", "he met the Dr. She…"), which begins a
// sentence and is no one's surname — but another initial may ("J. A.
// Okes"); and the pronoun "I" ("so did I.") is no initial.
func abbreviation(text, after string) bool {
	i := len(text)
	for i > 0 && isLetter(text[i-1]) {
		i--
	}
	word := text[i:]
	if before := text[:i]; before != "" && !strings.HasSuffix(before, " ") && !strings.HasSuffix(before, "\n") && !opened(before) {
		return false // the "g" of "e.g." is no initial
	}
	if len(word) == 0 || word[0] < 'A' || word[0] > 'Z' || beginsSentence(after) {
		return false
	}
	if len(word) == 1 {
		return word != "I"
	}
	return titles[strings.ToLower(word)]
}

// beginsSentence reports whether text, what follows a full stop, begins
// with a function word (functionWords), which begins a sentence where it
// follows a stop and no name does, unless it is a capital letter with a
// stop of its own: an initial ("A." of "J. A. Okes").
func beginsSentence(text string) bool {
	text = strings.TrimLeft(text, " \n")
	i := 0
	for i < len(text) && isLetter(text[i]) {
		i++
	}
	if i == 1 && i < len(text) && text[i] == '.' {
		return false
	}
	return i > 0 && functionWords[strings.ToLower(text[:i])]
}

// opened reports whether text ends in an opening quotation mark or
// bracket.
func opened(text string) bool {
	for _, o := range [...]string{`"`, "'", "(", "[", "“", "‘", "«"} {
		if strings.HasSuffix(text, o) {
			return true
		}
	}
	return false
}

func isLetter(c byte) bool { return 'a' <= c|0x20 && c|0x20 <= 'z' }

// titles are the abbreviations written before a name, with a full stop in
// American and older British usage.
var titles = Set("mr", "mrs", "ms", "dr", "st", "prof", "rev", "capt", "col", "gen", "lt", "sgt", "cpl", "pvt", "fr", "mt", "messrs", "gov", "sen", "rep", "hon", "maj", "adm", "cmdr", "supt", "insp")
