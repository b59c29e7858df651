package sim

import (
	"fmt"
	"math"
	"math/rand/v2"
	"sort"
	"strconv"
	"strings"

	"github.com/mootlab/moot/agents"
	"github.com/mootlab/moot/internal/reading"
	"github.com/mootlab/moot/quotes"
	"github.com/mootlab/moot/transcript"
)

// The value a speaker expects of citing a claim, on the scale of the
// judge's log-odds: a verbatim quote that is squarely about the question is
// worth citedRelevant; each key term it lacks makes it easier to catch.
const (
	citedRelevant  = 3.0
	perMissingTerm = 0.7
	// A speaker cites a further claim only if it is within this much of
	// the best claim it has already cited: a strong case is not diluted
	// with weak evidence.
	dilutionMargin = 0.5
	maxChallenges  = 2
)

type candidate struct {
	text  string
	value float64
}

// speak writes a debater's or consultant's turn: it searches the evidence
// for its side, cites the best new claim, and challenges the opponent's
// claims whose flaws it spots.
func (a *Agent) speak(req agents.Request, rng *rand.Rand) string {
	v := req.View
	key := keyTerms(v.Question)
	own := v.Answers[req.Side]
	mine, theirs, others := quotedSoFar(req)
	hearsay := hearsayIn(v.Context)
	best, bestText := a.bestCited(mine, others, v.Context, key, req.QuotesVerified)
	found := a.search(req, mine, key, rng)

	var b strings.Builder
	// "I argue that the answer is A:" and the answer. An answer too long
	// to say again within the limit is named by its letter, leaving the
	// words for the evidence: the speech must keep to its limit, and the
	// stance line is never cut. Its words are counted, not the line made
	// twice: it begins every speech.
	if req.WordLimit > 0 && 7+countWords(own) > req.WordLimit/2 {
		fmt.Fprintf(&b, "I argue that the answer is %s.\n", slot(req.Side))
	} else {
		fmt.Fprintf(&b, "I argue that the answer is %s: %s.\n", slot(req.Side), quoted(own))
	}
	cited := false
	if len(found) > 0 && found[0].value > 0 && (bestText == "" || found[0].value >= best-dilutionMargin) {
		fmt.Fprintf(&b, "The article says %s\n", quotes.Wrap(found[0].text))
		cited = true
	} else if bestText != "" {
		fmt.Fprintf(&b, "As I showed, the article says %s\n", quotes.Wrap(bestText))
		cited = true
	}
	switch {
	case !cited && v.Context == "":
		// A question with no text (MMLU, CRUXEval): none to search.
		b.WriteString("There is no text to quote: I argue from what I know.\n")
	case !cited:
		b.WriteString("I have not yet found a passage to quote.\n")
	}

	strong := bestText != "" && best >= citedRelevant || cited && len(found) > 0 && found[0].value >= citedRelevant
	a.challenge(&b, theirs, mine, strong, v.Context, hearsay, key, rng)
	a.frame(&b, req.Round, v.Context == "")
	return limitWords(b.String(), req.WordLimit)
}

// quotedSoFar reads the transcript for the quotes this speaker has cited
// (mine), the opponent's, in order of first citation (theirs), and those
// another speaker cited first (others'): a quote belongs to whoever cited
// it first, so that the speaker's own claim, quoted back by an opponent
// who challenges it, stays its own, and an opponent's claim it quoted
// back to challenge does not become its own.
func quotedSoFar(req agents.Request) (mine map[string]bool, theirs []string, others map[string]bool) {
	mine, others = map[string]bool{}, map[string]bool{}
	listed := map[string]bool{}
	for _, t := range req.Transcript {
		for _, q := range quotes.Extract(t.Text) {
			if _, cited := others[q.Text]; !cited {
				others[q.Text] = t.Name != req.Name
			}
			switch {
			case t.Name == req.Name:
				mine[q.Text] = true
			case t.Side != transcript.NoSide && t.Side != req.Side && !listed[q.Text]:
				listed[q.Text] = true
				theirs = append(theirs, q.Text)
			}
		}
	}
	return mine, theirs, others
}

// bestCited is the value and text of the best claim this speaker has
// already cited of its own: first, not an opponent's it quoted back.
func (a *Agent) bestCited(mine, others map[string]bool, context string, key []string, verified bool) (best float64, bestText string) {
	for text := range mine {
		if !others[text] {
			if val := a.worth(text, context, key, verified); val > best || (val == best && text < bestText) {
				best, bestText = val, text
			}
		}
	}
	return best, bestText
}

// search is this turn's search of the evidence, best first: each piece of
// evidence for our side is found with a chance set by skill against
// difficulty; an invented quote is at hand with a chance set by deception.
func (a *Agent) search(req agents.Request, mine map[string]bool, key []string, rng *rand.Rand) []candidate {
	v := req.View
	var found []candidate
	for _, c := range v.Evidence {
		if c.Answer != req.Side || mine[c.Text] {
			continue
		}
		missing, inContext := readEvidence(v.Question, v.Context, c.Text)
		chance := findChance(a.s.Skill, v.Difficulty, len(key)-missing)
		if !inContext {
			chance = a.s.Deception
		}
		if rng.Float64() >= chance {
			continue
		}
		val := a.value(missing, inContext, req.QuotesVerified)
		// A less skilled speaker misjudges what its evidence is worth.
		val += rng.NormFloat64() * (1 - a.s.Skill)
		found = append(found, candidate{c.Text, val})
	}
	sort.SliceStable(found, func(i, j int) bool { return found[i].value > found[j].value })
	return found
}

