package analysis

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/mootlab/moot/quotes"
	"github.com/mootlab/moot/transcript"
)

// Suspect is a question whose gold label the verdicts of one or more runs
// reject: a candidate label error (Are LLMs Better than Reported?, 2024:
// confident disagreement of strong judges with a label flags it for a
// second look).
type Suspect struct {
	Task       string    `json:"task"`
	QuestionID string    `json:"question_id"`
	Answers    [2]string `json:"answers"`
	// Gold indexes Answers: the label the data give; the verdicts favour
	// the other answer.
	Gold int `json:"gold"`
	// Reject is the mean, over the verdicts, of the probability each gives
	// the answer that is not the gold one: its stated probability, or 1
	// or 0 for a verdict without one. Above 0.5, the verdicts lean
	// against the label.
	Reject float64 `json:"reject"`
	// Verdicts counts the parsed verdicts; Against those for the other
	// answer.
	Verdicts int `json:"verdicts"`
	Against  int `json:"against"`
	// Evidence is every verdict, in the order of the episodes.
	Evidence []AuditVerdict `json:"evidence"`
}

// AuditVerdict is one verdict on a suspect question.
type AuditVerdict struct {
	Protocol   string `json:"protocol"`
	Judge      string `json:"judge"`
	Assignment string `json:"assignment"`
	// Answer indexes the question's answers; Probability is the judge's
	// for it, 0 when it gave none.
	Answer      int     `json:"answer"`
	Probability float64 `json:"probability,omitempty"`
	// Quotes are the quotes of the judge's verdict message, as shown to it
	// (verified or not), and Notes the lines of that message without the
	// answer line.
	Quotes []string `json:"quotes,omitempty"`
	Notes  []string `json:"notes,omitempty"`
}

// ErrGoldDiffers is returned by Audit when two episodes of one question
// give different gold answers: runs on different versions of a dataset.
var ErrGoldDiffers = errors.New("runs disagree on a question's gold answer")

// ErrOtherDiffers is returned by Audit when two episodes of one question
// give one gold answer but different other answers: runs at two seeds of
// a file that lists several wrong answers, each seed drawing its own, or
// two versions of the list. Their verdicts weigh the label against
// different answers, and a relabel would have no one answer to make gold.
var ErrOtherDiffers = errors.New("runs show a question with different wrong answers")

// Audit ranks the questions of eps whose gold label the verdicts reject:
// every question whose mean rejection (Suspect.Reject) is above 0.5, most
// confidently rejected first, then by the number of verdicts against the
// label, then by task and id. Failed episodes and unparsed verdicts do not
// count. It reads the episodes only; which runs, protocols and judges to
// pool is the caller's choice (an ensemble of strong judges with the
// hidden context is the usual one).
func Audit(eps []transcript.Episode) ([]Suspect, error) {
	type key struct{ task, id string }
	byQ := map[key]*Suspect{}
	rejections := map[key][]float64{}
	var order []key
	for i := range eps {
		ep := &eps[i]
		if ep.Error != "" || ep.Verdict.Answer != 0 && ep.Verdict.Answer != 1 {
			continue
		}
		k := key{ep.Task, ep.QuestionID}
		gold := ep.Answers[ep.CorrectAnswer]
		s, ok := byQ[k]
		if !ok {
			s = &Suspect{Task: ep.Task, QuestionID: ep.QuestionID, Answers: ep.Answers, Gold: ep.CorrectAnswer}
			byQ[k] = s
			order = append(order, k)
		} else if s.Answers[s.Gold] != gold {
			return nil, fmt.Errorf("%w: task %s, question %s: %q in one episode, %q in another",
				ErrGoldDiffers, ep.Task, ep.QuestionID, s.Answers[s.Gold], gold)
		} else if other := ep.Answers[1-ep.CorrectAnswer]; s.Answers[1-s.Gold] != other {
			return nil, fmt.Errorf("%w: task %s, question %s: gold %q against %q in one episode, against %q in another",
				ErrOtherDiffers, ep.Task, ep.QuestionID, gold, s.Answers[1-s.Gold], other)
		}
		v := auditVerdict(ep)
		against := ep.Answers[v.Answer] != gold
		rejections[k] = append(rejections[k], rejection(against, v.Probability))
		s.Verdicts++
		if against {
			s.Against++
		}
		v.Answer = slices.Index(s.Answers[:], ep.Answers[v.Answer])
		s.Evidence = append(s.Evidence, v)
	}
	var out []Suspect
	for _, k := range order {
		s := byQ[k]
		s.Reject = meanInOrder(rejections[k])
		if s.Reject > 0.5 {
			out = append(out, *s)
		}
	}
	slices.SortStableFunc(out, func(a, b Suspect) int {
		return cmp.Or(cmp.Compare(b.Reject, a.Reject), cmp.Compare(b.Against, a.Against),
			cmp.Compare(a.Task, b.Task), cmp.Compare(a.QuestionID, b.QuestionID))
	})
	return out, nil
}

