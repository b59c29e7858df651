package openai

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/mootlab/moot/agents"
	"github.com/mootlab/moot/transcript"
)

// TestKeyStruckFromErrors: a server that echoes the request's
// Authorization header in its error message, whole or cut short, does
// not get the API key
// into moot's errors, which reach the terminal and the transcripts; the
// errors still say what the server said, and keep their kind.
func TestKeyStruckFromErrors(t *testing.T) {
	const key = "sk-test-SECRET-0123456789"
	t.Setenv("MOOT_TEST_ECHO_KEY", key)
	root := serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusBadRequest)
		auth := r.Header.Get("Authorization")
		fmt.Fprintf(w, `{"error":{"message":"bad request with header %s (token %s)","type":"invalid_request_error"}}`, auth, auth[len("Bearer "):len(auth)-4])
	}))
	c, err := New(Settings{BaseURL: URLs{root + "/v1"}, Model: "m", APIKeyEnv: "MOOT_TEST_ECHO_KEY", Concurrency: 1, Timeout: time.Second, Backoff: time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	_, genErr := c.Generate(context.Background(), agents.Request{})
	for what, err := range map[string]error{"Generate": genErr, "Check": c.Check(context.Background())} {
		if err == nil {
			t.Fatalf("%s: no error; want the server's 400", what)
		}
		if msg := err.Error(); strings.Contains(msg, key[:len(key)-4]) || !strings.Contains(msg, "Bearer [api key redacted] (token [api key redacted])") {
			t.Errorf("%s: %q; want the server's message with the key struck out", what, msg)
		}
	}
	var r agents.Retrier
	if !errors.As(genErr, &r) {
		t.Errorf("Generate: %v is no longer an agents.Retrier", genErr)
	}
}

// TestRedactKey: the key is struck whole, and so is any run of 8 or more
// of its characters that a server quoted (cut short, or its end alone);
// a shorter run, which a text may hold by chance, is not.
func TestRedactKey(t *testing.T) {
	const key = "sk-trialsecretkey0123456789abcdef"
	for _, c := range []struct{ msg, want string }{
		{"bad token " + key, "bad token [api key redacted]"},
		{"bad token " + key[:len(key)-4] + ".", "bad token [api key redacted]."},
		{"token ending …" + key[len(key)-10:], "token ending …[api key redacted]"},
		{"Bearer " + key + " and again " + key, "Bearer [api key redacted] and again [api key redacted]"},
		{"a 7-run 0123456 of it stays", "a 7-run 0123456 of it stays"},
		{"nothing of it", "nothing of it"},
	} {
		if got := redactKey(c.msg, key); got != c.want {
			t.Errorf("redactKey(%q) = %q; want %q", c.msg, got, c.want)
		}
	}
	if got := redactKey("key abcde here", "abcde"); got != "key [api key redacted] here" {
		t.Errorf("a key shorter than 8: %q; want it struck whole", got)
	}
	// A client's errors go through the same: a key of 4 to 7 characters
	// is struck too.
	for _, key := range []string{"abcd", "abcdefg"} {
		c := &Client{key: key}
		if got := c.redact(errors.New("bad token " + key)).Error(); got != "bad token [api key redacted]" {
			t.Errorf("a client's error with its key of %d characters: %q; want it struck", len(key), got)
		}
	}
}

// TestRetryNotesStrikeTheKey: the notes of failed attempts that a run's
// progress display shows (agents.NoteRetry) have the key struck out, as
// the errors do.
func TestRetryNotesStrikeTheKey(t *testing.T) {
	const key = "sk-test-NOTE-0123456789"
	t.Setenv("MOOT_TEST_NOTE_KEY", key)
	var calls atomic.Int32
	root := serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if calls.Add(1) > 1 {
			ok("Answer: A")(w)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusServiceUnavailable)
		fmt.Fprintf(w, `{"error":{"message":"busy; your header was %s","type":"x"}}`, r.Header.Get("Authorization"))
	}))
	c, _ := client(t, root+"/v1", func(s *Settings) { s.APIKeyEnv = "MOOT_TEST_NOTE_KEY" })
	var notes []string
	ctx := agents.WithRetryHook(context.Background(), func(err error) { notes = append(notes, err.Error()) })
	if _, err := c.Generate(ctx, request(transcript.RoleDebater)); err != nil {
		t.Fatal(err)
	}
	if len(notes) != 1 || strings.Contains(notes[0], key[:len(key)-4]) || !strings.Contains(notes[0], "Bearer [api key redacted]") {
		t.Errorf("retry notes %q; want one, the server's message with the key struck out", notes)
	}
}

