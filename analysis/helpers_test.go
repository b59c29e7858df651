package analysis

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/mootlab/moot/transcript"
)

// episode builds a judged episode; answer is the verdict (0 is the correct
// answer, 1 the wrong one, transcript.Unparsed) and errMsg marks a failure.
// The answers are shown in the order the assignment names, correct first
// unless it has a "correct-second" part, and the verdict's slot follows.
func episode(protocol, kind, task, judge, question, assignment string, answer int, errMsg string) transcript.Episode {
	order := [2]int{0, 1}
	if _, first, ok := splitOrder(assignment); ok && !first {
		order = [2]int{1, 0}
	}
	slot := ""
	switch {
	case answer == transcript.Unparsed:
	case order[0] == answer:
		slot = "A"
	default:
		slot = "B"
	}
	return transcript.Episode{
		EpisodeID:     fmt.Sprintf("%s/%s/%s/%s/%s", protocol, task, judge, question, assignment),
		Protocol:      protocol,
		Kind:          kind,
		Class:         comparedAs[kind].class,
		CompareWith:   comparedAs[kind].against,
		Task:          task,
		QuestionID:    question,
		Judge:         judge,
		Assignment:    assignment,
		Answers:       [2]string{"right", "wrong"},
		CorrectAnswer: 0,
		Order:         order,
		Verdict:       transcript.Verdict{Answer: answer, Slot: slot},
		Correct:       errMsg == "" && answer == 0,
		Error:         errMsg,
	}
}

// comparedAs is what the shipped protocols of these kinds declare for
// comparisons (protocols.Comparison).
var comparedAs = map[string]struct {
	class   string
	against []string
}{
	"direct":              {"judge-alone", nil},
	"direct-with-context": {"judge-with-context", []string{"judge-alone"}},
	"consultancy":         {"consultancy", []string{"judge-alone"}},
	"debate":              {"debate", []string{"judge-alone", "consultancy"}},
}

// debateEpisode builds a judged debate episode whose Debater A (agent a)
// argues the answer shown first and Debater B (agent b) the other.
func debateEpisode(protocol, question, assignment, a, b string, answer int) transcript.Episode {
	ep := episode(protocol, "debate", "quality", "weak-judge", question, assignment, answer, "")
	ep.Seats = []transcript.Seat{
		{Name: "Debater A", Role: transcript.RoleDebater, Agent: a, Argues: ep.Order[0]},
		{Name: "Debater B", Role: transcript.RoleDebater, Agent: b, Argues: ep.Order[1]},
		{Name: "Judge", Role: transcript.RoleJudge, Agent: "weak-judge", Argues: transcript.NoSide},
	}
	return ep
}

// skillRun is a run of a sweep over strong.skill: its debate's label and
// the values it sweeps, in its own order.
type skillRun struct {
	label  string
	values []string
}

// skillRuns makes the debate episodes of runs sweeping strong.skill: at
// each of a run's values, six questions, q0 to q5, of which the first
// right[value] are judged correctly.
func skillRuns(right map[string]int, runs ...skillRun) []transcript.Episode {
	var eps []transcript.Episode
	for _, run := range runs {
		for _, v := range run.values {
			for q := range 6 {
				answer := 1
				if q < right[v] {
					answer = 0
				}
				ep := episode(run.label, "debate", "qa", "j", fmt.Sprint("q", q), "assigned-correct", answer, "")
				ep.Cell = "strong.skill=" + v
				eps = append(eps, ep)
			}
		}
	}
	return eps
}

// syntheticEpisodes makes a plan-ordered, deterministic run over questions
// questions and repeats repeats: debate and consultancy with two
// assignments each and a naive baseline with one, judge accuracy falling
// with a per-question difficulty so that episodes of a question correlate.
// A few verdicts are unparsed and a few episodes failed. Debate is
// self-play of one "strong" debater; the naive judge gives probabilities.
func syntheticEpisodes(questions, repeats int) []transcript.Episode {
	r := rand.New(rand.NewPCG(1, 2))
	difficulty := make([]float64, questions)
	for i := range difficulty {
		difficulty[i] = r.Float64()
	}
	type arm struct {
		assignment string
		base, drop float64 // P(correct) = base - drop*difficulty
	}
	protocols := []struct {
		label, kind string
		arms        []arm
	}{
		{"debate", "debate", []arm{{"correct-first", 0.95, 0.35}, {"correct-second", 0.9, 0.35}}},
		{"consultancy", "consultancy", []arm{{"assigned-correct", 0.95, 0.2}, {"assigned-incorrect", 0.7, 0.6}}},
		{"naive", "direct", []arm{{"", 0.8, 0.6}}},
	}
	var eps []transcript.Episode
	n := 0
	for repeat := range repeats {
		for _, p := range protocols {
			for q := range questions {
				for _, a := range p.arms {
					n++
					answer := 1
					if r.Float64() < a.base-a.drop*difficulty[q] {
						answer = 0
					}
					errMsg := ""
					switch {
					case n%97 == 13:
						answer = transcript.Unparsed
					case n%131 == 7:
						errMsg = "agents: judge: context deadline exceeded"
					}
					qid := fmt.Sprintf("q%04d", q)
					ep := episode(p.label, p.kind, "quality", "weak-judge", qid, a.assignment, answer, errMsg)
					switch p.kind {
					case "debate":
						ep = debateEpisode(p.label, qid, a.assignment, "strong", "strong", answer)
						ep.Error, ep.Correct = errMsg, errMsg == "" && answer == 0
					case "direct":
						// Drawn without r, so that the verdicts stay those
						// of the golden files before probabilities.
						ep.Verdict.Probability = 0.5 + 0.05*float64(n%10)
						if answer == 0 {
							ep.Verdict.Probability += 0.04
						}
					}
					ep.Repeat = repeat
					eps = append(eps, ep)
				}
			}
		}
	}
	return eps
}

// ptr is a pointer to x, for a field that may be absent.
func ptr[T any](x T) *T { return &x }

// near says whether got is want, but for the last bits of a float: a
// replicated run's statistics over seeds are kept as computed (summary.json
// rounds them as it writes them).
func near(got, want float64) bool { return math.Abs(got-want) < 1e-9 }