// meanInOrder is the mean of xs (sorted in place), summed smallest first:
// a sum in the order the episodes came would differ in its last bit
// between the orders a question's verdicts can come in (runs named in
// another order), and two questions that reject alike would rank as the
// order fell, not by their verdicts against.
func meanInOrder(xs []float64) float64 {
	slices.Sort(xs)
	var sum float64
	for _, x := range xs {
		sum += x
	}
	return sum / float64(len(xs))
}

// rejection is the probability a verdict gives the answer that is not the
// gold one: p is its stated probability for the answer it chose (0 for
// none, which counts as certain).
func rejection(against bool, p float64) float64 {
	if p <= 0 || p > 1 {
		p = 1
	}
	if against {
		return p
	}
	return 1 - p
}

// auditVerdict is the verdict of ep with the quotes and notes of the
// judge's last message that others read (not an aside).
func auditVerdict(ep *transcript.Episode) AuditVerdict {
	v := AuditVerdict{Protocol: ep.Protocol, Judge: ep.Judge, Assignment: ep.Assignment,
		Answer: ep.Verdict.Answer, Probability: ep.Verdict.Probability}
	for i := len(ep.Messages) - 1; i >= 0; i-- {
		m := &ep.Messages[i]
		if m.Role != transcript.RoleJudge || m.Aside {
			continue
		}
		text := cmp.Or(m.Shown, m.Text)
		for _, q := range quotes.Extract(text) {
			v.Quotes = append(v.Quotes, q.Text)
		}
		v.Notes = judgeNotes(text)
		break
	}
	return v
}

// judgeNotes are the lines of a judge's message before its answer line.
func judgeNotes(text string) []string {
	var out []string
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "Answer:") {
			continue
		}
		out = append(out, line)
	}
	return out
}

// QuestionKey names a question across runs: its task and id.
type QuestionKey struct{ Task, ID string }

// Rescore returns a copy of eps in which each question that gold names has
// that answer (a text, one of the episode's two answers) as its gold label,
// each verdict re-marked correct or not against it, and the number of
// episodes whose label changed. Questions gold does not name keep theirs.
// A gold answer that is neither of an episode's answers is an error.
func Rescore(eps []transcript.Episode, gold map[QuestionKey]string) ([]transcript.Episode, int, error) {
	out := slices.Clone(eps)
	changed := 0
	for i := range out {
		ep := &out[i]
		g, ok := gold[QuestionKey{ep.Task, ep.QuestionID}]
		if !ok {
			continue
		}
		c := slices.Index(ep.Answers[:], g)
		if c < 0 {
			return nil, 0, fmt.Errorf("task %s, question %s: the new gold answer %q is neither of the run's answers %q", ep.Task, ep.QuestionID, g, ep.Answers)
		}
		if c != ep.CorrectAnswer {
			changed++
		}
		ep.CorrectAnswer = c
		ep.Correct = ep.Error == "" && ep.Verdict.Answer == c
	}
	return out, changed, nil
}
