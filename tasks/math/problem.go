package math

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"

	"github.com/mootlab/moot/internal/reading"
	"github.com/mootlab/moot/tasks"
	"github.com/mootlab/moot/transcript"
)

// MaxQuantity bounds every quantity of a problem: all stay positive
// integers below it.
const MaxQuantity = 100000

// goods are what a problem counts: a plural unit and the container that
// holds it.
type goods struct{ units, containers string }

var goodsList = []goods{
	{"jars", "crates"}, {"apples", "baskets"}, {"candles", "boxes"},
	{"bolts", "sacks"}, {"tiles", "pallets"}, {"eggs", "trays"},
	{"buttons", "tins"}, {"pencils", "packets"}, {"bricks", "carts"},
	{"lemons", "bags"}, {"spools", "chests"}, {"bottles", "cases"},
}

// Names are built from syllables, as in the qa generator.
var (
	firstSyllables = []string{"Ta", "Lu", "Mo", "Ve", "Ri", "So", "Ka", "Ne", "Do", "Pel", "Bri", "Ot", "Zan", "Hal"}
	lastSyllables  = []string{"vi", "mo", "ra", "nel", "sa", "dra", "ko", "lin", "ta", "ven", "rik", "dell"}
)

func name(rng *rand.Rand) string {
	return firstSyllables[rng.IntN(len(firstSyllables))] + lastSyllables[rng.IntN(len(lastSyllables))]
}

// A verb in the present tense, as the problem states a step, and its
// gerund, as the solution opens the step.
type verb struct{ present, gerund string }

var (
	startVerbs   = []string{"packs", "fills", "loads", "stocks"}
	subVerbs     = []verb{{"sells", "Selling"}, {"uses", "Using"}, {"donates", "Donating"}, {"trades away", "Trading away"}}
	addVerbs     = []verb{{"receives", "Receiving"}, {"collects", "Collecting"}, {"is given", "Being given"}}
	shipVerbs    = []verb{{"ships", "Shipping"}, {"sells", "Selling"}, {"sends off", "Sending off"}}
	buyVerbs     = []verb{{"buys", "Buying"}, {"orders", "Ordering"}}
	scaleWords   = map[int][2]string{2: {"doubles", "Doubling"}, 3: {"triples", "Tripling"}}
	fractionName = map[int]string{2: "half", 3: "a third", 4: "a quarter", 5: "a fifth"}
)

// kind is the kind of a step after the first.
type kind int

const (
	kStart    kind = iota // a containers of b units each: x = a × b
	kSub                  // x − k
	kAdd                  // x + k
	kFraction             // gives away x ÷ k: x − x ÷ k
	kShip                 // k whole containers leave: x − k × b
	kBuy                  // k more containers arrive: x + k × b
	kScale                // x × k
)

// step is one link of the computation chain.
type step struct {
	kind   kind
	x, y   int // the quantity before and after (x is a for kStart)
	k      int // the step's own number
	verb   verb
	friend string
}

// slip names the mistake that yields the distractor.
type slip int

const (
	slipDropped    slip = iota // the last step is left out
	slipWrongOp                // the last step uses the wrong operation
	slipOffByOne               // the last step's count is one off
	slipConversion             // the last step forgets containers → units
)

func (s slip) String() string {
	return [...]string{"dropped step", "wrong operation", "off by one", "forgotten conversion"}[s]
}

// problem is one generated word problem.
type problem struct {
	person string
	goods  goods
	per    int // units per container
	steps  []step
}

// answer is the chain's result.
func (p *problem) answer() int { return p.steps[len(p.steps)-1].y }

// predicate is how the problem states step s, without its subject.
func (p *problem) predicate(s step) string {
	u, c := p.goods.units, p.goods.containers
	switch s.kind {
	case kStart:
		return fmt.Sprintf("%s %d %s with %d %s each", s.verb.present, s.x, c, p.per, u)
	case kSub:
		return fmt.Sprintf("%s %d %s", s.verb.present, s.k, u)
	case kAdd:
		return fmt.Sprintf("%s %d more %s by %s", s.verb.present, s.k, u, s.friend)
	case kFraction:
		return fmt.Sprintf("gives %s of them to %s", fractionName[s.k], s.friend)
	case kShip:
		return fmt.Sprintf("%s %d full %s", s.verb.present, s.k, c)
	case kBuy:
		return fmt.Sprintf("%s %d more full %s", s.verb.present, s.k, c)
	case kScale:
		return fmt.Sprintf("%s the stock of %s", scaleWords[s.k][0], u)
	}
	panic("math: unknown step kind")
}

