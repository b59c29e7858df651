package sim

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"

	"github.com/mootlab/moot/agents"
	"github.com/mootlab/moot/internal/reading"
	"github.com/mootlab/moot/quotes"
	"github.com/mootlab/moot/transcript"
)

// What a claim is worth to a judge, in log-odds for the side that made it.
const (
	// checkedWorth: the judge checked the claim and found it sound.
	checkedWorth = 2.0
	// faceWorth: the judge took the claim on trust without checking.
	faceWorth = 1.0
	// caughtWorth: the judge found the claim misleading or invented; the
	// side that made it also loses the benefit of its unchecked claims.
	caughtWorth = -1.5
	// doubtedShare of faceWorth is kept by an unchecked claim that the
	// other side challenged.
	doubtedShare = 0.5
	// decay weighs a side's second-best sound claim by decay, its third by
	// decay², and so on: the judge weighs the best evidence, not its bulk.
	decay = 0.5
)

// claim is a quote as the judge tracks it.
type claim struct {
	text   string
	side   int // the shown answer it was cited for
	status quotes.Status
	// challengedBy is the side that re-quoted it against its owner, or
	// NoSide; named are the key terms the challenger said it lacks.
	challengedBy int
	// questioned is set when the judge itself asked about the claim: its
	// question directs its scrutiny there.
	questioned  bool
	named       []string
	fromContext bool // noticed by the judge itself in the context
	// read is set on a side's quote of a passage the judge also found
	// itself (firstHand): it knows the passage and checks the quote;
	// within is that passage where the quote is only part of it.
	read   bool
	within string
	// otherwise marks a grader's passage that answers the question
	// without naming the graded answer (readGraded): it names no answer
	// of its own, for the grader is shown none but the candidate's.
	otherwise bool
	// by is the seat that cited it first.
	by      string
	missing int // key terms (and the answer) the quote lacks
	value   float64
	settled bool
}

// passage is what the judge holds a claim to say: the text quoted, or,
// for part of a passage the judge has read itself, the whole passage.
func (c *claim) passage() string {
	if c.within != "" {
		return c.within
	}
	return c.text
}

// judge reads the transcript (and the context, if it may see it) and gives
// a verdict. It sees no gold label: only the question, the answers in the
// order shown, and what was said.
func (a *Agent) judge(req agents.Request, rng *rand.Rand) agents.Response {
	v := req.View
	key := keyTerms(v.Question)
	claims, words, framed := collect(req.Transcript)
	if words == [2]int{} {
		// No side spoke: the answers are all the judge reads of each, and
		// a judge that favours length weighs theirs (the verbosity bias of
		// pairwise judging, Zheng et al. 2023).
		words = [2]int{countWords(v.Answers[0]), countWords(v.Answers[1])}
	}
	if v.Context != "" {
		claims = firstHand(claims, a.read(v, key, rng))
	}
	notes, discredited := a.scrutinize(claims, key, v, rng)
	score := a.weigh(claims, discredited, rng)
	if r := v.Reference; r != nil && (r.Answer == 0 || r.Answer == 1) {
		score[r.Answer] += a.referencePull(r, score[r.Answer]-score[1-r.Answer], r.Answer)
	}
	if total := framed[0] + framed[1]; total > 0 {
		// Framing moves a susceptible judge, up to a claim taken on trust.
		score[0] += a.s.Susceptibility * faceWorth * float64(framed[0]-framed[1]) / float64(total)
	}
	choice, pA := a.decide(score, words, rng)
	return agents.Response{Text: verdictText(notes, choice), Probabilities: []float64{pA, 1 - pA}}
}

