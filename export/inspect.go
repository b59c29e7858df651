package export

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"strings"

	"github.com/mootlab/moot/transcript"
)

// The Inspect AI eval log (format version 2), as far as moot fills it:
// field names and types follow Inspect's EvalLog (inspect_ai/log/_log.py);
// export/testdata/inspect-log-schema.json is the subset checked in tests.

type inspectLog struct {
	Version int            `json:"version"`
	Status  string         `json:"status"`
	Eval    inspectSpec    `json:"eval"`
	Plan    inspectPlan    `json:"plan"`
	Results inspectResults `json:"results"`
	Stats   inspectStats   `json:"stats"`
	// Samples are written after the header, streamed.
}

type inspectSpec struct {
	EvalID          string            `json:"eval_id"`
	RunID           string            `json:"run_id"`
	Created         string            `json:"created"`
	Task            string            `json:"task"`
	TaskID          string            `json:"task_id"`
	TaskVersion     int               `json:"task_version"`
	TaskDisplayName string            `json:"task_display_name"`
	TaskAttribs     map[string]any    `json:"task_attribs"`
	TaskArgs        map[string]any    `json:"task_args"`
	Solver          string            `json:"solver"`
	Tags            []string          `json:"tags"`
	Dataset         inspectDataset    `json:"dataset"`
	Model           string            `json:"model"`
	ModelArgs       map[string]any    `json:"model_args"`
	Config          map[string]any    `json:"config"`
	Packages        map[string]string `json:"packages"`
	Metadata        map[string]any    `json:"metadata"`
}

type inspectDataset struct {
	Name      string   `json:"name"`
	Location  string   `json:"location"`
	Samples   int      `json:"samples"`
	SampleIDs []string `json:"sample_ids"`
}

type inspectPlan struct {
	Name   string            `json:"name"`
	Steps  []inspectPlanStep `json:"steps"`
	Config map[string]any    `json:"config"`
}

type inspectPlanStep struct {
	Solver string         `json:"solver"`
	Params map[string]any `json:"params"`
}

type inspectResults struct {
	TotalSamples     int                `json:"total_samples"`
	CompletedSamples int                `json:"completed_samples"`
	Scores           []inspectEvalScore `json:"scores"`
}

type inspectEvalScore struct {
	Name     string                   `json:"name"`
	Scorer   string                   `json:"scorer"`
	Params   map[string]any           `json:"params"`
	Metrics  map[string]inspectMetric `json:"metrics"`
	Scored   int                      `json:"scored_samples"`
	Unscored int                      `json:"unscored_samples"`
}

type inspectMetric struct {
	Name   string         `json:"name"`
	Value  float64        `json:"value"`
	Params map[string]any `json:"params"`
}

type inspectStats struct {
	StartedAt   string                   `json:"started_at"`
	CompletedAt string                   `json:"completed_at"`
	ModelUsage  map[string]*inspectUsage `json:"model_usage"`
	RoleUsage   map[string]*inspectUsage `json:"role_usage"`
}

type inspectUsage struct {
	InputTokens  int     `json:"input_tokens"`
	OutputTokens int     `json:"output_tokens"`
	TotalTokens  int     `json:"total_tokens"`
	TotalCost    float64 `json:"total_cost"`
}

// add counts the call m; a message kept from the run judged again is that
// run's call, not this one's.
func (u *inspectUsage) add(m *transcript.Message) {
	if m.Kept {
		return
	}
	u.InputTokens += m.Usage.InputTokens
	u.OutputTokens += m.Usage.OutputTokens
	u.TotalTokens += m.Usage.InputTokens + m.Usage.OutputTokens
	u.TotalCost += m.CostUSD
}