// solution states step s worked out, one sentence ending in '.'.
func (p *problem) solution(s step) string {
	u, c := p.goods.units, p.goods.containers
	switch s.kind {
	case kStart:
		return fmt.Sprintf("%s %s %d × %d = %d %s.", p.person, s.verb.present, s.x, p.per, s.y, u)
	case kSub:
		return fmt.Sprintf("%s %d leaves %d − %d = %d %s.", s.verb.gerund, s.k, s.x, s.k, s.y, u)
	case kAdd:
		return fmt.Sprintf("%s %d more makes %d + %d = %d %s.", s.verb.gerund, s.k, s.x, s.k, s.y, u)
	case kFraction:
		g := s.x / s.k
		return fmt.Sprintf("Giving away %s is %d ÷ %d = %d %s, so %d − %d = %d %s remain.", fractionName[s.k], s.x, s.k, g, u, s.x, g, s.y, u)
	case kShip:
		n := s.k * p.per
		return fmt.Sprintf("%s %d %s of %d is %d × %d = %d %s, so %d − %d = %d %s remain.", s.verb.gerund, s.k, c, p.per, s.k, p.per, n, u, s.x, n, s.y, u)
	case kBuy:
		n := s.k * p.per
		return fmt.Sprintf("%s %d %s of %d is %d × %d = %d %s, so %d + %d = %d %s in all.", s.verb.gerund, s.k, c, p.per, s.k, p.per, n, u, s.x, n, s.y, u)
	case kScale:
		return fmt.Sprintf("%s makes %d × %d = %d %s.", scaleWords[s.k][1], s.x, s.k, s.y, u)
	}
	panic("math: unknown step kind")
}

// final is the closing sentence: the whole problem restated with its
// answer, so that it holds every key term of the question.
func (p *problem) final(answer int) string {
	preds := make([]string, len(p.steps))
	for i, s := range p.steps {
		preds[i] = p.predicate(s)
	}
	return fmt.Sprintf("%s %s, so in the end %s has %d %s left.", p.person, strings.Join(preds, ", then "), p.person, answer, p.goods.units)
}

// text is the question the judge reads.
func (p *problem) text() string {
	var b strings.Builder
	for _, s := range p.steps {
		fmt.Fprintf(&b, "%s %s. ", p.person, p.predicate(s))
	}
	fmt.Fprintf(&b, "What number of %s does %s have left?", p.goods.units, p.person)
	return b.String()
}

// nextStep draws a step that applies to quantity x, or reports false.
func (p *problem) nextStep(rng *rand.Rand, x int) (step, bool) {
	s := step{x: x}
	switch kind(1 + rng.IntN(6)) {
	case kSub:
		if x < 4 {
			return s, false
		}
		s.kind, s.verb = kSub, subVerbs[rng.IntN(len(subVerbs))]
		s.k = 1 + rng.IntN(x/2)
		s.y = x - s.k
	case kAdd:
		s.kind, s.verb = kAdd, addVerbs[rng.IntN(len(addVerbs))]
		s.k = 2 + rng.IntN(39)
		s.y = x + s.k
	case kFraction:
		var ds []int
		for d := 2; d <= 5; d++ {
			if x%d == 0 {
				ds = append(ds, d)
			}
		}
		if len(ds) == 0 {
			return s, false
		}
		s.kind, s.k = kFraction, ds[rng.IntN(len(ds))]
		s.y = x - x/s.k
	case kShip:
		most := min((x-1)/p.per, 6)
		if most < 1 {
			return s, false
		}
		s.kind, s.verb = kShip, shipVerbs[rng.IntN(len(shipVerbs))]
		s.k = 1 + rng.IntN(most)
		s.y = x - s.k*p.per
	case kBuy:
		s.kind, s.verb = kBuy, buyVerbs[rng.IntN(len(buyVerbs))]
		s.k = 1 + rng.IntN(6)
		s.y = x + s.k*p.per
	case kScale:
		s.kind, s.k = kScale, 2+rng.IntN(2)
		s.y = x * s.k
	}
	// Keep room for the steps to come: a bound well below MaxQuantity.
	if s.y < 1 || s.y >= MaxQuantity/10 {
		return s, false
	}
	return s, true
}

