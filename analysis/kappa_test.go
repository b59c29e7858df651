package analysis

import (
	"fmt"
	"math"
	"testing"

	"github.com/mootlab/moot/transcript"
)

// table2x2 expands a 2×2 contingency table (rater a's label by row, b's
// by column) into two label lists, with labels yes and no.
func table2x2(yesYes, yesNo, noYes, noNo int, yes, no int) (a, b []int) {
	for _, c := range []struct{ n, a, b int }{{yesYes, yes, yes}, {yesNo, yes, no}, {noYes, no, yes}, {noNo, no, no}} {
		for range c.n {
			a, b = append(a, c.a), append(b, c.b)
		}
	}
	return a, b
}

func TestKappa(t *testing.T) {
	// The textbook table (Wikipedia, "Cohen's kappa"): 50 items, 20 yes by
	// both, 15 no by both, 5 and 10 split. p_o = 0.7; a says yes 25 times,
	// b 30, so p_e = 0.5·0.6 + 0.5·0.4 = 0.5 and κ = 0.2/0.5 = 0.4.
	a, b := table2x2(20, 5, 10, 15, 1, 0)
	// The same table with other label values: categories, not numbers.
	a2, b2 := table2x2(20, 5, 10, 15, -7, 42)
	tests := []struct {
		name            string
		a, b            []int
		kappa, agreeing float64
	}{
		{"textbook 2x2", a, b, 0.4, 0.7},
		{"any label values", a2, b2, 0.4, 0.7},
		// Three labels: 4 of 6 agree; a uses each label twice, b 2, 3
		// and 1 times, so p_e = (2·2 + 2·3 + 2·1)/36 = 1/3 and κ = ½.
		{"three labels", []int{0, 0, 1, 1, 2, 2}, []int{0, 1, 1, 1, 2, 0}, 0.5, 4.0 / 6},
		{"perfect", []int{0, 1, 1, 0}, []int{0, 1, 1, 0}, 1, 1},
		{"always opposite", []int{0, 1, 0, 1}, []int{1, 0, 1, 0}, -1, 0},
		// Undefined: one label throughout. Kappa returns 0, not NaN.
		{"one label", []int{3, 3, 3}, []int{3, 3, 3}, 0, 1},
		{"no items", nil, nil, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			k, agree := Kappa(tt.a, tt.b)
			if math.Abs(k-tt.kappa) > 1e-12 || math.Abs(agree-tt.agreeing) > 1e-12 {
				t.Errorf("got kappa %v, agreement %v; want %v, %v", k, agree, tt.kappa, tt.agreeing)
			}
		})
	}
}

func TestKappaPanicsOnLengthMismatch(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Errorf("Kappa of 2 and 1 labels did not panic; want a panic")
		}
	}()
	Kappa([]int{0, 1}, []int{0})
}

