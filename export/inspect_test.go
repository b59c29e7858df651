package export

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mootlab/moot/transcript"
	"github.com/santhosh-tekuri/jsonschema/v6"
)

// TestInspectSchema checks each log against the subset of Inspect's
// published log schema in testdata (see its $comment), and what Inspect's
// readers rely on beyond it.
func TestInspectSchema(t *testing.T) {
	path := writeRun(t, 30)
	out := filepath.Join(t.TempDir(), "inspect")
	// The question store gives one question's text; the others keep
	// their ids.
	const text = "Which light guided the ship home?"
	files, err := Run(path, Inspect, out, Options{Question: func(task, id string) string {
		if task == "hidden-qa" && id == "q0001" {
			return text
		}
		return ""
	}})
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != 1 {
		t.Fatalf("got %d logs; want 1 (one protocol × task × judge)", len(files))
	}
	if base := filepath.Base(files[0]); len(strings.Split(base, "_")) != 3 || !strings.HasSuffix(base, ".json") {
		t.Errorf("got file name %q; want TIME_TASK_ID.json", base)
	}
	f, err := os.Open("testdata/inspect-log-schema.json")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource("inspect-log-schema.json", doc); err != nil {
		t.Fatal(err)
	}
	schema, err := c.Compile("inspect-log-schema.json")
	if err != nil {
		t.Fatal(err)
	}
	lf, err := os.Open(files[0])
	if err != nil {
		t.Fatal(err)
	}
	defer lf.Close()
	v, err := jsonschema.UnmarshalJSON(lf)
	if err != nil {
		t.Fatal(err)
	}
	if err := schema.Validate(v); err != nil {
		t.Fatalf("the log does not match the schema: %v", err)
	}
	bad := v.(map[string]any)["eval"].(map[string]any)
	bad["judge"] = "weak-judge" // not a field of EvalSpec
	if err := schema.Validate(v); err == nil {
		t.Errorf("got no error for an unknown EvalSpec field; want the schema to reject it")
	}
	data, err := os.ReadFile(files[0])
	if err != nil {
		t.Fatal(err)
	}
	var log struct {
		Version int    `json:"version"`
		Status  string `json:"status"`
		Eval    struct {
			Model string `json:"model"`
		} `json:"eval"`
		Results struct {
			TotalSamples int `json:"total_samples"`
			Scores       []struct {
				Metrics  map[string]struct{ Value float64 } `json:"metrics"`
				Scored   int                                `json:"scored_samples"`
				Unscored int                                `json:"unscored_samples"`
			} `json:"scores"`
		} `json:"results"`
		Samples []struct {
			ID       string         `json:"id"`
			Input    string         `json:"input"`
			Target   string         `json:"target"`
			Messages []any          `json:"messages"`
			Scores   map[string]any `json:"scores"`
			Metadata map[string]any `json:"metadata"`
			Error    any            `json:"error"`
		} `json:"samples"`
	}
	if err := json.Unmarshal(data, &log); err != nil {
		t.Fatal(err)
	}
	if log.Version != 2 || log.Status != "success" || log.Eval.Model != "moot/weak-judge" {
		t.Errorf("got version %d status %q model %q; want 2 success moot/weak-judge", log.Version, log.Status, log.Eval.Model)
	}
	if len(log.Samples) != 30 || log.Results.TotalSamples != 30 {
		t.Fatalf("got %d samples, total %d; want 30", len(log.Samples), log.Results.TotalSamples)
	}
	if in := log.Samples[4].Input; !strings.HasPrefix(in, text+"\nA: ") {
		t.Errorf("got input %q of q0001; want its text, then the answers", in)
	}
	if in := log.Samples[0].Input; !strings.HasPrefix(in, "Question q0000\nA: ") {
		t.Errorf("got input %q of q0000, whose text is unknown; want its id", in)
	}
	s := log.Samples[4] // assigned-incorrect, correct answer shown second
	if s.ID != "ep000004" || s.Target != "B" || len(s.Messages) != 8 || s.Metadata["variant"] != "assigned-incorrect" {
		t.Errorf("got sample %s target %q, %d messages, variant %v; want ep000004 B 8 assigned-incorrect",
			s.ID, s.Target, len(s.Messages), s.Metadata["variant"])
	}
	// Of 30 episodes, 6 are judged wrongly (i%5 == 4) and 4 unparsed
	// (i%7 == 6), none both; one (10) failed: it is unscored and left out
	// of the accuracy, as moot's tables leave it out.
	if acc := log.Results.Scores[0].Metrics["accuracy"].Value; acc != 19.0/29 {
		t.Errorf("got accuracy %v; want 19/29", acc)
	}
	if sc := log.Results.Scores[0]; sc.Scored != 29 || sc.Unscored != 1 {
		t.Errorf("got %d scored, %d unscored samples; want 29 and 1", sc.Scored, sc.Unscored)
	}
	if f := log.Samples[10]; f.Scores != nil || f.Error == nil {
		t.Errorf("the failed episode's sample has scores %v, error %v; want none and its error", f.Scores, f.Error)
	}
}

// TestInspectOutputOfAGrader: a grading episode's output is its grader's
// last turn, as a judge's is.
func TestInspectOutputOfAGrader(t *testing.T) {
	ep := &transcript.Episode{EpisodeID: "e", QuestionID: "q", Judge: "g", Answers: [2]string{"a", "b"}, Order: [2]int{0, 1},
		Messages: []transcript.Message{
			{Name: "Exam-taker", Role: transcript.RoleAnswerer, Agent: "t", Text: "Answer: A"},
			{Name: "Grader", Role: transcript.RoleGrader, Agent: "g", Text: "Right.\nAnswer: A"},
		}}
	s := newInspectSample(ep, &EpisodeRow{}, "")
	if s.Output.Completion != "Right.\nAnswer: A" || len(s.Output.Choices) != 1 {
		t.Errorf("output %+v; want the grader's turn", s.Output)
	}
}
