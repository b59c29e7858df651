package export

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/mootlab/moot/transcript"
)

// TestInspectSchema checks each log against the subset of Inspect's
// published log schema in testdata (see its $comment), and what Inspect's
// readers rely on beyond it.
func TestInspectSchema(t *testing.T) {
	path := writeRunWith(t, 30, oneCell)
	writeSummary(t, path, "")
	out := filepath.Join(t.TempDir(), "inspect")
	// The question store gives one question's text; the others keep
	// their ids.
	const text = "Which light guided the ship home?"
	files := mustRun(t, path, Inspect, out, Options{Question: func(task, id string) string {
		if task == "hidden-qa" && id == "q0001" {
			return text
		}
		return ""
	}})
	if len(files) != 1 {
		t.Fatalf("got %d logs; want 1 (one protocol × task × judge)", len(files))
	}
	if base := filepath.Base(files[0]); len(strings.Split(base, "_")) != 3 || !strings.HasSuffix(base, ".json") {
		t.Errorf("got file name %q; want TIME_TASK_ID.json", base)
	}
	schema := inspectSchema(t)
	v := readJSONValue(t, files[0])
	if err := schema.Validate(v); err != nil {
		t.Fatalf("the log does not match the schema: %v", err)
	}
	bad := v.(map[string]any)["eval"].(map[string]any)
	bad["judge"] = "weak-judge" // not a field of EvalSpec
	if err := schema.Validate(v); err == nil {
		t.Errorf("got no error for an unknown EvalSpec field; want the schema to reject it")
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
	readJSONFile(t, files[0], &log)
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
	if s.ID != "q0001@assigned-incorrect/correct-second" || s.Target != "B" || len(s.Messages) != 8 || s.Metadata["variant"] != "assigned-incorrect" {
		t.Errorf("got sample %s target %q, %d messages, variant %v; want q0001@assigned-incorrect/correct-second B 8 assigned-incorrect",
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
	s := newInspectSample(ep, &EpisodeRow{}, "", "run")
	if s.Output.Completion != "Right.\nAnswer: A" || len(s.Output.Choices) != 1 {
		t.Errorf("output %+v; want the grader's turn", s.Output)
	}
	// Its input, choices, target and answer are the grade's: the grader
	// called b, the wrong answer, correct. They were the two answers'
	// letters, which a grade's letter does not mean.
	ep.CorrectAnswer, ep.Graded = 0, &transcript.Graded{Seat: "Exam-taker", Agent: "t", Answer: 1, Call: transcript.GradeCorrect}
	ep.Verdict = transcript.Verdict{Answer: 1, Slot: "A"}
	s = newInspectSample(ep, &EpisodeRow{}, "", "run")
	if !strings.HasSuffix(s.Input, "Answer graded: b") || strings.Contains(s.Input, "A: a") {
		t.Errorf("input %q; want the question and the answer graded alone", s.Input)
	}
	if s.Target != "incorrect" || !slices.Equal(s.Choices, []string{"correct", "incorrect"}) {
		t.Errorf("target %q, choices %q; want incorrect of correct/incorrect", s.Target, s.Choices)
	}
	if sc := s.Scores["correct"]; sc.Answer != "correct" || sc.Value != "I" {
		t.Errorf("score %+v; want answer correct, value I", sc)
	}
}

// TestInspectOutputOfASettledDebate: a MAD debate its moderator settled
// (verdict: moderator) has the moderator's last remark as its output, the
// remark that gave the verdict, not an empty output of the judge's model.
func TestInspectOutputOfASettledDebate(t *testing.T) {
	ep := &transcript.Episode{EpisodeID: "e", QuestionID: "q", Judge: "j", Answers: [2]string{"a", "b"}, Order: [2]int{0, 1},
		Verdict: transcript.Verdict{Answer: 1, Slot: "B", Parse: transcript.ParsedModerator},
		Messages: []transcript.Message{
			{Name: "Affirmative", Role: transcript.RoleDebater, Agent: "d", Text: "B, plainly."},
			{Name: "Moderator", Role: transcript.RoleModerator, Agent: "m", Text: "Preference: none"},
			{Name: "Affirmative", Role: transcript.RoleDebater, Agent: "d", Text: "B again."},
			{Name: "Moderator", Role: transcript.RoleModerator, Agent: "m", Text: "Preference: B"},
		}}
	s := newInspectSample(ep, &EpisodeRow{}, "", "run")
	if s.Output.Completion != "Preference: B" || s.Output.Model != inspectModel("m") || len(s.Output.Choices) != 1 {
		t.Errorf("output %+v; want the moderator's last remark", s.Output)
	}
}

// writeSummary writes the summary.json of the run whose transcript log is
// at path, partial as given ("" for a run that ended).
func writeSummary(t *testing.T, path, partial string) {
	t.Helper()
	data, _ := json.Marshal(map[string]string{"experiment": "x", "partial": partial})
	if err := os.WriteFile(filepath.Join(filepath.Dir(path), "summary.json"), data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestInspectStatusAndReexport: a log's status says whether the run ended
// ("success"), stopped early ("cancelled", summary.json's partial) or has
// no summary yet ("started"); exporting a run again, once it has grown,
// replaces its logs rather than leaving the earlier ones beside them.
func TestInspectStatusAndReexport(t *testing.T) {
	path := writeRunWith(t, 10, oneCell)
	out := filepath.Join(t.TempDir(), "inspect")
	// status is the log's status, and its stats' completed_at.
	status := func() (string, string) {
		t.Helper()
		files := mustRun(t, path, Inspect, out, Options{})
		all, _ := filepath.Glob(filepath.Join(out, "*.json"))
		if len(files) != 1 || len(all) != 1 {
			t.Fatalf("wrote %v; the folder holds %v; want one log, alone", files, all)
		}
		var log struct {
			Status string `json:"status"`
			Stats  struct {
				CompletedAt string `json:"completed_at"`
			} `json:"stats"`
		}
		readJSONFile(t, files[0], &log)
		return log.Status, log.Stats.CompletedAt
	}
	// A run under way (or killed) has not completed.
	if got, done := status(); got != "started" || done != "" {
		t.Errorf("no summary: status %q, completed at %q; want started, not completed", got, done)
	}
	writeSummary(t, path, "stopped by Ctrl-C after 10 of 40 episodes")
	later := time.Now().Add(time.Hour)
	if err := os.Chtimes(path, later, later); err != nil {
		t.Fatal(err)
	}
	if got, done := status(); got != "cancelled" || done == "" {
		t.Errorf("partial: status %q, completed at %q; want cancelled, at its log's last change", got, done)
	}
	writeSummary(t, path, "")
	later = later.Add(time.Hour)
	if err := os.Chtimes(path, later, later); err != nil {
		t.Fatal(err)
	}
	if got, done := status(); got != "success" || done == "" {
		t.Errorf("ended: status %q, completed at %q; want success, at its log's last change", got, done)
	}
}

// TestInspectEvalPerSweepCell: a sweep's cells are evals of their own,
// each with its episodes, its accuracy and its values as task arguments,
// not one eval averaging them.
func TestInspectEvalPerSweepCell(t *testing.T) {
	correct := map[string]int{}
	i := 0
	path := writeRunWith(t, 20, func(ep *transcript.Episode) {
		ep.Cell = []string{"j.skill=0.3", "j.skill=0.7"}[i%2]
		i++
		if ep.Error == "" && ep.Correct {
			correct[ep.Cell]++
		}
	})
	writeSummary(t, path, "")
	files := mustRun(t, path, Inspect, filepath.Join(t.TempDir(), "inspect"), Options{})
	if len(files) != 2 {
		t.Fatalf("got %d logs; want one for each of the 2 cells", len(files))
	}
	seen := map[string]bool{}
	for _, f := range files {
		var log inspectLog
		readJSONFile(t, f, &log)
		cell, _ := log.Eval.Metadata["cell"].(string)
		skill, _ := log.Eval.TaskArgs["j.skill"].(string)
		seen[cell] = true
		r := log.Results
		if want := float64(correct[cell]) / float64(r.CompletedSamples); r.Scores[0].Metrics["accuracy"].Value != want || "j.skill="+skill != cell || r.TotalSamples != 10 {
			t.Errorf("cell %q: %d samples, accuracy %v, task args %v; want 10, %v, its value", cell, r.TotalSamples, r.Scores[0].Metrics["accuracy"].Value, log.Eval.TaskArgs, want)
		}
		// The protocol, task, judge and cell, as docs/export.md says.
		m := log.Eval.Metadata
		if want := fmt.Sprintf("%s · %s · %s · %s", m["protocol"], m["task"], m["judge"], cell); log.Eval.TaskDisplayName != want || m["judge"] == "" {
			t.Errorf("task_display_name %q; want %q", log.Eval.TaskDisplayName, want)
		}
	}
	if !seen["j.skill=0.3"] || !seen["j.skill=0.7"] {
		t.Errorf("cells %v; want both", seen)
	}
}

// readJSONFile decodes the JSON file at path into v.
func readJSONFile(t *testing.T, path string, v any) {
	t.Helper()
	data := mustReadFile(t, path)
	if err := json.Unmarshal(data, v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}

// readJSONValue reads the JSON document at path as jsonschema validates
// it.
func readJSONValue(t *testing.T, path string) any {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	v, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// oneCell plays every episode outside any sweep cell: one protocol, task
// and judge, one eval.
func oneCell(ep *transcript.Episode) { ep.Cell = "" }

// TestInspectReexportLeavesNoStaleEval: an eval the run no longer has (a
// sweep's cells pooled, as an older moot wrote them) is removed by the
// next export of the run; another run's log in the folder stays.
func TestInspectReexportLeavesNoStaleEval(t *testing.T) {
	path := writeRun(t, 12)
	out := filepath.Join(t.TempDir(), "inspect")
	files := mustRun(t, path, Inspect, out, Options{})
	data := mustReadFile(t, files[0])
	stale := filepath.Join(out, "2026-01-01T00-00-00Z_debate-hidden-qa-weak-judge_0123456789abcdef.json")
	other := filepath.Join(out, "2026-01-01T00-00-00Z_debate-hidden-qa-weak-judge_fedcba9876543210.json")
	if err := os.WriteFile(stale, data, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(other, bytes.Replace(data, []byte(`"run_id":"`), []byte(`"run_id":"x`), 1), 0o644); err != nil {
		t.Fatal(err)
	}
	again, err := Run(path, Inspect, out, Options{})
	if err != nil {
		t.Fatal(err)
	}
	all, _ := filepath.Glob(filepath.Join(out, "*.json"))
	if len(all) != len(again)+1 || !slices.Contains(all, other) || slices.Contains(all, stale) {
		t.Errorf("the folder holds %v after the export wrote %v; want those and the other run's log, not the stale one", all, again)
	}
}

// TestInspectNoScoreWhereNoEpisodeFinished: an eval none of whose episodes
// finished (each failed) has no accuracy — not an accuracy of 0 — and
// still counts its samples.
func TestInspectNoScoreWhereNoEpisodeFinished(t *testing.T) {
	none := (&inspectGroup{n: 4}).header("run", "2026-12-01T00:00:00Z", "success", nil)
	if r := none.Results; len(r.Scores) != 0 || r.Scores == nil || r.TotalSamples != 4 || r.CompletedSamples != 0 {
		t.Errorf("no episode finished: results %+v; want 4 samples, none completed, an empty list of scores", r)
	}
	half := (&inspectGroup{n: 4, completed: 2, correct: 1}).header("run", "2026-12-01T00:00:00Z", "success", nil)
	if s := half.Results.Scores; len(s) != 1 || s[0].Metrics["accuracy"].Value != 0.5 || s[0].Unscored != 2 {
		t.Errorf("2 of 4 finished, 1 correct: scores %+v; want accuracy 0.5, 2 unscored", s)
	}
}

// TestInspectMetadataHasEveryAxis: a sample's metadata has a key for each
// of the run's axes, null where its episode's cell has none (a protocol
// the sweep does not touch), as the episodes table has a column.
func TestInspectMetadataHasEveryAxis(t *testing.T) {
	ep := synthEpisode(0)
	c, err := newInspectChunk(&ep, Options{Axes: []string{"strong.skill", "debate.rounds", "consultancy.rounds"}}, "run")
	if err != nil {
		t.Fatal(err)
	}
	var s struct{ Metadata map[string]any }
	if err := json.Unmarshal(c.sample, &s); err != nil {
		t.Fatal(err)
	}
	v, ok := s.Metadata["consultancy.rounds"]
	if !ok || v != nil || s.Metadata["debate.rounds"] == nil {
		t.Errorf("metadata %v; want consultancy.rounds null and debate.rounds set", s.Metadata)
	}
}

// inspectSchema is the subset of Inspect's published log schema that
// moot's logs are checked against (docs/export.md).
func inspectSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	c := jsonschema.NewCompiler()
	if err := c.AddResource("inspect-log-schema.json", readJSONValue(t, "testdata/inspect-log-schema.json")); err != nil {
		t.Fatal(err)
	}
	schema, err := c.Compile("inspect-log-schema.json")
	if err != nil {
		t.Fatal(err)
	}
	return schema
}

// TestInspectSampleTimes: a sample judged by a person (moot judge) has
// the verdict's wall time as its total_time and its active time as its
// working_time, as Inspect times a sample, and both in the message's
// metadata; one without an active time has a total time alone, and an
// agent's sample neither.
func TestInspectSampleTimes(t *testing.T) {
	path := writeRunWith(t, 3, func(ep *transcript.Episode) {
		oneCell(ep)
		if ep.EpisodeID == "ep000000" {
			return // an agent judged it
		}
		for i := range ep.Messages {
			ep.Messages[i].Kept = ep.Messages[i].Role != transcript.RoleJudge
		}
		judge := &ep.Messages[len(ep.Messages)-1]
		judge.Seconds = 61.25
		if ep.EpisodeID == "ep000001" {
			active := 40.5
			judge.ActiveSeconds = &active
		}
	})
	writeSummary(t, path, "")
	files := mustRun(t, path, Inspect, filepath.Join(t.TempDir(), "inspect"), Options{})
	if err := inspectSchema(t).Validate(readJSONValue(t, files[0])); err != nil {
		t.Fatalf("the log does not match the schema: %v", err)
	}
	var log struct {
		Samples []struct {
			ID          string   `json:"id"`
			TotalTime   *float64 `json:"total_time"`
			WorkingTime *float64 `json:"working_time"`
			Messages    []struct {
				Metadata map[string]any `json:"metadata"`
			} `json:"messages"`
		} `json:"samples"`
	}
	readJSONFile(t, files[0], &log)
	type times struct{ Total, Working any }
	var got []times
	for _, s := range log.Samples {
		last := s.Messages[len(s.Messages)-1].Metadata
		got = append(got, times{derefOrNil(s.TotalTime), derefOrNil(s.WorkingTime)}, times{last["seconds"], last["active_seconds"]})
	}
	want := []times{{nil, nil}, {nil, nil}, {61.25, 40.5}, {61.25, 40.5}, {61.25, nil}, {61.25, nil}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("samples' (total, working) times, then their verdicts' (seconds, active): (-want +got):\n%s", diff)
	}
}

func derefOrNil(x *float64) any {
	if x == nil {
		return nil
	}
	return *x
}

// TestInspectMessageNamesItsServedModel: a message whose server named the
// model that answered keeps it in its metadata, as the tables do; the
// tokens its server read from its prompt cache, and those its model spent
// thinking, count in the log's usage as Inspect's input_tokens_cache_read
// and reasoning_tokens, and the log still reads as Inspect's schema says.
func TestInspectMessageNamesItsServedModel(t *testing.T) {
	path := writeRunWith(t, 1, func(ep *transcript.Episode) {
		oneCell(ep)
		ep.Messages[0].ServedModel = "m-2026-01-01"
		ep.Messages[0].Usage.CachedInputTokens, ep.Messages[0].Usage.ReasoningTokens = 64, 32
	})
	files := mustRun(t, path, Inspect, filepath.Join(t.TempDir(), "inspect"), Options{})
	if err := inspectSchema(t).Validate(readJSONValue(t, files[0])); err != nil {
		t.Fatalf("the log does not match the schema: %v", err)
	}
	var log struct {
		Stats struct {
			ModelUsage map[string]map[string]any `json:"model_usage"`
		} `json:"stats"`
		Samples []struct {
			Messages []struct {
				Metadata map[string]any `json:"metadata"`
			} `json:"messages"`
		} `json:"samples"`
	}
	readJSONFile(t, files[0], &log)
	var read, thought float64
	for _, u := range log.Stats.ModelUsage {
		r, _ := u["input_tokens_cache_read"].(float64)
		th, _ := u["reasoning_tokens"].(float64)
		read, thought = read+r, thought+th
	}
	if read != 64 || thought != 32 {
		t.Errorf("model usage %v; want 64 input tokens read from a cache and 32 of reasoning", log.Stats.ModelUsage)
	}
	// Message 0 is the input; 1 and 2 the first two of the episode.
	if ms := log.Samples[0].Messages; len(ms) < 3 || ms[1].Metadata["served_model"] != "m-2026-01-01" || ms[2].Metadata["served_model"] != nil {
		t.Errorf("messages %+v; want the first generated one served by m-2026-01-01, the next by none named", ms)
	}
}