func TestJudgeAgreement(t *testing.T) {
	ep := func(judge, question string, answer int, errMsg string) transcript.Episode {
		return episode("debate", "debate", "t", judge, question, "correct-first", answer, errMsg)
	}
	u := transcript.Unparsed
	eps := []transcript.Episode{
		// Four items both judged: agree, agree, disagree, agree.
		ep("a", "q1", 0, ""), ep("b", "q1", 0, ""),
		ep("a", "q2", 1, ""), ep("b", "q2", 1, ""),
		ep("a", "q3", 0, ""), ep("b", "q3", 1, ""),
		ep("a", "q4", 0, ""), ep("b", "q4", 0, ""),
		// Skipped: b's verdict did not parse.
		ep("a", "q5", 0, ""), ep("b", "q5", u, ""),
		// Left out: b failed, or only a judged, or another judge.
		ep("a", "q6", 0, ""), ep("b", "q6", 0, "timeout"),
		ep("a", "q7", 1, ""),
		ep("c", "q1", 1, ""),
	}
	// a: 0 1 0 0, b: 0 1 1 0. p_o = ¾; a says 0 three times, b twice, so
	// p_e = (3·2 + 1·2)/16 = ½ and κ = ¼/½ = ½.
	got := JudgeAgreement(eps, "a", "b")
	want := Agreement{JudgeA: "a", JudgeB: "b", Items: 4, Skipped: 1, Agreement: 0.75, Kappa: 0.5, KappaDefined: true}
	if got != want {
		t.Errorf("got %+v; want %+v", got, want)
	}
	// Other assignments or repeats are other items.
	other := ep("b", "q7", 1, "")
	other.Repeat = 1
	if got := JudgeAgreement(append(eps, other), "a", "b"); got.Items != 4 {
		t.Errorf("another repeat: got %d items; want 4", got.Items)
	}
	// A sweep's other cell is another item: the same questions judged
	// again there count, each once. In cell x=1 a and b agree on q1 and
	// disagree on q2: with the four above, 6 items, 4 agreeing.
	inCell := func(e transcript.Episode) transcript.Episode { e.Cell = "x=1"; return e }
	swept := append(eps[:len(eps):len(eps)], inCell(ep("a", "q1", 0, "")), inCell(ep("b", "q1", 0, "")),
		inCell(ep("a", "q2", 0, "")), inCell(ep("b", "q2", 1, "")))
	if got := JudgeAgreement(swept, "a", "b"); got.Items != 6 || math.Abs(got.Agreement-4.0/6) > 1e-12 {
		t.Errorf("two sweep cells: got %d items, agreement %g; want 6 and 4/6", got.Items, got.Agreement)
	}
	// A judge that judged an item again (a cell of moot compare pooled
	// over another run's sweep values): each of its verdicts is paired
	// with each of the other judge's, and Pooled says so. a judges q2
	// again (0) and b q3 (0); b's q8 is b's alone. Pairs: q1 0/0, q2 1/1
	// and 0/1, q3 0/1 and 0/0, q4 0/0: a 0 1 0 0 0 0, b 0 1 1 1 0 0;
	// p_o = 4/6, p_e = (5·3 + 1·3)/36 = ½, κ = (⅔ − ½)/½ = ⅓. Were only
	// the first verdicts counted, the pooled cell's agreement would be
	// that of its first sweep value alone.
	again := append(eps[:len(eps):len(eps)], ep("a", "q2", 0, ""), ep("b", "q3", 0, ""), ep("b", "q8", 1, ""), ep("b", "q8", 0, ""))
	wantAgain := Agreement{JudgeA: "a", JudgeB: "b", Items: 6, Skipped: 1, Pooled: true, Agreement: 4.0 / 6, Kappa: 1.0 / 3, KappaDefined: true}
	if got := JudgeAgreement(again, "a", "b"); got.Items != wantAgain.Items || got.Skipped != wantAgain.Skipped || !got.Pooled ||
		math.Abs(got.Agreement-wantAgain.Agreement) > 1e-12 || math.Abs(got.Kappa-wantAgain.Kappa) > 1e-12 || !got.KappaDefined {
		t.Errorf("judged again: got %+v; want %+v", got, wantAgain)
	}
	// An item one judge judged twice and the other never pairs nothing,
	// and pools nothing.
	if got := JudgeAgreement(append(eps[:len(eps):len(eps)], ep("a", "q7", 0, "")), "a", "b"); got != want {
		t.Errorf("judged twice by a alone: got %+v; want %+v", got, want)
	}
	// Two judges who always answer 0: agreement 1, kappa undefined.
	same := []transcript.Episode{ep("a", "q1", 0, ""), ep("b", "q1", 0, ""), ep("a", "q2", 0, ""), ep("b", "q2", 0, "")}
	got = JudgeAgreement(same, "a", "b")
	if got.KappaDefined || got.Kappa != 0 || got.Agreement != 1 || got.Items != 2 {
		t.Errorf("one label throughout: got %+v; want 2 items, agreement 1, kappa 0 and undefined", got)
	}
}

// TestJudgeAgreementSkipsInPlace: a failed episode, an item only judgeA
// judged, an item with an unparsed verdict and a third judge's verdict
// each leave that item out and nothing else, wherever they come in eps;
// and each judge's verdicts are its own.
func TestJudgeAgreementSkipsInPlace(t *testing.T) {
	ep := func(judge, question string, answer int, errMsg string) transcript.Episode {
		return episode("debate", "debate", "t", judge, question, "correct-first", answer, errMsg)
	}
	u := transcript.Unparsed
	eps := []transcript.Episode{
		ep("c", "q1", 0, ""),                       // a third judge, first: not a's nor b's
		ep("a", "q0", 1, "timeout"),                // failed, first
		ep("a", "q9", 0, ""),                       // only a judged q9
		ep("a", "q8", u, ""), ep("b", "q8", 0, ""), // skipped
		ep("a", "q1", 0, ""), ep("b", "q1", 1, ""),
		ep("a", "q2", 1, ""), ep("b", "q2", 1, ""),
		ep("a", "q3", 0, ""), ep("b", "q3", 0, ""),
	}
	// a: 0 1 0, b: 1 1 0. p_o = ⅔; a says 0 twice and 1 once, b 0 once
	// and 1 twice: p_e = (2·1 + 1·2)/9 = 4/9, κ = (2/9)/(5/9) = 0.4.
	got := JudgeAgreement(eps, "a", "b")
	if got.Items != 3 || got.Skipped != 1 || math.Abs(got.Agreement-2.0/3) > 1e-12 || math.Abs(got.Kappa-0.4) > 1e-12 || !got.KappaDefined {
		t.Errorf("got %+v; want 3 items, 1 skipped, agreement 2/3, kappa 0.4", got)
	}
}