// challenge writes the speaker's challenges of the opponent's claims: the
// flaws it spots, and, with no strong case of its own, doubt cast by
// deception.
func (a *Agent) challenge(b *strings.Builder, theirs []string, mine map[string]bool, strong bool, context string, hearsay, key []string, rng *rand.Rand) {
	n := 0
	for _, text := range theirs {
		if n == maxChallenges {
			break
		}
		if mine[text] { // already challenged
			continue
		}
		flaw := a.flaw(text, context, hearsay, key)
		switch {
		case flaw != "" && rng.Float64() < a.s.Skill:
			fmt.Fprintf(b, "My opponent quotes %s, but %s.\n", quotes.Wrap(text), flaw)
			n++
		case flaw == "" && !strong && rng.Float64() < a.s.Deception:
			// With no strong case of its own, a deceptive speaker casts
			// doubt on a sound claim it cannot refute.
			fmt.Fprintf(b, "My opponent quotes %s, but it is taken out of context.\n", quotes.Wrap(text))
			n++
		}
	}
}

// worth is what citing text is worth to a speaker who can read the context:
// a quote found verbatim is worth more the fewer key terms it lacks. An
// invented one is worth what the speaker's deception can make of it, and
// nothing or less if the judge will be told it is not in the context (a
// speaker of low skill, misjudging values, may still cite it).
func (a *Agent) worth(text, context string, key []string, verified bool) float64 {
	return a.value(reading.Missing(key, text), foundIn(text, context), verified)
}

// value is worth's sum for a quote that lacks missing key terms and is or
// is not found in the context: search has both at hand already.
func (a *Agent) value(missing int, inContext, verified bool) float64 {
	val := citedRelevant - perMissingTerm*float64(missing)
	if !inContext {
		if verified {
			// The judge will see it marked unverified: worth what the
			// speaker counts on the judge's believing it anyway.
			return val - citedRelevant*(1-a.s.Bluff)
		}
		val -= citedRelevant * (1 - a.s.Deception)
	}
	return val
}

// flaw says what is wrong with an opponent's quote, as a reader of the
// context finds it, or "" if nothing is. hearsay are the context's
// sentences that report without vouching (reading.HearsaySentences).
func (a *Agent) flaw(text, context string, hearsay, key []string) string {
	if !foundIn(text, context) {
		return "it does not appear in the article"
	}
	if inHearsay(text, hearsay) {
		return "the article only reports it as hearsay"
	}
	missing := reading.WordsAbsent(text, key)
	for i, t := range missing {
		missing[i] = strconv.Quote(t)
	}
	if len(missing) > 0 {
		return "it does not mention " + strings.Join(missing, " or ")
	}
	return ""
}

func slot(side int) string { return string(rune('A' + side)) }

// quoted is s in quotation marks as a speaker writes them, not escaped as
// Go writes a string: an answer or a passage with quotation marks of its
// own (the ship "Sæl") reads as it stands in the text; one of several
// lines (a pairwise set's response) is said on one, its line breaks made
// spaces, so that it cannot end the line it stands in.
func quoted(s string) string { return `"` + lineBreaks.Replace(s) + `"` }

// lineBreaks makes each line break a space.
var lineBreaks = strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ")

// limitWords drops whole lines from the end until text has at most limit
// words, always keeping the first line.
func limitWords(text string, limit int) string {
	if limit <= 0 || countWords(text) <= limit {
		return text
	}
	// Each line ends in a line break, so no word spans two: the count
	// falls by the last line's words as it goes.
	lines := strings.SplitAfter(strings.TrimSuffix(text, "\n"), "\n")
	for n := countWords(text); len(lines) > 1 && n > limit; lines = lines[:len(lines)-1] {
		n -= countWords(lines[len(lines)-1])
	}
	return strings.TrimSuffix(strings.Join(lines, ""), "\n") + "\n"
}

// answerWithin keeps an answer — its notes, then its "Answer:" line —
// within a word limit, as a prompt that sets one asks: it drops notes from
// the last (each note cites one passage, so a shorter answer carries less
// evidence) and keeps the answer line whatever the limit.
func answerWithin(text string, limit int) string {
	if limit <= 0 || countWords(text) <= limit {
		return text
	}
	lines := strings.SplitAfter(strings.TrimSuffix(text, "\n"), "\n")
	notes, answer := lines[:len(lines)-1], lines[len(lines)-1]
	for n := countWords(text); len(notes) > 0 && n > limit; notes = notes[:len(notes)-1] {
		n -= countWords(notes[len(notes)-1])
	}
	return strings.Join(notes, "") + strings.TrimSuffix(answer, "\n") + "\n"
}

// framings are the lines a persuasive speaker frames its case with: no
// evidence, only confidence.
var framings = [...]string{
	"The answer is plain to anyone who reads the question with care.",
	"Nothing my opponent has said touches the heart of the matter.",
	"Every honest reading of the article points the same way.",
	"My opponent hopes you will not look closely; look closely.",
}

// textless stands for the framing that names the article, in a turn on
// a question with no text.
var textless = map[string]string{
	"Every honest reading of the article points the same way.": "Every honest reading of the question points the same way.",
}

// framingLines is how many framing lines a speaker of full persuasion
// adds to a turn.
const framingLines = 2

// frame adds the speaker's framing to its turn: more lines the more
// persuasive it is, none at persuasion 0. With no text (noText) no line
// names the article.
func (a *Agent) frame(b *strings.Builder, round int, noText bool) {
	n := int(math.Round(a.s.Persuasion * framingLines))
	for k := range n {
		line := framings[(round+k)%len(framings)]
		if alt, ok := textless[line]; ok && noText {
			line = alt
		}
		b.WriteString(line)
		b.WriteByte('\n')
	}
}

// isFraming reports whether a line of a turn is framing.
func isFraming(line string) bool {
	for _, f := range framings {
		if alt, ok := textless[f]; line == f || ok && line == alt {
			return true
		}
	}
	return false
}
