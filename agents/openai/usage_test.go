package openai

import (
	"context"
	"fmt"
	"math"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/mootlab/moot/transcript"
)

// answer is a completion of text, ended for finish, with usage the JSON
// of its usage ("" for none).
func answer(text, finish, usage string) func(http.ResponseWriter) {
	return func(w http.ResponseWriter) {
		w.Header().Set("Content-Type", "application/json")
		u := ""
		if usage != "" {
			u = `,"usage":` + usage
		}
		fmt.Fprintf(w, `{"id":"x","object":"chat.completion","created":1,"model":"m","choices":[{"index":0,"message":{"role":"assistant","content":%q},"finish_reason":%q}]%s}`, text, finish, u)
	}
}

func TestAnswerWithoutUsageIsEstimated(t *testing.T) {
	// The request's messages are "be fair" and "A or B?": 7 characters,
	// 2 tokens, and 4 for each message's framing: 12 in. "Answer: A" is
	// 9 characters: 3 tokens out.
	want := transcript.Usage{InputTokens: 12, OutputTokens: 3, Estimated: true}
	for name, usage := range map[string]string{
		"no usage": "",
		"zeros":    `{"prompt_tokens":0,"completion_tokens":0,"total_tokens":0}`,
	} {
		t.Run(name, func(t *testing.T) {
			_, base := newFake(t, answer("Answer: A", "stop", usage))
			c, _ := client(t, base, nil)
			resp, err := c.Generate(context.Background(), request(transcript.RoleJudge))
			if err != nil {
				t.Fatal(err)
			}
			if resp.Usage != want {
				t.Errorf("usage %+v; want %+v", resp.Usage, want)
			}
		})
	}
	t.Run("counted", func(t *testing.T) {
		_, base := newFake(t, answer("Answer: A", "stop", `{"prompt_tokens":30,"completion_tokens":2,"total_tokens":32}`))
		c, _ := client(t, base, nil)
		resp, err := c.Generate(context.Background(), request(transcript.RoleJudge))
		if err != nil {
			t.Fatal(err)
		}
		if resp.Usage != (transcript.Usage{InputTokens: 30, OutputTokens: 2}) {
			t.Errorf("usage %+v; want the server's counts, not an estimate", resp.Usage)
		}
	})
	// The prompt's tokens counted, the answer's not: a non-empty answer
	// has tokens, which its cost would leave out.
	t.Run("prompt only", func(t *testing.T) {
		_, base := newFake(t, answer("Answer: A", "stop", `{"prompt_tokens":30,"completion_tokens":0,"total_tokens":30}`))
		c, _ := client(t, base, nil)
		resp, err := c.Generate(context.Background(), request(transcript.RoleJudge))
		if err != nil {
			t.Fatal(err)
		}
		if resp.Usage != (transcript.Usage{InputTokens: 30, OutputTokens: 3, Estimated: true}) {
			t.Errorf("usage %+v; want the server's 30 in, 3 out estimated", resp.Usage)
		}
	})
}

// TestAnswerWithoutPromptTokensIsEstimated: a server or proxy that counts
// the answer's tokens but not the prompt's (prompt_tokens 0) gets the
// prompt's estimated, as one that counts the prompt's alone gets the
// answer's: a prompt sent has tokens, and the run recorded 0 of them,
// unmarked, and priced the call at its answer alone.
func TestAnswerWithoutPromptTokensIsEstimated(t *testing.T) {
	_, base := newFake(t, answer("Answer: A", "stop", `{"prompt_tokens":0,"completion_tokens":2,"total_tokens":2}`))
	c, _ := client(t, base, nil)
	resp, err := c.Generate(context.Background(), request(transcript.RoleJudge))
	if err != nil {
		t.Fatal(err)
	}
	if want := (transcript.Usage{InputTokens: 12, OutputTokens: 2, Estimated: true}); resp.Usage != want {
		t.Errorf("usage %+v; want %+v: the prompt's 12 estimated, the server's 2 out", resp.Usage, want)
	}
}