// scrutinize is the judge's first pass: the unverified quotes it does not
// believe, and the claims it checks closely against the question. It
// settles the claims it checks, and returns its notes and the sides it
// caught misleading.
func (a *Agent) scrutinize(claims []*claim, key []string, v transcript.View, rng *rand.Rand) ([]string, [2]bool) {
	var notes []string
	discredited := [2]bool{}
	hearsay := hearsayIn(v.Context)
	for _, c := range claims {
		c.missing = reading.Missing(key, c.passage())
		if !c.otherwise && !reading.SpeaksFor(c.passage(), v.Answers[c.side]) {
			c.missing++
		}
		if c.status == quotes.Unverified && rng.Float64() >= a.s.TrustUnverified {
			c.value, c.settled = caughtWorth, true
			discredited[c.side] = true
			notes = append(notes, fmt.Sprintf("The quote %s for %s could not be verified; I do not believe it.", quoted(c.text), slot(c.side)))
			continue
		}
		// A passage the judge found itself it has read against the
		// question; another's claim it checks by its diligence, twice over
		// if the other side challenged it.
		check := a.s.Diligence
		switch {
		case c.fromContext, c.read:
			check = 1
		case c.challengedBy != transcript.NoSide, c.questioned:
			check = 1 - (1-check)*(1-check)
		}
		if rng.Float64() >= check {
			continue
		}
		c.settled = true
		caught := c.missing > 0
		if a.s.Misread > 0 && rng.Float64() < a.s.Misread*v.Difficulty*(1-a.s.Skill) {
			caught = !caught // a close check is not infallible
		}
		if len(c.named) > 0 && !namedMissing(c.named, key, c.text) {
			// The challenge named terms the quote does have.
			discredited[c.challengedBy] = true
			notes = append(notes, fmt.Sprintf("%s's challenge of %s is false.", slot(c.challengedBy), quoted(c.text)))
		}
		if reported(c.text, hearsay) && rng.Float64() < findChance(a.s.Skill, v.Difficulty, 1) {
			// Noticed as hearsay: set aside, and held against a side that
			// quoted it without the words that make it hearsay.
			c.value = 0
			if reading.Hearsay(c.text) || c.fromContext {
				notes = append(notes, fmt.Sprintf("The passage %s only reports hearsay.", quoted(c.text)))
			} else {
				c.value = caughtWorth
				discredited[c.side] = true
				notes = append(notes, fmt.Sprintf("The quote %s leaves out that the article only reports it as hearsay; %s is misleading.", quoted(c.text), slot(c.side)))
			}
			continue
		}
		switch {
		case caught && c.fromContext:
			c.value = 0 // a passage beside the point is simply set aside
		case caught:
			c.value = caughtWorth
			discredited[c.side] = true
			notes = append(notes, fmt.Sprintf("The quote %s does not answer the question; %s is misleading.", quoted(c.text), slot(c.side)))
		case c.otherwise:
			c.value = checkedWorth
			notes = append(notes, fmt.Sprintf("The passage %s answers the question otherwise.", quotes.Wrap(c.text)))
		default:
			c.value = checkedWorth
			// Cited in quote tags, so that an agent reading this answer
			// (society of minds) can weigh the passage itself.
			notes = append(notes, fmt.Sprintf("The passage %s supports %s.", quotes.Wrap(c.text), slot(c.side)))
		}
	}
	return notes, discredited
}

// weigh is the judge's second pass, over the claims it only skimmed, and
// returns each side's score. A skim catches each missing term with a chance
// equal to the judge's skill; a claim seen to miss the point is set aside,
// the rest taken at face value.
func (a *Agent) weigh(claims []*claim, discredited [2]bool, rng *rand.Rand) [2]float64 {
	var sound [2][]float64
	var score [2]float64
	for _, c := range claims {
		if !c.settled {
			c.value = faceWorth
			if c.missing > 0 && rng.Float64() < 1-math.Pow(1-a.s.Skill, float64(c.missing)) {
				c.value = 0
			}
			if c.challengedBy != transcript.NoSide {
				c.value *= doubtedShare
			}
			if discredited[c.side] && !c.fromContext {
				c.value = 0
			}
		}
		if c.status == quotes.Unchecked && !c.fromContext && c.value > 0 {
			// Nothing was verified: a quote's support is only as good as
			// the judge's trust. A flaw the judge saw for itself (a
			// missing term) needs no trust and keeps its full weight.
			c.value *= a.s.TrustUnverified
		}
		if c.value > 0 {
			sound[c.side] = append(sound[c.side], c.value)
		} else {
			score[c.side] += c.value
		}
	}
	for side := range sound {
		score[side] += decayed(sound[side])
	}
	return score
}

