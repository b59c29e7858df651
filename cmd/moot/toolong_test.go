package main

import (
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
)

// TestPromptsOverTheContextAreNamed: a server with a small context window
// answers the prompts of long passages with OpenAI's 400
// context_length_exceeded. Each is sent once (a 400 is not retried), its
// episode fails, the others play, and the run says how many failed for
// the context, by agent, protocol and question, and that running again
// fails them again; before, it said only "2 of 4 episodes failed; see the
// error field in transcripts.jsonl", and the last error.
func TestPromptsOverTheContextAreNamed(t *testing.T) {
	var calls, refused atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if r.URL.Path != "/v1/chat/completions" {
			w.WriteHeader(http.StatusNotFound)
			return
		}
		calls.Add(1)
		var req struct {
			Messages []struct {
				Content string `json:"content"`
			} `json:"messages"`
		}
		if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
			w.WriteHeader(http.StatusBadRequest)
			return
		}
		chars := 0
		for _, m := range req.Messages {
			chars += len(m.Content)
		}
		if chars/4 > 500 {
			refused.Add(1)
			w.WriteHeader(http.StatusBadRequest)
			fmt.Fprintf(w, `{"error":{"message":"This model's maximum context length is 500 tokens. However, you requested %d tokens. Please reduce the length of the messages.","type":"invalid_request_error","param":"messages","code":"context_length_exceeded"}}`, chars/4)
			return
		}
		fmt.Fprint(w, `{"choices":[{"index":0,"message":{"role":"assistant","content":"Answer: A"},"finish_reason":"stop"}],"usage":{"prompt_tokens":100,"completion_tokens":3}}`)
	}))
	defer srv.Close()
	dir := t.TempDir()
	var data strings.Builder
	for i, words := range []int{20, 900, 30, 1200} {
		passage := strings.Repeat("The mill stood by the river. ", words/6)
		fmt.Fprintf(&data, `{"id": "p%d", "q": "Where did the mill stand?", "yes": "By the river", "no": "On the hill", "passage": %q}`+"\n", i, passage)
	}
	writeFile(t, filepath.Join(dir, "long.jsonl"), []byte(data.String()))
	file := filepath.Join(dir, "long.yaml")
	yaml := fmt.Sprintf("name: long\nmax_failures: 3\nagents:\n  j: {backend: openai, base_url: %s/v1, model: m, logprobs: false}\ntasks:\n  - {name: t, loader: jsonl, path: %s, question: q, correct: yes, incorrect: no, context: passage}\nprotocols:\n  - {name: direct-with-context, judge: j}\n", srv.URL, filepath.Join(dir, "long.jsonl"))
	writeFile(t, file, []byte(yaml))
	out := filepath.Join(dir, "run")
	code, _, errOut := moot(t, "run", file, "--out", out, "--no-cache", "--no-preflight")
	if code == exitOK {
		t.Fatalf("exit %d; want 1 for the failed episodes:\n%s", code, errOut)
	}
	if refused.Load() != 2 || calls.Load() != 4 {
		t.Errorf("%d calls, %d refused for the context; want 4, 2: each sent once", calls.Load(), refused.Load())
	}
	for _, want := range []string{
		"moot: 2 of the 2 failed episodes sent a prompt longer than the model's context window (by agent: j 2; by protocol: direct-with-context 2; 2 questions: p1, p3)",
		"running again plays them again, and they fail again",
		"maximum context length is 500 tokens",
	} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errOut)
		}
	}
	s := readSummary(t, out)
	if s.Failed != 2 || s.Episodes != 4 {
		t.Errorf("summary: %d episodes, %d failed; want 4, 2", s.Episodes, s.Failed)
	}
}

// TestReplyLimitOverTheContextIsNotAPrompt: vLLM refuses a max_tokens as
// long as the model's window ("'max_tokens' or 'max_completion_tokens' is
// too large: 8000. This model's maximum context length is 4096 tokens
// and your request has 120 input tokens"), whatever the prompt: the run
// said its episodes "sent a prompt longer than the model's context
// window" and named their questions, though each prompt was 120 tokens
// and max_tokens was the cause. A prompt that, with the reply's limit,
// does not fit is still named; so are the other servers' refusals, and a
// resume's replay that played an episode through is not.
func TestReplyLimitOverTheContextIsNotAPrompt(t *testing.T) {
	dir := t.TempDir()
	vllm := func(asked, input int) string {
		return fmt.Sprintf("episode failed: Judge (j, round 1): HTTP 400: 'max_tokens' or 'max_completion_tokens' is too large: %d. This model's maximum context length is 4096 tokens and your request has %d input tokens (%d > 4096 - %d).", asked, input, asked, input)
	}
	openai := "episode failed: Judge (j, round 1): HTTP 400: This model's maximum context length is 4097 tokens, however you requested 5100 tokens (100 in your prompt; 5000 for the completion)."
	records := []struct{ id, q, err string }{
		{"e1", "q1", vllm(8000, 120)},
		{"e2", "q2", openai},
		{"e3", "q3", vllm(1000, 3500)},
		{"e4", "q4", "episode failed: Judge (j, round 1): HTTP 400: prompt is too long: 210000 tokens > 200000 maximum"},
		{"e5", "q5", "episode failed: Judge (j, round 1): HTTP 413: Request Entity Too Large"},
		{"e6", "q6", "episode failed: Judge (j, round 1): HTTP 400: This model's maximum context length is 500 tokens. However, you requested 900 tokens. Please reduce the length of the messages."},
		{"e4", "q4", ""}, // resumed: played through
	}
	var log strings.Builder
	for _, r := range records {
		line, err := json.Marshal(map[string]any{"episode_id": r.id, "protocol": "direct", "question_id": r.q, "order": []int{0, 1}, "error": r.err, "correct": r.err == ""})
		if err != nil {
			t.Fatal(err)
		}
		log.Write(append(line, '\n'))
	}
	writeFile(t, filepath.Join(dir, "transcripts.jsonl"), []byte(log.String()))
	got, err := readTooLong(dir)
	if err != nil {
		t.Fatal(err)
	}
	if qs := strings.Join(slices.Sorted(maps.Keys(got.questions)), " "); got.episodes != 2 || qs != "q3 q6" {
		t.Errorf("%d episodes over the context, questions %q; want 2, q3 q6 (the prompts that do not fit, beside the reply's limit or alone)", got.episodes, qs)
	}
}