// TestAnEmptyAnswerSaysWhy: an answer with no content, its text sent as
// reasoning_content (vLLM's reasoning parser taking the whole answer for
// thought) or cut at the token limit while thinking, or with a content of
// reasoning alone (a <think> block, and nothing after it), fails naming
// where the text went and what to change, not only the finish reason.
func TestAnEmptyAnswerSaysWhy(t *testing.T) {
	completion := func(message, finish string) func(http.ResponseWriter) {
		return func(w http.ResponseWriter) {
			w.Header().Set("Content-Type", "application/json")
			fmt.Fprintf(w, `{"id":"x","object":"chat.completion","created":1,"model":"m","choices":[{"index":0,"message":%s,"finish_reason":%q}],"usage":{"prompt_tokens":5,"completion_tokens":9,"total_tokens":14}}`, message, finish)
		}
	}
	for _, tc := range []struct {
		name, message, finish string
		want                  []string
	}{
		{"answer in reasoning_content", `{"role":"assistant","content":null,"reasoning_content":"The first is right.\nAnswer: A"}`, "stop",
			[]string{`finish_reason "stop"`, `29 characters in "reasoning_content"`}},
		{"answer in reasoning", `{"role":"assistant","content":"","reasoning":"Hmm."}`, "stop",
			[]string{`4 characters in "reasoning"`}},
		{"cut while thinking", `{"role":"assistant","content":"<think>Let me see"}`, "length",
			[]string{`finish_reason "length"`, "raise max_tokens", "after 1 attempt"}},
		{"thinking alone", `{"role":"assistant","content":"<think>The first is right.</think>\n"}`, "stop",
			[]string{`finish_reason "stop"`, "the content held 34 characters, all of them reasoning"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f, base := newFake(t, completion(tc.message, tc.finish))
			c, _ := client(t, base, func(s *Settings) { s.MaxRetries, s.Backoff = 2, time.Millisecond })
			_, err := c.Generate(context.Background(), request(transcript.RoleJudge))
			if err == nil {
				t.Fatal("an empty answer accepted")
			}
			// Cut at the limit before any text, the same request meets
			// the same limit: one paid attempt, not three.
			f.mu.Lock()
			calls := f.calls
			f.mu.Unlock()
			if want := map[string]int{"length": 1, "stop": 3}[tc.finish]; calls != want {
				t.Errorf("%d attempts; want %d", calls, want)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %v; want it to say %q", err, w)
				}
			}
		})
	}
}

func TestAnswerCutAtTheTokenLimitIsMarked(t *testing.T) {
	// Cut at the limit, or by a content filter that let part through.
	for finish, want := range map[string]bool{"length": true, "stop": false, "content_filter": true, "": false} {
		_, base := newFake(t, answer("The passage says", finish, `{"prompt_tokens":5,"completion_tokens":4,"total_tokens":9}`))
		c, _ := client(t, base, nil)
		resp, err := c.Generate(context.Background(), request(transcript.RoleDebater))
		if err != nil {
			t.Fatal(err)
		}
		if resp.Truncated != want {
			t.Errorf("finish_reason %q: Truncated = %v; want %v", finish, resp.Truncated, want)
		}
	}
}

// TestCachedInputTokens: the input tokens a server read from its prompt
// cache (prompt_tokens_details.cached_tokens) are kept with the usage, and
// priced at price.cached_input where it is set, at the input price where
// not; a count over the prompt's is not believed.
func TestCachedInputTokens(t *testing.T) {
	for _, tc := range []struct {
		usage  string
		cached int
	}{
		{`{"prompt_tokens":1000,"completion_tokens":100,"total_tokens":1100,"prompt_tokens_details":{"cached_tokens":800}}`, 800},
		{`{"prompt_tokens":1000,"completion_tokens":100,"total_tokens":1100,"prompt_tokens_details":{"cached_tokens":0}}`, 0},
		{`{"prompt_tokens":1000,"completion_tokens":100,"total_tokens":1100}`, 0},
		{`{"prompt_tokens":1000,"completion_tokens":100,"total_tokens":1100,"prompt_tokens_details":{"cached_tokens":1200}}`, 0},
		// DeepSeek's API counts its cache's hits in a field of its own;
		// before 2026-12-06 they were read as none, and priced as input.
		{`{"prompt_tokens":1000,"completion_tokens":100,"total_tokens":1100,"prompt_cache_hit_tokens":700,"prompt_cache_miss_tokens":300}`, 700},
		{`{"prompt_tokens":1000,"completion_tokens":100,"total_tokens":1100,"prompt_cache_hit_tokens":0,"prompt_cache_miss_tokens":1000}`, 0},
		{`{"prompt_tokens":1000,"completion_tokens":100,"total_tokens":1100,"prompt_cache_hit_tokens":1700}`, 0},
	} {
		_, base := newFake(t, answer("Answer: A", "stop", tc.usage))
		c, _ := client(t, base, func(s *Settings) { s.Price = Price{Input: 2, Output: 8} })
		resp, err := c.Generate(context.Background(), request(transcript.RoleJudge))
		if err != nil || resp.Usage.CachedInputTokens != tc.cached {
			t.Errorf("%s: cached %d, %v; want %d", tc.usage, resp.Usage.CachedInputTokens, err, tc.cached)
		}
		full := (2*1000.0 + 8*100) / 1e6
		if got := c.Price(resp.Usage); got != full {
			t.Errorf("%s: price %v without cached_input; want %v", tc.usage, got, full)
		}
		half := 1.0
		c.s.Price.CachedInput = &half
		if got, want := c.Price(resp.Usage), (2*float64(1000-tc.cached)+1*float64(tc.cached)+8*100)/1e6; got != want {
			t.Errorf("%s: price %v with cached_input 1; want %v", tc.usage, got, want)
		}
	}
}

