package report

import (
	"math"
	"strings"

	"github.com/mootlab/moot/quotes"
	"github.com/mootlab/moot/transcript"
)

// Outcomes of an episode, as the transcript browser filters them.
const (
	outcomeCorrect   = "correct"
	outcomeIncorrect = "incorrect"
	outcomeUnparsed  = "unparsed"
	outcomeFailed    = "failed"
)

// outcome classifies ep as analysis counts it: a failed episode is left
// out, an unparsed verdict is wrong.
func outcome(ep *transcript.Episode) string {
	switch {
	case ep.Error != "":
		return outcomeFailed
	case ep.Verdict.Answer == transcript.Unparsed:
		return outcomeUnparsed
	case ep.Correct:
		return outcomeCorrect
	}
	return outcomeIncorrect
}

// episodeView is an episode as the page's script reads it: the transcript
// without prompt hashes and token counts, plus what the browser would
// otherwise have to work out (outcome, slot letters).
type episodeView struct {
	ID         string `json:"id"`
	Protocol   string `json:"protocol"`
	Kind       string `json:"kind"`
	Cell       string `json:"cell,omitempty"` // a sweep's cell
	Task       string `json:"task"`
	QuestionID string `json:"question_id"`
	// Question and Exhibit are the question's text and exhibit, from the
	// run's question store; empty where the run has none.
	Question      string    `json:"question,omitempty"`
	Exhibit       string    `json:"exhibit,omitempty"`
	Judge         string    `json:"judge"`
	Assignment    string    `json:"assignment"`
	Repeat        int       `json:"repeat"`
	Answers       [2]string `json:"answers"`
	CorrectAnswer int       `json:"correct_answer"`
	// AnswerSlots are the letters under which each answer was shown.
	AnswerSlots [2]string     `json:"answer_slots"`
	Seats       []seatView    `json:"seats"`
	Messages    []messageView `json:"messages"`
	Verdict     verdictView   `json:"verdict"`
	// Graded is, for a grader's episode, the answer it graded and its
	// grade; its verdict's slot is then the grade's (A correct, B
	// incorrect), not an answer's.
	Graded  *transcript.Graded `json:"graded,omitempty"`
	Outcome string             `json:"outcome"`
	Error   string             `json:"error,omitempty"`
}

// listedVerdict is what the episode list shows of v's verdict: the letter
// under which the chosen answer was shown, or for a grader's episode its
// grade ("" where it did not parse).
func (v *episodeView) listedVerdict() string {
	if v.Graded != nil {
		return v.Graded.Call
	}
	return v.Verdict.Slot
}

type seatView struct {
	Name  string `json:"name"`
	Role  string `json:"role"`
	Agent string `json:"agent"`
	// Argues is the index into Answers of the answer argued, or -1.
	Argues int `json:"argues"`
}

type messageView struct {
	Round int    `json:"round"`
	Name  string `json:"name"`
	Role  string `json:"role"`
	Agent string `json:"agent"`
	Text  string `json:"text"`
	// Reasoning is the model's thinking beside its reply, which no other
	// seat read (transcript.Message.Reasoning).
	Reasoning string `json:"reasoning,omitempty"`
	Sample    int    `json:"sample,omitempty"`
	Retries   int    `json:"retries,omitempty"`
	Cached    bool   `json:"cached,omitempty"`
	// Aside, Candidate, Discarded, Score, Truncated and Kept are the
	// message's own (transcript.Message): a call no seat read (a judge's
	// interim verdict, a scorer's), a best-of-N candidate and whether it
	// was set aside, its score, an answer cut short (truncated), a
	// message a rejudge carried over.
	Aside     bool     `json:"aside,omitempty"`
	Candidate int      `json:"candidate,omitempty"`
	Discarded bool     `json:"discarded,omitempty"`
	Score     *float64 `json:"score,omitempty"`
	Truncated bool     `json:"truncated,omitempty"`
	Kept      bool     `json:"kept,omitempty"`
	// ServedModel is the model the server said answered
	// (transcript.Message.ServedModel).
	ServedModel string `json:"served_model,omitempty"`
}

type verdictView struct {
	// Answer is the index into Answers chosen, or -1 when unparsed.
	Answer      int     `json:"answer"`
	Slot        string  `json:"slot,omitempty"`
	Probability float64 `json:"probability,omitempty"`
	Parse       string  `json:"parse"`
	Asks        int     `json:"asks,omitempty"`
}

