package analysis

import (
	"cmp"
	"slices"
	"strconv"
	"strings"

	"github.com/mootlab/moot/transcript"
)

// Rules for scoring a pair of verdicts on the two orders of a question, the
// values of PairScore.Rule.
const (
	// RuleInconsistentWrong counts a pair correct only if both verdicts
	// are correct (JudgeBench).
	RuleInconsistentWrong = "inconsistent-wrong"
	// RuleInconsistentTie counts a consistent pair 1 if correct and 0 if
	// wrong, and an inconsistent pair ½ (MT-Bench counts it as a tie).
	RuleInconsistentTie = "inconsistent-tie"
	// RuleSwapAverage averages the judge's probability for the correct
	// answer over the two orders and counts the pair 1 above ½, ½ at ½
	// and 0 below (the balanced position calibration of Wang et al. 2023,
	// "Large Language Models are not Fair Evaluators"; MT-Bench's remedy
	// is RuleInconsistentTie, and JudgeLM's swap augmentation is in
	// training).
	// An unparsed verdict contributes ½. Reported only when the judge gave
	// probabilities. It pools two verdicts a question, so compare it with
	// another judge's swap-average, not with single-order accuracy.
	RuleSwapAverage = "swap-average"
)

// Assignment name parts that give the order of the answers.
const (
	orderCorrectFirst  = "correct-first"
	orderCorrectSecond = "correct-second"
)

// PositionBias measures how a judge's verdict depends on the order in
// which the answers are shown, from pairs of episodes that differ only in
// that order.
//
// Two episodes pair when their assignments are "correct-first" and
// "correct-second" with everything else in the name equal (as in
// "assigned-correct/correct-first" and "assigned-correct/correct-second")
// but for the seating part, which names the agent in slot A; each speaker
// argues the same answer in both (the record's seats: in
// "correct-first/strong-as-A" and "correct-second/weak-as-A" strong argues
// the correct answer from either slot); and they share protocol, task,
// judge, question and repeat (pairRest). Only pairs whose two episodes
// both finished count; an unparsed verdict makes its pair inconsistent.
type PositionBias struct {
	Pairs int `json:"pairs"`
	// Consistent counts the pairs where the judge chose the same answer in
	// both orders; Consistency is Consistent / Pairs.
	Consistent  int     `json:"consistent"`
	Consistency float64 `json:"consistency"`
	// ConsistencyCI is Consistency's 95% interval, made as a cell's
	// accuracy interval is, over the questions of the pairs (their
	// groups, where they share some): a question's pairs are not
	// independent. Nil where no seed was at hand (ComputePositionBias).
	ConsistencyCI *Interval `json:"consistency_ci,omitempty"`
	// Verdicts is the number of parsed verdicts in the pairs, FirstSlot
	// those that chose the answer shown first (slot A), and
	// FirstSlotPreference FirstSlot / Verdicts: 0.5 is unbiased. Each pair
	// shows the correct answer first once, so accuracy does not move it.
	// With no verdict parsed there is no preference: nil (absent from
	// summary.json), where 0 would read as one for slot B.
	Verdicts            int      `json:"verdicts"`
	FirstSlot           int      `json:"first_slot"`
	FirstSlotPreference *float64 `json:"first_slot_preference,omitempty"`
	// FirstSlotCI is FirstSlotPreference's 95% interval, made as
	// ConsistencyCI is, over the parsed verdicts of the pairs; nil with it.
	FirstSlotCI *Interval `json:"first_slot_preference_ci,omitempty"`
	// PairAccuracy is the accuracy over pairs under RuleInconsistentWrong
	// and RuleInconsistentTie, and RuleSwapAverage when every parsed
	// verdict of the pairs came with a probability, in that order; with
	// no verdict of the pairs parsed, under RuleInconsistentWrong alone
	// (the others would score an unparsed verdict's coin, ½ a pair).
	PairAccuracy []PairScore `json:"pair_accuracy"`
}

// PairScore is the accuracy over pairs under a named rule.
type PairScore struct {
	Rule     string  `json:"rule"`
	Accuracy float64 `json:"accuracy"`
	// CI is Accuracy's 95% interval, made as ConsistencyCI is, over the
	// questions of the pairs (each pair's score, 0, ½ or 1, resampled
	// with its question's); Wilson's of the mean score over the pairs
	// where they are of one question. Nil with ConsistencyCI.
	CI *Interval `json:"ci,omitempty"`
}