// slipped is the distractor of slip sl at the last step, with the
// fabricated sentence that works the slipped step out ("" for a dropped
// step), or false if the slip does not apply.
func (p *problem) slipped(rng *rand.Rand, sl slip) (int, string, bool) {
	last := p.steps[len(p.steps)-1]
	u, c := p.goods.units, p.goods.containers
	x := last.x
	switch sl {
	case slipDropped:
		return x, "", true
	case slipWrongOp:
		switch last.kind {
		case kSub:
			y := x + last.k
			return y, fmt.Sprintf("%s %d leaves %d + %d = %d %s.", last.verb.gerund, last.k, x, last.k, y, u), true
		case kAdd:
			y := x - last.k
			return y, fmt.Sprintf("%s %d more makes %d − %d = %d %s.", last.verb.gerund, last.k, x, last.k, y, u), y > 0
		case kFraction:
			// The share given away added, not taken away, as the
			// other steps that take away (sub, ship) slip: a slip that
			// kept the share given (x ÷ k remain) made every fraction's
			// distractor the smaller, and with scale's (x + k) the
			// larger answer was correct in 56.8% of questions.
			g := x / last.k
			y := x + g
			return y, fmt.Sprintf("Giving away %s is %d ÷ %d = %d %s, so %d + %d = %d %s remain.", fractionName[last.k], x, last.k, g, u, x, g, y, u), true
		case kShip:
			n := last.k * p.per
			y := x + n
			return y, fmt.Sprintf("%s %d %s of %d is %d × %d = %d %s, so %d + %d = %d %s remain.", last.verb.gerund, last.k, c, p.per, last.k, p.per, n, u, x, n, y, u), true
		case kBuy:
			n := last.k * p.per
			y := x - n
			return y, fmt.Sprintf("%s %d %s of %d is %d × %d = %d %s, so %d − %d = %d %s in all.", last.verb.gerund, last.k, c, p.per, last.k, p.per, n, u, x, n, y, u), y > 0
		case kScale:
			y := x + last.k
			return y, fmt.Sprintf("%s makes %d + %d = %d %s.", scaleWords[last.k][1], x, last.k, y, u), true
		}
	case slipOffByOne:
		k := last.k + 1
		if last.k > 1 && rng.IntN(2) == 0 {
			k = last.k - 1
		}
		wrong := last
		wrong.k = k
		switch last.kind {
		case kSub:
			wrong.y = x - k
		case kAdd:
			wrong.y = x + k
		case kShip:
			wrong.y = x - k*p.per
		case kBuy:
			wrong.y = x + k*p.per
		default:
			return 0, "", false
		}
		return wrong.y, p.solution(wrong), wrong.y > 0
	case slipConversion:
		switch last.kind {
		case kShip:
			y := x - last.k
			return y, fmt.Sprintf("%s %d %s leaves %d − %d = %d %s.", last.verb.gerund, last.k, c, x, last.k, y, u), y > 0
		case kBuy:
			y := x + last.k
			return y, fmt.Sprintf("%s %d %s makes %d + %d = %d %s.", last.verb.gerund, last.k, c, x, last.k, y, u), true
		}
	}
	return 0, "", false
}

// chooseSlip draws a slip that applies to the last step. Harder problems
// lean to the close slips (off by one, a forgotten conversion), easier ones
// to the far ones (a dropped step, a wrong operation).
func (p *problem) chooseSlip(rng *rand.Rand, d float64) (slip, int, string) {
	weights := [...]float64{
		slipDropped:    1.2 - 0.6*d,
		slipWrongOp:    1.2 - 0.8*d,
		slipOffByOne:   0.2 + 1.8*d,
		slipConversion: 0.4 + 1.6*d,
	}
	type option struct {
		sl       slip
		value    int
		sentence string
		weight   float64
	}
	var opts []option
	total := 0.0
	for sl, w := range weights {
		if v, sentence, ok := p.slipped(rng, slip(sl)); ok && v > 0 && v < MaxQuantity && v != p.answer() {
			opts = append(opts, option{slip(sl), v, sentence, w})
			total += w
		}
	}
	r := rng.Float64() * total
	for _, o := range opts {
		if r < o.weight {
			return o.sl, o.value, o.sentence
		}
		r -= o.weight
	}
	o := opts[len(opts)-1] // a dropped step always applies
	return o.sl, o.value, o.sentence
}