func newEpisodeView(ep *transcript.Episode) episodeView {
	v := episodeView{
		ID:            ep.EpisodeID,
		Protocol:      ep.Protocol,
		Kind:          ep.Kind,
		Cell:          ep.Cell,
		Task:          ep.Task,
		QuestionID:    ep.QuestionID,
		Judge:         ep.Judge,
		Assignment:    ep.Assignment,
		Repeat:        ep.Repeat,
		Answers:       ep.Answers,
		CorrectAnswer: ep.CorrectAnswer,
		AnswerSlots:   [2]string{slotOf(ep, 0), slotOf(ep, 1)},
		Seats:         make([]seatView, len(ep.Seats)),
		Messages:      make([]messageView, len(ep.Messages)),
		Verdict: verdictView{
			Answer:      ep.Verdict.Answer,
			Slot:        ep.Verdict.Slot,
			Probability: finite(ep.Verdict.Probability),
			Parse:       ep.Verdict.Parse,
			Asks:        ep.Verdict.Asks,
		},
		Graded:  ep.Graded,
		Outcome: outcome(ep),
		Error:   ep.Error,
	}
	for i, s := range ep.Seats {
		v.Seats[i] = seatView{Name: s.Name, Role: string(s.Role), Agent: s.Agent, Argues: s.Argues}
	}
	texts := shownTexts(ep.Messages)
	for i, m := range ep.Messages {
		v.Messages[i] = messageView{Round: m.Round, Name: m.Name, Role: string(m.Role), Agent: m.Agent,
			Text: texts[i], Reasoning: m.Reasoning, Sample: m.Sample, Retries: m.Retries, Cached: m.Cached,
			Aside: m.Aside, Candidate: m.Candidate, Discarded: m.Discarded, Score: finitePtr(m.Score), Truncated: m.Truncated, Kept: m.Kept,
			ServedModel: m.ServedModel}
	}
	return v
}

// shownTexts is each message's text as the page shows it: with its
// quotes marked as the seats that do not argue read them; a mark the
// speaker wrote itself is shown as the claim it is. An answer asked again
// (its verdict line missing) was read as its first reply's reasons and
// its last reply together, a blank line apart (the engine's answerText),
// and the last message's Shown holds them both: that text is split back
// between the two messages, so that the page shows each reply once, with
// its quotes as they were read. Where the two do not split cleanly (an
// unclosed tag in the first reply), the last message keeps the whole.
func shownTexts(ms []transcript.Message) []string {
	texts := make([]string, len(ms))
	for i, m := range ms {
		texts[i] = quotes.AsShown(m.Text, m.Shown)
	}
	for i, m := range ms {
		if m.Sample == 0 || m.Candidate > 0 || m.Shown == "" {
			continue
		}
		first := firstAsk(ms, i)
		if first < 0 {
			continue
		}
		if reasons, last, ok := splitAnswer(m.Shown, ms[first].Text, m.Text); ok {
			texts[first], texts[i] = reasons, last
		}
	}
	return texts
}

// firstAsk is the index of the first ask of the answer ms[i] asked again:
// the nearest message before it of the same seat and round that was no
// ask again; -1 where there is none.
func firstAsk(ms []transcript.Message, i int) int {
	for j := i - 1; j >= 0; j-- {
		a := ms[j]
		if a.Name == ms[i].Name && a.Role == ms[i].Role && a.Round == ms[i].Round && a.Sample == 0 && a.Candidate == 0 {
			return j
		}
	}
	return -1
}

// splitAnswer splits shown, the marked text of first's reasons and last
// together, at the blank line between them: the marks aside, the part
// before must read as first and the part after as last. A first reply
// with a tag left open does not split: its quote may have been closed,
// and marked, across the two.
func splitAnswer(shown, first, last string) (string, string, bool) {
	want, tail := quotes.Claimed(strings.TrimRight(first, "\n")), quotes.Claimed(last)
	if !closesAll(want) {
		return "", "", false
	}
	for k := strings.Index(shown, "\n\n"); k >= 0; {
		if quotes.Claimed(shown[:k]) == want && quotes.Claimed(shown[k+2:]) == tail {
			return shown[:k], shown[k+2:], true
		}
		n := strings.Index(shown[k+1:], "\n\n")
		if n < 0 {
			break
		}
		k += 1 + n
	}
	return "", "", false
}

// closesAll says whether every quote text opens is closed within it, as
// the verifier pairs the tags (quotes.Verify: an open tag with the next
// close): counting the tags is not enough, where a close stands before
// the open it would have to close ("</quote> … <quote>…").
func closesAll(text string) bool {
	for p := range quotes.Parts(text) {
		if !p.Quote && strings.Contains(p.Text, quotes.Open) {
			return false // a tag Parts left open, as the verifier does
		}
	}
	return true
}

// slotOf is the letter under which answer was shown, or "" if it was not.
func slotOf(ep *transcript.Episode, answer int) string {
	for s, a := range ep.Order {
		if a == answer && answer >= 0 && answer < len(ep.Answers) {
			return string(rune('A' + s))
		}
	}
	return ""
}

// finite keeps NaN and infinities, which JSON cannot carry, out of the
// page; they are read as "no probability".
func finite(x float64) float64 {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return 0
	}
	return x
}

// finitePtr is finite of *x, nil where x is nil or not finite.
func finitePtr(x *float64) *float64 {
	if x == nil || math.IsNaN(*x) || math.IsInf(*x, 0) {
		return nil
	}
	return x
}

// orderedSet keeps distinct strings in order of first appearance.
type orderedSet struct {
	seen   map[string]bool
	values []string
}

func (s *orderedSet) add(v string) {
	if s.seen == nil {
		s.seen = map[string]bool{}
	}
	if !s.seen[v] {
		s.seen[v] = true
		s.values = append(s.values, v)
	}
}
