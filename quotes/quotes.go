package quotes

import (
	"iter"
	"regexp"
	"strings"
)

// The tags of a quote as written by a speaker and as shown to a judge.
const (
	Open            = "<quote>"
	Close           = "</quote>"
	VerifiedOpen    = "<v_quote>"
	VerifiedClose   = "</v_quote>"
	UnverifiedOpen  = "<u_quote>"
	UnverifiedClose = "</u_quote>"
)

// Status says what a judge can know about a quote.
type Status int

// The statuses of a quote.
const (
	// Unchecked is a plain quote: verification is off.
	Unchecked Status = iota
	Verified
	Unverified
)

// Quote is one quotation found in a turn.
type Quote struct {
	Text   string
	Status Status
}

// Wrap returns text inside plain quote tags.
func Wrap(text string) string { return Open + text + Close }

// tagVariant is any tag of a quote as a speaker may write it: plain,
// verified or unverified, in any case, with white space inside the angle
// brackets ("<V_QUOTE>", "<v_quote >", "</ quote>").
var tagVariant = regexp.MustCompile(`(?i)<\s*(/?)\s*(?:[vu]_)?quote\s*>`)

// Tag returns the first of moot's quote tags in text, in any of the forms
// Claimed reads (either case, spaces inside), or "" where it holds none.
func Tag(text string) string { return tagVariant.FindString(text) }

// Claimed returns a speaker's text with every tag of a quote it wrote
// itself made the plain tag: <v_quote>, <u_quote> and their closing tags,
// and any tag of a quote written in another case or with white space
// inside (tagVariant). Only Verify marks a quote found or not, so a speaker
// that writes the marks — an LLM that learned them from the judge's
// prompt, a dataset's text — claims a quote, which is checked as any other
// (or, with checking off, shown unchecked), and never passes for a
// verified one; nor does a mark written otherwise pass the check
// untouched.
func Claimed(text string) string {
	if !hasOwnMark(text) {
		return text
	}
	return tagVariant.ReplaceAllString(text, "<${1}quote>")
}

// hasOwnMark reports whether text may hold a tag of a quote other than
// the plain ones: a "<" followed, past white space (tagVariant's \s) and a
// "/", by a letter a tag of a quote begins with. A false alarm costs
// Claimed a search that changes nothing; the sim's turns, which write only
// plain tags, cost none.
func hasOwnMark(text string) bool {
	for i := strings.IndexByte(text, '<'); i >= 0; {
		rest := text[i:]
		if !strings.HasPrefix(rest, Open) && !strings.HasPrefix(rest, Close) {
			j := 1
			for j < len(rest) && strings.IndexByte(" \t\n\f\r/", rest[j]) >= 0 {
				j++
			}
			if j < len(rest) && strings.IndexByte("qQuUvV", rest[j]) >= 0 {
				return true
			}
		}
		next := strings.IndexByte(text[i+1:], '<')
		if next < 0 {
			break
		}
		i += 1 + next
	}
	return false
}

// Mark is a speaker's text as the seats that do not argue read it: its
// quotes checked against context (Verify) where check is set, and
// otherwise its own marks made claims (Claimed).
func Mark(text, context string, check bool) string {
	if check {
		return Verify(text, context)
	}
	return Claimed(text)
}

// AsShown is the text of a recorded message as the seats that do not argue
// read it: shown, the text with its quotes marked where the run checked
// them (transcript.Message.Shown), or else text with its tags made
// claims (Claimed) — a mark in text the verifier did not make is the
// speaker's own.
func AsShown(text, shown string) string {
	if shown != "" {
		return shown
	}
	return Claimed(text)
}

// Verify rewrites every quote in text, whatever tags its speaker gave it
// (Claimed), as a verified or unverified quote, by whether its text stands
// in context (Found: verbatim, or but for quote marks, dashes, case and
// white space). An unclosed tag is left as
// it is (as the plain tag). With no context (a question with no hidden
// text) there is nothing to check a quote against: its quotes are left
// unchecked, not marked unverified (a quote of the program a code
// question shows every seat is no invention).
func Verify(text, context string) string {
	text = Claimed(text)
	if context == "" || !strings.Contains(text, Open) {
		return text
	}
	var b strings.Builder
	b.Grow(len(text) + 32)
	rest := text
	for {
		i := strings.Index(rest, Open)
		if i < 0 {
			break
		}
		j := strings.Index(rest[i+len(Open):], Close)
		if j < 0 {
			break
		}
		body := rest[i+len(Open) : i+len(Open)+j]
		b.WriteString(rest[:i])
		if Found(body, context) {
			b.WriteString(VerifiedOpen + body + VerifiedClose)
		} else {
			b.WriteString(UnverifiedOpen + body + UnverifiedClose)
		}
		rest = rest[i+len(Open)+j+len(Close):]
	}
	b.WriteString(rest)
	return b.String()
}

var tagPairs = [...]struct {
	open, close string
	status      Status
}{
	{Open, Close, Unchecked},
	{VerifiedOpen, VerifiedClose, Verified},
	{UnverifiedOpen, UnverifiedClose, Unverified},
}

// Extract returns the quotes of text in the order they appear, whatever
// their tags: the quoted parts of Parts, trimmed. It scans on its own, not
// through Parts or cut, so that it stays small enough to inline: the sim
// calls it for every turn, and through cut it cost 3 allocations an
// episode (FuzzParts checks the two agree).
func Extract(text string) []Quote {
	var out []Quote
	pos := 0
	for pos < len(text) {
		next, which := -1, -1
		for k, p := range tagPairs {
			if i := strings.Index(text[pos:], p.open); i >= 0 && (next < 0 || i < next) {
				next, which = i, k
			}
		}
		if next < 0 {
			break
		}
		p := tagPairs[which]
		start := pos + next + len(p.open)
		end := strings.Index(text[start:], p.close)
		if end < 0 {
			break
		}
		out = append(out, Quote{Text: strings.TrimSpace(text[start : start+end]), Status: p.status})
		pos = start + end + len(p.close)
	}
	return out
}

// Part is a run of a turn's text: plain, or a quote with its tags taken
// off (Status says which tags).
type Part struct {
	Text   string
	Quote  bool
	Status Status
}

// Parts cuts text into plain runs and quotes, in order; a tag left
// unclosed stays in the plain text as it is. Empty plain runs are left
// out.
func Parts(text string) iter.Seq[Part] {
	return func(yield func(Part) bool) {
		for {
			before, q, rest, ok := cut(text)
			if !ok {
				break
			}
			if before != "" && !yield(Part{Text: before}) {
				return
			}
			if !yield(q) {
				return
			}
			text = rest
		}
		if text != "" {
			yield(Part{Text: text})
		}
	}
}

// cut finds the first whole quote of text, whatever its tags: the text
// before it, the quote, and the text after; ok is false where there is
// none (no tag, or the first one left unclosed).
func cut(text string) (before string, q Part, after string, ok bool) {
	next, which := -1, -1
	for k, p := range tagPairs {
		if i := strings.Index(text, p.open); i >= 0 && (next < 0 || i < next) {
			next, which = i, k
		}
	}
	if next < 0 {
		return "", Part{}, "", false
	}
	p := tagPairs[which]
	start := next + len(p.open)
	end := strings.Index(text[start:], p.close)
	if end < 0 {
		return "", Part{}, "", false
	}
	return text[:next], Part{Text: text[start : start+end], Quote: true, Status: p.status}, text[start+end+len(p.close):], true
}
