package export

import (
	"fmt"
	"slices"
	"strings"

	"github.com/mootlab/moot/transcript"
)

// inspectModel names an agent as an Inspect model (provider/name).
func inspectModel(agent string) string { return "moot/" + agent }

// slotLetters name the answer slots.
var slotLetters = [2]string{"A", "B"}

// sampleID is the id of an episode's Inspect sample: its question and
// the assignment it was planned in, which its repeats (the sample's
// epochs) share, as the repeats of an Inspect sample share its dataset
// id; the choice an open protocol's seat made in one repeat
// (chose-correct) is that epoch's, in its metadata's variant.
func sampleID(ep *transcript.Episode) string {
	return ep.QuestionID + "@" + transcript.PlannedAssignment(ep.Assignment)
}

// sampleUUID is the uuid of an episode's Inspect sample, unique to the
// run (runID) and the episode: a loaded dataset's episodes keep their ids
// at every seed.
func sampleUUID(runID string, ep *transcript.Episode) string { return runID + "-" + ep.EpisodeID }

// newInspectSample turns an episode into an Inspect sample of the run
// runID: the input is the question (its text where question gives it,
// else its id) and its answers in the order shown, the target the slot of
// the correct answer, the messages every turn of the episode, the score C
// or I.
func newInspectSample(ep *transcript.Episode, r *EpisodeRow, question, runID string) inspectSample {
	s := inspectSample{
		ID: sampleID(ep), Epoch: ep.Repeat + 1, UUID: sampleUUID(runID, ep),
		Store: map[string]any{}, Events: []any{}, Attach: map[string]string{},
		ModelUsage: map[string]*inspectUsage{},
	}
	s.Input, s.Choices, s.Target = sampleInput(ep, question)
	s.Messages = append(s.Messages, inspectMessage{ID: s.UUID + "/input", Content: s.Input, Source: "input", Role: "user"})
	for i := range ep.Messages {
		m := &ep.Messages[i]
		meta := map[string]any{"name": m.Name, "role": string(m.Role), "round": m.Round, "prompt_sha256": m.PromptSHA256}
		if m.Shown != "" {
			meta["shown"] = m.Shown
		}
		if m.Reasoning != "" {
			meta["reasoning"] = m.Reasoning
		}
		if m.ServedModel != "" {
			meta["served_model"] = m.ServedModel
		}
		if m.Aside {
			meta["aside"] = true
		}
		if m.Discarded {
			meta["discarded"] = true
		}
		if m.Seconds > 0 {
			meta["seconds"] = m.Seconds
			if m.ActiveSeconds != nil {
				meta["active_seconds"] = *m.ActiveSeconds
			}
		}
		msg := inspectMessage{ID: fmt.Sprintf("%s/%d", s.UUID, i), Content: m.Text, Source: "generate", Metadata: meta, Role: "assistant", Model: inspectModel(m.Agent)}
		s.Messages = append(s.Messages, msg)
		u := s.ModelUsage[msg.Model]
		if u == nil {
			u = new(inspectUsage)
			s.ModelUsage[msg.Model] = u
		}
		u.add(m)
		// The verdict's message: the judge's or grader's, or where MAD's
		// moderator settled the debate, its last remark.
		if m.Role == transcript.RoleJudge || m.Role == transcript.RoleGrader || ep.Settled() && m.Role == transcript.RoleModerator {
			s.Output = inspectOutput{Model: msg.Model, Completion: m.Text, Choices: []inspectChoice{{Message: msg, StopReason: "stop"}}}
		}
	}
	if s.Output.Model == "" {
		s.Output = inspectOutput{Model: inspectModel(ep.Judge), Choices: []inspectChoice{}}
	}
	s.TotalTime, s.WorkingTime = sampleTimes(ep)
	if r.Failed {
		// No verdict: an errored sample, unscored, as Inspect leaves a
		// sample that failed; moot's tables leave it out too.
		s.Error = &inspectError{Message: ep.Error}
		return s
	}
	value := "I"
	if ep.Correct && !r.Unparsed {
		value = "C"
	}
	answer := ep.Verdict.Slot
	if ep.Graded != nil {
		answer = ep.Graded.Call
	}
	s.Scores = map[string]inspectScore{"correct": {
		Value: value, Answer: answer, Explanation: "verdict parsed by " + ep.Verdict.Parse,
		Metadata: map[string]any{"p_correct": floatOrNil(r.PCorrect), "unparsed": r.Unparsed}, History: []any{},
	}}
	return s
}

// sampleTimes are the total and working time of an episode's sample, as
// Inspect times a sample: a person's time over its verdict (moot judge:
// from the episode shown to the verdict sent) and the part of it the
// person was active on the page, as the summary's judge_time reads them;
// nil where the verdict has no time (agents), and a nil working time
// where it has no active time (a record written before moot measured it).
func sampleTimes(ep *transcript.Episode) (total, working *float64) {
	i := ep.VerdictMessage()
	if i < 0 || ep.Messages[i].Seconds <= 0 {
		return nil, nil
	}
	wall, m := ep.Messages[i].Seconds, &ep.Messages[i]
	if m.ActiveSeconds == nil {
		return &wall, nil
	}
	active := *m.ActiveSeconds
	return &wall, &active
}

// sampleInput is a sample's input, its choices and its target: the
// question and the two answers, the target the correct one's letter; for
// a grader, which reads one answer and calls it correct or incorrect, the
// question and that answer, the target the true grade.
func sampleInput(ep *transcript.Episode, question string) (string, []string, string) {
	var input strings.Builder
	if question != "" {
		input.WriteString(question)
	} else {
		fmt.Fprintf(&input, "Question %s", ep.QuestionID)
	}
	if g := ep.Graded; g != nil && g.Answer >= 0 && g.Answer < len(ep.Answers) {
		fmt.Fprintf(&input, "\nAnswer graded: %s", ep.Answers[g.Answer])
		target := transcript.GradeIncorrect
		if g.Answer == ep.CorrectAnswer {
			target = transcript.GradeCorrect
		}
		return input.String(), []string{transcript.GradeCorrect, transcript.GradeIncorrect}, target
	}
	var choices []string
	target := ""
	for slot, ai := range ep.Order {
		if ai < 0 || ai > 1 {
			continue
		}
		choices = append(choices, ep.Answers[ai])
		fmt.Fprintf(&input, "\n%s: %s", slotLetters[slot], ep.Answers[ai])
		if ai == ep.CorrectAnswer {
			target = slotLetters[slot]
		}
	}
	return input.String(), choices, target
}

// sampleMetadata is the episode row, less what the sample says itself,
// with a key for each of the run's axes (runAxes, null where the
// episode's cell has none), as the table has a column.
func sampleMetadata(r *EpisodeRow, runAxes []string) map[string]any {
	names := slices.Clone(runAxes)
	for _, a := range r.Axes {
		if !slices.Contains(names, a.Axis) {
			names = append(names, a.Axis)
		}
	}
	axes := textAxes(names)
	var vals []any
	vals = r.values(vals, axes)
	meta := make(map[string]any, len(vals))
	for i, c := range episodeColumns(axes) {
		meta[c.name] = vals[i]
	}
	return meta
}