// decide turns the sides' scores and the words each spoke into the chosen
// slot and the probability of the first, with the judge's biases and noise.
func (a *Agent) decide(score [2]float64, words [2]int, rng *rand.Rand) (choice int, pA float64) {
	logit := score[0] - score[1] + a.s.PositionBias
	if total := words[0] + words[1]; total > 0 {
		logit += a.s.LengthBias * float64(words[0]-words[1]) / float64(total)
	}
	pA = sigmoid(logit)
	choice = 1
	switch x := logit + a.s.Noise*logistic(rng); {
	case x > 0:
		choice = 0
	case x == 0 && rng.Float64() < 0.5:
		// A tie (no evidence, no bias, no noise) is a coin toss, not a
		// lean towards either slot.
		choice = 0
	}
	return choice, pA
}

// maxNotes is how many notes a judge's answer writes out: its reasoning
// names a handful of passages, as a written verdict does, and counts the
// rest, whatever the length of the text it read (a long article with many
// passages to the point would otherwise make a verdict as long as itself).
const maxNotes = 10

// verdictText is the judge's answer: its notes, then the slot it chose.
func verdictText(notes []string, choice int) string {
	var b strings.Builder
	if len(notes) == 0 {
		b.WriteString("I found nothing I could check.\n")
	}
	for _, n := range notes[:min(len(notes), maxNotes)] {
		b.WriteString(n)
		b.WriteByte('\n')
	}
	switch more := len(notes) - maxNotes; {
	case more == 1:
		b.WriteString("I weighed one more passage besides.\n")
	case more > 1:
		fmt.Fprintf(&b, "I weighed %d more passages besides.\n", more)
	}
	fmt.Fprintf(&b, "Answer: %s\n", slot(choice))
	return b.String()
}

// collect gathers the quotes of a transcript as claims, in order of first
// citation, noting challenges, and counts the words each side spoke and
// its lines of framing.
func collect(turns []transcript.Turn) ([]*claim, [2]int, [2]int) {
	var claims []*claim
	var words, framed [2]int
	byText := map[string]*claim{}
	for _, t := range turns {
		if t.Role == transcript.RoleQuestioner {
			for _, q := range quotes.Extract(t.Text) {
				if c, ok := byText[q.Text]; ok {
					c.questioned = true
				}
			}
			continue
		}
		if t.Side != 0 && t.Side != 1 {
			continue
		}
		words[t.Side] += countWords(t.Text)
		for _, line := range strings.Split(t.Text, "\n") {
			if isFraming(line) {
				framed[t.Side]++
			}
			for _, q := range quotes.Extract(line) {
				c, ok := byText[q.Text]
				switch {
				case !ok:
					c = &claim{text: q.Text, side: t.Side, status: q.Status, challengedBy: transcript.NoSide, by: t.Name}
					byText[q.Text] = c
					claims = append(claims, c)
				case c.side != t.Side:
					c.challengedBy = t.Side
					c.named = append(c.named, namedTerms(line)...)
				}
			}
		}
	}
	return claims, words, framed
}

// reported reports whether text is hearsay: it carries a hearsay lead, or
// is part of one of the context's hearsay sentences.
func reported(text string, hearsay []string) bool {
	return reading.Hearsay(text) || inHearsay(text, hearsay)
}

