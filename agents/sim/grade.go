package sim

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"

	"github.com/mootlab/moot/agents"
	"github.com/mootlab/moot/transcript"
)

// referenceWorth is what a reference is worth, in log-odds for the answer
// it gives, to a judge that trusts it fully and can make nothing of the
// question itself.
const referenceWorth = 3.0

// grade is a judge grading one candidate's answer (transcript.RoleGrader):
// the answer of the last turn that took a side. It weighs what it can make
// of the question itself — the context, if it may read it, and the
// candidate's cited passages, checked and skimmed as a judge checks a
// debater's — then its leniency, then the reference, if it has one, in
// proportion to its trust in it and its own doubt. It never reads the gold
// label, nor the other option, which its prompt does not show: only the
// answer the candidate gave.
func (a *Agent) grade(req agents.Request, rng *rand.Rand) (agents.Response, error) {
	v := req.View
	candidate := transcript.NoSide
	for _, t := range req.Transcript {
		if t.Side == 0 || t.Side == 1 {
			candidate = t.Side
		}
	}
	if candidate == transcript.NoSide {
		return agents.Response{}, fmt.Errorf("sim: grader %q has no answer to grade", req.Name)
	}
	v.Answers[1-candidate] = "" // not shown to a grader
	key := keyTerms(v.Question)
	claims, _, _ := collect(req.Transcript)
	if v.Context != "" {
		claims = firstHand(claims, a.readGraded(v, candidate, key, rng))
	}
	notes, discredited := a.scrutinize(claims, key, v, rng)
	score := a.weigh(claims, discredited, rng)
	own := score[candidate] - score[1-candidate]
	logit := own + lenientOdds(a.s.Leniency) + a.referencePull(v.Reference, own, candidate)
	pCorrect := sigmoid(logit)
	x := logit + a.s.Noise*logistic(rng)
	correct := x > 0 || (x == 0 && rng.Float64() < 0.5)
	return agents.Response{Text: gradeText(notes, correct), Probabilities: []float64{pCorrect, 1 - pCorrect}}, nil
}

// lenientOdds is a leniency as log-odds: the lean towards calling an
// answer correct of a grader that has nothing else to go on.
func lenientOdds(leniency float64) float64 {
	p := min(max(leniency, 0.01), 0.99)
	return math.Log(p / (1 - p))
}

// referencePull is how far a judge leans, in log-odds for side, on a
// reference: by its trust in references and by its own doubt — a judge
// whose own reading (own, log-odds for side) settles the question leans
// little; one that can make nothing of it, fully.
func (a *Agent) referencePull(r *transcript.Reference, own float64, side int) float64 {
	if r == nil || (r.Answer != 0 && r.Answer != 1) {
		return 0
	}
	doubt := 1 - math.Abs(2*sigmoid(own)-1)
	pull := referenceWorth * a.s.TrustReference * doubt
	if r.Answer != side {
		pull = -pull
	}
	return pull
}

// gradeText is the grader's answer: its notes, its grade, and the verdict
// line (A: correct, B: incorrect).
func gradeText(notes []string, correct bool) string {
	var b strings.Builder
	for _, n := range notes {
		b.WriteString(n)
		b.WriteByte('\n')
	}
	if correct {
		b.WriteString("The answer is correct.\nAnswer: A\n")
	} else {
		b.WriteString("The answer is incorrect.\nAnswer: B\n")
	}
	return b.String()
}