// TestGradersAgreeOnTheirGrades: two graders of the same answers agree, or
// not, on each grade; their kappa's chance agreement comes from how often
// each calls an answer correct. Here a lenient grader and a strict one,
// over 160 answers alternately right and wrong, call (correct, incorrect)
// 132 times, (correct, correct) 21 times and (incorrect, incorrect) 7:
// p_o = 28/160, p_e = (153·21 + 7·139)/160² = 4186/25600, so
// κ = (0.175 − 0.1635…)/(1 − 0.1635…) ≈ 0.0137, near independence. Over the
// answers their grades imply, kappa would be about −0.64.
func TestGradersAgreeOnTheirGrades(t *testing.T) {
	calls := [][2]string{}
	for range 132 {
		calls = append(calls, [2]string{transcript.GradeCorrect, transcript.GradeIncorrect})
	}
	for range 21 {
		calls = append(calls, [2]string{transcript.GradeCorrect, transcript.GradeCorrect})
	}
	for range 7 {
		calls = append(calls, [2]string{transcript.GradeIncorrect, transcript.GradeIncorrect})
	}
	var eps []transcript.Episode
	for i, c := range calls {
		given := i % 2 // the exam-taker's answer: 0 is the correct one
		for j, judge := range []string{"lenient", "strict"} {
			answer := given
			if c[j] == transcript.GradeIncorrect {
				answer = 1 - given
			}
			e := episode("grade", "grade", "t", judge, fmt.Sprintf("q%d", i), "taker", answer, "")
			e.Graded = &transcript.Graded{Seat: "Exam-taker", Agent: "taker", Answer: given, Call: c[j]}
			eps = append(eps, e)
		}
	}
	got := JudgeAgreement(eps, "lenient", "strict")
	po, pe := 28.0/160, 4186.0/25600
	if got.Items != 160 || got.Agreement != po || math.Abs(got.Kappa-(po-pe)/(1-pe)) > 1e-12 {
		t.Errorf("got %d items, agreement %v, κ %v; want 160, %v, %v", got.Items, got.Agreement, got.Kappa, po, (po-pe)/(1-pe))
	}
	// Pooled with a cell that chooses answers, a grade is not an answer,
	// and no item can take both kinds of label: a kappa over the four
	// labels would take its chance agreement from labels each item cannot
	// have, and read high. The agreement is given; kappa is left to each
	// cell. 40 more items, both judges choosing answer 0 on 20 and 1 on
	// the rest: p_o = (28+40)/200.
	for i := range 40 {
		for _, judge := range []string{"lenient", "strict"} {
			eps = append(eps, episode("direct", "direct", "t", judge, fmt.Sprintf("d%d", i), "as-given", i%2, ""))
		}
	}
	got = JudgeAgreement(eps, "lenient", "strict")
	if got.Items != 200 || got.Agreement != 68.0/200 || !got.Mixed || got.KappaDefined || got.Kappa != 0 {
		t.Errorf("pooled with answers: got %+v; want 200 items, agreement %v, mixed, kappa undefined", got, 68.0/200)
	}
	// A kappa left undefined has no interval either.
	if got.KappaCI != nil {
		t.Errorf("pooled with answers: kappa undefined, with the interval %+v; want none", *got.KappaCI)
	}
}

