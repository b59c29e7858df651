package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
)

// TestReplyLimitAsLongAsTheWindow: promptOverContext's doc: not where
// the reply's limit alone is as long as the window, which every prompt
// meets; one token under it, the prompt is what does not fit.
func TestReplyLimitAsLongAsTheWindow(t *testing.T) {
	vllm := "episode failed: Judge (j, round 1): HTTP 400: 'max_tokens' or 'max_completion_tokens' is too large: %d. This model's maximum context length is 4096 tokens and your request has 10 input tokens."
	if promptOverContext(fmt.Sprintf(vllm, 4096)) {
		t.Errorf("max_tokens 4096 of a 4096 window read as a prompt over the context; it is max_tokens to lower")
	}
	if !promptOverContext(fmt.Sprintf(vllm, 4095)) {
		t.Errorf("max_tokens 4095 of a 4096 window, refused: not read as a prompt over the context")
	}
}

// TestTooLongSaysTheFirstError: tellTooLong quotes the first of the
// episodes that failed for the context, in the log's order, and counts
// each question of them.
func TestTooLongSaysTheFirstError(t *testing.T) {
	dir := t.TempDir()
	var log bytes.Buffer
	for i := range 3 {
		msg := fmt.Sprintf("episode failed: Judge (j, round 1): HTTP 400: prompt is too long: %d tokens > 200000 maximum", 210000+i)
		line, err := json.Marshal(map[string]any{"episode_id": fmt.Sprint("e", i), "protocol": "direct", "question_id": fmt.Sprint("q", i), "order": []int{0, 1}, "error": msg})
		if err != nil {
			t.Fatal(err)
		}
		log.Write(append(line, '\n'))
	}
	writeFile(t, filepath.Join(dir, "transcripts.jsonl"), log.Bytes())
	var w bytes.Buffer
	tellTooLong(&w, dir, 3)
	for _, want := range []string{
		"moot: 3 of the 3 failed episodes sent a prompt longer",
		"(by agent: j 3; by protocol: direct 3; 3 questions: q0, q1, q2)",
		"The first: episode failed: Judge (j, round 1): HTTP 400: prompt is too long: 210000 tokens",
	} {
		if !strings.Contains(w.String(), want) {
			t.Errorf("tellTooLong lacks %q:\n%s", want, w.String())
		}
	}
}