type inspectSample struct {
	ID         string                   `json:"id"`
	Epoch      int                      `json:"epoch"`
	Input      string                   `json:"input"`
	Choices    []string                 `json:"choices"`
	Target     string                   `json:"target"`
	Messages   []inspectMessage         `json:"messages"`
	Output     inspectOutput            `json:"output"`
	Scores     map[string]inspectScore  `json:"scores"`
	Metadata   map[string]any           `json:"metadata"`
	Store      map[string]any           `json:"store"`
	Events     []any                    `json:"events"`
	ModelUsage map[string]*inspectUsage `json:"model_usage"`
	UUID       string                   `json:"uuid"`
	Error      *inspectError            `json:"error"`
	Attach     map[string]string        `json:"attachments"`
}

type inspectMessage struct {
	ID       string         `json:"id"`
	Content  string         `json:"content"`
	Source   string         `json:"source"`
	Metadata map[string]any `json:"metadata"`
	Role     string         `json:"role"`
	Model    string         `json:"model,omitempty"`
}

type inspectOutput struct {
	Model      string          `json:"model"`
	Choices    []inspectChoice `json:"choices"`
	Completion string          `json:"completion"`
}

type inspectChoice struct {
	Message    inspectMessage `json:"message"`
	StopReason string         `json:"stop_reason"`
}

type inspectScore struct {
	Value       string         `json:"value"`
	Answer      string         `json:"answer"`
	Explanation string         `json:"explanation"`
	Metadata    map[string]any `json:"metadata"`
	History     []any          `json:"history"`
}

type inspectError struct {
	Message       string `json:"message"`
	Traceback     string `json:"traceback"`
	TracebackANSI string `json:"traceback_ansi"`
}

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
		if m.Aside {
			meta["aside"] = true
		}
		if m.Discarded {
			meta["discarded"] = true
		}
		msg := inspectMessage{ID: fmt.Sprintf("%s/%d", s.UUID, i), Content: m.Text, Source: "generate", Metadata: meta, Role: "assistant", Model: inspectModel(m.Agent)}
		s.Messages = append(s.Messages, msg)
		u := s.ModelUsage[msg.Model]
		if u == nil {
			u = new(inspectUsage)
			s.ModelUsage[msg.Model] = u
		}
		u.add(m)
		if m.Role == transcript.RoleJudge || m.Role == transcript.RoleGrader {
			s.Output = inspectOutput{Model: msg.Model, Completion: m.Text, Choices: []inspectChoice{{Message: msg, StopReason: "stop"}}}
		}
	}
	if s.Output.Model == "" {
		s.Output = inspectOutput{Model: inspectModel(ep.Judge), Choices: []inspectChoice{}}
	}
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

// inspectGroup is one log file being written: its samples go to a
// temporary file while the header is tallied.
type inspectGroup struct {
	protocol, kind, cell, task, judge string
	tmp                               *os.File
	w                                 *bufio.Writer
	ids                               []string // the samples', each once
	seenIDs                           map[string]bool
	epochs                            int // the most repeats of a sample
	n, completed, correct             int
	usage                             map[string]*inspectUsage
	roles                             map[string]*inspectUsage
}

// inspectChunk is one episode as the workers prepare it: its row, and its
// Inspect sample as JSON.
type inspectChunk struct {
	ep     *transcript.Episode
	row    EpisodeRow
	sample []byte
	score  string // the sample's score, C or I
}

// newInspectChunk is called on the scan's workers.
func newInspectChunk(ep *transcript.Episode, o Options, runID string) (inspectChunk, error) {
	c := inspectChunk{ep: ep, row: NewEpisodeRow(ep)}
	c.row.Seed = o.Seed
	question := ""
	if o.Question != nil {
		question = o.Question(ep.Task, ep.QuestionID)
	}
	s := newInspectSample(ep, &c.row, question, runID)
	s.Metadata = sampleMetadata(&c.row, o.Axes)
	if sc, ok := s.Scores["correct"]; ok {
		c.score = sc.Value
	}
	var err error
	c.sample, err = json.Marshal(&s)
	return c, err
}

