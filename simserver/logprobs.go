package simserver

import (
	"math"
	"regexp"
	"sort"
	"strings"
	"unicode"
)

// minProbability keeps a logprob finite.
const minProbability = 1e-12

// letters are the verdict tokens, in the order of a Response's
// Probabilities.
var letters = [2]string{"A", "B"}

// tokenPattern splits text into word-ish tokens that tile it: a word or a
// punctuation mark with at most one space or tab before it, or a single
// whitespace character. Every position of any text starts a match, so the
// tokens concatenate to the text.
var tokenPattern = regexp.MustCompile(`[ \t]?[\p{L}\p{N}]+|[ \t]?[^\s\p{L}\p{N}]|\s`)

// tokens splits text as tokenPattern does.
func tokens(text string) []string {
	var out []string
	for _, m := range tokenPattern.FindAllStringIndex(text, -1) {
		out = append(out, text[m[0]:m[1]])
	}
	return out
}

// verdictLetter finds the verdict letter: the A or B right after the last
// "Answer:" of text, standing alone. It returns the letter's byte offset
// and its slot, or -1, -1.
func verdictLetter(text string) (offset, slot int) {
	i := strings.LastIndex(text, "Answer:")
	if i < 0 {
		return -1, -1
	}
	k := i + len("Answer:")
	for k < len(text) && (text[k] == ' ' || text[k] == '\t') {
		k++
	}
	if k >= len(text) {
		return -1, -1
	}
	for s, l := range letters {
		if text[k] != l[0] {
			continue
		}
		if next := k + 1; next < len(text) && isWordByte(text[next]) {
			return -1, -1
		}
		return k, s
	}
	return -1, -1
}

func isWordByte(c byte) bool {
	return c >= 0x80 || unicode.IsLetter(rune(c)) || unicode.IsDigit(rune(c)) || c == '_'
}

// logprobs renders text as tokens with logprobs. The verdict letter of a
// judge's answer, when probs gives the probability of each letter, is a
// token of its own with logprob ln p(letter) and both letters as its top
// logprobs; every other token is certain (logprob 0): a sim agent's text is
// fixed by its seed.
func logprobs(text string, probs []float64) *choiceLogprobs {
	out := &choiceLogprobs{Content: []tokenLogprob{}}
	certain := func(s string) {
		for _, t := range tokens(s) {
			out.Content = append(out.Content, tokenLogprob{Token: t, Bytes: byteList(t), TopLogprobs: []topLogprob{}})
		}
	}
	k, slot := verdictLetter(text)
	if k < 0 || len(probs) < len(letters) {
		certain(text)
		return out
	}
	top := make([]topLogprob, len(letters))
	for i, l := range letters {
		top[i] = topLogprob{Token: l, Logprob: logOf(probs[i]), Bytes: byteList(l)}
	}
	sort.SliceStable(top, func(i, j int) bool { return top[i].Logprob > top[j].Logprob })
	certain(text[:k])
	out.Content = append(out.Content, tokenLogprob{
		Token: letters[slot], Logprob: logOf(probs[slot]), Bytes: byteList(letters[slot]), TopLogprobs: top,
	})
	certain(text[k+1:])
	return out
}

// logOf is ln p, with p clamped to [minProbability, 1].
func logOf(p float64) float64 {
	if !(p >= minProbability) { // also NaN
		p = minProbability
	}
	return math.Log(min(p, 1))
}

func byteList(s string) []int {
	out := make([]int, len(s))
	for i := 0; i < len(s); i++ {
		out[i] = int(s[i])
	}
	return out
}