// TestKappaOfAConstantRater: a rater who gives one label throughout agrees
// with the other exactly as often as chance says (p_o = p_e), so kappa is
// 0 and defined; only when both give one and the same label is it
// undefined.
func TestKappaOfAConstantRater(t *testing.T) {
	for _, tt := range []struct {
		a, b    []int
		kappa   float64
		defined bool
	}{
		{[]int{0, 0, 0, 0}, []int{0, 1, 1, 0}, 0, true},
		{[]int{1, 1, 1}, []int{0, 1, 0}, 0, true},
		{[]int{0, 0, 0}, []int{0, 0, 0}, 0, false},
		{[]int{0, 0, 0}, []int{1, 1, 1}, 0, true},
	} {
		kappa, _, defined := cohenKappa(tt.a, tt.b)
		if kappa != tt.kappa || defined != tt.defined {
			t.Errorf("%v against %v: kappa %v, defined %v; want %v, %v", tt.a, tt.b, kappa, defined, tt.kappa, tt.defined)
		}
	}
}

// TestJudgeAgreementReadsAnswersByText: two runs at other seeds may hold a
// question's answers the other way round (a loader places the correct
// answer by the seed), so that one answer has index 0 in one run and 1 in
// the other. Two judges that choose the same answers agree on every item,
// whatever the indices: here four questions, two of them reversed in b's
// run, a and b both choosing "right" on q1–q3 and "wrong" on q4, agree on
// 4 of 4 with κ 1. Read by index, they agreed on 2 of 4 (κ 0.2).
func TestJudgeAgreementReadsAnswersByText(t *testing.T) {
	ep := func(judge, question string, answer int, reversed bool) transcript.Episode {
		e := episode("direct", "direct", "t", judge, question, "correct-first", answer, "")
		if reversed {
			e.Answers = [2]string{e.Answers[1], e.Answers[0]}
			e.CorrectAnswer = 1
		}
		return e
	}
	eps := []transcript.Episode{
		ep("a", "q1", 0, false), ep("b", "q1", 1, true),
		ep("a", "q2", 0, false), ep("b", "q2", 0, false),
		ep("a", "q3", 0, false), ep("b", "q3", 1, true),
		ep("a", "q4", 1, false), ep("b", "q4", 1, false),
	}
	got := JudgeAgreement(eps, "a", "b")
	if got.Items != 4 || got.Agreement != 1 || !got.KappaDefined || math.Abs(got.Kappa-1) > 1e-12 {
		t.Errorf("got %+v; want 4 items, agreement 1, kappa 1", got)
	}
	// An answer the other run does not hold (another version of the
	// question) stays as its index says.
	other := ep("b", "q4", 1, false)
	other.Answers = [2]string{"right", "another"}
	eps[7] = other
	if got := JudgeAgreement(eps, "a", "b"); got.Agreement != 1 {
		t.Errorf("an answer A's run lacks: got agreement %g; want 1", got.Agreement)
	}
	// The same other version shown the other way round: b still chose
	// its wrong answer, "another", now at index 0, where a's index 0 is
	// "right". It is read by the answer both hold ("right", not chosen):
	// b chose the other, a's "wrong", and the two agree, as above. Read
	// by its index, b chose "right" and the item disagreed (3 of 4).
	other.Answers = [2]string{"another", "right"}
	other.CorrectAnswer = 1
	other.Verdict.Answer = 0
	eps[7] = other
	if got := JudgeAgreement(eps, "a", "b"); got.Agreement != 1 {
		t.Errorf("an answer A's run lacks, the other order: got agreement %g; want 1", got.Agreement)
	}
	// Two versions that share neither answer are left by the index.
	other.Answers = [2]string{"x", "y"}
	eps[7] = other
	if got := JudgeAgreement(eps, "a", "b"); got.Agreement != 0.75 {
		t.Errorf("versions sharing no answer: got agreement %g; want 0.75 (by index)", got.Agreement)
	}
}

// TestJudgeAgreementLeavesOutSettled: an episode a remark settled (MAD's
// moderator, verdict: moderator; parse moderator) has a verdict that no
// judge gave, in the run and in its rejudge: neither judge judged it,
// and agreement on it is none of theirs. moot compare reads records
// without their messages: the verdict alone tells.
func TestJudgeAgreementLeavesOutSettled(t *testing.T) {
	ep := func(judge, question string, answer int) transcript.Episode {
		return episode("mad", "mad", "t", judge, question, "correct-first", answer, "")
	}
	settled := func(judge, question string) transcript.Episode {
		e := ep(judge, question, 0)
		e.Verdict.Parse = transcript.ParsedModerator
		return e
	}
	eps := []transcript.Episode{
		ep("a", "q1", 0), ep("b", "q1", 1),
		ep("a", "q2", 1), ep("b", "q2", 0),
		settled("a", "q3"), settled("b", "q3"),
		settled("a", "q4"), settled("b", "q4"),
	}
	got := JudgeAgreement(eps, "a", "b")
	if got.Items != 2 || got.Agreement != 0 {
		t.Errorf("got %d items, agreement %g; want the 2 judged, agreeing on none", got.Items, got.Agreement)
	}
}