// inHearsay reports whether text is part of one of the hearsay sentences.
func inHearsay(text string, hearsay []string) bool {
	for _, s := range hearsay {
		if strings.Contains(s, text) {
			return true
		}
	}
	return false
}

// moderate is a MAD moderator: it weighs the debate so far as a judge
// would, and states a preference only when its probability for one side
// passes 0.9; otherwise the debate goes on.
func (a *Agent) moderate(req agents.Request, rng *rand.Rand) agents.Response {
	r := a.judge(req, rng)
	pA := r.Probabilities[0]
	pref := "none"
	switch {
	case pA >= moderatorBar:
		pref = "A"
	case pA <= 1-moderatorBar:
		pref = "B"
	}
	return agents.Response{Text: fmt.Sprintf("Preference: %s\n", pref), Probabilities: r.Probabilities}
}

// moderatorBar is the probability at which a sim moderator calls a side
// clearly preferred.
const moderatorBar = 0.9

// question is the judge asking between rounds: about the most recent
// claim it has not asked about yet — the one it knows least about — by
// quoting it back. Asking directs its own scrutiny: at the verdict it checks
// a claim it asked about as if the claim had been challenged.
//
// A question to one seat (req.Addressee) is about that seat's claims. A
// question keeps to the seat's word limit: one too short to quote the
// claim back asks in general, cut to the limit if need be.
func (a *Agent) question(req agents.Request) string {
	general := "What in the text supports your answer?\n"
	if req.View.NoContext {
		general = "What supports your answer that I can check myself?\n"
	}
	claims, _, _ := collect(req.Transcript)
	for i := len(claims) - 1; i >= 0; i-- {
		if !claims[i].questioned && (req.Addressee == "" || claims[i].by == req.Addressee) {
			q := fmt.Sprintf("You quote %s. Where does the text say this about what the question asks?\n", quotes.Wrap(claims[i].text))
			if req.WordLimit <= 0 || countWords(q) <= req.WordLimit {
				return q
			}
			break
		}
	}
	if req.WordLimit > 0 && countWords(general) > req.WordLimit {
		return strings.Join(strings.Fields(general)[:req.WordLimit], " ") + "\n"
	}
	return general
}

// namedTerms reads the terms a challenge says are missing: the quoted words
// after "does not mention".
func namedTerms(line string) []string {
	_, rest, ok := strings.Cut(line, "does not mention ")
	if !ok {
		return nil
	}
	var out []string
	for {
		i := strings.IndexByte(rest, '"')
		if i < 0 {
			return out
		}
		j := strings.IndexByte(rest[i+1:], '"')
		if j < 0 {
			return out
		}
		out = append(out, strings.ToLower(rest[i+1:i+1+j]))
		rest = rest[i+1+j+1:]
	}
}

// namedMissing reports whether a challenge holds: every term it names is a
// key term of the question, and the quote lacks it.
func namedMissing(named, key []string, text string) bool {
	for chunk := range slices.Chunk(named, 64) {
		if reading.WordsPresent(text, chunk) != 0 {
			return false
		}
	}
	for _, t := range named {
		if !slices.Contains(key, t) {
			return false
		}
	}
	return true
}

// logistic draws from the standard logistic distribution.
func logistic(rng *rand.Rand) float64 {
	u := rng.Float64()
	for u == 0 {
		u = rng.Float64()
	}
	return math.Log(u / (1 - u))
}

// decayed sums values from the largest down, each weighed by decay to the
// power of its rank.
func decayed(values []float64) float64 {
	// Insertion sort, descending: a side makes only a handful of claims.
	for i := 1; i < len(values); i++ {
		for j := i; j > 0 && values[j] > values[j-1]; j-- {
			values[j], values[j-1] = values[j-1], values[j]
		}
	}
	sum, w := 0.0, 1.0
	for _, x := range values {
		sum += w * x
		w *= decay
	}
	return sum
}
