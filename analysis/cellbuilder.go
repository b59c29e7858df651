package analysis

import (
	"cmp"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/mootlab/moot/transcript"
)

// label is one of a cell's descriptive fields that it is not keyed by: it
// is shown when all of the cell's episodes agree on it.
type label struct {
	field      string
	value      string
	seen, many bool
}

func (l *label) add(v string) {
	switch {
	case !l.seen:
		l.value, l.seen = v, true
	case v != l.value:
		l.many = true
	}
}

func (l *label) String() string {
	if l.many {
		return ""
	}
	return l.value
}

// cellBuilder accumulates the episodes of one cell.
type cellBuilder struct {
	seed2 uint64
	cell  Cell
	// labels are those of Protocol, Kind, Task and Judge not grouped on.
	labels    []label
	tally     questionTally
	parts     []Part
	partIndex map[string]int // assignment → index into parts
	// partTally tallies each part per question, for its interval where a
	// question has more than one episode in it (repeats, pooled cells).
	partTally []questionTally
	position  positionTally
	calib     calibrationTally
	debaters  debaterTally
	// rounds tallies the verdicts after each round, for ByRound, over
	// the interimEpisodes finished episodes that have interim verdicts.
	rounds          map[int]*questionTally
	interimEpisodes int
	// finalRound is the round of the verdicts tallied, the one after
	// their episodes' last interim verdict; mixedRounds is set where two
	// episodes' differ (debates of different lengths pooled).
	finalRound  int
	mixedRounds bool
	// grading and reference tally graded answers and references.
	grading   gradingTally
	reference referenceTally
	judgeTime judgeTimeTally
}

func newCellBuilder(by []string, key groupKey) *cellBuilder {
	b := &cellBuilder{
		seed2:     key.hash(),
		partIndex: make(map[string]int),
	}
	byCell := slices.Contains(by, FieldCell) || slices.ContainsFunc(by, isAxisField)
	for _, f := range []string{FieldProtocol, FieldKind, FieldCell, FieldTask, FieldJudge} {
		if !slices.Contains(by, f) && (f != FieldCell || !byCell) {
			b.labels = append(b.labels, label{field: f})
		}
	}
	var axes []string
	for i, f := range by {
		v := key[i]
		switch {
		case f == FieldRepeat:
			r, _ := strconv.Atoi(v) // written by fieldValue
			b.cell.Repeat = &r
		case isAxisField(f):
			if v != "" { // "": a protocol the axis does not touch
				axes = append(axes, f+"="+v)
			}
		default:
			setLabel(&b.cell, f, v)
		}
	}
	if !slices.Contains(by, FieldCell) && len(axes) > 0 {
		b.cell.Cell = strings.Join(axes, ",")
	}
	return b
}

// label is the value of the field the builder is not keyed by that all
// its episodes share; "" where they have several.
func (b *cellBuilder) label(field string) string {
	for i := range b.labels {
		if b.labels[i].field == field {
			return b.labels[i].String()
		}
	}
	return ""
}

// setLabel sets the text field of c named field (Cell.keyField).
func setLabel(c *Cell, field, v string) {
	if p := c.keyField(field); p != nil {
		*p = v
	}
}

func (b *cellBuilder) add(ep *transcript.Episode) {
	for i := range b.labels {
		l := &b.labels[i]
		l.add(fieldValue(l.field, ep))
	}
	// Parts are registered even for failed episodes, so that the breakdown
	// keeps its plan-order shape and shows an assignment whose episodes
	// all failed (with n = 0).
	p, ok := b.partIndex[ep.Assignment]
	if !ok {
		p = len(b.parts)
		b.partIndex[ep.Assignment] = p
		b.parts = append(b.parts, Part{Assignment: ep.Assignment})
		b.partTally = append(b.partTally, questionTally{})
	}
	if ep.Error != "" {
		b.cell.Failed++
		return
	}
	unparsed := ep.Verdict.Answer == transcript.Unparsed
	correct := judgedCorrect(ep)
	qk, uk := questionKey(ep), unitKey(ep)
	b.tally.add(qk, uk, correct)
	b.partTally[p].add(qk, uk, correct)
	b.cell.N++
	b.parts[p].N++
	if unparsed {
		b.cell.Unparsed++
	}
	if ep.Settled() {
		b.cell.Settled++
	}
	if correct {
		b.cell.Correct++
		b.parts[p].Correct++
	}
	b.position.add(ep)
	b.calib.add(ep)
	b.debaters.add(ep)
	b.addRounds(ep, qk, uk, correct)
	b.grading.add(ep, qk, uk)
	b.reference.add(ep, qk, uk, correct)
	b.judgeTime.add(ep)
}