// TestJudgeAgreementJudgeBFirst: an item is one item wherever judgeB's
// verdict comes in eps, before judgeA's too (a run's rejudge read before
// the run). Here b judges each of three items first; a: 0 1 1, b: 0 1 0,
// p_o = ⅔, p_e = (1·2 + 2·1)/9 = 4/9, κ = (2/9)/(5/9) = 0.4. Were b's
// verdict to list an item too, each item would count twice (6 items).
func TestJudgeAgreementJudgeBFirst(t *testing.T) {
	ep := func(judge, question string, answer int) transcript.Episode {
		return episode("debate", "debate", "t", judge, question, "correct-first", answer, "")
	}
	eps := []transcript.Episode{
		ep("b", "q1", 0), ep("a", "q1", 0),
		ep("b", "q2", 1), ep("a", "q2", 1),
		ep("b", "q3", 0), ep("a", "q3", 1),
	}
	got := JudgeAgreement(eps, "a", "b")
	if got.Items != 3 || got.Pooled || math.Abs(got.Agreement-2.0/3) > 1e-12 || math.Abs(got.Kappa-0.4) > 1e-12 || !got.KappaDefined {
		t.Errorf("got %+v; want 3 items, not pooled, agreement 2/3, kappa 0.4", got)
	}
}

// TestJudgeAgreementPoolsJudgeBsVerdicts: where judgeB alone judged an
// item twice (judgeA once), each of b's verdicts is paired with a's and
// Pooled is set, as where a judged it twice. b says 0 and 1 on q1, a 0;
// both 1 on q2: pairs (0,0), (0,1), (1,1), 3 items, 2 agreeing.
func TestJudgeAgreementPoolsJudgeBsVerdicts(t *testing.T) {
	ep := func(judge, question string, answer int) transcript.Episode {
		return episode("debate", "debate", "t", judge, question, "correct-first", answer, "")
	}
	eps := []transcript.Episode{
		ep("a", "q1", 0), ep("b", "q1", 0), ep("b", "q1", 1),
		ep("a", "q2", 1), ep("b", "q2", 1),
	}
	got := JudgeAgreement(eps, "a", "b")
	if got.Items != 3 || !got.Pooled || math.Abs(got.Agreement-2.0/3) > 1e-12 {
		t.Errorf("got %+v; want 3 pairs, pooled, agreement 2/3", got)
	}
}

// TestJudgeAgreementGradesAcrossOrders: a grade, or a verdict that did
// not parse, is no answer's index, so the order in which the other run
// holds the answers leaves it as it is (sameAnswer). Here b's run holds
// each question's answers the other way round: b grades q1 correct as a
// does and q2 incorrect where a says correct (1 of 2 agreeing), and b's
// verdict on q3 did not parse (skipped).
func TestJudgeAgreementGradesAcrossOrders(t *testing.T) {
	ep := func(judge, question, call string, reversed bool) transcript.Episode {
		answer := 0
		if call == "" {
			answer = transcript.Unparsed
		}
		e := episode("grade", "grade", "t", judge, question, "taker", answer, "")
		e.Graded = &transcript.Graded{Seat: "Exam-taker", Agent: "taker", Answer: 0, Call: call}
		if reversed {
			e.Answers = [2]string{e.Answers[1], e.Answers[0]}
			e.CorrectAnswer = 1
		}
		return e
	}
	eps := []transcript.Episode{
		ep("a", "q1", transcript.GradeCorrect, false), ep("b", "q1", transcript.GradeCorrect, true),
		ep("a", "q2", transcript.GradeCorrect, false), ep("b", "q2", transcript.GradeIncorrect, true),
		ep("a", "q3", transcript.GradeCorrect, false), ep("b", "q3", "", true),
	}
	got := JudgeAgreement(eps, "a", "b")
	if got.Items != 2 || got.Skipped != 1 || got.Agreement != 0.5 || got.Mixed {
		t.Errorf("got %+v; want 2 items, 1 skipped, agreement 0.5, not mixed", got)
	}
}