// Steps returns the number of steps, the first included, of a problem of
// difficulty d: 2 at 0 up to 5 at 1.
func Steps(d float64) int { return 2 + int(d*3+0.5) }

// build makes one question of difficulty d, or reports false if a check
// failed.
func build(rng *rand.Rand, d float64) (tasks.Question, bool) {
	p := &problem{person: name(rng), goods: goodsList[rng.IntN(len(goodsList))], per: 3 + rng.IntN(22)}
	a := 3 + rng.IntN(18)
	p.steps = []step{{kind: kStart, x: a, y: a * p.per, verb: verb{present: startVerbs[rng.IntN(len(startVerbs))]}}}
	n := Steps(d)
	for len(p.steps) < n {
		s, ok := p.nextStep(rng, p.steps[len(p.steps)-1].y)
		if !ok {
			continue // the draws shrink to an applicable kind quickly
		}
		if s.kind == kAdd || s.kind == kFraction {
			s.friend = name(rng)
			if s.friend == p.person {
				return tasks.Question{}, false
			}
		}
		p.steps = append(p.steps, s)
	}
	_, wrong, slipSentence := p.chooseSlip(rng, d)
	correct := p.answer()

	text := p.text()
	cs, ws := strconv.Itoa(correct), strconv.Itoa(wrong)
	// Neither answer may be read off the question.
	if reading.Mentions(text, cs) || reading.Mentions(text, ws) {
		return tasks.Question{}, false
	}
	sentences := make([]string, 0, len(p.steps)+1)
	for _, s := range p.steps {
		sentences = append(sentences, p.solution(s))
	}
	final := p.final(correct)
	sentences = append(sentences, final)
	context := strings.Join(sentences, " ")
	key := reading.KeyTerms(text)
	if reading.Missing(key, final) != 0 || len(reading.Sentences(context)) != len(sentences) {
		return tasks.Question{}, false
	}

	ci := rng.IntN(2)
	q := tasks.Question{Text: text, Correct: ci, Context: context}
	q.Answers[ci], q.Answers[1-ci] = cs, ws
	q.Evidence = append(q.Evidence, transcript.Claim{Kind: transcript.KindQuote, Answer: ci, Text: final})
	for _, s := range sentences[:len(sentences)-1] {
		if reading.Mentions(s, ws) && !reading.Mentions(s, cs) {
			// True, but beside the point: no step sentence says "left".
			// A step that names the answer too ("52 × 2 = 104") speaks
			// for neither by its words alone, and is not the wrong
			// side's because the label says so.
			q.Evidence = append(q.Evidence, transcript.Claim{Kind: transcript.KindQuote, Answer: 1 - ci, Text: s})
		}
	}
	if !tasks.AddInvented(&q, p.invented(rng, ci, correct, wrong, slipSentence)) {
		return tasks.Question{}, false
	}
	rng.Shuffle(len(q.Evidence), func(i, j int) { q.Evidence[i], q.Evidence[j] = q.Evidence[j], q.Evidence[i] })
	return q, true
}

// invented are the quotes a deceptive speaker on either side may invent,
// by answer index (ci the correct answer's): the closing sentence stating
// its answer and, where the slip works the last step out otherwise (all
// but a dropped step), that step worked out to its answer — the slipped
// step for the distractor, the true one for the correct answer. Each is
// framed by one lead drawn for the question, so that both answers' are
// alike in number, kind and form, and none is in the solution.
func (p *problem) invented(rng *rand.Rand, ci, correct, wrong int, slipSentence string) [2][]string {
	lead := tasks.InventedLead(rng)
	var out [2][]string
	out[ci] = []string{tasks.Invented(lead, p.final(correct), true)}
	out[1-ci] = []string{tasks.Invented(lead, p.final(wrong), true)}
	if slipSentence != "" {
		last := p.steps[len(p.steps)-1]
		out[ci] = append(out[ci], tasks.Invented(lead, p.solution(last), false))
		out[1-ci] = append(out[1-ci], tasks.Invented(lead, slipSentence, false))
	}
	return out
}