// addRounds tallies a finished episode's interim verdicts by their
// rounds and its verdict as the round after the last of them.
func (b *cellBuilder) addRounds(ep *transcript.Episode, qk, uk string, correct bool) {
	if len(ep.Interim) == 0 {
		return
	}
	b.interimEpisodes++
	if b.rounds == nil {
		b.rounds = make(map[int]*questionTally)
	}
	tally := func(round int, correct bool) {
		t := b.rounds[round]
		if t == nil {
			t = &questionTally{}
			b.rounds[round] = t
		}
		t.add(qk, uk, correct)
	}
	last := 0
	for _, v := range ep.Interim {
		tally(v.Round, v.Answer != transcript.Unparsed && v.Answer == ep.CorrectAnswer)
		last = max(last, v.Round)
	}
	tally(last+1, correct)
	if b.finalRound != 0 && b.finalRound != last+1 {
		b.mixedRounds = true
	}
	b.finalRound = last + 1
}

// judgedCorrect says whether a finished episode's verdict is correct: an
// unparsed verdict is wrong even if a writer marked it correct.
func judgedCorrect(ep *transcript.Episode) bool {
	return ep.Correct && ep.Verdict.Answer != transcript.Unparsed
}

func (b *cellBuilder) finish(seed uint64) Cell {
	c := b.cell
	for i := range b.labels {
		setLabel(&c, b.labels[i].field, b.labels[i].String())
	}
	if c.Repeat != nil {
		r := *c.Repeat
		c.Repeat = &r
	}
	c.Questions = len(b.tally.counts)
	c.Groups = b.tally.groupCount()
	c.Accuracy = ratio(c.Correct, c.N)
	c.Interval = b.interval(&b.tally, seed)
	if len(b.parts) > 1 {
		parts := slices.Clone(b.parts)
		for i := range parts {
			p := &parts[i]
			p.Accuracy = ratio(p.Correct, p.N)
			p.Interval = b.partInterval(&b.partTally[i], p, seed)
			p.Groups = b.partTally[i].groupCount()
		}
		c.Breakdown = orderedParts(parts)
	}
	c.Position = b.position.finish()
	if p := c.Position; p != nil {
		consistency := b.interval(&b.position.consistent, seed^hashStrings("consistency"))
		p.ConsistencyCI = &consistency
		if p.FirstSlotPreference != nil {
			firstSlot := b.interval(&b.position.firstSlot, seed^hashStrings("first slot"))
			p.FirstSlotCI = &firstSlot
		}
		for i := range p.PairAccuracy {
			r := &p.PairAccuracy[i]
			ci := b.pairInterval(&b.position.rules[i], r.Accuracy, p.Pairs, seed^hashStrings("pair", r.Rule))
			r.CI = &ci
		}
	}
	c.Calibration = b.calib.finish()
	c.Debaters = b.debaters.finish()
	c.ByRound = b.byRound(seed)
	part := func(t *questionTally, p *Part) Interval { return b.partInterval(t, p, seed) }
	c.Grading = b.grading.finish(seed, b.seed2, part)
	c.Reference = b.reference.finish(part)
	c.JudgeTime = b.judgeTime.finish()
	return c
}

// interval is the interval of the judgements t tallies per question,
// seeded by seed and the builder's second seed (QuestionInterval).
func (b *cellBuilder) interval(t *questionTally, seed uint64) Interval {
	_, counts := t.units()
	if len(counts) < 2 && len(t.counts) > 1 {
		// One group of several questions: nothing to draw between groups,
		// and Wilson over its episodes would count them as independent.
		// The interval over its questions speaks of that group alone, as a
		// single question's Wilson does of that question.
		_, counts = t.sorted()
	}
	return QuestionInterval(counts, seed, b.seed2)
}

// pairInterval is the interval of a pair accuracy acc over pairs, whose
// scores t tallies per question in halves of a point: made as a cell's
// over the questions, or Wilson's of the mean score over the pairs where
// they are of one question (Wilson of the halves would count each pair
// twice).
func (b *cellBuilder) pairInterval(t *questionTally, acc float64, pairs int, seed uint64) Interval {
	if len(t.counts) < 2 {
		lo, hi := wilsonRate(acc, pairs)
		return Interval{lo, hi, MethodWilson}
	}
	return b.interval(t, seed)
}

// partInterval is the interval of a part of the cell, p, whose episodes
// t tallies per question: of the breakdown, or of the reference split.
// Wilson over its episodes where each is of its own question (and group);
// where a question has several (repeats, or cells pooled by a grouping),
// or questions share a group, they are not independent, and the part's
// interval is made as a cell's, over its questions or groups, with a seed
// of its own.
func (b *cellBuilder) partInterval(t *questionTally, p *Part, seed uint64) Interval {
	if _, units := t.units(); len(units) == p.N {
		lo, hi := Wilson(p.Correct, p.N)
		return Interval{lo, hi, MethodWilson}
	}
	return b.interval(t, seed^hashStrings("part", p.Assignment))
}