// TestReasoningTokens: the output tokens a reasoning model spent thinking
// (completion_tokens_details.reasoning_tokens) are kept with the usage,
// with those of an attempt that gave no answer (its thinking cut off, and
// paid); a count over the answer's is not believed. Before, they were
// read nowhere: a run could not say how much its judges thought.
func TestReasoningTokens(t *testing.T) {
	for _, tc := range []struct {
		usage     string
		reasoning int
	}{
		{`{"prompt_tokens":100,"completion_tokens":500,"total_tokens":600,"completion_tokens_details":{"reasoning_tokens":448}}`, 448},
		{`{"prompt_tokens":100,"completion_tokens":500,"total_tokens":600,"completion_tokens_details":{"reasoning_tokens":0}}`, 0},
		{`{"prompt_tokens":100,"completion_tokens":500,"total_tokens":600}`, 0},
		{`{"prompt_tokens":100,"completion_tokens":500,"total_tokens":600,"completion_tokens_details":{"reasoning_tokens":900}}`, 0},
	} {
		_, base := newFake(t, answer("Answer: A", "stop", tc.usage))
		c, _ := client(t, base, nil)
		resp, err := c.Generate(context.Background(), request(transcript.RoleJudge))
		if err != nil || resp.Usage.ReasoningTokens != tc.reasoning {
			t.Errorf("%s: reasoning %d, %v; want %d", tc.usage, resp.Usage.ReasoningTokens, err, tc.reasoning)
		}
	}
	cut := `{"prompt_tokens":100,"completion_tokens":300,"total_tokens":400,"completion_tokens_details":{"reasoning_tokens":300}}`
	whole := `{"prompt_tokens":100,"completion_tokens":500,"total_tokens":600,"completion_tokens_details":{"reasoning_tokens":448}}`
	_, base := newFake(t, answer("", "error", cut), answer("Answer: A", "stop", whole))
	c, _ := client(t, base, nil)
	resp, err := c.Generate(context.Background(), request(transcript.RoleJudge))
	if err != nil || resp.Usage.ReasoningTokens != 748 || resp.Usage.OutputTokens != 800 {
		t.Errorf("after an attempt without an answer: %+v, %v; want 748 of 800 output tokens reasoning", resp.Usage, err)
	}
}