// ComputePositionBias returns the position bias of the judges of eps, as
// one cell, or nil if eps holds no complete pair (see PositionBias).
func ComputePositionBias(eps []transcript.Episode) *PositionBias {
	return tallyFinished[*PositionBias](&positionTally{}, eps)
}

// splitOrder finds the order part of an assignment name: it returns the
// name with that part replaced by "*" and whether the correct answer came
// first. ok is false for names without an order part.
func splitOrder(assignment string) (rest string, first, ok bool) {
	parts := strings.Split(assignment, "/")
	for i, p := range parts {
		if p == orderCorrectFirst || p == orderCorrectSecond {
			parts[i] = "*"
			return strings.Join(parts, "/"), p == orderCorrectFirst, true
		}
	}
	return "", false, false
}

// seatingSuffixes end the part of an assignment name that says which
// agent holds a slot ("strong-as-A"), as debate with two debaters names it.
var seatingSuffixes = []string{"-as-A", "-as-B"}

// pairRest is what the two episodes of a pair share beyond their
// protocol, task, judge, question, cell and repeat: the assignment name
// with the order part replaced by "*" and any seating part left out
// (which agent holds which slot changes with the order when each keeps
// its answer), then who argues which answer, from the record's seats.
// Two episodes whose answers merely swapped slots have the same; two in
// which the speakers traded answers do not. ok is false for an episode
// without an order part.
func pairRest(ep *transcript.Episode) (rest string, first, ok bool) {
	rest, first, ok = splitOrder(ep.Assignment)
	if !ok {
		return "", false, false
	}
	var b strings.Builder
	if !strings.Contains(rest, "-as-") {
		b.WriteString(rest)
		b.WriteByte('/')
	} else {
		for part := range strings.SplitSeq(rest, "/") {
			if !slices.ContainsFunc(seatingSuffixes, func(s string) bool { return strings.HasSuffix(part, s) }) {
				b.WriteString(part)
				b.WriteByte('/')
			}
		}
	}
	// Who argues which answer, by agent: the seats as a set.
	var at [4]int
	arguing := at[:0]
	for i := range ep.Seats {
		if ep.Seats[i].Argues >= 0 {
			arguing = append(arguing, i)
		}
	}
	slices.SortFunc(arguing, func(i, j int) int {
		return cmp.Or(strings.Compare(ep.Seats[i].Agent, ep.Seats[j].Agent), cmp.Compare(ep.Seats[i].Argues, ep.Seats[j].Argues))
	})
	for k, i := range arguing {
		if k > 0 {
			b.WriteByte(',')
		}
		b.WriteString(ep.Seats[i].Agent)
		b.WriteByte('=')
		b.WriteString(strconv.Itoa(ep.Seats[i].Argues))
	}
	return b.String(), first, true
}

// pairKey identifies the two episodes of a pair.
type pairKey struct {
	protocol, task, judge, question, rest, cell string
	repeat                                      int
}

// orderVerdict is the verdict of one order of a pair, in a few bytes.
type orderVerdict struct {
	seen, parsed, correct, slotA bool
	answer                       int8
	// pCorrect is the judge's probability for the correct answer, or -1
	// when it gave none; ½ for an unparsed verdict.
	pCorrect float64
}

// positionTally keeps, per pair, the verdicts seen until both orders are,
// then counts the pair and forgets it: the two orders of a question are
// planned side by side, so the pairs held stay few however many episodes;
// the tallies by question for the intervals grow with the questions, as a
// cell's own tally does.
type positionTally struct {
	pairs  map[pairKey]*[2]orderVerdict // [0] correct-first, [1] correct-second
	counts pairCounts
	// consistent and firstSlot tally, by question, the complete pairs
	// that were consistent and the parsed verdicts that chose slot A, for
	// the intervals (cellBuilder.finish); rules, the pairs' scores under
	// each rule of pairRules, in halves of a point (two a pair).
	consistent, firstSlot questionTally
	rules                 [len(pairRules)]questionTally
}

// pairRules are the rules of PairScore, in PositionBias.PairAccuracy's
// order (swap-average last, left out where a probability is missing):
// PairAccuracy[i] is under pairRules[i], and tallied in positionTally.rules[i].
var pairRules = [...]string{RuleInconsistentWrong, RuleInconsistentTie, RuleSwapAverage}

// pairHalves is what pair p scores under each rule of pairRules, in
// halves of a point: 2 right, 1 a tie, 0 wrong.
func pairHalves(p *[2]orderVerdict) [len(pairRules)]int {
	var h [len(pairRules)]int
	switch {
	case p[0].correct && p[1].correct:
		h[0], h[1] = 2, 2
	case !consistent(p):
		h[1] = 1
	}
	switch mean := (p[0].pCorrect + p[1].pCorrect) / 2; {
	case mean > 0.5:
		h[2] = 2
	case mean == 0.5:
		h[2] = 1
	}
	return h
}

