package export

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"

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
	InputTokens  int `json:"input_tokens"`
	OutputTokens int `json:"output_tokens"`
	TotalTokens  int `json:"total_tokens"`
	// CacheRead and Reasoning are Inspect's input_tokens_cache_read and
	// reasoning_tokens, left out where no server counted any.
	CacheRead int     `json:"input_tokens_cache_read,omitempty"`
	Reasoning int     `json:"reasoning_tokens,omitempty"`
	TotalCost float64 `json:"total_cost"`
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
	u.CacheRead += m.Usage.CachedInputTokens
	u.Reasoning += m.Usage.ReasoningTokens
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
	// TotalTime and WorkingTime are a person's time on the sample (moot
	// judge): the wall time and the active time of its messages that have
	// one (sampleTimes); absent for agents, whose messages have none.
	TotalTime   *float64 `json:"total_time,omitempty"`
	WorkingTime *float64 `json:"working_time,omitempty"`
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