// TestCachedTokensOfAnAttemptWithoutAnswer: an attempt that gave no
// answer (a 200 the server broke off) is paid, its cached prompt tokens
// at the cached price as an answer's are: they go with the answer that
// follows, cached with cached. Before, its input tokens came along but
// not its cached ones, so those were priced at the full input price.
func TestCachedTokensOfAnAttemptWithoutAnswer(t *testing.T) {
	cut := `{"prompt_tokens":1000,"completion_tokens":30,"total_tokens":1030,"prompt_tokens_details":{"cached_tokens":800}}`
	whole := `{"prompt_tokens":1000,"completion_tokens":50,"total_tokens":1050,"prompt_tokens_details":{"cached_tokens":900}}`
	_, base := newFake(t, answer("", "error", cut), answer("Answer: A", "stop", whole))
	c, _ := client(t, base, nil)
	resp, err := c.Generate(context.Background(), request(transcript.RoleJudge))
	if err != nil {
		t.Fatal(err)
	}
	u := resp.Usage
	if u.InputTokens != 2000 || u.CachedInputTokens != 1700 || u.OutputTokens != 80 {
		t.Fatalf("usage %+v; want 2000 input tokens of which 1700 cached, 80 output", u)
	}
	// A count over the prompt's whole is not believed, of an attempt as
	// of an answer (TestCachedTokens): the first attempt's 1200 of 1000.
	over := `{"prompt_tokens":1000,"completion_tokens":30,"total_tokens":1030,"prompt_tokens_details":{"cached_tokens":1200}}`
	_, base2 := newFake(t, answer("", "error", over), answer("Answer: A", "stop", whole))
	c2, _ := client(t, base2, nil)
	if resp, err := c2.Generate(context.Background(), request(transcript.RoleJudge)); err != nil || resp.Usage.CachedInputTokens != 900 {
		t.Errorf("after an attempt saying 1200 cached of 1000: %+v, %v; want the answer's 900 alone", resp.Usage, err)
	}
	// $2 a million input tokens, $1 cached, $8 output: (300·2 + 1700·1 +
	// 80·8) / 1e6.
	c.s.Price = Price{Input: 2, Output: 8}
	half := 1.0
	c.s.Price.CachedInput = &half
	if got, want := c.Price(u), (300*2.0+1700*1+80*8)/1e6; math.Abs(got-want) > 1e-15 {
		t.Errorf("price %v; want %v", got, want)
	}
}

// TestFinishReasonsOfOtherServers: the finish reasons other servers give
// where OpenAI's "length" would be are read as it is. Mistral's API ends
// an answer cut at the model's context length with "model_length": it is
// kept and marked truncated, as a "length" one is (before, it was kept
// as a whole answer, unmarked and unwarned). Mistral's "error" and
// DeepSeek's "insufficient_system_resource" end an answer the server
// broke off: a server fault, retried as a 5xx is, whose tokens go with
// the answer that follows (before, the part sent was kept as the whole
// answer, a speech without its end or a verdict without its line).
func TestFinishReasonsOfOtherServers(t *testing.T) {
	const usage = `{"prompt_tokens":5,"completion_tokens":4,"total_tokens":9}`
	_, base := newFake(t, answer("The passage says", "model_length", usage))
	c, _ := client(t, base, nil)
	resp, err := c.Generate(context.Background(), request(transcript.RoleDebater))
	if err != nil || !resp.Truncated {
		t.Errorf("model_length: Truncated = %v, %v; want true", resp.Truncated, err)
	}
	for _, finish := range []string{"error", "insufficient_system_resource"} {
		f, base := newFake(t, answer("I think Answer:", finish, usage), answer("Answer: B", "stop", usage))
		c, _ := client(t, base, nil)
		resp, err := c.Generate(context.Background(), request(transcript.RoleJudge))
		if err != nil || resp.Text != "Answer: B" || resp.Truncated || f.calls != 2 {
			t.Errorf("%s: %q after %d calls, %v; want the second answer, the first retried", finish, resp.Text, f.calls, err)
		}
		if want := (transcript.Usage{InputTokens: 10, OutputTokens: 8}); resp.Usage != want {
			t.Errorf("%s: usage %+v; want %+v, both attempts paid", finish, resp.Usage, want)
		}
	}
	// Broken off at every attempt: the call fails, naming the reason.
	_, base = newFake(t, answer("I think", "insufficient_system_resource", usage))
	c, _ = client(t, base, func(s *Settings) { s.MaxRetries = 1 })
	if _, err := c.Generate(context.Background(), request(transcript.RoleJudge)); err == nil || !strings.Contains(err.Error(), `finish_reason "insufficient_system_resource"`) {
		t.Errorf("broken off twice: %v; want an error naming the finish reason", err)
	}
	// Cut at the model's context length before any text: not retried,
	// as "length" is not, and the error says why.
	f, base := newFake(t, answer("<think>long thought", "model_length", usage))
	c, _ = client(t, base, nil)
	if _, err := c.Generate(context.Background(), request(transcript.RoleJudge)); err == nil || f.calls != 1 || !strings.Contains(err.Error(), "context length") {
		t.Errorf("cut before any text: %v after %d calls; want one call and the context length named", err, f.calls)
	}
}