// pairCounts are the counts over complete pairs.
type pairCounts struct {
	pairs, consistent, verdicts, firstSlot int
	// halves sums the pairs' scores under each rule of pairRules, in
	// halves of a point (pairHalves).
	halves [len(pairRules)]int
	// withoutProbabilities is set when a pair lacks a probability;
	// anyParsed when any verdict parsed.
	withoutProbabilities, anyParsed bool
}

// consistent reports whether the judge chose the same answer in both
// orders of pair p.
func consistent(p *[2]orderVerdict) bool {
	return p[0].parsed && p[1].parsed && p[0].answer == p[1].answer
}

// count adds a complete pair p, which scores h under the rules.
func (c *pairCounts) count(p *[2]orderVerdict, h [len(pairRules)]int) {
	c.pairs++
	if consistent(p) {
		c.consistent++
	}
	for i := range h {
		c.halves[i] += h[i]
	}
	if p[0].pCorrect < 0 || p[1].pCorrect < 0 {
		c.withoutProbabilities = true
	}
	c.anyParsed = c.anyParsed || p[0].parsed || p[1].parsed
	for _, v := range p {
		if v.parsed {
			c.verdicts++
			if v.slotA {
				c.firstSlot++
			}
		}
	}
}

// add records a finished episode; episodes without an order in their
// assignment are ignored.
func (t *positionTally) add(ep *transcript.Episode) {
	rest, first, ok := pairRest(ep)
	if !ok {
		return
	}
	if t.pairs == nil {
		t.pairs = make(map[pairKey]*[2]orderVerdict)
	}
	// A sweep's cells play the same question: each cell has its own pair.
	k := pairKey{ep.Protocol, ep.Task, ep.Judge, ep.QuestionID, rest, ep.Cell, ep.Repeat}
	p := t.pairs[k]
	if p == nil {
		p = new([2]orderVerdict)
		t.pairs[k] = p
	}
	i := 1
	if first {
		i = 0
	}
	v := ep.Verdict
	ov := orderVerdict{seen: true, answer: -1, pCorrect: 0.5}
	if v.Answer != transcript.Unparsed {
		switch {
		case v.Probability == 0: // none given
			ov.pCorrect = -1
		case judgedCorrect(ep):
			ov.pCorrect = v.Probability
		default:
			ov.pCorrect = 1 - v.Probability
		}
		ov.parsed = true
		ov.answer = int8(v.Answer)
		ov.correct = judgedCorrect(ep)
		switch v.Slot {
		case "A":
			ov.slotA = true
		case "B":
		default: // an older record without a slot: read it from the order
			ov.slotA = v.Answer == ep.Order[0]
		}
	}
	p[i] = ov
	if p[0].seen && p[1].seen {
		h := pairHalves(p)
		t.counts.count(p, h)
		qk, uk := questionKey(ep), unitKey(ep)
		t.consistent.add(qk, uk, consistent(p))
		for _, v := range p {
			if v.parsed {
				t.firstSlot.add(qk, uk, v.slotA)
			}
		}
		for i := range h {
			t.rules[i].addCount(qk, uk, Count{Correct: h[i], N: 2})
		}
		delete(t.pairs, k)
	}
}

func (t *positionTally) finish() *PositionBias {
	c := t.counts
	b := PositionBias{Pairs: c.pairs, Consistent: c.consistent, Verdicts: c.verdicts, FirstSlot: c.firstSlot}
	if b.Pairs == 0 {
		return nil
	}
	b.Consistency = ratio(b.Consistent, b.Pairs)
	if b.Verdicts > 0 {
		pref := ratio(b.FirstSlot, b.Verdicts)
		b.FirstSlotPreference = &pref
	}
	rules := pairRules[:]
	switch {
	case !c.anyParsed:
		// With no verdict parsed, the tie rule and swap-average would
		// score every pair ½ (an unparsed verdict counts as a coin
		// there): a judge that said nothing would read 50% with a narrow
		// interval. Only the rule that counts it wrong stands.
		rules = rules[:1]
	case c.withoutProbabilities:
		rules = rules[:2] // swap-average needs every probability
	}
	for i, r := range rules {
		b.PairAccuracy = append(b.PairAccuracy, PairScore{Rule: r, Accuracy: ratio(c.halves[i], 2*b.Pairs)})
	}
	return &b
}