// add writes an episode's sample and tallies it, in file order.
func (g *inspectGroup) add(c *inspectChunk) error {
	ep := c.ep
	if g.n > 0 {
		g.w.WriteByte(',')
	}
	if _, err := g.w.Write(c.sample); err != nil {
		return err
	}
	g.n++
	if id := sampleID(ep); !g.seenIDs[id] {
		g.seenIDs[id] = true
		g.ids = append(g.ids, id)
	}
	g.epochs = max(g.epochs, ep.Repeat+1)
	if !c.row.Failed {
		g.completed++
	}
	if c.score == "C" {
		g.correct++
	}
	for i := range ep.Messages {
		m := &ep.Messages[i]
		for _, k := range [2]struct {
			m   map[string]*inspectUsage
			key string
		}{{g.usage, inspectModel(m.Agent)}, {g.roles, string(m.Role)}} {
			u := k.m[k.key]
			if u == nil {
				u = new(inspectUsage)
				k.m[k.key] = u
			}
			u.add(m)
		}
	}
	return nil
}

// completedAt is when the eval completed: the log's last change, for a
// run that ended (success) or stopped (cancelled); none for one still
// under way or killed (started), which has not completed.
func completedAt(created, status string) string {
	if status == "started" {
		return ""
	}
	return created
}

// scores are the eval's scores: the accuracy over the episodes that
// finished, as moot's tables count it; none where none finished, whose
// accuracy is not 0 but unknown.
func (g *inspectGroup) scores() []inspectEvalScore {
	if g.completed == 0 {
		return []inspectEvalScore{}
	}
	acc := float64(g.correct) / float64(g.completed)
	return []inspectEvalScore{{
		Name: "correct", Scorer: "moot_verdict", Params: map[string]any{},
		Metrics: map[string]inspectMetric{"accuracy": {Name: "accuracy", Value: acc, Params: map[string]any{}}},
		Scored:  g.completed, Unscored: g.n - g.completed,
	}}
}

// header is the log's header, without samples, of the run runID played
// at seed (nil when unknown).
func (g *inspectGroup) header(runID, created, status string, seed *uint64) inspectLog {
	key := g.protocol + "/" + g.task + "/" + g.judge
	if g.cell != "" {
		key += "/" + g.cell
	}
	sum := sha256.Sum256([]byte(runID + "/" + key))
	meta := map[string]any{"protocol": g.protocol, "kind": g.kind, "task": g.task, "judge": g.judge}
	task, display, args := g.protocol+"-"+g.task, g.protocol+" · "+g.task+" · "+g.judge, map[string]any{}
	if g.cell != "" {
		// The sweep cell's values are the eval's task arguments.
		meta["cell"] = g.cell
		task, display = task+"@"+g.cell, display+" · "+g.cell
		for _, v := range transcript.ParseCell(g.cell) {
			args[v.Axis] = v.Value
		}
	}
	if seed != nil {
		meta["seed"] = *seed
	}
	return inspectLog{
		Version: 2, Status: status,
		Eval: inspectSpec{
			EvalID: hex.EncodeToString(sum[:8]), RunID: runID, Created: created,
			// The task's name as its file name has it (inspectFileName).
			Task: fileSafe(task), TaskID: hex.EncodeToString(sum[8:16]),
			TaskDisplayName: display, TaskAttribs: map[string]any{}, TaskArgs: args,
			Solver: g.kind, Tags: []string{"moot"},
			Dataset: inspectDataset{Name: g.task, Samples: len(g.ids), SampleIDs: g.ids},
			// The repeats are the samples' epochs.
			Model: inspectModel(g.judge), ModelArgs: map[string]any{}, Config: map[string]any{"epochs": g.epochs},
			Packages: map[string]string{}, Metadata: meta,
		},
		Plan:    inspectPlan{Name: "plan", Steps: []inspectPlanStep{{Solver: g.kind, Params: map[string]any{"protocol": g.protocol}}}, Config: map[string]any{}},
		Results: inspectResults{TotalSamples: g.n, CompletedSamples: g.completed, Scores: g.scores()},
		Stats:   inspectStats{StartedAt: "", CompletedAt: completedAt(created, status), ModelUsage: g.usage, RoleUsage: g.roles},
	}
}