// TestAnswerText: a reasoning model's <think> block is not part of what
// the other seats read, content sent as a list of parts is its text, and
// an answer with no text (null content, a refusal, a think block cut off)
// is an error, retried and never cached, rather than an empty speech.
func TestAnswerText(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"Plain.\nAnswer: A", "Plain.\nAnswer: A"},
		{"<think>I will bluff.</think>\n\nThe text says so.\nAnswer: B", "The text says so.\nAnswer: B"},
		{"  <think>\nmulti\nline\n</think>Answer: A", "Answer: A"},
		{"<think>cut off while thinking", ""},
		{"Not <think>a block</think> at the start", "Not <think>a block</think> at the start"},
		// The template opened the block in the prompt: the answer has
		// its end alone, and a draft verdict inside it is not the answer.
		{"The user wants a verdict.\nAnswer: B\nOn reflection, A.\n</think>\n\nThe evidence favours A.\nAnswer: A", "The evidence favours A.\nAnswer: A"},
		{"Answer: B, I thought\n</think>\n\nThe evidence favours", "The evidence favours"},
		{`[{"type":"text","text":"First. "},{"type":"text","text":"Answer: A"}]`, "First. Answer: A"},
		{`[{"type":"thinking","thinking":[{"type":"text","text":"B is the trap."}]},{"type":"text","text":"Answer: A"}]`, "Answer: A"},
		{`[1, 2] is a list, not parts`, `[1, 2] is a list, not parts`},
	} {
		if got := answerText(c.in); got != c.want {
			t.Errorf("answerText(%q) = %q; want %q", c.in, got, c.want)
		}
	}
	for _, c := range []struct{ in, want string }{
		{"Plain.\nAnswer: A", ""},
		{"<think>I will bluff.</think>\n\nThe text says so.\nAnswer: B", "I will bluff."},
		{"  <think>\nmulti\nline\n</think>Answer: A", "multi\nline"},
		{"<think>cut off while thinking", "cut off while thinking"},
		{"Not <think>a block</think> at the start", ""},
		{"The user wants a verdict.\n</think>\n\nAnswer: A", "The user wants a verdict."},
		{`[{"type":"thinking","thinking":[{"type":"text","text":"B is the trap."}]},{"type":"text","text":"Answer: A"}]`, "B is the trap."},
		{`[{"type":"thinking","thinking":"Plainly A."},{"type":"text","text":"Answer: A"}]`, "Plainly A."},
	} {
		if got, _ := answerParts(c.in); got != c.want {
			t.Errorf("answerParts(%q): thought %q; want %q", c.in, got, c.want)
		}
	}
	root := serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"id":"x","object":"chat.completion","model":"m","choices":[{"index":0,"finish_reason":"stop","message":{"role":"assistant","content":null,"refusal":"I cannot help with that."}}]}`)
	}))
	c, err := New(Settings{BaseURL: URLs{root + "/v1"}, Model: "m", Concurrency: 1, Timeout: time.Second, MaxRetries: 1, Backoff: time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Generate(context.Background(), agents.Request{}); err == nil || !strings.Contains(err.Error(), `the model refused: "I cannot help with that."`) {
		t.Errorf("a refusal with no content: %v; want an error that gives the refusal", err)
	}
}

// TestReasoningIsKept: the thinking a server sends beside the answer
// (reasoning_content, reasoning) or before it (a <think> block) is the
// response's Reasoning, and not its text.
func TestReasoningIsKept(t *testing.T) {
	for _, c := range []struct{ message, text, reasoning string }{
		{`{"role":"assistant","content":"Answer: A","reasoning_content":" The text favours A. "}`, "Answer: A", "The text favours A."},
		{`{"role":"assistant","content":"Answer: B","reasoning":"B, on balance."}`, "Answer: B", "B, on balance."},
		{`{"role":"assistant","content":"<think>A is a trap.</think>Answer: B"}`, "Answer: B", "A is a trap."},
		{`{"role":"assistant","content":"Answer: A"}`, "Answer: A", ""},
	} {
		root := serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			fmt.Fprintf(w, `{"id":"x","object":"chat.completion","model":"m","choices":[{"index":0,"finish_reason":"stop","message":%s}],"usage":{"prompt_tokens":10,"completion_tokens":5,"total_tokens":15}}`, c.message)
		}))
		cl, err := New(Settings{BaseURL: URLs{root + "/v1"}, Model: "m", Concurrency: 1, Timeout: time.Second, Backoff: time.Millisecond})
		if err != nil {
			t.Fatal(err)
		}
		resp, err := cl.Generate(context.Background(), request(transcript.RoleJudge))
		if err != nil || resp.Text != c.text || resp.Reasoning != c.reasoning {
			t.Errorf("%s: text %q, reasoning %q, %v; want %q and %q", c.message, resp.Text, resp.Reasoning, err, c.text, c.reasoning)
		}
	}
	// Where the server counts no tokens, those of the reasoning it sent
	// beside the content are estimated with the content's: they were
	// written, and paid for.
	long := strings.Repeat("thinking ", 400) + "done"
	root := serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"id":"x","object":"chat.completion","model":"m","choices":[{"index":0,"finish_reason":"stop","message":{"role":"assistant","content":"Answer: A","reasoning_content":%q}}]}`, long)
	}))
	cl, err := New(Settings{BaseURL: URLs{root + "/v1"}, Model: "m", Concurrency: 1, Timeout: time.Second, Backoff: time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	resp, err := cl.Generate(context.Background(), request(transcript.RoleJudge))
	if want := agents.EstimateUsage(nil, long+"\n\nAnswer: A").OutputTokens; err != nil || resp.Usage.OutputTokens != want || !resp.Usage.Estimated {
		t.Errorf("no usage, reasoning beside the content: %+v, %v; want %d output tokens, estimated", resp.Usage, err, want)
	}
}

// TestUnusableAnswersArePaid: an attempt answered without text (a
// reasoning that ended inside its <think> block) is retried, and the
// tokens the server counted for it go with the answer that follows: they
// were paid. (One cut at the token limit there is not retried:
// TestAnEmptyAnswerSaysWhy.)
func TestUnusableAnswersArePaid(t *testing.T) {
	cut := func(w http.ResponseWriter) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"id":"x","object":"chat.completion","model":"m","choices":[{"index":0,"finish_reason":"stop","message":{"role":"assistant","content":"<think>still thinking"}}],"usage":{"prompt_tokens":100,"completion_tokens":20,"total_tokens":120}}`)
	}
	_, base := newFake(t, cut, cut, ok("Answer: A"))
	c, _ := client(t, base, nil)
	resp, err := c.Generate(context.Background(), request(transcript.RoleJudge))
	if err != nil || resp.Retries != 2 || resp.Usage != (transcript.Usage{InputTokens: 211, OutputTokens: 47}) {
		t.Errorf("got %+v, %v; want the answer after 2 retries, with the two cut attempts' 200 and 40 tokens", resp, err)
	}
}

// TestBatchErrorsStrikeTheKey: in batch mode, the errors the provider
// writes in a batch's result lines and in a failed batch's own errors —
// which become the requests' errors, on the terminal and in the
// transcripts — have the key struck out, as a live call's errors do.
func TestBatchErrorsStrikeTheKey(t *testing.T) {
	const key = "sk-test-BATCH-0123456789"
	t.Setenv("MOOT_TEST_BATCH_KEY", key)
	root := serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		auth := r.Header.Get("Authorization")
		w.Header().Set("Content-Type", "application/json")
		switch r.URL.Path {
		case "/v1/batches/batch_1":
			fmt.Fprintf(w, `{"id":"batch_1","object":"batch","endpoint":"/v1/chat/completions","input_file_id":"file-1","completion_window":"24h","created_at":1,"status":"failed",`+
				`"errors":{"object":"list","data":[{"code":"invalid_auth","message":"line sent with %s","line":1}]},"request_counts":{"total":2,"completed":0,"failed":2},"error_file_id":"file-err"}`, auth)
		case "/v1/files/file-err/content":
			fmt.Fprintf(w, `{"custom_id":"a","response":{"status_code":401,"body":{"error":{"message":"bad key %s"}}}}`+"\n", auth)
			fmt.Fprintf(w, `{"custom_id":"b","response":null,"error":{"code":"auth","message":"token %s"}}`+"\n", auth[len("Bearer "):len(auth)-4])
		default:
			http.NotFound(w, r)
		}
	}))
	c, _ := client(t, root+"/v1", func(s *Settings) { s.APIKeyEnv = "MOOT_TEST_BATCH_KEY" })
	api, _, _ := c.Batching()
	st, err := api.Status(context.Background(), "batch_1")
	if err != nil {
		t.Fatal(err)
	}
	texts := map[string]string{"the batch's problem": st.Problem}
	for i, r := range st.Refusals {
		texts[fmt.Sprintf("refusal %d", i)] = r.Message
	}
	res, err := api.Results(context.Background(), st)
	if err != nil {
		t.Fatal(err)
	}
	for id, r := range res {
		if r.Err == nil {
			t.Fatalf("result %s: no error; want the provider's", id)
		}
		texts["result "+id] = r.Err.Error()
	}
	if len(texts) != 4 {
		t.Fatalf("read %d texts (%q); want the problem, a refusal and two results", len(texts), texts)
	}
	for what, text := range texts {
		if strings.Contains(text, key[:len(key)-4]) || !strings.Contains(text, "[api key redacted]") {
			t.Errorf("%s: %q; want the provider's words with the key struck out", what, text)
		}
	}
}