// byRound is the accuracy after each round tallied, in round order, each
// interval made as the cell's is (with its seed, so that the last round's
// equals the cell's). A cell some of whose finished episodes have no
// interim verdicts has none: its rounds would describe only a part of it
// (a table --by judge that pools a debate asked after every round with
// the judge alone), and their last would not be its accuracy; so has one
// that pools debates of different lengths (a sweep of debate.rounds in
// a table --by protocol), whose round 2 would mix one length's verdicts
// with another's interim verdicts.
func (b *cellBuilder) byRound(seed uint64) []RoundPoint {
	if len(b.rounds) == 0 || b.interimEpisodes != b.cell.N || b.mixedRounds {
		return nil
	}
	rounds := slices.Sorted(maps.Keys(b.rounds))
	out := make([]RoundPoint, len(rounds))
	for i, r := range rounds {
		t := b.rounds[r]
		p := RoundPoint{Round: r}
		for _, c := range t.counts {
			p.N += c.N
			p.Correct += c.Correct
		}
		p.Accuracy = ratio(p.Correct, p.N)
		p.Interval = b.interval(t, seed)
		out[i] = p
	}
	return out
}

// questionKey names ep's question among those of a cell: its task and
// id (transcript.QuestionKey), for a cell that pools tasks (moot table
// --by) may hold two tasks whose questions share ids (one generator at
// one seed, two settings).
func questionKey(ep *transcript.Episode) string {
	return transcript.QuestionKey(ep.Task, ep.QuestionID)
}

// unitKey is the key of the group ep's question is resampled in
// (transcript.UnitKey), "" where the question has none.
func unitKey(ep *transcript.Episode) string {
	if ep.Group == "" {
		return ""
	}
	return transcript.UnitKey(ep)
}

// questionTally counts correct judgements per question, and knows the
// unit each question is resampled in: its group where it has one.
type questionTally struct {
	index  map[string]int // question id → index into qids and counts
	qids   []string
	counts []Count
	// groups knows the group a question is resampled in, where it has one
	// (transcript.UnitKey).
	groups questionGroups
}

// add counts a judgement of question, correct or not; unit is the key of
// the group the question is resampled in, "" for the question itself. A
// question is in the group any of its episodes named (a run resumed from
// records written before groups has episodes without), and where they
// name two, in both joined (questionGroups).
func (t *questionTally) add(question, unit string, correct bool) {
	right := 0
	if correct {
		right = 1
	}
	t.addCount(question, unit, Count{Correct: right, N: 1})
}

// addCount counts c's judgements of question, as add does one: a pair of
// verdicts scored in halves of a point counts as two (positionTally).
func (t *questionTally) addCount(question, unit string, c Count) {
	if t.index == nil {
		t.index = make(map[string]int)
	}
	q, ok := t.index[question]
	if !ok {
		q = len(t.counts)
		t.index[question] = q
		t.qids = append(t.qids, question)
		t.counts = append(t.counts, Count{})
	}
	t.groups.add(question, unit)
	t.counts[q].N += c.N
	t.counts[q].Correct += c.Correct
}

// sorted returns the question ids and their counts ordered by id, so that
// a bootstrap depends on which episodes were judged and not on the order
// in which they finished.
func (t *questionTally) sorted() ([]string, []Count) {
	order := make([]int, len(t.qids))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(i, j int) int { return cmp.Compare(t.qids[i], t.qids[j]) })
	qids, counts := make([]string, len(order)), make([]Count, len(order))
	for i, q := range order {
		qids[i], counts[i] = t.qids[q], t.counts[q]
	}
	return qids, counts
}

// ratio is correct/n, and 0 when n == 0 (JSON has no NaN).
func ratio(correct, n int) float64 {
	if n == 0 {
		return 0
	}
	return float64(correct) / float64(n)
}

// episodeTally is a running tally over episodes that gives an R when done.
type episodeTally[R any] interface {
	add(ep *transcript.Episode)
	finish() R
}

// tallyFinished adds the episodes of eps that finished to t and returns
// what it gives.
func tallyFinished[R any](t episodeTally[R], eps []transcript.Episode) R {
	for i := range eps {
		if eps[i].Error == "" {
			t.add(&eps[i])
		}
	}
	return t.finish()
}

// orderedParts sorts parts, in place, in the order their episodes first
// appeared, but with the two parts of an assignment whose seat chose its
// answer side by side, chose-correct first: where the choices fall otherwise, each row of
// a table lists them alike (ace/chose-correct, ace/chose-incorrect,
// good/chose-correct…), not in the order one of each first came.
func orderedParts(parts []Part) []Part {
	first := map[string]int{} // planned assignment → rank of its first part
	for _, p := range parts {
		if _, seen := first[transcript.PlannedAssignment(p.Assignment)]; !seen {
			first[transcript.PlannedAssignment(p.Assignment)] = len(first)
		}
	}
	slices.SortStableFunc(parts, func(a, b Part) int {
		return cmp.Or(cmp.Compare(first[transcript.PlannedAssignment(a.Assignment)], first[transcript.PlannedAssignment(b.Assignment)]),
			cmp.Compare(choseRank(a.Assignment), choseRank(b.Assignment)))
	})
	return parts
}

// choseRank places an assignment by its seat's choice: chose-correct,
// then chose-incorrect; one with no choice keeps its place.
func choseRank(assignment string) int {
	if strings.HasSuffix(assignment, transcript.ChoseIncorrect) {
		return 1
	}
	return 0
}
